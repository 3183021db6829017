"""Retention rate on a SQLite file: closed tickets, each with a shared logo and an
attachment of its own, all due; one ``run_retention`` over them, timed at two sizes.

Prints tickets/s, CPU per ticket for each size and the ratio between sizes (flat per-ticket
cost means a ratio near 1). Issue 15: >= 2,000 closed tickets/s, flat from 10k to 100k.

    python benchmarks/retention_bench.py            # 10k and 100k
    python benchmarks/retention_bench.py 10000 30000
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app.blobs import BLOB_REF, blob_ref_id
from supportkit.ports import BulkTicketRepository, Store
from supportkit.tickets.model import AttachmentRef, Event, Message, Ticket

T0 = datetime(2026, 1, 1, tzinfo=UTC)
RUN = T0 + timedelta(days=200)
LOGO = b"\x89PNG company logo " * 64
_CHUNK = 2000


def _template(store: Store) -> Ticket:
    """One closed ticket with the logo and an attachment of its own, through the desk."""
    desk = Helpdesk(store, Policy(), FixedClock(T0))
    opened = desk.open_ticket(Actor.customer("alice", company="acme"), subject="logo",
                              body="see the attachments",
                              attachments=[Upload("logo.png", LOGO),
                                           Upload("own.log", b"template")])
    desk.close(opened.id, Actor.support("agent-7"))
    return desk.get(opened.id)


def _with_own(ticket: Ticket, ticket_id: str, own: AttachmentRef) -> Ticket:
    def swap(message: Message) -> Message:
        return attrs.evolve(message, attachments=tuple(
            own if ref.filename == "own.log" else ref for ref in message.attachments))

    def swap_event(event: Event) -> Event:
        if event.message is None:
            return event
        return attrs.evolve(event, message=swap(event.message))

    return attrs.evolve(ticket, id=ticket_id, version=1,
                        messages=tuple(swap(m) for m in ticket.messages),
                        events=tuple(swap_event(e) for e in ticket.events))


def build(path: Path, size: int) -> SqliteStore:
    """``size`` closed, due tickets (the template plus clones), indexed like the desk does."""
    store = SqliteStore(path)
    template = _template(store)
    logo = template.messages[0].attachments[0].sha256
    for start in range(1, size, _CHUNK):
        tickets = []
        for n in range(start, min(start + _CHUNK, size)):
            content = b"own attachment %d" % n
            blob = store.blobs.put(content)
            own = AttachmentRef("own.log", blob.size, blob.sha256)
            tickets.append(_with_own(template, f"b{n:07d}", own))
        with store.unit_of_work() as uow:
            repo = uow.tickets
            assert isinstance(repo, BulkTicketRepository)
            repo.add_many(tickets)
            for ticket in tickets:
                for digest in (logo, ticket.messages[0].attachments[1].sha256):
                    uow.records.put(BLOB_REF, blob_ref_id(ticket.id, digest),
                                    {"sha256": digest, "ticket": ticket.id},
                                    keys={"sha256": digest})
    return store


def measure(size: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, tickets purged) of one retention run over ``size``."""
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder) / "desk.db", size)
        desk = Helpdesk(store, Policy(), FixedClock(RUN))
        wall, cpu = time.perf_counter(), time.process_time()
        report = desk.run_retention()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert report.blobs_deleted == size + 1, report.blobs_deleted  # own ones + the logo
        store.close()
        return wall, cpu, len(report.purged)


def main(sizes: list[int]) -> None:
    print(f"{'tickets':>9} {'wall s':>8} {'CPU s':>8} {'tickets/s':>10} {'CPU µs/ticket':>14}")
    per_ticket: list[float] = []
    for size in sizes:
        wall, cpu, purged = measure(size)
        assert purged == size, (purged, size)
        per_ticket.append(cpu / size)
        print(f"{size:>9,} {wall:>8.2f} {cpu:>8.2f} {size / wall:>10,.0f} "
              f"{cpu / size * 1e6:>14,.0f}")
    for (small, a), (big, b) in zip(zip(sizes, per_ticket, strict=True),
                                    zip(sizes[1:], per_ticket[1:], strict=True), strict=False):
        print(f"CPU per ticket, {big:,} vs {small:,}: {b / a:.2f}x")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
