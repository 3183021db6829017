"""Storage ports: the small protocols every store adapter implements.

A :class:`Store` opens units of work; a unit of work commits when its ``with`` block ends
normally and rolls back when it raises. Repositories are reached through the unit of work, so
every read and write of one action shares one transaction. Attachment content lives in a
:class:`BlobStore`, addressed by its SHA-256. Behaviour is pinned down by the contract suite
in :mod:`supportkit.testing.contract`.

Read-only units of work
    ``store.unit_of_work(readonly=True)`` reads committed data and never takes a write lock
    or begins a write transaction. Every write through it (``next_id``, ``add``,
    ``add_many``, ``append``, ``put``, ``delete``, claims, ``head(..., for_update=True)``) is
    refused with :class:`~supportkit.errors.StorageError` naming what was refused.

Writers to one object serialize
    ``uow.tickets.head(id, for_update=True)`` and ``uow.records.get(kind, id,
    for_update=True)`` (write units of work only) hold that ticket or record — a record even
    when it does not exist yet — until the unit of work ends: another unit of work asking for
    it with ``for_update=True`` waits, then reads what the first one committed. A plain
    ``append`` to a held ticket waits too (then its version check decides); a plain ``put`` of a
    record is last-writer-wins, so every read-modify-write of a record uses ``for_update``.
    Without ``for_update`` two units of work that read the same ticket version race, and the
    second ``append`` (or commit) is a :class:`~supportkit.errors.Conflict`: an update is never
    lost silently. A deadlock between two holders is a ``Conflict`` for one of them. Waiting
    past the store's ``timeout`` is a ``StorageError`` (memory, SQLite); PostgreSQL waits as
    the server's ``lock_timeout`` allows (none by default), and a lock timeout is ``Conflict``.

Nesting rule
    Inside an open *write* unit of work, opening another *write* unit of work on the same
    store in the same thread is refused with :class:`~supportkit.errors.StorageError` (one
    writer per thread: the inner one would wait for, or be invisible to, the outer one).
    A *read-only* unit of work may be opened inside any unit of work; it sees only committed
    data, never the enclosing unit's uncommitted writes. Units of work in other threads or
    processes are not nested: they run concurrently. (``SqliteStore(":memory:")`` is one
    connection and runs one unit of work at a time: it refuses every nested unit of work.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, BinaryIO, Protocol, Self, runtime_checkable

import attrs

from supportkit.tickets.head import TicketHead, TicketSummary
from supportkit.tickets.model import Event, Ticket
from supportkit.tickets.query import TicketQuery

__all__ = [
    "BatchDeletingBlobStore",
    "BlobStore",
    "BulkAppendTicketRepository",
    "BulkRecordRepository",
    "BulkTicketRepository",
    "ClaimingRecordRepository",
    "ClaimingTicketRepository",
    "RecordPut",
    "RecordRepository",
    "Store",
    "StoredBlob",
    "SweepingBlobStore",
    "TicketQuery",
    "TicketRepository",
    "UnitOfWork",
]


class TicketRepository(Protocol):
    """Tickets as their appended events plus a head (see :mod:`supportkit.tickets.head`).

    A store keeps, per ticket, the :class:`~supportkit.tickets.head.TicketHead` (replaced on
    every change) and the events in order (only ever appended: a message body is stored once,
    in its event). Writes and lists never read the history; :meth:`get` rebuilds the full
    :class:`~supportkit.Ticket` from both (:func:`~supportkit.tickets.head.rebuild`).
    """

    def next_id(self) -> str:
        """A new ticket id, never handed out before by this store."""
        ...

    def add(self, ticket: Ticket) -> None:
        """Insert a new ticket (``version`` 1) with its whole history: its events and its
        head (:func:`~supportkit.tickets.head.head_of`). :class:`Conflict` if the id exists."""
        ...

    def get(self, ticket_id: str) -> Ticket:
        """The full ticket, rebuilt from its head and events. :class:`NotFound` for an
        unknown id."""
        ...

    def head(self, ticket_id: str, *, for_update: bool = False) -> TicketHead:
        """The ticket's head (no history). :class:`NotFound` for an unknown id.

        ``for_update=True`` (write units of work only) holds the ticket against every other
        writer until this unit of work ends, waiting first for a unit of work that holds it;
        the head returned is then the latest committed one."""
        ...

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        """Append ``events`` after the stored ones and replace the head with ``head``.

        ``head.version`` must be exactly one more than the stored version, otherwise
        :class:`Conflict` and nothing is written; ``head.event_count`` must be the stored
        count plus ``len(events)`` (:class:`~supportkit.errors.InvalidInput` otherwise).
        ``events`` may be empty (a change of derived fields only)."""
        ...

    def query(self, query: TicketQuery) -> Sequence[TicketSummary]:
        """Summaries of the tickets matching every filter of ``query``, in its ``order``,
        read from columns (never from histories)."""
        ...

    def heads(self, query: TicketQuery) -> Sequence[TicketHead]:
        """The heads of the tickets matching ``query``, in its ``order``: what batch rules
        (SLA, escalation, retention) read."""
        ...

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query``, ignoring its ``limit`` and cursor."""
        ...


