"""The SQLite store: one file, WAL mode, versioned schema, FTS5 search.

Connections are never shared between threads or processes: each thread of each process gets
its own connection (a nested unit of work gets a fresh one). A unit of work is one
``BEGIN IMMEDIATE`` transaction: it takes the write lock up front, so two writers never
interleave and a read-modify-write inside it cannot be lost (``get(..., for_update=True)``
needs nothing more); other writers wait up to ``timeout`` seconds (``busy_timeout``). A
read-only unit of work (``readonly=True``) is a deferred ``BEGIN`` under ``PRAGMA
query_only``: it never takes the write lock, and in WAL mode readers and the writer never
block each other. A write unit of work inside an open one in the same thread is refused (the
nesting rule of :mod:`supportkit.ports`; it would wait for the outer one's lock forever).

Every ``sqlite3.Error`` is converted at this edge: a duplicate id or a stale version is
:class:`~supportkit.Conflict`, an unknown id :class:`~supportkit.NotFound`, anything else
(corrupt file, foreign database, read-only path, newer schema, lock timeout)
:class:`~supportkit.StorageError`, chained to the driver error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

import attrs

from supportkit._gc import paused_gc
from supportkit.adapters._blobs_memory import MemoryBlobStore
from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.reference import check_claim, is_numeric_id, message_words, words
from supportkit.adapters.sqlite.queries import (
    INSERT_EVENT,
    INSERT_TERM,
    INSERT_WORDS,
    MAX_EXPANSION,
    SUMMARY_SELECT,
    TEXT_PK_BASE,
    UPDATE_HEAD,
    UPDATE_TICKET,
    NewTicket,
    Part,
    dumps,
    event_json,
    head_json,
    insert_tickets,
    micros,
    plan,
    prefix_range,
    summary,
    ticket_pk,
    ticket_row,
    token,
)
from supportkit.adapters.sqlite.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from supportkit.adapters.uow_rules import nested_write_refused, readonly_refused
from supportkit.errors import Conflict, InvalidInput, NotFound, StorageError
from supportkit.ports import BlobStore, RecordPut, TicketQuery
from supportkit.serialization import structure_stored
from supportkit.tickets.head import TicketHead, TicketSummary, head_of, rebuild
from supportkit.tickets.model import Event, Ticket

__all__ = ["SqliteStore", "SqliteUnitOfWork"]

_MIN_SQLITE = (3, 37, 0)  # STRICT tables, RETURNING, FTS5


@contextlib.contextmanager
def _edge(where: str) -> Iterator[None]:
    """Convert driver errors raised inside the block into supportkit errors."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise Conflict(f"{where}: {exc}; nothing was written") from exc
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StorageError(
                f"{where}: the database stayed locked by another writer past the timeout "
                f"({text}); retry later or raise SqliteStore(timeout=...)"
            ) from exc
        if "readonly" in text or "read-only" in text:
            raise StorageError(
                f"{where}: the database is read-only ({text}); give a writable path"
            ) from exc
        raise StorageError(f"{where}: {text}") from exc
    except sqlite3.Error as exc:
        raise StorageError(f"{where}: {exc} (is the file corrupt?)") from exc
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"{where}: text that is not valid Unicode: {exc}") from exc


