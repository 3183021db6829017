"""ISPmanager's support center (seed 004) with the account hierarchy and its workflow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supportkit import (
    Account,
    AccountRole,
    FixedClock,
    Helpdesk,
    PermissionDenied,
    Policy,
    Side,
    TicketStatus,
)
from supportkit.access.workflows import ispmanager_workflow
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    desk = Helpdesk(MemoryStore(), Policy(workflow=ispmanager_workflow()), clock)
    for account in [
        Account("admin", AccountRole.ADMIN, email="admin@panel.example"),
        Account("reseller", AccountRole.RESELLER, parent="admin", email="sales@host.example"),
        Account("user", AccountRole.USER, parent="reseller", company="acme"),
        Account("direct", AccountRole.USER, parent="admin"),
        Account("mailbox", AccountRole.MAILBOX, parent="user"),
        Account("ftp", AccountRole.FTP, parent="direct"),
    ]:
        desk.add_account(account)
    return desk


def test_each_level_submits_to_the_level_above(desk: Helpdesk) -> None:
    # "Reseller may ... submit tickets to his administrator." "A user may submit new tickets
    # to a reseller or a control panel administrator." "FTP accounts and Mailbox users may
    # use the support center in order to post tickets for their users they belong to."
    sent = {
        who: desk.open_ticket(desk.actor_for(who), subject="help", body="b").addressed_to
        for who in ["reseller", "user", "direct", "mailbox", "ftp", "admin"]
    }
    assert sent == {"reseller": "admin", "user": "reseller", "direct": "admin",
                    "mailbox": "user", "ftp": "direct", "admin": None}


def test_each_level_processes_the_tickets_below_it(desk: Helpdesk) -> None:
    # "Control panel administrator may use the support center to process problem reports of
    # his resellers and users, or users of his resellers"; "User may use the support center
    # to process trouble tickets sent by his FTP accounts and mailboxes owners."
    ids = {
        who: desk.open_ticket(desk.actor_for(who), subject=who, body="b").id
        for who in ["reseller", "user", "mailbox", "ftp"]
    }

    def handled(viewer: str) -> set[str]:
        return {t.subject for t in desk.tickets(viewer, scope="handled")}

    assert handled("admin") == {"reseller", "user", "mailbox", "ftp"}
    assert handled("reseller") == {"user", "mailbox"}
    assert handled("user") == {"mailbox"}
    assert handled("direct") == {"ftp"}
    assert handled("mailbox") == set()
    assert desk.actor_for("admin", ids["mailbox"]).side is Side.SUPPORT
    with pytest.raises(PermissionDenied):
        desk.get(ids["ftp"], "reseller")


def test_reply_from_above_solves_and_from_below_reopens(desk: Helpdesk) -> None:
    # "If the ticket was submitted by an administrator to his reseller or user, or by a
    # reseller to his user, the ticket status will be changed into 'solved'."
    t = desk.open_ticket(desk.actor_for("user"), subject="Mail down", body="b")
    s = desk.reply(t.id, desk.actor_for("reseller", t.id), "MX fixed")
    assert s.status is TicketStatus.SOLVED
    # "If the ticket was submitted by a user to his reseller or administrator, the ticket
    # status will be automatically changed into 'open'."
    s = desk.reply(t.id, desk.actor_for("user", t.id), "still down")
    assert s.status is TicketStatus.OPEN
    # The admin above the reseller answers as the upper level, too.
    assert desk.reply(t.id, desk.actor_for("admin", t.id), "looking").status is (
        TicketStatus.SOLVED)


def test_a_message_brings_closed_and_archived_tickets_back(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "If it was located in the Closed tickets, it will be moved to the list of active
    # tickets." — with no reopen window: a year later still works.
    t = desk.open_ticket(desk.actor_for("user"), subject="s", body="b")
    user, reseller = desk.actor_for("user", t), desk.actor_for("reseller", t)
    desk.close(t.id, user)
    clock.advance(timedelta(days=365))
    s = desk.reply(t.id, user, "it is back")
    assert s.status is TicketStatus.OPEN and s.is_active
    # "Once a problem described in a ticket has been resolved, it should be removed to the
    # archive."
    assert desk.archive(t.id, reseller).status is TicketStatus.ARCHIVED
    clock.advance(timedelta(days=365))
    s = desk.reply(t.id, user, "again")
    assert s.status is TicketStatus.OPEN and s.is_active and desk.get(t.id).archived_at is None
    # An answer from above on an archived ticket puts it back on the list as answered.
    desk.archive(t.id, user)
    s = desk.reply(t.id, reseller, "answered")
    assert s.status is TicketStatus.SOLVED and s.is_active


def test_archived_tickets_can_be_opened_again(desk: Helpdesk, clock: FixedClock) -> None:
    # "Once you are done, you can locate this ticket in the Closed tickets module and open
    # it again, if necessary."
    t = desk.open_ticket(desk.actor_for("user"), subject="s", body="b")
    desk.archive(t.id, desk.actor_for("user", t))
    clock.advance(timedelta(days=400))
    assert desk.reopen(t.id, desk.actor_for("user", t)).status is TicketStatus.OPEN


def test_a_level_opens_a_ticket_towards_its_children(desk: Helpdesk) -> None:
    # "Control panel administrator may ... submit tickets to the control panel user
    # accounts." A ticket from above starts 'solved' (a message from above).
    t = desk.open_ticket(desk.actor_for("admin"), subject="Maintenance", body="b", to="user")
    assert (t.status, t.addressed_to, t.requester.side) == (
        TicketStatus.SOLVED, "user", Side.SUPPORT)
    assert t.solved_at == T0
    assert desk.actor_for("user", t).side is Side.CUSTOMER
    assert desk.actor_for("reseller", t).side is Side.SUPPORT
    assert [x.id for x in desk.tickets("user", scope="handled")] == [t.id]
    assert desk.reply(t.id, desk.actor_for("user", t), "ok?").status is TicketStatus.OPEN
    with pytest.raises(PermissionDenied, match="only towards accounts below it"):
        desk.open_ticket(desk.actor_for("reseller"), subject="s", body="b", to="direct")
    with pytest.raises(PermissionDenied, match="only towards accounts below it"):
        desk.open_ticket(desk.actor_for("user"), subject="s", body="b", to="admin")


def test_tickets_to_someone_with_an_email_are_sent_there(desk: Helpdesk) -> None:
    # "If a user has provided his e-mail address ..., all the tickets submitted to him by
    # other accounts will be automatically sent to a specified e-mail address."
    desk.open_ticket(desk.actor_for("user"), subject="to reseller", body="b")
    desk.open_ticket(desk.actor_for("mailbox"), subject="to user", body="b")
    sent = [(n.subject, n.recipient, n.email) for n in desk.outbox.pending()]
    assert sent == [("to reseller", "reseller", "sales@host.example"),
                    ("to user", "user", None)]


def test_support_routing_sends_every_ticket_to_the_support_organisation(
    clock: FixedClock,
) -> None:
    desk = Helpdesk(MemoryStore(), Policy(routing="support"), clock)
    desk.add_account(Account("reseller", "reseller"))
    desk.add_account(Account("user", "user", parent="reseller"))
    t = desk.open_ticket(desk.actor_for("user"), subject="s", body="b")
    assert t.addressed_to is None
    assert desk.tickets("reseller") == []
    [note] = desk.outbox.pending()
    assert (note.recipient, note.recipient_side) == (None, Side.SUPPORT)
