"""What every part of the contract suite shares: the store factory with its capability
flags, the ticket builder, and a helper that runs a second worker in another thread.

:class:`StoreFactory` and :func:`make_ticket` are re-exported by
:mod:`supportkit.testing.contract`; import them from there.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from supportkit._extras import missing_extra

try:
    import pytest
except ImportError as exc:
    raise missing_extra("pytest", "test", "the supportkit contract suites") from exc

from supportkit.ports import Store, UnitOfWork
from supportkit.tickets.actors import Actor
from supportkit.tickets.events import OPENED, EventKindName
from supportkit.tickets.head import TicketHead, head_of
from supportkit.tickets.history import apply, replay
from supportkit.tickets.model import AttachmentRef, Event, EventValue, Message, Ticket
from supportkit.tickets.status import TicketStatus

__all__ = [
    "AGENT",
    "T0",
    "StoreFactory",
    "bump",
    "changed",
    "in_thread",
    "make_ticket",
    "save",
]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGENT = Actor.support("agent-7")


def make_ticket(
    ticket_id: str,
    *,
    subject: str = "Mail delivery stopped",
    body: str = "No mail since 08:30.",
    requester: Actor | None = None,
    status: TicketStatus = TicketStatus.OPEN,
    category: str | None = None,
    addressed_to: str | None = None,
    assignee: str | None = None,
    severity: int | str = 3,
    replies: Sequence[str] = (),
    notes: Sequence[str] = (),
    deadlines: dict[str, datetime | None] | None = None,
    at: datetime = T0,
) -> Ticket:
    """A version-1 ticket built by replaying events, with the given fields and deadlines."""
    requester = requester or Actor.customer("alice", company="acme")
    data: dict[str, EventValue] = {"subject": subject, "severity": severity, "status": "open"}
    if category is not None:
        data["category"] = category
    if addressed_to is not None:
        data["addressed_to"] = addressed_to
    if assignee is not None:
        data["assignee"] = assignee
    attachment = AttachmentRef("log.txt", 3, hashlib.sha256(b"log").hexdigest())
    message = Message(requester.id, requester.side, body, "web", at, (attachment,))
    ticket = replay(ticket_id, [Event(OPENED, at, requester, data, message)])
    for n, text in enumerate(replies, 1):
        when = at + timedelta(minutes=n)
        reply = Message(AGENT.id, AGENT.side, text, "email", when)
        ticket = apply(ticket, Event("replied", when, AGENT, {"status": "open"}, reply))
    for n, text in enumerate(notes, 1):
        when = at + timedelta(minutes=30 + n)
        note = Message(AGENT.id, AGENT.side, text, "internal", when, internal=True)
        ticket = apply(ticket, Event("noted", when, AGENT, {}, note))
    if status is not TicketStatus.OPEN:
        kind = cast(EventKindName, status.value)  # solved, closed, archived: kinds too
        ticket = apply(ticket, Event(kind, at + timedelta(hours=1), AGENT,
                                     {"status": status.value}))
    return attrs.evolve(ticket, version=1, **(deadlines or {}))  # type: ignore[arg-type]


S = TypeVar("S", Ticket, TicketHead)


def bump(ticket: S, **changes: Any) -> S:
    """``ticket`` (or a head) with ``changes`` and the next version, ready to save."""
    return attrs.evolve(ticket, version=ticket.version + 1, **changes)


def save(uow: UnitOfWork, ticket: Ticket | TicketHead) -> None:
    """Write ``ticket`` the way the port does: append its events past the stored ones and
    its head (a head alone appends no event). The version is checked by ``append``."""
    if isinstance(ticket, TicketHead):
        uow.tickets.append(ticket, [])
        return
    stored = uow.tickets.head(ticket.id)
    head = head_of(ticket)
    new_events = ticket.events[stored.event_count:] if stored.event_count < len(
        ticket.events) else ()
    uow.tickets.append(head, new_events)


def changed(ticket: Ticket, kind: EventKindName, data: dict[str, EventValue]) -> Ticket:
    """``ticket`` after a support-side ``kind`` event five minutes past T0, ready to save."""
    event = Event(kind, T0 + timedelta(minutes=5), AGENT, {"status": "open", **data})
    return bump(apply(ticket, event))


class StoreFactory:
    """The one thing an adapter's test class provides, plus its capability flags."""

    #: Data survives ``close()`` and a new ``make_store(tmp_path)`` on the same ``tmp_path``.
    persistent: bool = False
    #: Two stores made on the same ``tmp_path`` (other processes, say) share the data.
    supports_concurrent_processes: bool = False
    #: Units of work implement :class:`~supportkit.ports.ClaimingTicketRepository` and
    #: :class:`~supportkit.ports.ClaimingRecordRepository` (work queues for several workers).
    supports_claims: bool = False
    #: One write unit of work at a time on the whole store: a second writer waits in
    #: ``unit_of_work().__enter__`` until the first ends (SQLite's ``BEGIN IMMEDIATE``).
    #: Such a store passes the overlapping-transaction tests by making the second writer
    #: wait and read the first one's commit, instead of answering ``Conflict``.
    serializes_writers: bool = False
    #: A read-only unit of work in one thread and a write unit of work in another run at
    #: the same time, neither waiting for the other (False: ``SqliteStore(":memory:")``).
    concurrent_readers: bool = True
    #: A read-only unit of work may be opened inside an open unit of work in the same
    #: thread (the nesting rule); False only for a store that runs one unit of work at a
    #: time and refuses every nesting with ``StorageError`` (``SqliteStore(":memory:")``).
    supports_nested_readonly: bool = True

    def make_store(self, tmp_path: Path) -> Store:
        """A new, open store; override in the adapter's test class."""
        raise NotImplementedError("subclass the contract and implement make_store(tmp_path)")

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = self.make_store(tmp_path)
        try:
            yield store
        finally:
            store.close()

    def reopen(self, store: Store, tmp_path: Path) -> Store:
        """Close ``store`` and open it again (only meaningful when ``persistent``)."""
        store.close()
        return self.make_store(tmp_path)


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run ``work()`` in a thread (another worker); its result or exception lands in the
    returned list."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as exc:  # reported by the test
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out
