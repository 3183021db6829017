"""SLA clocks: deadlines as a pure function of a ticket's event history and the policy.

Nothing here is stored as truth. Every deadline is recomputed from the events whenever the
ticket changes, with the targets of the ticket's *current* priority level: raising or
lowering a severity, or changing the policy, recomputes them from history — as if the
ticket had had that level all along — without losing time spent paused.

- **First response** is due ``initial_response`` after submission — or earlier, by the
  paging promise, when the submission paged the on-call team after hours; it is pending
  until the first support-side reply (internal notes never count) and only while OPEN.
- **Resolution** runs only while the ticket is OPEN and not awaiting information; it pauses
  while the ticket is SOLVED (or CLOSED/ARCHIVED) or waits for the customer, and resumes when
  the customer replies (or the ticket is reopened). Paused time never counts, so resuming
  never breaches at once for time spent paused.
- **Next update** is due ``next_update`` after the later of the last support reply and the
  moment the resolution clock last resumed, once a first response was given.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from supportkit.sla.calendars import named_calendar
from supportkit.sla.escalation import escalation_eligible_at
from supportkit.sla.paging import emergency_respond_by
from supportkit.sla.targets import CalendarLike, SlaTarget
from supportkit.tickets.head import Stretch, TicketState, stretches_of
from supportkit.tickets.status import TicketStatus

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = [
    "Deadlines",
    "deadlines",
    "first_response_due",
    "next_update_due",
    "resolution_consumed",
    "resolution_due",
    "running_stretches",
    "target_first_response_due",
]

@attrs.frozen
class Deadlines:
    """The policy-dependent deadlines of one ticket (``None``: none pending)."""

    first_response_due: datetime | None = None
    next_update_due: datetime | None = None
    resolution_due: datetime | None = None
    escalation_eligible_at: datetime | None = None


def running_stretches(ticket: TicketState) -> Iterator[Stretch]:
    """The stretches ``[start, end)`` during which the resolution clock ran: the ticket was
    OPEN and not awaiting information. The last one has ``end=None`` while it still runs.
    A head keeps them; a full ticket's are read off its events by the same rule
    (:func:`supportkit.tickets.head.stretches_of`)."""
    yield from stretches_of(ticket)


def _calendar(target: SlaTarget, ticket: TicketState, policy: Policy) -> CalendarLike:
    return named_calendar(target.calendar, ticket, policy)


def target_first_response_due(ticket: TicketState, policy: Policy) -> datetime | None:
    """Submission + the level's ``initial_response`` on its calendar (``None``: no target)."""
    return target_due(ticket, policy, policy.sla.target(ticket.severity))


def target_due(ticket: TicketState, policy: Policy, target: SlaTarget | None) -> datetime | None:
    """:func:`target_first_response_due` with the level's ``target`` already looked up."""
    if target is None or target.initial_response is None:
        return None
    return _calendar(target, ticket, policy).add(ticket.created_at, target.initial_response)


def first_response_due(ticket: TicketState, policy: Policy, *, pending_only: bool = True) -> (
    datetime | None
):
    """The earlier of submission + the level's ``initial_response`` (on its calendar) and,
    when the submission paged the on-call team, the paging ``respond_by``.

    With ``pending_only`` (the default, what the snapshot stores) ``None`` once a support-side
    reply was given or the ticket left OPEN: a met deadline is not a pending one.
    """
    if pending_only and (
        ticket.first_response_at is not None or ticket.status is not TicketStatus.OPEN
    ):
        return None
    dues = [
        due
        for due in (target_first_response_due(ticket, policy),
                    emergency_respond_by(ticket, policy))
        if due is not None
    ]
    return min(dues) if dues else None


def resolution_consumed(ticket: TicketState, policy: Policy, now: datetime) -> timedelta:
    """Business time the resolution clock has run up to ``now`` (paused time excluded)."""
    target = policy.sla.target(ticket.severity)
    if target is None:
        return timedelta(0)
    return consumed_on(_calendar(target, ticket, policy), list(running_stretches(ticket)), now)


def consumed_on(calendar: CalendarLike, stretches: list[Stretch], now: datetime) -> timedelta:
    """:func:`resolution_consumed` on ``calendar`` over the ticket's running ``stretches``."""
    total = timedelta(0)
    for start, end in stretches:
        stop = now if end is None else min(end, now)
        if stop > start:
            total += calendar.elapsed(start, stop)
    return total


def resolution_due(ticket: TicketState, policy: Policy, *, pending_only: bool = True) -> (
    datetime | None
):
    """The instant the level's ``resolution`` target is (or was) used up by running time.

    While the clock runs, that is the instant it will be (or already was) used up. While it
    is paused or stopped: ``None`` with ``pending_only`` (the default, what the snapshot
    stores); without it, the instant it was used up before the pause, if it was.
    """
    target = policy.sla.target(ticket.severity)
    if target is None or target.resolution is None:
        return None
    return used_up_at(_calendar(target, ticket, policy), target.resolution,
                      list(running_stretches(ticket)), pending_only=pending_only)


def used_up_at(
    calendar: CalendarLike, resolution: timedelta, stretches: list[Stretch], *,
    pending_only: bool,
) -> datetime | None:
    """:func:`resolution_due` for a ``resolution`` target on ``calendar`` over ``stretches``."""
    remaining = resolution
    due: datetime | None = None
    running = False
    for start, end in stretches:
        running = end is None
        if due is not None:
            continue
        used = calendar.elapsed(start, end) if end is not None else None
        if used is None or used >= remaining:
            due = calendar.add(start, remaining)
        else:
            remaining -= used
    if pending_only and not running:
        return None
    return due


def next_update_due(ticket: TicketState, policy: Policy) -> datetime | None:
    """The level's ``next_update`` after the later of the last support reply and the start
    of the current running stretch; ``None`` before the first response or while paused."""
    target = policy.sla.target(ticket.severity)
    if target is None or target.next_update is None or ticket.last_support_reply_at is None:
        return None
    return update_due(ticket, policy, target, list(running_stretches(ticket)))


def update_due(
    ticket: TicketState, policy: Policy, target: SlaTarget, stretches: list[Stretch]
) -> datetime | None:
    """:func:`next_update_due` with the level's ``target`` and the running ``stretches``."""
    if target.next_update is None or ticket.last_support_reply_at is None:
        return None
    current: datetime | None = None
    for start, end in stretches:
        current = start if end is None else None
    if current is None:
        return None
    base = max(ticket.last_support_reply_at, current)
    return _calendar(target, ticket, policy).add(base, target.next_update)


def deadlines(ticket: TicketState, policy: Policy) -> Deadlines:
    """Every pending deadline of ``ticket`` under ``policy`` (what the snapshot stores)."""
    return Deadlines(
        first_response_due=first_response_due(ticket, policy),
        next_update_due=next_update_due(ticket, policy),
        resolution_due=resolution_due(ticket, policy),
        escalation_eligible_at=escalation_eligible_at(ticket, policy),
    )
