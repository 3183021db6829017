"""The desk contract suite: every :class:`~supportkit.Helpdesk` scenario, on any store.

The store contract suite (:mod:`supportkit.testing.contract`) pins down the ports; this one
pins down what a desk *does* on top of them, through the public ``Helpdesk`` API only, so a
desk behaves the same on the in-memory store, SQLite (file or ``:memory:``), PostgreSQL and
any third-party adapter: the lifecycle of the default workflow, ``supply_information``,
follow-ups, retention, the notification outbox, after-hours paging notifications, one
answer for unknown and forbidden ids, what each side sees of a ticket, and concurrent
writers.

Use it from your adapter's test module (pytest installed; nothing from supportkit's own
``conftest.py`` is needed)::

    # tests/test_my_store_desk.py
    from supportkit.testing.desk import DeskContract

    class TestMyStoreDesk(DeskContract):
        supports_threads = True               # one store may be used by several threads
        supports_concurrent_processes = True  # two stores on one location see each other

        def make_store(self, tmp_path):
            return MyStore(tmp_path / "data")  # same tmp_path -> same location

pytest collects the inherited ``test_*`` methods. ``make_store(tmp_path)`` must return a
new, open, empty store (the same factory the store contract suite takes; a class may
subclass both suites). Scenarios for capabilities you do not claim are skipped with the
reason. Every instant comes from a :class:`~supportkit.FixedClock`; nothing depends on the
wall clock. The parts can be used alone: :class:`LifecycleContract`,
:class:`InformationContract`, :class:`RetentionContract`, :class:`OutboxContract`,
:class:`PagingContract`, :class:`ScopeContract`, :class:`ViewContract`,
:class:`ConcurrencyContract` and :class:`SnapshotContract` (each needs only
``make_store``).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from supportkit._extras import missing_extra

try:
    import pytest
except ImportError as exc:
    raise missing_extra("pytest", "test", "the supportkit contract suites") from exc

from supportkit import (
    Actor,
    EscalationPolicy,
    EscalationRule,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    Notification,
    Policy,
    Side,
    SupportkitError,
    Ticket,
    TicketStatus,
    Upload,
    presets,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.app.blobs import LEASE_FOR, lease_blobs
from supportkit.ports import Store
from supportkit.testing.contract import StoreFactory
from supportkit.tickets.head import TicketSummary, summary_of

__all__ = [
    "ConcurrencyContract",
    "DeskContract",
    "DeskFactory",
    "InformationContract",
    "LifecycleContract",
    "OutboxContract",
    "PagingContract",
    "RetentionContract",
    "ScopeContract",
    "SnapshotContract",
    "ViewContract",
    "desk_policy",
]

#: Monday 2 March 2026, 09:00 UTC: where every scenario starts.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EASTERN = ZoneInfo("America/New_York")
DAY = timedelta(days=1)

ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="acme")  # alice's colleague: sees acme's tickets
MALLORY = Actor.customer("mallory", company="globex")  # another company: sees none of them
AGENT = Actor.support("agent-7")

#: An id no scenario ever creates.
UNKNOWN_ID = "404404"
#: InterWorx intake fields that complete its checklist (with a qualifying category).
COMPLETE_FIELDS = {"ip_or_hostname": "203.0.113.7", "remote_assistance_enabled": "yes"}
NOTE = "customer runs an unsupported relay; do not tell them"
TRANSFER_REASON = "needs a senior look; the customer escalates everything"


def desk_policy() -> Policy:
    """The policy most scenarios run with: ``Policy()`` (the default workflow, 24x7, a
    90-day keep period that is also the reopen window, the default ``notify_events``)
    plus one escalation rule, so a customer may escalate an hour after support's last
    reply (by ``"button"``)."""
    rule = EscalationRule(trigger="since_support_reply", after=timedelta(hours=1),
                          methods={"button"})
    return Policy(escalation=EscalationPolicy(rules=(rule,)))


def interworx_policy() -> Policy:
    """The InterWorx preset without the entitlement check: an intake checklist, Mon-Fri
    08:00-16:00 Eastern, and after-hours paging of high and urgent tickets."""
    return presets.interworx.policy(require_entitlement=False)


def eastern(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An instant on the wall clock of America/New_York."""
    return datetime(year, month, day, hour, minute, tzinfo=EASTERN)


def _open(desk: Helpdesk, requester: Actor = ALICE, **kwargs: Any) -> Ticket:
    kwargs.setdefault("subject", "Mail delivery stopped")
    kwargs.setdefault("body", "No mail since 08:30.")
    return desk.open_ticket(requester, **kwargs)


def _full(desk: Helpdesk, row: TicketSummary | Ticket) -> Ticket:
    """The full ticket behind an action's summary (actions return summaries; the history is
    read only by ``Helpdesk.get``)."""
    return desk.get(row.id)


def _kinds(ticket: Ticket) -> list[str]:
    return [e.kind for e in ticket.events]


def _pending(desk: Helpdesk, ticket_id: str | None = None) -> list[Notification]:
    return [n for n in desk.outbox.pending()
            if ticket_id is None or n.ticket_id == ticket_id]


def _internal_parts(ticket: Ticket) -> list[str]:
    """What ``ticket`` carries that only support may see (empty: nothing)."""
    return (
        [f"internal message {m.body!r}" for m in ticket.messages if m.internal]
        + [f"{e.kind} event carrying an internal message" for e in ticket.events
           if e.message is not None and e.message.internal]
        + [f"transferred event with reason {e.data['reason']!r}" for e in ticket.events
           if e.kind == "transferred" and "reason" in e.data]
    )


