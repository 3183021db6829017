"""SQLite store benchmark: bulk import, indexed queries on a large file, flat-memory paging.

Run: python benchmarks/store_bench.py [--tickets 100000] [--big 1000000] [--iterate 200000]

1. Bulk-create ``--tickets`` tickets with ``add_many`` and compare with a bare ``sqlite3``
   ``executemany`` of the same rows (same tables, indexes and FTS rows, pre-serialised), in
   the same run. Target: at least 0.5 of the bare rate.
2. Build a file with ``--big`` tickets through a fast bulk path (pre-serialised templates),
   then time "due before T" (limit 100), "open tickets of company C" (limit 100) and a text
   search, printing ``EXPLAIN QUERY PLAN``. Target: < 5 ms median each.
3. Page through ``--iterate`` tickets with ``after_id`` in batches of 1,000 and show that the
   peak traced memory stays flat.

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _tickets import median_ms, random_ticket, rng, time_add_many, timed
from _tickets import queries as bench_queries

from supportkit.adapters.sqlite import SqliteStore
from supportkit.adapters.sqlite.queries import (
    TICKET_COLUMNS,
    plan,
    search_words,
    ticket_row,
)
from supportkit.ports import TicketQuery
from supportkit.serialization import unstructure
from supportkit.tickets.model import Ticket

# -- 1. bulk create ---------------------------------------------------------------------


def bulk_create(workdir: Path, count: int, batch: int = 10_000) -> None:
    print(f"== bulk create {count:,} tickets (batches of {batch:,})")
    tickets = [random_ticket(str(n)) for n in range(1, count + 1)]
    batches = [tickets[i : i + batch] for i in range(0, count, batch)]

    store = SqliteStore(workdir / "bulk.db")

    ours = time_add_many(store, batches)
    store.close()

    SqliteStore(workdir / "bare.db").close()  # same schema, then bare sqlite3 only
    rows = [[(n, *ticket_row(t)) for n, t in enumerate(chunk, start)]
            for start, chunk in zip(range(1, count + 1, batch), batches, strict=True)]
    snapshots = [[(n, json.dumps(unstructure(t), separators=(",", ":")))
                  for n, t in enumerate(chunk, start)]
                 for start, chunk in zip(range(1, count + 1, batch), batches, strict=True)]
    texts = [[(n, search_words(t)) for n, t in enumerate(chunk, start)]
             for start, chunk in zip(range(1, count + 1, batch), batches, strict=True)]
    conn = sqlite3.connect(workdir / "bare.db", isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    placeholders = ", ".join("?" * (len(TICKET_COLUMNS) + 1))
    insert = f"INSERT INTO tickets (pk, {', '.join(TICKET_COLUMNS)}) VALUES ({placeholders})"

    def bare() -> None:
        for chunk_rows, chunk_data, chunk_texts in zip(rows, snapshots, texts, strict=True):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(insert, chunk_rows)
            conn.executemany("INSERT INTO ticket_snapshots (pk, data) VALUES (?, ?)",
                             chunk_data)
            conn.executemany("INSERT INTO ticket_text (rowid, words) VALUES (?, ?)",
                             chunk_texts)
            conn.execute("COMMIT")

    baseline = timed(bare)
    conn.close()
    print(f"SqliteStore.add_many (serialising + inserting): {count / ours:10,.0f} tickets/s")
    print(f"bare sqlite3 executemany of the same rows:      {count / baseline:10,.0f} rows/s")
    print(f"ratio: {baseline / ours:.2f} (target >= 0.5)")


# -- 2. queries on a big file ------------------------------------------------------------


def build_big(path: Path, count: int, templates: int = 10_000) -> None:
    """Fill ``path`` fast: serialise ``templates`` tickets once, stamp ids into copies."""
    print(f"== building {count:,} tickets in {path.name} (fast bulk path)")
    start = time.perf_counter()
    SqliteStore(path).close()
    models = [random_ticket("0") for _ in range(templates)]
    prepared = []
    for model in models:
        data = json.dumps(unstructure(model), separators=(",", ":"))
        assert data.startswith('{"id":"0",')
        prepared.append((ticket_row(model), data[len('{"id":"0"'):], search_words(model)))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    placeholders = ", ".join("?" * (len(TICKET_COLUMNS) + 1))
    insert = f"INSERT INTO tickets (pk, {', '.join(TICKET_COLUMNS)}) VALUES ({placeholders})"
    step = 50_000
    for first in range(1, count + 1, step):
        numbers = range(first, min(first + step, count + 1))
        picks = [prepared[rng.randrange(templates)] for _ in numbers]
        conn.execute("BEGIN")
        conn.executemany(insert, (
            (n, str(n), n, *row[2:]) for n, (row, _, _) in zip(numbers, picks, strict=True)))
        conn.executemany("INSERT INTO ticket_snapshots (pk, data) VALUES (?, ?)", (
            (n, f'{{"id":"{n}"{tail}') for n, (_, tail, _) in zip(numbers, picks, strict=True)))
        conn.executemany("INSERT INTO ticket_text (rowid, words) VALUES (?, ?)",
                         ((n, words) for n, (_, _, words) in zip(numbers, picks, strict=True)))
        conn.execute("UPDATE counters SET value = ? WHERE name = 'ticket_id'", (numbers[-1],))
        conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    print(f"built in {time.perf_counter() - start:.1f}s, "
          f"{path.stat().st_size / 1e6:,.0f} MB")


def first_part(store: SqliteStore, query: TicketQuery) -> tuple[str, list[Any]]:
    """The SQL the store runs first for ``query`` (ids only), as it would plan it."""
    with store.unit_of_work(readonly=True) as uow:
        narrow = uow.tickets._narrow_due_range(query)  # type: ignore[attr-defined]
    return plan(query, due_index=narrow)[0].sql("t.id", query.limit)


def explain(conn: sqlite3.Connection, sql: str, params: list[Any]) -> None:
    for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
        print("    plan:", row[3])


def query_bench(path: Path) -> None:
    store = SqliteStore(path)
    raw = sqlite3.connect(path)
    with store.unit_of_work(readonly=True) as uow:
        total = uow.tickets.count(TicketQuery())
        queries = bench_queries()
        print(f"== queries on {total:,} tickets (median of 30)")
        for name, query in queries.items():
            matching = uow.tickets.count(query)
            full = median_ms(lambda q=query: uow.tickets.query(q))  # type: ignore[misc]
            sql, params = first_part(store, query)
            sql_only = median_ms(lambda: raw.execute(sql, params).fetchall())  # noqa: B023
            print(f"  {name}: {matching:,} match; SQL (ids) {sql_only:.2f} ms, "
                  f"query() with snapshots {full:.2f} ms")
            explain(raw, sql, params)
    raw.close()
    store.close()


# -- 3. paging in bounded memory ---------------------------------------------------------


def paging_bench(path: Path, limit: int, page: int = 1_000) -> None:
    print(f"== paging through {limit:,} tickets, {page:,} per page (after_id)")
    store = SqliteStore(path)
    tracemalloc.start()
    seen = 0
    after: str | None = None
    checkpoints: list[tuple[int, float]] = []
    start = time.perf_counter()
    while seen < limit:
        with store.unit_of_work(readonly=True) as uow:
            batch: Sequence[Ticket] = uow.tickets.query(TicketQuery(limit=page, after_id=after))
        if not batch:
            break
        seen += len(batch)
        after = batch[-1].id
        if seen % (limit // 5 or 1) < page:
            checkpoints.append((seen, tracemalloc.get_traced_memory()[1] / 1e6))
    elapsed = time.perf_counter() - start
    tracemalloc.stop()
    store.close()
    print(f"  {seen:,} tickets in {elapsed:.1f}s ({seen / elapsed:,.0f}/s under tracemalloc)")
    for count, peak in checkpoints:
        print(f"  after {count:>9,} tickets: peak traced memory {peak:6.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="bulk-create count")
    parser.add_argument("--big", type=int, default=1_000_000, help="tickets in the query file")
    parser.add_argument("--iterate", type=int, default=50_000, help="tickets to page through")
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: tmp)")
    parser.add_argument("--only", choices=["bulk", "queries"], default=None,
                        help="run one part only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        workdir = args.dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"SQLite {sqlite3.sqlite_version}")
        if args.only != "queries":
            for stale in workdir.glob("b[ua][lr][ke].db*"):  # bulk.db, bare.db and their WAL
                stale.unlink()
            bulk_create(workdir, args.tickets)
        if args.only != "bulk":
            big = workdir / "big.db"
            if not big.exists():
                build_big(big, args.big)
            query_bench(big)
            paging_bench(big, min(args.iterate, args.big))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
