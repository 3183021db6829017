"""Category staff assignment, staff visibility, plain customers, paging and redaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from supportkit import (
    Account,
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Policy,
    TicketQuery,
    TicketStatus,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="acme")
MALLORY = Actor.customer("mallory", company="evil")


def _desk(**policy: object) -> Helpdesk:
    return Helpdesk(MemoryStore(), Policy(**policy), FixedClock(T0))  # type: ignore[arg-type]


def test_round_robin_over_category_staff() -> None:
    # ISPmanager: a category "allows to assign a ticket to one of the support center stuff
    # member".
    desk = _desk(category_staff={"tech": ["ann", "bo", "cy"], "sales": ["dee"]})
    got = [desk.open_ticket(ALICE, subject="s", body="b", category=c).assignee
           for c in ["tech", "tech", "sales", "tech", "tech", None]]
    assert got == ["ann", "bo", "dee", "cy", "ann", None]
    with desk.store.unit_of_work() as uow:
        assert uow.records.get("assignment", "tech") == {"next": 1}


def test_least_loaded_counts_open_tickets_assigned() -> None:
    desk = _desk(category_staff={"tech": ["ann", "bo"]}, assignment="least_loaded")
    first = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    second = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    assert (first.assignee, second.assignee) == ("ann", "bo")
    desk.solve(first.id, Actor.support("ann"))  # ann has nothing open any more
    third = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    fourth = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    assert (third.assignee, fourth.assignee) == ("ann", "ann")  # 0 < 1, then a tie: first
    assert desk.open_ticket(ALICE, subject="s", body="b", category="tech").assignee == "bo"
    counts = {s: len(desk.tickets(TicketQuery(assignee=s, statuses={TicketStatus.OPEN})))
              for s in ["ann", "bo"]}
    assert counts == {"ann": 2, "bo": 2}


def test_assignee_is_notified_of_a_new_ticket() -> None:
    desk = _desk(category_staff={"tech": ["ann"]})
    desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    assert [n.recipient for n in desk.outbox.pending()] == ["ann"]


def test_staff_restricted_to_their_categories() -> None:
    desk = _desk(category_staff={"tech": ["ann"], "billing": ["bo"]},
                 staff_visibility="categories", staff_unrestricted_roles={"lead"})
    tech = desk.open_ticket(ALICE, subject="s", body="b", category="tech")
    billing = desk.open_ticket(ALICE, subject="s", body="b", category="billing")
    other = desk.open_ticket(ALICE, subject="s", body="b")
    ann, lead = Actor.support("ann"), Actor.support("lee", roles={"lead"})
    assert [t.id for t in desk.tickets(ann)] == [tech.id]
    assert desk.reply(tech.id, ann, "on it").status is TicketStatus.OPEN
    with pytest.raises(PermissionDenied) as forbidden:
        desk.reply(billing.id, ann, "peek")
    with pytest.raises(PermissionDenied) as unknown:
        desk.reply("999", ann, "peek")
    assert str(unknown.value) == str(forbidden.value).replace(repr(billing.id), "'999'")
    assert [t.id for t in desk.tickets(lead)] == [tech.id, billing.id, other.id]
    with pytest.raises(NotFound):
        desk.get("999", lead)  # who sees everything learns nothing from a refusal
    # A staff member also sees tickets assigned to them outside their categories.
    desk.open_ticket(ALICE, subject="s", body="b", category="billing")  # → bo
    assert [t.assignee for t in desk.tickets(Actor.support("bo"))] == ["bo", "bo"]


def test_plain_customers_keep_own_and_company_views() -> None:
    # Open-Xchange: "My Tickets" vs "Company tickets".
    desk = _desk()
    mine = desk.open_ticket(ALICE, subject="s", body="b")
    bobs = desk.open_ticket(BOB, subject="s", body="b")
    desk.open_ticket(MALLORY, subject="s", body="b")
    assert [t.id for t in desk.tickets(ALICE, scope="own")] == [mine.id]
    assert [t.id for t in desk.tickets(ALICE, scope="company")] == [mine.id, bobs.id]
    assert [t.id for t in desk.tickets(MALLORY, scope="company")] == ["3"]
    own_only = Helpdesk(desk.store, Policy(scopes={"own"}), desk.clock)
    with pytest.raises(PermissionDenied, match="scope 'company' is not open to alice"):
        own_only.tickets(ALICE, scope="company")
    with pytest.raises(PermissionDenied):
        own_only.reply(bobs.id, ALICE, "colleague")


def test_filters_and_keyset_paging_across_scopes() -> None:
    desk = _desk()
    desk.add_account(Account("res", "reseller"))
    desk.add_account(Account("u1", "user", parent="res", company="acme"))
    ids = []
    for who in [Actor.customer("res"), ALICE, Actor.customer("u1"), MALLORY, BOB]:
        ids.append(desk.open_ticket(who, subject="s", body="b").id)
    # res sees its own ticket (1), u1's (3, handled). u1 sees 3 (own) and acme's 2, 5.
    assert [t.id for t in desk.tickets("u1")] == ["2", "3", "5"]
    assert [t.id for t in desk.tickets("u1", limit=2)] == ["2", "3"]
    assert [t.id for t in desk.tickets("u1", after_id="2", limit=2)] == ["3", "5"]
    desk.solve("5", Actor.support("agent"))
    assert [t.id for t in desk.tickets("u1", status="solved")] == ["5"]
    assert [t.id for t in desk.tickets("res", status=["open"])] == ["1", "3"]
    # A raw query for system use, positional as before, or with viewer=None.
    assert [t.id for t in desk.tickets(TicketQuery(company="evil"))] == ["4"]
    assert [t.id for t in desk.tickets(query=TicketQuery(requester="u1"))] == ["3"]
    # A viewer's query narrows its scopes; it never widens them.
    assert desk.tickets("u1", query=TicketQuery(company="evil")) == []
    with pytest.raises(PermissionDenied, match="'nobody' is not an account"):
        desk.tickets("nobody")
    with pytest.raises(InvalidInput, match="scope 'own' needs a viewer"):
        desk.tickets(scope="own")


def test_an_account_is_what_the_store_says_not_what_the_actor_claims() -> None:
    desk = _desk()
    desk.add_account(Account("u1", "user", company="acme"))
    theirs = desk.open_ticket(MALLORY, subject="s", body="b")
    with pytest.raises(PermissionDenied):
        desk.reply(theirs.id, Actor.customer("u1", company="evil"), "I am evil too")
    t = desk.open_ticket(Actor.customer("u1", company="evil"), subject="s", body="b")
    assert t.requester.company == "acme" and "user" in t.requester.roles


def test_customer_side_readers_never_see_internal_notes() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b")
    desk.note(t.id, Actor.support("agent"), "customer is difficult")
    desk.reply(t.id, Actor.support("agent"), "hello")
    for view in (desk.get(t.id, ALICE), desk.get(t.id, BOB)):
        assert [m.body for m in view.messages] == ["b", "hello"]
        assert [e.kind for e in view.events] == ["opened", "replied"]
    for row in (*desk.tickets(ALICE), *desk.tickets(BOB)):
        assert (row.id, row.message_count, row.public_message_count) == (t.id, 2, 2)
    staff = desk.get(t.id, Actor.support("agent"))
    assert [m.body for m in staff.messages] == ["b", "customer is difficult", "hello"]
    (staff_row,) = desk.tickets(Actor.support("agent"))
    assert (staff_row.message_count, staff_row.public_message_count) == (3, 2)