def _load(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise StorageError(f"the stored {what} is not readable JSON ({exc}); restore a backup") \
            from exc


def _head(text: str) -> TicketHead:
    try:
        return structure_stored(_load(text, "ticket head"), TicketHead)
    except InvalidInput as exc:
        raise StorageError(f"a stored ticket head cannot be read: {exc}") from exc


def _events(texts: Sequence[str], ticket_id: str) -> list[Event]:
    data = _load("[" + ",".join(texts) + "]", f"history of ticket {ticket_id}")
    try:
        return [structure_stored(item, Event) for item in data]
    except InvalidInput as exc:
        raise StorageError(f"a stored event of ticket {ticket_id} cannot be read: {exc}") \
            from exc


class _Repository:
    """Reaches the database only while its unit of work is open."""

    def __init__(self, uow: SqliteUnitOfWork) -> None:
        self._uow = uow

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = self._uow._conn
        if conn is None:
            raise StorageError(
                "this unit of work is not open (used outside its `with` block); "
                "open a new one with store.unit_of_work()"
            )
        return conn

    def _writing(self, what: str) -> sqlite3.Connection:
        """The connection of a write unit of work; ``what`` is refused in a read-only one
        (checked here, so the message says what was refused, not SQLite's "readonly")."""
        conn = self._conn
        if self._uow._readonly:
            raise readonly_refused(what)
        return conn

    def _claiming(self, limit: int, what: str) -> sqlite3.Connection:
        """The connection of a write unit of work (whose lock makes a claim exclusive)."""
        if limit < 0:
            raise InvalidInput(f"claim limit must be 0 or more, got {limit}")
        return self._writing(what)


_HEADS = " JOIN ticket_heads AS h ON h.pk = t.pk"
#: Ids per ``IN (...)`` list (well under SQLite's bound variables limit).
_IN_CHUNK = 500


class _Tickets(_Repository):
    def next_id(self) -> str:
        conn = self._writing("next ticket id")
        with _edge("next ticket id"):
            row = conn.execute(
                "UPDATE counters SET value = value + 1 WHERE name = 'ticket_id' RETURNING value"
            ).fetchone()
        return str(row[0])

    def _pass_ids(self, tickets: Iterable[Ticket]) -> None:
        """Move the id counter past the numeric ids of ``tickets``, in this transaction (so a
        rollback undoes it together with the rows), so ``next_id`` never hands one out."""
        top = max((int(t.id) for t in tickets if is_numeric_id(t.id)), default=0)
        if top > 0:
            self._conn.execute(
                "UPDATE counters SET value = max(value, ?) WHERE name = 'ticket_id'", (top,)
            )

    @staticmethod
    def _head_of(ticket: Ticket) -> TicketHead:
        """The head of a new ticket (refusing anything else)."""
        if not isinstance(ticket, Ticket):
            raise InvalidInput(f"expected a Ticket, got {type(ticket).__name__}")
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is added with version 1, not {ticket.version}")
        try:
            return head_of(ticket)
        except ValueError as exc:
            raise InvalidInput(f"ticket {ticket.id} cannot be added: {exc}") from exc

    def add(self, ticket: Ticket) -> None:
        head = self._head_of(ticket)
        conn = self._writing(f"add ticket {ticket.id}")
        with _edge(f"add ticket {ticket.id}"):
            if conn.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket.id,)).fetchone():
                raise Conflict(f"ticket {ticket.id} already exists; append to it to change it")
            pk = ticket_pk(ticket.id)
            if pk is None:
                pk = self._next_text_pk()
            conn.execute("SAVEPOINT add_ticket")
            try:
                insert_tickets(conn, [NewTicket(pk, head, ticket.events)])
                self._pass_ids((ticket,))
            except BaseException:
                conn.execute("ROLLBACK TO add_ticket")
                raise
            finally:
                conn.execute("RELEASE add_ticket")

    def _next_text_pk(self) -> int:
        """The next free rowid for a ticket whose id is not numeric."""
        found = self._conn.execute(
            "SELECT max(pk) FROM tickets WHERE pk >= ?", (TEXT_PK_BASE,)
        ).fetchone()[0]
        return TEXT_PK_BASE if found is None else int(found) + 1

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets with one statement per table: all or (on Conflict) none."""
        conn = self._writing("add tickets")
        with paused_gc():
            self._add_many(conn, list(tickets))

    def _add_many(self, conn: sqlite3.Connection, batch: list[Ticket]) -> None:
        heads = [self._head_of(t) for t in batch]
        with _edge("add tickets"):
            new: list[NewTicket] = []
            text_pk: int | None = None
            for ticket, head in zip(batch, heads, strict=True):
                pk = ticket_pk(ticket.id)
                if pk is None:
                    text_pk = self._next_text_pk() if text_pk is None else text_pk + 1
                    pk = text_pk
                new.append(NewTicket(pk, head, ticket.events))
            conn.execute("SAVEPOINT add_many")
            try:
                insert_tickets(conn, new)
                self._pass_ids(batch)
            except sqlite3.IntegrityError as exc:
                conn.execute("ROLLBACK TO add_many")
                raise Conflict(
                    f"a ticket of the batch already exists ({exc}); none of the batch was added"
                ) from exc
            except BaseException:
                conn.execute("ROLLBACK TO add_many")
                raise
            finally:
                conn.execute("RELEASE add_many")

    def get(self, ticket_id: str) -> Ticket:
        """The full ticket: its head and its event rows, in order."""
        with _edge(f"read ticket {ticket_id}"):
            row = self._conn.execute(
                "SELECT t.pk, h.data FROM tickets AS t JOIN ticket_heads AS h ON h.pk = t.pk "
                "WHERE t.id = ?",
                (ticket_id,),
            ).fetchone()
            if row is None:
                raise NotFound("ticket", ticket_id)
            texts = [r[0] for r in self._conn.execute(
                "SELECT data FROM ticket_events WHERE pk = ? ORDER BY seq", (row[0],)
            )]
        head = _head(row[1])
        try:
            return rebuild(head, _events(texts, ticket_id))
        except ValueError as exc:
            raise StorageError(f"the stored ticket {ticket_id} is inconsistent: {exc}") from exc

    def head(self, ticket_id: str, *, for_update: bool = False) -> TicketHead:
        """The stored head. ``for_update`` needs no lock of its own: a write unit of work
        already holds SQLite's write lock, so no other writer runs until it ends."""
        if for_update:
            self._writing(f"read ticket {ticket_id} for update")
        with _edge(f"read ticket {ticket_id}"):
            row = self._conn.execute(
                "SELECT h.data FROM tickets AS t JOIN ticket_heads AS h ON h.pk = t.pk "
                "WHERE t.id = ?",
                (ticket_id,),
            ).fetchone()
        if row is None:
            raise NotFound("ticket", ticket_id)
        return _head(row[0])

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        """Check the version and event count against the ``tickets`` row, then replace the
        row's columns and the head, insert the events and index their new words: the
        ticket's earlier events are never read."""
        self.append_many([(head, events)])

    def append_many(self, changes: Iterable[tuple[TicketHead, Sequence[Event]]]) -> None:
        """``append`` of each change, checked first (every stored row read in one query per
        500 tickets) and then written with one statement per table for the whole batch: a
        refused change (:class:`Conflict`, :class:`NotFound`,
        :class:`~supportkit.InvalidInput`) leaves none of them written. A ticket changed
        twice in one batch has its second change checked against its first."""
        batch = [(head, list(events)) for head, events in changes]
        for head, added in batch:
            if not isinstance(head, TicketHead):
                raise InvalidInput(f"expected a TicketHead, got {type(head).__name__}")
            for event in added:
                if not isinstance(event, Event):
                    raise InvalidInput(f"expected events, got {type(event).__name__}")
        if not batch:
            return
        where = (f"append to ticket {batch[0][0].id}" if len(batch) == 1
                 else f"append to {len(batch)} tickets")
        conn = self._writing(where)
        with _edge(where):
            stored = self._stored_rows([head.id for head, _ in batch])
            tickets, heads, rows, texts = [], [], [], []
            terms: set[str] = set()
            for head, added in batch:
                if head.id not in stored:
                    raise NotFound("ticket", head.id)
                pk, version, count, subject = stored[head.id]
                if head.version != version + 1:
                    raise Conflict(
                        f"ticket {head.id} changed since it was read (stored version "
                        f"{version}, this write expects {head.version - 1}); reload and retry"
                    )
                if head.event_count != count + len(added):
                    raise InvalidInput(
                        f"ticket {head.id}: the head counts {head.event_count} events, the "
                        f"store holds {count} and {len(added)} are appended"
                    )
                stored[head.id] = (pk, head.version, head.event_count, head.subject)
                tickets.append((*ticket_row(head)[2:], pk))
                heads.append((head_json(head), pk))
                rows += [(pk, seq, event_json(e)) for seq, e in enumerate(added, count)]
                new_words = message_words(added)
                if head.subject != subject:  # a subject set without an event: index it too
                    new_words |= words(head.subject)
                if new_words:
                    tokens = sorted(map(token, new_words))
                    terms.update(tokens)
                    texts.append((pk, " ".join(tokens)))
            conn.execute("SAVEPOINT append")
            try:
                conn.executemany(UPDATE_TICKET, tickets)
                conn.executemany(UPDATE_HEAD, heads)
                conn.executemany(INSERT_EVENT, rows)
                conn.executemany(INSERT_WORDS, texts)
                conn.executemany(INSERT_TERM, [(t,) for t in sorted(terms)])
            except BaseException:
                conn.execute("ROLLBACK TO append")
                raise
            finally:
                conn.execute("RELEASE append")

    def _stored_rows(self, ids: Sequence[str]) -> dict[str, tuple[int, int, int, str]]:
        """``id: (pk, version, event_count, subject)`` of the stored tickets among ``ids``."""
        found: dict[str, tuple[int, int, int, str]] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start:start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for tid, pk, version, count, subject in self._conn.execute(
                "SELECT id, pk, version, event_count, subject FROM tickets "  # noqa: S608
                f"WHERE id IN ({marks})", chunk,
            ):
                found[tid] = (pk, version, count, subject)
        return found

    def _expand(self, word: str) -> list[str] | None:
        """The indexed tokens that begin ``word`` (None: more than MAX_EXPANSION)."""
        low, high = prefix_range(word)
        tokens = [r[0] for r in self._conn.execute(
            "SELECT token FROM search_terms WHERE token >= ? AND token < ? ORDER BY token "
            "LIMIT ?", (low, high, MAX_EXPANSION + 1))]
        return None if len(tokens) > MAX_EXPANSION else tokens

    def _plan(self, query: TicketQuery) -> list[Part]:
        with _edge("plan a ticket query"):
            return plan(query, due_index=self._narrow_due_range(query), expand=self._expand)

    def _pages(self, query: TicketQuery, columns: str, *, heads: bool) -> list[Any]:
        found: list[Any] = []
        remaining = query.limit
        for part in self._plan(query):
            if remaining == 0:
                break
            sql, params = part.sql(columns, remaining, _HEADS if heads else "")
            with _edge("query tickets"):
                rows = self._conn.execute(sql, params).fetchall()
            found.extend(rows)
            if remaining is not None:
                remaining -= len(rows)
        return found

    def query(self, query: TicketQuery) -> Sequence[TicketSummary]:
        """Summaries straight from the ``tickets`` columns (no JSON is read)."""
        return [summary(row) for row in self._pages(query, SUMMARY_SELECT, heads=False)]

    def heads(self, query: TicketQuery) -> Sequence[TicketHead]:
        return [_head(row[0]) for row in self._pages(query, "h.data", heads=True)]

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[TicketHead]:
        """Up to ``limit`` heads whose ``column`` deadline lies in ``[due_from, before)``,
        earliest first, then by id. SQLite has one writer: this unit of work holds the write
        lock (``BEGIN IMMEDIATE``) until it ends, so no other worker — thread or process —
        can claim or change these tickets meanwhile. Clear or move the deadline in the same
        unit of work, or the ticket comes up again."""
        col = check_claim(column, before, due_from, limit)  # a fixed name only
        params: list[Any] = [micros(before)]
        lower = ""
        if due_from is not None:
            lower = f" AND t.{col} >= ?"
            params.append(micros(due_from))
        conn = self._claiming(limit, f"claim tickets due by {column}")
        params.append(limit)
        statement = (
            "SELECT h.data FROM tickets AS t JOIN ticket_heads AS h ON h.pk = t.pk "  # noqa: S608
            f"WHERE t.{col} < ?{lower} ORDER BY t.{col}, t.sort_key LIMIT ?"
        )
        with _edge(f"claim tickets due by {column}"):
            rows = conn.execute(statement, params).fetchall()
        return [_head(r[0]) for r in rows]

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query`` (ignoring its ``limit`` and cursor)."""
        total = 0
        unpaged = attrs.evolve(query, limit=None, after_id=None, after_due=None)
        with _edge("count tickets"):
            for part in plan(unpaged, expand=self._expand):
                sql, params = part.count_sql()
                total += int(self._conn.execute(sql, params).fetchone()[0])
        return total

    #: Below this many tickets in a due range, scan the deadline's index and sort the hits.
    NARROW_DUE_RANGE = 5_000

    def _narrow_due_range(self, query: TicketQuery) -> bool:
        """True when few tickets fall in the query's due range (a bounded index probe)."""
        if query.due is None or query.text is not None or query.limit is None:
            return False
        if query.order not in ("id", "newest"):
            return False
        probe = plan(TicketQuery(due=query.due, due_from=query.due_from,
                                 due_before=query.due_before))[0]
        sql, params = probe.sql("1", self.NARROW_DUE_RANGE)
        with _edge("probe a due range"):
            hits = self._conn.execute(
                f"SELECT count(*) FROM ({sql.replace(' ORDER BY t.sort_key', '')})",  # noqa: S608
                params,
            ).fetchone()[0]
        return int(hits) < self.NARROW_DUE_RANGE