def _holds_note_and_reason(ticket: Ticket) -> bool:
    notes = [m.body for m in ticket.messages if m.internal]
    reasons = [e.data.get("reason") for e in ticket.events if e.kind == "transferred"]
    return notes == [NOTE] and reasons == [TRANSFER_REASON]


def _without_id(text: str, ticket_id: str) -> str:
    """``text`` with the id ``ticket_id`` (as a whole word) replaced by a placeholder."""
    return re.sub(rf"(?<![\w-]){re.escape(ticket_id)}(?![\w-])", "<id>", text)


def _run_threads(workers: Sequence[Callable[[], None]]) -> list[BaseException]:
    """Start every worker at once; wait for all; the exceptions they raised."""
    barrier = threading.Barrier(len(workers))
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(work: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as exc:  # reported by the test, never left unhandled
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer thread hung"
    return failures


class DeskFactory(StoreFactory):
    """The store factory of :class:`~supportkit.testing.contract.StoreFactory`
    (``make_store(tmp_path)``, ``persistent``, ``supports_concurrent_processes``), plus
    the desk fixtures and one more capability flag."""

    #: One store may be used by several threads at once (a web server's worker threads).
    supports_threads: bool = False

    @pytest.fixture
    def clock(self) -> FixedClock:
        return FixedClock(T0)

    @pytest.fixture
    def desk(self, store: Store, clock: FixedClock) -> Helpdesk:
        """A desk running :func:`desk_policy` on the store under test, at :data:`T0`."""
        return Helpdesk(store, desk_policy(), clock)

    def interworx_desk(self, store: Store, at: datetime) -> Helpdesk:
        """A desk running the InterWorx preset on ``store`` with its clock at ``at``."""
        return Helpdesk(store, interworx_policy(), FixedClock(at))


# --- lifecycle ----------------------------------------------------------------------------


class LifecycleContract(DeskFactory):
    """The default workflow of ``DESIGN.md``: its transitions, the reopen window, and
    refusals that name status, action and allowed actions and write nothing."""

    def test_open_reply_solve_confirm_closes(self, desk: Helpdesk, clock: FixedClock) -> None:
        opened = _open(desk)
        assert (opened.status, opened.version) == (TicketStatus.OPEN, 1)
        assert opened.created_at == T0 and opened.requester.id == "alice"
        assert desk.get(opened.id) == opened
        clock.advance(timedelta(minutes=5))
        asked = _full(desk, desk.reply(opened.id, ALICE, "Still nothing"))
        assert (asked.status, asked.version) == (TicketStatus.OPEN, 2)
        assert asked.last_customer_reply_at == clock.now() and asked.first_response_at is None
        clock.advance(timedelta(minutes=5))
        answered = _full(desk, desk.reply(opened.id, AGENT, "Looking into it"))
        assert (answered.status, answered.version) == (TicketStatus.OPEN, 3)
        assert answered.first_response_at == clock.now() == answered.last_support_reply_at
        clock.advance(timedelta(hours=1))
        solved = _full(desk, desk.solve(opened.id, AGENT))
        assert (solved.status, solved.version) == (TicketStatus.SOLVED, 4)
        assert solved.solved_at == clock.now()
        clock.advance(timedelta(hours=1))
        closed = _full(desk, desk.confirm(opened.id, ALICE))
        assert (closed.status, closed.version) == (TicketStatus.CLOSED, 5)
        assert closed.closed_at == clock.now()
        assert _kinds(closed) == ["opened", "replied", "replied", "solved", "confirmed"]
        assert [(m.author, m.body) for m in closed.messages] == [
            ("alice", "No mail since 08:30."), ("alice", "Still nothing"),
            ("agent-7", "Looking into it"),
        ]
        assert desk.get(opened.id) == closed == desk.get(opened.id, ALICE)

    def test_customer_reply_reopens_a_solved_ticket_a_support_reply_does_not(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        ticket = _open(desk)
        desk.solve(ticket.id, AGENT)
        clock.advance(timedelta(minutes=1))
        still = _full(desk, desk.reply(ticket.id, AGENT, "One more detail"))
        assert still.status is TicketStatus.SOLVED
        clock.advance(timedelta(minutes=1))
        back = _full(desk, desk.reply(ticket.id, ALICE, "It broke again"))
        assert back.status is TicketStatus.OPEN and back.version == 4

    @pytest.mark.parametrize("side", ["customer", "support"])
    def test_close_an_open_ticket(self, desk: Helpdesk, clock: FixedClock, side: str) -> None:
        ticket = _open(desk)
        clock.advance(timedelta(hours=1))
        closed = _full(desk, desk.close(ticket.id, ALICE if side == "customer" else AGENT))
        assert (closed.status, closed.version) == (TicketStatus.CLOSED, 2)
        assert closed.closed_at == clock.now()
        assert _kinds(closed) == ["opened", "closed"]
        assert desk.get(ticket.id) == closed

    def test_reopen_and_reply_within_the_reopen_window(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        first, second = _open(desk), _open(desk, subject="DNS zone not updating")
        desk.close(first.id, ALICE)
        desk.close(second.id, ALICE)
        clock.advance(89 * DAY)  # the window is the 90-day keep period
        reopened = _full(desk, desk.reopen(first.id, ALICE))
        assert (reopened.status, reopened.version) == (TicketStatus.OPEN, 3)
        replied = _full(desk, desk.reply(second.id, ALICE, "Broken again"))
        assert (replied.status, replied.version) == (TicketStatus.OPEN, 3)

    @pytest.mark.parametrize("action", ["reopen", "reply"])
    def test_reopen_after_the_window_is_refused_and_writes_nothing(
        self, desk: Helpdesk, clock: FixedClock, action: str
    ) -> None:
        ticket = _open(desk)
        closed = _full(desk, desk.close(ticket.id, ALICE))
        clock.advance(91 * DAY)
        with pytest.raises(InvalidTransition) as refused:
            if action == "reopen":
                desk.reopen(ticket.id, ALICE)
            else:
                desk.reply(ticket.id, ALICE, "Broken again")
        error = refused.value
        assert (error.status, error.action, error.side) == ("closed", action, "customer")
        assert error.allowed == ("archive",)
        text = str(error)
        assert "closed" in text and repr(action) in text and "archive" in text, text
        assert "follow" in text, "the refusal points to a follow-up ticket"
        assert desk.get(ticket.id) == closed

    def test_archive_then_reopen_within_the_window(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        solved, closed = _open(desk), _open(desk, subject="Second")
        desk.solve(solved.id, AGENT)
        desk.close(closed.id, AGENT)
        clock.advance(DAY)
        archived = _full(desk, desk.archive(solved.id, ALICE))
        assert (archived.status, archived.version) == (TicketStatus.ARCHIVED, 3)
        assert archived.archived_at == clock.now()
        assert desk.archive(closed.id, AGENT).status is TicketStatus.ARCHIVED
        clock.advance(DAY)
        reopened = _full(desk, desk.reopen(solved.id, AGENT))
        assert (reopened.status, reopened.version) == (TicketStatus.OPEN, 4)

    @pytest.mark.parametrize(
        ("status", "action", "side"),
        [("open", "confirm", "customer"), ("open", "solve", "customer"),
         ("open", "reopen", "customer"), ("open", "archive", "support"),
         ("solved", "solve", "support"), ("solved", "confirm", "support"),
         ("closed", "close", "customer"), ("closed", "solve", "support"),
         ("archived", "archive", "support"), ("archived", "close", "customer")],
    )
    def test_refused_transition_names_status_action_and_allowed_and_writes_nothing(
        self, desk: Helpdesk, clock: FixedClock, status: str, action: str, side: str
    ) -> None:
        ticket = _open(desk)
        if status != "open":
            desk.solve(ticket.id, AGENT)
        if status in ("closed", "archived"):
            desk.confirm(ticket.id, ALICE)
        if status == "archived":
            desk.archive(ticket.id, AGENT)
        before = desk.get(ticket.id)
        pending = _pending(desk)
        actor = ALICE if side == "customer" else AGENT
        clock.advance(timedelta(minutes=5))
        with pytest.raises(InvalidTransition) as refused:
            getattr(desk, action)(ticket.id, actor)
        error = refused.value
        assert (error.status, error.action, error.side) == (status, action, side)
        text = str(error)
        assert status in text and repr(action) in text, text
        assert all(allowed in text for allowed in error.allowed), text
        assert desk.get(ticket.id) == before, "a refused action writes nothing"
        assert _pending(desk) == pending, "a refused action notifies nobody"


# --- information and follow-ups -------------------------------------------------------------


class InformationContract(DeskFactory):
    """``supply_information`` on a policy with an intake checklist, and ``follow_up``."""

    def _incomplete(self, store: Store) -> tuple[Helpdesk, Ticket]:
        # Wednesday 10:00 Eastern: inside InterWorx hours (no paging involved).
        desk = self.interworx_desk(store, eastern(2026, 3, 4, 10, 0))
        ticket = _open(desk, category="DNS", fields={"ip_or_hostname": "203.0.113.7"})
        return desk, ticket

    def test_missing_fields_open_awaiting_information(self, store: Store) -> None:
        desk, ticket = self._incomplete(store)
        assert ticket.status is TicketStatus.OPEN and ticket.awaiting_information
        report = desk.intake_report(ticket.id)
        assert report is not None and report.missing == ("remote_assistance_enabled",)

    def test_supplying_the_missing_fields_clears_awaiting_information(
        self, store: Store
    ) -> None:
        desk, ticket = self._incomplete(store)
        supplied = _full(desk, desk.supply_information(
            ticket.id, ALICE, {"remote_assistance_enabled": "yes"}))
        assert not supplied.awaiting_information, supplied.fields
        assert supplied.version == ticket.version + 1, (supplied.version, ticket.version)
        assert supplied.fields["remote_assistance_enabled"] == "yes"
        assert supplied.fields["ip_or_hostname"] == "203.0.113.7"
        assert _kinds(supplied)[-1] == "information_supplied"
        assert desk.get(ticket.id) == supplied == desk.get(ticket.id, ALICE)
        report = desk.intake_report(ticket.id)
        assert report is not None and report.missing == ()

    def test_supplying_part_of_the_fields_keeps_awaiting_information(
        self, store: Store
    ) -> None:
        desk = self.interworx_desk(store, eastern(2026, 3, 4, 10, 0))
        ticket = _open(desk, category="DNS")
        partly = _full(desk, desk.supply_information(
            ticket.id, ALICE, {"ip_or_hostname": "mx1.acme.test"}))
        assert partly.awaiting_information and partly.version == 2
        report = desk.intake_report(ticket.id)
        assert report is not None and report.missing == ("remote_assistance_enabled",)
        done = _full(desk, desk.supply_information(
            ticket.id, AGENT, {"remote_assistance_enabled": "true"}))
        assert not done.awaiting_information and done.version == 3

    def test_supplying_to_a_closed_ticket_is_refused_and_writes_nothing(
        self, store: Store
    ) -> None:
        desk, ticket = self._incomplete(store)
        closed = _full(desk, desk.close(ticket.id, ALICE))
        with pytest.raises(InvalidInput):
            desk.supply_information(ticket.id, ALICE, {"remote_assistance_enabled": "yes"})
        assert desk.get(ticket.id) == closed

    def test_follow_up_of_a_closed_ticket_after_its_window(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        old = _open(desk, severity=2, attachments=[Upload("log.txt", b"mx log")])
        closed = _full(desk, desk.close(old.id, ALICE))
        clock.advance(120 * DAY)
        with pytest.raises(InvalidTransition):
            desk.reopen(old.id, ALICE)
        new = desk.follow_up(old.id, ALICE, body="It stopped again")
        assert new.id != old.id and new.follow_up_of == old.id
        assert (new.status, new.version, new.severity) == (TicketStatus.OPEN, 1, 2)
        assert old.subject in new.subject and new.created_at == clock.now()
        assert new.messages[-1].body == "It stopped again"
        assert desk.get(new.id) == new
        assert desk.get(old.id).version == closed.version, "the old ticket is left as it was"

    def test_follow_up_of_an_open_ticket_is_refused(self, desk: Helpdesk) -> None:
        ticket = _open(desk)
        with pytest.raises(InvalidInput) as refused:
            desk.follow_up(ticket.id, ALICE, body="and another thing")
        assert "reply" in str(refused.value)
        assert [t.id for t in desk.tickets()] == [ticket.id], "no ticket was opened"
        assert desk.get(ticket.id) == ticket


# --- retention ----------------------------------------------------------------------------


class RetentionContract(DeskFactory):
    """A retention run purges private data of tickets closed past the keep period."""

    def test_purge_removes_blobs_writes_an_event_and_notifies(
        self, desk: Helpdesk, store: Store, clock: FixedClock
    ) -> None:
        closed = _open(desk, attachments=[Upload("dump.txt", b"private dump")])
        digest = closed.messages[0].attachments[0].sha256
        desk.reply(closed.id, AGENT, "Thanks", attachments=[Upload("fix.txt", b"the fix")])
        desk.close(closed.id, ALICE)
        live = _open(desk, subject="Still open", attachments=[Upload("a.txt", b"kept data")])
        kept = live.messages[0].attachments[0].sha256
        clock.advance(91 * DAY)
        report = desk.run_retention()
        assert report.purged == (closed.id,), report
        purged = desk.get(closed.id)
        refs = [a for m in purged.messages for a in m.attachments]
        assert len(refs) == 2 and all(a.purged for a in refs)
        assert not any(store.blobs.exists(a.sha256) for a in refs)
        assert not store.blobs.exists(digest)
        assert store.blobs.exists(kept), "an open ticket's attachment stays"
        assert _kinds(purged).count("purged") == 1, _kinds(purged)
        assert purged.events[-1].kind == "purged"
        assert purged.status is TicketStatus.CLOSED
        notes = [n for n in _pending(desk, closed.id) if n.event == "purged"]
        assert notes, "purged is in Policy().notify_events: the purge reaches the outbox"
        assert all(n.version == purged.version for n in notes)

    def test_purge_waits_for_the_keep_period_and_runs_once(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        ticket = _open(desk, attachments=[Upload("dump.txt", b"private dump")])
        desk.close(ticket.id, ALICE)
        clock.advance(89 * DAY)
        assert desk.run_retention().purged == ()
        assert not desk.get(ticket.id).messages[0].attachments[0].purged
        clock.advance(2 * DAY)
        assert desk.run_retention(dry_run=True).purged == (ticket.id,)
        assert "purged" not in _kinds(desk.get(ticket.id)), "a dry run changes nothing"
        assert desk.run_retention().purged == (ticket.id,)
        after = desk.get(ticket.id)
        assert desk.run_retention().purged == ()
        assert desk.get(ticket.id) == after, "a second run finds nothing to do"


    def test_gc_collects_orphans_and_keeps_referenced_and_leased_content(
        self, desk: Helpdesk, store: Store, clock: FixedClock
    ) -> None:
        """Garbage collection removes content no ticket references and no writer's lease
        holds; content a ticket references, or an uncommitted writer leased, stays until
        the lease expires."""
        ticket = _open(desk, attachments=[Upload("dump.txt", b"referenced dump")])
        referenced = ticket.messages[0].attachments[0].sha256
        orphan = store.blobs.put(b"left by a killed writer").sha256
        leased = store.blobs.put(b"an upload in progress").sha256
        lease_blobs(store, [leased], clock.now(), "writer-in-progress")
        dry = desk.collect_garbage(dry_run=True)
        assert (dry.blobs_checked, dry.blobs_deleted, dry.blobs_kept_leased) == (3, 1, 1)
        assert store.blobs.exists(orphan), "a dry run changes nothing"
        report = desk.collect_garbage()
        assert (report.blobs_deleted, report.blobs_kept_leased) == (1, 1)
        assert not store.blobs.exists(orphan)
        assert store.blobs.exists(referenced) and store.blobs.exists(leased)
        clock.advance(2 * LEASE_FOR)
        later = desk.collect_garbage()
        assert (later.leases_expired, later.blobs_deleted) == (1, 1)
        assert not store.blobs.exists(leased)
        assert sorted(store.blobs.iter_digests()) == [referenced]


# --- the outbox -----------------------------------------------------------------------------


class OutboxContract(DeskFactory):
    """Every change writes its notifications in its own unit of work."""

    def test_customer_reply_notifies_support(self, desk: Helpdesk, clock: FixedClock) -> None:
        ticket = _open(desk)
        clock.advance(timedelta(minutes=5))
        replied = _full(desk, desk.reply(ticket.id, ALICE, "Any news?"))
        notes = [n for n in _pending(desk, ticket.id) if n.version == replied.version]
        assert [(n.event, n.recipient_side, n.actor) for n in notes] == [
            ("replied", Side.SUPPORT, "alice")]
        assert notes[0].at == clock.now() and notes[0].status is TicketStatus.OPEN

    def test_support_reply_notifies_the_customer(self, desk: Helpdesk) -> None:
        ticket = _open(desk)
        replied = _full(desk, desk.reply(ticket.id, AGENT, "Looking into it"))
        notes = [n for n in _pending(desk, ticket.id) if n.version == replied.version]
        assert [(n.event, n.recipient, n.recipient_side) for n in notes] == [
            ("replied", "alice", Side.CUSTOMER)]

    def test_internal_notes_never_notify_the_customer(self, desk: Helpdesk) -> None:
        ticket = _open(desk)
        noted = _full(desk, desk.note(ticket.id, AGENT, NOTE))
        assert not [n for n in _pending(desk, ticket.id)
                    if n.version == noted.version and n.recipient_side is Side.CUSTOMER]
        assert all(n.version != noted.version for n in _pending(desk, ticket.id)
                   if n.recipient == "alice")

    def test_mark_sent_empties_the_pending_list(self, desk: Helpdesk, clock: FixedClock) -> None:
        ticket = _open(desk)
        desk.reply(ticket.id, AGENT, "Looking into it")
        pending = _pending(desk)
        assert len(pending) >= 2
        clock.advance(timedelta(minutes=1))
        ids = [n.id for n in pending]
        assert desk.outbox.mark_sent(ids) == len(ids)
        assert _pending(desk) == []
        sent = desk.outbox.get(ids[0])
        assert sent.state.value == "sent" and sent.sent_at == clock.now()
        assert desk.outbox.mark_sent(ids) == 0, "entries already sent stay as they are"

    def test_refused_action_writes_no_notification(self, desk: Helpdesk) -> None:
        ticket = _open(desk)
        pending = _pending(desk)
        with pytest.raises(InvalidTransition):
            desk.confirm(ticket.id, ALICE)
        with pytest.raises(InvalidInput):
            desk.reply(ticket.id, ALICE, "   ")
        assert _pending(desk) == pending


# --- paging notifications -------------------------------------------------------------------


class PagingContract(DeskFactory):
    """InterWorx: after hours, high and urgent tickets page the on-call team once."""

    def _submit(self, store: Store, at: datetime, priority: str) -> tuple[Helpdesk, Ticket]:
        desk = self.interworx_desk(store, at)
        ticket = _open(desk, subject="Sites down", body="All of them", severity=priority,
                       category="DNS", fields=COMPLETE_FIELDS)
        return desk, ticket

    @pytest.mark.parametrize(
        ("at", "priority"),
        [(eastern(2026, 3, 4, 19, 0), "urgent"),  # Wednesday evening: within the hour
         (eastern(2026, 3, 5, 2, 0), "high"),  # after midnight: by 08:00 that morning
         (eastern(2026, 3, 7, 11, 0), "urgent")],  # Saturday: closed all day
        ids=["urgent-evening", "high-after-midnight", "urgent-saturday"],
    )
    def test_after_hours_urgent_or_high_pages_once(
        self, store: Store, at: datetime, priority: str
    ) -> None:
        desk, opened = self._submit(store, at, priority)
        assert desk.paging(opened.id).page
        ticket = desk.get(opened.id)
        assert ticket.version == opened.version, "paging is part of the opening's write"
        paged = [e for e in ticket.events if e.kind == "paged"]
        assert len(paged) == 1, f"one 'paged' event expected, events: {_kinds(ticket)}"
        assert paged[0].actor.side is Side.SYSTEM and paged[0].at == ticket.created_at
        assert _kinds(ticket)[0] == "opened"
        notes = _pending(desk, ticket.id)
        to_support = [n for n in notes if n.event == "paged" and n.recipient_side is Side.SUPPORT]
        assert len(to_support) == 1, f"one 'paged' entry for support expected: {notes}"
        assert [n.event for n in notes if n.recipient_side is Side.SUPPORT].count("opened") == 1
        # A later customer message pages nobody again.
        paged_notes = [n.id for n in notes if n.event == "paged"]
        desk.reply(ticket.id, ALICE, "Still down")
        again = desk.get(ticket.id)
        assert _kinds(again).count("paged") == 1
        assert [n.id for n in _pending(desk, ticket.id) if n.event == "paged"] == paged_notes

    @pytest.mark.parametrize(
        ("at", "priority"),
        [(eastern(2026, 3, 4, 19, 0), "medium"),  # after hours, not a paging priority
         (eastern(2026, 3, 4, 19, 0), "low"),
         (eastern(2026, 3, 4, 10, 0), "urgent")],  # inside hours: the SLA applies
        ids=["medium-evening", "low-evening", "urgent-inside-hours"],
    )
    def test_no_page_for_other_priorities_or_inside_hours(
        self, store: Store, at: datetime, priority: str
    ) -> None:
        desk, opened = self._submit(store, at, priority)
        assert not desk.paging(opened.id).page
        assert "paged" not in _kinds(desk.get(opened.id))
        assert not [n for n in _pending(desk) if n.event == "paged"]

    def test_a_raise_after_hours_pages_once_with_the_change(self, store: Store) -> None:
        desk, opened = self._submit(store, eastern(2026, 3, 4, 19, 0), "medium")
        desk.set_severity(opened.id, AGENT, "urgent", reason="sites down")
        ticket = desk.get(opened.id)
        assert _kinds(ticket)[-2:] == ["severity_changed", "paged"], _kinds(ticket)
        assert ticket.events[-1].at == ticket.events[-2].at, "paged with the change"
        to_support = [n for n in _pending(desk, ticket.id)
                      if n.event == "paged" and n.recipient_side is Side.SUPPORT]
        assert len(to_support) == 1, f"one 'paged' entry for support expected: {to_support}"
        desk.set_severity(opened.id, AGENT, "low", reason="quiet again")
        desk.set_severity(opened.id, AGENT, "high", reason="down again")
        assert _kinds(desk.get(opened.id)).count("paged") == 1, "a ticket pages once"


# --- scopes: one answer for unknown and forbidden ids ---------------------------------------

ScopedAction = Callable[[Helpdesk, str, Actor], object]

#: Every action that takes a ticket id and an acting (or viewing) actor. (``sla``,
#: ``escalation`` and ``paging`` take no viewer: they are system reads.)
SCOPED_ACTIONS: dict[str, ScopedAction] = {
    "get": lambda desk, tid, who: desk.get(tid, who),
    "reply": lambda desk, tid, who: desk.reply(tid, who, "Let me in"),
    "note": lambda desk, tid, who: desk.note(tid, who, "Psst"),
    "solve": lambda desk, tid, who: desk.solve(tid, who),
    "confirm": lambda desk, tid, who: desk.confirm(tid, who),
    "close": lambda desk, tid, who: desk.close(tid, who),
    "reopen": lambda desk, tid, who: desk.reopen(tid, who),
    "archive": lambda desk, tid, who: desk.archive(tid, who),
    "set_severity": lambda desk, tid, who: desk.set_severity(tid, who, 1, reason="Now"),
    "set_eta": lambda desk, tid, who: desk.set_eta(tid, who, T0 + DAY),
    "set_category": lambda desk, tid, who: desk.set_category(tid, who, "billing"),
    "set_subject": lambda desk, tid, who: desk.set_subject(tid, who, "Mine now"),
    "escalate": lambda desk, tid, who: desk.escalate(tid, who, method="button"),
    "transfer": lambda desk, tid, who: desk.transfer(tid, who, "tier-2", reason="Why not"),
    "supply_information": lambda desk, tid, who: desk.supply_information(
        tid, who, {"ip_or_hostname": "198.51.100.1"}),
    "follow_up": lambda desk, tid, who: desk.follow_up(tid, who, body="Me too"),
}


class ScopeContract(DeskFactory):
    """A customer of another company learns nothing, not even whether an id exists."""

    @pytest.mark.parametrize("action", sorted(SCOPED_ACTIONS))
    def test_unknown_and_forbidden_ids_get_one_answer(
        self, desk: Helpdesk, clock: FixedClock, action: str
    ) -> None:
        # Solved (not open), so follow_up, confirm, reopen and archive are not refused by
        # the workflow first.
        ticket = _open(desk)
        desk.reply(ticket.id, AGENT, "Try again now")
        before = _full(desk, desk.solve(ticket.id, AGENT))
        clock.advance(2 * timedelta(hours=1))
        run = SCOPED_ACTIONS[action]
        answers: list[tuple[type[BaseException], str]] = []
        for ticket_id in (UNKNOWN_ID, ticket.id):
            with pytest.raises(SupportkitError) as refused:
                run(desk, ticket_id, MALLORY)
            answers.append((type(refused.value), _without_id(str(refused.value), ticket_id)))
        assert answers[0] == answers[1], (
            f"{action}: an unknown id and another company's id must get the same answer; "
            f"got {answers[0]} and {answers[1]}")
        after = desk.get(ticket.id)
        assert after == before, f"the refused {action} wrote: {_kinds(after)}"
        assert [t.id for t in desk.tickets()] == [ticket.id]

    def test_listing_shows_only_what_the_viewer_may_see(self, desk: Helpdesk) -> None:
        ticket = _open(desk)
        assert [t.id for t in desk.tickets(MALLORY)] == []
        assert [t.id for t in desk.tickets(BOB)] == [ticket.id], "a colleague sees it"
        assert desk.get(ticket.id, BOB) == ticket


# --- views: each side sees what it may ------------------------------------------------------

CustomerAction = Callable[[Helpdesk, str, FixedClock], TicketSummary]


def _after_solve(act: Callable[[Helpdesk, str], TicketSummary]) -> CustomerAction:
    def run(desk: Helpdesk, ticket_id: str, clock: FixedClock) -> TicketSummary:
        desk.solve(ticket_id, AGENT)
        clock.advance(timedelta(minutes=5))
        return act(desk, ticket_id)
    return run


def _escalate(desk: Helpdesk, ticket_id: str, clock: FixedClock) -> TicketSummary:
    clock.advance(timedelta(hours=2))  # an hour after support's last reply, and then some
    return desk.escalate(ticket_id, ALICE, method="button")


#: Actions a customer takes on a ticket that holds a note and a transfer (with its reason).
CUSTOMER_ACTIONS: dict[str, CustomerAction] = {
    "reply": lambda desk, tid, clock: desk.reply(tid, ALICE, "Any news?"),
    "close": lambda desk, tid, clock: desk.close(tid, ALICE),
    "confirm": _after_solve(lambda desk, tid: desk.confirm(tid, ALICE)),
    "reopen": _after_solve(lambda desk, tid: desk.reopen(tid, ALICE)),
    "reply_to_solved": _after_solve(lambda desk, tid: desk.reply(tid, ALICE, "Not fixed")),
    "escalate": _escalate,
    "supply_information": lambda desk, tid, clock: desk.supply_information(
        tid, ALICE, {"server": "mx1.acme.test"}),
}


class ViewContract(DeskFactory):
    """What a customer gets back never holds internal notes or transfer reasons; support
    sees everything; ``get`` and ``tickets`` agree with what actions return."""

    @pytest.fixture
    def handled(self, desk: Helpdesk, clock: FixedClock) -> Ticket:
        """An open ticket of alice's with a support reply, a note and a transfer."""
        ticket = _open(desk)
        clock.advance(timedelta(minutes=10))
        desk.reply(ticket.id, AGENT, "Looking into it")
        desk.note(ticket.id, AGENT, NOTE)
        transferred = _full(desk, desk.transfer(ticket.id, AGENT, "tier-2", reason=TRANSFER_REASON))
        assert _holds_note_and_reason(transferred), "support's own action shows it all"
        clock.advance(timedelta(minutes=10))
        return transferred

    @pytest.mark.parametrize("action", sorted(CUSTOMER_ACTIONS))
    def test_ticket_returned_to_a_customer_hides_internal_data(
        self, desk: Helpdesk, clock: FixedClock, handled: Ticket, action: str
    ) -> None:
        returned = CUSTOMER_ACTIONS[action](desk, handled.id, clock)
        seen = desk.get(handled.id, ALICE)
        assert returned.message_count == len(seen.messages) == returned.public_message_count, (
            f"{action} counted support's internal notes for a customer")
        assert returned.version == desk.get(handled.id).version, "the latest snapshot"
        assert returned == summary_of(seen, side=Side.CUSTOMER), "what get shows, summarised"
        listed = [t for t in desk.tickets(ALICE) if t.id == handled.id]
        assert listed == [returned]
        assert [t for t in desk.tickets(BOB) if t.id == handled.id] == [returned]

    def test_customer_get_and_list_hide_internal_data(
        self, desk: Helpdesk, handled: Ticket
    ) -> None:
        for viewer in (ALICE, BOB):
            seen = desk.get(handled.id, viewer)
            leaked = _internal_parts(seen)
            assert leaked == [], f"{viewer.id} sees support-only data: {leaked}"
            assert [t for t in desk.tickets(viewer) if t.id == handled.id] == [
                summary_of(seen, side=Side.CUSTOMER)]
            assert [m.body for m in seen.messages] == ["No mail since 08:30.", "Looking into it"]
            assert seen.version == handled.version and seen.status is handled.status

    def test_support_sees_notes_and_transfer_reasons(
        self, desk: Helpdesk, clock: FixedClock, handled: Ticket
    ) -> None:
        desk.reply(handled.id, ALICE, "Any news?")
        clock.advance(timedelta(minutes=1))
        returned = _full(desk, desk.reply(handled.id, AGENT, "Working on it"))
        assert _holds_note_and_reason(returned)
        assert desk.get(handled.id, AGENT) == returned == desk.get(handled.id)
        assert [t for t in desk.tickets(AGENT) if t.id == handled.id] == [summary_of(returned)]
        assert [t for t in desk.tickets() if t.id == handled.id] == [summary_of(returned)]


# --- concurrency ----------------------------------------------------------------------------

THREADS = 4
REPLIES = 10
STAFF = ("s1", "s2", "s3", "s4")


def _staffed_policy() -> Policy:
    """The default policy with four staff taking ``mail`` tickets in turn."""
    return Policy(category_staff={"mail": STAFF}, assignment="round_robin")


class ConcurrencyContract(DeskFactory):
    """Writers to one ticket never fail and never lose a reply (flag-gated)."""

    def _replies_land(self, desks: Sequence[Helpdesk]) -> None:
        ticket = _open(desks[0])
        actors = [ALICE, AGENT, BOB, Actor.support("agent-9")]

        def writer(n: int) -> Callable[[], None]:
            def work() -> None:
                desk, actor = desks[n % len(desks)], actors[n % len(actors)]
                for k in range(REPLIES):
                    desk.reply(ticket.id, actor, f"reply {n}.{k}")
            return work

        failures = _run_threads([writer(n) for n in range(THREADS)])
        assert not failures, f"{len(failures)} writers failed: {failures[:3]!r}"
        final = desks[0].get(ticket.id)
        bodies = [m.body for m in final.messages[1:]]
        expected = {f"reply {n}.{k}" for n in range(THREADS) for k in range(REPLIES)}
        assert sorted(bodies) == sorted(expected), "no reply lost, none doubled"
        assert final.version == 1 + THREADS * REPLIES
        for n in range(THREADS):  # each writer's replies keep their order
            mine = [b for b in bodies if b.startswith(f"reply {n}.")]
            assert mine == [f"reply {n}.{k}" for k in range(REPLIES)]

    def _assignment_is_exact(self, desks: Sequence[Helpdesk]) -> None:
        per_thread = 6

        def opener(n: int) -> Callable[[], None]:
            def work() -> None:
                desk = desks[n % len(desks)]
                for k in range(per_thread):
                    _open(desk, subject=f"mail {n}.{k}", category="mail")
            return work

        failures = _run_threads([opener(n) for n in range(THREADS)])
        assert not failures, f"{len(failures)} openers failed: {failures[:3]!r}"
        tickets = desks[0].tickets()
        assert len(tickets) == THREADS * per_thread
        counts = Counter(t.assignee for t in tickets)
        assert counts == dict.fromkeys(STAFF, THREADS * per_thread // len(STAFF)), counts

    def _thread_desks(self, store: Store, clock: FixedClock) -> list[Helpdesk]:
        if not self.supports_threads:
            pytest.skip("one thread per store only")
        return [Helpdesk(store, _staffed_policy(), clock)]

    @pytest.fixture
    def store_desks(
        self, store: Store, tmp_path: Path, clock: FixedClock
    ) -> Iterator[list[Helpdesk]]:
        """A desk per writer, each on its own store on one location (processes)."""
        if not self.supports_concurrent_processes:
            pytest.skip("one store per location only")
        others = [self.make_store(tmp_path) for _ in range(THREADS - 1)]
        try:
            yield [Helpdesk(s, _staffed_policy(), clock) for s in (store, *others)]
        finally:
            for other in others:
                other.close()

    def test_reads_never_wait_behind_a_writer(self, store: Store, clock: FixedClock) -> None:
        """A page read, an SLA look-up and paging run while another thread holds a write unit
        of work open (a retention run, an import): reads take no write lock."""
        desks = self._thread_desks(store, clock)
        if not self.concurrent_readers:
            pytest.skip("the store runs one unit of work at a time")
        desk = desks[0]
        ticket = _open(desk)
        holding, done = threading.Event(), threading.Event()

        def writer() -> None:
            with store.unit_of_work() as uow:
                uow.records.put("desk-suite", "held", {"n": 1})
                holding.set()
                done.wait(timeout=10)  # a read that waits for the lock outlives this

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        try:
            assert holding.wait(timeout=30), "the writer never started"
            assert desk.get(ticket.id).id == ticket.id
            assert [t.id for t in desk.tickets(ALICE)] == [ticket.id]
            desk.sla(ticket.id)
            desk.paging(ticket.id)
            desk.escalation(ticket.id)
            assert desk.outbox.pending()
            assert thread.is_alive(), "a read waited until the write unit of work had ended"
        finally:
            done.set()
            thread.join(timeout=30)

    def test_threads_replying_to_one_ticket_lose_nothing(
        self, store: Store, clock: FixedClock
    ) -> None:
        self._replies_land(self._thread_desks(store, clock))

    def test_stores_on_one_location_replying_to_one_ticket_lose_nothing(
        self, store_desks: list[Helpdesk]
    ) -> None:
        self._replies_land(store_desks)

    def test_threads_opening_tickets_share_round_robin_assignment_exactly(
        self, store: Store, clock: FixedClock
    ) -> None:
        self._assignment_is_exact(self._thread_desks(store, clock))

    def test_stores_on_one_location_share_round_robin_assignment_exactly(
        self, store_desks: list[Helpdesk]
    ) -> None:
        self._assignment_is_exact(store_desks)


# --- the same history, the same snapshot ----------------------------------------------------


def _history(desk: Helpdesk, clock: FixedClock) -> list[str]:
    """A scripted history touching every kind of change; the ids it created."""
    first = _open(desk, severity=2, attachments=[Upload("log.txt", b"mx log")], channel="email",
                  body="password: hunter2 and no mail")
    second = _open(desk, BOB, subject="Ünïcode Straße", category="dns")
    steps: list[Callable[[], object]] = [
        lambda: desk.reply(first.id, AGENT, "Looking", attachments=[Upload("fix.txt", b"fix")]),
        lambda: desk.note(first.id, AGENT, NOTE),
        lambda: desk.set_severity(first.id, AGENT, 1, reason="outage"),
        lambda: desk.set_eta(first.id, AGENT, T0 + DAY),
        lambda: desk.set_category(first.id, AGENT, "mail"),
        lambda: desk.set_subject(first.id, AGENT, "Mail outage", reason="clearer"),
        lambda: desk.transfer(first.id, AGENT, "tier-2", reason=TRANSFER_REASON),
        lambda: desk.escalate(first.id, ALICE, method="button"),
        lambda: desk.solve(first.id, AGENT),
        lambda: desk.reply(second.id, AGENT, "Which zone?"),
        lambda: desk.confirm(first.id, ALICE),
        lambda: desk.close(second.id, BOB),
        lambda: desk.reopen(second.id, BOB),
        lambda: desk.archive(first.id, AGENT),
    ]
    for step, act in enumerate(steps):
        clock.advance(timedelta(minutes=30 + step))
        act()
    return [first.id, second.id]


class SnapshotContract(DeskFactory):
    """Every store hands back equal snapshots for the same history (the in-memory store's
    are the reference)."""

    def test_same_history_gives_the_memory_store_snapshot(
        self, desk: Helpdesk, clock: FixedClock
    ) -> None:
        reference_clock = FixedClock(T0)
        reference = Helpdesk(MemoryStore(), desk_policy(), reference_clock)
        ids = _history(desk, clock)
        assert _history(reference, reference_clock) == ids
        for ticket_id in ids:
            for viewer in (None, ALICE, BOB, AGENT):
                assert desk.get(ticket_id, viewer) == reference.get(ticket_id, viewer)
        assert desk.tickets() == reference.tickets()
        assert [n.id for n in desk.outbox.pending()] == [
            n.id for n in reference.outbox.pending()]

    def test_a_reopened_store_continues_the_same_desk(
        self, store: Store, tmp_path: Path, clock: FixedClock
    ) -> None:
        if not self.persistent:
            pytest.skip("not a persistent store")
        desk = Helpdesk(store, desk_policy(), clock)
        ids = _history(desk, clock)
        tickets, pending = desk.tickets(), desk.outbox.pending()
        again = self.reopen(store, tmp_path)
        try:
            later = Helpdesk(again, desk_policy(), clock)
            assert later.tickets() == tickets
            assert later.outbox.pending() == pending
            ref = later.get(ids[0]).messages[0].attachments[0]
            with again.blobs.open(ref.sha256) as content:
                assert content.read() == b"mx log"
            clock.advance(timedelta(minutes=5))
            replied = later.reply(ids[1], BOB, "Back again")
            assert replied.version == tickets[1].version + 1
            assert later.open_ticket(ALICE, subject="New", body="After a restart").id not in ids
        finally:
            again.close()


class DeskContract(
    LifecycleContract, InformationContract, RetentionContract, OutboxContract,
    PagingContract, ScopeContract, ViewContract, ConcurrencyContract, SnapshotContract,
):
    """Every part of the desk contract: subclass this in an adapter's test module."""
