"""Hot ticket: many processes write to one ticket at once through the public ``Helpdesk`` API.

Run: python benchmarks/hot_ticket.py [--processes 16] [--replies 25] [--dsn DSN]
                                     [--rr-processes 8] [--opens 30] [--staff 4]
                                     [--no-postgres] [--no-baseline]

1. ``--processes`` worker processes each send ``--replies`` support replies to the same
   ticket (``desk.reply``), on a SQLite file and on PostgreSQL (``--dsn``, default
   ``$SUPPORTKIT_PG_DSN`` or ``postgresql://postgres@127.0.0.1:5432/test``, in a throw-away
   schema). The table shows replies attempted, failures (any exception), lost (attempted -
   replies found in the ticket afterwards), silent (replies that reported success but are
   not in the ticket: must always be 0), wall time and replies/s. A bare-driver row per store
   appends the same number of rows under a per-ticket lock with no supportkit at all, as the
   ceiling to compare with.
2. Round-robin: ``--rr-processes`` processes each open ``--opens`` tickets of one category
   with ``--staff`` staff members; exact round-robin gives every member the same count.

Issue 14's target: 0 failures and 0 lost at 16 processes on every store, and exact
round-robin counts. Not part of ``make test``; ``tests/adapters/test_hot_ticket.py`` runs a
small version of both.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from supportkit import Actor, Helpdesk, Policy, TicketQuery
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store

DSN = os.environ.get("SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
CATEGORY = "hosting"
ALICE = Actor.customer("alice", company="acme")


def rr_policy(staff: int) -> Policy:
    return Policy(category_staff={CATEGORY: [f"staff-{n}" for n in range(staff)]})


def open_store(kind: str, location: str) -> Store:
    """The store a worker opens: ``location`` is the SQLite path or the PostgreSQL schema."""
    if kind == "sqlite":
        return SqliteStore(location, timeout=120)
    return PostgresStore(DSN, schema=location, min_size=1, max_size=2, timeout=120)


# -- workers (run in their own processes) ---------------------------------------------------


def _desk_worker(kind: str, location: str, policy: Policy | None, n: int, count: int,
                 act: Callable[[Helpdesk, int], object], barrier: Any, results: Any) -> None:
    """Run ``act(desk, r)`` ``count`` times after the barrier; report (n, ok, failure names,
    start, end)."""
    failures: list[str] = []
    ok = 0
    try:
        store = open_store(kind, location)
        desk = Helpdesk(store, policy)
        barrier.wait(timeout=120)
        start = time.time()
        for r in range(count):
            try:
                act(desk, r)
                ok += 1
            except Exception as exc:
                failures.append(type(exc).__name__)
        end = time.time()
        store.close()
        results.put((n, ok, failures, start, end))
    except BaseException as exc:
        results.put((n, ok, [*failures, f"worker died: {exc!r}"], 0.0, 0.0))


def reply_worker(kind: str, location: str, ticket_id: str, n: int, count: int,
                 barrier: Any, results: Any) -> None:
    """Send ``count`` replies to ``ticket_id``; report (ok, failure names, start, end)."""
    agent = Actor.support(f"agent-{n}")
    _desk_worker(kind, location, None, n, count,
                 lambda desk, r: desk.reply(ticket_id, agent, f"w{n} r{r}"), barrier, results)


def open_worker(kind: str, location: str, staff: int, n: int, count: int,
                barrier: Any, results: Any) -> None:
    """Open ``count`` tickets of the round-robin category; report as :func:`reply_worker`."""
    _desk_worker(kind, location, rr_policy(staff), n, count,
                 lambda desk, r: desk.open_ticket(ALICE, subject=f"w{n} o{r}",
                                                  body="site down", category=CATEGORY),
                 barrier, results)


def bare_worker(kind: str, location: str, n: int, count: int,
                barrier: Any, results: Any) -> None:
    """The baseline: append ``count`` rows under a per-ticket lock, straight on the driver."""
    failures: list[str] = []
    ok = 0
    try:
        if kind == "sqlite":
            lite = sqlite3.connect(location, timeout=120, isolation_level=None)
            barrier.wait(timeout=120)
            start = time.time()
            for r in range(count):
                try:
                    lite.execute("BEGIN IMMEDIATE")
                    lite.execute("UPDATE hot SET version = version + 1 WHERE id = 1")
                    lite.execute("INSERT INTO hot_messages (body) VALUES (?)", (f"w{n} r{r}",))
                    lite.execute("COMMIT")
                    ok += 1
                except sqlite3.Error as exc:
                    failures.append(type(exc).__name__)
            end = time.time()
            lite.close()
        else:
            with psycopg.connect(DSN) as conn:
                barrier.wait(timeout=120)
                start = time.time()
                schema = sql.Identifier(location)
                for r in range(count):
                    try:
                        with conn.transaction():
                            conn.execute(sql.SQL(
                                "SELECT version FROM {}.hot WHERE id = 1 FOR UPDATE"
                            ).format(schema))
                            conn.execute(sql.SQL(
                                "UPDATE {}.hot SET version = version + 1 WHERE id = 1"
                            ).format(schema))
                            conn.execute(sql.SQL(
                                "INSERT INTO {}.hot_messages (body) VALUES (%s)"
                            ).format(schema), (f"w{n} r{r}",))
                        ok += 1
                    except psycopg.Error as exc:
                        failures.append(type(exc).__name__)
                end = time.time()
        results.put((n, ok, failures, start, end))
    except BaseException as exc:
        results.put((n, ok, [*failures, f"worker died: {exc!r}"], 0.0, 0.0))


# -- the runs ---------------------------------------------------------------------------------


def _spawn(target: Any, args_for: Any, processes: int) -> list[tuple[int, int, list[str],
                                                                     float, float]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=target, args=(*args_for(n), barrier, results))
               for n in range(processes)]
    for worker in workers:
        worker.start()
    reported = [results.get(timeout=900) for _ in range(processes)]
    for worker in workers:
        worker.join(timeout=60)
    return sorted(reported)


def _row(store: str, processes: int, attempted: int, reported: list[Any],
         found: int) -> dict[str, Any]:
    ok = sum(r[1] for r in reported)
    failures = Counter(name for r in reported for name in r[2])
    starts = [r[3] for r in reported if r[3]]
    wall = max(r[4] for r in reported) - min(starts) if starts else float("nan")
    return {
        "store": store, "processes": processes, "attempted": attempted,
        "failures": sum(failures.values()), "lost": attempted - found,
        "silent": ok - found, "wall": wall, "rate": found / wall if wall else 0.0,
        "kinds": dict(failures),
    }


def hot_ticket(kind: str, location: str, processes: int, replies: int) -> dict[str, Any]:
    """The desk run: one ticket, ``processes`` x ``replies`` replies."""
    store = open_store(kind, location)
    try:
        ticket = Helpdesk(store).open_ticket(ALICE, subject="hot ticket", body="everyone")
        reported = _spawn(reply_worker,
                          lambda n: (kind, location, ticket.id, n, replies), processes)
        found = sum(1 for m in Helpdesk(store).get(ticket.id).messages
                    if m.body.startswith("w"))
    finally:
        store.close()
    return _row(kind, processes, processes * replies, reported, found)


def bare(kind: str, location: str, processes: int, replies: int) -> dict[str, Any]:
    """The baseline run on the bare driver, next to the store's tables."""
    create = ["CREATE TABLE hot (id integer PRIMARY KEY, version integer NOT NULL)",
              "INSERT INTO hot VALUES (1, 1)",
              "CREATE TABLE hot_messages (body text NOT NULL)"]
    if kind == "sqlite":
        with sqlite3.connect(location) as lite:
            for statement in create:
                lite.execute(statement)
    else:
        with psycopg.connect(DSN, autocommit=True) as conn:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(location)))
            for statement in create:
                conn.execute(statement.encode())
    reported = _spawn(bare_worker, lambda n: (kind, location, n, replies), processes)
    if kind == "sqlite":
        with sqlite3.connect(location) as lite:
            found = lite.execute("SELECT count(*) FROM hot_messages").fetchone()[0]
    else:
        with psycopg.connect(DSN) as conn:
            row = conn.execute(sql.SQL("SELECT count(*) FROM {}.hot_messages").format(
                sql.Identifier(location))).fetchone()
            found = row[0] if row else 0
    return _row(f"{kind} (bare driver)", processes, processes * replies, reported, found)


