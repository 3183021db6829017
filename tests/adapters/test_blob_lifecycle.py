"""Blob lifecycle without races (issue 16, "A young ticket's attachment deleted").

Content-addressed uploads are stored before the ticket's unit of work commits. A collector
— the clean-up of a refused action carrying the same logo, a retention run purging an old
ticket with that logo, or garbage collection — must never delete bytes an uncommitted
writer is about to reference. Each interleaving of :mod:`supportkit.app.blobs`' table is
forced with events on the writer's and the collector's threads, on every store: memory,
SQLite with its file blob store, and PostgreSQL with its blob tables.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from supportkit import Actor, Conflict, FixedClock, Helpdesk, Policy, SupportkitError, Upload
from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app.blobs import BLOB_LEASE, collect_garbage, lease_blobs, live_lease
from supportkit.ports import BlobStore, Store, StoredBlob, SweepingBlobStore, UnitOfWork

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]

RUN = datetime(2026, 6, 7, 0, 0, tzinfo=UTC)
DAY = timedelta(days=1)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="acme")
MALLORY = Actor.customer("mallory", company="globex")
AGENT = Actor.support("agent-7")
LOGO = b"\x89PNG acme logo " * 64
LOGO_SHA = hashlib.sha256(LOGO).hexdigest()
WAIT = 30.0  # seconds an event may take before the test gives up (never reached when green)

STORES: dict[str, Callable[[Path], Store]] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda tmp: SqliteStore(tmp / "support.db"),
    "postgres": lambda _: _pg.fresh_store(),
}


class _HookedBlobs:
    """The store's blob store, calling a one-shot hook on a named thread: after ``put``,
    after ``exists`` (the writer's check once its lease is committed), before ``delete``
    (the collector holds the digest's lease slot then) and (``write``, fired by
    :class:`_HookedStore`) before a write unit of work begins."""

    def __init__(self, inner: BlobStore) -> None:
        self.inner = inner
        self.hooks: dict[tuple[str, str], Callable[[], None]] = {}
        self.deleted: dict[str, int] = {}  # thread name -> blobs it deleted

    def deleted_here(self) -> int:
        return self.deleted.get(threading.current_thread().name, 0)

    def _fire(self, when: str) -> None:
        hook = self.hooks.pop((when, threading.current_thread().name), None)
        if hook is not None:
            hook()

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        blob = self.inner.put(content, max_size=max_size)
        self._fire("put")
        return blob

    def open(self, sha256: str) -> BinaryIO:
        return self.inner.open(sha256)

    def exists(self, sha256: str) -> bool:
        found = self.inner.exists(sha256)
        self._fire("exists")
        return found

    def delete(self, sha256: str) -> int:
        self._fire("delete")
        freed = self.inner.delete(sha256)
        if freed:
            name = threading.current_thread().name
            self.deleted[name] = self.deleted.get(name, 0) + 1
        return freed

    def iter_digests(self) -> Iterator[str]:
        return self.inner.iter_digests()


class _HookedStore:
    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.hooked = _HookedBlobs(inner.blobs)

    @property
    def blobs(self) -> BlobStore:
        return self.hooked

    def unit_of_work(self, *, readonly: bool = False) -> UnitOfWork:
        if not readonly:
            self.hooked._fire("write")  # before a write unit of work begins
        return self.inner.unit_of_work(readonly=readonly)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[_HookedStore]:
    made = _HookedStore(STORES[request.param](tmp_path))
    yield made
    made.close()


def _desk(store: Store, at: datetime = RUN) -> Helpdesk:
    return Helpdesk(store, Policy(), FixedClock(at))


def _content(store: Store, ticket_id: str) -> bytes:
    ref = _desk(store).get(ticket_id).messages[0].attachments[0]
    with store.blobs.open(ref.sha256) as handle:
        return handle.read()


def _leases(store: Store) -> list[str]:
    with store.unit_of_work(readonly=True) as uow:
        return [rid for _, rid, _ in uow.records.list(BLOB_LEASE)]


class _Collector:
    """One kind of collector of the logo, set up so that it deletes it when nobody holds it;
    ``run`` returns how many blobs it deleted."""

    def __init__(self, kind: str, store: _HookedStore) -> None:
        self.kind = kind
        self.store = store
        if kind == "retention":  # an old closed ticket with the logo, due for purging
            old = _desk(store, RUN - 120 * DAY)
            ticket = old.open_ticket(ALICE, "old", "logo attached",
                                     attachments=[Upload("logo.png", LOGO)])
            old.close(ticket.id, AGENT)
        elif kind == "refused_reply":  # a ticket a stranger will try to reply to
            self.target = _desk(store).open_ticket(ALICE, "printer", "jammed").id
        else:
            assert kind == "gc"

    def run(self) -> int:
        desk = _desk(self.store)
        if self.kind == "retention":
            return desk.run_retention().blobs_deleted
        if self.kind == "gc":
            return desk.collect_garbage().blobs_deleted
        before = self.store.hooked.deleted_here()
        with pytest.raises(SupportkitError):  # refused inside the write: clean-up runs
            desk.reply(self.target, MALLORY, "see our logo",
                       attachments=[Upload("logo.png", LOGO)])
        return self.store.hooked.deleted_here() - before


COLLECTORS = ["gc", "refused_reply", "retention"]


class _Writer(threading.Thread):
    """Opens a ticket carrying the logo in its own thread."""

    def __init__(self, store: Store) -> None:
        super().__init__(name="writer", daemon=True)
        self.store = store
        self.ticket_id: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.ticket_id = _desk(self.store).open_ticket(
                BOB, "new", "here is the logo", attachments=[Upload("logo.png", LOGO)]).id
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def finish(self) -> str:
        self.join(WAIT)
        assert not self.is_alive(), "the writer never finished"
        if self.error is not None:
            raise self.error
        assert self.ticket_id is not None
        return self.ticket_id


def _pause(reached: threading.Event, go: threading.Event) -> Callable[[], None]:
    def hook() -> None:
        reached.set()
        assert go.wait(WAIT), "the test never released this thread"
    return hook


@pytest.mark.parametrize("kind", COLLECTORS)
def test_collector_between_upload_and_lease_does_not_lose_the_young_ticket_content(
    store: _HookedStore, kind: str
) -> None:
    """Case 1 — the defect: the writer stored the logo (already there, or new) and has no
    lease yet; the collector finds no holder and deletes it. The writer must notice once
    its lease is committed and store it again: its ticket's logo is readable."""
    collector = _Collector(kind, store)
    uploaded, go = threading.Event(), threading.Event()
    store.hooked.hooks["put", "writer"] = _pause(uploaded, go)
    writer = _Writer(store)
    writer.start()
    assert uploaded.wait(WAIT)
    deleted = collector.run()
    assert deleted == 1, "the collector did delete the content the writer had just stored"
    go.set()
    ticket_id = writer.finish()
    assert _content(store, ticket_id) == LOGO
    assert _leases(store) == [], "the ticket's blob_ref replaced the writer's lease"
    assert _desk(store).collect_garbage().blobs_deleted == 0


@pytest.mark.parametrize("kind", COLLECTORS)
def test_collector_holding_the_slot_makes_the_writer_lease_wait(
    store: _HookedStore, kind: str
) -> None:
    """Case 2: the collector holds the digest's lease slot (about to delete) when the
    writer has stored the logo; the writer's lease waits for the slot, and then finds the
    content gone and stores it again."""
    collector = _Collector(kind, store)
    if kind == "gc":
        store.blobs.put(LOGO)  # an orphan gc will delete
    deleting, go_delete = threading.Event(), threading.Event()
    uploaded, leased = threading.Event(), threading.Event()
    store.hooked.hooks["delete", "collector"] = _pause(deleting, go_delete)
    store.hooked.hooks["put", "writer"] = uploaded.set
    store.hooked.hooks["exists", "writer"] = leased.set
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(collector.run()),
                              name="collector", daemon=True)
    thread.start()
    assert deleting.wait(WAIT)
    writer = _Writer(store)
    writer.start()
    assert uploaded.wait(WAIT)
    # The writer cannot commit its lease while the collector holds the slot.
    assert not leased.wait(0.5), "the writer's lease did not wait for the collector"
    go_delete.set()
    thread.join(WAIT)
    assert results == [1]
    ticket_id = writer.finish()
    assert leased.is_set()
    assert _content(store, ticket_id) == LOGO


