"""The one converter: every public type round-trips through JSON-compatible data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import Actor, InvalidInput, Policy, Side, TicketStatus, Transition
from supportkit.serialization import structure, unstructure
from supportkit.tickets import HIGH_NORMAL_LOW, INFORMATION_TO_URGENT, default_workflow


def _json_round_trip(value: object) -> object:
    return json.loads(json.dumps(unstructure(value)))


@given(
    reopen=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
    roles=st.frozensets(st.sampled_from(["shift-manager", "lead", "ops"])),
    scheme=st.sampled_from([HIGH_NORMAL_LOW, INFORMATION_TO_URGENT, Policy().priorities]),
    drop=st.sampled_from(default_workflow().transitions),
)
def test_policy_round_trip(
    reopen: timedelta | None, roles: frozenset[str], scheme: object, drop: Transition
) -> None:
    workflow = default_workflow().without(drop.source, drop.action, drop.side)
    policy = Policy(reopen_window=reopen, severity_change_roles=roles, priorities=scheme,
                    workflow=workflow)  # type: ignore[arg-type]
    assert structure(_json_round_trip(policy), Policy) == policy


def test_policy_reads_human_durations() -> None:
    data = unstructure(Policy())
    # The reopen window is the retention keep period: written once, as retention.keep.
    assert data["retention"]["keep"] == "90d" and "reopen_window" not in data
    data["retention"]["keep"] = "30d"
    assert structure(data, Policy).reopen_window == timedelta(days=30)
    data["reopen_window"] = "45d"  # the older key still reads, and sets the keep period
    assert structure(data, Policy).retention.keep == timedelta(days=45)


@given(
    st.builds(
        Actor,
        id=st.text(min_size=1).filter(str.strip),
        side=st.sampled_from(Side),
        company=st.none() | st.text(),
        roles=st.frozensets(st.text()),
    )
)
def test_actor_round_trip(actor: Actor) -> None:
    assert structure(_json_round_trip(actor), Actor) == actor


def test_bad_data_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="cannot read Policy"):
        structure({"reopen_window": "soon"}, Policy)
    with pytest.raises(InvalidInput):
        structure("nope", TicketStatus)


def test_errors_name_the_field_and_keep_our_reason() -> None:
    from supportkit import Ticket

    with pytest.raises(InvalidInput, match=r"duration 'soon' refused.*@ Policy"):
        structure({"reopen_window": "soon"}, Policy)
    with pytest.raises(InvalidInput, match=r"required field missing @ Ticket\.subject"):
        structure({"id": "1"}, Ticket)
