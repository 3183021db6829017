"""The entitlement decision: pure, from contracts, the policy and an instant.

A refusal is an :class:`Entitlement` with ``granted=False``, a :class:`Refusal` kind and a
reason that says what to do instead (free resources, the reseller to contact, the levels that
allow a channel, the topics that qualify); it is never an exception. ``Helpdesk.open_ticket``
turns a refusal into :class:`~supportkit.NotEntitled` carrying the decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from supportkit._time import require_aware
from supportkit.entitlements.codes import MAINTENANCE_KEY_REASON, LicenseKey
from supportkit.entitlements.contracts import Contract, Purchase
from supportkit.entitlements.levels import ServiceLevel

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = ["Entitlement", "Refusal", "decide", "decide_contract", "key_refusal",
           "levels_allowing", "maintenance_contract_refusal", "qualify_topic"]


class Refusal(StrEnum):
    """Why an entitlement was refused (``Entitlement.refusal``)."""

    UNKNOWN = "unknown"                      # no contract for this code, key, company, asset
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    MAINTENANCE_KEY = "maintenance_key"      # Open-Xchange: no -SUP- / -SaaS- marker
    RESELLER = "reseller"                    # InterWorx: bought from a reseller or host
    PRODUCT_NOT_COVERED = "product_not_covered"
    UNKNOWN_LEVEL = "unknown_level"          # the contract names a level the policy lacks
    CHANNEL = "channel"                      # OpenSVC: phone call-back is Premium only
    OUT_OF_SCOPE = "out_of_scope"            # InterWorx: non-qualifying topic


#: When several contracts refuse, the one closest to a grant explains the refusal.
_CLOSENESS = (Refusal.CHANNEL, Refusal.OUT_OF_SCOPE, Refusal.PRODUCT_NOT_COVERED,
              Refusal.UNKNOWN_LEVEL, Refusal.RESELLER, Refusal.MAINTENANCE_KEY,
              Refusal.NOT_YET_VALID, Refusal.EXPIRED, Refusal.UNKNOWN)


@attrs.frozen(kw_only=True)
class Entitlement:
    """Whether a requester may open a ticket, on which level, where and when.

    Granted: ``contract_id``, ``level`` (its name), ``channels`` it may use (``None``: any
    the policy accepts) and ``calendar`` (a key into ``Policy.calendars``; ``None``: the
    policy's default). Refused: ``refusal`` names the rule, ``reason`` explains it,
    ``redirect_to`` names who to contact instead (a reseller or host) and ``alternatives``
    lists what is allowed instead (free resources, levels allowing the channel, qualifying
    topics, covered products).
    """

    granted: bool
    reason: str
    refusal: Refusal | None = None
    contract_id: str | None = None
    level: str | None = None
    channels: frozenset[str] | None = None
    calendar: str | None = None
    redirect_to: str | None = None
    alternatives: tuple[str, ...] = ()


def levels_allowing(policy: Policy, channel: str) -> tuple[str, ...]:
    """Names of the policy's service levels that accept ``channel``."""
    return tuple(sorted(n for n, lvl in policy.service_levels.items() if lvl.allows(channel)))


def _resources(policy: Policy) -> str:
    if not policy.free_resources:
        return ""
    return "; meanwhile these free resources may help: " + ", ".join(policy.free_resources)


def _refuse(
    policy: Policy,
    refusal: Refusal,
    reason: str,
    contract: Contract | None,
    *,
    level: str | None = None,
    redirect_to: str | None = None,
    alternatives: Sequence[str] | None = None,
) -> Entitlement:
    """A refusal; without explicit ``alternatives`` it points to the free resources."""
    if alternatives is None:
        alternatives = policy.free_resources
        reason += _resources(policy)
    return Entitlement(
        granted=False, reason=reason, refusal=refusal,
        contract_id=None if contract is None else contract.id,
        level=level, redirect_to=redirect_to, alternatives=tuple(alternatives),
    )


def qualify_topic(policy: Policy, category: str | None) -> Entitlement | None:
    """The refusal for a category outside the policy's support scope, else ``None``.

    A category qualifies unless it is in ``out_of_scope_categories`` or, when
    ``qualifying_categories`` is set, not in it (compared case-insensitively). A ticket
    without a category is not checked here (intake can require one). The refusal lists
    the qualifying categories, or — when any category not excluded qualifies — the
    policy's ``qualifying_topics`` (examples of what qualifies).
    """
    if category is None:
        return None
    folded = category.casefold()
    excluded = {c.casefold() for c in policy.out_of_scope_categories}
    qualifying = policy.qualifying_categories
    listed = qualifying is not None and folded in {c.casefold() for c in qualifying}
    if folded not in excluded and (qualifying is None or listed):
        return None
    reason = f"topic {category!r} does not qualify for support"
    if qualifying is not None:
        allowed = tuple(sorted(qualifying))
        reason += f"; topics that qualify: {', '.join(allowed)}" if allowed else ""
    else:
        allowed = tuple(sorted(policy.qualifying_topics))
        reason += (f"; topics that qualify include: {', '.join(allowed)} (and any other "
                   "topic the desk does not exclude)" if allowed else "")
    return Entitlement(granted=False, reason=reason, refusal=Refusal.OUT_OF_SCOPE,
                       alternatives=allowed)


def key_refusal(
    policy: Policy, key: LicenseKey | None, contract: Contract | None = None
) -> Entitlement | None:
    """The refusal of a maintenance key when the policy requires support markers."""
    if key is None or not policy.support_key_markers or key.grants_support:
        return None
    return _refuse(policy, Refusal.MAINTENANCE_KEY,
                   f"license key {key} is a maintenance key: {MAINTENANCE_KEY_REASON}",
                   contract)


def maintenance_contract_refusal(policy: Policy, contract: Contract) -> Entitlement | None:
    """The refusal of a contract reached without a presented key (by company, asset or
    support code) whose license keys are all maintenance keys, when the policy requires
    support markers: the marker rule holds on every path. A contract without license keys
    is judged by its validity alone."""
    keys = contract.license_keys
    if not policy.support_key_markers or not keys or any(k.grants_support for k in keys):
        return None
    shown = ", ".join(sorted(str(k) for k in keys))
    return _refuse(policy, Refusal.MAINTENANCE_KEY,
                   f"contract {contract.id} carries only maintenance keys ({shown}): "
                   f"{MAINTENANCE_KEY_REASON}", contract)


def decide_contract(
    contract: Contract,
    policy: Policy,
    at: datetime,
    *,
    license_key: LicenseKey | None = None,
    product: str | None = None,
    channel: str | None = None,
    category: str | None = None,
    level: str | None = None,
) -> Entitlement:
    """The decision for one contract. ``level`` overrides the contract's level (an asset
    tagged with a premium level)."""
    at = require_aware(at, "at")
    cid = contract.id
    refused = key_refusal(policy, license_key, contract)
    if refused is None and license_key is None:
        refused = maintenance_contract_refusal(policy, contract)
    if refused is not None:
        return refused
    if at < contract.valid_from:
        return _refuse(policy, Refusal.NOT_YET_VALID,
                       f"contract {cid} is valid from {contract.valid_from.isoformat()}, "
                       f"not yet at {at.isoformat()}", contract)
    if contract.valid_until is not None and at >= contract.valid_until:
        return _refuse(policy, Refusal.EXPIRED,
                       f"contract {cid} expired on {contract.valid_until.isoformat()}; "
                       "renew it to open tickets", contract)
    if contract.purchase is Purchase.RESELLER and policy.direct_only:
        return _refuse(policy, Refusal.RESELLER,
                       f"contract {cid} was bought from {contract.reseller}: direct support "
                       "is only for customers who bought directly; contact "
                       f"{contract.reseller}, your reseller or host",
                       contract, redirect_to=contract.reseller, alternatives=())
    if not contract.covers_product(product):
        covered = tuple(sorted(contract.products or ()))
        return _refuse(policy, Refusal.PRODUCT_NOT_COVERED,
                       f"contract {cid} does not cover product {product!r}; it covers "
                       f"{', '.join(covered)}", contract, alternatives=covered)
    name = level or contract.level
    service_level = policy.service_levels.get(name)
    if service_level is None:
        if policy.service_levels:
            known = tuple(sorted(policy.service_levels))
            return _refuse(policy, Refusal.UNKNOWN_LEVEL,
                           f"contract {cid} names service level {name!r}, which this desk "
                           f"does not offer (levels: {', '.join(known)})", contract,
                           alternatives=known)
        service_level = ServiceLevel(name=name)
    if not service_level.allows(channel):
        allowing = levels_allowing(policy, channel or "")
        return _refuse(policy, Refusal.CHANNEL,
                       f"channel {channel!r} is not included in the {name} level"
                       + (f"; levels that allow it: {', '.join(allowing)}" if allowing else ""),
                       contract, level=name, alternatives=allowing)
    topic = qualify_topic(policy, category)
    if topic is not None:
        return attrs.evolve(topic, contract_id=cid, level=name)
    channels = service_level.channels if service_level.channels is not None else policy.channels
    return Entitlement(granted=True, reason=f"contract {cid} grants {name} support",
                       contract_id=cid, level=name, channels=channels,
                       calendar=service_level.calendar)


def _rank(decision: Entitlement, policy: Policy) -> tuple[int, ...]:
    if decision.granted:
        lvl = policy.service_levels.get(decision.level or "")
        return (0, 0 if lvl is not None and lvl.premium else 1)
    refusal = decision.refusal or Refusal.UNKNOWN
    return (1, _CLOSENESS.index(refusal))


def decide(
    contracts: Iterable[Contract],
    policy: Policy,
    at: datetime,
    *,
    presented: str,
    license_key: LicenseKey | None = None,
    product: str | None = None,
    channel: str | None = None,
    category: str | None = None,
    level: str | None = None,
) -> Entitlement:
    """The best decision over the candidate ``contracts`` found for what the requester
    ``presented`` (e.g. ``"support code 1234567890"``): a grant if any contract grants
    (premium levels first), else the refusal closest to a grant."""
    at = require_aware(at, "at")
    found: Sequence[Contract] = sorted(contracts, key=lambda c: c.id)
    if not found:
        return _refuse(policy, Refusal.UNKNOWN,
                       f"no support contract found for {presented}: a valid support option "
                       "(a support code or a license with support) is required", None)
    decisions = [
        decide_contract(c, policy, at, license_key=license_key, product=product,
                        channel=channel, category=category, level=level)
        for c in found
    ]
    return min(decisions, key=lambda d: _rank(d, policy))