def round_robin(kind: str, location: str, processes: int, opens: int,
                staff: int) -> tuple[dict[str, Any], dict[str, int]]:
    """``processes`` x ``opens`` tickets of one category; the count per staff member."""
    reported = _spawn(open_worker, lambda n: (kind, location, staff, n, opens), processes)
    store = open_store(kind, location)
    try:
        tickets = Helpdesk(store, rr_policy(staff)).tickets(TicketQuery(category=CATEGORY))
    finally:
        store.close()
    counts = Counter(t.assignee or "-" for t in tickets)
    row = _row(f"{kind} round-robin", processes, processes * opens, reported, len(tickets))
    return row, dict(sorted(counts.items()))


def _print(rows: list[dict[str, Any]]) -> None:
    head = (f"{'store':<24}{'procs':>6}{'attempted':>10}{'failures':>9}{'lost':>6}"
            f"{'silent':>7}{'wall s':>8}{'per s':>8}  failure kinds")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['store']:<24}{r['processes']:>6}{r['attempted']:>10}{r['failures']:>9}"
              f"{r['lost']:>6}{r['silent']:>7}{r['wall']:>8.2f}{r['rate']:>8.0f}  "
              f"{r['kinds'] or ''}")


def _pg_schema() -> str:
    schema = f"bench_hot_{secrets.token_hex(4)}"
    PostgresStore(DSN, schema=schema, max_size=1).close()  # creates and migrates it
    return schema


def _drop(schema: str) -> None:
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--replies", type=int, default=25)
    parser.add_argument("--rr-processes", type=int, default=8)
    parser.add_argument("--opens", type=int, default=30)
    parser.add_argument("--staff", type=int, default=4)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    kinds = ["sqlite"] if args.no_postgres else ["sqlite", "postgres"]
    rows: list[dict[str, Any]] = []
    spreads: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            made: list[str] = []

            def location(name: str, kind: str = kind, made: list[str] = made) -> str:
                if kind == "sqlite":
                    path = str(Path(folder) / f"{name}.db")
                    SqliteStore(path).close()  # creates the schema before the workers race
                    return path
                made.append(_pg_schema())
                return made[-1]

            try:
                rows.append(hot_ticket(kind, location("hot"), args.processes, args.replies))
                if not args.no_baseline:
                    rows.append(bare(kind, location("bare"), args.processes, args.replies))
                row, spread = round_robin(kind, location("rr"), args.rr_processes,
                                          args.opens, args.staff)
                rows.append(row)
                spreads[kind] = spread
            finally:
                for schema in made:
                    _drop(schema)
    _print(rows)
    print()
    for kind, spread in spreads.items():
        exact = len(set(spread.values())) == 1 and len(spread) == args.staff
        print(f"round-robin on {kind}: {spread} ({'exact' if exact else 'NOT exact'})")


if __name__ == "__main__":
    main()
