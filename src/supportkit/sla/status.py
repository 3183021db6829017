"""SLA status at an instant: met, on track, at risk or breached — derived, never stored.

A measure is *at risk* once ``SlaPolicy.at_risk`` (a fraction, default 0.75) of its target
has been consumed in business time on its calendar, and *breached* once all of it has been
(for the first response: when the first support reply came late, or none came in time).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from supportkit._time import require_aware
from supportkit.sla.calendars import named_calendar
from supportkit.sla.clocks import (
    consumed_on,
    running_stretches,
    target_due,
    update_due,
    used_up_at,
)
from supportkit.sla.paging import emergency_respond_by
from supportkit.sla.targets import ALWAYS, CalendarLike, SlaTarget
from supportkit.tickets.head import Stretch, TicketState

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = ["MeasureStatus", "SlaState", "SlaStatus", "sla_status"]


class SlaState(StrEnum):
    """Where one measure stands."""

    NONE = "none"  # no target for this level
    MET = "met"  # done within the target
    OK = "ok"  # running, less than the at-risk fraction consumed
    AT_RISK = "at_risk"  # running, at least the at-risk fraction consumed
    PAUSED = "paused"  # resolution clock paused (solved or awaiting information)
    BREACHED = "breached"  # the target was used up before the measure was met


@attrs.frozen
class MeasureStatus:
    """One measure at ``now``: its state, target, business time consumed and due instant."""

    state: SlaState
    target: timedelta | None = None
    consumed: timedelta = timedelta(0)
    due: datetime | None = None

    @property
    def fraction(self) -> float:
        """The share of the target consumed (0 without a target)."""
        if not self.target:
            return 0.0
        return self.consumed / self.target


@attrs.frozen
class SlaStatus:
    """The first-response, next-update and resolution measures of one ticket at one instant."""

    first_response: MeasureStatus
    next_update: MeasureStatus
    resolution: MeasureStatus

    @property
    def breached(self) -> bool:
        """Whether any measure is breached."""
        return SlaState.BREACHED in self._states()

    @property
    def at_risk(self) -> bool:
        """Whether any measure is at risk (and none breached)."""
        return not self.breached and SlaState.AT_RISK in self._states()

    def _states(self) -> tuple[SlaState, ...]:
        return (self.first_response.state, self.next_update.state, self.resolution.state)


_NONE = MeasureStatus(SlaState.NONE)  # frozen: one shared "no target" value


def _running(target: timedelta, consumed: timedelta, due: datetime | None, risk: float) -> (
    MeasureStatus
):
    if consumed >= target:
        state = SlaState.BREACHED
    elif consumed >= target * risk:
        state = SlaState.AT_RISK
    else:
        state = SlaState.OK
    return MeasureStatus(state, target, consumed, due)


def _first_response(
    ticket: TicketState, policy: Policy, now: datetime, target: SlaTarget | None
) -> MeasureStatus:
    # first_response_due(pending_only=False) is the earlier of these two; computing them
    # here once saves a second calendar walk per ticket (SLA batches run this on thousands).
    on_target = target_due(ticket, policy, target)
    paged = emergency_respond_by(ticket, policy)
    if on_target is None:
        if paged is None:
            return _NONE
        due = paged
    else:
        due = on_target if paged is None or on_target <= paged else paged
    calendar: CalendarLike
    if target is not None and target.initial_response is not None and due == on_target:
        calendar, length = named_calendar(target.calendar, ticket, policy), target.initial_response
    else:  # the after-hours paging promise, in real time
        calendar, length = named_calendar(ALWAYS, ticket, policy), due - ticket.created_at
    answered = ticket.first_response_at
    end = now if answered is None else min(answered, now)
    consumed = max(calendar.elapsed(ticket.created_at, end), timedelta(0))
    if answered is not None and answered <= now:
        state = SlaState.BREACHED if answered > due else SlaState.MET
        return MeasureStatus(state, length, consumed, due)
    return _running(length, consumed, due, policy.sla.at_risk)


def _next_update(
    ticket: TicketState, policy: Policy, now: datetime, target: SlaTarget | None,
    stretches: list[Stretch],
) -> MeasureStatus:
    if target is None or target.next_update is None:
        return _NONE
    due = update_due(ticket, policy, target, stretches)
    if due is None:
        return MeasureStatus(SlaState.NONE, target.next_update)
    calendar = named_calendar(target.calendar, ticket, policy)
    consumed = target.next_update - calendar.elapsed(now, due)  # elapsed < 0 once past due
    return _running(target.next_update, max(consumed, timedelta(0)), due, policy.sla.at_risk)


def _resolution(
    ticket: TicketState, policy: Policy, now: datetime, target: SlaTarget | None,
    stretches: list[Stretch],
) -> MeasureStatus:
    if target is None or target.resolution is None:
        return _NONE
    calendar = named_calendar(target.calendar, ticket, policy)
    consumed = consumed_on(calendar, stretches, now)
    due = used_up_at(calendar, target.resolution, stretches, pending_only=False)
    running = any(start <= now and (end is None or end > now) for start, end in stretches)
    if not running:
        if consumed >= target.resolution:
            return MeasureStatus(SlaState.BREACHED, target.resolution, consumed, due)
        state = SlaState.PAUSED if ticket.is_active else SlaState.MET
        return MeasureStatus(state, target.resolution, consumed, None)
    return _running(target.resolution, consumed, due, policy.sla.at_risk)


def sla_status(ticket: TicketState, policy: Policy, now: datetime) -> SlaStatus:
    """Every SLA measure of ``ticket`` at ``now`` (an aware instant)."""
    now = require_aware(now, "sla_status(now)")
    # One look-up of the level's targets and one pass over the history serve all three
    # measures (an SLA batch runs this on thousands of tickets).
    target = policy.sla.target(ticket.severity)
    stretches = (
        list(running_stretches(ticket))
        if target is not None and (target.next_update is not None or target.resolution is not None)
        else []
    )
    return SlaStatus(
        first_response=_first_response(ticket, policy, now, target),
        next_update=_next_update(ticket, policy, now, target, stretches),
        resolution=_resolution(ticket, policy, now, target, stretches),
    )
