"""Hypothesis strategies for policies and ticket histories you can replay.

``ticket_histories(policy)`` draws a *valid* history of one ticket: a tuple of
:class:`Step` values ``(at, action, kwargs)`` where ``action`` is a :class:`~supportkit.Helpdesk`
method name and ``kwargs`` its arguments (without the ticket id). Every step was accepted by
a real desk running ``policy`` when it was drawn, so replaying it on a fresh desk with a
:class:`~supportkit.FixedClock` gives the same ticket::

    from hypothesis import given
    from supportkit.testing.histories import policies, replay_history, ticket_histories

    @given(data=st.data())
    def test_my_invariant(data):
        policy = data.draw(policies())
        history = data.draw(ticket_histories(policy))
        desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
        ticket = replay_history(desk, history)
        ...

Refused actions are simply not recorded, so histories shrink towards short, simple ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from supportkit._extras import missing_extra

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise missing_extra("hypothesis", "strategies", "supportkit.testing.strategies") from exc

from supportkit.adapters.memory import MemoryStore
from supportkit.calendars import BusinessCalendar
from supportkit.clock import FixedClock
from supportkit.errors import InvalidInput, SupportkitError
from supportkit.policy import Policy
from supportkit.service import Helpdesk
from supportkit.sla.escalation import EscalationPolicy, EscalationRule, Trigger
from supportkit.sla.paging import EmergencyPolicy
from supportkit.sla.targets import ALWAYS, SUPPORT, SlaPolicy, SlaTarget
from supportkit.testing.calendar_strategies import aware_datetimes, calendars
from supportkit.tickets.actors import Actor
from supportkit.tickets.model import Ticket
from supportkit.tickets.priority import (
    HIGH_NORMAL_LOW,
    INFORMATION_TO_URGENT,
    SEVERITIES_1_TO_4,
    PriorityKey,
    PriorityScheme,
)

__all__ = [
    "CUSTOMER",
    "SUPPORT_AGENT",
    "Step",
    "emergency_policies",
    "escalation_policies",
    "policies",
    "replay_history",
    "sla_policies",
    "ticket_histories",
]

CUSTOMER = Actor.customer("customer", company="acme")
"""The requester of every drawn history."""

SUPPORT_AGENT = Actor.support("agent", roles={"shift-manager"})
"""The support-side actor of drawn histories (with the role severity changes usually need)."""

GROUPS = ("tier-1", "tier-2", "senior")
CATEGORIES = ("services down", "service interruption", "billing")
SUBJECTS = ("drawn ticket", "mail bounces after the upgrade", "dns zone stale")
SCHEMES = (SEVERITIES_1_TO_4, INFORMATION_TO_URGENT, HIGH_NORMAL_LOW)


@attrs.frozen
class Step:
    """One accepted action of a history: at ``at``, ``Helpdesk.<action>(id, **kwargs)``
    (``open_ticket(**kwargs)`` for the first step)."""

    at: datetime
    action: str
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


def replay_history(desk: Helpdesk, history: Iterable[Step]) -> Ticket:
    """Run ``history`` on ``desk`` (whose clock must be a :class:`FixedClock`, set to each
    step's instant in turn) and return the resulting ticket."""
    clock = desk.clock
    if not isinstance(clock, FixedClock):
        raise InvalidInput("replay_history needs a desk whose clock is a FixedClock")
    ticket_id: str | None = None
    for step in history:
        clock.set(step.at)
        if step.action == "open_ticket":
            ticket_id = desk.open_ticket(**step.kwargs).id
        elif ticket_id is None:
            raise InvalidInput(f"a history starts with 'open_ticket', not {step.action!r}")
        else:
            getattr(desk, step.action)(ticket_id, **step.kwargs)
    if ticket_id is None:
        raise InvalidInput("an empty history has no ticket")
    return desk.get(ticket_id)


def _durations(low: timedelta, high: timedelta) -> st.SearchStrategy[timedelta]:
    minutes = st.integers(low // timedelta(minutes=1), high // timedelta(minutes=1))
    return minutes.map(lambda m: timedelta(minutes=m))


def _targets() -> st.SearchStrategy[timedelta | None]:
    return st.none() | _durations(timedelta(minutes=1), timedelta(days=5))


def _levels(scheme: PriorityScheme) -> st.SearchStrategy[list[PriorityKey | None]]:
    keys: list[PriorityKey | None] = [None, *scheme.keys]
    return st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))


