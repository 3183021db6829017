"""Property: under every preset, random valid ticket histories replay to the same ticket, on a
desk built from the preset and on one built from a copy of its TOML file."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import FixedClock, Helpdesk, Policy, TicketStatus, load_policy, presets
from supportkit.adapters.memory import MemoryStore
from supportkit.presets._builtin import BUILTIN
from supportkit.testing.histories import replay_history, ticket_histories


def drawable(name: str) -> Policy:
    # The strategy's requesters hold no contracts: this property is about replaying
    # histories, not entitlement, so the guides' entitlement rule is opted out of.
    # InterWorx accepts the strategy's categories ("billing" …) as they are: only the topics
    # of "What Does Not Qualify" are refused.
    policy = presets.get(name, require_entitlement=False)
    if name == "ispmanager":
        # The strategy's requester has no account, which ISPmanager refuses ("Registered
        # users can submit trouble tickets"); every other ISPmanager rule stays.
        policy = attrs.evolve(policy, registered_only=False)
    return policy


@pytest.mark.parametrize("name", BUILTIN)
@given(data=st.data())
def test_histories_replay_identically_from_the_preset_and_its_file(
    name: str, data: st.DataObject
) -> None:
    policy = drawable(name)
    history = data.draw(ticket_histories(policy, max_steps=8))
    copied = attrs.evolve(load_policy(presets.source(name)),
                          qualifying_categories=policy.qualifying_categories,
                          registered_only=policy.registered_only,
                          require_entitlement=False, require_entitlement_to_access=False)
    assert copied == policy
    tickets = [
        replay_history(Helpdesk(MemoryStore(), p, FixedClock(history[0].at)), history)
        for p in (policy, copied)
    ]
    assert tickets[0] == tickets[1]
    ticket = tickets[0]
    # one event per step, plus the "paged" event an after-hours opening may add
    assert len([e for e in ticket.events if e.kind != "paged"]) == len(history)
    assert ticket.status in set(TicketStatus)
    # A ticket never has a response deadline once support has answered.
    if ticket.first_response_at is not None:
        assert ticket.first_response_due is None
