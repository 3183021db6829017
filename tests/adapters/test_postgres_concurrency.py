"""Eight worker processes on one PostgreSQL database at once, on overlapping tickets:
replies, notes, severity changes, a retention queue and an outbox claimed with SKIP LOCKED.
At the end the event log must hold every action a worker saw succeed exactly once, nothing a
worker saw fail, and every queued item must have been done by exactly one worker."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from supportkit import Actor, Conflict, Helpdesk, InvalidInput
from supportkit.adapters.postgres import PostgresStore
from supportkit.clock import SystemClock
from supportkit.ports import ClaimingRecordRepository, ClaimingTicketRepository
from supportkit.tickets.head import advance
from supportkit.tickets.model import Event

try:
    from . import _pg, _workload
except ImportError:
    import _pg  # type: ignore[no-redef]
    import _workload  # type: ignore[no-redef]

WORKERS = 8
ROUNDS = 8
TICKETS = 6
OUTBOX = 40
MANAGER = Actor.support("shift-manager", roles={"shift-manager"})


def run_worker(n: int, dsn: str, schema: str, ids: list[str], barrier: Any, results: Any) -> None:
    """Process entry point: report the worker's result, or its failure, on ``results``."""
    try:
        results.put((n, worker(n, dsn, schema, ids, barrier)))
    except BaseException as exc:
        results.put((n, f"{type(exc).__name__}: {exc}"))


def worker(
    n: int, dsn: str, schema: str, ids: list[str], barrier: Any
) -> dict[str, list[Any]]:
    """One process: a mix of desk actions and queue claims; reports what succeeded."""
    done: dict[str, list[Any]] = {
        "replies": [], "failed_replies": [], "severities": [], "notes": [],
        "retention": [], "outbox": [],
    }
    agent = Actor.support(f"agent-{n}", roles={"shift-manager"})
    with PostgresStore(dsn, schema=schema, max_size=2) as store:
        desk = Helpdesk(store)
        barrier.wait(timeout=60)  # all workers begin together, not as they spawn
        done["span"] = [time.time()]
        for r in range(ROUNDS):
            tid = ids[(n + r) % len(ids)]
            body = f"reply w{n} r{r}"
            try:
                desk.reply(tid, agent, body)
                done["replies"].append((tid, body))
            except Conflict:
                done["failed_replies"].append((tid, body))
            note = (ids[(n * 3 + r) % len(ids)], f"note w{n} r{r}")
            try:
                desk.note(*note[:1], agent, note[1])
                done["notes"].append(note)
            except Conflict:  # retried by the desk, still lost the race every time
                done["failed_replies"].append(note)
            try:
                reason = f"sev w{n} r{r}"
                desk.set_severity(ids[(n + 2 * r) % len(ids)], agent, 1 + (n + r) % 4,
                                  reason=reason)
                done["severities"].append(reason)
            except (Conflict, InvalidInput):
                pass  # a stale read or the same severity: refused, nothing written
            with store.unit_of_work() as uow:
                assert isinstance(uow.tickets, ClaimingTicketRepository)
                now = SystemClock().now()
                for t in uow.tickets.claim_due("eta", now, limit=1):
                    at = max(now, t.updated_at)
                    event = Event("retention_run", at, Actor.system(f"w{n}"), {"worker": n})
                    new = advance(t, event)
                    uow.tickets.append(attrs.evolve(new, eta=None, version=t.version + 1),
                                       [event])
                    done["retention"].append(t.id)
            with store.unit_of_work() as uow:
                assert isinstance(uow.records, ClaimingRecordRepository)
                for _, rid, data in uow.records.claim("work_queue", "state", "pending", limit=2):
                    uow.records.put("work_queue", rid, {**data, "sent_by": n},
                                    keys={"state": "sent"})
                    done["outbox"].append(rid)
        done["span"].append(time.time())
    return done


