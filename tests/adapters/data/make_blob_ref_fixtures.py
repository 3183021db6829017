"""Write the stores of the release before ``blob_ref`` ids went ticket-first (issue 15):
``v2.sqlite`` (SQLite schema version 2) and ``pg_v4_blob_refs.sql`` (``pg_dump --inserts``
of schema ``sk_v4_fixture``, PostgreSQL schema version 4), each holding ``blob_ref``
records with ``<digest>:<ticket>`` ids: shared content, a retention purge that dropped
its tickets' references, and one record of another shape. ``test_blob_ref_ids.py``
migrates them. Run with THAT release's code on the path::

    PYTHONPATH=/work/main/src .venv/bin/python tests/adapters/data/make_blob_ref_fixtures.py
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from _pg_dump import dump_schema

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.sqlite import SCHEMA_VERSION, SqliteStore
from supportkit.ports import Store
from supportkit.privacy.retention import RetentionPolicy

HERE = Path(__file__).parent
DB = HERE / "v2.sqlite"
DSN = os.environ.get("SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "sk_v4_fixture"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LOGO = b"\x89PNG company logo"


def workload(store: Store) -> None:
    """Tickets 1 and 2 open with the logo, 3 and 4 closed and purged (3 with its own log,
    4 with the logo), 5 opened after the run with the logo; and a ``blob_ref`` of another
    shape."""
    clock = FixedClock(T0)
    desk = Helpdesk(store, Policy(retention=RetentionPolicy(keep=timedelta(days=1))), clock)
    alice, bob = Actor.customer("alice", company="acme"), Actor.customer("bob")
    agent = Actor.support("agent-7")
    desk.open_ticket(alice, subject="logo and log", body="see both",
                     attachments=[Upload("logo.png", LOGO), Upload("own.log", b"one")])
    desk.open_ticket(bob, subject="logo", body="see the logo",
                     attachments=[Upload("logo.png", LOGO)])
    t3 = desk.open_ticket(alice, subject="own log", body="see it",
                          attachments=[Upload("own.log", b"three")])
    t4 = desk.open_ticket(bob, subject="logo again", body="the logo",
                          attachments=[Upload("logo.png", LOGO)])
    desk.close(t3.id, agent)
    desk.close(t4.id, agent)
    clock.advance(timedelta(days=3))
    assert len(desk.run_retention().purged) == 2
    desk.open_ticket(alice, subject="after the run", body="the logo",
                     attachments=[Upload("logo.png", LOGO)])
    with store.unit_of_work() as uow:
        uow.records.put("blob_ref", "odd", {"before": True}, keys={"sha256": "ef"})


def main() -> None:
    assert SCHEMA_VERSION == 2, "run this with the release before ticket-first ids"
    for stale in HERE.glob("v2.sqlite*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    store = SqliteStore(DB)
    workload(store)
    store.close()
    with sqlite3.connect(DB) as conn:  # one self-contained file: fold the WAL in
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    shutil.rmtree(HERE / "v2.sqlite.blobs", ignore_errors=True)

    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    pg = PostgresStore(DSN, schema=SCHEMA)
    workload(pg)
    pg.close()
    (HERE / "pg_v4_blob_refs.sql").write_text(dump_schema(DSN, SCHEMA), "utf-8")
    print(f"wrote {DB} and pg_v4_blob_refs.sql")


if __name__ == "__main__":
    main()