@pytest.mark.parametrize("kind", COLLECTORS)
def test_a_committed_lease_keeps_the_content_from_every_collector(
    store: _HookedStore, kind: str
) -> None:
    """Case 3: the writer's lease is committed, its ticket not yet: every collector keeps
    the logo; once the ticket commits, its blob_ref keeps it."""
    collector = _Collector(kind, store)
    leased, go = threading.Event(), threading.Event()
    store.hooked.hooks["exists", "writer"] = _pause(leased, go)
    writer = _Writer(store)
    writer.start()
    assert leased.wait(WAIT)
    assert collector.run() == 0
    assert store.blobs.exists(LOGO_SHA)
    if kind == "gc":
        assert _desk(store).collect_garbage(dry_run=True).blobs_kept_leased == 1
    go.set()
    ticket_id = writer.finish()
    assert _content(store, ticket_id) == LOGO
    assert _leases(store) == []
    # The leased content the retention run kept is now held by the new ticket's reference.
    assert _desk(store).collect_garbage().blobs_deleted == 0
    assert _content(store, ticket_id) == LOGO


def test_a_refused_action_removes_only_what_nobody_else_holds(store: _HookedStore) -> None:
    """Case 5: a refused reply's clean-up drops its own lease; content that another
    writer's lease holds stays, content only it held goes."""
    target = _desk(store).open_ticket(ALICE, "printer", "jammed").id
    lease_blobs(store, [LOGO_SHA], RUN, "another-writer")
    store.blobs.put(LOGO)
    with pytest.raises(SupportkitError):
        _desk(store).reply(target, MALLORY, "files", attachments=[
            Upload("logo.png", LOGO), Upload("mine.txt", b"only mine")])
    assert store.blobs.exists(LOGO_SHA)
    assert not store.blobs.exists(hashlib.sha256(b"only mine").hexdigest())
    assert _leases(store) == [f"{LOGO_SHA}:another-writer"]