def sla_policies(
    scheme: PriorityScheme = SEVERITIES_1_TO_4, calendar_names: Sequence[str] = ()
) -> st.SearchStrategy[SlaPolicy]:
    """Random :class:`SlaPolicy` values for ``scheme`` using ``"support"``, ``"24x7"`` and
    ``calendar_names``."""
    names = st.sampled_from([SUPPORT, ALWAYS, *calendar_names])

    @st.composite
    def build(draw: st.DrawFn) -> SlaPolicy:
        targets = [
            SlaTarget(
                level=level,
                initial_response=draw(_targets()),
                next_update=draw(_targets()),
                resolution=draw(_targets()),
                calendar=draw(names),
            )
            for level in draw(_levels(scheme))
        ]
        at_risk = draw(st.sampled_from([0.5, 0.75, 0.9, 1.0]))
        return SlaPolicy(targets=targets, at_risk=at_risk)

    return build()


def escalation_policies(
    scheme: PriorityScheme = SEVERITIES_1_TO_4, calendar_names: Sequence[str] = ()
) -> st.SearchStrategy[EscalationPolicy]:
    """Random :class:`EscalationPolicy` values for ``scheme``."""
    names = st.sampled_from([ALWAYS, SUPPORT, *calendar_names])
    methods = st.frozensets(st.sampled_from(["button", "phone"]), min_size=1)

    @st.composite
    def build(draw: st.DrawFn) -> EscalationPolicy:
        rules = []
        for level in draw(_levels(scheme)):
            trigger = draw(st.sampled_from(list(Trigger)))
            rules.append(
                EscalationRule(
                    level=level,
                    trigger=trigger,
                    after=draw(_durations(timedelta(minutes=1), timedelta(days=2)))
                    if trigger is Trigger.SINCE_SUPPORT_REPLY
                    else None,
                    fraction=draw(st.sampled_from([0.25, 0.5, 0.75, 1.0]))
                    if trigger is Trigger.ETA_FRACTION
                    else None,
                    methods=draw(methods) if trigger is not Trigger.NEVER else frozenset(),
                    calendar=draw(names),
                )
            )
        return EscalationPolicy(rules=rules)

    return build()


def emergency_policies(
    scheme: PriorityScheme = SEVERITIES_1_TO_4,
) -> st.SearchStrategy[EmergencyPolicy | None]:
    """``None`` or a random :class:`EmergencyPolicy` paging some levels of ``scheme``."""
    return st.none() | st.builds(
        EmergencyPolicy,
        priorities=st.frozensets(st.sampled_from(scheme.keys), min_size=1),
        categories=st.none() | st.frozensets(st.sampled_from(CATEGORIES), min_size=1),
    )


@st.composite
def policies(
    draw: st.DrawFn,
    calendar_strategy: st.SearchStrategy[BusinessCalendar] | None = None,
) -> Policy:
    """Random complete policies: a priority scheme, a support calendar (from
    :func:`~supportkit.testing.strategies.calendars` unless given), zero to two
    service-level calendars, SLA targets, escalation rules and maybe an emergency policy."""
    cal = calendar_strategy if calendar_strategy is not None else (
        st.just(BusinessCalendar.always()) | calendars()
    )
    scheme = draw(st.sampled_from(SCHEMES))
    levels = draw(st.lists(st.sampled_from(["standard", "premium"]), unique=True))
    named = {name: draw(cal) for name in levels}
    return Policy(
        name="drawn",
        priorities=scheme,
        calendar=draw(cal),
        calendars=named,
        sla=draw(sla_policies(scheme, levels)),
        escalation=draw(escalation_policies(scheme, levels)),
        emergency=draw(emergency_policies(scheme)),
    )


