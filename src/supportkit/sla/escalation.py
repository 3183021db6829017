"""Escalation eligibility: per priority level, a trigger and the methods it allows.

Triggers (:class:`Trigger`):

- ``since_support_reply``: ``after`` has passed (on the rule's calendar) since the last
  support correspondence — a non-internal support-side reply. When support never replied,
  the time counts from the ticket's creation. A later support reply moves the point.
- ``eta_fraction``: ``fraction`` of the ETA window — from when the ETA was set to the ETA,
  measured on the rule's calendar — has passed. No ETA set yet: not eligible (``None``).
- ``eta_missed``: the ETA has passed (eligible at the ETA instant). No ETA: ``None``.
- ``never``: never eligible.

Only OPEN tickets can be escalated; for others ``eligible_at`` is ``None``. Eligibility is
monotone in ``now``: once eligible, a ticket stays eligible until its history changes.

A missed ETA stays missed: the ETA triggers read every ETA the history gave, in order. A
point reached while its ETA was in force (before the next ETA was set) is a right the
customer has earned, and a later ETA does not withdraw it: ``eligible_at`` is the earliest
such point, or else the current ETA's point.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from supportkit.calendars import BusinessCalendar
from supportkit.durations import format_duration
from supportkit.errors import InvalidInput, NotEligible
from supportkit.sla.calendars import named_calendar
from supportkit.sla.targets import ALWAYS, calendar_name, find_level, positive_duration
from supportkit.tickets.actors import Actor
from supportkit.tickets.decisions import action_event
from supportkit.tickets.head import TicketState, etas_of
from supportkit.tickets.model import Event, EventValue
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Transition

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = [
    "METHODS",
    "EscalationDecision",
    "EscalationPolicy",
    "EscalationRule",
    "Trigger",
    "escalation_decision",
    "escalation_eligible_at",
    "escalation_event",
    "not_eligible_reason",
]

METHODS = frozenset({"phone", "button"})
"""The escalation methods the seed guides name (a policy may use other strings too)."""


class Trigger(StrEnum):
    """When an escalation becomes available."""

    SINCE_SUPPORT_REPLY = "since_support_reply"
    ETA_FRACTION = "eta_fraction"
    ETA_MISSED = "eta_missed"
    NEVER = "never"


def _trigger(value: Trigger | str) -> Trigger:
    try:
        return Trigger(value)
    except ValueError:
        raise InvalidInput(
            f"unknown escalation trigger {value!r}; use one of "
            f"{', '.join(t.value for t in Trigger)}"
        ) from None


def _methods(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@attrs.frozen(kw_only=True)
class EscalationRule:
    """The escalation rule of one priority level (``level=None``: every level not listed).

    ``after`` is required by ``since_support_reply``; ``fraction`` (in (0, 1]) by
    ``eta_fraction``; ``methods`` are the ways a customer may escalate (e.g. ``"phone"``,
    ``"button"``); ``calendar`` names the calendar durations are measured on.
    """

    level: PriorityKey | None = None
    trigger: Trigger = attrs.field(converter=_trigger)
    after: timedelta | None = attrs.field(default=None, validator=positive_duration)
    fraction: float | None = None
    methods: frozenset[str] = attrs.field(default=frozenset(), converter=_methods)
    calendar: str = attrs.field(default=ALWAYS, validator=calendar_name)

    def __attrs_post_init__(self) -> None:
        where = f"escalation rule for level {self.level!r}"
        if self.trigger is Trigger.SINCE_SUPPORT_REPLY and self.after is None:
            raise InvalidInput(f"{where}: trigger 'since_support_reply' needs 'after' (e.g. '1h')")
        if self.trigger is Trigger.ETA_FRACTION and (
            not isinstance(self.fraction, int | float)
            or isinstance(self.fraction, bool)
            or not 0 < self.fraction <= 1
        ):
            raise InvalidInput(
                f"{where}: trigger 'eta_fraction' needs 'fraction' in (0, 1], "
                f"got {self.fraction!r}"
            )
        if self.trigger is not Trigger.NEVER and not self.methods:
            raise InvalidInput(
                f"{where}: give the methods it allows (e.g. ['phone', 'button']) "
                "or use trigger 'never'"
            )
        if any(not isinstance(m, str) or not m.strip() for m in self.methods):
            raise InvalidInput(f"{where}: methods must be non-empty names, got {self.methods!r}")


def _rules(value: Iterable[EscalationRule]) -> tuple[EscalationRule, ...]:
    return tuple(value)


def _unique_levels(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    levels = [(type(r.level), r.level) for r in value]
    if len(set(levels)) != len(levels):
        raise InvalidInput(
            f"EscalationPolicy.rules: two rules for the same level in "
            f"{[r.level for r in value]!r}; give each level (and the default, level=None) once"
        )


@attrs.frozen(kw_only=True)
class EscalationPolicy:
    """Escalation rules per priority level. ``EscalationPolicy()``: nothing escalates."""

    rules: tuple[EscalationRule, ...] = attrs.field(
        default=(), converter=_rules, validator=_unique_levels
    )

    def rule(self, level: PriorityKey) -> EscalationRule | None:
        """The rule of ``level``: its own, else the default one, else ``None`` (never)."""
        found: EscalationRule | None = find_level(self.rules, level)
        return found

    def calendar_names(self) -> frozenset[str]:
        """Every calendar name the rules use."""
        return frozenset(r.calendar for r in self.rules)


@attrs.frozen
class EscalationDecision:
    """Whether the ticket may be escalated at ``now``; from when; by which methods.

    ``eligible_at`` is ``None`` when it never becomes eligible as things stand (trigger
    ``never``, no ETA set yet for an ETA trigger, or the ticket is not OPEN). ``methods`` are
    the methods the level's rule allows (empty for ``never`` or no rule), eligible yet or not.
    """

    eligible: bool
    eligible_at: datetime | None
    methods: frozenset[str]


def escalation_eligible_at(ticket: TicketState, policy: Policy) -> datetime | None:
    """The instant the ticket becomes eligible for escalation under its level's rule."""
    if ticket.status is not TicketStatus.OPEN:
        return None
    return _eligible_at(ticket, policy, policy.escalation.rule(ticket.severity))


