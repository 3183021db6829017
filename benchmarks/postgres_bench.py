"""PostgreSQL store benchmark: bulk import, and indexed queries on a large table.

Run: python benchmarks/postgres_bench.py [--tickets 100000] [--big 1000000] [--dsn DSN]

Needs a PostgreSQL server (``--dsn``, default ``$SUPPORTKIT_PG_DSN`` or
``postgresql://postgres@127.0.0.1:5432/test``). Works in throw-away schemas
(``bench_bulk_*``, ``bench_bare_*``, ``bench_big``) and drops the bulk ones at the end; the big
one is kept for re-runs unless ``--drop``.

1. Bulk-create ``--tickets`` tickets with ``PostgresStore`` (``add_many``: serialising,
   word extraction and ``COPY``) and compare with a bare ``COPY`` of the same, already
   serialised rows into the same tables and indexes, in the same run.
2. Build ``--big`` tickets fast (templates serialised once, ids stamped in; indexes built
   after the load), then time "due before T", "due in the next 15 minutes", "open tickets
   of company C" and two searches, each with ``EXPLAIN ANALYZE`` showing index use.

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import psycopg
from _tickets import T0, median_ms, random_ticket, rng, time_add_many, timed
from _tickets import queries as bench_queries
from psycopg import sql

from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres.tickets import _TICKET_COLUMNS, row_values, snapshot_value
from supportkit.ports import TicketQuery
from supportkit.tickets.model import Ticket

COLUMNS = _TICKET_COLUMNS  # the store's own column list, so the bare COPY writes the same rows


def drop(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def copy_statement(schema: str) -> sql.Composed:
    return sql.SQL("COPY {}.tickets (" + COLUMNS + ") FROM STDIN").format(
        sql.Identifier(schema)
    )


def copy_snapshots(schema: str) -> sql.Composed:
    return sql.SQL("COPY {}.ticket_snapshots (id, snapshot) FROM STDIN").format(
        sql.Identifier(schema)
    )


def _json(ticket: Ticket) -> str:
    """The snapshot as JSON text (what a bare loader would send)."""
    document = snapshot_value(ticket)
    return str(document.dumps(document.obj))


# -- 1. bulk create ---------------------------------------------------------------------


def bulk_create(dsn: str, count: int, batch: int = 10_000) -> None:
    print(f"== bulk create {count:,} tickets (batches of {batch:,})")
    tickets = [random_ticket(str(n)) for n in range(1, count + 1)]
    batches = [tickets[i : i + batch] for i in range(0, count, batch)]
    suffix = f"{os.getpid()}"
    ours_schema, bare_schema = f"bench_bulk_{suffix}", f"bench_bare_{suffix}"
    try:
        store = PostgresStore(dsn, schema=ours_schema)

        ours = time_add_many(store, batches)
        store.close()

        PostgresStore(dsn, schema=bare_schema).close()  # same tables and indexes
        rows = [[row_values(t) for t in chunk] for chunk in batches]
        snapshots = [[(t.id, _json(t)) for t in chunk] for chunk in batches]
        statement, snapshot_statement = copy_statement(bare_schema), copy_snapshots(bare_schema)

        def bare() -> None:
            with psycopg.connect(dsn) as conn:
                for chunk_rows, chunk_snapshots in zip(rows, snapshots, strict=True):
                    with conn.transaction():
                        with conn.cursor().copy(statement) as copy:
                            for row in chunk_rows:
                                copy.write_row(row)
                        with conn.cursor().copy(snapshot_statement) as copy:
                            for pair in chunk_snapshots:
                                copy.write_row(pair)

        baseline = timed(bare)
        print(f"PostgresStore add_many (serialise + words + COPY): {count / ours:10,.0f} tickets/s"
              f"  ({ours:.1f}s)")
        print(f"bare COPY of the same pre-serialised rows:        {count / baseline:10,.0f} rows/s"
              f"  ({baseline:.1f}s)")
        print(f"ratio: {baseline / ours:.2f}")
    finally:
        drop(dsn, ours_schema)
        drop(dsn, bare_schema)


# -- 2. queries on a big table -----------------------------------------------------------


def build_big(dsn: str, schema: str, count: int, templates: int = 10_000) -> None:
    """Fill ``schema`` fast: serialise ``templates`` tickets once, stamp ids into copies,
    COPY them with only the primary key in place, then build the other indexes."""
    print(f"== building {count:,} tickets in schema {schema} (fast bulk path)")
    start = time.perf_counter()
    drop(dsn, schema)
    PostgresStore(dsn, schema=schema).close()
    prepared = []
    for _ in range(templates):
        model = random_ticket("0")
        snapshot = _json(model)
        assert snapshot.startswith('{"id":"0",')
        prepared.append((row_values(model), snapshot[len('{"id":"0"'):]))
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '256MB'")
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
            "AND tablename = 'tickets' AND indexname <> 'tickets_pkey'", (schema,)
        ).fetchall()  # keeps both primary keys (ticket_snapshots has no other index)
        for name, _ in indexes:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name)))

        def rows(first: int, last: int) -> Iterator[tuple[tuple[Any, ...], tuple[str, str]]]:
            for n in range(first, last):
                values, tail = prepared[rng.randrange(templates)]
                yield (str(n), n, *values[2:]), (str(n), f'{{"id":"{n}"{tail}')

        step = 100_000
        for first in range(1, count + 1, step):
            batch = list(rows(first, min(first + step, count + 1)))
            with conn.transaction():
                with conn.cursor().copy(copy_statement(schema)) as copy:
                    for row, _ in batch:
                        copy.write_row(row)
                with conn.cursor().copy(copy_snapshots(schema)) as copy:
                    for _, pair in batch:
                        copy.write_row(pair)
        loaded = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition)  # from pg_indexes: our own schema's definitions
        conn.execute(sql.SQL("SELECT setval({}, %s)").format(
            sql.Literal(f"{schema}.ticket_ids")), (count,))
        conn.execute(sql.SQL("VACUUM ANALYZE {}.tickets").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("VACUUM ANALYZE {}.ticket_snapshots").format(
            sql.Identifier(schema)))
        size = conn.execute("SELECT pg_total_relation_size(%s), pg_total_relation_size(%s)",
                            (f"{schema}.tickets", f"{schema}.ticket_snapshots")).fetchone()
    assert size is not None
    print(f"loaded in {loaded - start:.1f}s, indexes + analyze in "
          f"{time.perf_counter() - loaded:.1f}s; tickets with indexes {size[0] / 1e6:,.0f} MB, "
          f"snapshots {size[1] / 1e6:,.0f} MB")


def query_bench(dsn: str, schema: str) -> None:
    store = PostgresStore(dsn, schema=schema)
    soon = T0 + timedelta(days=1)
    queries = bench_queries()
    with store.unit_of_work() as uow:
        total = uow.tickets.count(TicketQuery())
        print(f"== queries on {total:,} tickets (median of 30)")
        for name, query in queries.items():
            matching = uow.tickets.count(query)
            selected = uow.tickets.select(query, column="id")
            assert selected is not None
            sql_only = median_ms(
                lambda s=selected, c=uow._tx.conn: c.execute(*s).fetchall()  # type: ignore[misc]
            )
            full = median_ms(lambda q=query: uow.tickets.query(q))  # type: ignore[misc]
            print(f"  {name}: {matching:,} match; SQL {sql_only:.2f} ms, "
                  f"query() with snapshots {full:.2f} ms")
            for line in uow.tickets.explain(query, analyze=True).splitlines():
                print("    |", line)
        claimed = median_ms(lambda: _claim_rollback(store, soon), repeat=10)
        print(f"  claim_due('first_response_due', T, limit=100) + rollback: {claimed:.2f} ms")
    store.close()


def _claim_rollback(store: PostgresStore, before: datetime) -> Sequence[Ticket]:
    class _Undo(Exception):
        pass

    found: Sequence[Ticket] = []
    try:
        with store.unit_of_work() as uow:
            found = uow.tickets.claim_due("first_response_due", before, limit=100)
            raise _Undo
    except _Undo:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--tickets", type=int, default=100_000, help="bulk-create count")
    parser.add_argument("--big", type=int, default=1_000_000, help="tickets to query")
    parser.add_argument("--only", choices=["bulk", "queries"], default=None,
                        help="run one part only")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the big schema")
    parser.add_argument("--drop", action="store_true", help="drop the big schema at the end")
    args = parser.parse_args(argv)
    with psycopg.connect(args.dsn) as conn:
        version = conn.execute("SHOW server_version").fetchone()
    print(f"PostgreSQL {version[0] if version else '?'}, psycopg {psycopg.__version__}")
    if args.only != "queries":
        bulk_create(args.dsn, args.tickets)
    if args.only != "bulk":
        schema = "bench_big"
        with psycopg.connect(args.dsn) as conn:
            row = conn.execute("SELECT to_regclass('bench_big.tickets') IS NOT NULL AND "
                               "(SELECT count(*) FROM pg_class WHERE relname = 'tickets'"
                               " AND relnamespace = 'bench_big'::regnamespace) > 0"
                               ).fetchone() if _schema_exists(conn, schema) else (False,)
            have = bool(row and row[0]) and _count(conn, schema) == args.big
        if args.rebuild or not have:
            build_big(args.dsn, schema, args.big)
        query_bench(args.dsn, schema)
        if args.drop:
            drop(args.dsn, schema)
    return 0


def _schema_exists(conn: psycopg.Connection[Any], schema: str) -> bool:
    row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    return row is not None


def _count(conn: psycopg.Connection[Any], schema: str) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}.tickets").format(
        sql.Identifier(schema))).fetchone()
    return int(row[0]) if row else 0


if __name__ == "__main__":
    raise SystemExit(main())
