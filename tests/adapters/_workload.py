"""A mixed desk workload for several worker processes sharing one store.

Each worker, at the same time as the others and on the same tickets: customer replies and
escalations on open tickets, support notes on closed tickets that are due for retention,
``desk.run_retention()`` and outbox sending through ``desk.outbox.batch``. Afterwards every
worker drains the outbox and runs retention once more. :func:`check` then holds the event
log against what the workers say they did: every accepted action exactly once, nothing a
worker saw refused, one ``purged`` event per due ticket (reported by exactly one worker),
and every outbox entry sent by exactly one worker.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from supportkit import (
    Actor,
    Conflict,
    EscalationPolicy,
    EscalationRule,
    FixedClock,
    Helpdesk,
    Policy,
    TicketQuery,
    Upload,
)
from supportkit.app.outbox import KIND as OUTBOX
from supportkit.app.retention import PENDING, PURGED
from supportkit.ports import Store
from supportkit.privacy.retention import RetentionPolicy

ROUNDS = 4
OPEN = 4  # open tickets: replies and escalations
DUE = 12  # closed 200 days ago: notes and retention
ALICE = Actor.customer("alice", company="acme")
SHARED = b"log shared by due tickets only\n" * 40
KEPT = b"log a young ticket shares and keeps\n" * 40


def policy() -> Policy:
    """Escalation by button a minute after opening (support never replies here), retention
    in batches of two so several workers take part."""
    return Policy(
        escalation=EscalationPolicy(rules=[EscalationRule(
            level=None, trigger="since_support_reply", after=timedelta(minutes=1),
            methods={"button"})]),
        retention=RetentionPolicy(batch_size=2),
    )


def open_store(kind: str, location: Any) -> Store:
    if kind == "postgres":
        from supportkit.adapters.postgres import PostgresStore

        dsn, schema = location
        return PostgresStore(dsn, schema=schema, max_size=3)
    from supportkit.adapters.sqlite import SqliteStore

    return SqliteStore(location)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def own(n: int) -> bytes:
    return f"own log of ticket {n}\n".encode() * 30


def setup(store: Store) -> dict[str, list[str]]:
    """Tickets for the workload; returns their ids by role."""
    now = datetime.now(UTC)
    clock = FixedClock(now - timedelta(days=200))
    desk = Helpdesk(store, policy(), clock)
    agent = Actor.support("setup")
    due = []
    for n in range(DUE):
        files = [Upload("shared.log", SHARED), Upload(f"own-{n}.log", own(n))]
        if n % 4 == 0:
            files.append(Upload("kept.log", KEPT))
        t = desk.open_ticket(ALICE, f"old {n}", "logs attached", attachments=files)
        due.append(desk.close(t.id, agent).id)
    clock.set(now - timedelta(days=10))
    young = desk.open_ticket(ALICE, "young", "same log", attachments=[Upload("k.log", KEPT)])
    keeper = desk.close(young.id, agent).id
    clock.set(now - timedelta(days=1))
    open_ids = [desk.open_ticket(ALICE, f"open {n}", "help").id for n in range(OPEN)]
    return {"open": open_ids, "due": due, "keeper": [keeper]}


def run_worker(n: int, kind: str, location: Any, ids: dict[str, list[str]], barrier: Any,
               results: Any) -> None:
    """Process entry point: report the worker's result, or its failure, on ``results``."""
    try:
        results.put((n, worker(n, kind, location, ids, barrier)))
    except BaseException as exc:
        results.put((n, f"{type(exc).__name__}: {exc}"))


