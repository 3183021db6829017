"""SLA insight: why one ticket is due when it is, and how the desk did over a month.

Run: ``python examples/sla_insight.py [FILE.png]`` — with a file name (and matplotlib, the
``[plot]`` extra) it also draws attainment per week and breaches per priority, the plot in
``docs/insight.md``.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from supportkit import (
    Actor,
    Contract,
    FixedClock,
    GroupBy,
    Helpdesk,
    Measure,
    SlaPolicy,
    SlaTarget,
    presets,
    render_explanation,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.durations import format_duration

EASTERN = ZoneInfo("America/New_York")
COMPANIES = ["acme", "globex", "initech"]
FIELDS = {"ip_or_hostname": "203.0.113.7", "remote_assistance_enabled": "yes"}


def build_desk() -> tuple[Helpdesk, FixedClock]:
    """InterWorx hours (Mon-Fri 08:00-16:00 Eastern, six US holidays, after-hours paging)
    with SLA targets of our own."""
    policy = attrs.evolve(
        presets.interworx.policy(),  # serves direct buyers only: their contracts are loaded
        sla=SlaPolicy(targets=[
            SlaTarget(level="urgent", initial_response=timedelta(hours=1),
                      resolution=timedelta(hours=8)),
            SlaTarget(initial_response=timedelta(hours=4), next_update=timedelta(hours=8),
                      resolution=timedelta(hours=24)),
        ]),
    )
    clock = FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=EASTERN))
    desk = Helpdesk(MemoryStore(), policy, clock)
    for company in COMPANIES:  # each bought its license directly from InterWorx
        desk.add_contract(Contract(id=f"iwx-{company}", company=company, level="standard",
                                   valid_from=datetime(2026, 1, 1, tzinfo=EASTERN)))
    return desk, clock


def a_month_of_tickets(desk: Helpdesk, clock: FixedClock) -> None:
    """May 2026: tickets at random hours, answered and solved after random delays."""
    rng = random.Random(20)
    agent = Actor.support("agent-7")
    start = datetime(2026, 5, 1, tzinfo=EASTERN)
    for number in range(150):
        clock.set(start + timedelta(minutes=rng.randrange(0, 30 * 24 * 60)))
        customer = Actor.customer(f"user-{number}", company=rng.choice(COMPANIES))
        ticket = desk.open_ticket(
            customer, "site down", "since this morning", fields=FIELDS,
            severity=rng.choice(["low", "medium", "medium", "high", "urgent"]),
            category="services down",
        )
        clock.advance(timedelta(minutes=rng.randrange(10, 16 * 60)))
        desk.reply(ticket.id, agent, "looking into it")
        if rng.random() < 0.8:
            clock.advance(timedelta(minutes=rng.randrange(30, 4 * 24 * 60)))
            desk.solve(ticket.id, agent)


def main(plot: Path | None = None) -> None:
    desk, clock = build_desk()
    # Friday 15:00 before Memorial Day: one hour counts on Friday, the weekend and the
    # holiday are skipped, three more hours count on Tuesday.
    clock.set(datetime(2026, 5, 22, 15, 0, tzinfo=EASTERN))
    alice = Actor.customer("alice", company="acme")
    ticket = desk.open_ticket(alice, "mail bounces", "since the upgrade", fields=FIELDS,
                              category="services down")
    print(render_explanation(desk.explain(ticket.id, Measure.FIRST_RESPONSE)))
    print()
    a_month_of_tickets(desk, clock)
    clock.set(datetime(2026, 6, 15, 9, 0, tzinfo=EASTERN))
    may, june = datetime(2026, 5, 1, tzinfo=EASTERN), datetime(2026, 6, 1, tzinfo=EASTERN)
    report = desk.report(may, june, by=GroupBy.PRIORITY)
    print(f"{report.tickets} tickets created in May 2026, by priority:")
    for row in report.rows:
        attainment = "-" if row.attainment is None else f"{row.attainment:.0f}%"
        median = "-" if row.median is None else format_duration(row.median)
        print(f"  {row.group:7} {row.measure:15} met {row.met:3}  breached {row.breached:3}  "
              f"pending {row.pending:3}  attainment {attainment:>4}  median {median}")
    if plot is not None:
        from supportkit.cli.plot import plot_report

        reports = desk.reports(may, june, [GroupBy.WEEK, GroupBy.PRIORITY])
        plot_report(reports[GroupBy.WEEK], reports[GroupBy.PRIORITY], plot,
                    [str(k) for k in desk.policy.priorities.keys])
        print(f"plot written to {plot}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    sys.exit(0)
