"""SQLite store on the storage model of issue 15: pages, reply cost, bulk, against bare sqlite3.

Run: python benchmarks/storage_sqlite_bench.py [--big 1000000] [--bulk 50000] [--dir DIR]
     [--only queries|replies|bulk]

1. Pages of 100 on ``--big`` tickets (built fast with pre-serialised template rows, straight
   into the store's schema): open, company, requester, due-before (by id and by deadline),
   search for a rare word, a common word, two common words, prefixes (expanded to an OR of
   indexed words, or an FTS5 prefix index), newest first and a keyset page deep in the
   table. For each: ``query()`` wall and CPU time (median of 30) next to the bare driver
   running the same SQL (rows as tuples, no ``TicketSummary``), and ``EXPLAIN QUERY PLAN``.
   Target: < 2 ms CPU, < 5 ms wall.
2. Reply cost on threads of 10 / 1,000 / 2,000 messages: one unit of work of
   ``head(for_update=True)`` + ``advance`` + ``append`` + commit (median of 200), next to the
   bare driver running the same statements with pre-serialised values. Target: the 2,000
   message thread within 2x of the 10 message one.
3. Bulk: ``add_many`` (batches of 10,000, one unit of work each, serialising included) and
   ``supportkit import`` of the export's JSON lines, against a bare ``executemany`` of the
   same rows serialised beforehand. Target: add_many >= 0.7 of bare, import >= 0.5.

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
from _tickets import T0, random_ticket, time_add_many, timed
from _tickets import queries as shared_queries

from supportkit import Actor, TicketStatus
from supportkit.adapters.reference import message_words
from supportkit.adapters.sqlite import SqliteStore
from supportkit.adapters.sqlite.queries import (
    INSERT_EVENT,
    INSERT_TERM,
    INSERT_WORDS,
    SUMMARY_SELECT,
    TICKET_COLUMNS,
    UPDATE_HEAD,
    UPDATE_TICKET,
    event_json,
    head_json,
    ticket_pk,
    ticket_row,
    token,
)
from supportkit.cli.output import json_text
from supportkit.cli.transfer import import_tickets, read_records
from supportkit.policy import Policy
from supportkit.ports import TicketQuery
from supportkit.testing.contract import make_ticket
from supportkit.tickets.head import TicketHead, advance, head_of
from supportkit.tickets.model import Event, Message, Ticket

BATCH = 10_000
RARE = "quuxrare"  # in one template of 10,000: ~0.01 % of the tickets
AGENT = Actor.support("agent-7")
INSERT_TICKET = (f"INSERT INTO tickets (pk, {', '.join(TICKET_COLUMNS)}) "
                 f"VALUES (?, {', '.join('?' * len(TICKET_COLUMNS))})")
INSERT_HEAD = "INSERT INTO ticket_heads (pk, data) VALUES (?, ?)"


def median(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU (this thread) milliseconds of ``repeat`` calls, after a warm-up."""
    run()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        run()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


# -- bare rows ------------------------------------------------------------------------------


@attrs.frozen
class BareRows:
    """Every row the store writes for some new tickets, serialised beforehand."""

    tickets: list[tuple[Any, ...]]
    heads: list[tuple[int, str]]
    events: list[tuple[int, int, str]]
    words: list[tuple[int, str]]
    terms: list[tuple[str]]


def bare_rows(tickets: Sequence[Ticket]) -> BareRows:
    rows = BareRows([], [], [], [], [])
    terms: set[str] = set()
    for ticket in tickets:
        pk = ticket_pk(ticket.id)
        assert pk is not None
        head = head_of(ticket)
        rows.tickets.append((pk, *ticket_row(head)))
        rows.heads.append((pk, head_json(head)))
        rows.events.extend((pk, seq, event_json(e)) for seq, e in enumerate(ticket.events))
        tokens = sorted(token(w) for w in message_words(ticket.events))
        terms.update(tokens)
        rows.words.append((pk, " ".join(tokens)))
    rows.terms.extend((t,) for t in sorted(terms))
    return rows


