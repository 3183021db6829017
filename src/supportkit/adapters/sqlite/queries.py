"""Rows and SQL for tickets: column values, search tokens, and query building.

Every value that comes from a caller is bound as a parameter; the only text spliced into SQL
is column names from fixed tables in this module.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    FILTER_COLUMNS,
    check_query,
    conditions,
    filter_values,
    is_numeric_id,
    message_words,
    refuse_invalid_text,
    words,
)
from supportkit.errors import InvalidInput
from supportkit.ports import TicketQuery
from supportkit.serialization import stored_json
from supportkit.tickets.actors import Side
from supportkit.tickets.head import (
    TicketHead,
    TicketSummary,
)
from supportkit.tickets.model import Event
from supportkit.tickets.status import TicketStatus

__all__ = [
    "INSERT_EVENT",
    "INSERT_TERM",
    "INSERT_WORDS",
    "MAX_EXPANSION",
    "PREFIX_INDEXES",
    "SUMMARY_COLUMNS",
    "SUMMARY_SELECT",
    "TEXT_PK_BASE",
    "TICKET_COLUMNS",
    "UPDATE_HEAD",
    "UPDATE_TICKET",
    "NewTicket",
    "Part",
    "column_text",
    "dumps",
    "event_json",
    "head_json",
    "insert_tickets",
    "instant",
    "match_expression",
    "micros",
    "plan",
    "prefix_range",
    "sort_key",
    "summary",
    "ticket_pk",
    "ticket_row",
    "token",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

#: The columns of ``tickets`` written from a head, in the order of :func:`ticket_row`.
TICKET_COLUMNS = (
    "id",
    "sort_key",
    "version",
    *(column.name for column in FILTER_COLUMNS),
    *DEADLINE_COLUMNS,
    "subject",
    "severity",
    "requester_side",
    "support_group",
    "awaiting_information",
    "created_at",
    "updated_at",
    "message_count",
    "public_message_count",
    "event_count",
)

#: What :func:`summary` reads, in its order (``t`` is ``tickets``).
SUMMARY_COLUMNS = (
    "id", "subject", "status", "severity", "requester", "requester_side", "company",
    "category", "assignee", "addressed_to", "support_group", "awaiting_information",
    "created_at", "updated_at", *DEADLINE_COLUMNS, "message_count", "public_message_count",
    "version",
)
#: The ``SELECT`` list of :data:`SUMMARY_COLUMNS` over ``tickets AS t``.
SUMMARY_SELECT = ", ".join(f"t.{column}" for column in SUMMARY_COLUMNS)


def micros(value: datetime | None) -> int | None:
    """An aware instant as integer microseconds since the Unix epoch (UTC)."""
    return None if value is None else (value - _EPOCH) // _MICRO


def instant(value: int | None) -> datetime | None:
    """The aware UTC instant of :func:`micros` ``value``."""
    return None if value is None else _EPOCH + timedelta(microseconds=value)


def sort_key(ticket_id: str) -> int | str:
    """The ``tickets.sort_key`` of an id: an int for numeric ids, else the id itself."""
    return int(ticket_id) if is_numeric_id(ticket_id) else ticket_id


def ticket_pk(ticket_id: str) -> int | None:
    """The ``tickets.pk`` of a numeric id is the number itself (below :data:`TEXT_PK_BASE`),
    so rowid order is id order; other ids get a pk from :data:`TEXT_PK_BASE` up."""
    return int(ticket_id) if is_numeric_id(ticket_id) else None


#: Rowids of tickets whose id is not numeric start here (numeric ids stay below 10**18).
TEXT_PK_BASE = 1 << 60




def column_text(value: str | None) -> str | None:
    """``value`` as a TEXT column can hold it: a lone surrogate (text an earlier release let
    in, kept as is in the head and events) becomes U+FFFD in the list columns only."""
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def ticket_row(head: TicketHead) -> tuple[Any, ...]:
    """The values of :data:`TICKET_COLUMNS` for ``head``."""
    return (
        head.id,
        sort_key(head.id),
        head.version,
        *map(column_text, filter_values(head)),
        *(micros(getattr(head, column)) for column in DEADLINE_COLUMNS),
        column_text(head.subject),
        column_text(head.severity) if isinstance(head.severity, str) else head.severity,
        head.requester.side.value,
        column_text(head.support_group),
        int(head.awaiting_information),
        micros(head.created_at),
        micros(head.updated_at),
        head.message_count,
        head.public_message_count,
        head.event_count,
    )


_STATUSES = {status.value: status for status in TicketStatus}
_SIDES = {side.value: side for side in Side}


def summary(row: Sequence[Any]) -> TicketSummary:
    """The :class:`TicketSummary` of a row of :data:`SUMMARY_COLUMNS` (no JSON, no cattrs)."""
    (tid, subject, status, severity, requester, side, company, category, assignee,
     addressed_to, group, awaiting, created, updated, first_response_due, next_update_due,
     resolution_due, eta, escalation_eligible_at, retention_due, messages, public,
     version) = row
    return TicketSummary(
        id=tid, subject=subject, status=_STATUSES[status], severity=severity,
        requester=requester, requester_side=_SIDES[side], company=company, category=category,
        assignee=assignee, addressed_to=addressed_to, support_group=group,
        awaiting_information=bool(awaiting),
        created_at=_EPOCH + timedelta(microseconds=created),
        updated_at=_EPOCH + timedelta(microseconds=updated),
        first_response_due=instant(first_response_due),
        next_update_due=instant(next_update_due),
        resolution_due=instant(resolution_due),
        eta=instant(eta),
        escalation_eligible_at=instant(escalation_eligible_at),
        retention_due=instant(retention_due),
        message_count=messages, public_message_count=public, version=version,
    )


# -- search ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def token(word: str) -> str:
    """A search word as the index holds it: its UTF-8 bytes in hex.

    FTS5 then sees exactly one token per word, with no case folding or diacritics rules of its
    own, so SQLite search matches exactly the words :func:`supportkit.adapters.reference.words`
    finds; and a word's prefix (in characters) is exactly a prefix of its token."""
    return word.encode("utf-8").hex()