def test_two_writers_of_one_digest_each_hold_their_own_lease(store: _HookedStore) -> None:
    """Case 7: the first writer's commit drops only its own lease; the second writer,
    still uncommitted, keeps the content from a collector."""
    first_leased, go = threading.Event(), threading.Event()
    store.hooked.hooks["exists", "writer"] = _pause(first_leased, go)
    slow = _Writer(store)
    slow.start()
    assert first_leased.wait(WAIT)
    fast = _desk(store).open_ticket(ALICE, "also", "logo", attachments=[
        Upload("logo.png", LOGO)])
    [left] = _leases(store)
    assert not left.endswith(":" + fast.id), "only the slow writer's lease is left"
    with store.unit_of_work(readonly=True) as uow:
        assert live_lease(uow, LOGO_SHA, RUN)
    go.set()
    assert _content(store, slow.finish()) == LOGO


# --- a killed writer -------------------------------------------------------------------------


def _stamp(path: Path, at: datetime) -> None:
    os.utime(path, (at.timestamp(), at.timestamp()))


def test_killed_writer_leftovers_are_collected_and_held_content_kept(tmp_path: Path) -> None:
    """A writer killed mid-upload leaves a temp file; one killed after its upload leaves an
    unreferenced blob (and maybe a lease). gc removes the temp file past the grace period,
    the unleased orphan at once and the leased one once its lease expired; content a ticket
    references, or a live lease holds, stays."""
    store = SqliteStore(tmp_path / "support.db")
    try:
        blobs = store.blobs
        assert isinstance(blobs, FileBlobStore)
        assert isinstance(blobs, SweepingBlobStore)
        kept = _desk(store).open_ticket(ALICE, "kept", "log",
                                        attachments=[Upload("a.log", b"referenced")])
        orphan = blobs.put(b"killed after its upload").sha256
        leased = blobs.put(b"killed after its lease").sha256
        lease_blobs(store, [leased], RUN, "dead-writer")
        old = blobs.root / "tmp" / "incoming-dead"
        old.write_bytes(b"x" * 100)
        _stamp(old, RUN - 2 * timedelta(hours=1))
        young = blobs.root / "tmp" / "incoming-live"
        young.write_bytes(b"y" * 10)
        _stamp(young, RUN - timedelta(minutes=5))

        dry = collect_garbage(store, RUN, dry_run=True)
        assert (dry.temp_files_removed, dry.blobs_deleted, dry.blobs_kept_leased) == (1, 1, 1)
        assert old.exists() and blobs.exists(orphan)

        report = collect_garbage(store, RUN)
        assert (report.temp_files_removed, report.temp_bytes_freed) == (1, 100)
        assert (report.blobs_checked, report.blobs_deleted) == (3, 1)
        assert report.bytes_freed == len(b"killed after its upload")
        assert report.blobs_kept_leased == 1 and report.leases_expired == 0
        assert not old.exists() and young.exists()
        assert not blobs.exists(orphan) and blobs.exists(leased)

        later = collect_garbage(store, RUN + 2 * timedelta(hours=1))
        assert (later.leases_expired, later.blobs_deleted) == (1, 1)
        assert not blobs.exists(leased) and _leases(store) == []
        assert not young.exists(), "past the grace period by then"
        assert _content(store, kept.id) == b"referenced"
        again = collect_garbage(store, RUN + DAY)
        assert (again.temp_files_removed, again.leases_expired, again.blobs_deleted) == (0, 0, 0)
    finally:
        store.close()


