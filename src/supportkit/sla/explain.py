"""Why a ticket is due when it is: the derivation of one SLA measure, as data and as text.

:func:`explain` is a pure function of ``(ticket, policy, measure)``. It recomputes the
measure's deadline the way :mod:`supportkit.sla.clocks`, :mod:`~supportkit.sla.escalation`
and :mod:`~supportkit.sla.paging` do, and keeps what they throw away: the rule and calendar
used, the instant the clock started, each open stretch it counted (with its business time),
each closed stretch it skipped and why (outside hours, a closed weekday, a holiday by the
name the ``holidays`` package gives it, a dated closure), the pauses of the resolution
clock with the events that started and ended them, and what overrode the plain rule
(after-hours paging, a severity change and who made it, an ETA).

Invariant (property-tested): when ``due`` is set, the counted stretches add up exactly to
``target`` and the last one ends at ``due``; ``due`` is what ``Helpdesk.sla()`` (first
response, next update, resolution), ``Helpdesk.escalation()`` (``eligible_at``) and
``Helpdesk.paging()`` (``respond_by``) report for the same ticket. A measure without a
pending or past deadline has ``due=None`` and a ``note`` saying why.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import attrs

from supportkit.calendars import BusinessCalendar
from supportkit.durations import format_duration
from supportkit.errors import InvalidInput
from supportkit.inputs import enum_member
from supportkit.sla.calendars import named_calendar, support_calendar
from supportkit.sla.clocks import running_stretches, update_due, used_up_at
from supportkit.sla.escalation import Trigger, escalation_eligible_at
from supportkit.sla.paging import emergency_respond_by, paging_decision
from supportkit.sla.targets import ALWAYS, SUPPORT
from supportkit.text import escape_controls, shorten
from supportkit.tickets.actors import Side
from supportkit.tickets.head import Stretch, clock_states
from supportkit.tickets.model import Event, Ticket
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = [
    "ClosedCause",
    "ClosedDay",
    "CountedStretch",
    "EventRef",
    "Measure",
    "Override",
    "Pause",
    "SkippedStretch",
    "SlaExplanation",
    "explain",
    "measure_of",
    "render_explanation",
]

#: At most this many closed dates are looked at per skipped stretch (a calendar open one
#: hour a year still explains in bounded time; the cause is read from the first ones).
MAX_DAYS_SCANNED = 400


class Measure(StrEnum):
    """The SLA measures :func:`explain` derives."""

    FIRST_RESPONSE = "first_response"
    NEXT_UPDATE = "next_update"
    RESOLUTION = "resolution"
    ESCALATION = "escalation"
    PAGING = "paging"


def measure_of(value: object) -> Measure:
    """A :class:`Measure` from itself or its value; :class:`InvalidInput` naming the allowed
    ones otherwise."""
    found = enum_member(value, Measure)
    if found is not None:
        return found
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    raise InvalidInput(
        f"unknown SLA measure {shown}; use one of {', '.join(m.value for m in Measure)}"
    )


class ClosedCause(StrEnum):
    """Why the calendar was closed during a skipped stretch."""

    OUTSIDE_HOURS = "outside_hours"  # between the day's open intervals
    WEEKEND = "weekend"  # a weekday the weekly schedule never opens
    HOLIDAY = "holiday"  # a holiday of the ``holidays`` package (named)
    CLOSURE = "closure"  # a dated closure (HolidaySet.dates / rule)


@attrs.frozen
class ClosedDay:
    """A closed local date inside a skipped stretch; ``name`` as the ``holidays`` package
    gives it, ``None`` for a dated closure."""

    day: date
    name: str | None = None


@attrs.frozen
class CountedStretch:
    """An open stretch ``[start, end)`` the clock counted, and its business time."""

    start: datetime
    end: datetime
    business: timedelta


@attrs.frozen
class SkippedStretch:
    """A closed stretch ``[start, end)`` between counted ones, with its causes (weekend,
    holiday, closure; ``outside_hours`` when none of them) and the holidays or closures it
    covers."""

    start: datetime
    end: datetime
    causes: tuple[ClosedCause, ...]
    days: tuple[ClosedDay, ...] = ()


@attrs.frozen
class EventRef:
    """The history event behind a pause, resumption or override."""

    kind: str
    at: datetime
    actor: str
    side: Side


@attrs.frozen
class Pause:
    """A stretch ``[start, end)`` the resolution clock did not run (``end=None``: still
    paused). ``reason``: ``awaiting_information`` or the status it was in (``solved``,
    ``closed``, ``archived``)."""

    start: datetime
    end: datetime | None
    reason: str
    started_by: EventRef
    ended_by: EventRef | None = None


@attrs.frozen
class Override:
    """Something that changed the plain rule's outcome: ``after_hours_paging`` (the on-call
    promise; ``applied`` when it set the deadline), ``severity_change`` (the targets of the
    current level apply from submission), ``eta`` (an ETA the escalation rule reads)."""

    kind: str
    at: datetime
    detail: str
    by: EventRef | None = None
    applied: bool = True


@attrs.frozen
class SlaExplanation:
    """The derivation of one measure of one ticket (see the module docs)."""

    ticket_id: str
    measure: Measure
    level: PriorityKey
    rule: str
    calendar: str
    zone: str
    target: timedelta | None
    start: datetime | None
    due: datetime | None
    met_at: datetime | None = None
    counted: tuple[CountedStretch, ...] = ()
    skipped: tuple[SkippedStretch, ...] = ()
    pauses: tuple[Pause, ...] = ()
    overrides: tuple[Override, ...] = ()
    note: str = ""

    @property
    def counted_total(self) -> timedelta:
        """The business time of the counted stretches."""
        return sum((c.business for c in self.counted), timedelta(0))


# -- the pieces -------------------------------------------------------------------------------


def _ref(event: Event) -> EventRef:
    return EventRef(kind=event.kind, at=event.at, actor=event.actor.id, side=event.actor.side)


def _walk(
    calendar: BusinessCalendar, start: datetime, stop: datetime,
    counted: list[CountedStretch], skipped: list[SkippedStretch],
) -> None:
    """Append the open stretches of ``[start, stop)`` to ``counted`` and the closed ones
    between them to ``skipped``."""
    cursor = start
    for s, e in calendar.intervals(start, stop):
        if s > cursor:
            skipped.append(_closed(calendar, cursor, s))
        # Inside an open stretch business time is real time (the calendar semantics: a
        # spring-forward gap passes no time, a repeated hour counts twice).
        counted.append(CountedStretch(s, e, e - s))
        cursor = e
    if cursor < stop:
        skipped.append(_closed(calendar, cursor, stop))


def _local_days(zone: ZoneInfo, a: datetime, b: datetime) -> Iterator[date]:
    first = a.astimezone(zone).date()
    last = (b - timedelta(microseconds=1)).astimezone(zone).date()
    day = first
    for _ in range(MAX_DAYS_SCANNED):
        if day > last:
            return
        yield day
        day += timedelta(days=1)


def _closed(calendar: BusinessCalendar, a: datetime, b: datetime) -> SkippedStretch:
    zone = ZoneInfo(calendar.tz)
    days = list(_local_days(zone, a, b))
    open_weekdays = {day for day, _, _ in calendar.schedule.intervals}
    closed: list[ClosedDay] = []
    if days and (calendar.holidays.countries or calendar.holidays.days
                 or calendar.holidays.rules):
        names = calendar.holidays.names_between(days[0].year, days[-1].year)
        closed = [ClosedDay(day, names[day]) for day in days
                  if day in names and day.weekday() in open_weekdays]
    causes = [cause for cause, found in (
        (ClosedCause.WEEKEND, any(day.weekday() not in open_weekdays for day in days)),
        (ClosedCause.HOLIDAY, any(c.name is not None for c in closed)),
        (ClosedCause.CLOSURE, any(c.name is None for c in closed)),
    ) if found]
    return SkippedStretch(a, b, tuple(causes) or (ClosedCause.OUTSIDE_HOURS,), tuple(closed))


def _severity_overrides(ticket: Ticket) -> list[Override]:
    found = []
    for event in ticket.events:
        if event.kind == "severity_changed":
            reason = event.data.get("reason")
            why = f": {shorten(reason, 120)}" if isinstance(reason, str) else ""
            found.append(Override(
                kind="severity_change", at=event.at, by=_ref(event),
                detail=(f"level {event.data.get('previous')!r} -> {event.data.get('severity')!r}"
                        f"{why}; the current level's targets apply from submission"),
            ))
    return found


def _pauses(ticket: Ticket) -> list[Pause]:
    """The pauses of the resolution clock, with the events around them: the gaps between
    :func:`~supportkit.sla.clocks.running_stretches` (both read
    :func:`~supportkit.tickets.head.clock_states`)."""
    pauses: list[Pause] = []
    current: Pause | None = None
    for event, status, running in clock_states(ticket.events):
        if not running and current is None:
            reason = "awaiting_information" if status is TicketStatus.OPEN else status.value
            current = Pause(event.at, None, reason, _ref(event))
        elif running and current is not None:
            pauses.append(attrs.evolve(current, end=event.at, ended_by=_ref(event)))
            current = None
    if current is not None:
        pauses.append(current)
    return pauses


def _zone_of(ticket: Ticket, policy: Policy, calendar: BusinessCalendar, name: str) -> str:
    """The calendar's zone; for real time (24x7), the ticket's support zone (for reading)."""
    return calendar.tz if name != ALWAYS else support_calendar(ticket, policy).tz


# -- the measures -----------------------------------------------------------------------------


def _first_response(ticket: Ticket, policy: Policy) -> SlaExplanation:
    target = policy.sla.target(ticket.severity)
    has_target = target is not None and target.initial_response is not None
    name = target.calendar if target is not None else SUPPORT
    calendar = named_calendar(name, ticket, policy)
    on_target = (calendar.add(ticket.created_at, target.initial_response)
                 if target is not None and target.initial_response is not None else None)
    paged = emergency_respond_by(ticket, policy)
    overrides = _severity_overrides(ticket)
    rule = (f"first response within {format_duration(target.initial_response)} on the "
            f"{name!r} calendar" if target is not None and target.initial_response is not None
            else "no initial-response target for this level")
    if paged is not None:
        applied = on_target is None or paged < on_target
        overrides.append(Override(
            kind="after_hours_paging", at=ticket.created_at, applied=applied,
            detail=(f"submitted after hours with a paging priority: the on-call team must "
                    f"respond by {paged.isoformat()}"
                    + ("" if applied else "; the target is earlier and stands")),
        ))
    if on_target is None and paged is None:
        return SlaExplanation(
            ticket_id=ticket.id, measure=Measure.FIRST_RESPONSE, level=ticket.severity,
            rule=rule, calendar=name, zone=_zone_of(ticket, policy, calendar, name), target=None,
            start=ticket.created_at, due=None, met_at=ticket.first_response_at,
            overrides=tuple(overrides), note="no first-response target for this level",
        )
    if on_target is not None and (paged is None or on_target <= paged):
        due, length = on_target, target.initial_response if target is not None else None
    elif paged is not None:
        name, calendar = ALWAYS, named_calendar(ALWAYS, ticket, policy)
        due, length = paged, paged - ticket.created_at
    else:  # unreachable: on_target is None and paged is None returned above
        raise AssertionError("no first-response deadline")
    counted: list[CountedStretch] = []
    skipped: list[SkippedStretch] = []
    _walk(calendar, ticket.created_at, due, counted, skipped)
    return SlaExplanation(
        ticket_id=ticket.id, measure=Measure.FIRST_RESPONSE, level=ticket.severity,
        rule=rule if has_target else "after-hours paging promise",
        calendar=name, zone=_zone_of(ticket, policy, calendar, name), target=length,
        start=ticket.created_at, due=due, met_at=ticket.first_response_at,
        counted=tuple(counted), skipped=tuple(skipped), overrides=tuple(overrides),
    )


def _resolution(ticket: Ticket, policy: Policy, stretches: Sequence[Stretch]) -> SlaExplanation:
    target = policy.sla.target(ticket.severity)
    name = target.calendar if target is not None else SUPPORT
    calendar = named_calendar(name, ticket, policy)
    overrides = tuple(_severity_overrides(ticket))
    pauses = tuple(_pauses(ticket))
    if target is None or target.resolution is None:
        return SlaExplanation(
            ticket_id=ticket.id, measure=Measure.RESOLUTION, level=ticket.severity,
            rule="no resolution target for this level", calendar=name,
            zone=_zone_of(ticket, policy, calendar, name), target=None,
            start=ticket.created_at, due=None,
            met_at=ticket.solved_at, pauses=pauses, overrides=overrides,
            note="no resolution target for this level",
        )
    due = used_up_at(calendar, target.resolution, list(stretches), pending_only=False)
    counted: list[CountedStretch] = []
    skipped: list[SkippedStretch] = []
    for start, end in stretches:
        stop = due if due is not None and (end is None or due <= end) else end
        if stop is None:  # an open stretch has a due: used_up_at adds the remainder to it
            break
        _walk(calendar, start, stop, counted, skipped)
        if stop == due:
            break
    running = bool(stretches) and stretches[-1][1] is None
    note = ""
    if due is None:
        note = ("paused with time left: resolution is not due while "
                + (pauses[-1].reason.replace("_", " ") if pauses else "paused"))
        if not ticket.is_active:
            note = "the ticket left OPEN within its resolution target"
    elif not running:
        note = "the target was used up before the clock stopped"
    return SlaExplanation(
        ticket_id=ticket.id, measure=Measure.RESOLUTION, level=ticket.severity,
        rule=f"resolution within {format_duration(target.resolution)} on the {name!r} "
             "calendar, counted while OPEN and not awaiting information",
        calendar=name, zone=_zone_of(ticket, policy, calendar, name), target=target.resolution,
        start=stretches[0][0] if stretches else ticket.created_at, due=due,
        met_at=ticket.solved_at, counted=tuple(counted), skipped=tuple(skipped),
        pauses=pauses, overrides=overrides, note=note,
    )


def _next_update(ticket: Ticket, policy: Policy, stretches: Sequence[Stretch]) -> SlaExplanation:
    target = policy.sla.target(ticket.severity)
    name = target.calendar if target is not None else SUPPORT
    calendar = named_calendar(name, ticket, policy)
    overrides = tuple(_severity_overrides(ticket))
    pauses = tuple(_pauses(ticket))
    base = SlaExplanation(ticket_id=ticket.id, measure=Measure.NEXT_UPDATE,
                          level=ticket.severity, rule="", calendar=name,
                          zone=_zone_of(ticket, policy, calendar, name), target=None,
                          start=None, due=None,
                          overrides=overrides, pauses=pauses)
    if target is None or target.next_update is None:
        return attrs.evolve(base, rule="no next-update target for this level",
                              target=None, start=None, due=None,
                              note="no next-update target for this level")
    rule = (f"an update every {format_duration(target.next_update)} on the {name!r} "
            "calendar, from the last support reply or the clock's resumption")
    due = update_due(ticket, policy, target, list(stretches))
    if due is None:
        why = ("no support reply yet (the first response is measured instead)"
               if ticket.last_support_reply_at is None else
               "the resolution clock is paused: no update is due while it waits")
        return attrs.evolve(base, rule=rule, target=target.next_update,
                              start=None, due=None, note=why)
    current = stretches[-1][0]
    start = max(ticket.last_support_reply_at or current, current)
    note = ("from the last support reply" if start == ticket.last_support_reply_at
            else "from when the resolution clock resumed")
    counted: list[CountedStretch] = []
    skipped: list[SkippedStretch] = []
    _walk(calendar, start, due, counted, skipped)
    return attrs.evolve(base, rule=rule, target=target.next_update, start=start,
                          due=due, counted=tuple(counted), skipped=tuple(skipped), note=note)


def _eta_events(ticket: Ticket) -> list[tuple[Event, datetime | None]]:
    found = []
    for event in ticket.events:
        if "eta" in event.data:
            value = event.data["eta"]
            found.append((event, datetime.fromisoformat(value) if isinstance(value, str)
                          else None))
    return found


def _escalation(ticket: Ticket, policy: Policy) -> SlaExplanation:
    rule = policy.escalation.rule(ticket.severity)
    name = rule.calendar if rule is not None else ALWAYS
    calendar = named_calendar(name, ticket, policy)
    overrides = _severity_overrides(ticket)
    etas = _eta_events(ticket)
    overrides += [Override(kind="eta", at=e.at, by=_ref(e),
                           detail=f"ETA set to {eta.isoformat()}" if eta else "ETA withdrawn")
                  for e, eta in etas]
    due = escalation_eligible_at(ticket, policy)
    base = SlaExplanation(ticket_id=ticket.id, measure=Measure.ESCALATION,
                          level=ticket.severity, rule="", calendar=name,
                          zone=_zone_of(ticket, policy, calendar, name), target=None,
                          start=None, due=None,
                          overrides=tuple(overrides))
    if rule is None or rule.trigger is Trigger.NEVER:
        return attrs.evolve(base, rule="this level never escalates", target=None,
                              start=None, due=None, note="this level never escalates")
    methods = ", ".join(sorted(rule.methods))
    if rule.trigger is Trigger.SINCE_SUPPORT_REPLY:
        after = rule.after or timedelta(0)
        text = (f"escalation by {methods} {format_duration(after)} after the last support "
                f"correspondence, on the {name!r} calendar")
    elif rule.trigger is Trigger.ETA_MISSED:
        text = f"escalation by {methods} once the ETA is missed"
    else:
        text = (f"escalation by {methods} once {rule.fraction:.0%} of the ETA window has "
                f"passed, on the {name!r} calendar")
    if due is None:
        why = ("the ticket is not OPEN" if ticket.status is not TicketStatus.OPEN
               else "no ETA is set yet")
        return attrs.evolve(base, rule=text, target=None, start=None, due=None,
                              note=f"not eligible as things stand: {why}")
    if rule.trigger is Trigger.SINCE_SUPPORT_REPLY:
        start = ticket.last_support_reply_at or ticket.created_at
        note = ("from the last support reply" if ticket.last_support_reply_at
                else "from submission (no support reply yet)")
    else:
        start, note = _eta_start(ticket, etas, due)
    counted: list[CountedStretch] = []
    skipped: list[SkippedStretch] = []
    _walk(calendar, start, due, counted, skipped)
    total = sum((c.business for c in counted), timedelta(0))
    return attrs.evolve(base, rule=text, target=total, start=start, due=due,
                          counted=tuple(counted), skipped=tuple(skipped), note=note)


def _eta_start(
    ticket: Ticket, etas: list[tuple[Event, datetime | None]], due: datetime
) -> tuple[datetime, str]:
    """Which ETA made the ticket eligible at ``due``: the current one, or an earlier one
    whose point was reached before it was replaced (a right earned stays)."""
    for (event, eta), (replaced, _) in itertools.pairwise(etas):
        if eta is not None and due <= replaced.at and event.at <= due:
            return event.at, f"from the ETA given {event.at.isoformat()} (a point reached stays)"
    return (ticket.eta_set_at or ticket.created_at), "from when the current ETA was set"


def _paging(ticket: Ticket, policy: Policy) -> SlaExplanation:
    calendar = support_calendar(ticket, policy)
    decision = paging_decision(ticket, policy)
    emergency = policy.emergency
    base = SlaExplanation(ticket_id=ticket.id, measure=Measure.PAGING, level=ticket.severity,
                          rule="", calendar=SUPPORT, zone=calendar.tz, target=None,
                          start=ticket.created_at, due=None, met_at=ticket.first_response_at)
    if emergency is None:
        rule = "no after-hours paging in this policy"
    else:
        levels = ", ".join(repr(k) for k in sorted(emergency.priorities, key=str))
        rule = (f"after hours, levels {levels} page the on-call team: respond within "
                f"{format_duration(emergency.respond_within)} before "
                f"{emergency.cutoff:%H:%M}, by {emergency.morning:%H:%M} after it")
    if decision.respond_by is None:
        return attrs.evolve(base, rule=rule, calendar=SUPPORT, zone=calendar.tz,
                              target=None, due=None,
                              note="submitted during support hours: the SLA targets apply")
    if not decision.page:
        skipped: list[SkippedStretch] = []
        if decision.respond_by > ticket.created_at:
            skipped.append(_closed(calendar, ticket.created_at, decision.respond_by))
        why = ("its priority or category does not page"
               if ticket.status is TicketStatus.OPEN else "it is no longer OPEN")
        return attrs.evolve(base, rule=rule, calendar=SUPPORT, zone=calendar.tz,
                              target=None, due=decision.respond_by, skipped=tuple(skipped),
                              note=f"submitted after hours but {why}: waits for the opening")
    due = decision.respond_by
    override = Override(kind="after_hours_paging", at=ticket.created_at,
                        detail=f"paged on submission; respond by {due.isoformat()}")
    counted = (CountedStretch(ticket.created_at, due, due - ticket.created_at),)
    return attrs.evolve(base, rule=rule, calendar=ALWAYS, zone=emergency.tz
                          if emergency is not None and emergency.tz else calendar.tz,
                          target=due - ticket.created_at, due=due, counted=counted,
                          overrides=(override,),
                          note="submitted while the support calendar was closed")


def explain(ticket: Ticket, policy: Policy, measure: Measure | str) -> SlaExplanation:
    """The derivation of ``measure`` for ``ticket`` under ``policy`` (see the module docs)."""
    which = measure_of(measure)
    if which is Measure.FIRST_RESPONSE:
        return _first_response(ticket, policy)
    if which is Measure.ESCALATION:
        return _escalation(ticket, policy)
    if which is Measure.PAGING:
        return _paging(ticket, policy)
    stretches = list(running_stretches(ticket))
    if which is Measure.RESOLUTION:
        return _resolution(ticket, policy, stretches)
    return _next_update(ticket, policy, stretches)


# -- text -------------------------------------------------------------------------------------


def _at(value: datetime, zone: str) -> str:
    local = value.astimezone(ZoneInfo(zone))
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()}"


def _short(value: datetime, zone: str) -> str:
    return f"{value.astimezone(ZoneInfo(zone)):%a %H:%M}"


def _cause(stretch: SkippedStretch) -> str:
    text = " + ".join(c.value.replace("_", " ") for c in stretch.causes)
    named = [f"{c.name or 'dated closure'} ({c.day.isoformat()})" for c in stretch.days]
    return f"{text}: {', '.join(named)}" if named else text


#: Longer lists are cut in the text (the JSON form keeps them all).
MAX_LINES = 40


def render_explanation(explanation: SlaExplanation) -> str:
    """A text a person can read, in the calendar's zone (customer texts escaped)."""
    e = explanation
    zone = e.zone
    title = f"ticket {e.ticket_id} · {e.measure.value.replace('_', ' ')} · level {e.level!r}"
    lines = [title, f"rule: {e.rule}"]
    if e.target is not None and e.start is not None:
        head = (f"{format_duration(e.target)} of the {e.calendar} calendar ({zone}) from "
                f"{_short(e.start, zone)}")
        lines.append(f"{head}: due {_at(e.due, zone)}" if e.due else head)
    elif e.due is not None:
        lines.append(f"due {_at(e.due, zone)}")
    if e.note:
        lines.append(f"note: {e.note}")
    if e.counted:
        lines.append(f"counted ({format_duration(e.counted_total)}):")
        lines += [f"  {_at(c.start, zone)} -> {_short(c.end, zone)}  "
                  f"{format_duration(c.business)}" for c in e.counted[:MAX_LINES]]
    if e.skipped:
        lines.append("skipped (closed):")
        lines += [f"  {_at(s.start, zone)} -> {_at(s.end, zone)}  {_cause(s)}"
                  for s in e.skipped[:MAX_LINES]]
    if len(e.counted) > MAX_LINES or len(e.skipped) > MAX_LINES:
        lines.append(f"  … {len(e.counted)} counted and {len(e.skipped)} skipped in all "
                     "(--json lists every one)")
    if e.pauses:
        lines.append("paused:")
        for p in e.pauses[:MAX_LINES]:
            until = (f"{_at(p.end, zone)} ({p.ended_by.kind} by {p.ended_by.actor})"
                     if p.end is not None and p.ended_by is not None else "still paused")
            lines.append(f"  {_at(p.start, zone)} {p.reason.replace('_', ' ')} "
                         f"({p.started_by.kind} by {p.started_by.actor}) -> {until}")
    if e.overrides:
        lines.append("overrides:")
        for o in e.overrides[:MAX_LINES]:
            who = f" by {o.by.actor}" if o.by is not None else ""
            flag = "" if o.applied else " (not applied)"
            lines.append(f"  {_at(o.at, zone)} {o.kind.replace('_', ' ')}{who}: "
                         f"{o.detail}{flag}")
    if e.met_at is not None:
        lines.append(f"met: {_at(e.met_at, zone)}" + (
            "" if e.due is None else (" (in time)" if e.met_at <= e.due else " (late)")))
    return "\n".join(escape_controls(line) for line in lines)
