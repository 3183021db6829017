"""A toy supportkit store: every ticket and record is a JSON string in a dict.

It shows what an outside adapter implements (the ports of :mod:`supportkit.ports`) and
nothing more: a real one would put the JSON in Redis, DynamoDB, a document store … The
adapter contract suite (``test_toy_store.py``) proves it behaves like the bundled stores.

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

from supportkit import Conflict, InvalidInput, NotFound, Ticket, TicketQuery

# The reference semantics every adapter must reproduce (the contract suite compares against
# them). A store that pushes filters down to its database translates them into its query
# language; a store that filters in Python, like this one, simply calls them.
from supportkit.adapters.reference import (
    StoredRecord,
    is_numeric_id,
    records_after,
    records_with_key,
    select_tickets,
)
from supportkit.ports import StoredBlob
from supportkit.serialization import structure, unstructure

CHUNK = 1 << 16


class ToyTickets:
    """Tickets of one unit of work: reads see committed data plus this unit's writes."""

    def __init__(self, store: ToyStore) -> None:
        self._store = store
        self.written: dict[str, str] = {}  # id -> JSON, applied on commit
        self.base: dict[str, int] = {}  # id -> committed version this write builds on
        self.top = 0  # the highest numeric id added: the id counter passes it on commit

    def _json(self, ticket_id: str) -> str | None:
        return self.written.get(ticket_id) or self._store.tickets.get(ticket_id)

    def next_id(self) -> str:
        # Never an id already added (committed, or added by this unit of work).
        with self._store.lock:
            self._store.last_id = max(self._store.last_id, self.top) + 1
            return str(self._store.last_id)

    def add(self, ticket: Ticket) -> None:
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
        if self._json(ticket.id) is not None:
            raise Conflict(f"ticket {ticket.id} already exists; use save() to change it")
        self.base[ticket.id] = 0
        self.written[ticket.id] = json.dumps(unstructure(ticket))
        if is_numeric_id(ticket.id):
            self.top = max(self.top, int(ticket.id))

    def get(self, ticket_id: str) -> Ticket:
        text = self._json(ticket_id)
        if text is None:
            raise NotFound("ticket", ticket_id)
        return structure(json.loads(text), Ticket)

    def save(self, ticket: Ticket) -> None:
        current = self.get(ticket.id)
        if ticket.version != current.version + 1:
            raise Conflict(f"ticket {ticket.id} changed since it was read; reload and retry")
        self.base.setdefault(ticket.id, current.version)
        self.written[ticket.id] = json.dumps(unstructure(ticket))

    def query(self, query: TicketQuery) -> Sequence[Ticket]:
        ids = {*self._store.tickets, *self.written}
        return select_tickets(map(self.get, ids), query)


class ToyRecords:
    """Records as JSON strings ``{"seq": …, "data": …, "keys": …}``; None marks a deletion."""

    def __init__(self, store: ToyStore) -> None:
        self._store = store
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
        current = self._load(kind, record_id)
        seq = current["seq"] if current is not None else next(self._store.seqs)
        record = {"seq": seq, "data": dict(data), "keys": dict(keys or {})}
        self.written[(kind, record_id)] = json.dumps(record)

    def get(self, kind: str, record_id: str) -> Mapping[str, Any]:
        record = self._load(kind, record_id)
        if record is None:
            raise NotFound(kind, record_id)
        return dict(record["data"])  # a fresh copy: json.loads made it

    def find(self, kind: str, key: str, value: str) -> Sequence[tuple[str, Mapping[str, Any]]]:
        return [(r.id, r.data) for r in records_with_key(self._all(kind), key, value)]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        return [(r.seq, r.id, r.data) for r in records_after(self._all(kind), after_seq, limit)]

    def delete(self, kind: str, record_id: str) -> bool:
        existed = self._load(kind, record_id) is not None
        self.written[(kind, record_id)] = None
        return existed


class ToyUnitOfWork:
    """Buffers writes; on a normal exit checks versions and applies them all at once."""

    def __init__(self, store: ToyStore) -> None:
        self._store = store
        self.tickets = ToyTickets(store)
        self.records = ToyRecords(store)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            return  # roll back: drop the buffers
        with self._store.lock:
            for ticket_id, base in self.tickets.base.items():
                stored = self._store.tickets.get(ticket_id)
                version = 0 if stored is None else json.loads(stored)["version"]
                if version != base:
                    raise Conflict(f"ticket {ticket_id} was changed meanwhile; reload and retry")
            self._store.tickets.update(self.tickets.written)
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
    """The store: two dicts of JSON strings, a blob dict and two counters."""

    def __init__(self) -> None:
        self.tickets: dict[str, str] = {}
        self.records: dict[tuple[str, str], str] = {}
        self.last_id = 0  # the last ticket id handed out or added (numeric ids)
        self.seqs = itertools.count(1)
        self.lock = threading.Lock()
        self._blobs = ToyBlobs()

    @property
    def blobs(self) -> ToyBlobs:
        return self._blobs

    def unit_of_work(self) -> ToyUnitOfWork:
        return ToyUnitOfWork(self)

    def close(self) -> None:
        """Nothing to release."""


if __name__ == "__main__":
    from supportkit import Actor, Helpdesk

    desk = Helpdesk(ToyStore())
    ticket = desk.open_ticket(Actor.customer("alice"), subject="Hello", body="From a toy store")
    print(f"ticket #{ticket.id} stored as JSON: {desk.store.tickets[ticket.id][:60]}…")  # type: ignore[attr-defined]
