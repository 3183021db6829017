"""The random tickets every store benchmark loads: 500 companies, 5,000 requesters, 30 % of
the tickets addressed to one of 1,000 accounts (resellers' handled tickets), deadlines
spread over a year, subjects and bodies from a small vocabulary (so searches hit)."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from supportkit import Actor, TicketStatus
from supportkit.ports import BulkTicketRepository, Store, TicketQuery
from supportkit.testing.contract import make_ticket
from supportkit.tickets.model import Ticket

T0 = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_MINUTES = 365 * 24 * 60
rng = random.Random(20261128)
VOCABULARY = [f"{a}{b}" for a in ("mail", "dns", "disk", "cert", "web", "db", "php", "ftp")
              for b in ("", "s", "er", "ing", "ed", "box", "zone", "host", "load", "fail",
                        "quota", "limit", "root", "node", "sync", "spam", "relay", "cron",
                        "ssl", "ip", "vm", "raid", "log", "key", "user")]
STATUSES = [TicketStatus.OPEN, TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.ARCHIVED]


def random_ticket(ticket_id: str) -> Ticket:
    """A version-1 ticket with random requester, status, category, words and deadlines."""
    company = f"company-{rng.randrange(500)}"
    requester = Actor.customer(f"user-{rng.randrange(5000)}", company=company)
    due = T0 + timedelta(minutes=rng.randrange(YEAR_MINUTES))
    return make_ticket(
        ticket_id,
        subject=" ".join(rng.choices(VOCABULARY, k=4)),
        body=" ".join(rng.choices(VOCABULARY, k=10)),
        requester=requester,
        status=rng.choice(STATUSES),
        category=rng.choice(["mail", "dns", "web", None]),
        addressed_to=f"account-{rng.randrange(1000)}" if rng.random() < 0.3 else None,
        deadlines={
            "first_response_due": due,
            "eta": due + timedelta(days=2) if rng.random() < 0.5 else None,
            "escalation_eligible_at": due + timedelta(hours=1),
            "retention_due": due + timedelta(days=90),
        },
    )


def queries() -> dict[str, TicketQuery]:
    """The queries every store benchmark times on its big table, by name."""
    soon = T0 + timedelta(days=1)
    return {
        "due before T (limit 100)":
            TicketQuery(due="first_response_due", due_before=soon, limit=100),
        "due in the next 15 minutes (limit 100)":
            TicketQuery(due="first_response_due", due_from=soon,
                        due_before=soon + timedelta(minutes=15), limit=100),
        "open tickets of company C (limit 100)":
            TicketQuery(company="company-42", statuses=frozenset({TicketStatus.OPEN}),
                        limit=100),
        "all tickets of company C, page 1 (limit 100)":
            TicketQuery(company="company-42", limit=100),
        "own tickets of requester U (limit 100)":
            TicketQuery(requester="user-7", limit=100),
        "handled by a 10-account subtree (limit 100)":
            TicketQuery(addressed_to_any=frozenset(f"account-{n}" for n in range(10)),
                        limit=100),
        "search 'mailrelay diskquota' (limit 100)":
            TicketQuery(text="mailrelay diskquota", limit=100),
        "search 'certssl' (limit 100)": TicketQuery(text="certssl", limit=100),
    }


def timed(run: Callable[[], Any]) -> float:
    """Seconds one call of ``run`` takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def median_ms(run: Callable[[], Any], repeat: int = 30) -> float:
    """The median of ``repeat`` timed calls (after one warm-up call), in milliseconds."""
    run()
    return statistics.median(timed(run) for _ in range(repeat)) * 1000


def time_add_many(store: Store, batches: Sequence[Sequence[Ticket]]) -> float:
    """Seconds to add ``batches`` with ``add_many``, one unit of work per batch."""

    def run() -> None:
        for chunk in batches:
            with store.unit_of_work() as uow:
                tickets = uow.tickets
                assert isinstance(tickets, BulkTicketRepository)
                tickets.add_many(chunk)

    return timed(run)
