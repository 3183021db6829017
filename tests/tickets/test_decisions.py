"""The ticket actions' decisions are pure functions (issue 14: "decisions move into pure
domain code"): given the ticket as it stands, the workflow row, the instant and the piece of
settings they need, they return the event or raise the refusal, with no store involved.
The desk contract suite checks the same rules through ``Helpdesk``; these pin them down
where they are decided."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from supportkit import Actor, FixedClock, Helpdesk, Ticket
from supportkit.adapters.memory import MemoryStore
from supportkit.errors import InvalidInput, InvalidTransition, PermissionDenied
from supportkit.tickets.decisions import (
    check_reopen_window,
    check_roles,
    eta_event,
    replacement_event,
    require_support,
    transfer_event,
)
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Action, Transition, default_workflow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
AGENT = Actor.support("agent-7")
WINDOW = timedelta(days=30)
WORKFLOW = default_workflow()


def _row(status: TicketStatus, action: Action, actor: Actor) -> Transition:
    row = WORKFLOW.find(status, action, actor.side)
    assert row is not None
    return row


@pytest.fixture(scope="module")
def closed() -> Ticket:
    """A ticket closed by its customer at T0 (built once; the decisions never see a store)."""
    desk = Helpdesk(MemoryStore(), clock=FixedClock(T0))
    ticket = desk.open_ticket(ALICE, subject="Mail down", body="Since 9:00")
    desk.close(ticket.id, ALICE)
    return desk.get(ticket.id)


def test_reopen_is_allowed_until_the_window_ends_and_refused_from_its_end(closed: Ticket) -> None:
    row = _row(TicketStatus.CLOSED, Action.REOPEN, ALICE)
    assert row.windowed
    check_reopen_window(closed, row, T0 + WINDOW - timedelta(microseconds=1), WINDOW, WORKFLOW)
    with pytest.raises(InvalidTransition) as refused:
        check_reopen_window(closed, row, T0 + WINDOW, WINDOW, WORKFLOW)
    assert refused.value.allowed == ("archive",), "what the customer may still do"
    assert "Helpdesk.follow_up('1'" in str(refused.value)
    assert f"ended on {(T0 + WINDOW).isoformat()}" in str(refused.value)
    check_reopen_window(closed, row, T0 + 10 * WINDOW, None, WORKFLOW)  # no window: always


def test_a_row_outside_the_window_rule_is_never_refused_by_it(closed: Ticket) -> None:
    row = _row(TicketStatus.CLOSED, Action.ARCHIVE, ALICE)
    check_reopen_window(closed, row, T0 + 10 * WINDOW, WINDOW, WORKFLOW)


def test_replacing_a_value_by_itself_is_refused_and_a_new_one_records_the_old(
    closed: Ticket,
) -> None:
    row = _row(TicketStatus.OPEN, Action.SET_SUBJECT, AGENT)
    with pytest.raises(InvalidInput, match="already has subject 'Mail down'"):
        replacement_event(closed, row, AGENT, T0, "subject", "Mail down")
    event = replacement_event(closed, row, AGENT, T0, "subject", "Webmail down", reason="scope")
    assert event.data == {"status": "open", "subject": "Webmail down",
                          "previous": "Mail down", "reason": "scope"}
    assert (event.kind, event.actor, event.at) == ("retitled", AGENT, T0)


def test_an_eta_in_the_past_is_refused(closed: Ticket) -> None:
    row = _row(TicketStatus.OPEN, Action.SET_ETA, AGENT)
    with pytest.raises(InvalidInput, match="in the past"):
        eta_event(row, AGENT, T0, T0 - timedelta(seconds=1))
    assert eta_event(row, AGENT, T0, T0).data["eta"] == T0.isoformat()


def test_a_transfer_to_the_current_group_is_refused(closed: Ticket) -> None:
    row = _row(TicketStatus.OPEN, Action.ESCALATE, AGENT)
    event = transfer_event(closed, row, AGENT, T0, "tier-2", "senior look")
    assert event.kind == "transferred"
    assert event.data["previous"] == closed.support_group
    with pytest.raises(InvalidInput, match="already with group 'tier-2'"):
        transfer_event(attrs.evolve(closed, support_group="tier-2"), row, AGENT, T0,
                       "tier-2", "again")


def test_roles_and_sides() -> None:
    check_roles(AGENT, frozenset(), "set severities")  # no roles listed: anyone may
    with pytest.raises(PermissionDenied, match="allowed roles: shift-manager"):
        check_roles(AGENT, frozenset({"shift-manager"}), "set severities")
    check_roles(Actor.support("sm", roles={"shift-manager"}), frozenset({"shift-manager"}),
                "set severities")
    require_support(AGENT, "transfer tickets")
    with pytest.raises(PermissionDenied, match="only support may"):
        require_support(ALICE, "transfer tickets")
