"""Worker processes for the hot-ticket tests: replies to one ticket, and round-robin opens.

A small version of ``benchmarks/hot_ticket.py``: each worker opens its own store on the
shared location, waits at a barrier so all start together, and reports how many of its
actions succeeded and the names of the exceptions of the others.
"""

from __future__ import annotations

from typing import Any

from supportkit import Actor, Helpdesk, Policy
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store

CATEGORY = "hosting"
ALICE = Actor.customer("alice", company="acme")


def rr_policy(staff: int) -> Policy:
    return Policy(category_staff={CATEGORY: [f"staff-{n}" for n in range(staff)]})


def open_store(kind: str, location: Any) -> Store:
    """``location``: the SQLite path, or ``(dsn, schema)`` for PostgreSQL."""
    if kind == "sqlite":
        return SqliteStore(location, timeout=60)
    dsn, schema = location
    return PostgresStore(dsn, schema=schema, max_size=2, timeout=60)


def _run(kind: str, location: Any, n: int, barrier: Any, results: Any, act: Any,
         count: int) -> None:
    ok, failures = 0, []
    try:
        store = open_store(kind, location)
        try:
            barrier.wait(timeout=60)
            for r in range(count):
                try:
                    act(store, r)
                    ok += 1
                except Exception as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            store.close()
    except BaseException as exc:
        failures.append(f"worker died: {exc!r}")
    results.put((n, ok, failures))


def replies(kind: str, location: Any, ticket_id: str, n: int, count: int, barrier: Any,
            results: Any) -> None:
    """``count`` support replies ``w<n> r<r>`` to ``ticket_id``."""
    agent = Actor.support(f"agent-{n}")

    def act(store: Store, r: int) -> None:
        Helpdesk(store).reply(ticket_id, agent, f"w{n} r{r}")

    _run(kind, location, n, barrier, results, act, count)


def opens(kind: str, location: Any, staff: int, n: int, count: int, barrier: Any,
          results: Any) -> None:
    """``count`` new tickets of the round-robin category."""

    def act(store: Store, r: int) -> None:
        Helpdesk(store, rr_policy(staff)).open_ticket(
            ALICE, subject=f"w{n} o{r}", body="site down", category=CATEGORY)

    _run(kind, location, n, barrier, results, act, count)