def test_eight_processes_lose_nothing_and_do_nothing_twice() -> None:
    store = _pg.fresh_store()
    desk = Helpdesk(store)
    ids = []
    past = datetime.now(UTC) - timedelta(hours=1)
    for i in range(TICKETS):
        t = desk.open_ticket(Actor.customer(f"c{i}", company="acme"), f"ticket {i}", "help")
        with store.unit_of_work() as uow:
            # A deadline the desk's own actions never recompute (the derived ones, such as
            # retention_due, are recomputed on every reply), used as the work queue.
            head = uow.tickets.head(t.id, for_update=True)
            uow.tickets.append(attrs.evolve(head, eta=past, version=head.version + 1), [])
        ids.append(t.id)
    with store.unit_of_work() as uow:
        for m in range(OUTBOX):
            uow.records.put("work_queue", f"m{m}", {"to": f"u{m}"}, keys={"state": "pending"})

    ctx = multiprocessing.get_context("spawn")  # never fork a process that has pool threads
    barrier, queue = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [ctx.Process(target=run_worker,
                             args=(n, _pg.DSN, store.schema, ids, barrier, queue))
                 for n in range(WORKERS)]
    for process in processes:
        process.start()
    reported = dict(queue.get(timeout=120) for _ in range(WORKERS))
    for process in processes:
        process.join(timeout=30)
    failures = {n: r for n, r in reported.items() if isinstance(r, str)}
    assert failures == {}
    results = [reported[n] for n in range(WORKERS)]
    # The workers really ran at the same time.
    assert max(r["span"][0] for r in results) < min(r["span"][1] for r in results)

    tickets = {tid: desk.get(tid) for tid in ids}
    bodies = Counter((tid, m.body) for tid, t in tickets.items() for m in t.messages)
    succeeded = [item for r in results for item in r["replies"] + r["notes"]]
    assert len(succeeded) >= WORKERS * ROUNDS  # most replies and notes went through
    for item in succeeded:
        assert bodies[item] == 1, item  # lost nothing, wrote nothing twice
    failed = [item for r in results for item in r["failed_replies"]]
    print(f"{len(succeeded)} replies/notes written, {len(failed)} refused after retries")
    for item in failed:
        assert bodies[item] == 0, item  # a refused reply left no trace
    reasons = Counter(e.data.get("reason") for t in tickets.values() for e in t.events
                      if e.kind == "severity_changed")
    assert sorted(reasons.elements()) == sorted(r for res in results for r in res["severities"])

    # Retention queue: every due ticket handled exactly once, by the worker that says so.
    claimed = [tid for r in results for tid in r["retention"]]
    assert sorted(claimed) == sorted(ids)
    for n, r in enumerate(results):
        for tid in r["retention"]:
            runs = [e for e in tickets[tid].events if e.kind == "retention_run"]
            assert [e.data["worker"] for e in runs] == [n]
            assert tickets[tid].eta is None
    # Outbox: every message sent exactly once.
    sent = [rid for r in results for rid in r["outbox"]]
    assert sorted(sent) == sorted(f"m{m}" for m in range(OUTBOX))
    with store.unit_of_work() as uow:
        records = {rid: data for _, rid, data in uow.records.list("work_queue")}
        assert uow.records.find("work_queue", "state", "pending") == []
    for n, r in enumerate(results):
        for rid in r["outbox"]:
            assert records[rid]["sent_by"] == n
    # Versions count the saves: one per event after the opening one (+1 for the setup save).
    for t in tickets.values():
        assert t.version == len(t.events) + 1


def test_eight_desk_workers_share_replies_escalations_retention_and_the_outbox() -> None:
    """Issue 10: eight processes doing replies, escalations and retention at once on
    overlapping tickets, plus outbox senders, lose nothing and do nothing twice (see
    ``_workload`` for what each worker does and what is checked)."""
    store = _pg.fresh_store()
    ids = _workload.setup(store)
    location = (_pg.DSN, store.schema)
    ctx = multiprocessing.get_context("spawn")  # never fork a process that has pool threads
    barrier, queue = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [ctx.Process(target=_workload.run_worker,
                             args=(n, "postgres", location, ids, barrier, queue))
                 for n in range(WORKERS)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    reported = dict(queue.get(timeout=120) for _ in range(WORKERS))
    for process in processes:
        process.join(timeout=30)
    failures = {n: r for n, r in reported.items() if isinstance(r, str)}
    assert failures == {}
    results = [reported[n] for n in range(WORKERS)]
    busy = max(r["span"][1] for r in results) - min(r["span"][0] for r in results)
    print(f"{WORKERS} desk workers: {time.perf_counter() - started:.2f}s with process start, "
          f"{busy:.2f}s of overlapping work; "
          + ", ".join(f"{sum(len(r[k]) for r in results)} {k}"
                      for k in ("replies", "notes", "escalations", "refused", "purged", "sent")))
    _workload.check(store, ids, results)
