"""Odin: support needs a valid support option — a support code or a license with support.

"In order to receive support from the Odin Support Team you are first required to have valid
support options. The support options can be applied either to a product license, or to a
support contract. ... If you choose not to purchase a support contract, the Odin Support Team
has created many free resources".
"""

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
    NotEntitled,
    Policy,
    Refusal,
    RequiredInformation,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the clock fixture's instant
MakeDesk = Callable[[Policy], Helpdesk]

FREE = ("http://www.odin.com/support/docs/", "http://kb.odin.com/", "http://forum.odin.com/")
ODIN = Policy(
    name="odin", require_entitlement=True, support_key_markers=False, free_resources=FREE,
    intake=RequiredInformation((
        InformationItem(key="description", label="what exact errors are displayed"),
        InformationItem(key="error_logs", label="errors from the product's error logs",
                        required=False),
        InformationItem(key="steps", label="exact steps to reproduce", required=False),
        InformationItem(key="maintenance_windows", required=False,
                        label="time frames when reboots or restarts are allowed"),
    )),
)
PARTNER = Actor.customer("partner-admin", company="hoster")
CONTRACT = Contract(id="odin-1", company="hoster", level="standard", valid_from=T0,
                    valid_until=T0 + timedelta(days=365), support_code="555 123 4567")
LICENSE = Contract(id="odin-lic", company="other-hoster", level="standard", valid_from=T0,
                   license_keys={"PPA-12345678-0000"}, products={"plesk-automation"})


def test_a_support_code_opens_a_ticket_on_the_contract(make_desk: MakeDesk) -> None:
    desk = make_desk(ODIN)
    desk.add_contract(CONTRACT)
    granted = desk.entitlement(support_code="5551234567")
    assert granted.granted and granted.contract_id == "odin-1" and granted.level == "standard"
    ticket = desk.open_ticket(Actor.customer("someone-else"), "Billing run fails", "error X",
                              support_code="555-123-4567", fields={"description": "error X"})
    assert (ticket.contract_id, ticket.service_level) == ("odin-1", "standard")
    assert ticket.events[0].data["contract_id"] == "odin-1"


def test_a_license_with_support_authenticates_for_its_installation(make_desk: MakeDesk) -> None:
    # "you may also authenticate with support by using your product license number to
    # receive help for a specific installation"
    desk = make_desk(ODIN)
    desk.add_contract(LICENSE)
    assert desk.entitlement(license_key="PPA-12345678-0000", product="plesk-automation").granted
    other = desk.entitlement(license_key="PPA-12345678-0000", product="service-automation")
    assert other.refusal is Refusal.PRODUCT_NOT_COVERED
    assert other.alternatives == ("plesk-automation",)


def test_without_a_support_option_the_refusal_points_to_the_free_resources(
    make_desk: MakeDesk,
) -> None:
    desk = make_desk(ODIN)
    desk.add_contract(CONTRACT)
    refused = desk.entitlement(support_code="999 999 9999")
    assert not refused.granted and refused.refusal is Refusal.UNKNOWN
    assert refused.alternatives == FREE
    for url in FREE:
        assert url in refused.reason
    with pytest.raises(NotEntitled, match=r"kb\.odin\.com") as caught:
        desk.open_ticket(Actor.customer("walk-in"), "Help", "please")
    assert caught.value.decision.refusal is Refusal.UNKNOWN
    assert desk.tickets() == []  # a refusal writes nothing


def test_an_expired_support_contract_is_refused(make_desk: MakeDesk, clock: FixedClock) -> None:
    desk = make_desk(ODIN)
    desk.add_contract(CONTRACT)
    clock.advance(timedelta(days=365))
    refused = desk.entitlement(customer=PARTNER)
    assert refused.refusal is Refusal.EXPIRED and "expired" in refused.reason
    with pytest.raises(NotEntitled, match="expired"):
        desk.open_ticket(PARTNER, "Help", "please")


def test_a_contract_that_has_not_started_is_refused(make_desk: MakeDesk) -> None:
    desk = make_desk(ODIN)
    desk.add_contract(Contract(id="next-year", company="hoster", level="standard",
                               valid_from=T0 + timedelta(days=30), support_code="1112223334"))
    refused = desk.entitlement(support_code="111 222 3334")
    assert refused.refusal is Refusal.NOT_YET_VALID and "not yet" in refused.reason
    assert desk.entitlement(support_code="1112223334", at=T0 + timedelta(days=30)).granted


def test_the_request_form_reports_missing_details_and_hints(make_desk: MakeDesk) -> None:
    # "A member of the Odin Support Team will evaluate your request to ensure that all
    # required details are present"
    desk = make_desk(ODIN)
    desk.add_contract(CONTRACT)
    ticket = desk.open_ticket(PARTNER, "Help", "please")
    assert ticket.events[0].data["missing_information"] == "description"
    assert ticket.awaiting_information is False  # Odin does not hold the ticket
    report = desk.intake_report(ticket.id)
    assert report is not None and report.missing == ("description",)
    assert "exact steps to reproduce" in report.hints
