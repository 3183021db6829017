"""A user's script, fully typed: ``mypy --strict examples/typed_user.py`` passes.

The fixed sets of names supportkit takes are ``Literal`` types (``Channel``,
``ScopeName``, ``RoutingMode``, ``EventKindName`` …), so a misspelt ``channel="emial"``,
``scope="compnay"``, ``Policy(routing="hierachy")`` or ``event.kind == "replyed"`` is a
type error before the code runs (``tests/web/test_typing.py`` checks that mypy reports
them). Error attributes are typed (``NotEligible.eligible_at`` is a ``datetime | None``,
``NotEntitled.decision`` an ``Entitlement | None``), and the public JSON form is typed as
JSON, not ``Any``.

Run: python examples/typed_user.py
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from supportkit import (
    JSON,
    Actor,
    Channel,
    Contract,
    EscalationPolicy,
    EscalationRule,
    EventKindName,
    FixedClock,
    Helpdesk,
    NotEligible,
    NotEntitled,
    Policy,
    ScopeName,
    ServiceLevel,
    Ticket,
    problem_details,
    to_json,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def build_desk() -> tuple[Helpdesk, FixedClock]:
    clock = FixedClock(T0)
    policy = Policy(
        require_entitlement=True,
        routing="support",
        assignment="least_loaded",
        service_levels={"standard": ServiceLevel(name="standard")},
        escalation=EscalationPolicy(rules=[
            EscalationRule(level=2, trigger="eta_fraction", fraction=0.5, methods={"button"}),
        ]),
    )
    desk = Helpdesk(MemoryStore(), policy, clock)
    desk.add_contract(Contract(id="acme-2026", company="acme", level="standard", valid_from=T0))
    return desk, clock


def replies(ticket: Ticket) -> int:
    kind: EventKindName = "replied"
    return sum(1 for event in ticket.events if event.kind == kind)


def when_eligible(error: NotEligible) -> str:
    eligible_at: datetime | None = error.eligible_at
    return "never" if eligible_at is None else eligible_at.isoformat()


def main() -> int:
    desk, clock = build_desk()
    alice, agent = Actor.customer("alice", company="acme"), Actor.support("agent-7")
    channel: Channel = "email"
    ticket = desk.open_ticket(alice, subject="Mail down", body="Since 08:30", severity=2,
                              channel=channel)
    desk.reply(ticket.id, agent, "Looking into it.", channel="web")
    desk.set_eta(ticket.id, agent, clock.now() + timedelta(hours=8))
    scope: ScopeName = "company"
    listed = desk.tickets(alice, scope=scope)
    print("company tickets:", [t.id for t in listed], "replies:", replies(desk.get(ticket.id)))
    try:
        desk.escalate(ticket.id, alice, method="button")
    except NotEligible as refused:
        print("escalation possible at", when_eligible(refused))
        body: JSON = to_json(problem_details(refused))
        print("problem body:", json.dumps(body, sort_keys=True))
    try:
        desk.open_ticket(Actor.customer("mallory", company="evil"), subject="x", body="y")
    except NotEntitled as refused:
        reason = refused.decision.reason if refused.decision is not None else str(refused)
        print("refused:", reason)
    data = to_json(desk.get(ticket.id))
    created = data["created_at"]
    assert isinstance(created, str) and created.endswith("Z")
    print("created_at in the public form:", created)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
