"""Several outbox senders: ``Helpdesk.outbox.batch(limit)`` claims pending entries for one
sender, marks them sent when its block ends normally and puts them back when it raises; two
live senders never hold the same entry. Runs on every store with claims (memory, SQLite,
PostgreSQL), and once on a store without claims (the single-sender fallback)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportkit import Actor, FixedClock, Helpdesk, InvalidInput
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app.outbox import Notification, NotificationState
from supportkit.ports import BlobStore, ClaimingRecordRepository, Store

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STORES: dict[str, Callable[[Path], Store]] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda tmp: SqliteStore(tmp / "support.db"),
    "postgres": lambda _: _pg.fresh_store(),
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = STORES[request.param](tmp_path)
    yield made
    made.close()


def _desk_with_entries(store: Store, tickets: int) -> Helpdesk:
    """A desk whose outbox holds one pending entry per customer-opened ticket."""
    desk = Helpdesk(store, clock=FixedClock(T0))
    for n in range(tickets):
        desk.open_ticket(Actor.customer(f"c{n}", company="acme"), f"ticket {n}", "help")
    assert len(desk.outbox.pending()) == tickets
    return desk


def _clock(desk: Helpdesk) -> FixedClock:
    assert isinstance(desk.clock, FixedClock)
    return desk.clock


def test_a_batch_is_marked_sent_when_its_block_ends(store: Store) -> None:
    desk = _desk_with_entries(store, 5)
    _clock(desk).advance(timedelta(minutes=3))
    oldest = [n.id for n in desk.outbox.pending()[:3]]
    # Inside the block the sender only sends (on SQLite the block holds the write lock).
    with desk.outbox.batch(3) as batch:
        claimed = [note.id for note in batch]
    assert len(claimed) == 3 and claimed == oldest
    for note_id in claimed:
        sent = desk.outbox.get(note_id)
        assert sent.state is NotificationState.SENT
        assert sent.sent_at == T0 + timedelta(minutes=3)
    assert len(desk.outbox.pending()) == 2
    with desk.outbox.batch(10) as batch:
        assert len(batch) == 2
    with desk.outbox.batch(10) as batch:
        assert len(batch) == 0
    assert desk.outbox.pending() == []


def test_a_failed_block_puts_every_entry_back(store: Store) -> None:
    desk = _desk_with_entries(store, 3)
    before = desk.outbox.pending()

    class MailerDown(Exception):
        pass

    with pytest.raises(MailerDown), desk.outbox.batch(2) as batch:
        assert len(batch) == 2
        raise MailerDown("smtp timeout")
    assert desk.outbox.pending() == before


def test_a_released_entry_stays_pending(store: Store) -> None:
    desk = _desk_with_entries(store, 3)
    with desk.outbox.batch(3) as batch:
        bounced: Notification = batch.notifications[1]
        batch.release(bounced)
        with pytest.raises(InvalidInput):
            batch.release("no-such-entry")
    assert [n.id for n in desk.outbox.pending()] == [bounced.id]
    with pytest.raises(InvalidInput):
        desk.outbox.batch(-1).__enter__()


def test_two_live_senders_never_hold_the_same_entry(store: Store) -> None:
    desk = _desk_with_entries(store, 6)
    out: list[Any] = []

    def other_sender() -> None:
        try:
            with desk.outbox.batch(10) as batch:
                out.append([n.id for n in batch])
        except BaseException as exc:  # reported below
            out.append(exc)

    with desk.outbox.batch(3) as mine:
        sender = threading.Thread(target=other_sender, daemon=True)
        sender.start()
        # PostgreSQL and memory skip what this sender holds; SQLite's other writer waits.
        sender.join(0.3)
        first = [n.id for n in mine]
    sender.join(30)
    assert len(out) == 1 and isinstance(out[0], list), out
    assert len(first) == 3 and len(set(first) | set(out[0])) == 6
    assert not set(first) & set(out[0]), "an entry was handed to both senders"
    assert all(desk.outbox.get(i).state is NotificationState.SENT for i in first + out[0])
    assert desk.outbox.pending() == []


class _NoClaims:
    """A store whose record repository has no ``claim`` (a third-party adapter)."""

    def __init__(self, inner: MemoryStore) -> None:
        self._inner = inner

    @property
    def blobs(self) -> BlobStore:
        return self._inner.blobs

    def unit_of_work(self, *, readonly: bool = False) -> Any:
        inner = self._inner.unit_of_work(readonly=readonly)

        class Unit:
            tickets = inner.tickets
            records = _Plain(inner.records)

            def __enter__(self) -> Any:
                inner.__enter__()
                return self

            def __exit__(self, *exc: Any) -> None:
                inner.__exit__(*exc)

        return Unit()

    def close(self) -> None:
        self._inner.close()


class _Plain:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.put, self.get, self.find = inner.put, inner.get, inner.find
        self.list, self.delete = inner.list, inner.delete


def test_without_claims_a_single_sender_reads_pending_entries() -> None:
    store = _NoClaims(MemoryStore())
    desk = _desk_with_entries(store, 4)  # type: ignore[arg-type]
    with store.unit_of_work() as uow:
        assert not isinstance(uow.records, ClaimingRecordRepository)
    with desk.outbox.batch(3) as batch:
        assert len(batch) == 3
    assert len(desk.outbox.pending()) == 1
    with pytest.raises(RuntimeError), desk.outbox.batch(3) as batch:
        raise RuntimeError("boom")
    assert len(desk.outbox.pending()) == 1
