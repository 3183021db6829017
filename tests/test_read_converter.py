"""The stores' fast read path (``structure_stored``) builds exactly what the validating
``structure`` builds, for every ticket a desk can produce, and still refuses bad data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, Helpdesk, InvalidInput, Policy, Side
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import (
    converter,
    read_converter,
    structure,
    structure_stored,
    unstructure,
)
from supportkit.testing.contract import make_ticket
from supportkit.testing.histories import policies, replay_history, ticket_histories
from supportkit.tickets.model import Ticket


def _stored(value: object) -> object:
    """The data as a store keeps it: JSON text read back."""
    return json.loads(json.dumps(unstructure(value)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_read_equals_validating_read_for_drawn_histories(data: st.DataObject) -> None:
    policy = data.draw(policies())
    history = data.draw(ticket_histories(policy, max_steps=8))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    ticket = replay_history(desk, history)
    snapshot = _stored(ticket)
    fast = structure_stored(snapshot, Ticket)
    assert fast == structure(snapshot, Ticket) == ticket
    # equal is not enough for frozen snapshots compared by value: same types all the way
    assert [type(m) for m in fast.messages] == [type(m) for m in ticket.messages]
    assert [type(e.actor) for e in fast.events] == [type(e.actor) for e in ticket.events]


def test_the_two_converters_differ_only_in_error_detail() -> None:
    assert converter.detailed_validation
    assert not read_converter.detailed_validation


def test_replies_notes_roles_and_deadlines_read_back_equal() -> None:
    requester = Actor.customer("bob", company="globex", roles={"admin", "billing"})
    ticket = make_ticket("12", replies=["Fixed", "Check"], notes=["internal"], category="mail",
                         requester=requester, addressed_to="reseller-1", assignee="agent-7")
    fast = structure_stored(_stored(ticket), Ticket)
    assert fast == structure(_stored(ticket), Ticket) == ticket
    assert fast.requester.roles == frozenset({"admin", "billing"})
    assert type(fast.requester.side) is Side and type(fast.messages[0].side) is Side


def test_policies_read_back_equal_through_the_fast_path() -> None:
    """Policy has its own structure hook (the reopen_window alias): it still wins."""
    policy = Policy(reopen_window=timedelta(days=12))
    assert structure_stored(_stored(policy), Policy) == policy


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("created_at"),
    lambda d: d.update(created_at="2026-03-02T09:00:00"),  # naive: refused by the validator
    lambda d: d.update(status="pending"),
    lambda d: d["messages"][0].update(at="yesterday"),
])
def test_fast_read_still_refuses_damaged_snapshots(damage: object) -> None:
    snapshot = _stored(make_ticket("1"))
    assert isinstance(snapshot, dict)
    damage(snapshot)  # type: ignore[operator]
    with pytest.raises(InvalidInput):
        structure_stored(snapshot, Ticket)


def test_pass_through_hooks_take_precedence_over_the_optional_factory() -> None:
    """make_converter's Optional hook factory (inner hook looked up once per type) comes
    first; the trusted converter's ``str | None`` pass-through still wins over it (it
    hands a value over as it is, where the validating converter refuses what is not a
    text: it no longer calls ``str``)."""
    assert read_converter.structure(5, str | None) == 5
    with pytest.raises(InvalidInput, match="expected a text"):
        converter.structure(5, str | None)
    assert read_converter.structure(None, str | None) is None
