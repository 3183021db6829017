"""The PostgreSQL schema and its versioned migrations.

Migrations are numbered; ``schema_version`` records the ones applied. :func:`migrate` applies
the missing ones in one transaction while holding an advisory lock keyed by the schema name,
so several processes opening the same database at once apply each migration exactly once.
A database migrated by a newer supportkit is refused with :class:`StorageError`.

A migration is a list of SQL statements and, where rows must be rewritten by supportkit's
own code (version 3 computes ticket heads from the old snapshots), Python steps run in the
same transaction.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.postgres._rows import OTHER_IDS, migrate_snapshots
from supportkit.adapters.reference import DEADLINE_COLUMNS
from supportkit.errors import InvalidInput, StorageError

__all__ = ["DEADLINE_COLUMNS", "LATEST_VERSION", "MIGRATIONS", "check_schema_name", "migrate"]

# The columns as the migrations below created them: history, so never edited. A filter or
# deadline added to supportkit.adapters.reference needs a new migration (a test compares).
_FILTERS_V1 = ("status", "requester", "company", "addressed_to", "category", "assignee")
_DEADLINES_V1 = ("first_response_due", "next_update_due", "resolution_due", "eta",
                 "escalation_eligible_at", "retention_due")

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

#: A Python step of a migration: it gets the connection (inside the migration's transaction)
#: and the quoted schema name.
Step = Callable[[psycopg.Connection[Any], sql.Identifier], None]


# Each migration is a list of statements (``{s}`` is the quoted schema name) and steps.
MIGRATIONS: tuple[tuple[int, tuple[str | Step, ...]], ...] = (
    (
        1,
        (
            "CREATE SEQUENCE {s}.ticket_ids",
            # id_num orders canonical numeric ids numerically (NULL for other ids, which sort
            # after them by code point: COLLATE "C"). Deadlines are UTC instants in indexed
            # columns; words are the searchable words (GIN).
            """CREATE TABLE {s}.tickets (
                id text PRIMARY KEY,
                id_num bigint,
                version integer NOT NULL CHECK (version >= 1),
                status text NOT NULL,
                requester text NOT NULL,
                company text,
                addressed_to text,
                category text,
                assignee text,
                first_response_due timestamptz,
                next_update_due timestamptz,
                resolution_due timestamptz,
                eta timestamptz,
                escalation_eligible_at timestamptz,
                retention_due timestamptz,
                words text[] NOT NULL
            )""",
            # Snapshots apart: the rows that index and filter scans walk stay narrow
            # (about a fifth of the size with the snapshot inline).
            """CREATE TABLE {s}.ticket_snapshots (
                id text PRIMARY KEY,
                snapshot jsonb NOT NULL
            )""",
            'CREATE INDEX tickets_order ON {s}.tickets (id_num, id COLLATE "C")',
            "CREATE INDEX tickets_status ON {s}.tickets (status, id_num)",
            "CREATE INDEX tickets_requester ON {s}.tickets (requester, id_num)",
            "CREATE INDEX tickets_company ON {s}.tickets (company, id_num)",
            "CREATE INDEX tickets_addressed_to ON {s}.tickets (addressed_to, id_num)",
            "CREATE INDEX tickets_category ON {s}.tickets (category, id_num)",
            "CREATE INDEX tickets_assignee ON {s}.tickets (assignee, id_num)",
            *(
                f"CREATE INDEX tickets_{col} ON {{s}}.tickets ({col}) WHERE {col} IS NOT NULL"
                for col in _DEADLINES_V1
            ),
            "CREATE INDEX tickets_words ON {s}.tickets USING gin (words)",
            # Records: seq is the listing order, kept when a record is replaced.
            """CREATE TABLE {s}.records (
                kind text NOT NULL,
                id text NOT NULL,
                seq bigserial NOT NULL UNIQUE,
                data jsonb NOT NULL,
                keys jsonb NOT NULL DEFAULT '{{}}'::jsonb,
                PRIMARY KEY (kind, id)
            )""",
            "CREATE INDEX records_kind_seq ON {s}.records (kind, seq)",
            "CREATE INDEX records_keys ON {s}.records USING gin (keys jsonb_path_ops)",
            # Blobs: content-addressed, stored in chunks so reads and writes stream.
            """CREATE TABLE {s}.blobs (
                sha256 text PRIMARY KEY,
                upload bigint NOT NULL UNIQUE,
                size bigint NOT NULL
            )""",
            "CREATE SEQUENCE {s}.blob_uploads",
            """CREATE TABLE {s}.blob_chunks (
                upload bigint NOT NULL,
                n integer NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (upload, n)
            )""",
        ),
    ),
    (
        2,
        # Every filter and deadline index carries the id order and the id itself, so the id
        # page of a query is an index-only scan: "due before T, first page by id" and
        # "addressed to one of these accounts" read the matching entries and sort the top
        # 100 (the planner used to walk every id in order and filter, 8-10 ms on a million
        # tickets), and claim_due's "ORDER BY deadline, id" is read off the index in order.
        tuple(
            statement
            for col, where in (
                *((col, "") for col in _FILTERS_V1),
                *((col, f" WHERE {col} IS NOT NULL") for col in _DEADLINES_V1),
            )
            for statement in (
                f"DROP INDEX {{s}}.tickets_{col}",
                f'CREATE INDEX tickets_{col} ON {{s}}.tickets ({col}, id_num, id COLLATE "C")'
                + where,
            )
        ),
    ),
    (
        3,
        # Issue 15: a ticket is its appended events (one row each, never rewritten) plus a
        # head (replaced on every change); lists read summary columns of ``tickets`` and
        # never decode JSON. Search words (every subject's, every public message's) live in
        # ``ticket_words`` as ``tsvector`` chunks (GIN, prefix search). A change adds its
        # words to the latest chunk until _WORDS_PER_CHUNK went into it (``tickets.
        # words_chunk``/``words_fill`` say which and how full), then starts one, so a reply
        # rewrites a bounded row, never the thread's words; most tickets have one chunk,
        # where every query word is one GIN test (``a & b``); ``words_split`` marks the few
        # with more. ``id_num`` is never NULL any more
        # (OTHER_IDS for ids that are not numbers): every keyset is one row comparison.
        (
            """ALTER TABLE {s}.tickets
                ADD COLUMN subject text,
                ADD COLUMN severity_int bigint,
                ADD COLUMN severity_text text,
                ADD COLUMN support_group text,
                ADD COLUMN awaiting_information boolean,
                ADD COLUMN created_at timestamptz,
                ADD COLUMN updated_at timestamptz,
                ADD COLUMN message_count integer,
                ADD COLUMN public_message_count integer,
                ADD COLUMN event_count integer,
                ADD COLUMN requester_side text,
                ADD COLUMN words_chunk integer,
                ADD COLUMN words_fill integer,
                ADD COLUMN words_split boolean""",
            f"UPDATE {{s}}.tickets SET id_num = {OTHER_IDS} WHERE id_num IS NULL",  # noqa: S608 - a constant
            "ALTER TABLE {s}.tickets ALTER COLUMN id_num SET NOT NULL",
            "CREATE TABLE {s}.ticket_heads (id text PRIMARY KEY, head jsonb NOT NULL)",
            """CREATE TABLE {s}.ticket_events (
                id text NOT NULL,
                seq integer NOT NULL,
                event jsonb NOT NULL,
                PRIMARY KEY (id, seq)
            )""",
            """CREATE TABLE {s}.ticket_words (
                id text NOT NULL,
                chunk integer NOT NULL,
                words tsvector NOT NULL,
                PRIMARY KEY (id, chunk)
            )""",
            # The events of each snapshot, in order. A snapshot stored escaped (it held a
            # NUL) has every string escaped, so each of its events is stored wrapped too.
            """INSERT INTO {s}.ticket_events (id, seq, event)
                SELECT s.id, e.n,
                       CASE WHEN s.snapshot ? '$escaped'
                            THEN jsonb_build_object('$escaped', e.event) ELSE e.event END
                FROM {s}.ticket_snapshots AS s,
                     jsonb_array_elements(CASE WHEN s.snapshot ? '$escaped'
                                               THEN s.snapshot -> '$escaped' -> 'events'
                                               ELSE s.snapshot -> 'events' END)
                         WITH ORDINALITY AS e(event, n)""",
            migrate_snapshots,
            "DROP TABLE {s}.ticket_snapshots",
            "DROP INDEX {s}.tickets_words",
            "ALTER TABLE {s}.tickets DROP COLUMN words",
            """ALTER TABLE {s}.tickets
                ALTER COLUMN subject SET NOT NULL,
                ALTER COLUMN awaiting_information SET NOT NULL,
                ALTER COLUMN created_at SET NOT NULL,
                ALTER COLUMN updated_at SET NOT NULL,
                ALTER COLUMN message_count SET NOT NULL,
                ALTER COLUMN public_message_count SET NOT NULL,
                ALTER COLUMN event_count SET NOT NULL,
                ALTER COLUMN requester_side SET NOT NULL,
                ALTER COLUMN words_chunk SET NOT NULL,
                ALTER COLUMN words_fill SET NOT NULL,
                ALTER COLUMN words_split SET NOT NULL""",
            "CREATE INDEX tickets_words_split ON {s}.tickets (id) WHERE words_split",
            "CREATE INDEX ticket_words_words ON {s}.ticket_words USING gin (words)",
            # Finer statistics of the words: rare and common words get estimates good
            # enough for the planner to pick the word index or the id order.
            "ALTER TABLE {s}.ticket_words ALTER COLUMN words SET STATISTICS 1000",
            "ANALYZE {s}.tickets",
            "ANALYZE {s}.ticket_words",
        ),
    ),
    (
        4,
        # Issue 15: the words in the tickets' order (id_num, id), computed from the id as
        # _search.order_key does (a test holds the two equal), so a page of a search walks
        # ticket_words alone (narrow rows, stored in about that order) and stops at the
        # page's end, or sorts the words index's matches there: a two-word search whose
        # words are in 7% of the tickets each read 4,300 ticket rows by primary key to
        # keep 100 (55 ms at 1M).
        (
            "CREATE INDEX ticket_words_order ON {s}.ticket_words ((CASE WHEN id ~ "
            "'^(0|[1-9][0-9]{{0,17}})$' THEN id::bigint ELSE 1000000000000000000 END), "
            'id COLLATE "C")',
        ),
    ),
    (
        5,
        # Issue 15: every word of every ticket, in the tickets' order (``id_num``, ``id``):
        # one row per ticket and word (all its chunks together), a btree on (word, order
        # key). A page of a search reads each query word's tickets in order and merges
        # them (intersected for several words, keyset for page N), so it costs about its
        # own rows whatever the words' frequencies: two words in 7% of the tickets each read
        # 22,000 words rows along the order to keep 100 (3-8 ms at 1M). Filled from the
        # words chunks, sorted, before the key is built (faster than keeping it while
        # inserting); ``id_num`` is the ticket row's own. The columns sort by code point
        # ("C"): a prefix is one range of the index, and ids order as ``tickets``' key.
        (
            """CREATE TABLE {s}.word_tickets (
                word text COLLATE "C" NOT NULL,
                id_num bigint NOT NULL,
                id text COLLATE "C" NOT NULL
            )""",
            "INSERT INTO {s}.word_tickets (word, id_num, id) "
            "SELECT DISTINCT x.lexeme, t.id_num, t.id FROM {s}.ticket_words AS w "
            "JOIN {s}.tickets AS t ON t.id = w.id, unnest(w.words) AS x "
            "ORDER BY 1, 2, 3",
            "ALTER TABLE {s}.word_tickets ADD CONSTRAINT word_tickets_pkey "
            "PRIMARY KEY (word, id_num, id)",
            "ANALYZE {s}.word_tickets",
        ),
    ),
    (
        6,
        # Issue 15: a blob_ref record's id is "<ticket>:<digest>" (it was
        # "<digest>:<ticket>"), so the references one retention batch drops are adjacent in
        # the (kind, id) key (see supportkit.app.blobs.blob_ref_id). Only ids of the old
        # form are renamed (data stored wrapped, or of another shape, is left as it is);
        # data, keys and seq are unchanged.
        (
            """UPDATE {s}.records
                SET id = (data ->> 'ticket') || ':' || (data ->> 'sha256')
                WHERE kind = 'blob_ref'
                  AND jsonb_typeof(data -> 'ticket') = 'string'
                  AND jsonb_typeof(data -> 'sha256') = 'string'
                  AND id = (data ->> 'sha256') || ':' || (data ->> 'ticket')""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1][0]


