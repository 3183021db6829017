"""Odin Support Quick Start Guide (seed 000), statement by statement, on ``presets.odin``."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from presets.preset_kit import HOUR, T0
from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    PermissionDenied,
    TicketStatus,
    Upload,
    presets,
)
from supportkit.adapters.memory import MemoryStore

PARTNER = Actor.customer("partner-admin", company="hoster")
AGENT = Actor.support("agent-7")
SHIFT_MANAGER = Actor.support("sm-1", roles={"shift-manager"})
CONTRACT = Contract(id="odin-1", company="hoster", level="standard", valid_from=T0,
                    valid_until=T0 + timedelta(days=365), support_code="555 123 4567")
LICENSE = Contract(id="odin-lic", company="other-hoster", level="standard", valid_from=T0,
                   license_keys={"PPA-12345678-0000"})
DETAILS = {"description": "Error 500 on the Billing page"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    desk = Helpdesk(store=MemoryStore(), policy=presets.odin.policy(), clock=clock)
    desk.add_contract(CONTRACT)
    desk.add_contract(LICENSE)
    return desk


def open_ticket(desk: Helpdesk, severity: int = 3, **kwargs: object) -> str:
    return desk.open_ticket(PARTNER, "Billing run fails", "Error 500", severity=severity,
                            fields=DETAILS, **kwargs).id  # type: ignore[arg-type]


def test_support_requires_a_valid_support_option(desk: Helpdesk) -> None:
    # "In order to receive support from the Odin Support Team you are first required to have
    #  valid support options."
    with pytest.raises(NotEntitled) as refused:
        desk.open_ticket(Actor.customer("walk-in"), "Help", "please", fields=DETAILS)
    # "If you choose not to purchase a support contract, the Odin Support Team has created
    #  many free resources"
    for url in ("http://www.odin.com/support/docs/", "http://kb.odin.com/",
                "http://forum.odin.com/"):
        assert url in str(refused.value)
    assert desk.tickets() == []
    # The preset is its guide: refusing is the default; opting out is explicit.
    assert presets.odin.policy().require_entitlement is True
    prototype = Helpdesk(MemoryStore(), presets.odin.policy(require_entitlement=False))
    assert prototype.open_ticket(Actor.customer("walk-in"), "Help", "please", fields=DETAILS)


def test_the_support_code_is_a_ten_digit_code(desk: Helpdesk) -> None:
    # "The support code is a ten-digit code provided to you by your Sales Representative"
    ticket = desk.open_ticket(Actor.customer("someone"), "Help", "please",
                                support_code="555-123-4567", fields=DETAILS)
    assert ticket.contract_id == "odin-1"
    with pytest.raises(InvalidInput, match="exactly ten"):
        desk.open_ticket(Actor.customer("someone"), "Help", "please",
                           support_code="555 123", fields=DETAILS)


def test_a_product_license_with_support_authenticates(desk: Helpdesk) -> None:
    # "If you have active support options applied to your product license, you may also
    #  authenticate with support by using your product license number"
    ticket = desk.open_ticket(Actor.customer("ops"), "Help", "please",
                                license_key="PPA-12345678-0000", fields=DETAILS)
    assert ticket.contract_id == "odin-lic"
    # Only *active* support options: once they end, the license number no longer does.
    desk.replace_contract(attrs.evolve(LICENSE, valid_until=T0 + timedelta(days=30)))
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=31))
    with pytest.raises(NotEntitled, match="expired"):
        desk.open_ticket(Actor.customer("ops"), "Help", "please",
                           license_key="PPA-12345678-0000", fields=DETAILS)


def test_partners_monitor_their_requests_in_the_request_tracker(desk: Helpdesk) -> None:
    # "To manage and monitor your support requests you can use Support Request Tracker."
    ours = open_ticket(desk)
    colleague = Actor.customer("partner-ops", company="hoster")
    desk.open_ticket(Actor.customer("rival", company="other-hoster"), "Help", "x",
                     fields=DETAILS)
    assert [t.id for t in desk.tickets(colleague)] == [ours]
    with pytest.raises(PermissionDenied):
        desk.get(ours, Actor.customer("rival", company="other-hoster"))


@pytest.mark.parametrize("channel", ["web", "chat", "phone"])
def test_requests_come_by_form_chat_phone_and_email_replies(desk: Helpdesk, channel: str) -> None:
    # "To create a support request use Support Request Form, Chat, Phone"; replies by e-mail.
    ticket_id = open_ticket(desk, channel=channel)
    assert desk.get(ticket_id).status is TicketStatus.OPEN
    desk.reply(ticket_id, PARTNER, "more details", channel="email")
    assert desk.get(ticket_id).messages[-1].channel == "email"


def test_a_new_request_by_email_is_refused_naming_the_channels(desk: Helpdesk) -> None:
    # "To create a support request use Support Request Form, Chat, Phone" — e-mail is for
    # replies ("submitted to Odin via an email reply"), not for new requests.
    with pytest.raises(InvalidInput, match=r"cannot be opened by 'email'.*open it by: chat, "
                                           r"phone, web"):
        open_ticket(desk, channel="email")
    assert desk.tickets() == []


def test_other_channels_are_refused(desk: Helpdesk) -> None:
    # "To create a support request use Support Request Form, Chat, Phone": nothing else.
    with pytest.raises(InvalidInput, match="allowed: chat, email, phone, web"):
        open_ticket(desk, channel="fax")


@pytest.mark.parametrize(("severity", "label"),
                         [(1, "Urgent"), (2, "High"), (3, "Normal"), (4, "Minor")])
def test_every_severity_gets_an_initial_response_within_two_hours(
    desk: Helpdesk, clock: FixedClock, severity: int, label: str
) -> None:
    # "Severity 1 | 2 Hours | Urgent; Severity 2 | 2 Hours | High; Severity 3 | 2 Hours |
    #  Normal; Severity 4 | 2 Hours | Minor"
    assert desk.policy.priorities.label(severity) == label
    ticket = desk.get(open_ticket(desk, severity))
    assert ticket.first_response_due == T0 + 2 * HOUR
    clock.advance(2 * HOUR + timedelta(seconds=1))
    assert desk.sla(ticket.id).first_response.state.value == "breached"
    # A support reply inside the two hours meets the target.
    answered = desk.get(open_ticket(desk, severity))
    clock.advance(2 * HOUR)
    desk.reply(answered.id, AGENT, "Looking into it")
    assert desk.sla(answered.id).first_response.state.value == "met"


def test_the_shift_manager_may_reduce_or_increase_a_severity(desk: Helpdesk) -> None:
    # "The Shift Manager on duty can either reduce the severity of your ticket if it is
    #  overrated or increase it."
    ticket_id = open_ticket(desk, 2)
    with pytest.raises(PermissionDenied, match="shift-manager"):
        desk.set_severity(ticket_id, AGENT, 1, reason="customer insists")
    # "The selected severity should be reasonable": the customer selects it when opening,
    # and only the Shift Manager changes it afterwards.
    with pytest.raises(PermissionDenied, match="shift-manager"):
        desk.set_severity(ticket_id, PARTNER, 1, reason="it is urgent to me")
    lowered = desk.set_severity(ticket_id, SHIFT_MANAGER, 4, reason="overrated")
    raised = desk.set_severity(ticket_id, SHIFT_MANAGER, 1, reason="all sites down")
    assert (lowered.severity, raised.severity) == (4, 1)
    event = desk.get(ticket_id).events[-1]
    assert event.data["reason"] == "all sites down"
    assert event.actor.id == "sm-1"


def test_severity_1_escalates_by_phone_an_hour_after_the_last_support_correspondence(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 1 | 1 hour after last support correspondence | Phone"
    ticket_id = open_ticket(desk, 1)
    clock.advance(timedelta(minutes=30))
    desk.reply(ticket_id, AGENT, "Looking into it")
    clock.advance(timedelta(minutes=59))
    with pytest.raises(NotEligible) as early:
        desk.escalate(ticket_id, PARTNER, method="phone")
    assert early.value.eligible_at == T0 + timedelta(minutes=90)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(NotEligible, match="use phone"):
        desk.escalate(ticket_id, PARTNER, method="button")
    desk.escalate(ticket_id, PARTNER, method="phone")
    assert desk.get(ticket_id).events[-1].kind == "escalated"


def test_severity_1_without_support_correspondence_counts_from_the_request(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 1 | 1 hour after last support correspondence | Phone" — before support has
    # written at all, the hour runs from the request itself (the guide leaves this open).
    ticket_id = open_ticket(desk, 1)
    assert desk.escalation(ticket_id).eligible_at == T0 + HOUR
    clock.advance(HOUR)
    desk.escalate(ticket_id, PARTNER, method="phone")
    assert desk.get(ticket_id).events[-1].kind == "escalated"


def test_severity_2_escalates_by_button_or_phone_once_half_the_eta_has_passed(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 2 | 50% of ETA has passed | Escalation Button, Phone"
    ticket_id = open_ticket(desk, 2)
    # "A Support Engineer will provide ETA of resolution or a next update."
    desk.set_eta(ticket_id, AGENT, T0 + 10 * HOUR)
    clock.advance(5 * HOUR - timedelta(seconds=1))
    assert not desk.escalation(ticket_id).eligible
    clock.advance(timedelta(seconds=1))
    decision = desk.escalation(ticket_id)
    assert decision.eligible and decision.methods == {"button", "phone"}
    desk.escalate(ticket_id, PARTNER, method="button")
    assert desk.get(ticket_id).events[-1].data["method"] == (
        "button")


def test_severity_2_half_the_eta_counts_from_when_the_eta_was_given(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 2 | 50% of ETA has passed": the ETA is a span the engineer gives ("will
    # provide ETA of resolution or a next update"); until one is given nothing has passed.
    ticket_id = open_ticket(desk, 2)
    clock.advance(2 * HOUR)
    assert desk.escalation(ticket_id).eligible_at is None
    with pytest.raises(NotEligible, match="no ETA is set yet"):
        desk.escalate(ticket_id, PARTNER, method="button")
    desk.set_eta(ticket_id, AGENT, T0 + 12 * HOUR)  # given at T0+2h: a 10-hour window
    assert desk.escalation(ticket_id).eligible_at == T0 + 7 * HOUR
    # A new ETA (a "next update") starts a new window.
    clock.set(T0 + 6 * HOUR)
    desk.set_eta(ticket_id, AGENT, T0 + 10 * HOUR)
    assert desk.escalation(ticket_id).eligible_at == T0 + 8 * HOUR


def test_a_missed_eta_stays_missed_when_a_later_eta_is_set(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 3 | ETA is missed | Escalation Button, Phone": once the ETA is missed the
    # customer may escalate; a later ETA set afterwards does not un-miss it.
    ticket_id = open_ticket(desk, 3)
    desk.set_eta(ticket_id, AGENT, T0 + 4 * HOUR)
    clock.set(T0 + 5 * HOUR)
    desk.set_eta(ticket_id, AGENT, T0 + 24 * HOUR)
    decision = desk.escalation(ticket_id)
    assert decision.eligible and decision.eligible_at == T0 + 4 * HOUR
    desk.escalate(ticket_id, PARTNER, method="button")
    assert desk.get(ticket_id).events[-1].kind == "escalated"


def test_severity_2_half_the_eta_once_reached_stays_reached(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 2 | 50% of ETA has passed | Escalation Button, Phone": the 50 % point, once
    # reached, stays reached when the engineer pushes the ETA out afterwards.
    ticket_id = open_ticket(desk, 2)
    desk.set_eta(ticket_id, AGENT, T0 + 10 * HOUR)  # half-way at T0+5h
    clock.set(T0 + 6 * HOUR)
    desk.set_eta(ticket_id, AGENT, T0 + 30 * HOUR)  # a new window would put it at T0+18h
    decision = desk.escalation(ticket_id)
    assert decision.eligible and decision.eligible_at == T0 + 5 * HOUR
    desk.escalate(ticket_id, PARTNER, method="phone")
    assert desk.get(ticket_id).events[-1].kind == "escalated"


def test_severity_3_escalates_by_button_or_phone_once_the_eta_is_missed(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Severity 3 | ETA is missed | Escalation Button, Phone"
    ticket_id = open_ticket(desk, 3)
    desk.set_eta(ticket_id, AGENT, T0 + 24 * HOUR)
    clock.set(T0 + 24 * HOUR - timedelta(seconds=1))
    with pytest.raises(NotEligible):
        desk.escalate(ticket_id, PARTNER, method="phone")
    clock.set(T0 + 24 * HOUR)
    assert desk.escalation(ticket_id).methods == {"button", "phone"}
    desk.escalate(ticket_id, PARTNER, method="phone")
    assert desk.get(ticket_id).events[-1].kind == "escalated"


def test_severity_4_never_escalates(desk: Helpdesk, clock: FixedClock) -> None:
    # "Severity 4 | N/A | N/A"
    ticket_id = open_ticket(desk, 4)
    desk.set_eta(ticket_id, AGENT, T0 + HOUR)
    clock.advance(timedelta(days=30))
    assert desk.escalation(ticket_id).eligible_at is None
    with pytest.raises(NotEligible, match="not available"):
        desk.escalate(ticket_id, PARTNER, method="button")


def test_passwords_in_email_replies_are_stripped(desk: Helpdesk) -> None:
    # "any password authentication information submitted to Odin via an email reply will be
    #  automatically stripped from the ticket for security purposes"
    ticket_id = open_ticket(desk)
    desk.reply(ticket_id, PARTNER, "root login\npassword: Hunter2!x", channel="email")
    ticket = desk.get(ticket_id)
    body = ticket.messages[-1].body
    assert "Hunter2!x" not in body and "[redacted: password]" in body
    assert all("Hunter2!x" not in str(event.data) for event in ticket.events)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Password for admin is Hunter2!x", "Password for admin is [redacted: password]"),
        ("the password for user admin: Hunter2!x",
         "the password for user admin: [redacted: password]"),
        ("credentials: admin/Hunter2!x", "credentials: admin/[redacted: password]"),
        ("user admin / pass Hunter2!x", "user admin / pass [redacted: password]"),
        ("username: admin; password Hunter2!x",
         "username: admin; password [redacted: password]"),
        # the labelled forms that worked before still do
        ("password: Hunter2!x", "password: [redacted: password]"),
        ("root password is Hunter2!x", "root password is [redacted: password]"),
        # "password for USER is WORD" is stripped even when WORD is an ordinary word (a
        # lost word is cheaper than a kept password) ...
        ("Password for admin is wrong", "Password for admin is [redacted: password]"),
        # ... but "user USER / pass WORD" without ':' takes WORD only when it holds a digit
        # or a symbol, so plain prose stays.
        ("user admin / pass the test", "user admin / pass the test"),
    ],
)
def test_everyday_ways_of_mailing_a_password_are_stripped(
    desk: Helpdesk, written: str, stored: str
) -> None:
    # "any password authentication information submitted to Odin via an email reply will be
    #  automatically stripped from the ticket" — however the partner happens to write it.
    ticket_id = open_ticket(desk)
    desk.reply(ticket_id, PARTNER, f"Hello,\n{written}\nThanks", channel="email")
    ticket = desk.get(ticket_id)
    assert ticket.messages[-1].body == f"Hello,\n{stored}\nThanks"
    assert all("Hunter2!x" not in str(event.data) for event in ticket.events)
    assert desk.tickets(text="Hunter2") == []  # not searchable either


def test_only_email_is_stripped_credentials_belong_in_the_permission_form(
    desk: Helpdesk,
) -> None:
    # "any password authentication information submitted to Odin via an email reply will be
    #  automatically stripped ... Instead, please ensure that you use the secure online
    #  form" — the stripping is for e-mail; the Support Permission Agreement Form is outside
    #  the desk, so a web message is stored as written.
    ticket = desk.open_ticket(PARTNER, "Login fails", "root password: Hunter2!x",
                              channel="web", fields=DETAILS)
    assert ticket.messages[0].body == "root password: Hunter2!x"
    assert desk.policy.redaction.applies_to("email")


def test_addresses_the_guide_asks_for_are_kept_and_nothing_is_purged(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "Any applicable information such as: user IDs, subscription IDs, domain names, FTP
    #  usernames, email addresses, IP addresses, and host addresses." The guide asks for
    #  them, so they are not screened as personal data (privacy.action = "off"); it sets no
    #  retention rule, so nothing is purged, and a closed ticket reopens within 90 days.
    body = "Mail for bob@example.com fails on 192.0.2.10"
    ticket = desk.open_ticket(PARTNER, "Mail fails", body, fields=DETAILS,
                              attachments=[Upload("maillog.txt", b"to bob@example.com")])
    assert desk.get(ticket.id).messages[0].body == body
    desk.solve(ticket.id, AGENT)
    desk.confirm(ticket.id, PARTNER)
    clock.advance(timedelta(days=89))
    assert desk.reopen(ticket.id, PARTNER).status is TicketStatus.OPEN
    desk.solve(ticket.id, AGENT)
    desk.confirm(ticket.id, PARTNER)
    clock.advance(timedelta(days=3650))
    assert desk.run_retention().purged == ()
    kept = desk.get(ticket.id).messages[0]
    assert kept.body == body and not any(a.purged for a in kept.attachments)


def test_the_team_checks_that_the_required_details_are_present(desk: Helpdesk) -> None:
    # "A member of the Odin Support Team will evaluate your request to ensure that all
    #  required details are present" — the list of "Information to be provided".
    ticket = desk.open_ticket(PARTNER, "Help", "please")
    report = desk.intake_report(ticket.id)
    assert report is not None and report.missing == ("description",)
    assert ticket.awaiting_information is False
    assert report.hints == (
        "exact errors from the product's error logs and where those logs are",
        "the exact steps to reproduce the error or issue",
        "user IDs, subscription IDs, domain names, FTP usernames, email addresses, "
        "IP addresses, host addresses",
        "background: the events leading up to this request",
        "time frames when reboots or service restarts are allowed",
        "KB articles already reviewed",
    )
    assert desk.intake_report(open_ticket(desk)).missing == ()  # type: ignore[union-attr]


def test_unresolved_requests_are_escalated_to_senior_team_members(desk: Helpdesk) -> None:
    # "Should it not be resolvable within the currently assigned support group, it will be
    #  escalated to senior team members."
    ticket_id = open_ticket(desk)
    with pytest.raises(PermissionDenied, match="only support"):
        desk.transfer(ticket_id, PARTNER, "senior", reason="I want a senior")
    assert desk.transfer(ticket_id, AGENT, "senior", reason="needs tier 2").support_group == (
        "senior")
    ticket = desk.get(ticket_id)
    assert ticket.support_group == "senior"
    assert (ticket.events[-1].kind, ticket.events[-1].data["reason"]) == (
        "transferred", "needs tier 2")


def test_the_customer_confirms_the_resolution_and_closes_the_ticket(
    desk: Helpdesk, clock: FixedClock
) -> None:
    # "8. Resolution provided. 9. Confirmation of the resolution and the closure of the
    #  ticket by you, the customer. 10. Support Customer Satisfaction Survey is sent."
    ticket_id = open_ticket(desk)
    desk.reply(ticket_id, AGENT, "Fixed by KB 1234")
    with pytest.raises(InvalidTransition, match="'close' by support is not allowed"):
        desk.close(ticket_id, AGENT)  # support provides the resolution, not the closure
    desk.solve(ticket_id, AGENT)
    with pytest.raises(InvalidTransition):
        desk.confirm(ticket_id, AGENT)
    clock.advance(HOUR)
    closed = desk.confirm(ticket_id, PARTNER)
    assert closed.status is TicketStatus.CLOSED and desk.get(ticket_id).closed_at == T0 + HOUR
    # The confirmation is in the outbox: the hook an embedding application sends its
    # survey from (supportkit sends nothing itself).
    assert "confirmed" in {n.event for n in desk.outbox.pending()}


def test_support_cannot_archive_a_solved_ticket_the_customer_has_not_confirmed(
    desk: Helpdesk,
) -> None:
    # "9. Confirmation of the resolution and the closure of the ticket by you, the
    #  customer." Archiving an unconfirmed solved ticket would end it without the customer.
    ticket_id = open_ticket(desk)
    desk.solve(ticket_id, AGENT)
    with pytest.raises(InvalidTransition, match="'archive' by support is not allowed"):
        desk.archive(ticket_id, AGENT)
    assert desk.get(ticket_id).status is TicketStatus.SOLVED
    desk.confirm(ticket_id, PARTNER)
    assert desk.archive(ticket_id, AGENT).status is TicketStatus.ARCHIVED
