"""OpenSVC Support Service Procedures (seed 001), statement by statement, on
``presets.opensvc``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from presets.preset_kit import T0
from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    NotEntitled,
    Upload,
    presets,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.sla.calendars import support_calendar

PARIS = ZoneInfo("Europe/Paris")
ACME = Contract(id="osvc-acme", company="acme", level="standard", valid_from=T0,
                assets={"node1", "node2"})
GOLD = Contract(id="osvc-gold", company="gold", level="premium", valid_from=T0)
ALICE = Actor.customer("alice@acme.example", company="acme")
GOLDIE = Actor.customer("ops@gold.example", company="gold")
OPS = Actor.support("opensvc-ops")
ISSUE = {"purpose": "error message", "context": "after the upgrade", "start": "today 08:00",
         "impact": "service down"}
FILES = [Upload("node.conf", b"[node]"), Upload("cluster.conf", b"[cluster]"),
         Upload("node.log", b"boom")]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


def make_desk(clock: FixedClock, *, require_entitlement: bool | None = None) -> Helpdesk:
    policy = presets.opensvc.policy(require_entitlement=require_entitlement)
    desk = Helpdesk(store=MemoryStore(), policy=policy, clock=clock)
    desk.add_contract(ACME)
    desk.add_contract(GOLD)
    return desk


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    return make_desk(clock)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def test_only_active_contract_owners_open_service_requests(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Active support contracts owners are able to open service requests."
    with pytest.raises(NotEntitled):
        desk.open_ticket(Actor.customer("prospect", company="newco"), "Quote?", "please",
                         fields=ISSUE, attachments=FILES)
    assert desk.open_ticket(ALICE, "Agent crash", "x", fields=ISSUE,
                            attachments=FILES).contract_id == "osvc-acme"
    desk.replace_contract(Contract(id="osvc-acme", company="acme", level="standard",
                                   valid_from=T0, valid_until=T0 + timedelta(days=1)))
    clock.advance(timedelta(days=2))
    with pytest.raises(NotEntitled, match="expired"):
        desk.open_ticket(ALICE, "Agent crash", "x", fields=ISSUE, attachments=FILES)


def test_portal_accounts_are_linked_to_their_company_contract(desk: Helpdesk) -> None:
    # "contact support@opensvc.com to link your new account to your company support contract"
    colleague = Actor.customer("bob@acme.example", company="acme")
    assert desk.entitlement(customer=colleague).contract_id == "osvc-acme"
    assert not desk.entitlement(customer=Actor.customer("new@acme.example")).granted


@pytest.mark.parametrize("channel", ["slack", "web", "email"])
def test_slack_web_portal_and_email_open_requests_at_every_level(
    desk: Helpdesk, channel: str
) -> None:
    # "To open a service request, you can use one of the four following methods: Slack, Web
    #  Portal, Email, Phone"
    for who in (ALICE, GOLDIE):
        assert desk.open_ticket(who, "Agent crash", "x", channel=channel, fields=ISSUE,
                                attachments=FILES).channel == channel


def test_phone_call_back_is_for_premium_accounts_only(desk: Helpdesk) -> None:
    # "Premium support enabled accounts are presented a Call Me Back button"
    with pytest.raises(NotEntitled, match="levels that allow it: premium"):
        desk.open_ticket(ALICE, "Cluster down", "call me", channel="callback", fields=ISSUE,
                         attachments=FILES)
    ticket = desk.open_ticket(GOLDIE, "Cluster down", "call me", channel="callback",
                              fields=ISSUE, attachments=FILES)
    assert ticket.service_level == "premium"
    with pytest.raises(InvalidInput, match="not accepted"):
        desk.open_ticket(GOLDIE, "Cluster down", "x", channel="fax")


def test_standard_hours_are_monday_to_friday_9_to_18_paris_time(desk: Helpdesk) -> None:
    # "Standard | Monday to Friday 9am to 6pm (Paris time)"
    ticket = desk.open_ticket(ALICE, "Agent crash", "x", fields=ISSUE, attachments=FILES)
    assert ticket.service_level == "standard"
    hours = support_calendar(ticket, desk.policy)
    assert hours == desk.policy.calendars["standard"] == desk.policy.calendar
    monday, saturday = paris(2026, 3, 2), paris(2026, 3, 7)
    assert not hours.is_open(monday.replace(hour=8, minute=59))
    assert hours.is_open(monday.replace(hour=9))
    assert hours.is_open(monday.replace(hour=17, minute=59))
    assert not hours.is_open(monday.replace(hour=18))
    assert not hours.is_open(saturday.replace(hour=12))
    assert hours.next_open(paris(2026, 3, 6, 18, 0)) == paris(2026, 3, 9, 9, 0)
    # Paris time across the DST change: 9am local is 08:00 UTC in summer.
    assert hours.is_open(datetime.fromisoformat("2026-07-01T07:00:00+00:00"))
    assert not hours.is_open(datetime.fromisoformat("2026-07-01T06:59:00+00:00"))


def test_premium_hours_are_24x7(desk: Helpdesk) -> None:
    # "Premium | 24x7"
    ticket = desk.open_ticket(GOLDIE, "Cluster down", "x", fields=ISSUE, attachments=FILES)
    hours = support_calendar(ticket, desk.policy)
    assert hours == desk.policy.calendars["premium"]
    for moment in (paris(2026, 3, 7, 3, 0), paris(2026, 12, 25, 23, 59), paris(2026, 3, 2, 20)):
        assert hours.is_open(moment)


def test_services_on_a_premium_supported_node_are_premium(desk: Helpdesk) -> None:
    # "Nodes under Premium support contract must be tagged" (om node collector tag --tag
    #  PREMIUM_SUPPORT); "Services running on a Premium supported node are implicitly included
    #  in the Premium support scope and billing."
    desk.place_service("svc-db", "node1")
    assert desk.entitlement(asset="svc-db").level == "standard"
    desk.tag_asset("node1", "PREMIUM_SUPPORT", OPS)
    decision = desk.entitlement(asset="svc-db", channel="callback")
    assert decision.granted and (decision.level, decision.calendar) == ("premium", "premium")
    ticket = desk.open_ticket(ALICE, "DB failover", "stuck", asset="svc-db", channel="callback",
                              fields=ISSUE, attachments=FILES)
    assert ticket.service_level == "premium"
    assert support_calendar(ticket, desk.policy) == desk.policy.calendars["premium"]
    # "Unset: om node collector untag --tag PREMIUM_SUPPORT" — and the history is kept for
    # "accurate billing".
    desk.untag_asset("node1", "PREMIUM_SUPPORT", OPS)
    assert desk.entitlement(asset="svc-db").level == "standard"
    assert [e.tagged for e in desk.asset_history("node1")] == [True, False]


def test_support_data_collection_is_asked_for(desk: Helpdesk) -> None:
    # "To ease resolution, you will be asked to provide informations, config and log files
    #  related to the encountered issue": issue description (purpose, context, start,
    #  impact), node.conf / cluster.conf, node.log and the object logs.
    ticket = desk.open_ticket(ALICE, "Agent crash", "see subject",
                              fields={"purpose": "unexpected behaviour"})
    assert ticket.awaiting_information is True
    report = desk.intake_report(ticket.id)
    assert report is not None
    assert report.missing == ("context", "start", "impact", "config", "logs")
    assert "/etc/opensvc/node.conf and /etc/opensvc/cluster.conf" in report.labels
    ticket = desk.supply_information(ticket.id, ALICE, {k: v for k, v in ISSUE.items()
                                                        if k != "purpose"})
    assert ticket.awaiting_information is True  # config and logs still missing
    # "All informations can be sent through email ... or uploaded"
    ticket = desk.reply(ticket.id, ALICE, "files attached", channel="email",
                        attachments=FILES)
    assert ticket.awaiting_information is False


def test_without_require_entitlement_the_desk_still_runs_the_guide(clock: FixedClock) -> None:
    # The shipped file enforces the guide (require_entitlement = true); the explicit opt-out
    # accepts requests, the entitlement decision stays advisory, every other rule applies.
    assert presets.opensvc.policy().require_entitlement is True
    desk = make_desk(clock, require_entitlement=False)
    ticket = desk.open_ticket(Actor.customer("prospect"), "Quote?", "please")
    assert ticket.contract_id is None and ticket.awaiting_information is True