def bare_insert(conn: sqlite3.Connection, rows: BareRows) -> None:
    conn.executemany(INSERT_TICKET, rows.tickets)
    conn.executemany(INSERT_HEAD, rows.heads)
    conn.executemany(INSERT_EVENT, rows.events)
    conn.executemany(INSERT_WORDS, rows.words)
    conn.executemany(INSERT_TERM, rows.terms)


# -- 1. pages on a big file -----------------------------------------------------------------


def build_big(path: Path, count: int, templates: int = 10_000) -> None:
    """Fill ``path`` fast: serialise ``templates`` tickets once, stamp ids into copies."""
    print(f"== building {count:,} tickets in {path.name} (template rows, bare sqlite3)")
    start = time.perf_counter()
    SqliteStore(path).close()
    rng = random.Random(15)
    prepared = []
    terms: set[str] = set()
    for n in range(templates):
        model = random_ticket("0")
        if n == 0:
            model = make_ticket("0", subject=f"{RARE} webmail", body="rare case",
                                deadlines={"first_response_due": T0})
        head = head_of(model)
        data = head_json(head)
        assert data.startswith('{"id":"0",')
        tokens = sorted(token(w) for w in message_words(model.events))
        terms.update(tokens)
        prepared.append((ticket_row(head)[2:], data[len('{"id":"0"'):],
                         [event_json(e) for e in model.events], " ".join(tokens)))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    step = 50_000
    for first in range(1, count + 1, step):
        numbers = range(first, min(first + step, count + 1))
        picks = [(n, prepared[rng.randrange(templates)]) for n in numbers]
        conn.execute("BEGIN")
        conn.executemany(INSERT_TICKET, ((n, str(n), n, *p[0]) for n, p in picks))
        conn.executemany(INSERT_HEAD, ((n, f'{{"id":"{n}"{p[1]}') for n, p in picks))
        conn.executemany(INSERT_EVENT, ((n, seq, e) for n, p in picks
                                        for seq, e in enumerate(p[2])))
        conn.executemany(INSERT_WORDS, ((n, p[3]) for n, p in picks))
        conn.execute("UPDATE counters SET value = ? WHERE name = 'ticket_id'", (numbers[-1],))
        conn.execute("COMMIT")
    conn.executemany(INSERT_TERM, ((t,) for t in sorted(terms)))
    conn.execute("ANALYZE")
    conn.close()
    print(f"built in {time.perf_counter() - start:.0f}s, {path.stat().st_size / 1e6:,.0f} MB")


