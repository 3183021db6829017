"""Admission and entitlement look-ups: the application side of the entitlement rules.

``Helpdesk`` methods in the "entitlements and intake" section call these functions with a
unit of work's record repository, the policy and the instant; the rules themselves stay
pure in :mod:`~supportkit.entitlements.decision` and :mod:`~supportkit.entitlements.intake`.

Admission at ``open_ticket`` (in this order):

1. A category outside the policy's support scope is refused (:class:`OutOfScope`, a
   :class:`NotEntitled` with an ``out_of_scope`` decision listing the qualifying topics) —
   whatever the entitlement; changing or supplying a category later raises the same.
2. The entitlement is decided from the selector given to ``open_ticket`` (``support_code=``,
   ``license_key=`` or ``asset=``; at most one), else from the requester's company
   contracts (customer-side requesters only). ``asset=`` from a customer counts only for
   contracts of the customer's own company (an asset name proves nothing). A grant
   records ``service_level`` and ``contract_id`` in the opened event. With
   ``require_entitlement=True`` a refusal raises :class:`NotEntitled` carrying the decision
   (this includes channels the level does not allow); without it the decision is advisory
   and a refusal does not block.
3. The intake checklist: missing required items are recorded as ``missing_information``
   (comma-joined keys); with ``hold_incomplete`` the ticket opens flagged
   ``awaiting_information``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final

from supportkit.app.repositories import AssetRepository, ContractRepository
from supportkit.entitlements.assets import TagEvent, tag_at
from supportkit.entitlements.codes import LicenseKey, SupportCode
from supportkit.entitlements.contracts import Contract
from supportkit.entitlements.decision import Entitlement, decide, key_refusal, qualify_topic
from supportkit.entitlements.intake import IntakeReport, filenames
from supportkit.entitlements.levels import ServiceLevel
from supportkit.errors import InvalidInput, NotEntitled, OutOfScope
from supportkit.policy import Policy
from supportkit.ports import RecordRepository
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.head import TicketState, refs_of
from supportkit.tickets.model import EventValue

__all__ = ["INFORMATION_SUPPLIED", "admit", "entitle", "fields_of", "intake_data",
           "new_tag_event", "recheck", "tag_level"]

INFORMATION_SUPPLIED: Final = "information_supplied"


def entitle(
    records: RecordRepository,
    policy: Policy,
    at: datetime,
    *,
    support_code: SupportCode | str | None = None,
    license_key: LicenseKey | str | None = None,
    customer: Actor | None = None,
    asset: str | None = None,
    product: str | None = None,
    channel: str | None = None,
    category: str | None = None,
    company: str | None = None,
) -> Entitlement:
    """Find the candidate contracts for exactly one selector and decide. ``company``, when
    given, keeps only that company's contracts for ``asset=`` (an asset name is no proof of
    anything, unlike a support code or license key)."""
    given = [name for name, value in (("support_code", support_code),
                                      ("license_key", license_key),
                                      ("customer", customer), ("asset", asset))
             if value is not None]
    if len(given) != 1:
        raise InvalidInput(
            "give exactly one of support_code=, license_key=, customer=, asset= "
            f"(got {', '.join(given) or 'none'})"
        )
    contracts = ContractRepository(records)
    key: LicenseKey | None = None
    level: str | None = None
    found: list[Contract]
    if support_code is not None:
        code = SupportCode.parse(support_code)
        found, presented = contracts.by_support_code(code), f"support code {code}"
    elif license_key is not None:
        key = LicenseKey.parse(license_key)
        refused = key_refusal(policy, key)
        if refused is not None:
            return refused
        found, presented = contracts.by_license_key(key), f"license key {key}"
    elif customer is not None:
        if not isinstance(customer, Actor):
            raise InvalidInput(f"customer= takes an Actor, got {type(customer).__name__}")
        own = customer.company
        found = contracts.by_company(own) if own is not None else []
        presented = (f"company {own} of {customer.id}" if own is not None
                     else f"{customer.id}, who is linked to no company")
    else:
        name = _asset_name(asset)
        assets = AssetRepository(records)
        node = assets.node_of(name)
        chain = [name] if node is None or node == name else [name, node]
        seen: dict[str, Contract] = {}
        for item in chain:
            seen.update((c.id, c) for c in contracts.by_asset(item))
        found = [c for c in seen.values() if company is None or c.company == company]
        presented = f"asset {name}" + (f" (on node {node})" if node and node != name else "")
        presented += f" of company {company}" if company is not None else ""
        for item in chain:
            level = level or tag_at(assets.history(item), at)
    return decide(found, policy, at, presented=presented, license_key=key, product=product,
                  channel=channel, category=category, level=level)


def _asset_name(asset: object) -> str:
    if not isinstance(asset, str) or not asset.strip():
        raise InvalidInput(f"an asset is a non-empty name, got {asset!r}")
    return asset


def tag_level(policy: Policy, level_or_tag: str) -> ServiceLevel:
    """The premium level named ``level_or_tag`` (its name or its tag, e.g.
    ``"PREMIUM_SUPPORT"``); :class:`InvalidInput` otherwise."""
    premium = [lvl for lvl in policy.service_levels.values() if lvl.premium]
    for lvl in premium:
        if level_or_tag in (lvl.name, lvl.tag):
            return lvl
    offered = ", ".join(sorted(f"{lvl.tag or lvl.name}" for lvl in premium)) or "none"
    raise InvalidInput(
        f"{level_or_tag!r} is not a premium level or tag of this desk; premium tags: {offered}"
    )


def new_tag_event(
    records: RecordRepository, policy: Policy, at: datetime, asset: str, level_or_tag: str,
    actor: Actor, *, tagged: bool,
) -> TagEvent:
    """Check and append a tag or untag event."""
    name = _asset_name(asset)
    level = tag_level(policy, level_or_tag)
    assets = AssetRepository(records)
    history = assets.history(name)
    at = max([at, *(e.at for e in history)])  # a tag history never goes back in time
    is_on = _is_tagged(history, level.name)
    shown = level.tag or level.name
    if tagged and is_on:
        raise InvalidInput(f"asset {name} is already tagged {shown}; nothing to tag")
    if not tagged and not is_on:
        raise InvalidInput(f"asset {name} is not tagged {shown}; nothing to untag")
    event = TagEvent(asset=name, level=level.name, tagged=tagged, at=at, actor=actor.id)
    assets.append(event)
    return event


def _is_tagged(history: Iterable[TagEvent], level: str) -> bool:
    state = False
    for event in history:
        if event.level == level:
            state = event.tagged
    return state


def intake_data(
    policy: Policy, fields: Mapping[str, str], category: str | None,
    attachments: Iterable[object],
) -> tuple[IntakeReport | None, dict[str, EventValue]]:
    """The intake report and the event data recording it (empty when complete)."""
    if policy.intake is None:
        return None, {}
    report = policy.intake.check(fields, category, filenames(attachments))
    data: dict[str, EventValue] = {"missing_information": ",".join(report.missing)}
    data["awaiting_information"] = bool(report.missing) and policy.hold_incomplete
    return report, data


def admit(
    records: RecordRepository,
    policy: Policy,
    at: datetime,
    requester: Actor,
    *,
    channel: str,
    category: str | None,
    fields: Mapping[str, str],
    attachments: Iterable[object],
    support_code: SupportCode | str | None = None,
    license_key: LicenseKey | str | None = None,
    asset: str | None = None,
    product: str | None = None,
) -> dict[str, EventValue]:
    """Extra data of the opened event, or :class:`NotEntitled` (see module doc)."""
    topic = qualify_topic(policy, category)
    if topic is not None:
        raise OutOfScope(f"{requester.id} may not open this ticket: {topic.reason}", topic)
    decision: Entitlement | None = None
    if any(v is not None for v in (support_code, license_key, asset)):
        # A code or key proves itself; an asset only counts for the requester's company.
        # ("" matches no contract: a customer linked to no company owns no asset.)
        owner: str | None = None
        if asset is not None and requester.side is Side.CUSTOMER:
            owner = requester.company or ""
        decision = entitle(records, policy, at, support_code=support_code,
                           license_key=license_key, asset=asset, product=product,
                           channel=channel, category=category, company=owner)
    elif requester.side is Side.CUSTOMER:
        decision = entitle(records, policy, at, customer=requester, product=product,
                           channel=channel, category=category)
    data: dict[str, EventValue] = {}
    if decision is not None and decision.granted:
        data.update(service_level=decision.level, contract_id=decision.contract_id)
    elif decision is not None and policy.require_entitlement:
        raise NotEntitled(f"{requester.id} may not open a ticket: {decision.reason}", decision)
    report, intake = intake_data(policy, fields, category, attachments)
    if report is not None and report.missing:
        data.update(intake)
    return data


def fields_of(ticket: TicketState) -> dict[str, str]:
    """The ticket's fields including those supplied after opening (the fold merges them)."""
    return dict(ticket.fields)


def recheck(
    policy: Policy, ticket: TicketState, *, fields: Mapping[str, str] | None = None,
    category: str | None = None,
) -> dict[str, EventValue]:
    """The intake data of an event that supplies ``fields`` or sets ``category`` on
    ``ticket``: the checklist checked again over the ticket's fields, category and
    attachments with the change applied (``missing_information``, ``awaiting_information``).
    A held ticket whose policy has no checklist is released. Empty when nothing applies."""
    merged = {**fields_of(ticket), **(fields or {})}
    files = list(refs_of(ticket))
    data = intake_data(policy, merged, category or ticket.category, files)[1]
    if ticket.awaiting_information and not data.get("awaiting_information"):
        data["awaiting_information"] = False
    return data
