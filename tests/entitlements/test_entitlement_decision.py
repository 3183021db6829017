"""The pure decision: validity windows, selectors, several contracts, storage round trips."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import (
    Actor,
    Conflict,
    Contract,
    Entitlement,
    Helpdesk,
    InformationItem,
    InvalidInput,
    NotFound,
    Policy,
    Refusal,
    RequiredInformation,
    ServiceLevel,
)
from supportkit.entitlements import decide, decide_contract
from supportkit.serialization import structure, unstructure

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the clock fixture's instant
MakeDesk = Callable[[Policy], Helpdesk]

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Paris")])
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=ZONES,
)


@given(start=instants, at=instants,
       length=st.none() | st.timedeltas(timedelta(seconds=1), timedelta(days=4000)))
def test_a_decision_never_grants_outside_the_validity_window(
    start: datetime, length: timedelta | None, at: datetime
) -> None:
    until = None if length is None else start + length
    contract = Contract(id="c", company="acme", level="standard", valid_from=start,
                        valid_until=until)
    decision = decide_contract(contract, Policy(), at)
    inside = start <= at and (until is None or at < until)
    assert decision.granted == inside
    if not inside:
        assert decision.refusal in (Refusal.EXPIRED, Refusal.NOT_YET_VALID)
        expected = Refusal.NOT_YET_VALID if at < start else Refusal.EXPIRED
        assert decision.refusal is expected


windows = st.tuples(instants, st.none() | st.timedeltas(timedelta(seconds=1),
                                                       timedelta(days=4000)))


@given(spans=st.lists(windows, max_size=4), at=instants)
def test_among_several_contracts_only_a_valid_one_grants(
    spans: list[tuple[datetime, timedelta | None]], at: datetime
) -> None:
    contracts = [
        Contract(id=f"c{i}", company="acme", level="standard", valid_from=start,
                 valid_until=None if length is None else start + length)
        for i, (start, length) in enumerate(spans)
    ]
    decision = decide(contracts, Policy(), at, presented="company acme")
    assert decision.granted == any(c.valid_at(at) for c in contracts)
    if decision.granted:
        [chosen] = [c for c in contracts if c.id == decision.contract_id]
        assert chosen.valid_at(at)


def test_the_window_is_half_open() -> None:
    contract = Contract(id="c", company="acme", level="standard", valid_from=T0,
                        valid_until=T0 + timedelta(days=1))
    assert decide_contract(contract, Policy(), T0).granted
    assert not decide_contract(contract, Policy(), T0 + timedelta(days=1)).granted
    assert not decide_contract(contract, Policy(), T0 - timedelta(microseconds=1)).granted


def test_several_contracts_grant_the_premium_one_or_explain_the_closest_refusal() -> None:
    levels = {"standard": ServiceLevel(name="standard"),
              "premium": ServiceLevel(name="premium", premium=True)}
    policy = Policy(service_levels=levels)
    old = Contract(id="a-old", company="acme", level="premium", valid_from=T0,
                   valid_until=T0 + timedelta(days=1))
    std = Contract(id="b-std", company="acme", level="standard", valid_from=T0)
    pre = Contract(id="c-pre", company="acme", level="premium", valid_from=T0,
                   products={"agent"})
    at = T0 + timedelta(days=2)
    assert decide([old, std, pre], policy, at, presented="acme").contract_id == "c-pre"
    assert decide([old, std, pre], policy, at, presented="acme",
                  product="collector").contract_id == "b-std"
    refused = decide([old, pre], policy, at, presented="acme", product="collector")
    assert refused.refusal is Refusal.PRODUCT_NOT_COVERED and refused.contract_id == "c-pre"


def test_a_level_the_desk_does_not_offer_is_refused() -> None:
    policy = Policy(service_levels={"standard": ServiceLevel(name="standard")})
    contract = Contract(id="c", company="acme", level="gold", valid_from=T0)
    decision = decide_contract(contract, policy, T0)
    assert decision.refusal is Refusal.UNKNOWN_LEVEL and decision.alternatives == ("standard",)


def test_naive_instants_are_refused() -> None:
    contract = Contract(id="c", company="acme", level="standard", valid_from=T0)
    with pytest.raises(InvalidInput, match="naive"):
        decide_contract(contract, Policy(), datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidInput, match="naive"):
        Contract(id="c", company="acme", level="s", valid_from=datetime(2026, 1, 1))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"valid_until": T0}, "must be after"),
        ({"purchase": "reseller"}, "name the reseller"),
        ({"reseller": "Host"}, "bought directly"),
        ({"support_code": "12"}, "digits"),
        ({"license_keys": ["bad key"]}, "not a license key"),
        ({"assets": "node1"}, "list of names"),
    ],
)
def test_contract_validation(kwargs: dict[str, object], why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        Contract(id="c", company="acme", level="standard", valid_from=T0, **kwargs)  # type: ignore[arg-type]


def test_exactly_one_selector(make_desk: MakeDesk) -> None:
    desk = make_desk(Policy())
    with pytest.raises(InvalidInput, match=r"exactly one.*got none"):
        desk.entitlement()
    with pytest.raises(InvalidInput, match="got support_code, customer"):
        desk.entitlement(support_code="1234567890", customer=Actor.customer("a"))
    with pytest.raises(InvalidInput, match="ten"):
        desk.entitlement(support_code="12345")
    with pytest.raises(InvalidInput, match="naive"):
        desk.entitlement(support_code="1234567890", at=datetime(2026, 1, 1))  # noqa: DTZ001


def test_contracts_are_stored_and_found(make_desk: MakeDesk) -> None:
    desk = make_desk(Policy())
    contract = Contract(id="c1", company="acme", level="standard", valid_from=T0,
                        support_code="1234567890", license_keys={"X-SUP-1"}, assets={"n1"})
    desk.add_contract(contract)
    with pytest.raises(Conflict):
        desk.add_contract(contract)
    assert desk.contract("c1") == contract
    assert desk.contracts("acme") == [contract] and desk.contracts("beta") == []
    moved = Contract(id="c1", company="beta", level="premium", valid_from=T0)
    desk.replace_contract(moved)
    assert desk.contracts() == [moved] and desk.contracts("acme") == []
    assert desk.entitlement(support_code="1234567890").refusal is Refusal.UNKNOWN
    with pytest.raises(NotFound):
        desk.replace_contract(attrs_evolve(moved, id="nope"))


def attrs_evolve(contract: Contract, **changes: object) -> Contract:
    import attrs

    return attrs.evolve(contract, **changes)  # type: ignore[arg-type]


def test_open_without_required_entitlement_is_advisory(make_desk: MakeDesk) -> None:
    desk = make_desk(Policy())
    desk.add_contract(Contract(id="c1", company="acme", level="standard", valid_from=T0))
    granted = desk.open_ticket(Actor.customer("a", company="acme"), "s", "b")
    assert (granted.contract_id, granted.service_level) == ("c1", "standard")
    plain = desk.open_ticket(Actor.customer("z", company="zeta"), "s", "b")
    assert (plain.contract_id, plain.service_level) == (None, None)
    on_behalf = desk.open_ticket(Actor.support("agent"), "s", "b")
    assert on_behalf.contract_id is None


def _json(value: object) -> object:
    return json.loads(json.dumps(unstructure(value)))


def test_policy_contract_and_decision_round_trip() -> None:
    policy = Policy(
        require_entitlement=True,
        service_levels={"premium": ServiceLevel(name="premium", calendar="premium",
                                                channels={"web", "callback"}, premium=True,
                                                tag="PREMIUM_SUPPORT", flags={"paging"})},
        qualifying_categories={"DNS"}, out_of_scope_categories={"PCI scans"},
        intake=RequiredInformation((InformationItem(key="logs", attachment="*.log",
                                                    categories={"DNS"}, required=False),
                                    InformationItem(key="ok", accepted={"Yes"}))),
        hold_incomplete=True, direct_only=True, support_key_markers=False,
        free_resources=("http://kb.example/",),
    )
    assert structure(_json(policy), Policy) == policy
    assert structure(_json(Policy()), Policy) == Policy()
    contract = Contract(id="c", company="acme", level="premium", valid_from=T0,
                        valid_until=T0 + timedelta(days=1), support_code="123 456 7890",
                        license_keys={"A-SUP-1", "B-1"}, products={"p"}, assets={"n"},
                        purchase="reseller", reseller="Host")  # type: ignore[arg-type]
    data = _json(contract)
    assert data["support_code"] == "1234567890"  # type: ignore[index]
    assert structure(data, Contract) == contract
    decision = decide_contract(contract, policy, T0)
    assert structure(_json(decision), Entitlement) == decision


def test_malformed_stored_data_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        structure({"id": "c", "company": "a", "level": "s", "valid_from": T0.isoformat(),
                   "support_code": "12"}, Contract)
    with pytest.raises(InvalidInput, match="ServiceLevel named"):
        Policy(service_levels={"gold": ServiceLevel(name="premium")})


def test_a_policy_with_levels_stays_hashable_and_comparable() -> None:
    levels = {"standard": ServiceLevel(name="standard")}
    assert hash(Policy(service_levels=levels)) == hash(Policy(service_levels=dict(levels)))
    assert Policy(service_levels=levels) != Policy()


@pytest.mark.parametrize("field", ["qualifying_categories", "out_of_scope_categories",
                                   "free_resources"])
def test_a_lone_text_is_not_a_list(field: str) -> None:
    with pytest.raises(InvalidInput, match="not the text"):
        Policy(**{field: "DNS"})  # type: ignore[arg-type]
