"""InterWorx's guide: after-hours emergency paging on Mon-Fri 08:00-16:00 Eastern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from supportkit import (
    Actor,
    BusinessCalendar,
    EmergencyPolicy,
    FixedClock,
    Helpdesk,
    HolidaySet,
    InvalidInput,
    PagingDecision,
    Policy,
    WeeklySchedule,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure, unstructure
from supportkit.tickets import INFORMATION_TO_URGENT

EASTERN = ZoneInfo("America/New_York")
CUSTOMER = Actor.customer("carol", company="host-co")

# "Support hours are Monday-Friday 8AM - 4PM EST … closed … on: New Years Day, Memorial Day,
#  Fourth of July, Labor Day, Thanksgiving, Christmas."
HOURS = BusinessCalendar(
    WeeklySchedule.parse("Mon-Fri 08:00-16:00"),
    tz="America/New_York",
    holidays=HolidaySet.country(
        "US",
        names={"New Year's Day", "Memorial Day", "Independence Day", "Labor Day",
               "Thanksgiving Day", "Christmas Day"},
        observed=False,
    ),
)
# "Outside of normal InterWorx Support hours, tickets that are marked with High or Urgent
#  priorities send an alert to the phones of the InterWorx Support Team."
INTERWORX = Policy(
    name="interworx-like",
    priorities=INFORMATION_TO_URGENT,
    calendar=HOURS,
    emergency=EmergencyPolicy(priorities={"high", "urgent"}),
)


def eastern(*args: int) -> datetime:
    return datetime(*args, tzinfo=EASTERN)  # type: ignore[misc]


def submit(at: datetime, priority: str, policy: Policy = INTERWORX,
           category: str | None = None) -> tuple[Helpdesk, str]:
    desk = Helpdesk(MemoryStore(), policy, FixedClock(at))
    ticket = desk.open_ticket(CUSTOMER, subject="Sites down", body="all of them",
                              severity=priority, category=category)
    return desk, ticket.id


@pytest.mark.parametrize("priority", ["high", "urgent"])
def test_before_midnight_pages_and_is_answered_within_the_hour(priority: str) -> None:
    # "if the ticket is submitted before Midnight, EST, the ticket should be addressed within
    #  the hour" — Wednesday 19:00 Eastern.
    desk, tid = submit(eastern(2026, 3, 4, 19, 0), priority)
    decision = desk.paging(tid)
    assert decision.page and decision.respond_by == eastern(2026, 3, 4, 20, 0)


@pytest.mark.parametrize("priority", ["high", "urgent"])
def test_after_midnight_pages_with_respond_by_eight_that_morning(priority: str) -> None:
    # "tickets submitted after Midnight, EST, may not be seen or addressed until the next
    #  morning" — Thursday 02:00 Eastern → by 08:00 that morning.
    desk, tid = submit(eastern(2026, 3, 5, 2, 0), priority)
    decision = desk.paging(tid)
    assert decision.page and decision.respond_by == eastern(2026, 3, 5, 8, 0)


def test_the_cutoff_is_local_midnight_exactly() -> None:
    desk, tid = submit(eastern(2026, 3, 5, 0, 0), "urgent")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 5, 8, 0)
    desk, tid = submit(eastern(2026, 3, 4, 23, 59), "urgent")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 5, 0, 59)
    desk, tid = submit(eastern(2026, 3, 5, 7, 59), "urgent")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 5, 8, 0)


@pytest.mark.parametrize("priority", ["medium", "low", "information"])
def test_other_priorities_after_hours_wait_for_the_next_opening(priority: str) -> None:
    # Friday 17:00 → Monday 08:00.
    desk, tid = submit(eastern(2026, 3, 6, 17, 0), priority)
    decision = desk.paging(tid)
    assert not decision.page and decision.respond_by == eastern(2026, 3, 9, 8, 0)


@pytest.mark.parametrize("priority", ["urgent", "high", "medium"])
def test_nothing_pages_inside_open_hours(priority: str) -> None:
    for at in (eastern(2026, 3, 4, 8, 0), eastern(2026, 3, 4, 15, 59)):
        desk, tid = submit(at, priority)
        assert desk.paging(tid).page is False


def test_closing_time_itself_is_after_hours() -> None:
    desk, tid = submit(eastern(2026, 3, 4, 16, 0), "urgent")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 4, 17, 0)


def test_weekends_follow_the_guide_literally() -> None:
    # Reading: the promise depends on the local time of day only. Saturday 02:00 → by 08:00
    # "that morning" (Saturday, not Monday); Saturday 10:00 → within the hour.
    desk, tid = submit(eastern(2026, 3, 7, 2, 0), "urgent")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 7, 8, 0)
    desk, tid = submit(eastern(2026, 3, 7, 10, 0), "high")
    assert desk.paging(tid).respond_by == eastern(2026, 3, 7, 11, 0)


def test_holidays_are_after_hours() -> None:
    # Thanksgiving 2026 is Thursday 26 November: closed, except for emergency support.
    desk, tid = submit(eastern(2026, 11, 26, 10, 0), "urgent")
    assert desk.paging(tid).page and desk.paging(tid).respond_by == eastern(2026, 11, 26, 11)
    desk, tid = submit(eastern(2026, 11, 26, 10, 0), "medium")
    assert desk.paging(tid).respond_by == eastern(2026, 11, 27, 8, 0)


def test_morning_after_a_dst_change_is_local_eight() -> None:
    # 8 March 2026: clocks spring forward at 02:00. Sunday 01:30 EST → 08:00 EDT.
    desk, tid = submit(datetime(2026, 3, 8, 6, 30, tzinfo=UTC), "urgent")
    respond_by = desk.paging(tid).respond_by
    assert respond_by == datetime(2026, 3, 8, 12, 0, tzinfo=UTC) == eastern(2026, 3, 8, 8, 0)


def test_qualifying_categories_can_be_required() -> None:
    # "What qualifies for after hours emergency support: services are down … service
    #  interruption …"
    policy = Policy(
        priorities=INFORMATION_TO_URGENT,
        calendar=HOURS,
        emergency=EmergencyPolicy(priorities={"high", "urgent"},
                                  categories={"services down", "service interruption"}),
    )
    at = eastern(2026, 3, 4, 21, 0)
    desk, tid = submit(at, "urgent", policy, category="services down")
    assert desk.paging(tid).page
    desk, tid = submit(at, "urgent", policy, category="billing")
    decision = desk.paging(tid)
    assert not decision.page and decision.respond_by == eastern(2026, 3, 5, 8, 0)


def test_without_an_emergency_policy_nothing_pages() -> None:
    policy = Policy(priorities=INFORMATION_TO_URGENT, calendar=HOURS)
    desk, tid = submit(eastern(2026, 3, 4, 21, 0), "urgent", policy)
    assert desk.paging(tid) == PagingDecision(page=False, respond_by=eastern(2026, 3, 5, 8))


def test_emergency_policy_round_trips_and_is_validated() -> None:
    data = unstructure(INTERWORX)
    assert data["emergency"]["morning"] == "08:00" and data["emergency"]["cutoff"] == "00:00"
    assert data["emergency"]["respond_within"] == "1h"
    assert structure(data, Policy) == INTERWORX
    with pytest.raises(InvalidInput, match="not a key"):
        Policy(priorities=INFORMATION_TO_URGENT, emergency=EmergencyPolicy(priorities={"High"}))
    with pytest.raises(InvalidInput, match="zone"):
        EmergencyPolicy(priorities={"high"}, tz="Mars/Olympus")
    assert Policy().emergency is None and Policy().calendar == BusinessCalendar.always()
    when = eastern(2026, 3, 4, 21, 0)
    assert submit(when, 3, Policy())[0].paging("1").page is False  # 24x7: never after hours
    assert timedelta(hours=1) == INTERWORX.emergency.respond_within  # type: ignore[union-attr]


def test_the_paging_promise_is_a_pollable_first_response_deadline() -> None:
    desk, tid = submit(eastern(2026, 3, 4, 19, 0), "urgent")
    ticket = desk.get(tid)
    assert ticket.first_response_due == eastern(2026, 3, 4, 20, 0)
    soon = desk.due("first_response_due", before=eastern(2026, 3, 4, 20, 15),
                    after=eastern(2026, 3, 4, 19, 45))
    assert [t.id for t in soon] == [tid]
    assert desk.sla(tid, at=eastern(2026, 3, 4, 19, 50)).first_response.state.value == "at_risk"
    assert desk.sla(tid, at=eastern(2026, 3, 4, 20, 0)).first_response.state.value == "breached"
    desk.clock.set(eastern(2026, 3, 4, 19, 40))  # type: ignore[attr-defined]
    answered = desk.reply(tid, Actor.support("on-call"), "Looking now")
    assert answered.first_response_due is None
    assert desk.sla(tid).first_response.state.value == "met"
    # A medium ticket after hours has no promise (and InterWorx names no response target).
    desk, tid = submit(eastern(2026, 3, 4, 19, 0), "medium")
    assert desk.get(tid).first_response_due is None
