"""OpenSVC: active contracts, Standard vs Premium, call-back on Premium only, PREMIUM_SUPPORT
nodes, accounts linked to a company contract, and the support data collection checklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InformationItem,
    InvalidInput,
    NotEntitled,
    Policy,
    Refusal,
    RequiredInformation,
    ServiceLevel,
    Upload,
)
from supportkit.entitlements import tag_periods

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the clock fixture's instant
MakeDesk = Callable[[Policy], Helpdesk]

BASE = {"slack", "web", "email"}
STANDARD = ServiceLevel(name="standard", calendar="standard", channels=BASE)
PREMIUM = ServiceLevel(name="premium", calendar="premium", channels=BASE | {"callback"},
                       premium=True, tag="PREMIUM_SUPPORT")
SUPPORT_DATA = RequiredInformation((
    InformationItem(key="purpose", label="what is the ticket purpose?"),
    InformationItem(key="context", label="what is the context?"),
    InformationItem(key="start", label="when did the problem start?"),
    InformationItem(key="impact", label="what is the impact on service?"),
    InformationItem(key="config", label="node.conf and cluster.conf", attachment="*.conf"),
    InformationItem(key="logs", label="node and object logs", attachment="*.log"),
))
OPENSVC = Policy(name="opensvc", require_entitlement=True,
                 service_levels={"standard": STANDARD, "premium": PREMIUM},
                 intake=SUPPORT_DATA, hold_incomplete=True)
ACME = Contract(id="osvc-acme", company="acme", level="standard", valid_from=T0,
                assets={"node1", "node2"})
GOLD = Contract(id="osvc-gold", company="gold", level="premium", valid_from=T0)
ALICE = Actor.customer("alice@acme.example", company="acme")
BOB = Actor.customer("bob@acme.example", company="acme")
OPS = Actor.customer("ops@acme.example", company="acme")
COMPLETE = {"purpose": "error message", "context": "after upgrade", "start": "today 8:00",
            "impact": "service down"}
FILES = [Upload("node.conf", b"[node]"), Upload("node.log", b"boom")]


@pytest.fixture
def desk(make_desk: MakeDesk) -> Helpdesk:
    desk = make_desk(OPENSVC)
    desk.add_contract(ACME)
    desk.add_contract(GOLD)
    return desk


def test_every_account_linked_to_the_company_contract_is_entitled(desk: Helpdesk) -> None:
    # "contact support@opensvc.com to link your new account to your company support contract"
    for contact in (ALICE, BOB):
        decision = desk.entitlement(customer=contact)
        assert decision.granted and decision.contract_id == "osvc-acme"
        assert (decision.level, decision.calendar) == ("standard", "standard")
    unlinked = desk.entitlement(customer=Actor.customer("new@acme.example"))
    assert unlinked.refusal is Refusal.UNKNOWN and "linked to no company" in unlinked.reason


def test_levels_carry_their_calendar_names(desk: Helpdesk) -> None:
    gold = desk.entitlement(customer=Actor.customer("c", company="gold"))
    assert (gold.level, gold.calendar) == ("premium", "premium")
    assert gold.channels == frozenset(BASE | {"callback"})


def test_phone_call_back_is_premium_only(desk: Helpdesk) -> None:
    # "Premium support enabled accounts are presented a Call Me Back button"
    refused = desk.entitlement(customer=ALICE, channel="callback")
    assert refused.refusal is Refusal.CHANNEL
    assert refused.alternatives == ("premium",)
    assert "levels that allow it: premium" in refused.reason
    with pytest.raises(NotEntitled, match="callback") as caught:
        desk.open_ticket(ALICE, "Cluster down", "call me", channel="callback", fields=COMPLETE,
                         attachments=FILES)
    assert caught.value.decision.refusal is Refusal.CHANNEL
    gold = Actor.customer("c", company="gold")
    ticket = desk.open_ticket(gold, "Cluster down", "call me", channel="callback")
    assert ticket.service_level == "premium"


def test_premium_support_tag_makes_every_service_on_the_node_premium(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Services running on a Premium supported node are implicitly included in the Premium
    # support scope and billing."
    desk.place_service("svc-db", "node1")
    desk.place_service("svc-web", "node3")  # node3 is not under contract
    assert desk.entitlement(asset="svc-db").level == "standard"
    assert desk.entitlement(asset="svc-web").refusal is Refusal.UNKNOWN

    clock.advance(timedelta(days=1))
    tagged_at = clock.now()
    desk.tag_asset("node1", "PREMIUM_SUPPORT", OPS)  # om node collector tag --tag PREMIUM_SUPPORT
    for asset in ("node1", "svc-db"):
        decision = desk.entitlement(asset=asset, channel="callback")
        assert decision.granted, decision.reason
        assert (decision.level, decision.calendar) == ("premium", "premium")
    assert desk.entitlement(asset="node2").level == "standard"
    ticket = desk.open_ticket(ALICE, "DB failover", "stuck", asset="svc-db", channel="callback",
                              fields=COMPLETE, attachments=FILES)
    assert ticket.service_level == "premium" and ticket.contract_id == "osvc-acme"

    clock.advance(timedelta(days=30))
    untagged_at = clock.now()
    desk.untag_asset("node1", "PREMIUM_SUPPORT", OPS)  # om node collector untag
    assert desk.entitlement(asset="svc-db").level == "standard"
    # The history says when, for billing; a decision in the past uses the tag of then.
    history = desk.asset_history("node1")
    assert [(e.tagged, e.at, e.actor) for e in history] == [
        (True, tagged_at, OPS.id), (False, untagged_at, OPS.id)]
    [period] = tag_periods(history)
    assert (period.level, period.since, period.until) == ("premium", tagged_at, untagged_at)
    assert desk.entitlement(asset="svc-db", at=tagged_at + timedelta(days=2)).level == "premium"
    assert desk.entitlement(asset="svc-db", at=tagged_at - timedelta(hours=1)).level == "standard"


def test_tagging_checks_the_tag_and_the_current_state(desk: Helpdesk) -> None:
    with pytest.raises(InvalidInput, match="premium tags: PREMIUM_SUPPORT"):
        desk.tag_asset("node1", "GOLD_SUPPORT", OPS)
    with pytest.raises(InvalidInput, match="not tagged"):
        desk.untag_asset("node1", "PREMIUM_SUPPORT", OPS)
    desk.tag_asset("node1", "premium", OPS)  # the level name works as well as its tag
    with pytest.raises(InvalidInput, match="already tagged"):
        desk.tag_asset("node1", "PREMIUM_SUPPORT", OPS)
    assert len(desk.asset_history("node1")) == 1


def test_a_tag_without_a_covering_contract_entitles_nothing(desk: Helpdesk) -> None:
    desk.tag_asset("node9", "PREMIUM_SUPPORT", OPS)
    assert desk.entitlement(asset="node9").refusal is Refusal.UNKNOWN


def test_support_data_collection_holds_incomplete_tickets(desk: Helpdesk) -> None:
    # "To ease resolution, you will be asked to provide informations, config and log files"
    ticket = desk.open_ticket(ALICE, "Agent crash", "see subject",
                              fields={"purpose": "error message"})
    assert ticket.awaiting_information is True
    assert ticket.events[0].data["missing_information"] == "context,start,impact,config,logs"
    supplied = desk.supply_information(ticket.id, ALICE, {"context": "upgrade", "start": "8:00",
                                                          "impact": "none"})
    assert supplied.awaiting_information is True
    assert desk.get(ticket.id).events[-1].data["missing_information"] == "config,logs"
    # Config and log files come as attachments; a customer reply releases the ticket.
    replied = desk.reply(ticket.id, ALICE, "files attached", attachments=FILES)
    assert replied.awaiting_information is False
    assert desk.get(ticket.id).awaiting_information is False
    report = desk.intake_report(ticket.id)
    assert report is not None and report.complete

    complete = desk.open_ticket(BOB, "Agent crash", "x", fields=COMPLETE, attachments=FILES)
    assert complete.awaiting_information is False
    assert "missing_information" not in complete.events[0].data


def test_supplying_the_last_field_releases_the_ticket(desk: Helpdesk) -> None:
    ticket = desk.open_ticket(ALICE, "Agent crash", "x",
                              fields={k: v for k, v in COMPLETE.items() if k != "impact"},
                              attachments=FILES)
    assert ticket.awaiting_information is True
    released = desk.supply_information(ticket.id, BOB, {"impact": "degraded"})
    assert released.awaiting_information is False
    assert desk.get(ticket.id).events[-1].data["missing_information"] == ""
    with pytest.raises(InvalidInput):
        desk.supply_information(ticket.id, BOB, {})


def test_a_customer_cannot_borrow_another_companys_node(desk: Helpdesk) -> None:
    # An asset name is no secret: at open it only counts for the requester's own company.
    desk.place_service("svc-db", "node1")
    stranger = Actor.customer("eve", company="gold")
    with pytest.raises(NotEntitled, match="asset svc-db"):
        desk.open_ticket(stranger, "x", "y", asset="svc-db", fields=COMPLETE, attachments=FILES)
    with pytest.raises(NotEntitled):
        desk.open_ticket(Actor.customer("nobody"), "x", "y", asset="node1")
    agent = Actor.support("agent")  # support staff may open on behalf of the asset's owner
    assert desk.open_ticket(agent, "x", "y", asset="svc-db").contract_id == "osvc-acme"
