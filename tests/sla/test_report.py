"""``Helpdesk.report``: the streamed fold equals a brute-force fold over the same tickets."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, GroupBy, Helpdesk, InvalidInput, Policy, presets
from supportkit.adapters.memory import MemoryStore
from supportkit.app.report import NONE_GROUP, SlaReport, build_report
from supportkit.serialization import structure, unstructure
from supportkit.sla.outcomes import RELATIVE_ACCURACY, DurationSketch, OutcomeState, outcomes
from supportkit.testing.histories import policies, replay_history, ticket_histories
from supportkit.tickets.model import Ticket


def _exact(values: list[timedelta], q: float) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def _close(found: timedelta | None, exact: timedelta | None) -> bool:
    if found is None or exact is None:
        return found is exact
    slack = RELATIVE_ACCURACY * abs(exact.total_seconds()) + 1
    return abs((found - exact).total_seconds()) <= slack


def _key(ticket: Ticket, by: GroupBy, policy: Policy) -> str:
    if by is GroupBy.PRIORITY:
        return str(ticket.severity)
    if by is GroupBy.COMPANY:
        return ticket.requester.company or NONE_GROUP
    if by is GroupBy.CATEGORY:
        return ticket.category or NONE_GROUP
    if by is GroupBy.ASSIGNEE:
        return ticket.assignee or NONE_GROUP
    year, week, _ = ticket.created_at.astimezone(ZoneInfo(policy.calendar.tz)).isocalendar()
    return f"{year}-W{week:02d}"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_streamed_report_equals_a_brute_force_fold(data: st.DataObject) -> None:
    policy = data.draw(policies())
    histories = data.draw(st.lists(ticket_histories(policy, max_steps=6), min_size=1,
                                   max_size=5))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(histories[0][0].at))
    for history in histories:
        replay_history(desk, history)
    last = max(step.at for history in histories for step in history)
    assert isinstance(desk.clock, FixedClock)
    desk.clock.set(last + data.draw(st.sampled_from([timedelta(0), timedelta(days=2)])))
    first = min(h[0].at for h in histories)
    start = first - data.draw(st.sampled_from([timedelta(0), timedelta(hours=1)]))
    end = data.draw(st.sampled_from([last + timedelta(seconds=1),
                                     first + timedelta(days=1), first + timedelta(hours=1)]))
    by = data.draw(st.sampled_from(list(GroupBy)))
    batch = data.draw(st.integers(1, 3))

    report = build_report(desk._desk, start, end, by, batch=batch)
    # Brute force: every ticket in memory at once, exact quantiles.
    everything = [desk.get(t.id) for t in desk.tickets() if start <= t.created_at < end]
    assert report.tickets == len(everything)
    folded: dict[tuple[str, str], list[object]] = {}
    for ticket in everything:
        for outcome in outcomes(ticket, policy, desk.clock.now()):
            folded.setdefault((_key(ticket, by, policy), outcome.measure), []).append(outcome)
    assert {(r.group, r.measure) for r in report.rows} == set(folded)
    for row in report.rows:
        found = folded[(row.group, row.measure)]
        states = [o.state for o in found]  # type: ignore[attr-defined]
        assert row.met == states.count(OutcomeState.MET)
        assert row.breached == states.count(OutcomeState.BREACHED)
        assert row.pending == states.count(OutcomeState.PENDING)
        done = row.met + row.breached
        assert row.attainment == (100.0 * row.met / done if done else None)
        values = [o.business for o in found if o.business is not None]  # type: ignore[attr-defined]
        assert _close(row.median, _exact(values, 0.5))
        assert _close(row.p90, _exact(values, 0.9))


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=200),
       st.sampled_from([0.1, 0.5, 0.9, 1.0]))
def test_the_sketch_quantile_is_within_its_accuracy(seconds: list[int], q: float) -> None:
    sketch = DurationSketch()
    values = [timedelta(seconds=s) for s in seconds]
    for value in values:
        sketch.add(value)
    assert _close(sketch.quantile(q), _exact(values, q))


def test_a_report_counts_met_breached_and_pending_per_priority() -> None:
    policy = presets.odin.policy(require_entitlement=False)
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    desk = Helpdesk(MemoryStore(), policy, clock)
    start = clock.now()
    alice, agent = Actor.customer("alice", company="acme"), Actor.support("agent-7")
    on_time = desk.open_ticket(alice, "a", "b", severity=1)
    late = desk.open_ticket(alice, "a", "b", severity=1)
    waiting = desk.open_ticket(alice, "a", "b", severity=2)
    clock.advance(timedelta(hours=1))
    desk.reply(on_time.id, agent, "on it")
    clock.advance(timedelta(hours=2))
    desk.reply(late.id, agent, "sorry")
    report = desk.report(start, clock.now(), by="priority")
    rows = {(r.group, r.measure): r for r in report.rows}
    first = rows[("1", "first_response")]
    assert (first.met, first.breached, first.pending) == (1, 1, 0)
    assert first.attainment == 50.0
    assert rows[("2", "first_response")].breached == 1  # 3h without a reply: 2h target
    assert report.tickets == 3 and waiting.id
    assert structure(json.loads(json.dumps(unstructure(report))), SlaReport) == report


def test_a_bad_period_or_grouping_is_refused() -> None:
    desk = Helpdesk(MemoryStore())
    now = desk.clock.now()
    with pytest.raises(InvalidInput, match="after start"):
        desk.report(now, now)
    with pytest.raises(InvalidInput, match="priority, company"):
        desk.report(now - timedelta(days=1), now, by="x" * 5000)
    with pytest.raises(InvalidInput):
        desk.report(now.replace(tzinfo=None), now)