@runtime_checkable
class BulkTicketRepository(TicketRepository, Protocol):
    """A ticket repository with a fast bulk import (optional: check with ``isinstance``)."""

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets (each ``version`` 1): all of them, or on :class:`Conflict`
        (an id that exists or repeats) none."""
        ...


@runtime_checkable
class BulkAppendTicketRepository(TicketRepository, Protocol):
    """A ticket repository that appends to many tickets in one go (optional: check with
    ``isinstance``); a batch job (a retention run) appends its changes with it.
    :func:`supportkit.adapters.reference.append_each` is the reference (one ``append``
    each), which the contract suite holds every implementation equal to."""

    def append_many(self, changes: Iterable[tuple[TicketHead, Sequence[Event]]]) -> None:
        """``append(head, events)`` of each change, in order, with the same checks and
        errors. After an error the unit of work must not commit (a store may have written
        earlier changes of the batch in it; the bundled ones write none)."""
        ...


class RecordRepository(Protocol):
    """Small JSON-compatible documents by kind and id, with exact-match lookup keys.

    Typed repositories (contracts, accounts, the notification outbox …) are built on this
    one port, so a store adapter implements one table, not one per area. ``data`` is what
    :func:`supportkit.serialization.unstructure` produced; ``keys`` are the string values a
    record can be found by. Listing order is insertion order (``seq``), stable across updates.
    """

    def put(
        self,
        kind: str,
        record_id: str,
        data: Mapping[str, Any],
        *,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        """Insert or replace the record; its lookup keys are replaced too."""
        ...

    def get(self, kind: str, record_id: str, *, for_update: bool = False) -> Mapping[str, Any]:
        """The record's data. :class:`NotFound` for an unknown id.

        ``for_update=True`` (write units of work only) holds ``(kind, record_id)`` — also
        when no such record exists yet, so creating it is covered — until this unit of work
        ends; another ``for_update`` reader waits, then sees what this one committed."""
        ...

    def find(
        self, kind: str, key: str, value: str, *, limit: int | None = None
    ) -> Sequence[tuple[str, Mapping[str, Any]]]:
        """``(id, data)`` of every record of ``kind`` whose key ``key`` equals ``value``, by
        seq; with ``limit``, the first ``limit`` of them."""
        ...

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """``(seq, id, data)`` of records of ``kind`` with ``seq > after_seq``, by seq."""
        ...

    def delete(self, kind: str, record_id: str) -> bool:
        """Remove the record; False when there was none."""
        ...


@attrs.frozen
class RecordPut:
    """The arguments of one :meth:`RecordRepository.put`, for
    :meth:`BulkRecordRepository.put_many`."""

    kind: str
    record_id: str
    data: Mapping[str, Any]
    keys: Mapping[str, str] | None = None


@runtime_checkable
class BulkRecordRepository(RecordRepository, Protocol):
    """A record repository that writes many records in one go (optional: check with
    ``isinstance``). A batch job (a retention run) writes its records with these instead of
    one call each; :func:`supportkit.adapters.reference.put_each` and
    :func:`~supportkit.adapters.reference.delete_each` are the reference (one call each),
    which the contract suite holds every implementation equal to."""

    def put_many(self, writes: Iterable[RecordPut]) -> None:
        """The same as ``put`` of each of ``writes``, in order (a record put twice ends
        with the last one's data and keys)."""
        ...

    def delete_many(self, kind: str, record_ids: Iterable[str]) -> int:
        """The same as ``delete`` of each id; how many records were removed."""
        ...


# --- work-queue claims (optional; postgres area) ------------------------------------------


@runtime_checkable
class ClaimingTicketRepository(TicketRepository, Protocol):
    """A ticket repository that hands out due tickets to one worker at a time (optional).

    Several workers (processes, machines) running the same periodic job — retention, breach
    alerts — each claim a batch; a ticket claimed by a live unit of work is skipped by every
    other one (PostgreSQL: ``FOR UPDATE SKIP LOCKED``). Check with
    ``isinstance(uow.tickets, ClaimingTicketRepository)``.
    """

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[TicketHead]:
        """The heads of up to ``limit`` tickets whose deadline ``column`` lies in
        ``[due_from, before)``, earliest deadline first (then by id), held for this unit of
        work. The worker must clear or move that deadline in the same unit of work, or the
        ticket comes up again once the claim ends."""
        ...


@runtime_checkable
class ClaimingRecordRepository(RecordRepository, Protocol):
    """A record repository that hands out queued records to one worker at a time (optional);
    e.g. an outbox whose records carry the key ``state=pending``."""

    def claim(
        self, kind: str, key: str, value: str, *, limit: int
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """``(seq, id, data)`` of up to ``limit`` records of ``kind`` whose key ``key`` equals
        ``value``, by seq, held for this unit of work; change the key in the same unit of
        work (``state`` → ``sent``) so they are not handed out again."""
        ...


# --- end work-queue claims ----------------------------------------------------------------


class UnitOfWork(Protocol):
    """One transaction. Commit on normal exit, roll back on an exception.

    A read-only one (``store.unit_of_work(readonly=True)``) refuses every write; see the
    module docstring for ``for_update`` and the nesting rule."""

    @property
    def tickets(self) -> TicketRepository: ...

    @property
    def records(self) -> RecordRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@attrs.frozen
class StoredBlob:
    """What :meth:`BlobStore.put` wrote: the content's SHA-256 (hex) and its size in bytes."""

    sha256: str
    size: int


class BlobStore(Protocol):
    """Content-addressed storage for attachment bytes."""

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        """Store ``content``, streaming it; :class:`InvalidInput` past ``max_size`` bytes,
        leaving nothing behind."""
        ...

    def open(self, sha256: str) -> BinaryIO:
        """A binary stream of the content. :class:`NotFound` if absent (or purged)."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def delete(self, sha256: str) -> int:
        """Remove the content; return the bytes freed (0 if it was already gone)."""
        ...

    def iter_digests(self) -> Iterator[str]:
        """Every stored digest (for audits and garbage collection)."""
        ...


@runtime_checkable
class SweepingBlobStore(BlobStore, Protocol):
    """A blob store that can leave temporary upload files behind (optional: check with
    ``isinstance``), e.g. when the process writing one is killed mid-upload.

    :func:`supportkit.app.blobs.collect_garbage` calls :meth:`sweep_temp` when the store has
    it; a blob store without it (the memory store; PostgreSQL, whose partial upload rolls
    back with its transaction) simply has nothing to sweep. Adding the method is all a
    third-party blob store needs; the :class:`BlobStore` protocol itself is unchanged.
    """

    def sweep_temp(self, before: datetime, *, dry_run: bool = False) -> tuple[int, int]:
        """Remove the temporary upload files last written before ``before`` (an upload in
        progress keeps writing its file, so a grace period longer than the slowest upload
        never removes a live one); ``(files, bytes)`` removed — with ``dry_run``, that would
        be removed, changing nothing. Stored content is never touched."""
        ...


@runtime_checkable
class BatchDeletingBlobStore(BlobStore, Protocol):
    """A blob store that removes many digests in one pass (optional: check with
    ``isinstance``), e.g. overlapping the file system's work for each removal.

    A collector that has decided, under the digests' lease slots, that a set of digests
    goes calls :meth:`delete_many` once inside its unit of work, instead of :meth:`delete`
    once per digest (:func:`supportkit.app.blobs.delete_blobs` falls back to that loop for a
    blob store without it). The result must equal calling :meth:`delete` on each digest.
    """

    def delete_many(self, digests: Iterable[str]) -> Mapping[str, int]:
        """Remove the content of each of ``digests``; the bytes freed by each (0 when it was
        already gone). A failure (:class:`~supportkit.errors.StorageError`) may leave some of
        them removed: each removal is idempotent, so the caller retries the whole set."""
        ...


class Store(Protocol):
    """A storage back end: units of work plus a blob store."""

    @property
    def blobs(self) -> BlobStore: ...

    def unit_of_work(self, *, readonly: bool = False) -> UnitOfWork:
        """A new unit of work (enter it with ``with``). ``readonly=True``: reads committed
        data without a write lock and refuses writes. Opening a write unit of work inside an
        open one in the same thread is a :class:`~supportkit.errors.StorageError`."""
        ...

    def close(self) -> None: ...
