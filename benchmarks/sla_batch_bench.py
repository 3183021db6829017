"""SLA batch: due + paging + escalation for 10,000 tickets, on every preset.

Run: python benchmarks/sla_batch_bench.py [--tickets 10000] [--repeat 5]

Each preset gets the same mix of open tickets (opened at random instants over four weeks, a
third with a support reply, a quarter with an ETA, severities drawn from the preset's
scheme). One batch computes, for every ticket, ``sla_status`` (first response, next update,
resolution), ``paging_decision`` and ``escalation_decision`` at one instant — what a
dashboard or a breach-alert job does once a minute. The table shows the best of
``--repeat`` runs (process CPU time) and the time per ticket. Issue 15's target: < 100 ms for
10,000 tickets on every preset. A baseline row times the bare loop over the same snapshots
(reading three attributes of each ticket), the floor any batch pays in CPython.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs

from supportkit import Actor, Policy, presets
from supportkit.deadlines import derive
from supportkit.sla.escalation import escalation_decision
from supportkit.sla.paging import paging_decision
from supportkit.sla.status import sla_status
from supportkit.tickets.history import apply, replay
from supportkit.tickets.model import Event, Message, Ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGENT = Actor.support("agent-7")


def tickets_for(policy: Policy, count: int, rng: random.Random) -> list[Ticket]:
    """``count`` open snapshots derived with ``policy``, as a store would hold them."""
    levels = [level.key for level in policy.priorities.levels]
    found = []
    for n in range(count):
        at = T0 + timedelta(minutes=rng.randrange(28 * 24 * 60))
        requester = Actor.customer(f"user-{n % 500}", company=f"company-{n % 50}")
        data = {"subject": f"ticket {n}", "severity": rng.choice(levels), "status": "open",
                "channel": "web"}
        message = Message(requester.id, requester.side, "help", "web", at)
        ticket = replay(str(n + 1), [Event("opened", at, requester, data, message)])
        if rng.random() < 0.33:
            later = at + timedelta(minutes=rng.randrange(1, 600))
            reply = Message(AGENT.id, AGENT.side, "looking", "web", later)
            ticket = apply(ticket, Event("replied", later, AGENT, {"status": "open"}, reply))
        if rng.random() < 0.25:
            eta_at = ticket.updated_at + timedelta(minutes=1)
            eta = eta_at + timedelta(hours=rng.randrange(1, 72))
            ticket = apply(ticket, Event("eta_set", eta_at, AGENT,
                                         {"status": "open", "eta": eta.isoformat()}))
        found.append(attrs.evolve(derive(ticket, policy), version=1))
    return found


def batch(tickets: list[Ticket], policy: Policy, now: datetime) -> int:
    pages = 0
    for ticket in tickets:
        sla_status(ticket, policy, now)
        pages += paging_decision(ticket, policy).page
        escalation_decision(ticket, policy, now)
    return pages


def bare(tickets: list[Ticket], policy: Policy, now: datetime) -> int:
    return sum(1 for t in tickets if t.first_response_due and t.eta and t.severity)


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = T0 + timedelta(days=29)
    print(f"== SLA batch: sla_status + paging_decision + escalation_decision, "
          f"{args.tickets:,} open tickets, best of {args.repeat} (CPU)")
    print(f"{'preset':<14}{'batch ms':>10}{'us/ticket':>11}{'bare ms':>9}{'ratio':>8}"
          f"{'target':>9}")
    for name in presets.names():
        policy = presets.get(name, require_entitlement=False)
        tickets = tickets_for(policy, args.tickets, random.Random(name))
        took = best(lambda: batch(tickets, policy, now), args.repeat)  # noqa: B023
        floor = best(lambda: bare(tickets, policy, now), args.repeat)  # noqa: B023
        verdict = "ok" if took < 0.100 * args.tickets / 10_000 else "SLOW"
        print(f"{name:<14}{took * 1000:>10.1f}{took / args.tickets * 1e6:>11.2f}"
              f"{floor * 1000:>9.2f}{took / floor:>8.0f}x{verdict:>9}")


if __name__ == "__main__":
    main()
