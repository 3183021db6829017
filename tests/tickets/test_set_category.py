"""``Helpdesk.set_category``: the event, the fold, the re-assignment, and who may do it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supportkit import (
    Account,
    AccountRole,
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
    Policy,
    TicketStatus,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store
from supportkit.serialization import structure, unstructure
from supportkit.tickets.history import replay
from supportkit.tickets.model import Ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
AGENT = Actor.support("agent-7")


def _desk(store: Store | None = None, **policy: object) -> Helpdesk:
    return Helpdesk(store or MemoryStore(), Policy(**policy), FixedClock(T0))  # type: ignore[arg-type]


def test_the_event_records_old_and_new_category_who_when_and_why() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b", category="billing")
    desk.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    s = desk.set_category(t.id, AGENT, "mail", reason="it is a bounce, not an invoice")
    assert (s.category, s.status, s.version) == ("mail", TicketStatus.OPEN, 2)
    t = desk.get(t.id)
    event = t.events[-1]
    assert (t.category, t.status, t.version) == ("mail", TicketStatus.OPEN, 2)
    assert (event.kind, event.actor, event.at) == ("categorized", AGENT, T0 + timedelta(minutes=5))
    assert dict(event.data) == {"status": "open", "category": "mail", "previous": "billing",
                                "reason": "it is a bounce, not an invoice"}
    # The snapshot is the fold of the history, and the event survives the converter.
    assert replay(t.id, t.events).category == "mail"
    assert structure(unstructure(t), Ticket) == t
    assert desk.tickets() == [s]


def test_a_ticket_without_a_category_gets_one_and_the_reason_is_optional() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b")
    assert desk.set_category(t.id, AGENT, "dns").category == "dns"
    t = desk.get(t.id)
    assert t.category == "dns"
    assert dict(t.events[-1].data) == {"status": "open", "category": "dns", "previous": None}


def test_bad_input_and_the_same_category_are_refused_and_write_nothing() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    with pytest.raises(InvalidInput, match="already has category 'mail'"):
        desk.set_category(t.id, AGENT, "mail")
    with pytest.raises(InvalidInput, match="category must be a non-empty text"):
        desk.set_category(t.id, AGENT, " ")
    with pytest.raises(InvalidInput, match="reason for the category change"):
        desk.set_category(t.id, AGENT, "dns", reason="")
    assert desk.get(t.id) == t


def test_a_category_outside_the_policy_lists_is_refused_naming_the_allowed_ones() -> None:
    desk = _desk(qualifying_categories={"mail", "dns"}, out_of_scope_categories={"plugins"})
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    with pytest.raises(InvalidInput, match=r"category 'billing' refused: .*qualify: dns, mail"):
        desk.set_category(t.id, AGENT, "billing")
    with pytest.raises(InvalidInput, match="'plugins' refused"):
        desk.set_category(t.id, AGENT, "plugins")
    assert desk.set_category(t.id, AGENT, "DNS").category == "DNS"  # as open_ticket: any case
    assert desk.get(t.id).version == 2


def test_only_support_changes_the_category_in_open_and_solved() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    with pytest.raises(InvalidTransition, match="set_category"):
        desk.set_category(t.id, ALICE, "dns")
    desk.solve(t.id, AGENT)
    assert desk.set_category(t.id, AGENT, "dns").status is TicketStatus.SOLVED
    desk.confirm(t.id, ALICE)
    with pytest.raises(InvalidTransition, match="set_category"):
        desk.set_category(t.id, AGENT, "mail")
    desk.archive(t.id, AGENT)
    with pytest.raises(InvalidTransition, match="set_category"):
        desk.set_category(t.id, AGENT, "mail")
    assert desk.get(t.id).category == "dns"


def test_severity_change_roles_do_not_limit_the_category() -> None:
    # Odin's shift-manager rule is about severity; the category follows the workflow rows.
    desk = _desk(severity_change_roles={"shift-manager"})
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    assert desk.set_category(t.id, AGENT, "dns").category == "dns"


def test_a_stranger_cannot_change_the_category() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    desk.add_account(Account("eve", AccountRole.USER))
    with pytest.raises(PermissionDenied):
        desk.set_category(t.id, desk.actor_for("eve"), "dns")


def test_the_new_category_reassigns_the_ticket_as_opening_does() -> None:
    desk = _desk(category_staff={"tech": ["ann", "bo"], "sales": ["dee"]})
    t = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    assert t.assignee == "ann"
    assert desk.set_category(t.id, AGENT, "sales", reason="asks for a quote").assignee == "dee"
    t = desk.get(t.id)
    assert t.assignee == "dee"
    assert (t.events[-1].data["assignee"], t.events[-1].data["previous_assignee"]) == (
        "dee", "ann")
    # Back to tech: the round robin goes on where it stood (ann had the first ticket).
    assert desk.set_category(t.id, AGENT, "tech").assignee == "bo"
    # A category without staff leaves the ticket unassigned, as it would open.
    assert desk.set_category(t.id, AGENT, "misc").assignee is None
    t = desk.get(t.id)
    assert t.assignee is None and t.events[-1].data["previous_assignee"] == "bo"
    assert [n.recipient for n in desk.outbox.pending()] == ["ann"]  # only the opening notifies
    assert replay(t.id, t.events).assignee is None


def test_an_unchanged_assignee_is_not_recorded_again() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b", category="mail")
    assert desk.set_category(t.id, AGENT, "dns").assignee is None
    t = desk.get(t.id)
    assert "assignee" not in t.events[-1].data and t.assignee is None


def test_staff_who_see_only_their_categories_follow_the_ticket() -> None:
    desk = _desk(category_staff={"tech": ["ann"], "billing": ["bo"]},
                 staff_visibility="categories")
    t = desk.open_ticket(ALICE, subject="s", body="b", category="billing")
    ann, bo = Actor.support("ann"), Actor.support("bo")
    assert [x.id for x in desk.tickets(ann)] == []
    desk.set_category(t.id, bo, "tech")
    assert [x.id for x in desk.tickets(ann)] == [t.id]
    assert [x.id for x in desk.tickets(bo)] == []
    with pytest.raises(PermissionDenied):
        desk.set_category(t.id, bo, "billing")


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_stores_query_the_ticket_by_its_new_category(kind: str, tmp_path: Path) -> None:
    store: Store = MemoryStore() if kind == "memory" else SqliteStore(
        tmp_path / "support.db")
    try:
        desk = _desk(store)
        t = desk.open_ticket(ALICE, subject="s", body="b", category="billing")
        desk.set_category(t.id, AGENT, "mail")
        assert [x.id for x in desk.tickets(category="mail")] == [t.id]
        assert desk.tickets(category="billing") == []
        assert [x.id for x in desk.tickets(ALICE, category="mail")] == [t.id]
    finally:
        store.close()
