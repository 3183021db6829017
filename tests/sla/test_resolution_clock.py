"""The resolution clock pauses while SOLVED or awaiting information, and resumes on reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from supportkit import (
    Actor,
    BusinessCalendar,
    Event,
    FixedClock,
    Helpdesk,
    InvalidInput,
    Message,
    Policy,
    SlaPolicy,
    SlaTarget,
    TicketStatus,
    WeeklySchedule,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.deadlines import derive
from supportkit.sla import deadlines, sla_status
from supportkit.tickets.history import replay

HOUR = timedelta(hours=1)
MON = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, opening time
ALICE = Actor.customer("alice")
AGENT = Actor.support("agent")
MANAGER = Actor.support("sm", roles={"shift-manager"})
OFFICE = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-17:00"), tz="UTC")
POLICY = Policy(
    calendar=OFFICE,
    severity_change_roles={"shift-manager"},
    sla=SlaPolicy(
        targets=[
            SlaTarget(level=1, initial_response=HOUR, resolution=4 * HOUR, calendar="24x7"),
            SlaTarget(initial_response=4 * HOUR, next_update=8 * HOUR,
                      resolution=8 * HOUR),
        ],
        at_risk=0.5,
    ),
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MON)


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    return Helpdesk(MemoryStore(), POLICY, clock)


def test_resolution_is_due_after_the_target_in_business_time(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    assert t.resolution_due == MON + 8 * HOUR  # Monday 17:00
    assert t.first_response_due == MON + 4 * HOUR
    assert t.next_update_due is None, "no next update before the first response"


def test_solving_pauses_and_a_customer_reply_resumes(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    clock.advance(2 * HOUR)
    desk.reply(t.id, AGENT, "try this")
    t = desk.solve(t.id, AGENT)  # 2h of 8h used, Monday 11:00
    assert t.resolution_due is None and t.next_update_due is None
    assert desk.sla(t.id).resolution.state.value == "paused"
    clock.set(MON + timedelta(days=2, hours=1))  # Wednesday 10:00: paused time never counts
    assert desk.sla(t.id).resolution.consumed == 2 * HOUR
    t = desk.reply(t.id, ALICE, "still broken")
    assert t.resolution_due == clock.now() + 6 * HOUR  # Wednesday 16:00
    assert t.next_update_due == MON + timedelta(days=3, hours=1), "8h from the resume: Thu 10:00"
    assert desk.sla(t.id).resolution.state.value == "ok"
    clock.advance(3 * HOUR)  # 5h of 8h used: at risk from 50%
    assert desk.sla(t.id).resolution.state.value == "at_risk"


def test_awaiting_information_pauses_until_the_customer_replies() -> None:
    opened = Event("opened", MON, ALICE, {"subject": "s", "severity": 3, "status": "open",
                                          "awaiting_information": True})
    t = derive(replay("1", [opened]), POLICY)
    assert t.resolution_due is None, "on hold from the start"
    assert t.first_response_due == MON + 4 * HOUR, "the first response does not wait"
    assert sla_status(t, POLICY, MON + 5 * HOUR).resolution.consumed == timedelta(0)
    at = MON + 2 * HOUR
    answer = Event("replied", at, ALICE, {"status": "open"},
                   Message("alice", "customer", "here it is", "web", at))
    t = derive(replay("1", [opened, answer]), POLICY)
    # 6h Monday 11:00-17:00, then 2h Tuesday: Tuesday 11:00.
    assert t.resolution_due == MON + timedelta(days=1, hours=2)
    note = Message("agent", "support", "asked on the phone", "internal", at, internal=True)
    internal = Event("noted", at, AGENT, {"status": "open"}, note)
    t = derive(replay("1", [opened, internal]), POLICY)
    assert t.resolution_due is None, "an internal note does not release the hold"
    release = Event("noted", MON + HOUR, AGENT, {"awaiting_information": False})
    t = derive(replay("1", [opened, release]), POLICY)
    assert t.resolution_due == MON + timedelta(days=1, hours=1)


def test_a_breach_before_the_pause_stays_a_breach(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=1)  # 4h, 24x7
    clock.advance(5 * HOUR)
    desk.solve(t.id, AGENT)
    status = desk.sla(t.id)
    assert status.resolution.state.value == "breached" and status.breached
    clock.advance(24 * HOUR)
    t = desk.reply(t.id, ALICE, "again")
    assert t.resolution_due == MON + 4 * HOUR, "the instant the target was used up"


def test_severity_change_recomputes_without_losing_paused_time(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    clock.advance(HOUR)
    desk.solve(t.id, AGENT)  # 1h used
    clock.advance(20 * HOUR)  # Tuesday 06:00 (paused)
    desk.reply(t.id, ALICE, "no")  # resumes; office opens 09:00
    clock.advance(4 * HOUR)  # Tuesday 10:00
    t = desk.set_severity(t.id, MANAGER, 1, reason="outage")
    # Severity 1 is 4h on 24x7: 1h Monday + 4h since Tuesday 06:00 -> breached at 09:00.
    assert t.resolution_due == MON + timedelta(days=1)
    assert t.first_response_due == MON + HOUR
    t = desk.set_severity(t.id, MANAGER, 3, reason="workaround in place")
    # Back to 8h of office time: 1h Monday, then Tuesday from 09:00 -> 16:00.
    assert t.resolution_due == MON + timedelta(days=1, hours=7)


def test_deadlines_are_a_function_of_history_and_policy(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    clock.advance(HOUR)
    desk.reply(t.id, AGENT, "hello")
    t = desk.get(t.id)
    looser = attrs.evolve(POLICY, sla=SlaPolicy(targets=[SlaTarget(resolution=16 * HOUR)]))
    assert deadlines(t, looser).resolution_due == MON + timedelta(days=1, hours=8)
    assert deadlines(t, Policy()).resolution_due is None
    assert derive(t, POLICY) is t


def test_sla_policy_is_validated() -> None:
    with pytest.raises(InvalidInput, match="positive duration"):
        SlaTarget(initial_response=timedelta(0))
    with pytest.raises(InvalidInput, match="same level"):
        SlaPolicy(targets=[SlaTarget(level=1), SlaTarget(level=1)])
    with pytest.raises(InvalidInput, match="fraction"):
        SlaPolicy(at_risk=1.5)
    with pytest.raises(InvalidInput, match="unknown calendars"):
        Policy(sla=SlaPolicy(targets=[SlaTarget(calendar="premium")]))
    with pytest.raises(InvalidInput, match="not a key"):
        Policy(sla=SlaPolicy(targets=[SlaTarget(level="urgent")]))
    assert Policy(calendars={"premium": BusinessCalendar.always()},
                  sla=SlaPolicy(targets=[SlaTarget(calendar="premium")])).sla.targets


def test_the_service_level_picks_the_support_calendar() -> None:
    # OpenSVC: "Standard" Mon-Fri 09:00-18:00 Europe/Paris, "Premium" 24x7.
    standard = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-18:00"), tz="Europe/Paris")
    policy = Policy(
        calendar=standard,
        calendars={"standard": standard, "premium": BusinessCalendar.always()},
        sla=SlaPolicy(targets=[SlaTarget(initial_response=4 * HOUR)]),
    )
    friday_evening = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)  # 18:00 in Paris
    opened = Event("opened", friday_evening, ALICE,
                   {"subject": "s", "severity": 3, "status": "open", "service_level": "premium"})
    assert deadlines(replay("1", [opened]), policy).first_response_due == friday_evening + 4 * HOUR
    standard_ticket = replay("2", [attrs.evolve(opened, data={**opened.data,
                                                              "service_level": "standard"})])
    # Monday 09:00 Paris (08:00 UTC) + 4h.
    assert deadlines(standard_ticket, policy).first_response_due == datetime(
        2026, 3, 9, 12, 0, tzinfo=UTC)


def test_next_update_is_measured_from_the_last_support_reply(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    assert desk.sla(t.id).next_update.state.value == "none"
    clock.advance(HOUR)
    t = desk.reply(t.id, AGENT, "first answer")  # Monday 10:00: next update by Tuesday 10:00
    assert t.next_update_due == MON + timedelta(days=1, hours=1)
    clock.advance(3 * HOUR)
    assert desk.sla(t.id).next_update.state.value == "ok"
    clock.advance(HOUR)  # 4h of 8h office time used: at risk from 50%
    assert desk.sla(t.id).next_update.state.value == "at_risk"
    clock.set(MON + timedelta(days=1, hours=2))
    status = desk.sla(t.id)
    assert status.next_update.state.value == "breached" and status.breached
    assert status.next_update.consumed == 9 * HOUR
    t = desk.reply(t.id, AGENT, "second answer")
    assert t.next_update_due == clock.now() + timedelta(days=1)
    assert desk.due("next_update_due", before=clock.now() + timedelta(days=2),
                    statuses=[TicketStatus.SOLVED]) == []
    assert [x.id for x in desk.due("next_update_due", before=clock.now() + timedelta(days=2),
                                   statuses=[TicketStatus.OPEN])] == [t.id]
    with pytest.raises(InvalidInput):
        desk.due("whenever", before=clock.now())
