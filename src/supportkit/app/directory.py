"""Accounts, contracts and asset tags: the records a desk keeps beside its tickets.

Reads run in read-only units of work, changes in one write unit of work each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from supportkit._time import require_aware
from supportkit.access.accounts import Account
from supportkit.app import access
from supportkit.app.admission import entitle, new_tag_event
from supportkit.app.context import DeskContext
from supportkit.app.repositories import AccountRepository, AssetRepository, ContractRepository
from supportkit.entitlements import Contract, Entitlement, LicenseKey, SupportCode, TagEvent
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.head import TicketSummary
from supportkit.tickets.model import Ticket
from supportkit.tickets.validation import (
    require_instance,
    require_name,
    require_optional_name,
    require_ticket_id,
)

__all__ = [
    "actor_for",
    "add_account",
    "add_contract",
    "entitlement",
    "get_account",
    "list_contracts",
    "replace_contract",
    "tag_asset",
]


def add_contract(desk: DeskContext, contract: Contract) -> Contract:
    """Store a new contract (:class:`Conflict` if its id exists)."""
    with desk.writing() as uow:
        ContractRepository(uow.records).add(contract)
    return contract


def replace_contract(desk: DeskContext, contract: Contract) -> Contract:
    """Replace a stored contract (:class:`NotFound` if there is none with its id)."""
    with desk.writing() as uow:
        repo = ContractRepository(uow.records)
        repo.get(contract.id)
        repo.save(contract)
    return contract


def get_contract(desk: DeskContext, contract_id: str) -> Contract:
    """A stored contract; :class:`NotFound` for an unknown id."""
    contract_id = require_name(contract_id, "contract_id")
    with desk.reading() as uow:
        return ContractRepository(uow.records).get(contract_id)


def list_contracts(desk: DeskContext, company: str | None) -> Sequence[Contract]:
    """Every contract, or those of ``company``."""
    company = require_optional_name(company, "company")
    with desk.reading() as uow:
        repo = ContractRepository(uow.records)
        return repo.all() if company is None else repo.by_company(company)


def entitlement(
    desk: DeskContext,
    at: datetime | None,
    *,
    support_code: SupportCode | str | None,
    license_key: LicenseKey | str | None,
    customer: Actor | None,
    asset: str | None,
    product: str | None,
    channel: str | None,
    category: str | None,
) -> Entitlement:
    """The entitlement decision for exactly one selector at ``at`` (default: now)."""
    at = desk.now() if at is None else require_aware(at, "at")
    with desk.reading() as uow:
        return entitle(uow.records, desk.policy, at, support_code=support_code,
                       license_key=license_key, customer=customer, asset=asset,
                       product=product, channel=channel, category=category)


def tag_asset(desk: DeskContext, asset: str, level: str, actor: Actor, *,
              tagged: bool) -> TagEvent:
    """Tag (or untag) ``asset`` with a premium level."""
    asset, level = require_name(asset, "asset"), require_name(level, "level")
    with desk.writing() as uow:
        return new_tag_event(uow.records, desk.policy, desk.now(), asset, level, actor,
                             tagged=tagged)


def asset_history(desk: DeskContext, asset: str) -> tuple[TagEvent, ...]:
    """Every tag and untag of ``asset``, oldest first."""
    asset = require_name(asset, "asset")
    with desk.reading() as uow:
        return AssetRepository(uow.records).history(asset)


def place_service(desk: DeskContext, service: str, node: str) -> None:
    """Record that ``service`` runs on ``node``."""
    # Names, not texts: an id of a megabyte was stored by the memory and SQLite stores and
    # refused by PostgreSQL (an index row holds at most 8 KB).
    service, node = require_name(service, "service"), require_name(node, "node")
    with desk.writing() as uow:
        AssetRepository(uow.records).place(service, node)


def add_account(desk: DeskContext, account: Account) -> Account:
    """Add or update an account of the hierarchy (checked against the stored tree)."""
    account = require_instance(account, Account, "account")
    with desk.writing() as uow:
        AccountRepository(uow.records).add(account)
    return account


def get_account(desk: DeskContext, account_id: str) -> Account:
    """The account; :class:`NotFound` for an unknown id."""
    account_id = require_name(account_id, "account_id")
    with desk.reading() as uow:
        return AccountRepository(uow.records).get(account_id)


def actor_for(
    desk: DeskContext, account_id: str, ticket: Ticket | TicketSummary | str | None
) -> Actor:
    """The actor an account acts as (see :meth:`supportkit.Helpdesk.actor_for`)."""
    account_id = require_name(account_id, "account_id")
    if ticket is not None and not isinstance(ticket, Ticket | TicketSummary):
        ticket = require_ticket_id(ticket, "ticket")
    with desk.reading() as uow:
        account = AccountRepository(uow.records).get(account_id)
        if ticket is None:
            return access.account_actor(account, Side.CUSTOMER)
        ticket_id = ticket if isinstance(ticket, str) else ticket.id
        found = access.authorize(uow, desk.policy, ticket_id, account_id, check_side=False)
        view, _ = access.resolve_viewer(uow, desk.policy, account_id)
        side = access.side_for(view, found, access.handlers_of(uow, found))
        if side is None:  # pragma: no cover - authorize refused already
            raise access.denied(ticket_id, account_id)
        return access.account_actor(account, side)
