"""Odin's guide: initial response times, escalation by severity, the shift manager."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supportkit import (
    Actor,
    EscalationPolicy,
    EscalationRule,
    FixedClock,
    Helpdesk,
    InvalidTransition,
    NotEligible,
    PermissionDenied,
    Policy,
    SlaPolicy,
    SlaTarget,
    TicketStatus,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
ALICE = Actor.customer("alice", company="acme")
AGENT = Actor.support("agent-7")
MANAGER = Actor.support("sm-1", roles={"shift-manager"})

# "Severity 1-4: Initial Response Time 2 Hours" (Odin support is around the clock).
# "Severity 1: 1 hour after last support correspondence — Phone;
#  Severity 2: 50% of ETA has passed — Escalation Button, Phone;
#  Severity 3: ETA is missed — Escalation Button, Phone; Severity 4: N/A."
ODIN = Policy(
    name="odin-like",
    severity_change_roles={"shift-manager"},
    sla=SlaPolicy(targets=[SlaTarget(initial_response=timedelta(hours=2), calendar="24x7")]),
    escalation=EscalationPolicy(
        rules=[
            EscalationRule(level=1, trigger="since_support_reply", after=HOUR,
                           methods={"phone"}),
            EscalationRule(level=2, trigger="eta_fraction", fraction=0.5,
                           methods={"button", "phone"}),
            EscalationRule(level=3, trigger="eta_missed", methods={"button", "phone"}),
            EscalationRule(level=4, trigger="never"),
        ]
    ),
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    return Helpdesk(store=MemoryStore(), policy=ODIN, clock=clock)


@pytest.mark.parametrize("severity", [1, 2, 3, 4])
def test_initial_response_is_due_two_hours_after_submission(
    desk: Helpdesk, clock: FixedClock, severity: int
) -> None:
    t = desk.open_ticket(ALICE, subject="Panel down", body="500 errors", severity=severity)
    assert t.first_response_due == T0 + 2 * HOUR
    clock.advance(HOUR)
    desk.note(t.id, AGENT, "internal notes never count as a response")
    assert desk.get(t.id).first_response_due == T0 + 2 * HOUR
    assert desk.sla(t.id).first_response.state.value == "ok"
    clock.advance(timedelta(minutes=40))
    assert desk.sla(t.id).first_response.state.value == "at_risk"
    t = desk.reply(t.id, AGENT, "Looking into it")
    assert t.first_response_due is None, "a met deadline is no longer pending"
    assert desk.sla(t.id).first_response.state.value == "met"


def test_a_late_first_response_is_a_breach(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="Panel down", body="500 errors", severity=3)
    clock.advance(2 * HOUR)
    assert desk.sla(t.id).first_response.state.value == "breached"
    clock.advance(HOUR)
    desk.reply(t.id, AGENT, "Sorry for the wait")
    status = desk.sla(t.id)
    assert status.breached and status.first_response.consumed == 3 * HOUR


def test_severity_1_escalates_by_phone_an_hour_after_the_last_support_reply(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="All sites down", body="!!!", severity=1)
    # Support never replied: the hour counts from the ticket's creation.
    assert t.escalation_eligible_at == T0 + HOUR
    clock.advance(timedelta(minutes=30))
    t = desk.reply(t.id, AGENT, "On it")
    assert t.escalation_eligible_at == T0 + timedelta(minutes=90)
    clock.advance(timedelta(minutes=59))
    decision = desk.escalation(t.id)
    assert not decision.eligible and decision.methods == {"phone"}
    with pytest.raises(NotEligible) as refused:
        desk.escalate(t.id, ALICE, method="phone")
    assert refused.value.eligible_at == T0 + timedelta(minutes=90)
    assert refused.value.methods == {"phone"}
    assert "phone" in str(refused.value) and "2026-03-02T10:30:00+00:00" in str(refused.value)
    clock.advance(timedelta(minutes=1))
    assert desk.escalation(t.id).eligible
    with pytest.raises(NotEligible, match="method 'button' is not allowed; use phone"):
        desk.escalate(t.id, ALICE, method="button")
    # A later support reply moves the point.
    t = desk.reply(t.id, AGENT, "Update: restarting nodes")
    assert t.escalation_eligible_at == clock.now() + HOUR
    assert not desk.escalation(t.id).eligible
    clock.advance(HOUR)
    s = desk.escalate(t.id, ALICE, method="phone")
    seen = desk.get(t.id, ALICE)
    assert seen.events[-1].kind == "escalated" and seen.events[-1].data["method"] == "phone"
    assert seen.events[-1].data["eligible_at"] == s.escalation_eligible_at.isoformat()  # type: ignore[union-attr]
    assert seen.escalation_eligible_at == s.escalation_eligible_at
    assert len(desk.get(t.id).events) == len(seen.events) == s.version


def test_severity_2_escalates_once_half_the_eta_window_has_passed(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="Backups fail", body="since Monday", severity=2)
    decision = desk.escalation(t.id)
    assert decision.eligible_at is None and decision.methods == {"button", "phone"}
    with pytest.raises(NotEligible, match="no ETA is set yet"):
        desk.escalate(t.id, ALICE)
    clock.advance(HOUR)
    t = desk.set_eta(t.id, AGENT, clock.now() + 10 * HOUR)  # window: 10:00 -> 20:00
    assert t.escalation_eligible_at == T0 + 6 * HOUR
    clock.advance(5 * HOUR - timedelta(seconds=1))
    assert not desk.escalation(t.id).eligible
    clock.advance(timedelta(seconds=1))
    assert desk.escalation(t.id).eligible
    desk.escalate(t.id, ALICE, method="button")
    assert desk.get(t.id).events[-1].data["method"] == "button"


def test_severity_3_escalates_once_the_eta_is_missed(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="Slow panel", body="sometimes", severity=3)
    t = desk.set_eta(t.id, AGENT, T0 + 24 * HOUR)
    assert t.escalation_eligible_at == T0 + 24 * HOUR
    clock.set(T0 + 24 * HOUR - timedelta(seconds=1))
    with pytest.raises(NotEligible):
        desk.escalate(t.id, ALICE, method="phone")
    clock.set(T0 + 24 * HOUR)
    desk.escalate(t.id, ALICE, method="phone")
    assert desk.get(t.id).events[-1].kind == "escalated"


def test_severity_4_never_escalates(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="Typo in docs", body="p. 3", severity=4)
    desk.set_eta(t.id, AGENT, T0 + HOUR)
    clock.advance(timedelta(days=30))
    decision = desk.escalation(t.id)
    assert decision.eligible_at is None and not decision.eligible and not decision.methods
    with pytest.raises(NotEligible, match="not available for this level"):
        desk.escalate(t.id, ALICE, method="button")


def test_shift_manager_changing_severity_recomputes_from_history(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="Mail queue stuck", body="...", severity=3)
    clock.advance(timedelta(minutes=20))
    t = desk.reply(t.id, AGENT, "Checking")
    assert t.escalation_eligible_at is None  # sev 3 without an ETA
    clock.advance(timedelta(minutes=10))
    with pytest.raises(PermissionDenied):
        desk.set_severity(t.id, AGENT, 1, reason="customer insists")
    # "The Shift Manager on duty can either reduce the severity … or increase it."
    t = desk.set_severity(t.id, MANAGER, 1, reason="all mail is down")
    assert t.escalation_eligible_at == T0 + timedelta(minutes=80), "last support reply + 1h"
    assert desk.get(t.id).events[-1].data == {"status": "open", "severity": 1, "previous": 3,
                                 "reason": "all mail is down"}
    t = desk.set_severity(t.id, MANAGER, 4, reason="only one mailbox affected")
    assert t.escalation_eligible_at is None


def test_tiered_escalation_moves_the_support_group(desk: Helpdesk, clock: FixedClock) -> None:
    # "Should it not be resolvable within the currently assigned support group, it will be
    #  escalated to senior team members."
    t = desk.open_ticket(ALICE, subject="DB corruption", body="...", severity=2)
    with pytest.raises(PermissionDenied):
        desk.transfer(t.id, ALICE, "senior", reason="please")
    assert desk.transfer(t.id, AGENT, "tier-2", reason="needs a DBA").support_group == "tier-2"
    t = desk.get(t.id)
    assert t.support_group == "tier-2" and t.events[-1].kind == "transferred"
    assert t.events[-1].data["reason"] == "needs a DBA"
    with pytest.raises(PermissionDenied, match="only support"):
        desk.escalate(t.id, ALICE, method="button", target="senior")
    desk.set_eta(t.id, AGENT, T0 + 2 * HOUR)
    clock.advance(HOUR)
    assert desk.escalate(t.id, AGENT, method="phone", target="senior").support_group == "senior"
    t = desk.get(t.id)
    assert t.support_group == "senior"
    assert t.events[-1].data["previous"] == "tier-2"


def test_only_open_tickets_escalate(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="x", body="y", severity=1)
    desk.solve(t.id, AGENT)
    clock.advance(2 * HOUR)
    assert desk.get(t.id).status is TicketStatus.SOLVED
    assert desk.escalation(t.id).eligible_at is None
    with pytest.raises(InvalidTransition):
        desk.escalate(t.id, ALICE, method="phone")


def test_due_lists_what_becomes_escalatable_in_the_next_15_minutes(
    desk: Helpdesk, clock: FixedClock
) -> None:
    early = desk.open_ticket(ALICE, subject="a", body="a", severity=1)  # eligible 10:00
    clock.advance(timedelta(minutes=10))
    late = desk.open_ticket(ALICE, subject="b", body="b", severity=1)  # eligible 10:10
    clock.set(T0 + timedelta(minutes=50))
    window = clock.now(), clock.now() + timedelta(minutes=15)
    found = desk.due("escalation_eligible_at", before=window[1], after=window[0])
    assert [t.id for t in found] == [early.id]
    found = desk.due("first_response_due", before=T0 + timedelta(hours=2, minutes=15))
    assert [t.id for t in found] == [early.id, late.id]
