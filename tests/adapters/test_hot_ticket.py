"""Hot ticket (issue 14): several processes write to one ticket, or open tickets of one
round-robin category, at once through the public ``Helpdesk`` API, on a SQLite file and on
PostgreSQL. Every reply must succeed and be in the ticket, and every staff member must get
exactly the same number of tickets. ``benchmarks/hot_ticket.py`` is the full-size version.

These pass once the application's write path holds the ticket (and the round-robin record)
with ``get(..., for_update=True)``; on the store alone they fail on PostgreSQL. Find them
with ``-k hot_ticket``.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from supportkit import Helpdesk, TicketQuery
from supportkit.adapters.postgres import PostgresStore

try:
    from . import _hot_ticket, _pg
except ImportError:
    import _hot_ticket  # type: ignore[no-redef]
    import _pg  # type: ignore[no-redef]

PROCESSES = 4
REPLIES = 10
OPENS = 8
STAFF = 4

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Any]:
    if request.param == "sqlite":
        path = str(tmp_path / "support.db")
        _hot_ticket.open_store("sqlite", path).close()  # the schema exists before the race
        return "sqlite", path
    _pg.require_server()
    schema = _pg.random_schema("sk_hot")
    PostgresStore(_pg.DSN, schema=schema, max_size=1).close()
    request.addfinalizer(lambda: _pg.drop_schema(schema))
    return "postgres", (_pg.DSN, schema)


def _spawn(target: Any, args_for: Any) -> list[tuple[int, int, list[str]]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=target, args=(*args_for(n), barrier, results))
               for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    try:
        return sorted(results.get(timeout=300) for _ in workers)
    finally:
        for worker in workers:
            worker.join(timeout=60)


def test_hot_ticket_replies_all_succeed_and_none_is_lost(location: tuple[str, Any]) -> None:
    kind, where = location
    store = _hot_ticket.open_store(kind, where)
    try:
        ticket = Helpdesk(store).open_ticket(_hot_ticket.ALICE, subject="hot", body="all of us")
        reported = _spawn(_hot_ticket.replies, lambda n: (kind, where, ticket.id, n, REPLIES))
        failures = [f for _, _, fs in reported for f in fs]
        assert failures == [], f"{len(failures)} of {PROCESSES * REPLIES} failed: {failures[:3]}"
        bodies = Counter(m.body for m in Helpdesk(store).get(ticket.id).messages)
    finally:
        store.close()
    expected = {f"w{n} r{r}" for n in range(PROCESSES) for r in range(REPLIES)}
    assert {b for b in bodies if b in expected} == expected, "replies were lost"
    assert all(bodies[b] == 1 for b in expected), "a reply was stored twice"


def test_hot_ticket_round_robin_is_exact_under_concurrent_opens(
    location: tuple[str, Any]
) -> None:
    kind, where = location
    reported = _spawn(_hot_ticket.opens, lambda n: (kind, where, STAFF, n, OPENS))
    failures = [f for _, _, fs in reported for f in fs]
    assert failures == [], failures[:3]
    store = _hot_ticket.open_store(kind, where)
    try:
        desk = Helpdesk(store, _hot_ticket.rr_policy(STAFF))
        tickets = desk.tickets(TicketQuery(category=_hot_ticket.CATEGORY))
    finally:
        store.close()
    counts = Counter(t.assignee for t in tickets)
    per_staff = PROCESSES * OPENS // STAFF
    assert counts == {f"staff-{n}": per_staff for n in range(STAFF)}