def _action(
    draw: st.DrawFn, policy: Policy, now: datetime
) -> tuple[str, Actor | None, dict[str, Any]]:
    """A candidate action: (Helpdesk method, actor, other kwargs)."""
    # Weighted so histories stay open long enough to be interesting.
    kind = draw(
        st.sampled_from(
            [
                "reply_customer", "reply_support", "reply_customer", "reply_support", "note",
                "solve", "set_eta", "set_eta", "escalate", "escalate", "set_severity",
                "transfer", "reopen", "confirm", "close", "archive", "set_category",
                "set_subject",
            ]
        )
    )
    if kind == "reply_customer":
        return "reply", CUSTOMER, {"body": "more details"}
    if kind == "reply_support":
        return "reply", SUPPORT_AGENT, {"body": "an update"}
    if kind == "note":
        return "note", SUPPORT_AGENT, {"body": "internal"}
    if kind in ("solve", "archive"):
        return kind, SUPPORT_AGENT, {}
    if kind in ("confirm", "close", "reopen"):
        return kind, CUSTOMER, {}
    if kind == "set_severity":
        level = draw(st.sampled_from(policy.priorities.keys))
        return "set_severity", SUPPORT_AGENT, {"severity": level, "reason": "triage"}
    if kind == "set_category":
        category = draw(st.sampled_from(CATEGORIES))
        return "set_category", SUPPORT_AGENT, {"category": category, "reason": "triage"}
    if kind == "set_subject":
        subject = draw(st.sampled_from(SUBJECTS))
        return "set_subject", SUPPORT_AGENT, {"subject": subject, "reason": "clearer"}
    if kind == "set_eta":
        eta = now + draw(_durations(timedelta(0), timedelta(days=5)))
        return "set_eta", SUPPORT_AGENT, {"eta": eta}
    if kind == "escalate":
        return "escalate", CUSTOMER, {"method": draw(st.sampled_from(["button", "phone"]))}
    group = draw(st.sampled_from(GROUPS))
    return "transfer", SUPPORT_AGENT, {"group": group, "reason": "needs seniors"}


@st.composite
def ticket_histories(
    draw: st.DrawFn,
    policy: Policy,
    *,
    start: datetime | None = None,
    max_steps: int = 12,
    max_gap: timedelta = timedelta(days=3),
) -> tuple[Step, ...]:
    """A valid history of one ticket under ``policy`` (see the module docs): it opens at
    ``start`` (drawn around the support calendar's edges when omitted), then up to
    ``max_steps`` accepted actions (refused candidates are dropped), each 0 to ``max_gap``
    after the previous one."""
    at = start if start is not None else draw(aware_datetimes(policy.calendar))
    clock = FixedClock(at.astimezone(UTC))
    desk = Helpdesk(MemoryStore(), policy, clock)
    opening: dict[str, Any] = {
        "requester": CUSTOMER,
        "subject": SUBJECTS[0],
        "body": "something is wrong",
        "severity": draw(st.sampled_from(policy.priorities.keys)),
        "category": draw(st.sampled_from([None, *CATEGORIES])),
    }
    starts = policy.open_channels if policy.open_channels is not None else policy.channels
    if starts is not None and "web" not in starts:  # "web" is open_ticket's default
        opening["channel"] = draw(st.sampled_from(sorted(starts)))
    ticket = desk.open_ticket(**opening)
    steps = [Step(clock.now(), "open_ticket", opening)]
    for _ in range(draw(st.integers(0, 2 * max_steps))):
        if len(steps) > max_steps:
            break
        clock.advance(draw(_durations(timedelta(0), max_gap)))
        action, actor, kwargs = _action(draw, policy, clock.now())
        try:
            getattr(desk, action)(ticket.id, actor, **kwargs)
        except SupportkitError:
            continue
        steps.append(Step(clock.now(), action, {"actor": actor, **kwargs}))
    return tuple(steps)
