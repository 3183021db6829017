"""What a ticket is stored as in PostgreSQL: a ``tickets`` row of summary and filter
columns, a head (``ticket_heads``), one ``ticket_events`` row per event and the search words
(``ticket_words``); and back. Shared by the repository, the bulk import and migration 3."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from supportkit.adapters.postgres._json import (
    decode,
    encode,
    escape_str,
    needs_escape,
    stored,
    unescape_str,
)
from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    FILTER_COLUMNS,
    filter_values,
    is_numeric_id,
    message_words,
    refuse_invalid_text,
    words,
)
from supportkit.errors import InvalidInput, StorageError
from supportkit.serialization import converter, stored_json_bytes, structure_stored
from supportkit.tickets.actors import Side
from supportkit.tickets.head import (
    TicketHead,
    TicketSummary,
    head_of,
)
from supportkit.tickets.model import Event, Ticket
from supportkit.tickets.status import TicketStatus

__all__ = [
    "OTHER_IDS",
    "SUMMARY_COLUMNS",
    "TICKET_COLUMNS",
    "WORDS_PER_CHUNK",
    "WORD_COLUMNS",
    "event_value",
    "head_value",
    "id_number",
    "load_events",
    "load_head",
    "message_words",
    "migrate_snapshots",
    "pieces",
    "query_terms",
    "search_keys",
    "summary",
    "ticket_row",
    "ticket_rows",
    "tsvector_literal",
    "word_rows",
]

#: The id order key of every id that is not a canonical decimal number (those are all
#: below it): such ids sort after the numeric ones, among themselves by code point.
OTHER_IDS = 10**18

#: A word longer than this in UTF-8 (``tsvector`` holds lexemes up to 2,047 bytes) is
#: stored as its longest prefix that fits (what any query word of at most this size that
#: begins the word also begins) and its digest (what a longer query word finds: only the
#: same word exactly).
_MAX_BYTES = 1000

#: A reply's words go to the ticket's latest words chunk while it holds fewer lexemes than
#: this, else to a new chunk: the row a reply rewrites (and re-indexes) stays this small
#: however long the thread.
WORDS_PER_CHUNK = 256

#: The ``tickets`` columns, in the order of :func:`ticket_row`.
TICKET_COLUMNS: tuple[str, ...] = (
    "id", "id_num", "version", *(c.name for c in FILTER_COLUMNS), *DEADLINE_COLUMNS,
    "subject", "severity_int", "severity_text", "support_group", "awaiting_information",
    "created_at", "updated_at", "message_count", "public_message_count", "event_count",
    "requester_side",
)

#: The ``tickets`` columns a :class:`TicketSummary` is built of, in :func:`summary`'s order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "subject", "status", "severity_int", "severity_text", "requester",
    "requester_side", "company", "category", "assignee", "addressed_to", "support_group",
    "awaiting_information", "created_at", "updated_at", "first_response_due",
    "next_update_due", "resolution_due", "eta", "escalation_eligible_at", "retention_due",
    "message_count", "public_message_count", "version",
)

_STATUSES = {status.value: status for status in TicketStatus}
_SIDES = {side.value: side for side in Side}


def id_number(ticket_id: str) -> int:
    """The numeric order key of ``ticket_id``: its value for a canonical decimal id
    (``reference.is_numeric_id``), :data:`OTHER_IDS` for any other."""
    return int(ticket_id) if is_numeric_id(ticket_id) else OTHER_IDS


def _severity(value: object) -> tuple[int | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(f"a severity is a number or a name, got {value!r:.100}")
    return (value, None) if isinstance(value, int) else (None, value)


def ticket_row(head: TicketHead) -> tuple[Any, ...]:
    """The ``tickets`` row of ``head`` (see :data:`TICKET_COLUMNS`)."""
    return (
        head.id,
        id_number(head.id),
        head.version,
        *filter_values(head),
        *(getattr(head, column) for column in DEADLINE_COLUMNS),
        escape_str(head.subject),  # text columns cannot hold NUL; jsonb's escape
        *_severity(head.severity),
        None if head.support_group is None else escape_str(head.support_group),
        head.awaiting_information,
        head.created_at,
        head.updated_at,
        head.message_count,
        head.public_message_count,
        head.event_count,
        head.requester.side.value,
    )


def head_value(head: TicketHead) -> Jsonb:
    """The ``jsonb`` parameter of ``head``."""
    return _document(head)


def event_value(event: Event) -> Jsonb:
    """The ``jsonb`` parameter of one event (a message body is stored here, once)."""
    return _document(event)


def _document(obj: TicketHead | Event) -> Jsonb:
    text = stored_json_bytes(obj)
    return encode(converter.unstructure(obj)) if needs_escape(text) else stored(text)


def load_head(document: Any) -> TicketHead:
    try:
        return structure_stored(decode(document), TicketHead)
    except InvalidInput as exc:
        raise StorageError(f"a stored ticket head cannot be read: {exc}") from exc


def load_events(documents: Iterable[Any]) -> list[Event]:
    try:
        return [structure_stored(decode(document), Event) for document in documents]
    except InvalidInput as exc:
        raise StorageError(f"a stored ticket event cannot be read: {exc}") from exc


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _utc_or_none(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo is UTC else value.astimezone(UTC)


def summary(row: Sequence[Any]) -> TicketSummary:
    """The :class:`TicketSummary` of a row of :data:`SUMMARY_COLUMNS` (no JSON, no cattrs)."""
    (ticket_id, subject, status, severity_int, severity_text, requester, requester_side,
     company, category, assignee, addressed_to, support_group, awaiting, created_at,
     updated_at, first_response_due, next_update_due, resolution_due, eta,
     escalation_eligible_at, retention_due, message_count, public_message_count,
     version) = row
    return TicketSummary(
        id=ticket_id,
        subject=unescape_str(subject),
        status=_STATUSES[status],
        severity=severity_int if severity_int is not None else severity_text,
        requester=requester,
        requester_side=_SIDES[requester_side],
        company=company,
        category=category,
        assignee=assignee,
        addressed_to=addressed_to,
        support_group=None if support_group is None else unescape_str(support_group),
        awaiting_information=awaiting,
        created_at=_utc(created_at),
        updated_at=_utc(updated_at),
        first_response_due=_utc_or_none(first_response_due),
        next_update_due=_utc_or_none(next_update_due),
        resolution_due=_utc_or_none(resolution_due),
        eta=_utc_or_none(eta),
        escalation_eligible_at=_utc_or_none(escalation_eligible_at),
        retention_due=_utc_or_none(retention_due),
        message_count=message_count,
        public_message_count=public_message_count,
        version=version,
    )


# -- search words ---------------------------------------------------------------------------


def _digest(word: str) -> str:
    return "#" + hashlib.sha256(word.encode()).hexdigest()  # '#' is never part of a word


def _fits(word: str) -> bool:
    return len(word) <= _MAX_BYTES // 4 or len(word.encode()) <= _MAX_BYTES


def search_keys(found: AbstractSet[str]) -> list[str]:
    """The lexemes stored for the words ``found`` (a set: each once), sorted: a word, or
    for a word longer than _MAX_BYTES its longest prefix within _MAX_BYTES and its digest."""
    if max(map(len, found), default=0) <= _MAX_BYTES // 4:  # every word fits (almost all)
        return sorted(found)
    keys: set[str] = set()
    for word in found:
        if _fits(word):
            keys.add(word)
        else:
            keys.add(word.encode()[:_MAX_BYTES].decode("utf-8", "ignore"))
            keys.add(_digest(word))
    return sorted(keys)


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def query_terms(text: str) -> list[tuple[str, str, bool]]:
    """One ``(tsquery, lexeme, prefix)`` per word of ``text``: the word as a prefix
    (``'webm':*``), or, for a word longer than _MAX_BYTES in UTF-8, its digest (such a word
    finds only itself, not longer words it begins). Empty when ``text`` has no words (it
    then matches nothing)."""
    terms = []
    for word in sorted(words(text)):
        if _fits(word):
            terms.append((_quoted(word) + ":*", word, True))
        else:
            digest = _digest(word)
            terms.append((_quoted(digest), digest, False))
    return terms


def tsvector_literal(keys: Sequence[str]) -> str:
    """The ``tsvector`` text of ``keys`` (for ``COPY``). Lexemes are words (``\\w``
    characters), their prefixes or ``#`` and hex digits: never a quote or a backslash, so
    they are quoted without escaping (checked once per call)."""
    text = "' '".join(keys)
    if "'" in text.replace("' '", "") or "\\" in text:  # pragma: no cover - never a word
        return " ".join(_quoted(key) for key in keys)
    return f"'{text}'" if keys else ""


def pieces(keys: list[str]) -> list[list[str]]:
    """``keys`` in pieces of at most :data:`WORDS_PER_CHUNK`."""
    return [keys[start : start + WORDS_PER_CHUNK]
            for start in range(0, len(keys), WORDS_PER_CHUNK)]


#: A words chunk row: its number and lexemes.
WordRow = tuple[int, list[str]]
#: The ``tickets`` columns that track the words chunks: the latest chunk, how many
#: lexemes were added to it, whether the ticket has more than one.
WORD_COLUMNS = ("words_chunk", "words_fill", "words_split")


def word_rows(ticket: Ticket) -> tuple[list[WordRow], tuple[int, int, bool]]:
    """The ``ticket_words`` rows of a whole ticket (the words of every subject it had and
    every public message: ``reference.message_words``), numbered -1, -2 … (appends number
    theirs after the events: see ``PostgresTickets.append``), at most
    :data:`WORDS_PER_CHUNK` lexemes each; and the values of :data:`WORD_COLUMNS`. A
    ticket without words still has its row."""
    parts = pieces(search_keys(message_words(ticket.events))) or [[]]
    rows = [(-n, part) for n, part in enumerate(parts, 1)]
    return rows, (-len(parts), len(parts[-1]), len(parts) > 1)




def ticket_rows(
    ticket: Ticket,
) -> tuple[tuple[Any, ...], Jsonb, list[Jsonb], list[WordRow]]:
    """Everything stored for a new ``ticket``: its ``tickets`` row (:data:`TICKET_COLUMNS`
    then :data:`WORD_COLUMNS`), head, events and words rows; :class:`InvalidInput` if it
    holds a lone surrogate (:func:`~supportkit.adapters.reference.refuse_invalid_text`)."""
    head = head_of(ticket)
    head_doc = head_value(head)
    events = [event_value(event) for event in ticket.events]
    refuse_invalid_text(ticket.id, head_doc.obj, [event.obj for event in events], _load)
    rows, state = word_rows(ticket)
    return (*ticket_row(head), *state), head_doc, events, rows


def _load(text: str | bytes) -> Any:
    return decode(json.loads(text))


# -- migration 3 ---------------------------------------------------------------------------

_V3_COLUMNS = ("id", "subject", "severity_int", "severity_text", "support_group",
               "awaiting_information", "created_at", "updated_at", "message_count",
               "public_message_count", "event_count", "requester_side", *WORD_COLUMNS)
_V3_BATCH = 2000


def migrate_snapshots(conn: psycopg.Connection[Any], s: sql.Identifier) -> None:
    """Migration 3, the rows only Python can compute: the head, the new summary columns and
    the search words of every ticket, from its version-2 snapshot (same transaction)."""
    conn.execute(sql.SQL(
        "CREATE TEMPORARY TABLE supportkit_v3 (id text PRIMARY KEY, subject text, "
        "severity_int bigint, severity_text text, support_group text, "
        "awaiting_information boolean, created_at timestamptz, updated_at timestamptz, "
        "message_count integer, public_message_count integer, event_count integer, "
        "requester_side text, words_chunk integer, words_fill integer, "
        "words_split boolean) "
        "ON COMMIT DROP"))
    copy_v3 = sql.SQL("COPY supportkit_v3 ({}) FROM STDIN").format(
        sql.SQL(", ").join(map(sql.Identifier, _V3_COLUMNS)))
    copy_heads = sql.SQL("COPY {s}.ticket_heads (id, head) FROM STDIN").format(s=s)
    copy_words = sql.SQL("COPY {s}.ticket_words (id, chunk, words) FROM STDIN").format(s=s)
    with conn.cursor(name="supportkit_v3_snapshots") as snapshots:
        snapshots.itersize = _V3_BATCH
        snapshots.execute(sql.SQL("SELECT id, snapshot FROM {s}.ticket_snapshots").format(s=s))
        while batch := snapshots.fetchmany(_V3_BATCH):
            tickets = []
            for ticket_id, document in batch:
                try:
                    tickets.append(structure_stored(decode(document), Ticket))
                except InvalidInput as exc:
                    raise StorageError(
                        f"migration 3: the snapshot of ticket {ticket_id} cannot be read: {exc}"
                    ) from exc
            heads = [head_of(ticket) for ticket in tickets]
            chunks = [word_rows(ticket) for ticket in tickets]
            with conn.cursor().copy(copy_v3) as copy:
                for head, (_, state) in zip(heads, chunks, strict=True):
                    row = dict(zip(TICKET_COLUMNS, ticket_row(head), strict=True))
                    copy.write_row((*(row[c] for c in _V3_COLUMNS[:-3]), *state))
            with conn.cursor().copy(copy_heads) as copy:
                for head in heads:
                    copy.write_row((head.id, head_value(head)))
            with conn.cursor().copy(copy_words) as copy:
                for ticket, (rows, _) in zip(tickets, chunks, strict=True):
                    for chunk, keys in rows:
                        copy.write_row((ticket.id, chunk, tsvector_literal(keys)))
    conn.execute(sql.SQL(
        "UPDATE {s}.tickets AS t SET {columns} FROM supportkit_v3 AS v WHERE t.id = v.id"
    ).format(s=s, columns=sql.SQL(", ").join(
        sql.SQL("{c} = v.{c}").format(c=sql.Identifier(c)) for c in _V3_COLUMNS[1:])))
