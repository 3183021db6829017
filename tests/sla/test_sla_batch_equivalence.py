"""The SLA batch helpers (one target look-up and one pass over the history per ticket, no
second calendar question in paging) give what a straightforward composition of the public
clock functions gives, on random tickets of every shipped preset (issue 15)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import pytest

from supportkit import Actor, BusinessCalendar, Policy, SlaPolicy, SlaTarget, presets
from supportkit.calendars import HolidaySet
from supportkit.deadlines import derive
from supportkit.sla.calendars import named_calendar, support_calendar
from supportkit.sla.clocks import (
    next_update_due,
    resolution_consumed,
    resolution_due,
    running_stretches,
    target_first_response_due,
)
from supportkit.sla.escalation import (
    EscalationDecision,
    Trigger,
    escalation_decision,
    escalation_eligible_at,
)
from supportkit.sla.paging import PagingDecision, emergency_respond_by, paging_decision
from supportkit.sla.status import MeasureStatus, SlaState, SlaStatus, sla_status
from supportkit.sla.targets import ALWAYS, CalendarLike
from supportkit.tickets.history import apply, replay
from supportkit.tickets.model import Event, Message, Ticket
from supportkit.tickets.status import TicketStatus

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGENT = Actor.support("agent-7")


def _tickets(policy: Policy, count: int, rng: random.Random) -> list[Ticket]:
    levels = [level.key for level in policy.priorities.levels]
    found = []
    for n in range(count):
        at = T0 + timedelta(minutes=rng.randrange(28 * 24 * 60))
        requester = Actor.customer(f"user-{n % 50}", company=f"company-{n % 5}")
        data = {"subject": f"ticket {n}", "severity": rng.choice(levels), "status": "open",
                "channel": "web"}
        ticket = replay(str(n + 1), [
            Event("opened", at, requester, data, Message(requester.id, requester.side, "help",
                                                         "web", at))
        ])
        for _ in range(rng.randrange(4)):
            later = ticket.updated_at + timedelta(minutes=rng.randrange(1, 3000))
            choice = rng.random()
            if choice < 0.35:
                status = rng.choice(["open", "open", "solved"])
                reply = Message(AGENT.id, AGENT.side, "looking", "web", later)
                event = Event("replied", later, AGENT, {"status": status}, reply)
            elif choice < 0.55:
                reply = Message(AGENT.id, AGENT.side, "need logs", "web", later)
                event = Event("replied", later, AGENT,
                              {"status": "open", "awaiting_information": True}, reply)
            elif choice < 0.75:
                back = Message(requester.id, requester.side, "here", "web", later)
                event = Event("replied", later, requester, {"status": "open"}, back)
            else:
                eta = later + timedelta(hours=rng.randrange(1, 72))
                event = Event("eta_set", later, AGENT, {"status": "open", "eta": eta.isoformat()})
            ticket = apply(ticket, event)
        found.append(attrs.evolve(derive(ticket, policy), version=1))
    return found


def _running(target: timedelta, consumed: timedelta, due: datetime | None, risk: float) -> (
    MeasureStatus
):
    if consumed >= target:
        return MeasureStatus(SlaState.BREACHED, target, consumed, due)
    if consumed >= target * risk:
        return MeasureStatus(SlaState.AT_RISK, target, consumed, due)
    return MeasureStatus(SlaState.OK, target, consumed, due)


def _reference_status(ticket: Ticket, policy: Policy, now: datetime) -> SlaStatus:
    """``sla_status`` as the composition of the public clock functions (before issue 15)."""
    target = policy.sla.target(ticket.severity)
    risk = policy.sla.at_risk
    # First response.
    on_target = target_first_response_due(ticket, policy)
    paged = emergency_respond_by(ticket, policy)
    dues = [d for d in (on_target, paged) if d is not None]
    first = MeasureStatus(SlaState.NONE)
    if dues:
        due = min(dues)
        calendar: CalendarLike
        if target is not None and target.initial_response is not None and due == on_target:
            calendar = named_calendar(target.calendar, ticket, policy)
            length = target.initial_response
        else:
            calendar, length = named_calendar(ALWAYS, ticket, policy), due - ticket.created_at
        answered = ticket.first_response_at
        end = now if answered is None else min(answered, now)
        consumed = max(calendar.elapsed(ticket.created_at, end), timedelta(0))
        if answered is not None and answered <= now:
            state = SlaState.BREACHED if answered > due else SlaState.MET
            first = MeasureStatus(state, length, consumed, due)
        else:
            first = _running(length, consumed, due, risk)
    # Next update.
    update = MeasureStatus(SlaState.NONE)
    if target is not None and target.next_update is not None:
        update_at = next_update_due(ticket, policy)
        if update_at is None:
            update = MeasureStatus(SlaState.NONE, target.next_update)
        else:
            calendar = named_calendar(target.calendar, ticket, policy)
            used = max(target.next_update - calendar.elapsed(now, update_at), timedelta(0))
            update = _running(target.next_update, used, update_at, risk)
    # Resolution.
    resolution = MeasureStatus(SlaState.NONE)
    if target is not None and target.resolution is not None:
        consumed = resolution_consumed(ticket, policy, now)
        due_at = resolution_due(ticket, policy, pending_only=False)
        running = any(start <= now and (end is None or end > now)
                      for start, end in running_stretches(ticket))
        if running:
            resolution = _running(target.resolution, consumed, due_at, risk)
        elif consumed >= target.resolution:
            resolution = MeasureStatus(SlaState.BREACHED, target.resolution, consumed, due_at)
        else:
            state = SlaState.PAUSED if ticket.is_active else SlaState.MET
            resolution = MeasureStatus(state, target.resolution, consumed, None)
    return SlaStatus(first, update, resolution)


def _reference_paging(ticket: Ticket, policy: Policy) -> PagingDecision:
    calendar = support_calendar(ticket, policy)
    if calendar.is_open(ticket.created_at):
        return PagingDecision(page=False, respond_by=None)
    promise = emergency_respond_by(ticket, policy)
    if promise is not None and ticket.status is TicketStatus.OPEN:
        return PagingDecision(page=True, respond_by=promise)
    return PagingDecision(page=False, respond_by=calendar.next_open(ticket.created_at))


def _reference_escalation(ticket: Ticket, policy: Policy, now: datetime) -> EscalationDecision:
    at = escalation_eligible_at(ticket, policy)
    rule = policy.escalation.rule(ticket.severity)
    methods = rule.methods if rule is not None and rule.trigger is not Trigger.NEVER else (
        frozenset()
    )
    return EscalationDecision(at is not None and now >= at, at, methods)


# Every measure running on business hours (no shipped preset sets next-update or resolution
# targets), with the preset's calendar, escalation and paging rules.
FULL_SLA = SlaPolicy(targets=[
    SlaTarget(initial_response=timedelta(hours=4), next_update=timedelta(hours=8),
              resolution=timedelta(days=2)),
], at_risk=0.5)


@pytest.mark.parametrize("full", [False, True], ids=["preset-sla", "full-sla"])
@pytest.mark.parametrize("name", presets.names())
def test_batch_helpers_match_the_public_composition(name: str, full: bool) -> None:
    policy = presets.get(name, require_entitlement=False)
    if full:
        policy = attrs.evolve(policy, sla=FULL_SLA)
    rng = random.Random(f"issue-15-{name}")
    tickets = _tickets(policy, 150, rng)
    nows = [T0 + timedelta(minutes=rng.randrange(40 * 24 * 60)) for _ in range(4)]
    for ticket in tickets:
        assert paging_decision(ticket, policy) == _reference_paging(ticket, policy)
        for now in nows:
            assert sla_status(ticket, policy, now) == _reference_status(ticket, policy, now)
            assert escalation_decision(ticket, policy, now) == _reference_escalation(
                ticket, policy, now
            )


@pytest.mark.parametrize("tz", ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe"])
def test_round_the_clock_calendar_counts_real_time_across_dst(tz: str) -> None:
    calendar = BusinessCalendar("Mon-Sun 00:00-24:00", tz)
    rng = random.Random(tz)
    paris = timezone(timedelta(hours=2))
    for _ in range(300):
        t = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(365 * 86_400))
        span = timedelta(seconds=rng.randrange(-40 * 86_400, 40 * 86_400))
        for moment in (t, t.astimezone(paris)):
            assert calendar.add(moment, span) == moment + span
            assert calendar.add(moment, span).tzinfo is moment.tzinfo
            assert calendar.elapsed(moment, moment + span) == span
            assert calendar.is_open(moment)
            assert calendar.next_open(moment) == moment


def test_round_the_clock_calendar_with_a_holiday_skips_it() -> None:
    calendar = BusinessCalendar("Mon-Sun 00:00-24:00", "UTC",
                                HolidaySet.dates([date(2026, 5, 1)]))
    start = datetime(2026, 4, 30, 12, tzinfo=UTC)
    assert calendar.add(start, timedelta(hours=24)) == datetime(2026, 5, 2, 12, tzinfo=UTC)
    assert calendar.elapsed(start, datetime(2026, 5, 2, 12, tzinfo=UTC)) == timedelta(hours=24)
    assert not calendar.is_open(datetime(2026, 5, 1, 8, tzinfo=UTC))
    assert calendar.next_open(datetime(2026, 5, 1, 8, tzinfo=UTC)) == datetime(
        2026, 5, 2, tzinfo=UTC
    )
