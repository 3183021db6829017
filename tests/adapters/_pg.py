"""PostgreSQL test support: the server from ``SUPPORTKIT_PG_DSN`` and throw-away schemas.

Tests skip only when no server answers (with the reason printed). One schema with a random
name is created per test run and dropped at the end; :func:`fresh_store` empties it before
each use, which is much cheaper than a schema per test (hypothesis runs many examples).
"""

from __future__ import annotations

import atexit
import functools
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import psycopg_pool
import pytest
from psycopg import sql

from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres.tickets import PostgresTickets

DSN = os.environ.get("SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


@functools.cache
def _unreachable() -> str | None:
    try:
        with psycopg.connect(DSN, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip() or type(exc).__name__
    return None


def require_server() -> None:
    """Skip the calling test when no PostgreSQL server answers at :data:`DSN`."""
    reason = _unreachable()
    if reason is not None:
        pytest.skip(f"PostgreSQL not reachable at {DSN}: {reason}")


def random_schema(prefix: str = "sk_test") -> str:
    return f"{prefix}_{secrets.token_hex(6)}"


def drop_schema(schema: str) -> None:
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def merged_pages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every page of a search that can be merged from the ordered word index
    (``word_tickets``) be merged, and any other page an ``AssertionError``."""
    def unmerged(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a page of a search was not merged from the word index")

    monkeypatch.setattr(PostgresTickets, "_search_page", unmerged)
    monkeypatch.setattr("supportkit.adapters.postgres.tickets._WALKED_ROWS", -1.0)


@contextmanager
def restored(dump: Path, written_as: str, prefix: str) -> Iterator[str]:
    """A new schema (named ``prefix`` and a random suffix) holding a ``pg_dump --inserts``
    fixture written from schema ``written_as`` (``tests/adapters/data/_pg_dump.py``), as an
    older release left it; dropped on exit. Skips the test when no server answers."""
    require_server()
    schema = random_schema(prefix)
    text = dump.read_text("utf-8").replace(written_as, schema)
    try:
        with psycopg.connect(DSN, autocommit=True) as conn:
            conn.execute(text)  # type: ignore[call-overload]
            conn.execute("RESET search_path")
        yield schema
    finally:
        drop_schema(schema)


@functools.cache
def _session() -> tuple[psycopg_pool.ConnectionPool[Any], str]:
    """The run's pool and migrated schema, dropped when the test process exits."""
    schema = random_schema()
    pool: psycopg_pool.ConnectionPool[Any] = psycopg_pool.ConnectionPool(
        DSN, min_size=1, max_size=8, open=True, name="supportkit-tests"
    )
    PostgresStore(pool, schema=schema)  # creates and migrates the schema

    def cleanup() -> None:
        pool.close()
        drop_schema(schema)

    atexit.register(cleanup)
    return pool, schema


def session_schema() -> str:
    """The migrated schema of this test run (for tests that connect on their own)."""
    require_server()
    return _session()[1]


def reset(schema: str) -> None:
    """Empty every table of ``schema`` and restart its sequences."""
    s = sql.Identifier(schema)
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(
            # DELETE, not TRUNCATE: on tables this small it is ten times faster.
            sql.SQL(
                "DELETE FROM {s}.tickets; DELETE FROM {s}.ticket_heads;"
                "DELETE FROM {s}.ticket_events; DELETE FROM {s}.ticket_words;"
                "DELETE FROM {s}.word_tickets;"
                "DELETE FROM {s}.records; DELETE FROM {s}.blobs;"
                "DELETE FROM {s}.blob_chunks; ALTER SEQUENCE {s}.ticket_ids RESTART;"
                "ALTER SEQUENCE {s}.blob_uploads RESTART;"
                "ALTER SEQUENCE {s}.records_seq_seq RESTART"
            ).format(s=s)
        )


def fresh_store() -> PostgresStore:
    """An empty store on the run's schema and pool (skips without a server)."""
    require_server()
    pool, schema = _session()
    reset(schema)
    return PostgresStore(pool, schema=schema)


store_factory: Callable[[], PostgresStore] = fresh_store


_opened: dict[str, str] = {}


def store_at(location: object) -> PostgresStore:
    """A store with its own pool on the run's schema; the first call for a ``location``
    empties the schema, later calls for the same location reopen the same data (what the
    contract suite's ``make_store(tmp_path)`` needs for persistence tests)."""
    require_server()
    _, schema = _session()
    key = str(location)
    if key not in _opened:
        _opened.clear()
        _opened[key] = schema
        reset(schema)
    return PostgresStore(DSN, schema=schema, min_size=1, max_size=4)