def prefix_range(word: str) -> tuple[str, str]:
    """The ``[low, high)`` range of tokens that begin with ``word`` (hex digits sort below
    ``g``)."""
    low = token(word)
    return low, low + "g"


#: The token lengths (hex digits) ``ticket_text`` keeps a prefix index for: one- and
#: two-byte words, which begin the most indexed words, are matched with it directly.
PREFIX_INDEXES = (2, 4)

#: A query word that begins more indexed words than this is matched with an FTS5 prefix
#: query (``"…" *``) instead of an ``OR`` of the words it begins.
MAX_EXPANSION = 64


def match_expression(
    text: str, expand: Callable[[str], Sequence[str] | None]
) -> str | None:
    """A safe FTS5 query for user ``text``: every query word must begin a word of the ticket.

    A word of one or two bytes uses the FTS5 prefix index (:data:`PREFIX_INDEXES`); for
    longer ones ``expand(word)`` gives the indexed tokens that begin ``word`` (None: more than
    :data:`MAX_EXPANSION`). A word beginning few tokens becomes their ``OR`` (FTS5 merges
    those doclists lazily in rowid order, so the first page of a common prefix is cheap);
    one beginning many becomes an FTS5 prefix query. Quotes, ``%``, FTS5 operators and SQL
    fragments are hex-encoded like any word, never syntax. ``None`` when no ticket can match
    (no words, or a word that begins nothing indexed)."""
    found = words(text)
    if not found:
        return None
    terms = []
    for word in sorted(found):
        if len(token(word)) in PREFIX_INDEXES:  # one or two bytes: FTS5's prefix index
            terms.append(f'"{token(word)}" *')
            continue
        tokens = expand(word)
        if tokens is None:
            terms.append(f'"{token(word)}" *')
        elif not tokens:
            return None
        elif len(tokens) == 1:
            terms.append(f'"{tokens[0]}"')
        else:
            terms.append("(" + " OR ".join(f'"{t}"' for t in tokens) + ")")
    return " AND ".join(terms)


# -- query plans ----------------------------------------------------------------------------


