"""A toy supportkit store: every ticket and record is a JSON string in a dict.

It shows what an outside adapter implements (the ports of :mod:`supportkit.ports`) and
nothing more: a real one would put the JSON in Redis, DynamoDB, a document store … The
adapter contract suite (``test_toy_store.py``) proves it behaves like the bundled stores.

Transactions are as simple as they get: a write unit of work holds the store's one writer
lock from ``__enter__`` to ``__exit__`` (so ``head(..., for_update=True)`` needs nothing
more, and a nested write unit of work in the same thread is refused); a read-only one takes
no lock and refuses writes.

Run it as a store: ``python toy_store.py`` opens a ticket on it through a ``Helpdesk``.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, BinaryIO, Self

import attrs

from supportkit import Conflict, InvalidInput, NotFound, Ticket, TicketQuery

# The reference semantics every adapter must reproduce (the contract suite compares against
# them). A store that pushes filters down to its database translates them into its query
# language; a store that filters in Python, like this one, simply calls them.
from supportkit.adapters.reference import (
    StoredRecord,
    is_numeric_id,
    records_after,
    records_with_key,
    refuse_invalid_text,
    searchable_words,
    select_tickets,
)

# The wording every store uses for the unit-of-work rules.
from supportkit.adapters.uow_rules import nested_write_refused, readonly_refused
from supportkit.errors import StorageError
from supportkit.ports import StoredBlob
from supportkit.serialization import stored_json, structure
from supportkit.tickets.head import TicketHead, TicketSummary, head_of, rebuild, summary_of
from supportkit.tickets.model import Event

CHUNK = 1 << 16


class ToyTickets:
    """Tickets of one unit of work: reads see committed data plus this unit's writes.

    A ticket is a head (a JSON string, replaced on every change) and its events (a list of
    JSON strings, only ever appended to): what every store keeps."""

    def __init__(self, store: ToyStore, readonly: bool) -> None:
        self._store = store
        self.readonly = readonly
        self.new_heads: dict[str, str] = {}  # id -> head JSON, applied on commit
        self.new_events: dict[str, list[str]] = {}  # id -> event JSON appended on commit
        self.base: dict[str, int] = {}  # id -> committed version this write builds on
        self.top = 0  # the highest numeric id added: the id counter passes it on commit

    def _head_json(self, ticket_id: str) -> str | None:
        return self.new_heads.get(ticket_id) or self._store.heads.get(ticket_id)

    def _writing(self, what: str) -> None:
        if self.readonly:
            raise readonly_refused(what)

    def next_id(self) -> str:
        self._writing("next ticket id")
        # Never an id already added (committed, or added by this unit of work).
        with self._store.lock:
            self._store.last_id = max(self._store.last_id, self.top) + 1
            return str(self._store.last_id)

    def add(self, ticket: Ticket) -> None:
        self._writing(f"add ticket {ticket.id}")
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
        if self._head_json(ticket.id) is not None:
            raise Conflict(f"ticket {ticket.id} already exists; append to it to change it")
        # The stored form's JSON text, as the SQL stores write it: NaN, infinities and other
        # values JSON cannot say are InvalidInput here; a lone surrogate just below.
        head = stored_json(head_of(ticket))
        events = [stored_json(e) for e in ticket.events]
        refuse_invalid_text(ticket.id, head, events)  # a lone surrogate: InvalidInput
        self.base[ticket.id] = 0
        self.new_heads[ticket.id] = head
        self.new_events[ticket.id] = events
        if is_numeric_id(ticket.id):
            self.top = max(self.top, int(ticket.id))

    def head(self, ticket_id: str, *, for_update: bool = False) -> TicketHead:
        if for_update:  # the writer lock already holds every ticket
            self._writing(f"get ticket {ticket_id} for update")
        text = self._head_json(ticket_id)
        if text is None:
            raise NotFound("ticket", ticket_id)
        return structure(json.loads(text), TicketHead)

    def get(self, ticket_id: str) -> Ticket:
        head = self.head(ticket_id)
        stored = self._store.events.get(ticket_id, [])
        texts = [*stored, *self.new_events.get(ticket_id, [])][: head.event_count]
        return rebuild(head, [structure(json.loads(t), Event) for t in texts])

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        self._writing(f"append to ticket {head.id}")
        current = self.head(head.id)
        if head.version != current.version + 1:
            raise Conflict(f"ticket {head.id} changed since it was read; reload and retry")
        if head.event_count != current.event_count + len(events):
            raise InvalidInput(f"ticket {head.id}: the head does not count the new events")
        self.base.setdefault(head.id, current.version)
        self.new_heads[head.id] = stored_json(head)
        self.new_events.setdefault(head.id, []).extend(stored_json(e) for e in events)

    def _all_heads(self) -> list[TicketHead]:
        return [self.head(tid) for tid in {*self._store.heads, *self.new_heads}]

    def heads_for(self, query: TicketQuery) -> list[TicketHead]:
        return select_tickets(self._all_heads(), query,
                              lambda head: searchable_words(self.get(head.id)))

    def heads(self, query: TicketQuery) -> Sequence[TicketHead]:
        return self.heads_for(query)

    def query(self, query: TicketQuery) -> Sequence[TicketSummary]:
        return [summary_of(head) for head in self.heads_for(query)]

    def count(self, query: TicketQuery) -> int:
        unpaged = attrs.evolve(query, limit=None, after_id=None, after_due=None)
        return len(self.heads_for(unpaged))


class ToyRecords:
    """Records as JSON strings ``{"seq": …, "data": …, "keys": …}``; None marks a deletion."""

    def __init__(self, store: ToyStore, readonly: bool) -> None:
        self._store = store
        self.readonly = readonly
        self.written: dict[tuple[str, str], str | None] = {}

    def _load(self, kind: str, record_id: str) -> dict[str, Any] | None:
        key = (kind, record_id)
        text = self.written[key] if key in self.written else self._store.records.get(key)
        return None if text is None else dict(json.loads(text))

    def _all(self, kind: str) -> list[StoredRecord]:
        ids = {rid for k, rid in [*self._store.records, *self.written] if k == kind}
        found = [(rid, self._load(kind, rid)) for rid in ids]
        return [StoredRecord(rec["seq"], rid, rec["data"], rec["keys"])
                for rid, rec in found if rec is not None]

    def put(
        self, kind: str, record_id: str, data: Mapping[str, Any], *,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        if self.readonly:
            raise readonly_refused(f"put record {kind} {record_id}")
        current = self._load(kind, record_id)
        seq = current["seq"] if current is not None else next(self._store.seqs)
        record = {"seq": seq, "data": dict(data), "keys": dict(keys or {})}
        self.written[(kind, record_id)] = json.dumps(record)

    def get(self, kind: str, record_id: str, *, for_update: bool = False) -> Mapping[str, Any]:
        if for_update and self.readonly:  # else the writer lock already holds it
            raise readonly_refused(f"get record {kind} {record_id} for update")
        record = self._load(kind, record_id)
        if record is None:
            raise NotFound(kind, record_id)
        return dict(record["data"])  # a fresh copy: json.loads made it

    def find(
        self, kind: str, key: str, value: str, *, limit: int | None = None
    ) -> Sequence[tuple[str, Mapping[str, Any]]]:
        return [(r.id, r.data) for r in records_with_key(self._all(kind), key, value, limit)]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        return [(r.seq, r.id, r.data) for r in records_after(self._all(kind), after_seq, limit)]

    def delete(self, kind: str, record_id: str) -> bool:
        if self.readonly:
            raise readonly_refused(f"delete record {kind} {record_id}")
        existed = self._load(kind, record_id) is not None
        self.written[(kind, record_id)] = None
        return existed


class ToyUnitOfWork:
    """Buffers writes; on a normal exit checks versions and applies them all at once."""

    def __init__(self, store: ToyStore, readonly: bool) -> None:
        self._store = store
        self.readonly = readonly
        self.tickets = ToyTickets(store, readonly)
        self.records = ToyRecords(store, readonly)

    def __enter__(self) -> Self:
        if not self.readonly:
            if self._store.writer == threading.get_ident():
                raise nested_write_refused()
            if not self._store.writer_lock.acquire(timeout=30):
                raise StorageError("another unit of work kept the toy store for 30 s; retry")
            self._store.writer = threading.get_ident()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.readonly:
            return
        try:
            if exc_type is None:  # else roll back: drop the buffers
                self._commit()
        finally:
            self._store.writer = None
            self._store.writer_lock.release()

    def _commit(self) -> None:
        with self._store.lock:
            for ticket_id, base in self.tickets.base.items():
                stored = self._store.heads.get(ticket_id)
                version = 0 if stored is None else json.loads(stored)["version"]
                if version != base:
                    raise Conflict(f"ticket {ticket_id} was changed meanwhile; reload and retry")
            self._store.heads.update(self.tickets.new_heads)
            for ticket_id, texts in self.tickets.new_events.items():
                self._store.events.setdefault(ticket_id, []).extend(texts)
            self._store.last_id = max(self._store.last_id, self.tickets.top)
            for key, text in self.records.written.items():
                if text is None:
                    self._store.records.pop(key, None)
                else:
                    self._store.records[key] = text


class ToyBlobs:
    """Attachment bytes by SHA-256, read from streams in chunks."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
        digest, parts, size = hashlib.sha256(), [], 0
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if max_size is not None and size > max_size:
                raise InvalidInput(f"attachment larger than the limit of {max_size} bytes")
            digest.update(chunk)
            parts.append(chunk)
        self._blobs.setdefault(digest.hexdigest(), b"".join(parts))
        return StoredBlob(digest.hexdigest(), size)

    def open(self, sha256: str) -> BinaryIO:
        if sha256 not in self._blobs:
            raise NotFound("blob", sha256)
        return io.BytesIO(self._blobs[sha256])

    def exists(self, sha256: str) -> bool:
        return sha256 in self._blobs

    def delete(self, sha256: str) -> int:
        return len(self._blobs.pop(sha256, b""))

    def iter_digests(self) -> Iterator[str]:
        yield from sorted(self._blobs)


