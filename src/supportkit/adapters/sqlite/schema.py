"""The SQLite schema of supportkit and its forward migrations.

The schema version is the database's ``PRAGMA user_version``; ``PRAGMA application_id`` holds
:data:`APPLICATION_ID` so a file written by something else is recognised and refused, never
changed. :data:`MIGRATIONS` is the ordered list of steps: a file at version *n* gets steps
``n+1 … len(MIGRATIONS)`` applied in order, in one transaction, and ends at
:data:`SCHEMA_VERSION`. Add a step to change the schema; never edit a released one.

A step is a sequence of statements: SQL text, or a Python callable that gets the connection
(for data that SQL alone cannot convert, such as version 2's move from JSON snapshots to
heads and events).

Column conventions (version 2):

- Instants (the deadline columns ``first_response_due``, ``next_update_due``,
  ``resolution_due``, ``eta``, ``escalation_eligible_at``, ``retention_due``, and
  ``created_at``, ``updated_at``) are INTEGER microseconds since 1970-01-01 UTC: exact,
  compact, and they sort in time order, so "due before T" is a range scan of the column's
  index.
- ``tickets.sort_key`` is the order queries return tickets in: an INTEGER for canonical
  numeric ids (``"1"``, ``"2"`` …) and TEXT otherwise; SQLite sorts integers before text, so
  numeric ids come first in numeric order, then other ids alphabetically.
- ``tickets.pk`` of a ticket with a numeric id is that number (rowid order = id order, which
  lets FTS5 return search hits in id order); other ids get rowids from ``2**60`` up.
- ``tickets`` holds the columns of a list row (:class:`~supportkit.tickets.head.TicketSummary`)
  and the filters, so a list never decodes JSON; ``ticket_heads.data`` is the
  :class:`~supportkit.tickets.head.TicketHead` as the JSON of :mod:`supportkit.serialization`,
  replaced on every change; ``ticket_events`` holds one row per event (its JSON, a message
  body included), only ever appended, ``seq`` counting from 0.
- ``ticket_text`` (FTS5, contentless, rowid = ``tickets.pk``) holds the search words of each
  ticket (every subject it had and its public message bodies), each word case-folded and
  hex-encoded, so full-text search matches exactly the words the in-memory store sees (see
  :mod:`supportkit.adapters.reference`). A ticket's words are indexed as its events are
  appended: each append inserts one more row *with the same rowid* holding the new words
  only. FTS5 keeps, per token, one doclist entry per rowid (a newer one supersedes an older
  one), so a token matches the ticket when any of its inserts held it: the index of a ticket
  is the union of its inserts, written without reading what was indexed before
  (``tests/adapters/test_sqlite_v2.py`` pins this behaviour of FTS5).
- ``search_terms`` is the vocabulary of ``ticket_text`` (every token ever indexed), so a
  query word is expanded to the indexed words it begins (see
  :func:`supportkit.adapters.sqlite.queries.match_expression`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from supportkit.adapters.sqlite.queries import NewTicket, insert_tickets, ticket_pk
from supportkit.errors import InvalidInput, StorageError
from supportkit.serialization import structure_stored
from supportkit.tickets.head import head_of
from supportkit.tickets.model import Ticket

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Statement"]

#: One statement of a migration step: SQL text or a function of the connection.
Statement = str | Callable[[sqlite3.Connection], None]

#: ``PRAGMA application_id`` of a supportkit database ("SuKi" in ASCII).
APPLICATION_ID = 0x53754B69

_V1: Sequence[str] = (
    """
    CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) STRICT
    """,
    "INSERT INTO counters (name, value) VALUES ('ticket_id', 0)",
    """
    CREATE TABLE tickets (
        pk                     INTEGER PRIMARY KEY,
        id                     TEXT NOT NULL UNIQUE,
        sort_key               ANY NOT NULL UNIQUE,
        version                INTEGER NOT NULL,
        status                 TEXT NOT NULL,
        requester              TEXT NOT NULL,
        company                TEXT,
        addressed_to           TEXT,
        category               TEXT,
        assignee               TEXT,
        first_response_due     INTEGER,
        next_update_due        INTEGER,
        resolution_due         INTEGER,
        eta                    INTEGER,
        escalation_eligible_at INTEGER,
        retention_due          INTEGER
    ) STRICT
    """,
    # Kept apart so the indexed rows stay small: scans and sorts never drag the JSON along.
    """
    CREATE TABLE ticket_snapshots (
        pk   INTEGER PRIMARY KEY REFERENCES tickets (pk) ON DELETE CASCADE,
        data TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX tickets_status ON tickets (status, sort_key)",
    "CREATE INDEX tickets_requester ON tickets (requester, sort_key)",
    "CREATE INDEX tickets_company ON tickets (company, status, sort_key)",
    "CREATE INDEX tickets_addressed_to ON tickets (addressed_to, sort_key)",
    "CREATE INDEX tickets_category ON tickets (category, sort_key)",
    "CREATE INDEX tickets_assignee ON tickets (assignee, sort_key)",
    "CREATE INDEX tickets_first_response_due ON tickets (first_response_due, sort_key)",
    "CREATE INDEX tickets_next_update_due ON tickets (next_update_due, sort_key)",
    "CREATE INDEX tickets_resolution_due ON tickets (resolution_due, sort_key)",
    "CREATE INDEX tickets_eta ON tickets (eta, sort_key)",
    "CREATE INDEX tickets_escalation_eligible_at ON tickets (escalation_eligible_at, sort_key)",
    "CREATE INDEX tickets_retention_due ON tickets (retention_due, sort_key)",
    # rowid = tickets.pk; words are hex tokens, so the plain ascii tokenizer is enough.
    "CREATE VIRTUAL TABLE ticket_text USING fts5 (words, tokenize = 'ascii', detail = none)",
    """
    CREATE TABLE records (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        id   TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (kind, id)
    ) STRICT
    """,
    """
    CREATE TABLE record_keys (
        seq   INTEGER NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
        kind  TEXT NOT NULL,
        key   TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, key, value, seq)
    ) STRICT, WITHOUT ROWID
    """,
    "CREATE INDEX record_keys_seq ON record_keys (seq)",
)