class _Records(_Repository):
    def put(
        self,
        kind: str,
        record_id: str,
        data: Mapping[str, Any],
        *,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        self._writing(f"put record {kind} {record_id}")
        text = dumps(dict(data))
        with _edge(f"put {kind} {record_id}"):
            seq = self._conn.execute(
                "INSERT INTO records (kind, id, data) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data RETURNING seq",
                (kind, record_id, text),
            ).fetchone()[0]
            self._conn.execute("DELETE FROM record_keys WHERE seq = ?", (seq,))
            self._conn.executemany(
                "INSERT INTO record_keys (seq, kind, key, value) VALUES (?, ?, ?, ?)",
                [(seq, kind, key, value) for key, value in (keys or {}).items()],
            )

    def put_many(self, writes: Iterable[RecordPut]) -> None:
        """``put`` of each write, as three statements for the whole batch: the rows (an
        existing record keeps its seq), then each record's keys replaced by those of its
        last write."""
        batch = list(writes)
        if not batch:
            return
        self._writing(f"put {len(batch)} records")
        rows = [(w.kind, w.record_id, dumps(dict(w.data))) for w in batch]
        last = {(w.kind, w.record_id): w for w in batch}
        with _edge(f"put {len(batch)} records"):
            self._conn.executemany(
                "INSERT INTO records (kind, id, data) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data", rows)
            self._conn.executemany(
                "DELETE FROM record_keys WHERE seq = "
                "(SELECT seq FROM records WHERE kind = ? AND id = ?)", list(last))
            self._conn.executemany(
                "INSERT INTO record_keys (seq, kind, key, value) "
                "SELECT seq, kind, ?, ? FROM records WHERE kind = ? AND id = ?",
                [(key, value, kind, rid) for (kind, rid), w in last.items()
                 for key, value in (w.keys or {}).items()])

    def delete_many(self, kind: str, record_ids: Iterable[str]) -> int:
        """``delete`` of each id, in one statement run over them; how many were removed."""
        ids = [(kind, record_id) for record_id in record_ids]
        self._writing(f"delete {len(ids)} records {kind}")
        if not ids:
            return 0
        with _edge(f"delete {len(ids)} records {kind}"):
            cursor = self._conn.executemany(
                "DELETE FROM records WHERE kind = ? AND id = ?", ids)
        return max(cursor.rowcount, 0)

    def get(self, kind: str, record_id: str, *, for_update: bool = False) -> Mapping[str, Any]:
        if for_update:  # the write lock already holds every record, existing or not
            self._writing(f"get record {kind} {record_id} for update")
        with _edge(f"get {kind} {record_id}"):
            row = self._conn.execute(
                "SELECT data FROM records WHERE kind = ? AND id = ?", (kind, record_id)
            ).fetchone()
        if row is None:
            raise NotFound(kind, record_id)
        data: Mapping[str, Any] = _load(row[0], f"{kind} {record_id}")
        return data

    def find(
        self, kind: str, key: str, value: str, *, limit: int | None = None
    ) -> Sequence[tuple[str, Mapping[str, Any]]]:
        if limit is not None and limit < 0:
            raise InvalidInput(f"find limit must be 0 or more, got {limit}")
        with _edge(f"find {kind} by {key}"):
            rows = self._conn.execute(
                "SELECT r.id, r.data FROM record_keys k JOIN records r ON r.seq = k.seq "
                "WHERE k.kind = ? AND k.key = ? AND k.value = ? ORDER BY k.seq LIMIT ?",
                (kind, key, value, -1 if limit is None else limit),
            ).fetchall()
        return [(rid, _load(data, f"{kind} {rid}")) for rid, data in rows]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        with _edge(f"list {kind}"):
            rows = self._conn.execute(
                "SELECT seq, id, data FROM records WHERE kind = ? AND seq > ? "
                "ORDER BY seq LIMIT ?",
                (kind, after_seq, -1 if limit is None else limit),
            ).fetchall()
        return [(seq, rid, _load(data, f"{kind} {rid}")) for seq, rid, data in rows]

    def claim(
        self, kind: str, key: str, value: str, *, limit: int
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """``(seq, id, data)`` of up to ``limit`` records of ``kind`` whose key ``key`` equals
        ``value``, by seq; held by this unit of work's write lock until it ends (SQLite has
        one writer). Change the key in the same unit of work (``state`` → ``sent``)."""
        conn = self._claiming(limit, f"claim {kind} records")
        with _edge(f"claim {kind} records"):
            rows = conn.execute(
                "SELECT r.seq, r.id, r.data FROM record_keys k JOIN records r ON r.seq = k.seq "
                "WHERE k.kind = ? AND k.key = ? AND k.value = ? ORDER BY k.seq LIMIT ?",
                (kind, key, value, limit),
            ).fetchall()
        return [(seq, rid, _load(data, f"{kind} {rid}")) for seq, rid, data in rows]

    def delete(self, kind: str, record_id: str) -> bool:
        self._writing(f"delete record {kind} {record_id}")
        with _edge(f"delete {kind} {record_id}"):
            cursor = self._conn.execute(
                "DELETE FROM records WHERE kind = ? AND id = ?", (kind, record_id)
            )
        return cursor.rowcount > 0


class SqliteUnitOfWork:
    """One ``BEGIN IMMEDIATE`` transaction: commit on normal exit, roll back on error.

    The connection is taken on ``__enter__`` and given back on ``__exit__``; the
    repositories refuse to be used outside the ``with`` block.
    """

    def __init__(self, store: SqliteStore, *, readonly: bool) -> None:
        self._store = store
        self._readonly = readonly
        self._conn: sqlite3.Connection | None = None
        self.tickets = _Tickets(self)
        self.records = _Records(self)

    def __enter__(self) -> Self:
        if self._conn is not None:
            raise StorageError("this unit of work is already open; open a new one")
        conn = self._store._acquire(readonly=self._readonly)
        try:
            with _edge("begin a unit of work"):
                if self._readonly:
                    conn.execute("PRAGMA query_only = ON")  # a write fails as read-only
                    conn.execute("BEGIN")
                else:
                    conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._store._release(conn, readonly=self._readonly)
            raise
        self._conn = conn
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if exc_type is None and not self._readonly:
                try:
                    with _edge("commit"):
                        conn.execute("COMMIT")
                except BaseException:
                    self._rollback(conn)
                    raise
            else:
                self._rollback(conn)
        finally:
            if self._readonly:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA query_only = OFF")
            self._store._release(conn, readonly=self._readonly)

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


class _Held:
    """A thread's connection; closed when the thread ends (its thread-local goes away)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.pid = os.getpid()
        self.conn = conn
        self.busy = False

    def close(self) -> None:
        if self.pid == os.getpid():  # never close a connection inherited over fork()
            with contextlib.suppress(sqlite3.Error):
                if not self.conn.in_transaction:
                    self.conn.execute("PRAGMA optimize")  # keeps the planner's statistics fresh
                self.conn.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # also at interpreter shutdown
            self.close()


class SqliteStore:
    """A :class:`~supportkit.ports.Store` in one SQLite file (stdlib ``sqlite3``).

    ``SqliteStore("support.db")`` creates the file (and its schema) when missing, migrates an
    older supportkit schema forward, and refuses with :class:`~supportkit.StorageError` — without
    changing a byte — a corrupt file, a database of another application, a database written by
    a newer supportkit, or a path it cannot open. Attachment content goes to ``blobs``, by
    default a :class:`~supportkit.adapters.blobs_fs.FileBlobStore` in ``<path>.blobs/``
    (in memory for ``":memory:"``). ``timeout`` is how long a writer waits for the lock.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        blobs: BlobStore | None = None,
        *,
        timeout: float = 30.0,
    ) -> None:
        if sqlite3.sqlite_version_info < _MIN_SQLITE:
            raise StorageError(
                f"SQLite {sqlite3.sqlite_version} is too old; supportkit needs 3.37 or newer"
            )
        self.path = os.fspath(path)
        self._memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        self._timeout = timeout
        self._local = threading.local()
        self._lock = threading.RLock()
        self._held: weakref.WeakSet[_Held] = weakref.WeakSet()
        self._closed = False
        first = self._open(prepare=True)
        self._shared = _Held(first) if self._memory else None
        if not self._memory:
            self._local.held = self._hold(first)
        if blobs is None:
            blobs = MemoryBlobStore() if self._memory else FileBlobStore(self.path + ".blobs")
        self._blobs = blobs

    def __repr__(self) -> str:
        return f"SqliteStore({self.path!r})"

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def unit_of_work(self, *, readonly: bool = False) -> SqliteUnitOfWork:
        """A new transaction; ``readonly=True`` takes no write lock (and must not write)."""
        if self._closed:
            raise StorageError(f"{self!r} is closed; open a new store")
        return SqliteUnitOfWork(self, readonly=readonly)

    def close(self) -> None:
        """Close every connection this store opened (in this process)."""
        with self._lock:
            self._closed = True
            held = [*self._held, *([self._shared] if self._shared is not None else [])]
        for connection in held:
            connection.close()

    # -- connections ------------------------------------------------------------------------

    def _hold(self, conn: sqlite3.Connection) -> _Held:
        held = _Held(conn)
        with self._lock:
            self._held.add(held)
        return held

    def _acquire(self, *, readonly: bool) -> sqlite3.Connection:
        if self._closed:
            raise StorageError(f"{self!r} is closed; open a new store")
        if self._shared is not None:
            self._lock.acquire()
            if self._shared.busy:
                self._lock.release()
                raise StorageError(
                    "an in-memory SqliteStore runs one unit of work at a time; "
                    "finish the open one first"
                )
            self._shared.busy = True
            return self._shared.conn
        held: _Held | None = getattr(self._local, "held", None)
        if held is None or held.pid != os.getpid():
            held = self._local.held = self._hold(self._open(prepare=False))
        if not readonly and getattr(self._local, "writing", False):
            raise nested_write_refused()
        if held.busy:  # nested in this thread's open (read-only or write) unit of work
            conn = self._open(prepare=False)
        else:
            held.busy = True
            conn = held.conn
        if not readonly:
            self._local.writing = True
        return conn

    def _release(self, conn: sqlite3.Connection, *, readonly: bool) -> None:
        if self._shared is not None:
            self._shared.busy = False
            self._lock.release()
            return
        if not readonly:
            self._local.writing = False
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None and held.conn is conn:
            held.busy = False
        else:
            conn.close()

    def _open(self, *, prepare: bool) -> sqlite3.Connection:
        where = f"open SQLite database {self.path!r}"
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self._timeout,
                isolation_level=None,
                check_same_thread=False,
                uri=self.path.startswith("file:"),
            )
        except sqlite3.Error as exc:
            raise StorageError(f"cannot {where}: {exc}; check the path and its permissions") \
                from exc
        try:
            with _edge(where):
                conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
                conn.execute("PRAGMA foreign_keys = ON")
                if prepare:
                    self._prepare(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        return conn

    def _inspect(self, conn: sqlite3.Connection) -> int:
        """The schema version of the file; refuse files that are not (ours and readable)."""
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY" or (
                "readonly" in str(exc)
            ):
                raise StorageError(
                    f"{self.path!r} is read-only (the file or its folder): SQLite writes its "
                    "-wal/-shm files beside a WAL database even to read it; open it as "
                    f"'file:{self.path}?immutable=1' to read it, or copy it somewhere writable"
                ) from exc
            raise StorageError(
                f"{self.path!r} is not a readable SQLite database ({exc}); it may be corrupt "
                "or another kind of file — restore it from a backup or give another path"
            ) from exc
        if app_id == 0 and version == 0 and objects == 0:
            return 0
        if app_id != APPLICATION_ID:
            raise StorageError(
                f"{self.path!r} is a SQLite database of another application "
                f"(application_id {app_id:#x}, {objects} schema objects), not a supportkit "
                "store; it was left untouched — give a new or a supportkit file path"
            )
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{self.path!r} has supportkit schema version {version}, newer than the "
                f"{SCHEMA_VERSION} this supportkit understands; it was left untouched — "
                "upgrade supportkit to open it"
            )
        return int(version)

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the file, then migrate it forward (one transaction) and enable WAL."""
        if self._inspect(conn) < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._inspect(conn)  # another process may have migrated meanwhile
                for step in MIGRATIONS[version:]:
                    for statement in step:
                        if callable(statement):
                            statement(conn)
                        else:
                            conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        if not self._memory:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