@attrs.frozen
class Part:
    """One SELECT over ``tickets`` (aliased ``t``): its FROM, WHERE and ORDER BY.

    ``narrow``: find the page's rows with the filters alone (``pk`` from an index), then read
    only those rows' columns — for a small range read off an index and sorted, so the sort
    does not carry every matching row's columns."""

    source: str
    where: tuple[str, ...]
    params: tuple[Any, ...]
    order: str
    narrow: bool = False

    def sql(self, columns: str, limit: int | None, join: str = "") -> tuple[str, list[Any]]:
        """``SELECT columns … ORDER BY … [LIMIT ?]`` and its parameters; ``join`` adds tables
        joined to ``t`` (for the selected columns only)."""
        where = " WHERE " + " AND ".join(self.where) if self.where else ""
        params = list(self.params)
        tail = f" ORDER BY {self.order}"
        if limit is not None:
            tail += " LIMIT ?"
            params.append(limit)
        if self.narrow:
            return (
                f"SELECT {columns} FROM tickets AS t{join} WHERE t.pk IN "  # noqa: S608
                f"(SELECT t.pk FROM {self.source}{where}{tail}) ORDER BY {self.order}",
                params,
            )
        return f"SELECT {columns} FROM {self.source}{join}{where}{tail}", params  # noqa: S608

    def count_sql(self) -> tuple[str, list[Any]]:
        sql = f"SELECT count(*) FROM {self.source}"  # noqa: S608 - fixed fragments only
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        return sql, list(self.params)


def _filters(query: TicketQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for condition in conditions(query):
        column = condition.column  # a fixed name from FILTER_COLUMNS only
        if not condition.one_of:
            where.append(f"t.{column} = ?")
        elif condition.values:
            where.append(f"t.{column} IN ({', '.join('?' * len(condition.values))})")
        else:
            where.append("0")
        params.extend(condition.values)
    if query.due is not None:
        column = _deadline(query.due)
        where.append(f"t.{column} IS NOT NULL")
        if query.due_from is not None:
            where.append(f"t.{column} >= ?")
            params.append(micros(query.due_from))
        if query.due_before is not None:
            where.append(f"t.{column} < ?")
            params.append(micros(query.due_before))
    return where, params


def _deadline(name: str) -> str:
    return DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(name)]  # the fixed name, safe in SQL


def _keyset(query: TicketQuery, where: list[str], params: list[Any]) -> str:
    """Add the cursor of ``query`` to ``where`` and return its ORDER BY (``t`` columns)."""
    order = query.order
    after = query.after_id
    if order == "id":
        if after is not None:
            where.append("t.sort_key > ?")
            params.append(sort_key(after))
        return "t.sort_key"
    if order == "newest":
        if after is not None:
            where.append("t.sort_key < ?")
            params.append(sort_key(after))
        return "t.sort_key DESC"
    column = _deadline(order)
    where.append(f"t.{column} IS NOT NULL")
    if after is not None and query.after_due is not None:
        where.append(f"(t.{column}, t.sort_key) > (?, ?)")
        params.extend((micros(query.after_due), sort_key(after)))
    return f"t.{column}, t.sort_key"


def plan(
    query: TicketQuery,
    *,
    due_index: bool = False,
    expand: Callable[[str], Sequence[str] | None] | None = None,
) -> list[Part]:
    """The parts whose results, concatenated in order, answer ``query`` (before its limit).

    A query without text is one part over ``tickets`` in the query's order (keyset cursor
    included); with ``due_index`` it is forced onto the deadline's index (right when few
    tickets fall in the range: a range scan plus a small sort beats walking all ids in
    order). A text query ordered by id is two parts: tickets with numeric ids straight from
    FTS5 in rowid order (= id order, so the first page is read without collecting every
    match), then the others by ``sort_key`` (reversed, both, for ``newest``); ordered by a
    deadline it is one part sorted by it. ``[]`` when nothing can match (no statuses, a
    text without words, a word that begins no indexed word).
    """
    check_query(query)
    if query.statuses is not None and not query.statuses:
        return []
    where, params = _filters(query)
    if query.text is None:
        order = _keyset(query, where, params)
        source = "tickets AS t"
        narrow = due_index and query.due is not None
        if narrow and query.due is not None:
            source += f" INDEXED BY tickets_{_deadline(query.due)}"
        return [Part(source, tuple(where), tuple(params), order, narrow)]
    expression = match_expression(query.text, expand or (lambda _: None))
    if expression is None:
        return []
    source = "ticket_text AS f JOIN tickets AS t ON t.pk = f.rowid"
    match = ["ticket_text MATCH ?"]
    if query.order not in ("id", "newest"):
        order = _keyset(query, where, params)
        return [Part(source, (*match, *where), (expression, *params), order)]
    newest = query.order == "newest"
    after = query.after_id
    after_pk = None if after is None else ticket_pk(after)
    numeric: Part | None = None
    # Numeric ids: FTS5 rowid order is id order; a text-id cursor comes after all of them
    # (by id) or before all of them (newest first).
    if after is None or after_pk is not None or newest:
        cond = [*match, "f.rowid < ?"]
        cond_params: list[Any] = [expression, TEXT_PK_BASE]
        if after_pk is not None:
            cond.append("f.rowid < ?" if newest else "f.rowid > ?")
            cond_params.append(after_pk)
        numeric = Part(source, (*cond, *where), (*cond_params, *params),
                       "f.rowid DESC" if newest else "f.rowid")
    textual: Part | None = None
    if not (newest and after_pk is not None):
        cond = [*match, "f.rowid >= ?"]
        cond_params = [expression, TEXT_PK_BASE]
        if after is not None and after_pk is None:
            cond.append("t.sort_key < ?" if newest else "t.sort_key > ?")
            cond_params.append(after)
        textual = Part(source, (*cond, *where), (*cond_params, *params),
                       "t.sort_key DESC" if newest else "t.sort_key")
    parts = [textual, numeric] if newest else [numeric, textual]
    return [part for part in parts if part is not None]


