"""The PostgreSQL store passes the desk contract suite on a real server.

Every test runs on this run's random schema (``tests/adapters/_pg.py``), emptied first;
several stores on one location are several connection pools on one database (processes).
Skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

from pathlib import Path

import _pg  # tests/adapters/_pg.py, on the path through tests/conftest.py

from supportkit import Actor, FixedClock, Helpdesk, TicketStatus
from supportkit.adapters.postgres import PostgresStore
from supportkit.testing.desk import DeskContract, eastern, interworx_policy


class TestPostgresDesk(DeskContract):
    persistent = True
    supports_threads = True
    supports_concurrent_processes = True

    def make_store(self, tmp_path: Path) -> PostgresStore:
        store: PostgresStore = _pg.store_at(tmp_path)
        return store


def test_a_pool_of_one_connection_runs_every_action(tmp_path: Path) -> None:
    """Issue 14: ``supply_information`` opened a second unit of work inside its own, which
    on a pool of one connection waited out the pool timeout. Every action and read takes
    one connection at a time, so a pool of one is enough (the wait here is 5 s at most)."""
    _pg.store_at(tmp_path).close()  # empties the run's schema
    store = PostgresStore(_pg.DSN, schema=_pg.session_schema(), min_size=1, max_size=1,
                          timeout=5)
    try:
        # Wednesday 4 March 2026, 10:00 Eastern: inside InterWorx hours.
        desk = Helpdesk(store, interworx_policy(), FixedClock(eastern(2026, 3, 4, 10)))
        alice, agent = Actor.customer("alice", company="acme"), Actor.support("agent-7")
        ticket = desk.open_ticket(alice, subject="DNS", body="No answers", category="DNS",
                                  fields={"ip_or_hostname": "203.0.113.7"})
        assert ticket.awaiting_information
        supplied = desk.supply_information(ticket.id, alice,
                                           {"remote_assistance_enabled": "yes"})
        assert not supplied.awaiting_information
        desk.reply(ticket.id, agent, "Looking into it")
        desk.note(ticket.id, agent, "resolver on ns2")
        desk.solve(ticket.id, agent)
        desk.confirm(ticket.id, alice)
        assert desk.get(ticket.id, alice).status is TicketStatus.CLOSED
        assert [t.id for t in desk.tickets(alice)] == [ticket.id]
        assert desk.outbox.pending(limit=100)
        assert desk.run_retention().purged == ()
    finally:
        store.close()
