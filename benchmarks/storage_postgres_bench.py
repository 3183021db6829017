"""PostgreSQL storage benchmark (issue 15): list pages and searches at 1,000,000 tickets,
reply cost against thread length, and ``add_many`` / import against a bare ``COPY``.

Run: python benchmarks/storage_postgres_bench.py [--tickets 1000000] [--dsn DSN] [--keep]
     [--schema NAME: reuse it if it exists] [--only pages] [--repeat 30]

1. Builds ``--tickets`` tickets in a fresh schema with ``COPY`` straight into the store's
   tables (indexes dropped during the load and rebuilt after, then ``VACUUM (ANALYZE)``, as
   autovacuum would): 85% of the
   tickets hold a word beginning ``mail``, 7% the word ``certssl``, 20 tickets each the
   rare word ``zqNNNNN`` (an order number: 50,000 of them).
2. Times pages of 100 (open, company, requester, due before T, newest, searches) through
   ``uow.tickets.query`` next to the bare driver running the same SQL (no summaries built),
   median of 30 after a warm-up, and prints each plan (``EXPLAIN ANALYZE``).
3. Times one reply (``head(for_update=True)`` + ``append``, one unit of work) on tickets
   with 10, 1,000 and 2,000 messages, each reply bringing a new word.
4. Times ``add_many`` (and ``supportkit import``) of 20,000 tickets against a bare ``COPY``
   of the same rows serialised beforehand.

Targets: search and pages < 10 / < 5 ms; reply at 2,000 messages within 2x of 10;
``add_many`` >= 0.7x bare. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import psycopg
from _tickets import VOCABULARY, median_ms, random_ticket, timed
from psycopg import sql
from psycopg.types.json import Jsonb

from supportkit import Actor, TicketStatus
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres._rows import (
    TICKET_COLUMNS,
    WORD_COLUMNS,
    head_value,
    search_keys,
    ticket_rows,
    tsvector_literal,
)
from supportkit.ports import BulkTicketRepository, TicketQuery
from supportkit.testing.contract import make_ticket
from supportkit.tickets.head import advance, head_of, rebuild
from supportkit.tickets.model import Event, Message, Ticket

T0 = datetime(2026, 1, 1, tzinfo=UTC)
AGENT = Actor.support("agent-7")
STATUS_WEIGHTS = (("open", 15), ("solved", 10), ("closed", 60), ("archived", 15))
BATCH = 10_000


def _s(schema: str) -> sql.Identifier:
    return sql.Identifier(schema)


def _drop(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(_s(schema)))


# -- 1. the big table --------------------------------------------------------------------


def _iso(at: datetime) -> str:
    return at.isoformat()


def _document_text(document: Jsonb) -> str:
    """The JSON text of a ``jsonb`` parameter (its dumps gives text or UTF-8 bytes)."""
    text = document.dumps(document.obj) if document.dumps else document.obj
    return text.decode() if isinstance(text, bytes) else str(text)


def build(dsn: str, schema: str, count: int) -> None:
    """``count`` tickets written with COPY (indexes rebuilt after the load)."""
    PostgresStore(dsn, schema=schema).close()
    rng = random.Random(15)
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    sample = make_ticket("1")
    head_doc = head_value(head_of(sample))
    event_doc = ticket_rows(sample)[2][0]
    head_json = _document_text(head_doc).replace('"id":"1"', '"id":"{id}"')
    event_json = _document_text(event_doc)
    started = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
            "AND tablename IN ('tickets', 'ticket_words') AND indexname NOT LIKE '%%pkey'",
            (schema,)).fetchall()
        for name, _ in indexes:
            conn.execute(sql.SQL("DROP INDEX {}.{}").format(_s(schema), sql.Identifier(name)))
        # The ordered word index (migration 5; absent when run with an older supportkit):
        # its key rebuilt after the load too.
        ordered = conn.execute("SELECT to_regclass(%s) IS NOT NULL",
                               (f"{schema}.word_tickets",)).fetchone()
        has_ordered = bool(ordered and ordered[0])
        if has_ordered:
            conn.execute(sql.SQL("ALTER TABLE {}.word_tickets DROP CONSTRAINT word_tickets_pkey"
                                 ).format(_s(schema)))
        tickets, heads, events, chunks, words = (io.StringIO() for _ in range(5))
        for n in range(1, count + 1):
            status = statuses[n % 100]
            company = f"company-{rng.randrange(5000)}"
            requester = f"user-{rng.randrange(50000)}"
            created = T0 + timedelta(minutes=n // 2)
            due = T0 + timedelta(minutes=rng.randrange(365 * 24 * 60))
            is_open = status == "open"
            deadlines = (
                _iso(due) if is_open else "\\N",
                _iso(due + timedelta(hours=4)) if is_open else "\\N",
                _iso(due + timedelta(days=2)) if is_open else "\\N",
                "\\N",
                _iso(due + timedelta(hours=1)) if is_open else "\\N",
                _iso(due + timedelta(days=90)) if status == "closed" else "\\N",
            )
            subject = rng.choices(VOCABULARY, k=4)
            body = rng.choices(VOCABULARY, k=10)
            body.append(f"zq{n % 50_000:05d}")  # like an order number: 20 tickets each
            every = search_keys({*body, *subject})
            row = (str(n), str(n), "1", status, requester, company, "\\N",
                   rng.choice(("mail", "dns", "web", "\\N")), "\\N", *deadlines,
                   " ".join(subject), "3", "\\N", "\\N", "f", _iso(created), _iso(created),
                   "1", "1", "1", "customer", "-1", str(len(every)), "f")
            tickets.write("\t".join(row) + "\n")
            heads.write(f"{n}\t" + head_json.replace("{id}", str(n)) + "\n")
            events.write(f"{n}\t1\t{event_json}\n")
            chunks.write(f"{n}\t-1\t{tsvector_literal(every)}\n")
            if has_ordered:
                words.writelines(f"{word}\t{n}\t{n}\n" for word in every)
            if n % 100_000 == 0 or n == count:
                with conn.transaction():
                    for table, columns, buffer in (
                        ("tickets", ", ".join((*TICKET_COLUMNS, *WORD_COLUMNS)), tickets),
                        ("ticket_heads", "id, head", heads),
                        ("ticket_events", "id, seq, event", events),
                        ("ticket_words", "id, chunk, words", chunks),
                        *((("word_tickets", "word, id_num, id", words),) if has_ordered else ()),
                    ):
                        with conn.cursor().copy(sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
                                _s(schema), sql.Identifier(table), sql.SQL(columns))) as copy:
                            copy.write(buffer.getvalue())
                tickets, heads, events, chunks, words = (io.StringIO() for _ in range(5))
        loaded = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            conn.execute(definition)
        if has_ordered:
            conn.execute(sql.SQL("ALTER TABLE {}.word_tickets ADD CONSTRAINT word_tickets_pkey "
                                 "PRIMARY KEY (word, id_num, id)").format(_s(schema)))
        conn.execute(sql.SQL("SELECT setval('{}.ticket_ids', %s)").format(_s(schema)),
                     (count,))
        # VACUUM as well: autovacuum would (it is off on some test servers), and until a
        # table is vacuumed its visibility map is empty, so no scan is index-only (count()
        # of the open tickets read 14,000 heap pages: 200-750 ms instead of 30-50).
        for table in ("tickets", "ticket_words", "ticket_heads", "ticket_events",
                      *(("word_tickets",) if has_ordered else ())):
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}.{}").format(
                _s(schema), sql.Identifier(table)))
        size = conn.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) "
                            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = %s AND c.relkind = 'r'", (schema,)).fetchone()
    done = time.perf_counter()
    print(f"built {count:,} tickets: COPY {loaded - started:.0f} s, indexes + ANALYZE "
          f"{done - loaded:.0f} s, {size[0] if size else '?'} on disk")


# -- 2. pages ----------------------------------------------------------------------------


#: The searches whose real page 2 (after page 1's last id) is timed too.
SECOND_PAGES = ("mail", "certssl", "mailrelay diskquota", "zq04242", "zq0424", "mail zq04242")


def pages(last: dict[str, str]) -> dict[str, TicketQuery]:
    """The pages timed; ``last``: the last id of the first page of each of SECOND_PAGES
    (its real page 2 starts there; the two-word search's ``40000`` cursor is kept for
    comparison with earlier runs)."""
    soon = T0 + timedelta(days=30)
    two_words_last = last["mailrelay diskquota"]
    open_ = frozenset({TicketStatus.OPEN})
    return {
        "open, page 1": TicketQuery(statuses=open_, limit=100),
        "open, page 2 (keyset)": TicketQuery(statuses=open_, limit=100, after_id="700"),
        "company": TicketQuery(company="company-42", limit=100),
        "requester": TicketQuery(requester="user-7", limit=100),
        "due before T, by id": TicketQuery(due="resolution_due", due_before=soon, limit=100),
        "due before T, soonest first": TicketQuery(
            due="resolution_due", due_before=soon, order="resolution_due", limit=100),
        "newest": TicketQuery(order="newest", limit=100),
        "open of company, newest": TicketQuery(company="company-42", statuses=open_,
                                                order="newest", limit=100),
        "search common prefix 'mail' (85%)": TicketQuery(text="mail", limit=100),
        "search 'certssl' (7%)": TicketQuery(text="certssl", limit=100),
        "search 'mailrelay diskquota'": TicketQuery(text="mailrelay diskquota", limit=100),
        "  the same, page 2 (keyset)": TicketQuery(text="mailrelay diskquota", limit=100,
                                                   after_id="40000"),
        "  the same, page 2 (after page 1)": TicketQuery(text="mailrelay diskquota", limit=100,
                                                         after_id=two_words_last),
        "  the same, newest": TicketQuery(text="mailrelay diskquota", order="newest",
                                          limit=100),
        "search 'mail zq04242' (common + rare)": TicketQuery(text="mail zq04242", limit=100),
        "search rare 'zq04242' (20 tickets)": TicketQuery(text="zq04242", limit=100),
        "search rare prefix 'zq0424' (200)": TicketQuery(text="zq0424", limit=100),
        "search absent 'nosuchword'": TicketQuery(text="nosuchword", limit=100),
        **{f"  page 2 of '{text}' (after page 1)": TicketQuery(text=text, limit=100,
                                                               after_id=last[text])
           for text in SECOND_PAGES if text != "mailrelay diskquota"},
        "search 'certssl', newest": TicketQuery(text="certssl", order="newest", limit=100),
        "search 'mail' of open tickets": TicketQuery(text="mail", statuses=open_, limit=100),
        "search 'webroot' of company": TicketQuery(text="webroot", company="company-42",
                                                   limit=100),
    }


def bench_pages(store: PostgresStore, dsn: str, repeat: int = 30) -> list[tuple[str, str]]:
    print(f"\n== pages of 100 (median of {repeat}, ms): ours (summaries) | bare driver (same SQL) "
          "| server (EXPLAIN ANALYZE execution, best of 3) | rows  [target < 5, searches < 10]")
    plans = []
    last = {}
    with store.unit_of_work(readonly=True) as uow:
        for text in SECOND_PAGES:
            first = uow.tickets.query(TicketQuery(text=text, limit=100))
            last[text] = first[-1].id if first else "0"
    with psycopg.connect(dsn, autocommit=True) as bare_conn:
        for name, query in pages(last).items():
            with store.unit_of_work(readonly=True) as uow:
                tickets = uow.tickets
                ours = median_ms(lambda t=tickets, q=query: t.query(q),  # type: ignore[misc]
                                 repeat)
                rows = len(tickets.query(query))
                selection = tickets.select(query)
                assert selection is not None
                explained = [tickets.explain(query, analyze=True) for _ in range(3)]
                plans.append((name, explained[-1]))
                server = min(float(plan.rsplit("Execution Time: ", 1)[1].split()[0])
                             for plan in explained)

            def bare(s: Any = selection) -> None:
                bare_conn.execute(s.statement, s.params, prepare=False).fetchall()

            print(f"  {name:<44} {ours:7.2f} | {median_ms(bare, repeat):7.2f} | {server:7.2f} "
                  f"| {rows:4d}")
    return plans


def bench_count(store: PostgresStore) -> None:
    print("\n== count() (median of 10, ms)")
    for name, query in (("open", TicketQuery(statuses=frozenset({TicketStatus.OPEN}))),
                        ("company", TicketQuery(company="company-42")),
                        ("search 'zq0424'", TicketQuery(text="zq0424"))):
        with store.unit_of_work(readonly=True) as uow:
            tickets = uow.tickets
            ms = median_ms(lambda t=tickets, q=query: t.count(q), repeat=10)  # type: ignore[misc]
            print(f"  {name:<20} {ms:8.2f}  ({tickets.count(query):,})")


# -- 3. reply cost -------------------------------------------------------------------------


def _reply(n: int, at: datetime) -> Event:
    rng = random.Random(n)
    body = " ".join([*rng.choices(VOCABULARY, k=10), f"ref{n:07d}"])
    return Event("replied", at, AGENT, {}, Message(AGENT.id, AGENT.side, body, "web", at))


def thread(ticket_id: str, messages: int) -> Ticket:
    ticket = make_ticket(ticket_id)
    head = head_of(ticket)
    events = list(ticket.events)
    for n in range(1, messages):
        event = _reply(n, T0 + timedelta(seconds=n))
        events.append(event)
        head = advance(head, event)
    # Rebuilt through the store's own fold (head + events), version 1 as a new ticket.
    return rebuild(attrs.evolve(head, version=1), events)


def _reply_once(store: PostgresStore, ticket_id: str, n: int) -> Callable[[], Any]:
    def reply() -> None:
        with store.unit_of_work() as uow:
            head = uow.tickets.head(ticket_id, for_update=True)
            event = _reply(n, head.updated_at + timedelta(seconds=1))
            new = attrs.evolve(advance(head, event), version=head.version + 1)
            uow.tickets.append(new, [event])

    return reply


def _bare_reply_once(conn: psycopg.Connection[Any], schema: str, ticket_id: str,
                     seq: int) -> Callable[[], Any]:
    s = _s(schema)
    event_doc = ticket_rows(make_ticket("x"))[2][0]

    def bare() -> None:
        with conn.transaction():
            conn.execute(sql.SQL("SELECT h.head FROM {s}.tickets t JOIN {s}.ticket_heads h "
                                 "ON h.id = t.id WHERE t.id = %s FOR UPDATE OF t, h"
                                 ).format(s=s), (ticket_id,)).fetchone()
            conn.execute(sql.SQL("UPDATE {s}.tickets SET updated_at = now() WHERE id = %s"
                                 ).format(s=s), (ticket_id,))
            # The head rewritten as it is (a stale one would break the store's next append).
            conn.execute(sql.SQL("UPDATE {s}.ticket_heads SET head = head WHERE id = %s"
                                 ).format(s=s), (ticket_id,))
            conn.execute(sql.SQL("INSERT INTO {s}.ticket_events VALUES (%s, %s, %s)"
                                 ).format(s=s), (ticket_id, seq, event_doc))

    return bare


def bench_replies(store: PostgresStore, dsn: str, repeat: int = 30) -> None:
    """One reply on threads of 10, 1,000 and 2,000 messages, the three taking turns (so a
    swing in the disk's flush time hits them alike; median of ``repeat`` each); also with
    ``synchronous_commit=off``, where the commit does not wait for the disk (whose flush is
    most of a reply on a slow disk) and the statements' own cost shows."""
    unflushed_dsn = dsn + ("&" if "?" in dsn else "?") + "options=-c%20synchronous_commit%3Doff"
    unflushed = PostgresStore(unflushed_dsn, schema=store.schema)
    print("\n== one reply: head(for_update) + append, one unit of work (median of "
          f"{repeat}, ms) | bare driver (lock, update, insert, commit) | both with "
          "synchronous_commit=off [target: 2,000 within 2x of 10]")
    sizes = (10, 1000, 2000)
    ids = {}
    for messages in sizes:
        with store.unit_of_work() as uow:
            ids[messages] = uow.tickets.next_id()
            uow.tickets.add(thread(ids[messages], messages))
    times: dict[tuple[int, int], list[float]] = {}
    counter = 10_000_000
    with psycopg.connect(dsn, autocommit=True) as flushed_conn, \
            psycopg.connect(unflushed_dsn, autocommit=True) as unflushed_conn:
        for round_ in range(repeat + 1):
            for messages in sizes:
                ticket_id = ids[messages]
                runs = (
                    _reply_once(store, ticket_id, counter),
                    _bare_reply_once(flushed_conn, store.schema, ticket_id, counter),
                    _reply_once(unflushed, ticket_id, counter + 1),
                    _bare_reply_once(unflushed_conn, store.schema, ticket_id, counter + 1),
                )
                counter += 2
                for kind, run in enumerate(runs):
                    took = timed(run) * 1000
                    if round_:  # the first round warms up
                        times.setdefault((messages, kind), []).append(took)
    unflushed.close()
    medians = {key: statistics.median(values) for key, values in times.items()}
    for messages in sizes:
        row = " | ".join(f"{medians[(messages, kind)]:6.2f}" for kind in range(4))
        print(f"  {messages:5d} messages: {row}")
    print(f"  ratio 2,000 / 10 messages: {medians[(2000, 0)] / medians[(10, 0)]:.2f}, without "
          f"the disk flush {medians[(2000, 2)] / medians[(10, 2)]:.2f} (target <= 2)")


# -- 4. bulk -------------------------------------------------------------------------------


def _copies(schema: str) -> list[sql.Composed]:
    return [sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
        _s(schema), sql.Identifier(table), sql.SQL(columns)) for table, columns in (
        ("tickets", ", ".join((*TICKET_COLUMNS, *WORD_COLUMNS))), ("ticket_heads", "id, head"),
        ("ticket_events", "id, seq, event"), ("ticket_words", "id, chunk, words"),
        ("word_tickets", "word, id_num, id"))]