def worker(n: int, kind: str, location: Any, ids: dict[str, list[str]],
           barrier: Any) -> dict[str, list[Any]]:
    done: dict[str, list[Any]] = {
        "replies": [], "refused": [], "notes": [], "escalations": [], "purged": [], "sent": [],
    }
    agent = Actor.support(f"agent-{n}")
    store = open_store(kind, location)
    try:
        desk = Helpdesk(store, policy())
        opened, due = ids["open"], ids["due"]
        barrier.wait(timeout=60)  # all workers begin together, not as they spawn
        done["span"] = [time.time()]
        for r in range(ROUNDS):
            reply = (opened[(n + r) % OPEN], f"reply w{n} r{r}")
            try:
                desk.reply(reply[0], ALICE, reply[1])
                done["replies"].append(reply)
            except Conflict:  # retried by the desk, lost the race every time
                done["refused"].append(reply)
            target = opened[(n * 3 + r) % OPEN]
            try:
                desk.escalate(target, ALICE, method="button")
                done["escalations"].append(target)
            except Conflict:  # not retried: a stale read is refused and writes nothing
                pass
            note = (due[(n * 5 + r) % DUE], f"note w{n} r{r}")
            try:
                desk.note(note[0], agent, note[1])
                done["notes"].append(note)
            except Conflict:
                done["refused"].append(note)
            done["purged"] += desk.run_retention().purged
            with desk.outbox.batch(3) as batch:
                done["sent"] += [note.id for note in batch]
        done["span"].append(time.time())
        barrier.wait(timeout=60)  # every action is in: drain what is left, together
        done["purged"] += desk.run_retention().purged
        while True:
            with desk.outbox.batch(5) as batch:
                taken = [note.id for note in batch]
            if not taken:
                break
            done["sent"] += taken
    finally:
        store.close()
    return done


def check(store: Store, ids: dict[str, list[str]], results: list[dict[str, list[Any]]],
          ) -> None:
    """Everything the workers report against the event log (see the module docstring)."""
    # The workers really ran at the same time.
    assert max(r["span"][0] for r in results) < min(r["span"][1] for r in results)
    with store.unit_of_work() as uow:
        tickets = {t.id: uow.tickets.get(t.id) for t in uow.tickets.query(TicketQuery())}
        outbox = {rid: data for _, rid, data in uow.records.list(OUTBOX)}
        pending_deletions = uow.records.list(PENDING)
    bodies = Counter((tid, m.body) for tid, t in tickets.items() for m in t.messages)
    accepted = [item for r in results for item in r["replies"] + r["notes"]]
    assert len(accepted) >= len(results) * ROUNDS  # most went through
    for item in accepted:
        assert bodies[item] == 1, f"{item} should be in the log exactly once"
    for item in (item for r in results for item in r["refused"]):
        assert bodies[item] == 0, f"refused {item} left a trace"
    escalated = Counter(tid for r in results for tid in r["escalations"])
    for tid in ids["open"]:
        assert sum(e.kind == "escalated" for e in tickets[tid].events) == escalated[tid]
    assert sum(escalated.values()) > 0

    # Retention: each due ticket purged exactly once, by exactly one worker.
    reported = [tid for r in results for tid in r["purged"]]
    assert sorted(reported) == sorted(ids["due"]), "each due ticket reported by one worker"
    for tid, ticket in tickets.items():
        purges = [e for e in ticket.events if e.kind == PURGED]
        assert len(purges) == (1 if tid in ids["due"] else 0), tid
        assert ticket.version == len(ticket.events), "one save per event"
        refs = [ref for m in ticket.messages for ref in m.attachments]
        assert all(ref.purged == (tid in ids["due"]) for ref in refs), tid
    blobs = set(store.blobs.iter_digests())
    assert digest(KEPT) in blobs, "the young ticket keeps the content it shares"
    assert digest(SHARED) not in blobs
    assert not {digest(own(n)) for n in range(DUE)} & blobs
    assert pending_deletions == []

    # Outbox: every entry sent, each by exactly one worker.
    sent = Counter(nid for r in results for nid in r["sent"])
    assert sent and max(sent.values()) == 1, "an entry was sent twice"
    assert set(sent) == set(outbox)
    assert all(data["state"] == "sent" for data in outbox.values())
