"""Connection loss: run an action once more when that is safe, settle a commit in doubt.

A store raises :class:`~supportkit.errors.ConnectionLost` when its connection breaks while a
unit of work uses it (the PostgreSQL store does; the memory and SQLite stores never lose a
connection). What happens next depends on when it broke:

- **before COMMIT** (``in_doubt=False``): the server rolled the transaction back, nothing
  was written; the action runs once more, on a fresh connection, from the start (it reads
  the ticket again and decides again, so it never acts on a stale snapshot);
- **during COMMIT** (``in_doubt=True``): the transaction may or may not have been
  committed. The ticket is read again in a read-only unit of work: when it holds exactly
  the change this attempt wrote (the same event at the same place in its history: kind,
  instant, actor and message), that committed change is returned; when it does not, the
  action runs once more.

Either way an action runs at most twice, the second time after a short random pause; when
the second attempt loses its connection too, :class:`~supportkit.errors.ConnectionLost`
says so and that nothing was written (or, when even the check after a commit in doubt
failed, that it may have been, and how to check).
The ``written`` holder of an attempt receives the snapshot it wrote before its unit of
work commits; that snapshot is what a commit in doubt is compared with.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

from supportkit.app.context import DeskContext
from supportkit.errors import ConnectionLost, NotFound
from supportkit.ports import UnitOfWork
from supportkit.tickets.head import TicketHead, head_of
from supportkit.tickets.model import Event

__all__ = ["Written", "committed_change", "reading_again", "surviving_loss"]

T = TypeVar("T")

#: Runs of an action at most: the first and one more after a lost connection.
ATTEMPTS = 2
#: Seconds to wait before the second run (a random pause in this range): what broke the
#: connection (a restart, a failover, an administrator terminating sessions) often breaks
#: the others a moment later, and a retry at once would meet that.
PAUSE = (0.002, 0.01)


@attrs.define
class Written:
    """What one attempt wrote (set just before its unit of work commits)."""

    ticket: TicketHead | None = None
    #: the last event it recorded on that ticket
    event: Event | None = None


def same_event(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` are the same change: kind, instant, actor and message."""
    body_a = None if a.message is None else a.message.body
    body_b = None if b.message is None else b.message.body
    return a.kind == b.kind and a.at == b.at and a.actor == b.actor and body_a == body_b


def committed_change(uow: UnitOfWork, written: Written) -> TicketHead | None:
    """The stored head when the ticket holds the last event ``written`` recorded at the same
    place of its history (so the unit of work that wrote it committed), else ``None``. Reads
    the whole history: only ever run for a commit in doubt."""
    if written.ticket is None or written.event is None:
        return None
    try:
        stored = uow.tickets.get(written.ticket.id)
    except NotFound:
        return None
    place = written.ticket.event_count - 1
    if stored.version < written.ticket.version or len(stored.events) <= place:
        return None
    if not same_event(stored.events[place], written.event):
        return None
    return head_of(stored)  # the ticket just read, not a second read


def surviving_loss(
    desk: DeskContext,
    attempt: Callable[[Written], T],
    settle: Callable[[UnitOfWork, Written], T | None],
    what: str,
) -> T:
    """Run ``attempt``; on a lost connection run it once more, or settle a commit in doubt
    with ``settle`` (given a read-only unit of work and what the attempt wrote; it returns
    the result when that change is stored, else ``None``). ``what`` names the action."""
    for run in range(ATTEMPTS):
        written = Written()
        try:
            return attempt(written)
        except ConnectionLost as exc:
            if exc.in_doubt and written.ticket is not None:
                found = _settle(desk, settle, written, what)
                if found is not None:
                    return found
            if run == ATTEMPTS - 1:
                raise ConnectionLost(
                    f"{what}: the connection to the database was lost on {ATTEMPTS} "
                    f"attempts in a row; nothing was written (the last error: {exc})"
                ) from exc
            time.sleep(random.uniform(*PAUSE))  # noqa: S311 - jitter only
    raise AssertionError("unreachable")  # pragma: no cover


def _settle(
    desk: DeskContext,
    settle: Callable[[UnitOfWork, Written], T | None],
    written: Written,
    what: str,
) -> T | None:
    try:
        with desk.reading() as uow:
            found = settle(uow, written)
    except ConnectionLost as exc:
        raise ConnectionLost(
            f"{what}: the connection to the database was lost while committing and again "
            f"while checking whether the change was written; it may have been: read ticket "
            f"{_id(written)} (Helpdesk.get) and look for its {_last(written)} before "
            "trying again",
            in_doubt=True,
        ) from exc
    return found


def _id(written: Written) -> str:
    return "?" if written.ticket is None else written.ticket.id


def _last(written: Written) -> str:
    if written.event is None:
        return "last event"
    return f"{written.event.kind!r} event at {written.event.at.isoformat()}"


def reading_again(read: Callable[[], T]) -> T:
    """Run the read-only ``read`` (it opens its own unit of work) once more when its
    connection was lost: a read is always safe to repeat."""
    try:
        return read()
    except ConnectionLost:
        return read()