def test_gc_keeps_referenced_content_on_every_store(store: _HookedStore) -> None:
    ticket = _desk(store).open_ticket(ALICE, "kept", "log", attachments=[
        Upload("logo.png", LOGO)])
    store.blobs.put(b"orphan")
    report = _desk(store).collect_garbage()
    assert (report.blobs_checked, report.blobs_deleted, report.blobs_kept_leased) == (2, 1, 0)
    assert _content(store, ticket.id) == LOGO
    assert list(store.blobs.iter_digests()) == [LOGO_SHA]


def test_gc_refuses_a_negative_grace_period() -> None:
    with pytest.raises(SupportkitError, match="older_than"):
        collect_garbage(MemoryStore(), RUN, older_than=-DAY)


def test_gc_rechecks_a_stale_candidate_under_the_lease_slot(store: _HookedStore) -> None:
    """gc finds the logo unreferenced in its read-only pass; before it deletes, a writer
    stores, leases and commits a ticket with it. The check repeated under the lease slot
    sees the reference: nothing is deleted."""
    store.blobs.put(LOGO)
    candidate, go = threading.Event(), threading.Event()
    store.hooked.hooks["write", "collector"] = _pause(candidate, go)  # after the read pass
    reports: list[Any] = []
    thread = threading.Thread(target=lambda: reports.append(_desk(store).collect_garbage()),
                              name="collector", daemon=True)
    thread.start()
    assert candidate.wait(WAIT)
    writer = _Writer(store)
    writer.start()
    ticket_id = writer.finish()
    go.set()
    thread.join(WAIT)
    assert [r.blobs_deleted for r in reports] == [0]
    assert _content(store, ticket_id) == LOGO


class _Pipe(io.RawIOBase):
    """A stream that cannot be re-read (a socket, a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("seekable", [True, False])
def test_a_stream_collected_before_its_lease_is_stored_again_or_refused_whole(
    store: _HookedStore, seekable: bool
) -> None:
    """Case 1 with a stream: a seekable one is read again from where it started; one that
    cannot be re-read is refused with Conflict, recording nothing and leaving no lease."""
    store.hooked.hooks["put", "MainThread"] = lambda: store.hooked.inner.delete(LOGO_SHA)
    head = b"not part of the upload"
    if seekable:
        stream: BinaryIO = io.BytesIO(head + LOGO)
        stream.read(len(head))
    else:
        stream = io.BufferedReader(_Pipe(LOGO))
    upload = Upload("logo.png", stream)
    if seekable:
        ticket = _desk(store).open_ticket(ALICE, "logo", "streamed", attachments=[upload])
        assert _content(store, ticket.id) == LOGO
    else:
        with pytest.raises(Conflict, match="send it again"):
            _desk(store).open_ticket(ALICE, "logo", "streamed", attachments=[upload])
        assert _desk(store).tickets() == []
        assert not store.blobs.exists(LOGO_SHA)
    assert _leases(store) == []
