"""ISPmanager Support center (seed 004), statement by statement, on ``presets.ispmanager``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import attrs
import pytest

from presets.preset_kit import DAY, T0
from supportkit import (
    Account,
    AccountRole,
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
    Side,
    TicketStatus,
    presets,
)
from supportkit.access.workflows import ispmanager_workflow
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.cli import main

ACCOUNTS = [
    Account("admin", AccountRole.ADMIN, email="admin@panel.example"),
    Account("reseller", AccountRole.RESELLER, parent="admin", email="sales@host.example"),
    Account("user", AccountRole.USER, parent="reseller", company="acme"),
    Account("direct", AccountRole.USER, parent="admin"),
    Account("mailbox", AccountRole.MAILBOX, parent="user"),
    Account("ftp", AccountRole.FTP, parent="direct"),
]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


def make_desk(clock: FixedClock, **changes: object) -> Helpdesk:
    policy = attrs.evolve(presets.ispmanager.policy(), **changes)  # type: ignore[arg-type]
    desk = Helpdesk(store=MemoryStore(), policy=policy, clock=clock)
    for account in ACCOUNTS:
        desk.add_account(account)
    return desk


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    return make_desk(clock)


def submit(desk: Helpdesk, who: str, subject: str = "Mail down", **kwargs: object) -> str:
    return desk.open_ticket(desk.actor_for(who), subject, "details", **kwargs).id  # type: ignore[arg-type]


def test_the_preset_runs_the_ispmanager_workflow() -> None:
    assert presets.ispmanager.policy().workflow == ispmanager_workflow()
    assert presets.ispmanager.policy().routing == "hierarchy"


def test_only_registered_users_submit_tickets(desk: Helpdesk) -> None:
    # "Registered users can submit trouble tickets to the specialists of our Technical
    #  support."
    with pytest.raises(PermissionDenied, match="only registered accounts"):
        desk.open_ticket(Actor.customer("visitor"), "Mail down", "details")
    assert desk.tickets() == []
    desk.add_account(Account("visitor", AccountRole.USER, parent="reseller"))
    assert desk.get(submit(desk, "visitor")).addressed_to == "reseller"


def test_each_account_type_submits_to_the_level_above(desk: Helpdesk) -> None:
    # "Reseller may ... submit tickets to his administrator." "A user may submit new tickets
    #  to a reseller or a control panel administrator." "FTP accounts and Mailbox users may
    #  use the support center in order to post tickets for their users they belong to."
    sent = {who: desk.get(submit(desk, who)).addressed_to
            for who in ["reseller", "user", "direct", "mailbox", "ftp"]}
    assert sent == {"reseller": "admin", "user": "reseller", "direct": "admin",
                    "mailbox": "user", "ftp": "direct"}


def test_each_level_processes_the_tickets_of_the_levels_below(desk: Helpdesk) -> None:
    # "Control panel administrator may use the support center to process problem reports of
    #  his resellers and users, or users of his resellers"; "Reseller may use the support
    #  center to process trouble tickets posted by his users"; "User may use the support
    #  center to process trouble tickets sent by his FTP accounts and mailboxes owners."
    for who in ["reseller", "user", "mailbox", "ftp"]:
        submit(desk, who, subject=who)

    def handled(viewer: str) -> set[str]:
        return {t.subject for t in desk.tickets(viewer, scope="handled")}

    assert handled("admin") == {"reseller", "user", "mailbox", "ftp"}
    assert handled("reseller") == {"user", "mailbox"}
    assert handled("user") == {"mailbox"}
    assert handled("mailbox") == set()
    with pytest.raises(PermissionDenied):
        desk.get(desk.tickets("admin", scope="handled")[-1].id, "reseller")  # the ftp ticket


@pytest.mark.parametrize(("sender", "to"),
                         [("admin", "user"), ("admin", "reseller"), ("reseller", "user")])
def test_the_administrator_submits_tickets_to_the_accounts_below(
    desk: Helpdesk, sender: str, to: str
) -> None:
    # "Control panel administrator may ... submit tickets to the control panel user accounts."
    ticket = desk.open_ticket(desk.actor_for(sender), "Maintenance", "tonight", to=to)
    assert (ticket.addressed_to, ticket.requester.side) == (to, Side.SUPPORT)
    # "If the ticket was submitted by an administrator to his reseller or user, or by a
    #  reseller to his user, the ticket status will be changed into 'solved'."
    assert ticket.status is TicketStatus.SOLVED
    # Not sideways or upwards: a ticket goes up only as the account's own request.
    with pytest.raises(PermissionDenied, match="only towards accounts below it"):
        desk.open_ticket(desk.actor_for(to), "Re: Maintenance", "ok", to=sender)


def test_tickets_submitted_to_an_account_with_an_email_address_are_sent_there(
    desk: Helpdesk,
) -> None:
    # "If a user has provided his e-mail address in the Control panel settings, all the
    #  tickets submitted to him by other accounts will be automatically sent to a specified
    #  e-mail address."
    submit(desk, "user", subject="to the reseller")
    submit(desk, "mailbox", subject="to the user")
    desk.open_ticket(desk.actor_for("admin"), "down to the reseller", "tonight", to="reseller")
    sent = [(n.subject, n.recipient, n.email) for n in desk.outbox.pending()]
    assert sent == [("to the reseller", "reseller", "sales@host.example"),
                    ("to the user", "user", None),
                    ("down to the reseller", "reseller", "sales@host.example")]


def test_priorities_are_high_normal_and_low(desk: Helpdesk) -> None:
    # "Priority - how urgent and important your problem is: high priority, normal priority,
    #  low priority."
    scheme = desk.policy.priorities
    assert scheme.keys == ("high", "normal", "low")
    assert desk.get(submit(desk, "user")).severity == "normal"
    assert desk.get(submit(desk, "user", severity="high")).severity == "high"
    with pytest.raises(InvalidInput, match="unknown priority level 'urgent'"):
        submit(desk, "user", severity="urgent")


def test_the_handler_changes_the_priority(desk: Helpdesk) -> None:
    # "View ticket details: With this function you may view details of a trouble ticket or
    #  answer the user who submitted this ticket ... Priority - change the priority of the
    #  problem." The submitter defines it when creating ("define how urgent or important").
    ticket_id = submit(desk, "user", severity="low")
    changed = desk.set_severity(ticket_id, desk.actor_for("reseller", ticket_id), "high",
                                reason="mail down for all users")
    assert (changed.severity, desk.get(ticket_id).events[-1].data["previous"]) == (
        "high", "low")
    with pytest.raises(InvalidTransition, match="set_severity"):
        desk.set_severity(ticket_id, desk.actor_for("user", ticket_id), "normal", reason="x")


def test_the_handler_changes_the_category_and_thereby_the_staff_member(
    clock: FixedClock,
) -> None:
    # "View ticket details: ... Category - from the drop-down menu select a category
    #  associated with this ticket." — "Category - pre-defined problem subject, such
    #  Technical or Marketing. It allows to assign a ticket to one of the support center
    #  stuff member." Who may change it is who may change the priority: the account the
    #  ticket is addressed to (and the levels above), not the submitter.
    desk = make_desk(clock, category_staff={"Technical": ["tech-1", "tech-2"],
                                            "Marketing": ["sales-1"]})
    ticket_id = submit(desk, "user", category="Technical")
    assert desk.get(ticket_id).assignee == "tech-1"
    changed = desk.set_category(ticket_id, desk.actor_for("reseller", ticket_id), "Marketing",
                                reason="asks about reseller plans")
    assert (changed.category, changed.assignee) == ("Marketing", "sales-1")
    assert desk.get(ticket_id).events[-1].data["previous"] == "Technical"
    assert [t.id for t in desk.tickets("reseller", scope="handled", category="Marketing")] == [
        ticket_id]
    with pytest.raises(InvalidTransition, match="set_category"):
        desk.set_category(ticket_id, desk.actor_for("user", ticket_id), "Technical")
    # The administrator, above the reseller, handles it too; "answered" keeps its status.
    desk.reply(ticket_id, desk.actor_for("reseller", ticket_id), "see the price list")
    back = desk.set_category(ticket_id, desk.actor_for("admin", ticket_id), "Technical")
    assert (back.category, back.assignee, back.status) == (
        "Technical", "tech-2", TicketStatus.SOLVED)


def test_the_handler_changes_the_subject(desk: Helpdesk) -> None:
    # "View ticket details: ... click the "Edit" icon and fill out the form: ... Subject -
    #  enter a short description of the problem." Like the priority and the category, the
    #  account the ticket is addressed to (and the levels above) may edit it, the submitter
    #  may not; the list and the search show the new subject.
    ticket_id = submit(desk, "user", subject="help!!!")
    changed = desk.set_subject(ticket_id, desk.actor_for("reseller", ticket_id),
                               "Mailbox quota exceeded", reason="say what the problem is")
    assert (changed.subject, desk.get(ticket_id).events[-1].data["previous"]) == (
        "Mailbox quota exceeded", "help!!!")
    assert [t.id for t in desk.tickets("reseller", scope="handled", text="quota")] == [
        ticket_id]
    with pytest.raises(InvalidTransition, match="set_subject"):
        desk.set_subject(ticket_id, desk.actor_for("user", ticket_id), "help again")
    desk.reply(ticket_id, desk.actor_for("reseller", ticket_id), "raised the quota")
    again = desk.set_subject(ticket_id, desk.actor_for("admin", ticket_id), "Quota raised")
    assert (again.subject, again.status) == ("Quota raised", TicketStatus.SOLVED)


def test_the_ticket_list_shows_from_subject_priority_status_category_and_last_post(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "View a list of tickets: ID, From, Subject, Priority, Status, Category, Last post -
    #  date and time when the last message in this ticket was submitted."
    ticket_id = submit(desk, "user", subject="Mail down", severity="high", category="Technical")
    clock.advance(timedelta(hours=3))
    desk.reply(ticket_id, desk.actor_for("reseller", ticket_id), "MX fixed")
    (row,) = desk.tickets("reseller", scope="handled")
    assert (row.id, row.requester, row.subject, row.severity, row.status, row.category) == (
        ticket_id, "user", "Mail down", "high", TicketStatus.SOLVED, "Technical")
    assert row.message_count == 2
    last_post = desk.get(ticket_id).messages[-1].at
    assert last_post == row.updated_at == T0 + timedelta(hours=3)


def test_a_category_assigns_the_ticket_to_a_staff_member(clock: FixedClock) -> None:
    # "Category - pre-defined problem subject, such Technical or Marketing. It allows to
    #  assign a ticket to one of the support center stuff member."
    desk = make_desk(clock, category_staff={"Technical": ["tech-1", "tech-2"],
                                            "Marketing": ["sales-1"]})
    got = [desk.get(submit(desk, "user", category=c)).assignee
           for c in ["Technical", "Technical", "Marketing", "Technical"]]
    assert got == ["tech-1", "tech-2", "sales-1", "tech-1"]


def test_a_message_from_below_opens_and_from_above_solves(desk: Helpdesk) -> None:
    # "If the ticket was submitted by a user to his reseller or administrator, the ticket
    #  status will be automatically changed into 'open'." — "If the ticket was submitted by
    #  an administrator to his reseller or user, or by a reseller to his user, the ticket
    #  status will be changed into 'solved'."
    ticket_id = submit(desk, "user")
    answered = desk.reply(ticket_id, desk.actor_for("reseller", ticket_id), "MX fixed")
    assert answered.status is TicketStatus.SOLVED
    again = desk.reply(ticket_id, desk.actor_for("user", ticket_id), "still down")
    assert again.status is TicketStatus.OPEN


def test_an_answer_from_the_administrator_marks_the_ticket_answered(desk: Helpdesk) -> None:
    # "Once an administrator has answered a ticket, this ticket will be moved to the Closed
    #  tickets module and its status will be changed to 'answered'." DESIGN.md maps
    #  "answered" to SOLVED (a reply from the upper level); the preset's active list is
    #  OPEN only, so the answered ticket leaves it (next test).
    ticket_id = submit(desk, "reseller")
    ticket = desk.reply(ticket_id, desk.actor_for("admin", ticket_id), "done")
    assert ticket.status is TicketStatus.SOLVED and desk.get(ticket_id).solved_at == T0


CLOSED_TICKETS = {TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.ARCHIVED}


def test_answered_tickets_are_listed_under_closed_tickets_not_the_active_list(
    desk: Helpdesk,
) -> None:
    # "Status - Open - the selected ticket has not been answered yet." "Once an administrator
    #  has answered a ticket, this ticket will be moved to the Closed tickets module" — "If
    #  it was located in the Closed tickets, it will be moved to the list of active tickets"
    #  (on a message from below). "Once you are done [archiving], you can locate this ticket
    #  in the Closed tickets module." The active list is the tickets not answered yet.
    assert desk.policy.active_list == {TicketStatus.OPEN}
    answered = submit(desk, "reseller", subject="answered by the admin")
    submit(desk, "user", subject="not answered yet")
    archived = submit(desk, "direct", subject="archived")

    def listed(viewer: str, status: object) -> set[str]:
        return {t.subject for t in desk.tickets(viewer, status=status)}  # type: ignore[arg-type]

    assert listed("admin", "active") == {"answered by the admin", "not answered yet",
                                         "archived"}
    desk.reply(answered, desk.actor_for("admin", answered), "done")
    desk.archive(archived, desk.actor_for("direct", archived))
    for viewer in ("admin", "reseller"):
        assert "answered by the admin" not in listed(viewer, "active")
        assert "answered by the admin" in listed(viewer, CLOSED_TICKETS)
    assert listed("admin", "active") == {"not answered yet"}
    assert listed("admin", CLOSED_TICKETS) == {"answered by the admin", "archived"}
    # A message from below moves it back to the active list.
    desk.reply(answered, desk.actor_for("reseller", answered), "still broken")
    assert listed("admin", "active") == {"answered by the admin", "not answered yet"}
    assert listed("reseller", "active") == {"answered by the admin", "not answered yet"}


def test_the_command_line_list_shows_the_active_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "View a list of tickets" is the module's list: "supportkit list" shows the preset's
    #  active list (the tickets not answered yet); "Closed tickets" are --status solved,
    #  closed, archived (or --status all for every ticket).
    path = str(tmp_path / "ispmanager.db")

    def listed(*argv: str) -> list[str]:
        assert main(["--db", path, "--json", "list", *argv]) == 0
        return [item["subject"] for item in json.loads(capsys.readouterr().out)]

    assert main(["--db", path, "init", "--preset", "ispmanager"]) == 0
    store = SqliteStore(path)
    desk = Helpdesk(store=store, policy=presets.ispmanager.policy(), clock=FixedClock(T0))
    for account in ACCOUNTS:
        desk.add_account(account)
    answered = submit(desk, "reseller", subject="answered")
    submit(desk, "user", subject="waiting")
    desk.reply(answered, desk.actor_for("admin", answered), "done")
    store.close()
    capsys.readouterr()
    assert listed() == ["waiting"] == listed("--status", "active")
    assert listed("--status", "solved") == ["answered"]
    assert listed("--status", "all") == ["answered", "waiting"]


def test_a_message_on_a_closed_ticket_moves_it_back_to_the_active_list(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "If it was located in the Closed tickets, it will be moved to the list of active
    #  tickets." — with no time limit.
    ticket_id = submit(desk, "user")
    desk.close(ticket_id, desk.actor_for("user", ticket_id))
    clock.advance(365 * DAY)
    ticket = desk.reply(ticket_id, desk.actor_for("user", ticket_id), "it is back")
    assert ticket.status is TicketStatus.OPEN and ticket.is_active


def test_resolved_tickets_go_to_the_archive_and_can_be_opened_again(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Once a problem described in a ticket has been resolved, it should be removed to the
    #  archive ... Once you are done, you can locate this ticket in the Closed tickets module
    #  and open it again, if necessary."
    ticket_id = submit(desk, "user")
    user = desk.actor_for("user", ticket_id)
    desk.reply(ticket_id, desk.actor_for("reseller", ticket_id), "fixed")
    archived = desk.archive(ticket_id, user)
    assert archived.status is TicketStatus.ARCHIVED and not archived.is_active
    clock.advance(timedelta(days=400))
    assert desk.reopen(ticket_id, user).status is TicketStatus.OPEN


def test_sub_accounts_post_for_themselves_and_the_levels_above_process(desk: Helpdesk) -> None:
    # "FTP accounts and Mailbox users may use the support center in order to post tickets for
    #  their users they belong to." — "User may use the support center to process trouble
    #  tickets sent by his FTP accounts and mailboxes owners." Scopes follow the hierarchy,
    #  not the company: a mailbox carrying its user's company sees only its own tickets, and
    #  neither it nor a sibling account of the same company may touch the user's tickets.
    desk.add_account(Account("box", AccountRole.MAILBOX, parent="user", company="acme"))
    desk.add_account(Account("files", AccountRole.FTP, parent="user", company="acme"))
    desk.add_account(Account("sibling", AccountRole.USER, parent="reseller", company="acme"))
    users = submit(desk, "user", subject="user's")
    boxs = submit(desk, "box", subject="box's")
    for outsider in ["box", "files", "sibling"]:
        assert users not in {t.id for t in desk.tickets(outsider)}
        with pytest.raises(PermissionDenied, match="no ticket"):
            desk.get(users, outsider)
        with pytest.raises(PermissionDenied, match="no ticket"):
            desk.close(users, Actor.customer(outsider, company="acme"))
        with pytest.raises(PermissionDenied, match="no ticket"):
            desk.reply(users, Actor.customer(outsider, company="acme"), "me too")
    assert [t.subject for t in desk.tickets("box")] == ["box's"]
    assert desk.tickets("files") == [] and desk.tickets("sibling") == []
    # The user processes its mailbox's ticket (as the level above), the reseller both.
    assert {t.subject for t in desk.tickets("user")} == {"user's", "box's"}
    assert desk.actor_for("user", boxs).side is Side.SUPPORT
    assert {t.subject for t in desk.tickets("reseller", scope="handled")} == {"user's", "box's"}
    with pytest.raises(PermissionDenied, match="scope 'company' is not open to user"):
        desk.tickets("user", scope="company")
    assert desk.get(users).status is TicketStatus.OPEN