def page_queries(count: int) -> dict[str, TicketQuery]:
    shared = shared_queries()
    soon = shared["due before T (limit 100)"]
    return {
        "open": TicketQuery(statuses={TicketStatus.OPEN}, limit=100),
        "open of company C": shared["open tickets of company C (limit 100)"],
        "company C": shared["all tickets of company C, page 1 (limit 100)"],
        "requester U": shared["own tickets of requester U (limit 100)"],
        "due before T, by id": soon,
        "due before T, by due": attrs.evolve(soon, order="first_response_due"),
        "due in next 15 min": shared["due in the next 15 minutes (limit 100)"],
        f"search rare '{RARE}'": TicketQuery(text=RARE, limit=100),
        "search common 'certssl'": TicketQuery(text="certssl", limit=100),
        "search 'mailrelay diskquota'": TicketQuery(text="mailrelay diskquota", limit=100),
        "prefix 'diskq' (1 word)": TicketQuery(text="diskq", limit=100),
        "prefix 'disk' (25 words)": TicketQuery(text="disk", limit=100),
        "prefix 'd' (75: FTS5 prefix idx)": TicketQuery(text="d", limit=100),
        "prefix 'mailr dn', open": TicketQuery(text="mailr dn", limit=100,
                                               statuses={TicketStatus.OPEN}),
        "newest": TicketQuery(order="newest", limit=100),
        "keyset page at the middle": TicketQuery(after_id=str(count // 2), limit=100),
        "search 'certssl', newest": TicketQuery(text="certssl", order="newest", limit=100),
    }


def query_bench(path: Path, count: int) -> None:
    store = SqliteStore(path)
    raw = sqlite3.connect(path)
    fmt = "  {:34} {:>9} {:>8} {:>8} {:>9} {:>8}"
    with store.unit_of_work(readonly=True) as uow:
        repo: Any = uow.tickets
        total = repo.count(TicketQuery())
        print(f"== pages of 100 on {total:,} tickets (median of 30; ms)")
        print(fmt.format("query", "matching", "wall", "CPU", "bare wall", "bare CPU"))
        plans: list[tuple[str, list[str]]] = []
        for name, query in page_queries(count).items():
            matching = repo.count(query)
            wall, cpu = median(lambda q=query: repo.query(q), 30)  # type: ignore[misc]
            parts = repo._plan(query)
            statements = [part.sql(SUMMARY_SELECT, query.limit) for part in parts]

            def bare(statements: list[tuple[str, list[Any]]] = statements,
                     limit: int | None = query.limit) -> None:
                left = limit
                for sql, params in statements:  # the store's own parts, rows as tuples
                    if left == 0:
                        break
                    rows = raw.execute(sql, params).fetchall()
                    if left is not None:
                        left -= len(rows)

            bare_wall, bare_cpu = median(bare, 30)
            print(fmt.format(name, f"{matching:,}", f"{wall:.2f}", f"{cpu:.2f}",
                             f"{bare_wall:.2f}", f"{bare_cpu:.2f}"))
            plans.append((name, [" | ".join(
                row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
                for sql, params in statements]))
    print("  EXPLAIN QUERY PLAN (each part of a query after ||):")
    for name, lines in plans:
        print(f"    {name}: " + " || ".join(lines))
    raw.close()
    store.close()


# -- 2. reply cost ------------------------------------------------------------------------


def reply_event(head: TicketHead, n: int) -> Event:
    at = head.updated_at + timedelta(seconds=1)
    body = f"reply {n} webmail quota word{n}"
    return Event("replied", at, AGENT, {"status": "open"},
                 Message(AGENT.id, AGENT.side, body, "web", at))


def reply_bench(workdir: Path, sizes: Sequence[int] = (10, 1_000, 2_000),
                repeat: int = 200) -> None:
    path = workdir / "replies.db"
    for stale in workdir.glob("replies.db*"):
        stale.unlink()
    store = SqliteStore(path)
    with store.unit_of_work() as uow:
        repo: Any = uow.tickets
        repo.add_many([random_ticket(str(n)) for n in range(1, 20_001)])
        for size in sizes:
            repo.add(make_ticket(f"{30_000 + size}", replies=[
                f"old reply {k} mail dns disk{k}" for k in range(size - 1)]))
    print(f"== reply cost: head(for_update) + advance + append + commit "
          f"(median of {repeat}; ms), 20,000 other tickets")
    fmt = "  {:>9} {:>8} {:>8} {:>9} {:>8}"
    print(fmt.format("messages", "wall", "CPU", "bare wall", "bare CPU"))
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA synchronous = NORMAL")
    results = {}
    for size in sizes:
        tid = f"{30_000 + size}"
        counter = iter(range(10**9))

        def ours(tid: str = tid, counter: Any = counter) -> None:
            with store.unit_of_work() as uow:
                head = uow.tickets.head(tid, for_update=True)
                event = reply_event(head, next(counter))
                new = advance(head, event)
                uow.tickets.append(attrs.evolve(new, version=head.version + 1), [event])

        wall, cpu = median(ours, repeat)
        # the bare driver: the same statements, values serialised beforehand
        with store.unit_of_work(readonly=True) as uow:
            head = uow.tickets.head(tid)
        pk = int(tid)
        prepared = []
        for k in range(repeat + 1):
            event = reply_event(head, 10**6 + k)
            new = attrs.evolve(advance(head, event), version=head.version + 1)
            tokens = sorted(token(w) for w in message_words([event]))
            prepared.append(((*ticket_row(new)[2:], pk), (head_json(new), pk),
                             (pk, 10**6 + k, event_json(event)), (pk, " ".join(tokens)),
                             [(t,) for t in tokens]))
        rows = iter(prepared)

        def bare(rows: Any = rows, tid: str = tid) -> None:
            row, head_row, event_row, words_row, terms = next(rows)
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("SELECT h.data FROM tickets AS t JOIN ticket_heads AS h "
                        "ON h.pk = t.pk WHERE t.id = ?", (tid,)).fetchone()
            raw.execute("SELECT pk, version, event_count FROM tickets WHERE id = ?",
                        (tid,)).fetchone()
            raw.execute(UPDATE_TICKET, row)
            raw.execute(UPDATE_HEAD, head_row)
            raw.execute(INSERT_EVENT, event_row)
            raw.execute(INSERT_WORDS, words_row)
            raw.executemany(INSERT_TERM, terms)
            raw.execute("COMMIT")

        bare_wall, bare_cpu = median(bare, repeat)
        results[size] = wall
        print(fmt.format(f"{size:,}", f"{wall:.3f}", f"{cpu:.3f}", f"{bare_wall:.3f}",
                         f"{bare_cpu:.3f}"))
    raw.close()
    store.close()
    print(f"  ratio {sizes[-1]:,} / {sizes[0]:,} messages: "
          f"{results[sizes[-1]] / results[sizes[0]]:.2f} (target <= 2)")


# -- 3. bulk ------------------------------------------------------------------------------


def bulk_bench(workdir: Path, count: int) -> None:
    print(f"== bulk: {count:,} tickets, batches of {BATCH:,}")
    tickets = [random_ticket(str(n)) for n in range(1, count + 1)]
    batches = [tickets[i: i + BATCH] for i in range(0, count, BATCH)]
    for stale in workdir.glob("bulk-*.db*"):
        stale.unlink()
    SqliteStore(workdir / "bulk-bare.db").close()  # same schema, then bare sqlite3 only
    prepared = [bare_rows(chunk) for chunk in batches]
    conn = sqlite3.connect(workdir / "bulk-bare.db", isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")

    def bare() -> None:
        for rows in prepared:
            conn.execute("BEGIN IMMEDIATE")
            bare_insert(conn, rows)
            conn.execute("COMMIT")

    baseline = timed(bare)
    conn.close()
    store = SqliteStore(workdir / "bulk-ours.db")
    ours = time_add_many(store, batches)
    store.close()
    lines = [json_text(t, what=f"ticket {t.id}", indent=None) + "\n" for t in tickets]
    store = SqliteStore(workdir / "bulk-import.db")

    def run_import() -> None:
        result = import_tickets(store, Policy(), read_records(lines, "bench"))
        assert result.imported == len(lines), result

    imported = timed(run_import)
    store.close()
    print(f"  bare executemany of pre-serialised rows: {count / baseline:9,.0f} tickets/s "
          f"({baseline:.2f}s)")
    print(f"  add_many (serialising included):         {count / ours:9,.0f} tickets/s "
          f"({ours:.2f}s)  ratio {baseline / ours:.2f} (target >= 0.7)")
    print(f"  supportkit import (JSON lines):          {count / imported:9,.0f} tickets/s "
          f"({imported:.2f}s)  ratio {baseline / imported:.2f} (target >= 0.5)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="tickets for the pages")
    parser.add_argument("--bulk", type=int, default=50_000, help="tickets for the bulk part")
    parser.add_argument("--dir", type=Path, default=None,
                        help="work directory (default: a temporary one); big.db is reused")
    parser.add_argument("--only", choices=["queries", "replies", "bulk"], default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storage-sqlite-bench-") as tmp:
        workdir = args.dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"SQLite {sqlite3.sqlite_version}")
        if args.only in (None, "queries"):
            big = workdir / f"big-{args.big}.db"
            if not big.exists():
                build_big(big, args.big)
            query_bench(big, args.big)
        if args.only in (None, "replies"):
            reply_bench(workdir)
        if args.only in (None, "bulk"):
            bulk_bench(workdir, args.bulk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
