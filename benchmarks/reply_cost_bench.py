"""Reply cost through the desk, on threads of 10, 1,000 and 2,000 messages, on every store.

``storage_*_bench.py`` time the store's part of a reply (``head`` + ``append``); this times
what an integrator calls, ``Helpdesk.reply`` (access check, redaction, the write path with its
outbox entries, the commit), on the memory store, a SQLite file and PostgreSQL. Issue 15: a
reply on a 2,000-message thread within 2x of one on a 10-message thread, on every store (the
write path never reads or rewrites the history). The threads are grown through the desk too.

    python benchmarks/reply_cost_bench.py [--dsn postgresql://...] [--repeat 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportkit import Actor, FixedClock, Helpdesk, Policy
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIZES = (10, 1_000, 2_000)
ALICE, AGENT = Actor.customer("alice", company="acme"), Actor.support("agent-7")


@contextmanager
def stores(dsn: str | None) -> Iterator[list[tuple[str, Callable[[], Store]]]]:
    """(name, factory) of each store to measure; the factories share a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        made: list[Store] = []

        def sqlite() -> Store:
            store = SqliteStore(Path(folder) / f"desk{len(made)}.db")
            made.append(store)
            return store

        found: list[tuple[str, Callable[[], Store]]] = [("memory", MemoryStore),
                                                        ("sqlite", sqlite)]
        schemas: list[str] = []
        if dsn is not None:
            from supportkit.adapters.postgres import PostgresStore

            def postgres() -> Store:
                schemas.append(f"bench_reply_{os.getpid()}_{len(made)}")
                store = PostgresStore(dsn, schema=schemas[-1])
                made.append(store)
                return store

            found.append(("postgres", postgres))
        try:
            yield found
        finally:
            for store in made:
                store.close()
            if schemas and dsn is not None:
                import psycopg
                from psycopg import sql

                with psycopg.connect(dsn, autocommit=True) as conn:
                    for schema in schemas:
                        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                            sql.Identifier(schema)))


def thread(desk: Helpdesk, clock: FixedClock, messages: int) -> str:
    """A ticket with ``messages`` messages (the opening one included), alternating sides."""
    ticket = desk.open_ticket(ALICE, subject=f"{messages} messages", body="Mail bounces")
    for n in range(messages - 1):
        clock.advance(timedelta(seconds=1))
        desk.reply(ticket.id, AGENT if n % 2 else ALICE, f"message {n}: still bouncing")
    return ticket.id


def reply_ms(desk: Helpdesk, clock: FixedClock, ticket_id: str, repeat: int) -> float:
    """Median wall milliseconds of one ``Helpdesk.reply`` on ``ticket_id``."""
    times = []
    for n in range(repeat):
        clock.advance(timedelta(seconds=1))
        start = time.perf_counter()
        desk.reply(ticket_id, AGENT, f"measured reply {n}")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    dsn = None if args.no_postgres else args.dsn
    print("Helpdesk.reply, median wall ms of", args.repeat, "replies per thread length")
    print(f"{'store':<10}" + "".join(f"{size:>10,}" for size in SIZES) + f"{'2,000/10':>11}")
    with stores(dsn) as available:
        for name, make in available:
            try:
                store = make()
            except Exception as exc:  # a missing server is reported, not fatal
                print(f"{name:<10} skipped: {exc}")
                continue
            clock = FixedClock(T0)
            desk = Helpdesk(store, Policy(), clock)
            ids = {size: thread(desk, clock, size) for size in SIZES}
            # The thread lengths take turns, so a slow moment hits each alike.
            results: dict[int, list[float]] = {size: [] for size in SIZES}
            for _ in range(5):
                for size in SIZES:
                    results[size].append(reply_ms(desk, clock, ids[size], args.repeat // 5))
            medians = {size: statistics.median(times) for size, times in results.items()}
            row = "".join(f"{medians[size]:>10.2f}" for size in SIZES)
            print(f"{name:<10}{row}{medians[2_000] / medians[10]:>10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