Rows = list[list[tuple[str, int, str]]]
CopyRows = tuple[list[list[Any]], Rows, Rows]


def copy_rows(tickets: Sequence[Ticket]) -> CopyRows:
    """What :func:`bare_copy` writes of ``tickets``, batch by batch: the store's own rows
    (``ticket_rows``), its words chunks and its ordered word rows (``word_tickets``)."""
    prepared = [[ticket_rows(t) for t in tickets[i : i + BATCH]]
                for i in range(0, len(tickets), BATCH)]
    words = [[(row[0], n, tsvector_literal(keys)) for row, _, _, chunks in batch
              for n, keys in chunks] for batch in prepared]
    ordered = [[(key, row[1], row[0]) for row, _, _, chunks in batch for _, keys in chunks
                for key in keys] for batch in prepared]
    return prepared, words, ordered


def bare_copy(dsn: str, schema: str, prepared: list[list[Any]],
               words: list[list[tuple[str, int, str]]],
               ordered: list[list[tuple[str, int, str]]]) -> float:
    copies = _copies(schema)

    def run() -> None:
        with psycopg.connect(dsn) as conn:
            for batch, chunks, keys in zip(prepared, words, ordered, strict=True):
                with conn.transaction():
                    with conn.cursor().copy(copies[0]) as copy:
                        for row, _, _, _ in batch:
                            copy.write_row(row)
                    with conn.cursor().copy(copies[1]) as copy:
                        for row, head, _, _ in batch:
                            copy.write_row((row[0], head))
                    with conn.cursor().copy(copies[2]) as copy:
                        for row, _, events, _ in batch:
                            for seq, event in enumerate(events, 1):
                                copy.write_row((row[0], seq, event))
                    with conn.cursor().copy(copies[3]) as copy:
                        for chunk in chunks:
                            copy.write_row(chunk)
                    with conn.cursor().copy(copies[4]) as copy:
                        for key in keys:
                            copy.write_row(key)

    return timed(run)