class ToyStore:
    """The store: dicts of JSON strings, a blob dict and two counters."""

    def __init__(self) -> None:
        self.heads: dict[str, str] = {}  # ticket id -> head JSON
        self.events: dict[str, list[str]] = {}  # ticket id -> event JSON, in order
        self.records: dict[tuple[str, str], str] = {}
        self.last_id = 0  # the last ticket id handed out or added (numeric ids)
        self.seqs = itertools.count(1)
        self.lock = threading.Lock()  # guards the dicts
        self.writer_lock = threading.Lock()  # held by the one open write unit of work
        self.writer: int | None = None  # the thread that holds it
        self._blobs = ToyBlobs()

    @property
    def blobs(self) -> ToyBlobs:
        return self._blobs

    def unit_of_work(self, *, readonly: bool = False) -> ToyUnitOfWork:
        return ToyUnitOfWork(self, readonly)

    def close(self) -> None:
        """Nothing to release."""


if __name__ == "__main__":
    from supportkit import Actor, Helpdesk

    desk = Helpdesk(ToyStore())
    ticket = desk.open_ticket(Actor.customer("alice"), subject="Hello", body="From a toy store")
    print(f"ticket #{ticket.id} stored as JSON: {desk.store.heads[ticket.id][:60]}…")  # type: ignore[attr-defined]
