"""Replies on PostgreSQL while a thread kills the desk's backends every N ms (issue 16).

The loop of ``tests/adapters/test_postgres_connection_loss.py`` as a measurement: a desk
on its own schema and pool (a unique ``application_name``), five tickets opened calmly,
then ``--replies`` replies (round robin over the tickets) while a killer thread runs
``pg_terminate_backend`` on every backend of that pool every N ms. For each period the
script prints how many replies failed (any ``StorageError``; ``ConnectionLost`` is one),
how many of the failed ones were in fact stored, how many replies were stored twice, and
how many kill rounds terminated at least one backend. The schemas are dropped afterwards.

The same script runs against an older checkout (``PYTHONPATH=<old>/src``) to give the
"before" column: it uses only the public desk API and ``psycopg``.

    python benchmarks/pg_connection_loss.py [--dsn postgresql://...] [--every 40,100,150]
        [--replies 150] [--runs 3] [--prefix bench_loss]
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import threading
from collections import Counter
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from supportkit import Actor, FixedClock, Helpdesk, Policy, StorageError
from supportkit.adapters.postgres import PostgresStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice")
TICKETS = 5


def _killer(dsn: str, name: str, every: float, stop: threading.Event,
            rounds: list[int]) -> None:
    with psycopg.connect(dsn, autocommit=True, application_name=f"{name}_killer") as conn:
        while not stop.wait(every):
            row = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                (name,),
            ).fetchone()
            rounds[0] += bool(row and row[0])


def _drop(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def one_run(dsn: str, schema: str, every_ms: int, replies: int) -> tuple[int, int, int, int]:
    """(failed, failed but stored, stored twice, kill rounds that hit) of one run."""
    name = f"sk_bench_loss_{secrets.token_hex(4)}"
    separator = "&" if "?" in dsn else "?"
    store = PostgresStore(f"{dsn}{separator}application_name={name}", schema=schema,
                          min_size=2, max_size=4)
    try:
        desk = Helpdesk(store=store, policy=Policy(), clock=FixedClock(T0))
        opened = [desk.open_ticket(ALICE, subject=f"ticket {n}", body="help").id
                  for n in range(TICKETS)]
        stop, rounds = threading.Event(), [0]
        killer = threading.Thread(target=_killer,
                                  args=(dsn, name, every_ms / 1000, stop, rounds), daemon=True)
        failed: set[str] = set()
        killer.start()
        try:
            for n in range(replies):
                try:
                    desk.reply(opened[n % TICKETS], ALICE, f"reply {n}")
                except StorageError:
                    failed.add(f"reply {n}")
        finally:
            stop.set()
            killer.join(timeout=10)
    finally:
        store.close()
    with PostgresStore(dsn, schema=schema, min_size=1, max_size=1) as calm:
        check = Helpdesk(store=calm, policy=Policy())
        bodies = Counter(m.body for t in opened for m in check.get(t).messages
                         if m.body.startswith("reply "))
    twice = sum(count - 1 for count in bodies.values() if count > 1)
    return len(failed), len(failed & bodies.keys()), twice, rounds[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--every", default="40,100,150", help="kill periods in ms")
    parser.add_argument("--replies", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--prefix", default="bench_loss", help="schema name prefix")
    args = parser.parse_args()
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)  # each kill logs a discard
    print(f"| kill every | failed / {args.replies} (each run) | failed but stored "
          f"| stored twice | kill rounds that hit |")
    print("|---|---|---|---|---|")
    for every in (int(ms) for ms in args.every.split(",")):
        results: list[tuple[int, int, int, int]] = []
        for run in range(args.runs):
            schema = f"{args.prefix}_{os.getpid()}_{every}_{run}"
            try:
                results.append(one_run(args.dsn, schema, every, args.replies))
            finally:
                _drop(args.dsn, schema)
        cells = [", ".join(str(r[i]) for r in results) for i in range(4)]
        print(f"| {every} ms | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
