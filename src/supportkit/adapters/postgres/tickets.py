"""The ticket repository on PostgreSQL: events appended as rows, a head per ticket, summary
columns for lists and a words index for search.

Tables (schema version 5, see :mod:`.schema`):

- ``tickets``: one row per ticket, every column a list shows or filters on (the summary),
  ``version`` and ``event_count``; ``query`` builds :class:`TicketSummary` from them;
- ``ticket_heads``: the :class:`TicketHead` as ``jsonb``, replaced on every change;
- ``ticket_events``: one ``jsonb`` row per event, ``(id, seq)``; only ever inserted;
- ``ticket_words``: the searchable words (of every subject the ticket had and every public
  message) as ``tsvector`` chunks (GIN). A change adds its words to the latest chunk until
  :data:`WORDS_PER_CHUNK` went into it, then starts one, so it never reads or rewrites
  the thread; most tickets have a single chunk.
- ``word_tickets``: the same words, one row per ticket and word, keyed ``(word, id_num,
  id)`` (migration 5): each word's tickets in the tickets' order, which a page of a search
  merges (see :meth:`PostgresTickets._word_page`). Every write that adds words to
  ``ticket_words`` adds their rows here in the same statement (or ``COPY``).

An ``append`` is one statement: the version-checked update of the ``tickets`` row, the
head, the new event rows and the words, all conditioned on the ticket update, so a stale
version writes nothing.

Search: every query word must begin a word of the ticket (``'word':*`` against the GIN
index; see :meth:`PostgresTickets._search`). Search statements are never prepared: a
generic plan cannot know whether a word is rare (use the words index) or common (walk the
id order and stop at the page's end), so each search is planned with its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

import attrs
from psycopg import sql

from supportkit._gc import paused_gc
from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.postgres._json import escape_str
from supportkit.adapters.postgres._rows import (
    SUMMARY_COLUMNS,
    TICKET_COLUMNS,
    WORD_COLUMNS,
    WORDS_PER_CHUNK,
    event_value,
    head_value,
    id_number,
    load_events,
    load_head,
    message_words,
    pieces,
    query_terms,
    search_keys,
    summary,
    ticket_row,
    ticket_rows,
    tsvector_literal,
)
from supportkit.adapters.postgres._search import (
    INDEX_ROWS,
    WordStats,
    expected_matches,
    order_key,
    plan,
)
from supportkit.adapters.postgres._tx import LazyTransaction
from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    check_claim,
    check_query,
    conditions,
    is_numeric_id,
    words,
)
from supportkit.errors import Conflict, InvalidInput, NotFound, StorageError
from supportkit.ports import TicketQuery
from supportkit.tickets.head import TicketHead, TicketSummary, rebuild
from supportkit.tickets.model import Event, Ticket

__all__ = ["PostgresTickets"]


#: The columns a new ticket's row fills.
_INSERTED = (*TICKET_COLUMNS, *WORD_COLUMNS)
_COLUMNS = ", ".join(_INSERTED)
_SUMMARY = ", ".join(f"t.{c}" for c in SUMMARY_COLUMNS)
_PLACEHOLDERS = ", ".join(["%s"] * len(_INSERTED))
#: Columns an append rewrites (all but the id and its order key), as named parameters.
_REWRITTEN = TICKET_COLUMNS[2:]
_UPDATED = ", ".join(f"{c} = %(c{n})s" for n, c in enumerate(_REWRITTEN))

# One statement, one round trip: the head, events and words are written only if the
# ticket row was (a duplicate id inserts nothing).
_INSERT = (
    f"WITH t AS (INSERT INTO {{s}}.tickets ({_COLUMNS}) VALUES ({_PLACEHOLDERS}) "  # noqa: S608 - fixed column names
    "ON CONFLICT (id) DO NOTHING RETURNING id, id_num), "
    "h AS (INSERT INTO {s}.ticket_heads (id, head) SELECT id, %s FROM t), "
    "e AS (INSERT INTO {s}.ticket_events (id, seq, event) "
    "  SELECT t.id, x.n, x.event FROM t, unnest(%s::jsonb[]) WITH ORDINALITY AS x(event, n)), "
    "w AS (INSERT INTO {s}.ticket_words (id, chunk, words) "
    "  SELECT t.id, x.chunk, x.words::tsvector "
    "  FROM t, unnest(%s::int[], %s::text[]) AS x(chunk, words)), "
    "o AS (INSERT INTO {s}.word_tickets (word, id_num, id) "
    "  SELECT x.word, t.id_num, t.id FROM t, unnest(%s::text[]) AS x(word)) "
    "SELECT count(*) FROM t"
)
# The append: the ticket row only if its version and event count are the ones the new
# head follows; everything else only if that row was updated.
_APPEND = (
    f"WITH t AS (UPDATE {{s}}.tickets SET {_UPDATED}{{fill}} "  # noqa: S608 - fixed column names
    "WHERE id = %(id)s AND version = %(version)s AND event_count = %(events)s "
    "RETURNING id, id_num, words_chunk), "
    "h AS (UPDATE {s}.ticket_heads AS h SET head = %(head)s FROM t WHERE h.id = t.id) "
    "{parts}"
    "SELECT count(*) FROM t"
)
_APPEND_EVENTS = (
    ", e AS (INSERT INTO {s}.ticket_events (id, seq, event) "
    "SELECT t.id, %(events)s + x.n, x.event "
    "FROM t, unnest(%(rows)s::jsonb[]) WITH ORDINALITY AS x(event, n)) "
)
# New words join the latest chunk while it has had fewer than WORDS_PER_CHUNK added, else
# start a chunk numbered after the new version (unique: above every earlier append's;
# add's are negative). The ticket row decides (its old words_fill, in the SET) and says
# which chunk in RETURNING, so the words statement needs no read of its own. GUARD is TRUE,
# or for an append without events (which may still change the subject) "the subject
# changed": in the SET the old row's subject, in the words CTEs the row as the statement
# found it (``old``; when ``t`` updated the row, that is the row it updated).
_FILL = f"words_fill + %(n)s <= {WORDS_PER_CHUNK}"
_APPEND_FILL = (
    f", words_chunk = CASE WHEN GUARD AND NOT ({_FILL}) THEN %(chunk)s ELSE words_chunk END"
    f", words_fill = CASE WHEN NOT GUARD THEN words_fill WHEN {_FILL} "
    "THEN words_fill + %(n)s ELSE %(n)s END"
    f", words_split = words_split OR (GUARD AND NOT ({_FILL}))"
)
_CHANGED_SUBJECT = "subject IS DISTINCT FROM %(subject)s"
_OLD = ", old AS (SELECT subject FROM {s}.tickets WHERE id = %(id)s) "
_APPEND_WORDS = (
    ", u AS (UPDATE {s}.ticket_words AS w "
    "SET words = w.words || array_to_tsvector(%(words)s::text[]) "
    "FROM t WHERE w.id = t.id AND w.chunk = t.words_chunk AND t.words_chunk <> %(chunk)s "
    "AND GUARD) "
    ", i AS (INSERT INTO {s}.ticket_words (id, chunk, words) "
    "SELECT t.id, %(chunk)s, array_to_tsvector(%(words)s::text[]) "
    "FROM t WHERE t.words_chunk = %(chunk)s) "
)
# A message with more words than a chunk holds: new chunks only.
_APPEND_SPLIT = ", words_chunk = %(last)s, words_fill = %(n)s, words_split = true"
_APPEND_CHUNKS = (
    ", i AS (INSERT INTO {s}.ticket_words (id, chunk, words) "
    "SELECT t.id, x.chunk, x.words::tsvector "
    "FROM t, unnest(%(chunks)s::int[], %(all)s::text[]) AS x(chunk, words)) "
)
# The words' rows of the ordered word index: a word the ticket already has keeps its row.
_APPEND_ORDERED = (
    ", o AS (INSERT INTO {s}.word_tickets (word, id_num, id) "
    "SELECT x.word, t.id_num, t.id FROM t, unnest(%(keys)s::text[]) AS x(word) "
    "WHERE GUARD ON CONFLICT DO NOTHING) "
)
#: Chunk numbers an append may use (its chunks are numbered from its version times this).
_CHUNKS_PER_VERSION = 1000
_GET = (
    "SELECT h.head, (SELECT array_agg(e.event ORDER BY e.seq) FROM {s}.ticket_events AS e "
    "WHERE e.id = h.id) FROM {s}.ticket_heads AS h WHERE h.id = %s"
)
_COPY_TICKETS = f"COPY {{s}}.tickets ({_COLUMNS}) FROM STDIN"
_COPY_HEADS = "COPY {s}.ticket_heads (id, head) FROM STDIN"
_COPY_EVENTS = "COPY {s}.ticket_events (id, seq, event) FROM STDIN"
_COPY_WORDS = "COPY {s}.ticket_words (id, chunk, words) FROM STDIN"
_COPY_ORDERED = "COPY {s}.word_tickets (word, id_num, id) FROM STDIN"
#: Tickets per slice of the add_many pipeline (serialised here while the previous slice
#: is copied).
_BULK_CHUNK = 1000
# Moves the id sequence past an added numeric id, never back: the sequence row is read and
# set in one statement, and only when its next value would not pass the id (``is_called``
# false: the next value is ``last_value`` itself).
_ADVANCE_IDS = (
    "SELECT setval('{s}.ticket_ids', %(top)s) FROM {s}.ticket_ids "
    "WHERE last_value - (NOT is_called)::int < %(top)s"
)
#: A search page read from the words index keeps at most this many rows per row of the
#: page (and at least INDEX_ROWS); past that it walks the order instead.
_INDEX_CAP = 50
#: A page of a search expected to find its rows within this many words rows along the order
#: (dense matches) walks them (0.2-0.7 ms at 1M) rather than merging the ordered word index
#: (a read of the words each query word begins, and a statement with one branch each).
_WALKED_ROWS = 5000.0
#: A page of a search merges at most this many stored words (the words its query words
#: begin); past that (a short prefix) it is found in ``ticket_words`` instead. Also the
#: most query words merged: each is a bit of a ``bigint`` mask.
_MERGED_WORDS = 63
#: A query word expected in more than this many times the rarest one's rows (and at least
#: :data:`_RARE_ROWS`) is checked on the tickets the others find instead of being merged.
_PROBED = 20.0
_RARE_ROWS = 50.0
# The words each prefix begins, in order, at most %s + 1 each: a skip along the word index,
# one descent per distinct word.
_EXPAND = (
    "WITH RECURSIVE r(n, p, word, c) AS ("
    "SELECT q.n, q.p, (SELECT min(x.word) FROM {s}.word_tickets AS x WHERE x.word >= q.p), 1 "
    "FROM unnest(%s::text[]) WITH ORDINALITY AS q(p, n) "
    "UNION ALL "
    "SELECT r.n, r.p, (SELECT min(x.word) FROM {s}.word_tickets AS x WHERE x.word > r.word), "
    "r.c + 1 FROM r WHERE starts_with(r.word, r.p) AND r.c <= %s) "
    "SELECT r.n, r.word FROM r WHERE starts_with(r.word, r.p)"
)
#: The order key of the ``tickets`` row (numeric ids by value, others after them).
_KEY = sql.SQL('t.id_num, t.id COLLATE "C"')


def _chunks(tickets: Iterable[Ticket]) -> Iterator[list[Ticket]]:
    batch: list[Ticket] = []
    for ticket in tickets:
        batch.append(ticket)
        if len(batch) == _BULK_CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_new(ticket: Ticket) -> None:
    if ticket.version != 1:
        raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")


def _numeric(ticket_id: str) -> int | None:
    return int(ticket_id) if is_numeric_id(ticket_id) else None


@attrs.frozen
class Selection:
    """A ticket ``SELECT`` of :class:`PostgresTickets` and its parameters; ``search``: it
    has a text condition (run unprepared, see the module docstring)."""

    statement: sql.Composed
    params: list[Any]
    search: bool


@attrs.frozen
class _Page:
    """A page of a search with no other condition, in the id order (``newest``: reversed),
    after the order key ``after`` (``(id_num, id)``), of ``limit`` tickets."""

    newest: bool
    after: tuple[int, str] | None
    limit: int


class PostgresTickets:
    """:class:`~supportkit.ports.TicketRepository` inside one PostgreSQL transaction."""

    def __init__(self, tx: LazyTransaction, schema: str, stats: WordStats | None = None) -> None:
        self._tx = tx
        self._s = sql.Identifier(schema)
        self._stats = stats if stats is not None else WordStats(schema)

    def _sql(self, text: str, **parts: sql.Composable) -> sql.Composed:
        return sql.SQL(text).format(s=self._s, **parts)

    def next_id(self) -> str:
        self._tx.refuse_if_readonly("next ticket id")
        with translated("allocating a ticket id"):
            row = self._tx.conn.execute(self._sql("SELECT nextval('{s}.ticket_ids')")).fetchone()
        if row is None:  # pragma: no cover - nextval always returns a row
            raise StorageError("the ticket id sequence returned nothing")
        return str(row[0])

    def _pass_ids(self, top: int | None) -> None:
        """Make ``next_id`` hand out ids above ``top`` (an added numeric id).

        A sequence is not transactional: a rollback leaves it advanced, which only skips ids.
        """
        if top is not None and top > 0:
            self._tx.writing("move the ticket id counter").execute(
                self._sql(_ADVANCE_IDS), {"top": top}
            )

    # -- writes ------------------------------------------------------------------------------

    def add(self, ticket: Ticket) -> None:
        _check_new(ticket)
        row, head, events, chunks = ticket_rows(ticket)
        numbers = [n for n, _ in chunks]
        literals = [tsvector_literal(keys) for _, keys in chunks]
        every = [key for _, keys in chunks for key in keys]
        conn = self._tx.writing(f"add ticket {ticket.id}")
        with translated(f"adding ticket {ticket.id}"):
            found = conn.execute(
                self._sql(_INSERT), (*row, head, events, numbers, literals, every)
            ).fetchone()
            added = found is not None and found[0] == 1
            if added:
                self._pass_ids(_numeric(ticket.id))
        if not added:
            raise Conflict(f"ticket {ticket.id} already exists; append events to change it")

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets with ``COPY`` (bulk imports, benchmarks).

        Every ticket must have version 1. A duplicate id (stored or repeated) is
        :class:`Conflict` and nothing of the batch is written; it runs in a savepoint, so
        the rest of the unit of work stays usable.

        A pipeline: while one thread copies a slice of tickets (the server parses and
        indexes it meanwhile), this one serialises the next slice, so the two costs overlap
        instead of adding up. The connection is used by one thread at a time.
        """
        conn = self._tx.writing("add tickets")
        top: int | None = None
        with translated("adding tickets in bulk"), conn.transaction(), paused_gc(), \
                ThreadPoolExecutor(1, thread_name_prefix="supportkit-copy") as copier:
            pending: Future[None] | None = None
            try:
                for chunk in _chunks(tickets):
                    rows = []
                    for ticket in chunk:
                        _check_new(ticket)
                        number = _numeric(ticket.id)
                        if number is not None and (top is None or number > top):
                            top = number
                        rows.append(ticket_rows(ticket))
                    if pending is not None:
                        pending.result()
                    pending = copier.submit(self._copy, rows)
            finally:
                if pending is not None:
                    pending.result()  # the connection is this thread's again
            self._pass_ids(top)

    def _copy(self, rows: list[tuple[tuple[Any, ...], Any, list[Any], list[Any]]]) -> None:
        """``COPY`` the serialised tickets ``rows`` into the four tables."""
        conn = self._tx.conn
        with conn.cursor().copy(self._sql(_COPY_TICKETS)) as copy:
            for row, _, _, _ in rows:
                copy.write_row(row)
        with conn.cursor().copy(self._sql(_COPY_HEADS)) as copy:
            for row, head, _, _ in rows:
                copy.write_row((row[0], head))
        with conn.cursor().copy(self._sql(_COPY_EVENTS)) as copy:
            for row, _, events, _ in rows:
                for seq, event in enumerate(events, 1):
                    copy.write_row((row[0], seq, event))
        with conn.cursor().copy(self._sql(_COPY_WORDS)) as copy:
            for row, _, _, chunks in rows:
                for number, keys in chunks:
                    copy.write_row((row[0], number, tsvector_literal(keys)))
        with conn.cursor().copy(self._sql(_COPY_ORDERED)) as copy:
            for row, _, _, chunks in rows:
                for _, keys in chunks:
                    for key in keys:
                        copy.write_row((key, row[1], row[0]))

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        """Append ``events`` and replace the head, in one statement; touches no earlier
        event row and only the latest words chunk."""
        events = tuple(events)
        stored_events = head.event_count - len(events)
        params: dict[str, Any] = {
            "id": head.id,
            "version": head.version - 1,
            "events": stored_events,
            "head": head_value(head),
        }
        parts: list[str] = []
        if events:
            parts.append(_APPEND_EVENTS)
            params["rows"] = [event_value(event) for event in events]
        # The words of every subject and public message the events bring: a former subject
        # stays searchable (``reference.searchable_text``), so nothing is ever removed. An
        # append without events adds the subject's words if the subject changed.
        if events:
            keys = search_keys(message_words(events))
            guard, guard_words = "TRUE", "TRUE"
        else:
            keys = search_keys(words(head.subject))
            guard = _CHANGED_SUBJECT
            guard_words = "EXISTS (SELECT FROM old WHERE old." + _CHANGED_SUBJECT + ")"
            params["subject"] = escape_str(head.subject)
            parts.append(_OLD)
        found = pieces(keys)
        first_chunk = head.version * _CHUNKS_PER_VERSION
        fill = ""
        if found:
            parts.append(_APPEND_ORDERED.replace("GUARD", guard_words))
            params["keys"] = keys
        if len(found) == 1:
            fill = _APPEND_FILL.replace("GUARD", guard)
            parts.append(_APPEND_WORDS.replace("GUARD", guard_words))
            params.update(words=found[0], n=len(found[0]), chunk=first_chunk)
        elif found:
            fill = _APPEND_SPLIT
            parts.append(_APPEND_CHUNKS)
            numbers = [first_chunk + n for n in range(len(found))]
            params.update(chunks=numbers, last=numbers[-1], n=len(found[-1]),
                          all=[tsvector_literal(piece) for piece in found])
        params.update((f"c{n}", value) for n, value in enumerate(ticket_row(head)[2:]))
        statement = self._sql(_APPEND, fill=sql.SQL(fill),
                              parts=sql.SQL("".join(parts)).format(s=self._s))
        conn = self._tx.writing(f"append to ticket {head.id}")
        with translated(f"appending to ticket {head.id}"):
            row = conn.execute(statement, params).fetchone()
            if row is not None and row[0] == 1:
                return
            stored = conn.execute(
                self._sql("SELECT version, event_count FROM {s}.tickets WHERE id = %s"),
                (head.id,),
            ).fetchone()
        if stored is None:
            raise NotFound("ticket", head.id)
        version, count = stored
        if version != head.version - 1:
            raise Conflict(
                f"ticket {head.id} changed since it was read (stored version {version}, this "
                f"write expects {head.version - 1}); reload and retry"
            )
        raise InvalidInput(
            f"ticket {head.id}: the head counts {head.event_count} events, but "
            f"{count} are stored and {len(events)} appended"
        )

    # -- reads -------------------------------------------------------------------------------

    def get(self, ticket_id: str) -> Ticket:
        """The full ticket: its head and every event row, in one round trip."""
        with translated(f"reading ticket {ticket_id}"):
            row = self._tx.conn.execute(self._sql(_GET), (ticket_id,)).fetchone()
        if row is None:
            raise NotFound("ticket", ticket_id)
        head = load_head(row[0])
        try:
            return rebuild(head, load_events(row[1] or ()))
        except ValueError as exc:
            raise StorageError(f"stored ticket {ticket_id} is inconsistent: {exc}") from exc

    def head(self, ticket_id: str, *, for_update: bool = False) -> TicketHead:
        """The head; ``for_update=True`` locks the ticket's rows until the unit of work ends
        (``FOR UPDATE``, which begins its transaction), waiting for a unit of work that
        holds them, and returns the head that one committed."""
        if for_update:
            conn = self._tx.writing(f"get ticket {ticket_id} for update")
            statement = self._sql(
                "SELECT h.head FROM {s}.tickets AS t JOIN {s}.ticket_heads AS h ON h.id = t.id "
                "WHERE t.id = %s FOR UPDATE OF t, h"
            )
        else:
            conn = self._tx.conn
            statement = self._sql("SELECT head FROM {s}.ticket_heads WHERE id = %s")
        with translated(f"reading ticket {ticket_id}"):
            row = conn.execute(statement, (ticket_id,)).fetchone()
        if row is None:
            raise NotFound("ticket", ticket_id)
        return load_head(row[0])

    def select(self, query: TicketQuery, columns: str = "summary") -> Selection | None:
        """The ``SELECT`` that :meth:`query` (``columns="summary"``) or :meth:`heads`
        (``"head"``) runs, or of the ids only (``"id"``); None when nothing can match. For
        ``EXPLAIN`` and benchmarks."""
        check_query(query)
        where, params, search = self._where(query, paging=True)
        if where is None:
            return None
        order = query.order
        order_by: sql.Composable
        if order == "id":
            order_by = _KEY
        elif order == "newest":
            order_by = sql.SQL('t.id_num DESC, t.id COLLATE "C" DESC')
        else:
            order_by = sql.SQL("{col}, ").format(col=sql.Identifier("t", order)) + _KEY
        limit: sql.Composable = sql.SQL("")
        if query.limit is not None:
            limit = sql.SQL(" LIMIT %s")
            params.append(query.limit)
        if columns == "head":
            inner = self._sql(
                "SELECT {cols} FROM {s}.tickets AS t WHERE {where} ORDER BY {order}{limit}",
                cols=sql.SQL("t.id, t.id_num") + (
                    sql.SQL(", {}").format(sql.Identifier("t", order))
                    if order in DEADLINE_COLUMNS else sql.SQL("")),
                where=where, order=order_by, limit=limit,
            )
            statement = self._sql(
                "SELECT h.head FROM ({inner}) AS t JOIN {s}.ticket_heads AS h ON h.id = t.id "
                "ORDER BY {order}",
                inner=inner, order=order_by,
            )
        else:
            statement = self._sql(
                "SELECT {cols} FROM {s}.tickets AS t WHERE {where} ORDER BY {order}{limit}",
                cols=sql.SQL(_SUMMARY if columns == "summary" else "t.id"),
                where=where, order=order_by, limit=limit,
            )
        return Selection(statement, params, search)

    def _run(self, selection: Selection, what: str) -> list[tuple[Any, ...]]:
        with translated(what):
            # prepare=False: planned with its words every time (no generic plan).
            return self._tx.conn.execute(
                selection.statement, selection.params,
                prepare=False if selection.search else None,
            ).fetchall()

    def query(self, query: TicketQuery) -> Sequence[TicketSummary]:
        selection = self.select(query)
        if selection is None:
            return []
        return [summary(row) for row in self._run(selection, "querying tickets")]

    def heads(self, query: TicketQuery) -> Sequence[TicketHead]:
        selection = self.select(query, "head")
        if selection is None:
            return []
        return [load_head(row[0]) for row in self._run(selection, "reading ticket heads")]

    def explain(self, query: TicketQuery, *, analyze: bool = False) -> str:
        """PostgreSQL's plan for :meth:`query` (``EXPLAIN [ANALYZE]``), to check index use."""
        selection = self.select(query)
        if selection is None:
            return "nothing can match: no query is run"
        prefix = sql.SQL("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ")
        with translated("explaining a ticket query"):
            rows = self._tx.conn.execute(
                prefix + selection.statement, selection.params, prepare=False
            ).fetchall()
        return "\n".join(row[0] for row in rows)

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query``, ignoring its ``limit`` and cursor."""
        check_query(query)
        where, params, search = self._where(query, paging=False)
        if where is None:
            return 0
        selection = Selection(
            self._sql("SELECT count(*) FROM {s}.tickets AS t WHERE {where}", where=where),
            params, search)
        rows = self._run(selection, "counting tickets")
        return int(rows[0][0]) if rows else 0

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[TicketHead]:
        """The heads of up to ``limit`` tickets whose ``column`` deadline is before
        ``before``, earliest first, locked for this unit of work (``FOR UPDATE SKIP
        LOCKED``): tickets another unit of work holds are skipped, so concurrent workers
        never get the same ticket. Clear or move the deadline in the same unit of work, or
        the ticket comes up again."""
        col = sql.Identifier("t", check_claim(column, before, due_from, limit))
        params: list[Any] = [before]
        lower: sql.Composable = sql.SQL("")
        if due_from is not None:
            lower = sql.SQL(" AND {col} >= %s").format(col=col)
            params.append(due_from)
        params.append(limit)
        statement = self._sql(
            "SELECT h.head FROM {s}.tickets AS t JOIN {s}.ticket_heads AS h "
            "ON h.id = t.id WHERE {col} < %s{lower} "
            'ORDER BY {col}, t.id_num, t.id COLLATE "C" LIMIT %s '
            "FOR UPDATE OF t, h SKIP LOCKED",
            col=col,
            lower=lower,
        )
        conn = self._tx.writing(f"claim tickets due by {column}")
        with translated(f"claiming tickets due by {column}"):
            rows = conn.execute(statement, params).fetchall()
        return [load_head(row[0]) for row in rows]

    def _search(
        self, terms: list[tuple[str, str, bool]], params: list[Any], *, walk: bool,
        page: _Page | None = None,
    ) -> list[sql.Composable]:
        """The conditions of a text search (see :mod:`._search`).

        Most tickets keep all their words (subjects included) in one chunk, where every
        query word is one GIN test (``'a':* & 'b':*``); a ticket split over several chunks
        (``words_split``: long threads) matches when each word is in one of them.

        A page of a search and nothing else (``page``) is merged from the ordered word
        index (:meth:`_word_page`), unless its matches are dense (found within
        :data:`_WALKED_ROWS` along the order: it walks ``ticket_words`` then) or its prefixes
        begin too many words; then it is found in ``ticket_words`` alone, its tickets read
        by primary key: either walking the words in the tickets'
        order (the order index of migration 4) until the page is full, or from the words
        index, deduplicated and sorted there (never a ticket row per match). Any other
        search, when few tickets are expected to match (or ``walk`` is false: no page to
        stop at), reads the matching ones off the words index first (an ``ARRAY``
        subquery: then looked up by primary key, never hashed against every ticket);
        otherwise each ticket along the page's order probes its own words rows, and the
        walk stops at the end of the page. The words index is given only the rarer query
        words when a common one would cost more to read from it than to check on the rows
        found (:func:`._search.plan`)."""
        conn = self._tx.conn
        rows = [self._stats.rows(conn, lexeme, prefix=prefix) for _, lexeme, prefix in terms]
        ranked = [term for _, term in sorted(zip(rows, terms, strict=True),
                                             key=lambda pair: pair[0])]
        total = self._stats.total(conn)
        chosen = plan(sorted(rows), total, page.limit if page is not None else None)
        # Rarest first: a row is checked word by word and stops at the first one it lacks.
        every = " & ".join(term for term, _, _ in ranked)
        indexed = " & ".join(term for term, _, _ in ranked[: chosen.index_terms])
        recheck = chosen.index_terms < len(terms)
        split = [term for term, _, _ in terms] if len(terms) > 1 else []
        if page is not None:
            if not (chosen.walk and chosen.walked <= _WALKED_ROWS):
                merged = self._word_page(terms, rows, params, page)
                if merged is not None:
                    return [merged]
            return [self._search_page(every, indexed, split, params, page,
                                      walk=chosen.walk, recheck=recheck)]
        words_ = "{s}.ticket_words"
        each = " AND ".join(
            f"EXISTS (SELECT FROM {words_} AS w WHERE w.id = t.id AND w.words @@ %s::tsquery)"
            for _ in split)
        if not walk or expected_matches(rows, total) <= INDEX_ROWS:
            found = self._found(every, indexed, params, recheck=recheck)
            if not split:
                return [self._sql(f"t.id = ANY (ARRAY({found}))")]
            params.extend(split)
            return [self._sql(
                f"t.id = ANY (ARRAY({found} "  # noqa: S608 - fixed names
                "UNION ALL SELECT s.id FROM {s}.tickets AS s WHERE s.words_split)) "
                f"AND (NOT t.words_split OR ({each}))")]
        params.append(every)
        one = f"EXISTS (SELECT FROM {words_} AS w WHERE w.id = t.id AND w.words @@ %s::tsquery)"
        if not split:
            return [self._sql(one)]
        params.extend(split)
        return [self._sql(f"({one} OR (t.words_split AND {each}))")]

    def _expand(self, prefixes: list[str]) -> list[list[str]] | None:
        """The stored words each of ``prefixes`` begins (itself included), read off the
        ordered word index one word at a time (a descent per word, never a posting); None
        when one begins more than :data:`_MERGED_WORDS`."""
        if not prefixes:
            return []
        with translated("reading the words a search word begins"):
            rows = self._tx.conn.execute(
                self._sql(_EXPAND), (prefixes, _MERGED_WORDS), prepare=False).fetchall()
        found: list[list[str]] = [[] for _ in prefixes]
        for n, word in rows:
            found[n - 1].append(word)
        if any(len(words_) > _MERGED_WORDS for words_ in found):
            return None
        return found

    def _word_page(
        self, terms: list[tuple[str, str, bool]], rows: list[float], params: list[Any],
        page: _Page,
    ) -> sql.Composable | None:
        """``t.id = ANY(ids)``: one page of a search with no other condition, merged from
        the ordered word index (``word_tickets``, migration 5); None when its words are too
        many to merge (a short prefix), and the page is found in ``ticket_words`` instead.

        Each word a query word begins is read in the tickets' order, after the page's
        cursor (one index range each, merged: PostgreSQL's ``Merge Append``), and a ticket
        is kept when its words cover every query word (``bit_or`` of the query words each
        stored word serves, over the ticket's rows: a window over its peers, which streams,
        so the statement stops at the page's end). So a page reads about its own rows
        times the query words' density, whatever their frequency. A query word far more
        common than the rarest (:data:`_PROBED`) is not merged (it would be read to the
        end when the rarest is rare) but checked on each ticket found, in its words rows."""
        floor = max(min(rows), _RARE_ROWS)
        rarest = rows.index(min(rows))
        merged = [n for n, found in enumerate(rows) if found <= _PROBED * floor or n == rarest]
        probed = [terms[n][0] for n in range(len(terms)) if n not in merged]
        found = self._expand([terms[n][1] for n in merged if terms[n][2]])
        if found is None:
            return None
        if any(not words_ for words_ in found):
            return sql.SQL("FALSE")  # a query word that begins no stored word
        expanded = iter(found)
        masks: dict[str, int] = {}
        for bit, n in enumerate(merged):
            _, lexeme, prefix = terms[n]
            for word in (next(expanded) if prefix else [lexeme]):
                masks[word] = masks.get(word, 0) | 1 << bit
        if len(masks) > _MERGED_WORDS:
            return None
        direction = "DESC" if page.newest else "ASC"
        cursor = ""
        if page.after is not None:
            cursor = f" AND (x.id_num, x.id) {'<' if page.newest else '>'} (%s, %s)"
        branches = []
        for branch, (word, mask) in enumerate(sorted(masks.items()), 1):
            branches.append(
                f"(SELECT x.id_num AS k, x.id AS c, {branch} AS b, {mask} AS m "  # noqa: S608 - ints
                f"FROM {{s}}.word_tickets AS x WHERE x.word = %s{cursor} "
                f"ORDER BY 1 {direction}, 2 {direction})")
            params.append(word)
            if page.after is not None:
                params.extend(page.after)
        # ``b <= f`` (the first of its rows: f is their least b) and ``mask >= every bit``
        # (it has no other) rather than equalities: the planner takes an equality between
        # two columns to keep 0.5% of the rows and, expecting the page to read the whole
        # index, compiles the statement (JIT: 10 ms at 1M for a 0.3 ms page).
        # OFFSET 0: a check on each ticket found, never turned into a join of every row.
        checks = "".join(
            " AND EXISTS (SELECT FROM {s}.ticket_words AS w WHERE w.id = g.c COLLATE "
            '"default" AND ts_match_vq(w.words, %s::tsquery) OFFSET 0)' for _ in probed)
        params.extend(probed)
        params.append(page.limit)
        return self._sql(
            't.id = ANY (ARRAY(SELECT g.c COLLATE "default" FROM ('  # noqa: S608 - fixed names
            "SELECT u.k, u.c, u.b, min(u.b) OVER p AS f, bit_or(u.m) OVER p AS mask "
            f"FROM ({' UNION ALL '.join(branches)}) AS u WINDOW p AS (ORDER BY u.k "
            f"{direction}, u.c {direction} RANGE BETWEEN CURRENT ROW AND CURRENT ROW)) AS g "
            f"WHERE g.b <= g.f AND g.mask >= {(1 << len(merged)) - 1}{checks} LIMIT %s))")

    @staticmethod
    def _found(every: str, indexed: str, params: list[Any], *, recheck: bool) -> str:
        """The ids of the words rows holding ``every`` query word, read off the words index
        with the ``indexed`` ones (then ``every`` checked on the rows found, when more)."""
        if not recheck:
            params.append(indexed)
            return "SELECT w.id FROM {s}.ticket_words AS w WHERE w.words @@ %s::tsquery"
        params.extend((indexed, every))
        return ("WITH m AS MATERIALIZED (SELECT w.id, w.words FROM {s}.ticket_words AS w "
                "WHERE w.words @@ %s::tsquery) "
                "SELECT m.id FROM m WHERE ts_match_vq(m.words, %s::tsquery)")

    def _search_page(
        self, every: str, indexed: str, split: list[str], params: list[Any], page: _Page,
        *, walk: bool, recheck: bool,
    ) -> sql.Composable:
        """``t.id = ANY(ids)``: the ids of one page of a search with no other condition,
        found in ``ticket_words`` (walked in order, or from its index: ``walk``) and, for
        several words, among the split tickets; each branch stops at the page's end.

        The index read keeps at most :data:`_INDEX_CAP` times the page's rows: more means
        the statistics missed (a prefix of many words each too rare for them, like order
        numbers, or words that became common since the last ``ANALYZE``), and the page is
        then walked instead, in the same statement (a branch gated on the count)."""
        direction = "DESC" if page.newest else "ASC"
        after = "<" if page.newest else ">"

        def words_branch(source: str, key_of: str, test: str, gate: str = "") -> str:
            key = order_key(key_of)
            cursor = ""
            if page.after is not None:
                cursor = f' AND ({key}, {key_of} COLLATE "C") {after} (%s, %s)'
                params.extend(page.after)
            params.append(page.limit)
            return (f'(SELECT DISTINCT {key} AS k, {key_of} COLLATE "C" AS c FROM {source} '  # noqa: S608
                    f"WHERE {test}{cursor}{gate} ORDER BY 1 {direction}, 2 {direction} "
                    "LIMIT %s)")

        # ts_match_vq rather than @@: a walk must not turn into a read of the words index.
        walked = "ts_match_vq(w.words, %s::tsquery)"
        with_ = ""
        if walk:
            params.append(every)
            branches = [words_branch("{s}.ticket_words AS w", "w.id", walked)]
        else:
            cap = max(INDEX_ROWS, _INDEX_CAP * page.limit)
            with_ = ("WITH m AS MATERIALIZED (SELECT w.id"  # noqa: S608 - fixed names
                     + (", w.words" if recheck else "")
                     + " FROM {s}.ticket_words AS w WHERE w.words @@ %s::tsquery LIMIT %s) ")
            params.extend((indexed, cap + 1))
            test = "TRUE"
            if recheck:
                test = "ts_match_vq(m.words, %s::tsquery)"
                params.append(every)
            branches = [words_branch("m", "m.id", test, " AND (SELECT count(*) FROM m) <= %s")]
            params.insert(len(params) - 1, cap)  # the gate's, before the branch's limit
            params.append(every)
            branches.append(words_branch("{s}.ticket_words AS w", "w.id", walked,
                                         " AND (SELECT count(*) FROM m) > %s"))
            params.insert(len(params) - 1, cap)
        if split:
            each = " AND ".join(
                "EXISTS (SELECT FROM {s}.ticket_words AS w WHERE w.id = s.id "
                "AND w.words @@ %s::tsquery)" for _ in split)
            params.extend(split)
            cursor = ""
            if page.after is not None:
                cursor = f' AND (s.id_num, s.id COLLATE "C") {after} (%s, %s)'
                params.extend(page.after)
            params.append(page.limit)
            branches.append(
                f'(SELECT s.id_num AS k, s.id COLLATE "C" AS c FROM {{s}}.tickets AS s '  # noqa: S608
                f"WHERE s.words_split AND {each}{cursor} "
                f"ORDER BY 1 {direction}, 2 {direction} LIMIT %s)")
        params.append(page.limit)
        return self._sql(
            f"t.id = ANY (ARRAY({with_}SELECT u.c COLLATE \"default\" FROM "  # noqa: S608 - fixed names
            f"({' UNION '.join(branches)}) AS u "
            f"ORDER BY u.k {direction}, u.c {direction} LIMIT %s))")

    def _where(
        self, query: TicketQuery, *, paging: bool
    ) -> tuple[sql.Composable | None, list[Any], bool]:
        """The WHERE clause of ``query`` (with its cursor when ``paging``), its parameters
        and whether it searches text; None when nothing can match."""
        clauses: list[sql.Composable] = []
        params: list[Any] = []
        for condition in conditions(query):
            column = sql.Identifier("t", condition.column)
            if condition.one_of:
                clauses.append(sql.SQL("{} = ANY(%s::text[])").format(column))
                params.append(list(condition.values))
            else:
                clauses.append(sql.SQL("{} = %s").format(column))
                params.append(condition.values[0])
        if query.due is not None:
            col = sql.Identifier("t", query.due)  # a name check_query accepted
            clauses.append(sql.SQL("{} IS NOT NULL").format(col))
            if query.due_from is not None:
                clauses.append(sql.SQL("{} >= %s").format(col))
                params.append(query.due_from)
            if query.due_before is not None:
                clauses.append(sql.SQL("{} < %s").format(col))
                params.append(query.due_before)
        if query.order in DEADLINE_COLUMNS:
            clauses.append(sql.SQL("{} IS NOT NULL").format(sql.Identifier("t", query.order)))
        search = query.text is not None
        # The cursor as the order key (``id_num``, ``id``).
        key = None if query.after_id is None else (id_number(query.after_id), query.after_id)
        if query.text is not None:
            terms = query_terms(query.text)
            if not terms:
                return None, [], search
            page = None
            if (paging and query.limit is not None and query.order in ("id", "newest")
                    and not clauses):
                page = _Page(newest=query.order == "newest", after=key, limit=query.limit)
            clauses.extend(self._search(terms, params, walk=paging and query.limit is not None,
                                        page=page))
        if paging and key is not None:
            if query.order == "id":
                clauses.append(sql.SQL('(t.id_num, t.id COLLATE "C") > (%s, %s)'))
                params.extend(key)
            elif query.order == "newest":
                clauses.append(sql.SQL('(t.id_num, t.id COLLATE "C") < (%s, %s)'))
                params.extend(key)
            elif query.after_due is not None:
                col = sql.Identifier("t", query.order)
                clauses.append(sql.SQL(
                    '{col} >= %s AND ({col}, t.id_num, t.id COLLATE "C") > (%s, %s, %s)'
                ).format(col=col))
                params.extend((query.after_due, query.after_due, *key))
        if not clauses:
            return sql.SQL("TRUE"), params, search
        return sql.SQL(" AND ").join(clauses), params, search