def _snapshots_to_heads_and_events(conn: sqlite3.Connection, batch: int = 500) -> None:
    """Version 2's data move: each stored snapshot becomes its ``tickets`` summary columns,
    head, event rows and search words (read in pk order, ``batch`` at a time)."""
    after = -(1 << 63)
    while True:
        rows = conn.execute(
            "SELECT pk, data FROM ticket_snapshots WHERE pk > ? ORDER BY pk LIMIT ?",
            (after, batch),
        ).fetchall()
        if not rows:
            return
        moved = []
        for pk, data in rows:
            try:
                ticket = structure_stored(json.loads(data), Ticket)
                head = head_of(ticket)
            except (ValueError, InvalidInput) as exc:
                raise StorageError(
                    f"the stored snapshot of ticket pk {pk} cannot be read ({exc}); the file "
                    "was left at schema version 1 — restore a backup or repair that row"
                ) from exc
            if ticket_pk(ticket.id) not in (None, pk):
                raise StorageError(f"ticket {ticket.id} is stored under pk {pk}")
            moved.append(NewTicket(pk, head, ticket.events))
        insert_tickets(conn, moved, ticket_rows=False)
        after = rows[-1][0]


_V2: Sequence[Statement] = (
    *(f"ALTER TABLE tickets ADD COLUMN {column}" for column in (
        "subject TEXT NOT NULL DEFAULT ''",
        "severity ANY",
        "requester_side TEXT NOT NULL DEFAULT 'customer'",
        "support_group TEXT",
        "awaiting_information INTEGER NOT NULL DEFAULT 0",
        "created_at INTEGER NOT NULL DEFAULT 0",
        "updated_at INTEGER NOT NULL DEFAULT 0",
        "message_count INTEGER NOT NULL DEFAULT 0",
        "public_message_count INTEGER NOT NULL DEFAULT 0",
        "event_count INTEGER NOT NULL DEFAULT 0",
    )),
    # Apart from ``tickets`` so its rows (scanned and sorted by lists) stay narrow.
    "CREATE TABLE ticket_heads (pk INTEGER PRIMARY KEY, data TEXT NOT NULL) STRICT",
    """
    CREATE TABLE ticket_events (
        pk   INTEGER NOT NULL,
        seq  INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (pk, seq)
    ) STRICT
    """,
    "DROP TABLE ticket_text",
    # Contentless (words are only ever added, see above); prefix indexes for one- and
    # two-letter query words, which begin too many words to expand.
    "CREATE VIRTUAL TABLE ticket_text USING fts5 "
    "(words, content = '', tokenize = 'ascii', detail = none, prefix = '2 4')",
    "CREATE TABLE search_terms (token TEXT PRIMARY KEY) STRICT, WITHOUT ROWID",
    _snapshots_to_heads_and_events,
    "DROP TABLE ticket_snapshots",
)

def _json_text(field: str) -> str:
    """SQL for the text at ``$.field`` of ``records.data`` (NULL unless it is valid JSON
    holding text there, so a record of another shape is never touched)."""
    return (f"CASE WHEN json_valid(data) AND json_type(data, '$.{field}') = 'text' "
            f"THEN json_extract(data, '$.{field}') END")


# Issue 15: a ``blob_ref`` record's id is ``<ticket>:<digest>`` (it was ``<digest>:<ticket>``),
# so the references one retention batch drops sit side by side in ``records``' (kind, id)
# index (see :func:`supportkit.app.blobs.blob_ref_id`). Only ids of that old form are
# renamed; data, keys and seq are unchanged.
_V3: Sequence[Statement] = (
    f"""
    UPDATE records SET id = {_json_text("ticket")} || ':' || {_json_text("sha256")}
    WHERE kind = 'blob_ref'
      AND id = {_json_text("sha256")} || ':' || {_json_text("ticket")}
    """,  # noqa: S608 - constant text, no input
)

#: Every migration step, in order: step ``i`` takes the schema from version ``i`` to ``i+1``.
MIGRATIONS: Sequence[Sequence[Statement]] = (_V1, _V2, _V3)

#: The schema version this code writes and reads.
SCHEMA_VERSION = len(MIGRATIONS)
