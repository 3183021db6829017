"""Typed repositories over the generic record port: accounts, contracts, asset tags and
service placements.

Records are serialised with :mod:`supportkit.serialization`. A record has one value per
lookup key name, so multi-valued lookups use one key *name* per value, with the value
``"1"``: a contract with license keys ``A`` and ``B`` has keys ``license_key:A`` and
``license_key:B``; the same for ``asset:<name>``. ``company`` and ``support_code`` are plain
keys. No adapter change is needed: every store indexes (kind, key, value).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from supportkit.access.accounts import KIND as ACCOUNT
from supportkit.access.accounts import Account, check_rank
from supportkit.adapters.reference import delete_each, put_each
from supportkit.entitlements.assets import TagEvent
from supportkit.entitlements.codes import LicenseKey, SupportCode
from supportkit.entitlements.contracts import Contract
from supportkit.errors import Conflict, InvalidInput, NotFound
from supportkit.ports import (
    BulkRecordRepository,
    BulkTicketRepository,
    RecordPut,
    RecordRepository,
    Store,
    TicketRepository,
)
from supportkit.serialization import structure, unstructure
from supportkit.tickets.model import Ticket

__all__ = [
    "AccountRepository",
    "AssetRepository",
    "ContractRepository",
    "add_tickets",
    "delete_records",
    "put_records",
    "records_in_batches",
]

CONTRACT = "contract"
TAG_EVENT = "asset_tag_event"
PLACEMENT = "service_placement"
_YES = "1"


def _keys(contract: Contract) -> dict[str, str]:
    keys = {"company": contract.company}
    if contract.support_code is not None:
        keys["support_code"] = str(contract.support_code)
    keys.update({f"license_key:{k}": _YES for k in contract.license_keys})
    keys.update({f"asset:{a}": _YES for a in contract.assets})
    return keys


class ContractRepository:
    """Contracts by id, support code, license key, company and covered asset."""

    def __init__(self, records: RecordRepository) -> None:
        self._records = records

    def add(self, contract: Contract) -> None:
        """Store a new contract; :class:`Conflict` when its id is taken."""
        try:
            self._records.get(CONTRACT, contract.id)
        except NotFound:
            self.save(contract)
            return
        raise Conflict(f"contract {contract.id} already exists; replace it instead")

    def save(self, contract: Contract) -> None:
        """Insert or replace a contract and its lookup keys."""
        self._records.put(CONTRACT, contract.id, unstructure(contract), keys=_keys(contract))

    def get(self, contract_id: str) -> Contract:
        """The contract; :class:`NotFound` for an unknown id."""
        return structure(self._records.get(CONTRACT, contract_id), Contract)

    def delete(self, contract_id: str) -> bool:
        """Remove a contract; False when there was none."""
        return self._records.delete(CONTRACT, contract_id)

    def _find(self, key: str, value: str) -> list[Contract]:
        return [structure(data, Contract) for _, data in self._records.find(CONTRACT, key, value)]

    def by_support_code(self, code: SupportCode) -> list[Contract]:
        """Contracts with this support code."""
        return self._find("support_code", str(code))

    def by_license_key(self, key: LicenseKey) -> list[Contract]:
        """Contracts listing this license key (exact text)."""
        return self._find(f"license_key:{key}", _YES)

    def by_company(self, company: str) -> list[Contract]:
        """Contracts of ``company``."""
        return self._find("company", company)

    def by_asset(self, asset: str) -> list[Contract]:
        """Contracts covering ``asset``."""
        return self._find(f"asset:{asset}", _YES)

    def all(self) -> list[Contract]:
        """Every contract, in insertion order."""
        return [structure(data, Contract) for _, _, data in self._records.list(CONTRACT)]


class AssetRepository:
    """Tag history of assets and which node each service runs on."""

    def __init__(self, records: RecordRepository) -> None:
        self._records = records

    def history(self, asset: str) -> tuple[TagEvent, ...]:
        """Every tag event of ``asset``, oldest first."""
        found = self._records.find(TAG_EVENT, "asset", asset)
        return tuple(sorted((structure(d, TagEvent) for _, d in found), key=lambda e: e.at))

    def append(self, event: TagEvent) -> None:
        """Keep a tag event (never replaced, never deleted)."""
        record_id = f"{event.asset}#{uuid.uuid4().hex}"  # unique even for concurrent tags
        self._records.put(TAG_EVENT, record_id, unstructure(event),
                          keys={"asset": event.asset})

    def place(self, service: str, node: str) -> None:
        """``service`` now runs on ``node``."""
        self._records.put(PLACEMENT, service, {"service": service, "node": node},
                          keys={"node": node})

    def node_of(self, service: str) -> str | None:
        """The node ``service`` runs on, if placed."""
        try:
            return str(self._records.get(PLACEMENT, service)["node"])
        except NotFound:
            return None

    def services_on(self, node: str) -> Sequence[str]:
        """Services placed on ``node``."""
        return [rid for rid, _ in self._records.find(PLACEMENT, "node", node)]


class AccountRepository:
    """Accounts stored as records (kind ``"account"``, keys parent / company / email / role).

    Works inside one unit of work: ``AccountRepository(uow.records)``.
    """

    def __init__(self, records: RecordRepository) -> None:
        self._records = records

    def add(self, account: Account) -> None:
        """Insert or update ``account`` after checking it against the stored tree."""
        if account.parent is not None:
            parent = self.find(account.parent)
            if parent is None:
                raise InvalidInput(
                    f"account {account.id!r} names an unknown parent {account.parent!r}; "
                    "add the parent first"
                )
            if account.id in {a.id for a in self.ancestors(parent.id)} | {parent.id}:
                raise InvalidInput(
                    f"account {account.id!r} would become its own ancestor (a cycle)"
                )
            check_rank(account, parent)
        for child in self.children(account.id):
            check_rank(child, account)
        keys = {"role": account.role.value, **{
            name: value for name, value in (
                ("parent", account.parent), ("company", account.company), ("email", account.email)
            ) if value is not None
        }}
        self._records.put(ACCOUNT, account.id, unstructure(account), keys=keys)

    def get(self, account_id: str) -> Account:
        """The account; :class:`NotFound` for an unknown id."""
        found = self.find(account_id)
        if found is None:
            raise NotFound(ACCOUNT, account_id)
        return found

    def find(self, account_id: str) -> Account | None:
        """The account, or None."""
        try:
            data = self._records.get(ACCOUNT, account_id)
        except NotFound:
            return None
        return _load_account(data)

    def children(self, account_id: str) -> list[Account]:
        """Accounts directly below ``account_id``, in insertion order."""
        found = self._records.find(ACCOUNT, "parent", account_id)
        return [_load_account(data) for _, data in found]

    def by_company(self, company: str) -> list[Account]:
        """Accounts of ``company``."""
        return [_load_account(data) for _, data in self._records.find(ACCOUNT, "company", company)]

    def by_email(self, email: str) -> list[Account]:
        """Accounts with this e-mail address."""
        return [_load_account(data) for _, data in self._records.find(ACCOUNT, "email", email)]

    def ancestors(self, account_id: str) -> list[Account]:
        """The accounts above ``account_id``, nearest first."""
        found: list[Account] = []
        current = self.find(account_id)
        while current is not None and current.parent is not None:
            parent = self.find(current.parent)
            if parent is None or parent in found:
                break
            found.append(parent)
            current = parent
        return found

    def descendants(self, account_id: str) -> Iterator[Account]:
        """Every account below ``account_id`` (breadth first)."""
        queue = [account_id]
        seen = {account_id}
        while queue:
            current = queue.pop(0)
            for child in self.children(current):
                if child.id not in seen:
                    seen.add(child.id)
                    queue.append(child.id)
                    yield child

    def subtree(self, account_id: str) -> frozenset[str]:
        """``account_id`` and the ids of every account below it."""
        return frozenset({account_id, *(a.id for a in self.descendants(account_id))})


def _load_account(data: Mapping[str, Any]) -> Account:
    return structure(data, Account)


def records_in_batches(
    store: Store, kind: str, size: int
) -> Iterator[Sequence[tuple[int, str, Mapping[str, Any]]]]:
    """Every record of ``kind`` in ``seq`` order, as batches of ``size``, each read in its
    own read-only unit of work (bounded memory; records added meanwhile come later)."""
    after = 0
    while True:
        with store.unit_of_work(readonly=True) as uow:
            rows = uow.records.list(kind, after_seq=after, limit=size)
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def add_tickets(tickets: TicketRepository, batch: Sequence[Ticket]) -> None:
    """``add`` each new ticket of ``batch``: in one go on a
    :class:`~supportkit.ports.BulkTicketRepository`, one call each on any other."""
    if isinstance(tickets, BulkTicketRepository):
        tickets.add_many(batch)
    else:
        for ticket in batch:
            tickets.add(ticket)


def put_records(records: RecordRepository, writes: Sequence[RecordPut]) -> None:
    """``put`` each of ``writes`` in order: in one go on a
    :class:`~supportkit.ports.BulkRecordRepository`, one call each on any other."""
    if not writes:
        return
    if isinstance(records, BulkRecordRepository):
        records.put_many(writes)
    else:
        put_each(records, writes)


def delete_records(records: RecordRepository, kind: str, record_ids: Iterable[str]) -> int:
    """``delete`` each record of ``kind`` in ``record_ids``: in one go on a
    :class:`~supportkit.ports.BulkRecordRepository`, one call each on any other; how many
    were removed."""
    ids = list(record_ids)
    if not ids:
        return 0
    if isinstance(records, BulkRecordRepository):
        return records.delete_many(kind, ids)
    return delete_each(records, kind, ids)
