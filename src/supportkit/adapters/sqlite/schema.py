"""The SQLite schema of supportkit and its forward migrations.

The schema version is the database's ``PRAGMA user_version``; ``PRAGMA application_id`` holds
:data:`APPLICATION_ID` so a file written by something else is recognised and refused, never
changed. :data:`MIGRATIONS` is the ordered list of steps: a file at version *n* gets steps
``n+1 … len(MIGRATIONS)`` applied in order, in one transaction, and ends at
:data:`SCHEMA_VERSION`. Add a step to change the schema; never edit a released one.

Column conventions:

- Instants (the deadline columns ``first_response_due``, ``next_update_due``,
  ``resolution_due``, ``eta``, ``escalation_eligible_at``, ``retention_due``) are INTEGER
  microseconds since 1970-01-01 UTC: exact, compact, and they sort in time order, so "due
  before T" is a range scan of the column's index.
- ``tickets.sort_key`` is the order queries return tickets in: an INTEGER for canonical
  numeric ids (``"1"``, ``"2"`` …) and TEXT otherwise; SQLite sorts integers before text, so
  numeric ids come first in numeric order, then other ids alphabetically.
- ``tickets.pk`` of a ticket with a numeric id is that number (rowid order = id order, which
  lets FTS5 return search hits in id order); other ids get rowids from ``2**60`` up.
- ``ticket_snapshots.data`` is the ticket snapshot (with its messages and events) as the
  JSON of :mod:`supportkit.serialization`; the columns of ``tickets`` are indexed copies of
  its fields, kept in a narrow table so index scans and sorts stay cheap.
- ``ticket_text`` (FTS5) holds the search words of each ticket (subject and non-internal
  message bodies), each word case-folded and hex-encoded, so full-text search matches exactly
  the words the in-memory store sees (see :mod:`supportkit.adapters.reference`).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION"]

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

#: Every migration step, in order: step ``i`` takes the schema from version ``i`` to ``i+1``.
MIGRATIONS: Sequence[Sequence[str]] = (_V1,)

#: The schema version this code writes and reads.
SCHEMA_VERSION = len(MIGRATIONS)
