"""Bulk benchmark: ``add_many`` and ``supportkit import`` against the bare driver, on SQLite
and PostgreSQL, in one run.

Run: python benchmarks/bulk_bench.py [--tickets 20000] [--dsn DSN] [--only sqlite|postgres]

For each store, the same ``--tickets`` random tickets are written three ways into fresh,
identical schemas (same tables, indexes, FTS rows / word arrays):

- bare: the driver alone (``executemany`` on SQLite, ``COPY`` on PostgreSQL) of rows
  serialised beforehand (not timed);
- ``add_many`` in batches of 10,000 tickets, one unit of work per batch (serialising included);
- ``import_tickets`` of the export's JSON lines (parsing, checking, deriving deadlines included).

It prints the rates and the ratios bare time / our time (issue 15: ``add_many`` >= 0.7,
import >= 0.5), in wall time and, on SQLite (where all the work is this process's), in CPU
time too, which a shared machine's load disturbs less. Then the floors: how long building
the same rows alone takes (what the bare run leaves out), and import's reading and checking
of the JSON lines alone (no writing), with the best ratios they leave. Not part of
``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import psycopg
from _tickets import random_ticket, time_add_many, timed
from psycopg import sql
from storage_postgres_bench import bare_copy, copy_rows
from storage_sqlite_bench import bare_insert, bare_rows

from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.cli.output import json_text
from supportkit.cli.transfer import _snapshots, import_tickets, read_records
from supportkit.policy import Policy
from supportkit.ports import Store
from supportkit.tickets.model import Ticket

BATCH = 10_000


def report(name: str, count: int, bare: float, ours: float, imported: float) -> None:
    print(f"== {name}, {count:,} tickets")
    print(f"  bare driver of pre-serialised rows: {count / bare:10,.0f} rows/s ({bare:.2f}s)")
    print(f"  add_many:                           {count / ours:10,.0f} tickets/s ({ours:.2f}s)"
          f"  ratio {bare / ours:.2f} (target >= 0.7)")
    print(f"  import (JSON lines):                {count / imported:10,.0f} tickets/s "
          f"({imported:.2f}s)  ratio {bare / imported:.2f} (target >= 0.5)")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off, as the bulk paths run (kept here so this script also measures a
    supportkit from before they did)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cpu_timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU (this process) seconds of one call of ``run``."""
    cpu = time.process_time()
    wall = timed(run)
    return wall, time.process_time() - cpu


def floors(name: str, bare: float, serialise: float, read: float) -> None:
    """What the work the bare run leaves out costs alone, and the ratio it leaves."""
    print(f"  {name}: building the same rows alone (bare_rows / ticket_rows, not timed in "
          f"bare) {serialise:.2f}s: bare + that alone is ratio {bare / (bare + serialise):.2f}")
    print(f"  {name}: import's reading + checking of the lines alone (no write) "
          f"{read:.2f}s: import ratio <= {bare / (bare + read):.2f} even if writing were bare")


def time_reading(lines: Sequence[str]) -> float:
    """CPU seconds import spends before writing: parse, check, derive deadlines."""
    def run() -> None:
        with paused_gc():  # as import runs it
            found = sum(1 for _ in _snapshots(read_records(lines, "bench"), Policy()))
        assert found == len(lines)

    return cpu_timed(run)[1]


def time_import_cpu(store: Store, lines: Sequence[str]) -> tuple[float, float]:
    def run() -> None:
        result = import_tickets(store, Policy(), read_records(lines, "bench"))
        assert result.imported == len(lines), result

    return cpu_timed(run)


# -- SQLite ------------------------------------------------------------------------------


def sqlite_bare(path: Path, tickets: Sequence[Ticket]) -> tuple[float, float, float]:
    """Wall and CPU seconds of the bare inserts, and CPU seconds building their rows."""
    SqliteStore(path).close()  # same schema, then bare sqlite3 only
    chunks = [tickets[i : i + BATCH] for i in range(0, len(tickets), BATCH)]
    cpu = time.process_time()
    with paused_gc():  # as add_many runs it
        prepared = [bare_rows(chunk) for chunk in chunks]
    serialise = time.process_time() - cpu
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")

    def run() -> None:
        for rows in prepared:
            conn.execute("BEGIN IMMEDIATE")
            bare_insert(conn, rows)
            conn.execute("COMMIT")

    try:
        return (*cpu_timed(run), serialise)
    finally:
        conn.close()


def sqlite_bench(tickets: Sequence[Ticket], lines: Sequence[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="bulk-bench-") as tmp:
        work = Path(tmp)
        bare, bare_cpu, serialise = sqlite_bare(work / "bare.db", tickets)
        store = SqliteStore(work / "ours.db")
        batches = [tickets[i : i + BATCH] for i in range(0, len(tickets), BATCH)]
        ours, ours_cpu = cpu_timed(lambda: time_add_many(store, batches))
        store.close()
        store = SqliteStore(work / "import.db")
        imported, imported_cpu = time_import_cpu(store, lines)
        store.close()
    reading = time_reading(lines)
    report(f"SQLite {sqlite3.sqlite_version}", len(tickets), bare, ours, imported)
    print(f"  CPU seconds (all of SQLite's work is in this process): bare {bare_cpu:.2f}, "
          f"add_many {ours_cpu:.2f} (ratio {bare_cpu / ours_cpu:.2f}), import "
          f"{imported_cpu:.2f} (ratio {bare_cpu / imported_cpu:.2f})")
    floors("CPU", bare_cpu, serialise, reading)


# -- PostgreSQL --------------------------------------------------------------------------


def _drop(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def postgres_bare(dsn: str, schema: str, tickets: Sequence[Ticket]) -> tuple[float, float]:
    """Wall seconds of the bare COPY, and CPU seconds building its rows."""
    PostgresStore(dsn, schema=schema).close()  # same tables and indexes
    cpu = time.process_time()
    with paused_gc():  # as add_many runs it
        prepared, words, ordered = copy_rows(tickets)
    serialise = time.process_time() - cpu
    return bare_copy(dsn, schema, prepared, words, ordered), serialise


def postgres_bench(dsn: str, tickets: Sequence[Ticket], lines: Sequence[str]) -> None:
    suffix = os.getpid()
    schemas = [f"bench_bulk_bare_{suffix}", f"bench_bulk_ours_{suffix}",
               f"bench_bulk_import_{suffix}"]
    try:
        bare, serialise = postgres_bare(dsn, schemas[0], tickets)
        store = PostgresStore(dsn, schema=schemas[1])
        ours = time_add_many(store, [tickets[i : i + BATCH]
                                     for i in range(0, len(tickets), BATCH)])
        store.close()
        store = PostgresStore(dsn, schema=schemas[2])
        imported = time_import_cpu(store, lines)[0]
        store.close()
        with psycopg.connect(dsn) as conn:
            version = conn.execute("SHOW server_version").fetchone()
    finally:
        for schema in schemas:
            _drop(dsn, schema)
    report(f"PostgreSQL {version[0] if version else '?'}", len(tickets), bare, ours, imported)
    floors("bare wall vs rows CPU", bare, serialise, time_reading(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    args = parser.parse_args(argv)
    tickets = [random_ticket(str(n)) for n in range(1, args.tickets + 1)]
    lines = [json_text(t, what=f"ticket {t.id}", indent=None) + "\n" for t in tickets]
    if args.only != "postgres":
        sqlite_bench(tickets, lines)
    if args.only != "sqlite":
        postgres_bench(args.dsn, tickets, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
