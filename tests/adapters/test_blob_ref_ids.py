"""``blob_ref`` ids are ticket-first (issue 15): ``<ticket>:<digest>``, so the references a
retention batch drops are adjacent in the record index. Stores written by the release
before (``<digest>:<ticket>``: ``data/v2.sqlite``, SQLite schema 2, and
``data/pg_v4_blob_refs.sql``, PostgreSQL schema 4, both written by that release with
``data/make_blob_ref_fixtures.py``) are migrated: each reference of the old form renamed,
everything else (data, keys, seq, a record of another shape) kept, and a purge after the
migration drops the migrated references as it drops new ones."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from supportkit import Actor, FixedClock, Helpdesk, Policy
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres.schema import LATEST_VERSION, current_version
from supportkit.adapters.sqlite import SCHEMA_VERSION, SqliteStore
from supportkit.app.blobs import BLOB_REF, blob_holders, blob_ref_id
from supportkit.ports import Store
from supportkit.privacy.retention import RetentionPolicy
from supportkit.testing.store_factory import T0

try:
    from . import _pg
except ImportError:  # run as a plain module
    import _pg  # type: ignore[no-redef]

DATA = Path(__file__).parent / "data"
Row = tuple[int, str, str, dict[str, Any]]


def _renamed(rows: list[Row]) -> list[Row]:
    """``rows`` as the migration leaves them: every ``blob_ref`` of the old form renamed."""
    out = []
    for seq, kind, rid, data in rows:
        if kind == BLOB_REF and set(data) == {"sha256", "ticket"}:
            assert rid == f"{data['sha256']}:{data['ticket']}"  # the fixture's old form
            rid = blob_ref_id(data["ticket"], data["sha256"])
        out.append((seq, kind, rid, data))
    return out


def _purge_after_migration(store: Store) -> None:
    """Close ticket 1 (the logo and its own log) and purge it: both its references, stored
    before the migration, are dropped; the logo's other holders stay indexed."""
    clock = FixedClock(T0 + timedelta(days=30))
    desk = Helpdesk(store, Policy(retention=RetentionPolicy(keep=timedelta(days=1))), clock)
    desk.close("1", Actor.support("agent-7"))
    logo = desk.get("1").messages[0].attachments[0].sha256
    clock.advance(timedelta(days=3))
    assert desk.run_retention().purged == ("1",)
    with store.unit_of_work(readonly=True) as uow:
        refs = [data for _, _, data in uow.records.list(BLOB_REF)]
        assert [r for r in refs if r.get("ticket") == "1"] == []
        assert blob_holders(uow, logo) == ("2", "5")


def _sqlite_rows(path: Path) -> tuple[int, list[Row], list[tuple[Any, ...]]]:
    raw = sqlite3.connect(path)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        rows = [(seq, kind, rid, json.loads(data)) for seq, kind, rid, data in raw.execute(
            "SELECT seq, kind, id, data FROM records ORDER BY seq")]
        keys = raw.execute("SELECT * FROM record_keys ORDER BY seq, key").fetchall()
    finally:
        raw.close()
    return version, rows, keys


def test_a_sqlite_file_of_the_release_before_gets_ticket_first_ids(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    shutil.copy(DATA / "v2.sqlite", path)
    version, rows, keys = _sqlite_rows(path)
    assert version == 2
    assert sum(kind == BLOB_REF for _, kind, _, _ in rows) == 5  # four of the old form, one odd
    SqliteStore(path).close()
    version, migrated, migrated_keys = _sqlite_rows(path)
    assert version == SCHEMA_VERSION == 3
    assert migrated == _renamed(rows) != rows
    assert (BLOB_REF, "odd") in {(kind, rid) for _, kind, rid, _ in migrated}
    assert migrated_keys == keys
    store = SqliteStore(path)
    try:
        _purge_after_migration(store)
    finally:
        store.close()


def _pg_rows(schema: str) -> tuple[int, list[Row], list[Any]]:
    """What ``schema`` holds: its version, and its records without and with their keys."""
    with psycopg.connect(_pg.DSN) as conn:
        version = current_version(conn, schema)
        found = conn.execute(sql.SQL("SELECT seq, kind, id, data, keys FROM {}.records "
                                     "ORDER BY seq").format(sql.Identifier(schema))).fetchall()
    return (version, [(seq, kind, rid, data) for seq, kind, rid, data, _ in found],
            [(seq, keys) for seq, _, _, _, keys in found])


def test_a_postgres_schema_of_the_release_before_gets_ticket_first_ids() -> None:
    with _pg.restored(DATA / "pg_v4_blob_refs.sql", "sk_v4_fixture", "sk_v4_migrate") as schema:
        version, before, keys = _pg_rows(schema)
        assert version == 4
        assert sum(kind == BLOB_REF for _, kind, _, _ in before) == 5
        with PostgresStore(_pg.DSN, schema=schema) as store:
            version, migrated, migrated_keys = _pg_rows(schema)
            assert version == LATEST_VERSION == 6
            assert migrated == _renamed(before) != before
            assert migrated_keys == keys
            _purge_after_migration(store)
