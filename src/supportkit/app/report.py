"""The SLA report: how the desk did over a period, per measure and group, in bounded memory.

Tickets created in ``[start, end)`` are read in batches of :data:`BATCH` through the read
path (``uow.tickets.query`` with ``after_id`` keyset paging, one read-only unit of work per
batch) and folded one by one: per group and measure, counts of met, breached and pending
(:func:`supportkit.sla.outcomes.outcomes` at the desk's now), attainment (met out of met
and breached, in percent) and the median and 90th percentile of the business time to
first response and to resolution, from a :class:`~supportkit.sla.outcomes.DurationSketch`
(1 % relative accuracy). Memory grows with the number of groups, never with the number of
tickets.

Fields read per ticket: ``created_at``, ``severity``, ``category``, ``assignee``, the
requester's ``company``, ``status``, ``first_response_at`` and ``updated_at`` (what a
ticket summary holds), plus ``service_level`` (which calendar its targets run on) and the
event history (the pauses of the resolution clock). A summary with a stored
"resolution business time" column would make the events unnecessary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import attrs

from supportkit._time import require_aware
from supportkit.app.context import DeskContext
from supportkit.errors import InvalidInput
from supportkit.inputs import enum_member
from supportkit.sla.outcomes import DurationSketch, OutcomeState, outcomes
from supportkit.tickets.head import TicketHead
from supportkit.tickets.query import TicketQuery

__all__ = ["BATCH", "GroupBy", "ReportRow", "SlaReport", "build_report", "build_reports",
           "group_by_of", "tickets_in_batches"]

#: Tickets read per unit of work.
BATCH = 500
#: What a ticket without a value in the grouping field is grouped under.
NONE_GROUP = "(none)"
MEASURES = ("first_response", "resolution")


class GroupBy(StrEnum):
    """The fields a report groups by."""

    PRIORITY = "priority"
    COMPANY = "company"
    CATEGORY = "category"
    ASSIGNEE = "assignee"
    WEEK = "week"


def group_by_of(value: object) -> GroupBy:
    """A :class:`GroupBy` from itself or its value; :class:`InvalidInput` otherwise."""
    found = enum_member(value, GroupBy)
    if found is not None:
        return found
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    raise InvalidInput(f"unknown report grouping {shown}; use one of "
                       f"{', '.join(g.value for g in GroupBy)}")


@attrs.frozen
class ReportRow:
    """One group's figures for one measure."""

    group: str
    measure: str
    met: int
    breached: int
    pending: int
    attainment: float | None
    median: timedelta | None = None
    p90: timedelta | None = None

    @property
    def total(self) -> int:
        """Tickets with a target for this measure in this group."""
        return self.met + self.breached + self.pending


@attrs.frozen
class SlaReport:
    """The figures of ``[start, end)`` as of ``as_of``, grouped ``by`` a field."""

    start: datetime
    end: datetime
    as_of: datetime
    by: GroupBy
    tickets: int
    rows: tuple[ReportRow, ...]


@attrs.define
class _Cell:
    met: int = 0
    breached: int = 0
    pending: int = 0
    sketch: DurationSketch = attrs.field(factory=DurationSketch)


def _grouper(by: GroupBy, zone: ZoneInfo) -> Callable[[TicketHead], str]:
    if by is GroupBy.PRIORITY:
        return lambda t: str(t.severity)
    if by is GroupBy.COMPANY:
        return lambda t: t.requester.company or NONE_GROUP
    if by is GroupBy.CATEGORY:
        return lambda t: t.category or NONE_GROUP
    if by is GroupBy.ASSIGNEE:
        return lambda t: t.assignee or NONE_GROUP

    def week(t: TicketHead) -> str:
        year, number, _ = t.created_at.astimezone(zone).isocalendar()
        return f"{year}-W{number:02d}"

    return week


def tickets_in_batches(desk: DeskContext, query: TicketQuery, batch: int = BATCH) -> (
    Iterator[TicketHead]
):
    """The head of every ticket ``query`` matches (what the SLA rules read: never a
    history), in id order, read ``batch`` at a time (one read-only
    unit of work each, so a long report never holds a read transaction open)."""
    after: str | None = None
    while True:
        with desk.reading() as uow:
            page = uow.tickets.heads(attrs.evolve(query, after_id=after, limit=batch))
        if not page:
            return
        yield from page
        if len(page) < batch:
            return
        after = page[-1].id


def build_report(
    desk: DeskContext, start: datetime, end: datetime, by: GroupBy | str = GroupBy.PRIORITY,
    *, batch: int = BATCH,
) -> SlaReport:
    """The :class:`SlaReport` of tickets created in ``[start, end)`` (see the module docs)."""
    grouping = group_by_of(by)
    return build_reports(desk, start, end, (grouping,), batch=batch)[grouping]


def build_reports(
    desk: DeskContext, start: datetime, end: datetime, groupings: Sequence[GroupBy | str],
    *, batch: int = BATCH,
) -> dict[GroupBy, SlaReport]:
    """One :class:`SlaReport` per grouping, from one pass over the tickets."""
    start = require_aware(start, "report start")
    end = require_aware(end, "report end")
    if end <= start:
        raise InvalidInput(f"report: end ({end.isoformat()}) must be after start "
                           f"({start.isoformat()})")
    wanted = list(dict.fromkeys(group_by_of(g) for g in groupings))
    now = desk.now()
    zone = ZoneInfo(desk.policy.calendar.tz)
    keys = [(g, _grouper(g, zone)) for g in wanted]
    cells: dict[tuple[GroupBy, str, str], _Cell] = {}
    count = 0
    for ticket in tickets_in_batches(desk, TicketQuery(), batch):
        if not start <= ticket.created_at < end:
            continue
        count += 1
        found = outcomes(ticket, desk.policy, now)
        for grouping, key in keys:
            group = key(ticket)
            for outcome in found:
                cell = cells.get((grouping, group, outcome.measure))
                if cell is None:
                    cell = cells[(grouping, group, outcome.measure)] = _Cell()
                if outcome.state is OutcomeState.MET:
                    cell.met += 1
                elif outcome.state is OutcomeState.BREACHED:
                    cell.breached += 1
                else:
                    cell.pending += 1
                if outcome.business is not None:
                    cell.sketch.add(outcome.business)
    return {
        grouping: SlaReport(
            start=start, end=end, as_of=now, by=grouping, tickets=count,
            rows=tuple(_row(g, m, c) for (k, g, m), c in sorted(cells.items()) if k is grouping),
        )
        for grouping in wanted
    }


def _row(group: str, measure: str, cell: _Cell) -> ReportRow:
    done = cell.met + cell.breached
    return ReportRow(
        group=group, measure=measure, met=cell.met, breached=cell.breached,
        pending=cell.pending, attainment=100.0 * cell.met / done if done else None,
        median=cell.sketch.quantile(0.5), p90=cell.sketch.quantile(0.9),
    )
