"""InterWorx: direct support for direct buyers only, qualifying topics, required fields.

"InterWorx direct support is reserved for customers who purchased their licenses directly
from InterWorx. Customers who purchased their licenses from a reseller or server provider ...
should contact their reseller or hosting company."
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from supportkit import (
    Actor,
    Contract,
    Helpdesk,
    InformationItem,
    NotEntitled,
    Policy,
    Purchase,
    Refusal,
    RequiredInformation,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the clock fixture's instant
MakeDesk = Callable[[Policy], Helpdesk]

QUALIFYING = {"NodeWorx", "SiteWorx", "InterWorx-created Backups",
              "Imports and Migrations to InterWorx", "FTP", "DNS", "Mail services", "Apache",
              "SSL certificates", "Webmail", "Clustering"}
NOT_QUALIFYING = {"Third party software or plugins", "System administrator tasks",
                  "Server hardening", "Malware/virus scanning", "PCI scans", "Cleaning up spam",
                  "System-level MySQL crashes", "DDOS attacks", "Hard drive crashes",
                  "Website code issues"}
FIELDS = RequiredInformation((
    InformationItem(key="category", label="Category"),
    InformationItem(key="ip_or_hostname", label="IP Address or Hostname"),
    InformationItem(key="remote_assistance_enabled", label="Remote Assistance Enabled?",
                    accepted={"yes", "true"}),
))
IWX = Policy(name="interworx", require_entitlement=True, direct_only=True,
             qualifying_categories=QUALIFYING, out_of_scope_categories=NOT_QUALIFYING,
             support_key_markers=False, intake=FIELDS, hold_incomplete=True)
DIRECT = Contract(id="iwx-direct", company="direct-co", level="standard", valid_from=T0,
                  license_keys={"IWX-1111"})
RESOLD = Contract(id="iwx-resold", company="small-co", level="standard", valid_from=T0,
                  license_keys={"IWX-2222"}, purchase=Purchase.RESELLER,
                  reseller="ExampleHost Ltd")
OWNER = Actor.customer("owner", company="direct-co")
COMPLETE = {"ip_or_hostname": "203.0.113.7", "remote_assistance_enabled": "yes"}


@pytest.fixture
def desk(make_desk: MakeDesk) -> Helpdesk:
    desk = make_desk(IWX)
    desk.add_contract(DIRECT)
    desk.add_contract(RESOLD)
    return desk


def test_direct_buyers_are_entitled(desk: Helpdesk) -> None:
    assert desk.entitlement(license_key="IWX-1111").granted
    ticket = desk.open_ticket(OWNER, "DNS not resolving", "since upgrade", category="DNS",
                              fields=COMPLETE, severity=2)
    assert ticket.contract_id == "iwx-direct" and ticket.awaiting_information is False


def test_reseller_buyers_are_sent_to_their_reseller_or_host(desk: Helpdesk) -> None:
    refused = desk.entitlement(license_key="IWX-2222")
    assert refused.refusal is Refusal.RESELLER
    assert refused.redirect_to == "ExampleHost Ltd"
    assert "contact ExampleHost Ltd" in refused.reason
    with pytest.raises(NotEntitled, match="ExampleHost Ltd") as caught:
        desk.open_ticket(Actor.customer("u", company="small-co"), "DNS", "x", category="DNS",
                         fields=COMPLETE)
    assert caught.value.decision.redirect_to == "ExampleHost Ltd"


def test_reseller_purchases_are_fine_where_the_desk_is_not_direct_only(
    make_desk: MakeDesk,
) -> None:
    desk = make_desk(Policy(support_key_markers=False))
    desk.add_contract(RESOLD)
    assert desk.entitlement(license_key="IWX-2222").granted


@pytest.mark.parametrize("topic", sorted(NOT_QUALIFYING))
def test_non_qualifying_topics_are_refused_with_what_qualifies(
    desk: Helpdesk, topic: str
) -> None:
    with pytest.raises(NotEntitled, match="does not qualify") as caught:
        desk.open_ticket(OWNER, "Help", "x", category=topic, fields=COMPLETE)
    decision = caught.value.decision
    assert decision.refusal is Refusal.OUT_OF_SCOPE
    assert set(decision.alternatives) == QUALIFYING
    assert desk.entitlement(customer=OWNER, category=topic).refusal is Refusal.OUT_OF_SCOPE


def test_unlisted_topics_do_not_qualify_either(desk: Helpdesk) -> None:
    assert desk.entitlement(customer=OWNER, category="Gardening").refusal is Refusal.OUT_OF_SCOPE
    assert desk.entitlement(customer=OWNER, category="webmail").granted  # case-insensitive


def test_topics_are_checked_even_when_no_entitlement_is_required(make_desk: MakeDesk) -> None:
    desk = make_desk(Policy(out_of_scope_categories={"PCI scans"}))
    with pytest.raises(NotEntitled, match="PCI scans"):
        desk.open_ticket(OWNER, "Scan", "x", category="PCI scans")
    assert desk.open_ticket(OWNER, "DNS", "x", category="DNS").category == "DNS"


def test_missing_required_fields_open_the_ticket_flagged(desk: Helpdesk) -> None:
    # "Remote Assistance is required to be enabled for all support tickets."
    ticket = desk.open_ticket(OWNER, "Mail queue stuck", "x", category="Mail services",
                              fields={"remote_assistance_enabled": "no"})
    assert ticket.awaiting_information is True
    missing = ticket.events[0].data["missing_information"]
    assert missing == "ip_or_hostname,remote_assistance_enabled"
    ticket = desk.supply_information(ticket.id, OWNER, COMPLETE)
    assert ticket.awaiting_information is False


def test_the_category_itself_is_a_required_field(desk: Helpdesk) -> None:
    ticket = desk.open_ticket(OWNER, "Help", "x", fields=COMPLETE)
    assert ticket.events[0].data["missing_information"] == "category"