# -- writing --------------------------------------------------------------------------------

_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def dumps(data: Any) -> str:
    """``data`` as compact JSON; :class:`~supportkit.InvalidInput` when it is not JSON."""
    try:
        return _ENCODE(data)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"cannot store {data!r:.200} as JSON: {exc}") from exc


def head_json(head: TicketHead) -> str:
    """The stored form of a head: the JSON of the one converter's data."""
    return stored_json(head)


def event_json(event: Event) -> str:
    """The stored form of one event (its message body included, once)."""
    return stored_json(event)


_INSERT_TICKET = (
    f"INSERT INTO tickets (pk, {', '.join(TICKET_COLUMNS)}) "  # noqa: S608 - fixed names
    f"VALUES (?, {', '.join('?' * len(TICKET_COLUMNS))})"
)
#: Replaces every column a head sets (not ``id`` and ``sort_key``) of the row ``pk = ?``.
UPDATE_TICKET = (
    f"UPDATE tickets SET {', '.join(f'{c} = ?' for c in TICKET_COLUMNS[2:])} "  # noqa: S608
    "WHERE pk = ?"
)
_INSERT_HEAD = "INSERT INTO ticket_heads (pk, data) VALUES (?, ?)"
UPDATE_HEAD = "UPDATE ticket_heads SET data = ? WHERE pk = ?"
INSERT_EVENT = "INSERT INTO ticket_events (pk, seq, data) VALUES (?, ?, ?)"
INSERT_WORDS = "INSERT INTO ticket_text (rowid, words) VALUES (?, ?)"
INSERT_TERM = "INSERT OR IGNORE INTO search_terms (token) VALUES (?)"


@attrs.frozen
class NewTicket:
    """What :func:`insert_tickets` writes for one ticket: its pk, head and history."""

    pk: int
    head: TicketHead
    events: Sequence[Event]


def insert_tickets(conn: sqlite3.Connection, tickets: Sequence[NewTicket], *,
                   ticket_rows: bool = True) -> None:
    """Insert every row of ``tickets``: the ``tickets`` row (unless ``ticket_rows`` is
    false: the migration updates rows that exist, and keeps the text an earlier release
    let in), head, events, search words and the vocabulary. New tickets holding a lone
    surrogate are :class:`InvalidInput` before anything is written
    (:func:`~supportkit.adapters.reference.refuse_invalid_text`). Driver errors propagate
    (the caller converts them)."""
    heads = [(new.pk, head_json(new.head)) for new in tickets]
    histories = [[event_json(event) for event in new.events] for new in tickets]
    if ticket_rows:
        for new, (_, head), events in zip(tickets, heads, histories, strict=True):
            refuse_invalid_text(new.head.id, head, events)
    terms: set[str] = set()
    texts = []
    for new in tickets:
        tokens = sorted(map(token, message_words(new.events)))
        terms.update(tokens)
        texts.append((new.pk, " ".join(tokens)))
    if ticket_rows:
        conn.executemany(_INSERT_TICKET, [(t.pk, *ticket_row(t.head)) for t in tickets])
    else:
        conn.executemany(UPDATE_TICKET, [(*ticket_row(t.head)[2:], t.pk) for t in tickets])
    conn.executemany(_INSERT_HEAD, heads)
    conn.executemany(INSERT_EVENT, [(new.pk, seq, text) for new, events in zip(
        tickets, histories, strict=True) for seq, text in enumerate(events)])
    conn.executemany(INSERT_WORDS, texts)
    conn.executemany(INSERT_TERM, [(term,) for term in sorted(terms)])