def _add_many(store: PostgresStore, tickets: Sequence[Ticket]) -> float:
    def run() -> None:
        for i in range(0, len(tickets), BATCH):
            with store.unit_of_work() as uow:
                repository = uow.tickets
                assert isinstance(repository, BulkTicketRepository)
                repository.add_many(tickets[i : i + BATCH])

    return timed(run)


def bench_bulk(dsn: str, count: int, rounds: int = 3) -> None:
    """Bare COPY and add_many into fresh schemas, alternating, best of ``rounds`` each (a
    shared machine's load swings more between two runs than the difference measured)."""
    tickets = [random_ticket(str(n)) for n in range(1, count + 1)]
    schema = f"bench_pg2_bulk_{os.getpid()}"
    started = time.perf_counter()
    prepared, words, ordered = copy_rows(tickets)
    serialised = time.perf_counter() - started
    bare, ours = [], []
    try:
        for n in range(rounds):
            for which in ((0, 1) if n % 2 == 0 else (1, 0)):
                _drop(dsn, schema)
                store = PostgresStore(dsn, schema=schema)
                if which == 0:
                    bare.append(bare_copy(dsn, schema, prepared, words, ordered))
                else:
                    ours.append(_add_many(store, tickets))
                store.close()
        print(f"\n== bulk, {count:,} tickets (best of {rounds}, alternating)")
        print(f"  serialising alone (copy_rows):    {count / serialised:9,.0f} tickets/s "
              f"({serialised:.2f} s)")
        print(f"  bare COPY of pre-serialised rows: {count / min(bare):9,.0f} tickets/s "
              f"({min(bare):.2f} s; all {', '.join(f'{t:.2f}' for t in bare)})")
        print(f"  add_many (serialising included): {count / min(ours):9,.0f} tickets/s "
              f"({min(ours):.2f} s; all {', '.join(f'{t:.2f}' for t in ours)})"
              f"  ratio {min(bare) / min(ours):.2f} (target >= 0.7)")
        try:
            from supportkit.cli.output import json_text
            from supportkit.cli.transfer import import_tickets, read_records
            from supportkit.policy import Policy

            lines = [json_text(t, what=f"ticket {t.id}", indent=None) + "\n" for t in tickets]
            _drop(dsn, schema)
            store = PostgresStore(dsn, schema=schema)
            imported = timed(lambda: import_tickets(store, Policy(),
                                                    read_records(lines, "bench")))
            store.close()
            print(f"  supportkit import (JSON lines):   {count / imported:9,.0f} tickets/s "
                  f"({imported:.2f} s)  ratio {min(bare) / imported:.2f} (target >= 0.5)")
        except Exception as exc:  # the app layer is converted separately
            print(f"  supportkit import: not measured ({type(exc).__name__}: {exc})"[:300])
    finally:
        _drop(dsn, schema)


