"""The ticket repository on PostgreSQL: one row per ticket, snapshot as ``jsonb``.

Filter columns (status, requester, company, addressed_to, category) and the four deadlines
are real, indexed columns next to the snapshot, so "due before T" is an index range scan.
Full-text search stores the ticket's normalised words (exactly the tokens of
:func:`supportkit.adapters.reference.words`, so every store finds the same tickets) in a
``text[]`` with a GIN index and checks containment (``words @> wanted``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from psycopg import sql

from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.postgres._json import decode, encode
from supportkit.adapters.postgres._tx import LazyTransaction
from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    FILTER_COLUMNS,
    check_claim,
    check_query,
    conditions,
    filter_values,
    is_numeric_id,
    searchable_text,
    words,
)
from supportkit.errors import Conflict, InvalidInput, NotFound, StorageError
from supportkit.ports import TicketQuery
from supportkit.serialization import structure_stored, unstructure
from supportkit.tickets.model import Ticket

__all__ = ["PostgresTickets", "row_values", "snapshot_value", "ticket_words"]


#: Words longer than this are stored (and searched) by their digest, under the index limit.
_MAX_WORD = 200

#: The ``tickets`` columns, in the order of :func:`row_values`.
_COLUMNS = (
    "id", "id_num", "version", *(c.name for c in FILTER_COLUMNS), *DEADLINE_COLUMNS, "words",
)
_TICKET_COLUMNS = ", ".join(_COLUMNS)
_PLACEHOLDERS = ", ".join(["%s"] * len(_COLUMNS))
#: Columns an update rewrites (all but the id and its numeric key), then the WHERE values.
_UPDATED = ", ".join(f"{c} = %s" for c in _COLUMNS if c not in ("id", "id_num"))
# One statement, one round trip: the snapshot row is written only if the ticket row was.
_INSERT = (
    f"WITH t AS (INSERT INTO {{s}}.tickets ({_TICKET_COLUMNS}) VALUES ({_PLACEHOLDERS}) "  # noqa: S608 - fixed column names
    "ON CONFLICT (id) DO NOTHING RETURNING id) "
    "INSERT INTO {s}.ticket_snapshots (id, snapshot) SELECT id, %s FROM t"
)
_UPDATE = (
    f"WITH t AS (UPDATE {{s}}.tickets SET {_UPDATED} "  # noqa: S608 - fixed column names
    "WHERE id = %s AND version = %s RETURNING id) "
    "UPDATE {s}.ticket_snapshots AS s SET snapshot = %s FROM t WHERE s.id = t.id"
)
_COPY_TICKETS = f"COPY {{s}}.tickets ({_TICKET_COLUMNS}) FROM STDIN"
_COPY_SNAPSHOTS = "COPY {s}.ticket_snapshots (id, snapshot) FROM STDIN"
_BULK_CHUNK = 10_000
# Moves the id sequence past an added numeric id, never back: the sequence row is read and
# set in one statement, and only when its next value would not pass the id (``is_called``
# false: the next value is ``last_value`` itself).
_ADVANCE_IDS = (
    "SELECT setval('{s}.ticket_ids', %(top)s) FROM {s}.ticket_ids "
    "WHERE last_value - (NOT is_called)::int < %(top)s"
)


def id_number(ticket_id: str) -> int | None:
    """The numeric sort key of a canonical decimal id (see ``reference.is_numeric_id``)."""
    return int(ticket_id) if is_numeric_id(ticket_id) else None


def _word_key(word: str) -> str:
    if len(word) <= _MAX_WORD:
        return word
    return "#" + hashlib.sha256(word.encode()).hexdigest()  # '#' is never part of a word


def ticket_words(ticket: Ticket) -> list[str]:
    """The searchable words of ``ticket`` as stored in the ``words`` column."""
    return sorted({_word_key(w) for w in words(searchable_text(ticket))})


def row_values(ticket: Ticket) -> tuple[Any, ...]:
    """The ``tickets`` column values of ``ticket`` (see ``_TICKET_COLUMNS``)."""
    return (
        ticket.id,
        id_number(ticket.id),
        ticket.version,
        *filter_values(ticket),
        *(getattr(ticket, column) for column in DEADLINE_COLUMNS),
        ticket_words(ticket),
    )


def snapshot_value(ticket: Ticket) -> Any:
    """The ``jsonb`` parameter holding ``ticket``'s snapshot."""
    return encode(unstructure(ticket))


def _chunks(tickets: Iterable[Ticket]) -> Iterator[list[Ticket]]:
    batch: list[Ticket] = []
    for ticket in tickets:
        batch.append(ticket)
        if len(batch) == _BULK_CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(snapshot: Any) -> Ticket:
    try:
        return structure_stored(decode(snapshot), Ticket)
    except InvalidInput as exc:
        raise StorageError(f"a stored ticket snapshot cannot be read: {exc}") from exc