def _eligible_at(
    ticket: TicketState, policy: Policy, rule: EscalationRule | None
) -> datetime | None:
    """:func:`escalation_eligible_at` with the level's ``rule`` already looked up."""
    if ticket.status is not TicketStatus.OPEN:
        return None
    if rule is None or rule.trigger is Trigger.NEVER:
        return None
    calendar = named_calendar(rule.calendar, ticket, policy)
    if rule.trigger is Trigger.SINCE_SUPPORT_REPLY:
        base = ticket.last_support_reply_at or ticket.created_at
        return calendar.add(base, rule.after or timedelta(0))
    earned = _earned_eta_point(ticket, rule, calendar)
    if ticket.eta is None:
        return earned
    current = _eta_point(rule, calendar, ticket.eta_set_at or ticket.created_at, ticket.eta)
    return current if earned is None else min(earned, current)


def _eta_point(
    rule: EscalationRule, calendar: BusinessCalendar, start: datetime, eta: datetime
) -> datetime:
    """Where an ETA given at ``start`` makes the ticket eligible under ``rule``."""
    if rule.trigger is Trigger.ETA_MISSED:
        return eta
    fraction = rule.fraction if rule.fraction is not None else 1.0  # set: EscalationRule
    window = calendar.elapsed(start, eta)
    if window <= timedelta(0):
        return eta
    return calendar.add(start, window * fraction)


def _earned_eta_point(
    ticket: TicketState, rule: EscalationRule, calendar: BusinessCalendar
) -> datetime | None:
    """The earliest point an earlier ETA reached before the next ETA replaced it, if any.

    The ETA events in history order: each ETA is in force from its event to the next one;
    a point inside that span was reached (the customer earned the right) and stays."""
    given = etas_of(ticket)
    earned: datetime | None = None
    for (start, value), (replaced_at, _) in itertools.pairwise(given):
        if not isinstance(value, str):
            continue  # an ETA withdrawn: nothing in force
        point = _eta_point(rule, calendar, start, datetime.fromisoformat(value))
        if point <= replaced_at and (earned is None or point < earned):
            earned = point
    return earned


def escalation_decision(ticket: TicketState, policy: Policy, now: datetime) -> EscalationDecision:
    """The :class:`EscalationDecision` for ``ticket`` at ``now``."""
    rule = policy.escalation.rule(ticket.severity)
    at = _eligible_at(ticket, policy, rule)
    methods: frozenset[str] = frozenset()
    if rule is not None and rule.trigger is not Trigger.NEVER:
        methods = rule.methods
    return EscalationDecision(eligible=at is not None and now >= at, eligible_at=at,
                              methods=methods)


def _describe(rule: EscalationRule | None) -> str:
    if rule is None or rule.trigger is Trigger.NEVER:
        return "never escalates"
    if rule.trigger is Trigger.SINCE_SUPPORT_REPLY:
        after = rule.after or timedelta(0)
        return f"escalates {format_duration(after)} after the last support correspondence"
    if rule.trigger is Trigger.ETA_MISSED:
        return "escalates once the ETA is missed"
    return f"escalates once {rule.fraction:.0%} of the ETA window has passed"


def not_eligible_reason(
    ticket: TicketState, policy: Policy, decision: EscalationDecision, method: str
) -> str:
    """Why ``method`` cannot escalate ``ticket`` now: the rule, when, and how instead."""
    level = f"{policy.priorities.name} {ticket.severity!r}"
    rule = policy.escalation.rule(ticket.severity)
    head = f"ticket {ticket.id} ({level}) {_describe(rule)}"
    allowed = ", ".join(sorted(decision.methods)) or "none"
    if not decision.methods:
        return f"{head}: escalation is not available for this level"
    if decision.eligible_at is None:
        why = "it is not OPEN" if ticket.status is not TicketStatus.OPEN else "no ETA is set yet"
        return f"{head}; it will not become eligible as things stand ({why}); methods: {allowed}"
    when = decision.eligible_at.isoformat()
    if method not in decision.methods:
        return f"{head}: method {method!r} is not allowed; use {allowed} (eligible from {when})"
    return f"{head}: not eligible before {when}; then by {allowed}"


def escalation_event(
    ticket: TicketState,
    policy: Policy,
    row: Transition,
    actor: Actor,
    at: datetime,
    method: str,
    target: str | None = None,
) -> Event:
    """The ``escalated`` event, or :class:`NotEligible` (saying from when and by which
    methods) before the level's rule allows it or for a method it does not allow.
    ``target`` moves the ticket to that support group too."""
    decision = escalation_decision(ticket, policy, at)
    if not decision.eligible or method not in decision.methods:
        raise NotEligible(
            not_eligible_reason(ticket, policy, decision, method),
            eligible_at=decision.eligible_at,
            methods=decision.methods,
        )
    eligible_at = decision.eligible_at
    data: dict[str, EventValue] = {
        "method": method,
        "eligible_at": eligible_at.isoformat() if eligible_at is not None else None,
    }
    if target is not None:
        data.update(target=target, support_group=target, previous=ticket.support_group)
    return action_event(row, actor, at, data)