def print_plans(plans: Sequence[tuple[str, str]]) -> None:
    print("\n== plans (EXPLAIN ANALYZE, BUFFERS)")
    for name, plan in plans:
        print(f"-- {name}")
        for line in plan.splitlines():
            if "Buffers:" in line or "Planning:" in line:
                continue
            print(f"   {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--bulk", type=int, default=20_000)
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--schema", default=None,
                        help="reuse this schema if it exists (with --keep: keep it)")
    parser.add_argument("--keep", action="store_true", help="keep the big schema")
    parser.add_argument("--only", choices=("pages",), default=None,
                        help="pages: only the pages, counts and plans (no replies, no bulk)")
    parser.add_argument("--repeat", type=int, default=30,
                        help="timed runs per page (the median is printed)")
    args = parser.parse_args(argv)
    schema = args.schema or f"bench_pg2_{os.getpid()}"
    with psycopg.connect(args.dsn) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL",
                              (f"{schema}.tickets",)).fetchone()
    print(f"PostgreSQL {version[0] if version else '?'}, schema {schema}")
    started = time.perf_counter()
    try:
        if not (exists and exists[0]):
            build(args.dsn, schema, args.tickets)
        store = PostgresStore(args.dsn, schema=schema)
        plans = bench_pages(store, args.dsn, args.repeat)
        bench_count(store)
        if args.only is None:
            bench_replies(store, args.dsn)
        store.close()
        if args.only is None:
            bench_bulk(args.dsn, args.bulk)
        print_plans(plans)
    finally:
        if not args.keep:
            _drop(args.dsn, schema)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