def check_schema_name(schema: str) -> str:
    """``schema`` if it is a plain lower-case SQL identifier, else :class:`InvalidInput`."""
    if not isinstance(schema, str) or not _SCHEMA_NAME.fullmatch(schema):
        raise InvalidInput(
            f"schema name {schema!r} refused: use 1-63 lower-case letters, digits and "
            "underscores, starting with a letter or underscore"
        )
    return schema


def _lock_key(schema: str) -> int:
    """A stable advisory-lock key for migrating ``schema`` (signed 64-bit)."""
    return (0x5350_4B00 << 32 | zlib.crc32(schema.encode())) - (1 << 63)


def migrate(conn: psycopg.Connection[Any], schema: str) -> int:
    """Bring ``schema`` up to :data:`LATEST_VERSION`; return the number of migrations applied.

    Runs in one transaction on ``conn`` (which must not be inside another one) under
    ``pg_advisory_xact_lock``, so concurrent callers wait and then find nothing left to do.
    """
    schema = check_schema_name(schema)
    s = sql.Identifier(schema)
    with translated(f"migrating schema {schema!r}"), conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(schema),))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {s}").format(s=s))
        conn.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {s}.schema_version ("
                " version integer PRIMARY KEY,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            ).format(s=s)
        )
        row = conn.execute(
            sql.SQL("SELECT coalesce(max(version), 0) FROM {s}.schema_version").format(s=s)
        ).fetchone()
        current = int(row[0]) if row else 0
        if current > LATEST_VERSION:
            raise StorageError(
                f"schema {schema!r} is at version {current}, newer than this supportkit "
                f"understands ({LATEST_VERSION}); upgrade supportkit before opening it"
            )
        applied = 0
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements:
                if isinstance(statement, str):
                    conn.execute(sql.SQL(statement).format(s=s))
                else:
                    statement(conn, s)
            conn.execute(
                sql.SQL("INSERT INTO {s}.schema_version (version) VALUES (%s)").format(s=s),
                (version,),
            )
            applied += 1
    return applied


def current_version(conn: psycopg.Connection[Any], schema: str) -> int:
    """The schema's applied version (0 when it was never migrated)."""
    with translated(f"reading the version of schema {schema!r}"):
        row = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.schema_version",)
        ).fetchone()
        if not row or not row[0]:
            return 0
        row = conn.execute(
            sql.SQL("SELECT coalesce(max(version), 0) FROM {s}.schema_version").format(
                s=sql.Identifier(schema)
            )
        ).fetchone()
        return int(row[0]) if row else 0