class PostgresTickets:
    """:class:`~supportkit.ports.TicketRepository` inside one PostgreSQL transaction."""

    def __init__(self, tx: LazyTransaction, schema: str) -> None:
        self._tx = tx
        self._s = sql.Identifier(schema)

    def _sql(self, text: str, **parts: sql.Composable) -> sql.Composed:
        return sql.SQL(text).format(s=self._s, **parts)

    def next_id(self) -> str:
        self._tx.refuse_if_readonly("next ticket id")
        with translated("allocating a ticket id"):
            row = self._tx.conn.execute(self._sql("SELECT nextval('{s}.ticket_ids')")).fetchone()
        if row is None:  # pragma: no cover - nextval always returns a row
            raise StorageError("the ticket id sequence returned nothing")
        return str(row[0])

    def _check_new(self, ticket: Ticket) -> None:
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")

    def _pass_ids(self, top: int | None) -> None:
        """Make ``next_id`` hand out ids above ``top`` (an added numeric id).

        A sequence is not transactional: a rollback leaves it advanced, which only skips ids.
        """
        if top is not None and top > 0:
            self._tx.writing("move the ticket id counter").execute(
                self._sql(_ADVANCE_IDS), {"top": top}
            )

    def add(self, ticket: Ticket) -> None:
        self._check_new(ticket)
        conn = self._tx.writing(f"add ticket {ticket.id}")
        with translated(f"adding ticket {ticket.id}"):
            cur = conn.execute(
                self._sql(_INSERT), (*row_values(ticket), snapshot_value(ticket))
            )
            if cur.rowcount == 1:
                self._pass_ids(id_number(ticket.id))
        if cur.rowcount != 1:
            raise Conflict(f"ticket {ticket.id} already exists; use save() to change it")

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets with one ``COPY`` (bulk imports, benchmarks).

        Every ticket must have version 1. A duplicate id (stored or repeated) is
        :class:`Conflict` and nothing of the batch is written; it runs in a savepoint, so
        the rest of the unit of work stays usable.
        """
        conn = self._tx.writing("add tickets")
        top: int | None = None
        with translated("adding tickets in bulk"), conn.transaction():
            for chunk in _chunks(tickets):
                for ticket in chunk:
                    self._check_new(ticket)
                    number = id_number(ticket.id)
                    if number is not None and (top is None or number > top):
                        top = number
                with conn.cursor().copy(self._sql(_COPY_TICKETS)) as copy:
                    for ticket in chunk:
                        copy.write_row(row_values(ticket))
                with conn.cursor().copy(self._sql(_COPY_SNAPSHOTS)) as copy:
                    for ticket in chunk:
                        copy.write_row((ticket.id, snapshot_value(ticket)))
            self._pass_ids(top)

    def get(self, ticket_id: str, *, for_update: bool = False) -> Ticket:
        """The stored snapshot; ``for_update=True`` first locks the ticket's row until the
        unit of work ends (``SELECT … FOR UPDATE``, which begins its transaction), waiting
        for a unit of work that holds it, then reads the snapshot in a new statement, so it
        sees what that one committed."""
        if for_update:
            conn = self._tx.writing(f"get ticket {ticket_id} for update")
            with translated(f"locking ticket {ticket_id}"):
                conn.execute(
                    self._sql("SELECT 1 FROM {s}.tickets WHERE id = %s FOR UPDATE"),
                    (ticket_id,),
                )
        with translated(f"reading ticket {ticket_id}"):
            row = self._tx.conn.execute(
                self._sql("SELECT snapshot FROM {s}.ticket_snapshots WHERE id = %s"),
                (ticket_id,),
            ).fetchone()
        if row is None:
            raise NotFound("ticket", ticket_id)
        return _load(row[0])

    def save(self, ticket: Ticket) -> None:
        values = row_values(ticket)
        conn = self._tx.writing(f"save ticket {ticket.id}")
        with translated(f"saving ticket {ticket.id}"):
            cur = conn.execute(
                self._sql(_UPDATE),
                (*values[2:], ticket.id, ticket.version - 1, snapshot_value(ticket)),
            )
            if cur.rowcount == 1:
                return
            row = self._tx.conn.execute(
                self._sql("SELECT version FROM {s}.tickets WHERE id = %s"), (ticket.id,)
            ).fetchone()
        if row is None:
            raise NotFound("ticket", ticket.id)
        raise Conflict(
            f"ticket {ticket.id} changed since it was read (stored version {row[0]}, this "
            f"write expects {ticket.version - 1}); reload and retry"
        )

    def select(
        self, query: TicketQuery, column: str = "snapshot"
    ) -> tuple[sql.Composed, list[Any]] | None:
        """The ``SELECT`` of ``column`` that :meth:`query` runs, with its parameters (None
        when nothing can match). For ``EXPLAIN`` and benchmarks."""
        check_query(query)
        where, params = self._where(query)
        if where is None:
            return None
        limit: sql.Composable = sql.SQL("")
        if query.limit is not None:
            limit = sql.SQL(" LIMIT %s")
            params.append(query.limit)
        inner = self._sql(
            'SELECT {column} FROM {s}.tickets WHERE {where} '
            'ORDER BY id_num NULLS LAST, id COLLATE "C"{limit}',
            column=sql.SQL("id, id_num") if column == "snapshot" else sql.Identifier(column),
            where=where,
            limit=limit,
        )
        if column != "snapshot":
            return inner, params
        # Filter, order and limit on the narrow rows; then fetch only the snapshots needed.
        statement = self._sql(
            "SELECT s.snapshot FROM ({inner}) AS t JOIN {s}.ticket_snapshots AS s "
            'ON s.id = t.id ORDER BY t.id_num NULLS LAST, t.id COLLATE "C"',
            inner=inner,
        )
        return statement, params

    def query(self, query: TicketQuery) -> Sequence[Ticket]:
        selected = self.select(query)
        if selected is None:
            return []
        with translated("querying tickets"):
            rows = self._tx.conn.execute(*selected).fetchall()
        return [_load(row[0]) for row in rows]

    def explain(self, query: TicketQuery, *, analyze: bool = False) -> str:
        """PostgreSQL's plan for :meth:`query` (``EXPLAIN [ANALYZE]``), to check index use."""
        selected = self.select(query)
        if selected is None:
            return "nothing can match: no query is run"
        prefix = sql.SQL("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ")
        with translated("explaining a ticket query"):
            rows = self._tx.conn.execute(prefix + selected[0], selected[1]).fetchall()
        return "\n".join(row[0] for row in rows)

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query``, ignoring its ``limit``."""
        check_query(query)
        where, params = self._where(query)
        if where is None:
            return 0
        with translated("counting tickets"):
            row = self._tx.conn.execute(
                self._sql("SELECT count(*) FROM {s}.tickets WHERE {where}", where=where), params
            ).fetchone()
        return int(row[0]) if row else 0

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[Ticket]:
        """Up to ``limit`` tickets whose ``column`` deadline is before ``before``, earliest
        first, locked for this unit of work (``FOR UPDATE SKIP LOCKED``): tickets another
        unit of work holds are skipped, so concurrent workers never get the same ticket.
        Clear or move the deadline in the same unit of work, or the ticket comes up again."""
        col = sql.Identifier("t", check_claim(column, before, due_from, limit))
        params: list[Any] = [before]
        lower: sql.Composable = sql.SQL("")
        if due_from is not None:
            lower = sql.SQL(" AND {col} >= %s").format(col=col)
            params.append(due_from)
        params.append(limit)
        statement = self._sql(
            "SELECT s.snapshot FROM {s}.tickets AS t JOIN {s}.ticket_snapshots AS s "
            "ON s.id = t.id WHERE {col} < %s{lower} "
            'ORDER BY {col}, t.id_num NULLS LAST, t.id COLLATE "C" LIMIT %s '
            "FOR UPDATE OF t, s SKIP LOCKED",
            col=col,
            lower=lower,
        )
        conn = self._tx.writing(f"claim tickets due by {column}")
        with translated(f"claiming tickets due by {column}"):
            rows = conn.execute(statement, params).fetchall()
        return [_load(row[0]) for row in rows]

    def _where(self, query: TicketQuery) -> tuple[sql.Composable | None, list[Any]]:
        """The WHERE clause of ``query``; None when nothing can match."""
        clauses: list[sql.Composable] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(sql.SQL(clause))
            params.extend(values)

        for condition in conditions(query):
            column = sql.Identifier(condition.column)
            if condition.one_of:
                clauses.append(sql.SQL("{} = ANY(%s::text[])").format(column))
                params.append(list(condition.values))
            else:
                clauses.append(sql.SQL("{} = %s").format(column))
                params.append(condition.values[0])
        if query.due is not None:
            col = sql.Identifier(query.due)  # a name check_query accepted
            clauses.append(sql.SQL("{} IS NOT NULL").format(col))
            if query.due_from is not None:
                clauses.append(sql.SQL("{} >= %s").format(col))
                params.append(query.due_from)
            if query.due_before is not None:
                clauses.append(sql.SQL("{} < %s").format(col))
                params.append(query.due_before)
        if query.text is not None:
            wanted = sorted({_word_key(w) for w in words(query.text)})
            if not wanted:
                return None, []
            add("words @> %s::text[]", wanted)
        if query.after_id is not None:
            after = id_number(query.after_id)
            if after is not None:
                add("(id_num > %s OR id_num IS NULL)", after)
            else:
                add('(id_num IS NULL AND id COLLATE "C" > %s)', query.after_id)
        if not clauses:
            return sql.SQL("TRUE"), params
        return sql.SQL(" AND ").join(clauses), params
