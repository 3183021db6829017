"""SLA insight (issue 20): ``explain`` calls/s, and ``report`` wall time and peak memory.

    python benchmarks/insight_bench.py                    # explain, then report at 100k
    python benchmarks/insight_bench.py --report 100000 1000000
    python benchmarks/insight_bench.py --explain-only
    python benchmarks/insight_bench.py --report 100000 --postgres   # also on PostgreSQL

**explain**: the pure ``supportkit.sla.explain.explain(ticket, policy, measure)`` over 2,000
tickets with histories (opened at random instants over four weeks, a support reply, some
solved, some reopened by the customer and some with an ETA), per measure, on the InterWorx
and Odin presets as shipped and on InterWorx with SLA targets of its own (the preset has
none: first response 4h, next update 8h, resolution 24h on its hours, as in
``docs/insight.md``). ``desk.explain`` adds one ticket read from the store to this.

**report**: ``desk.report(start, end)`` over a SQLite file (and with ``--postgres`` a
PostgreSQL schema, ``--dsn``) holding N such tickets (bulk loaded), run in a fresh process
per size so its peak RSS (``ru_maxrss``) is the report's own; ``peak - base`` is what the
report added to the process after opening the store.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

from supportkit import (
    Actor,
    FixedClock,
    Helpdesk,
    Measure,
    Policy,
    SlaPolicy,
    SlaTarget,
    presets,
)
from supportkit.adapters.sqlite import SqliteStore
from supportkit.deadlines import derive
from supportkit.ports import BulkTicketRepository, Store
from supportkit.sla.explain import explain
from supportkit.tickets.history import apply, replay
from supportkit.tickets.model import Event, Message, Ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGENT = Actor.support("agent-7")
CHUNK = 5000


def interworx_with_targets() -> Policy:
    return attrs.evolve(
        presets.interworx.policy(require_entitlement=False),
        sla=SlaPolicy(targets=[SlaTarget(initial_response=timedelta(hours=4),
                                         next_update=timedelta(hours=8),
                                         resolution=timedelta(hours=24))]),
    )


POLICIES = {
    "interworx": lambda: presets.interworx.policy(require_entitlement=False),
    "interworx+targets": interworx_with_targets,
    "odin": lambda: presets.odin.policy(require_entitlement=False),
}


def history(n: int, policy: Policy, rng: random.Random) -> Ticket:
    """Ticket ``n``: opened, maybe answered, solved, reopened by the customer, given an ETA."""
    levels = [level.key for level in policy.priorities.levels]
    at = T0 + timedelta(minutes=rng.randrange(28 * 24 * 60))
    requester = Actor.customer(f"user-{n % 5000}", company=f"company-{n % 500}")
    data = {"subject": f"ticket {n}", "severity": rng.choice(levels), "status": "open",
            "channel": "web", "category": rng.choice(["mail", "dns", "web"])}
    ticket = replay(str(n), [Event("opened", at, requester, data,
                                   Message(requester.id, requester.side, "help", "web", at))])

    def later(most_minutes: int) -> datetime:
        return ticket.updated_at + timedelta(minutes=rng.randrange(1, most_minutes))

    if rng.random() < 0.8:
        when = later(16 * 60)
        reply = Message(AGENT.id, AGENT.side, "looking", "web", when)
        ticket = apply(ticket, Event("replied", when, AGENT, {"status": "open"}, reply))
    if rng.random() < 0.25:
        when = later(60)
        eta = when + timedelta(hours=rng.randrange(1, 72))
        ticket = apply(ticket, Event("eta_set", when, AGENT,
                                     {"status": "open", "eta": eta.isoformat()}))
    if rng.random() < 0.6:
        ticket = apply(ticket, Event("solved", later(4 * 24 * 60), AGENT, {"status": "solved"}))
        if rng.random() < 0.2:
            when = later(24 * 60)
            reply = Message(requester.id, requester.side, "still broken", "web", when)
            ticket = apply(ticket, Event("replied", when, requester, {"status": "open"}, reply))
    return attrs.evolve(derive(ticket, policy), version=1)


def bench_explain(count: int) -> None:
    print(f"explain (pure), {count:,} tickets each, calls/s (best of 3):")
    header = "".join(f"{m.value:>16}" for m in Measure)
    print(f"{'policy':<20}{header}{'all five':>12}")
    for name, make in POLICIES.items():
        policy = make()
        rng = random.Random(20)
        tickets = [history(n, policy, rng) for n in range(1, count + 1)]
        rates = []
        for measure in Measure:
            best = min(_time(lambda m=measure, p=policy, ts=tickets: [explain(t, p, m)
                                                                        for t in ts])
                       for _ in range(3))
            rates.append(count / best)
        overall = len(rates) / sum(1 / r for r in rates)  # harmonic mean: one call each
        print(f"{name:<20}" + "".join(f"{r:>16,.0f}" for r in rates) + f"{overall:>12,.0f}")


def _time(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def open_store(where: str, dsn: str) -> Store:
    """``sqlite:PATH`` or ``postgres:SCHEMA``."""
    kind, _, name = where.partition(":")
    if kind == "postgres":
        from supportkit.adapters.postgres import PostgresStore

        return PostgresStore(dsn, schema=name)
    return SqliteStore(name)


def build(where: str, dsn: str, size: int) -> float:
    """A desk store with ``size`` tickets (interworx+targets); seconds it took."""
    policy = interworx_with_targets()
    rng = random.Random(size)
    start = time.perf_counter()
    store = open_store(where, dsn)
    for first in range(1, size + 1, CHUNK):
        tickets = [history(n, policy, rng) for n in range(first, min(first + CHUNK, size + 1))]
        with store.unit_of_work() as uow:
            repo = uow.tickets
            assert isinstance(repo, BulkTicketRepository)
            repo.add_many(tickets)
    store.close()
    return time.perf_counter() - start


def run_report(where: str, dsn: str) -> None:
    """In a fresh process: open the store, note the RSS, run the report, print JSON."""
    store = open_store(where, dsn)
    desk = Helpdesk(store, interworx_with_targets(), FixedClock(T0 + timedelta(days=40)))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    report = desk.report(T0, T0 + timedelta(days=28), by="company")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"tickets": report.tickets, "rows": len(report.rows), "wall": wall,
                      "cpu": cpu, "base_kb": base, "peak_kb": peak}))


def drop_schema(dsn: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def bench_report(sizes: list[int], kinds: list[str], dsn: str) -> None:
    print("report by company (500 groups x 2 measures), one process per size:")
    print(f"{'store':<11}{'tickets':>10} {'build s':>8} {'wall s':>8} {'CPU s':>8} "
          f"{'tickets/s':>10} {'base MB':>8} {'peak MB':>8} {'added MB':>9}")
    for kind in kinds:
        for size in sizes:
            with tempfile.TemporaryDirectory() as folder:
                schema = f"bench_insight_{os.getpid()}_{size}"
                where = (f"postgres:{schema}" if kind == "postgres"
                         else f"sqlite:{Path(folder) / 'desk.db'}")
                try:
                    built = build(where, dsn, size)
                    done = subprocess.run(  # noqa: S603 - this script, a store we made
                        [sys.executable, __file__, "--dsn", dsn, "--run-report", where],
                        capture_output=True, text=True, check=True)
                finally:
                    if kind == "postgres":
                        drop_schema(dsn, schema)
                data = json.loads(done.stdout)
                assert data["tickets"] == size, data
                base, peak = data["base_kb"] / 1024, data["peak_kb"] / 1024
                print(f"{kind:<11}{size:>10,} {built:>8.1f} {data['wall']:>8.2f} "
                      f"{data['cpu']:>8.2f} {size / data['wall']:>10,.0f} {base:>8.1f} "
                      f"{peak:>8.1f} {peak - base:>9.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", type=int, default=2000, metavar="N")
    parser.add_argument("--report", type=int, nargs="*", default=[100_000], metavar="N")
    parser.add_argument("--explain-only", action="store_true")
    parser.add_argument("--postgres", action="store_true",
                        help="run the report on PostgreSQL too")
    parser.add_argument("--dsn", default=os.environ.get(
        "SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--run-report", metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_report:
        run_report(args.run_report, args.dsn)
        return
    bench_explain(args.explain)
    if not args.explain_only:
        bench_report(args.report, ["sqlite", "postgres"] if args.postgres else ["sqlite"],
                     args.dsn)


if __name__ == "__main__":
    main()
