"""``Helpdesk.explain``: the derivation of each SLA measure adds up, and agrees with
``sla()``, ``escalation()`` and ``paging()``, for random calendars and histories."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportkit import (
    Actor,
    BusinessCalendar,
    FixedClock,
    Helpdesk,
    HolidaySet,
    InvalidInput,
    Measure,
    Policy,
    SlaExplanation,
    WeeklySchedule,
    presets,
    render_explanation,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure, unstructure
from supportkit.sla import EscalationPolicy, EscalationRule, SlaPolicy, SlaTarget, Trigger
from supportkit.sla.clocks import running_stretches
from supportkit.sla.explain import ClosedCause
from supportkit.testing.desk import eastern
from supportkit.testing.histories import policies, replay_history, ticket_histories

STEP_STATE = ("first_response", "next_update", "resolution")


def _check(desk: Helpdesk, ticket_id: str) -> None:
    ticket = desk.get(ticket_id)
    status = desk.sla(ticket_id)
    for measure in Measure:
        e = desk.explain(ticket_id, measure)
        assert e.ticket_id == ticket_id and e.measure is measure
        if measure.value in STEP_STATE:
            assert e.due == getattr(status, measure.value).due, measure
        elif measure is Measure.ESCALATION:
            assert e.due == desk.escalation(ticket_id).eligible_at
        else:
            assert e.due == desk.paging(ticket_id).respond_by
        if e.due is not None and e.counted:
            # The counted stretches add up exactly to the target and end at the due instant.
            assert e.counted_total == e.target, measure
            # An ETA may fall in closed time: the stretches (counted, then skipped) reach it.
            assert max(s.end for s in (*e.counted, *e.skipped)) == e.due
            if measure is not Measure.ESCALATION:
                assert e.counted[-1].end == e.due
        if measure is Measure.RESOLUTION and e.due is None and e.target is not None:
            # Paused (or stopped) with time left: the counted stretches are the time used.
            assert e.counted_total == status.resolution.consumed
        if e.due is not None and e.target is not None and e.target > timedelta(0):
            assert e.counted, measure
        for stretch in e.counted:
            assert stretch.start < stretch.end and stretch.business > timedelta(0)
        for earlier, later in zip(e.counted, e.counted[1:], strict=False):
            assert earlier.end <= later.start
        for skipped in e.skipped:
            assert skipped.start < skipped.end and skipped.causes
        # The JSON form round-trips through the one converter, and the text renders.
        data = unstructure(e)
        assert structure(json.loads(json.dumps(data)), SlaExplanation) == e
        assert render_explanation(e)
    # The pauses are exactly the gaps between the resolution clock's running stretches.
    stretches = list(running_stretches(ticket))
    pauses = desk.explain(ticket_id, Measure.RESOLUTION).pauses
    gaps = [(a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(stretches)]
    if stretches and stretches[-1][1] is not None:
        gaps.append((stretches[-1][1], None))
    if not stretches:
        gaps = [(ticket.created_at, None)]
    elif stretches[0][0] != ticket.created_at:
        gaps.insert(0, (ticket.created_at, stretches[0][0]))
    assert [(p.start, p.end) for p in pauses] == gaps


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_explanations_add_up_and_agree_with_the_desk(data: st.DataObject) -> None:
    policy = data.draw(policies())
    history = data.draw(ticket_histories(policy, max_steps=8))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    ticket = replay_history(desk, history)
    _check(desk, ticket.id)
    # Later, with nothing happening, the derivation is the same.
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=3))
    _check(desk, ticket.id)


def _interworx() -> Policy:
    policy = presets.interworx.policy(require_entitlement=False)
    return attrs.evolve(
        policy,
        sla=SlaPolicy(targets=[SlaTarget(initial_response=timedelta(hours=2),
                                         next_update=timedelta(hours=4),
                                         resolution=timedelta(hours=16))]),
        escalation=EscalationPolicy(rules=[EscalationRule(
            trigger=Trigger.SINCE_SUPPORT_REPLY, after=timedelta(hours=3),
            methods=["button"], calendar="support")]),
    )


FIELDS = {"ip_or_hostname": "host", "remote_assistance_enabled": "yes"}


def test_a_holiday_weekend_is_skipped_by_name() -> None:
    clock = FixedClock(eastern(2026, 5, 22, 15, 0))  # Friday before Memorial Day
    desk = Helpdesk(MemoryStore(), _interworx(), clock)
    ticket = desk.open_ticket(Actor.customer("alice"), "mail down", "since 9",
                              severity="medium", fields=FIELDS, category="services down")
    e = desk.explain(ticket.id, "first_response")
    assert e.due == eastern(2026, 5, 26, 9, 0)
    assert [c.business for c in e.counted] == [timedelta(hours=1), timedelta(hours=1)]
    (skipped,) = e.skipped
    assert skipped.causes == (ClosedCause.WEEKEND, ClosedCause.HOLIDAY)
    assert [(d.day.isoformat(), d.name) for d in skipped.days] == [("2026-05-25", "Memorial Day")]
    text = render_explanation(e)
    assert "2h of the support calendar (America/New_York) from Fri 15:00" in text
    assert "Memorial Day" in text


def test_pauses_name_the_events_and_a_severity_change_is_an_override() -> None:
    clock = FixedClock(eastern(2026, 6, 1, 9, 0))
    desk = Helpdesk(MemoryStore(), _interworx(), clock)
    ticket = desk.open_ticket(Actor.customer("alice"), "mail down", "since 9",
                              severity="medium", fields=FIELDS, category="services down")
    agent = Actor.support("agent-7", roles={"shift-manager"})
    clock.advance(timedelta(hours=1))
    desk.set_severity(ticket.id, agent, "high", reason="customer is down")
    desk.solve(ticket.id, agent)
    clock.advance(timedelta(hours=2))
    desk.reply(ticket.id, Actor.customer("alice"), "still broken")
    e = desk.explain(ticket.id, Measure.RESOLUTION)
    (pause,) = e.pauses
    assert (pause.reason, pause.started_by.kind, pause.started_by.actor) == (
        "solved", "solved", "agent-7")
    assert pause.ended_by is not None and pause.ended_by.actor == "alice"
    assert e.counted_total == timedelta(hours=16)
    # Mon 09-10 and 12-16, Tue 08-16, Wed 08-11: 1h + 4h + 8h + 3h.
    assert e.due == eastern(2026, 6, 3, 11, 0) == desk.sla(ticket.id).resolution.due
    (override,) = e.overrides
    assert override.kind == "severity_change" and override.by is not None
    assert override.by.actor == "agent-7" and "customer is down" in override.detail


def test_after_hours_paging_overrides_the_first_response_target() -> None:
    clock = FixedClock(eastern(2026, 6, 2, 22, 30))  # Tuesday evening, closed
    desk = Helpdesk(MemoryStore(), _interworx(), clock)
    ticket = desk.open_ticket(Actor.customer("alice"), "down", "all sites",
                              severity="urgent", fields=FIELDS, category="services down")
    e = desk.explain(ticket.id, "first_response")
    assert e.due == eastern(2026, 6, 2, 23, 30) and e.calendar == "24x7"
    assert e.target == timedelta(hours=1)
    assert [o.kind for o in e.overrides] == ["after_hours_paging"]
    paging = desk.explain(ticket.id, "paging")
    assert paging.due == desk.paging(ticket.id).respond_by


def test_an_unknown_measure_is_refused_naming_the_allowed_ones() -> None:
    desk = Helpdesk(MemoryStore(), Policy())
    ticket = desk.open_ticket(Actor.customer("alice"), "s", "b")
    with pytest.raises(InvalidInput, match="first_response"):
        desk.explain(ticket.id, "x" * 10_000)
    with pytest.raises(InvalidInput):
        desk.explain(ticket.id, 3)  # type: ignore[arg-type]


def test_dated_closures_and_observed_holidays_are_named_as_the_calendar_closes_them() -> None:
    days_off = (HolidaySet.country("US", names={"Independence Day"}, observed=True)
                | HolidaySet.dates([date(2026, 7, 6)]))
    calendar = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-17:00"),
                                tz="America/New_York", holidays=days_off)
    assert calendar.holidays.names_between(2026, 2026) == {
        date(2026, 7, 3): "Independence Day (observed)", date(2026, 7, 4): "Independence Day",
        date(2026, 7, 6): None}
    policy = Policy(calendar=calendar, sla=SlaPolicy(targets=[
        SlaTarget(initial_response=timedelta(hours=2))]))
    clock = FixedClock(datetime(2026, 7, 2, 16, 0, tzinfo=calendar_zone(calendar)))
    desk = Helpdesk(MemoryStore(), policy, clock)
    ticket = desk.open_ticket(Actor.customer("alice"), "s", "b")
    e = desk.explain(ticket.id, "first_response")
    (skipped,) = e.skipped
    assert skipped.causes == (ClosedCause.WEEKEND, ClosedCause.HOLIDAY, ClosedCause.CLOSURE)
    assert [(d.day.day, d.name) for d in skipped.days] == [
        (3, "Independence Day (observed)"), (6, None)]
    assert e.due == datetime(2026, 7, 7, 10, 0, tzinfo=calendar_zone(calendar))
    assert "dated closure (2026-07-06)" in render_explanation(e)


def calendar_zone(calendar: BusinessCalendar) -> ZoneInfo:
    return ZoneInfo(calendar.tz)
