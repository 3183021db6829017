"""InterWorx Direct Support Guide (seed 003), statement by statement, on
``presets.interworx``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    NotEntitled,
    Purchase,
    presets,
)
from supportkit.adapters.memory import MemoryStore

EASTERN = ZoneInfo("America/New_York")
OWNER = Actor.customer("owner", company="direct-co")
DIRECT = Contract(id="iwx-direct", company="direct-co", level="standard",
                  valid_from=datetime(2020, 1, 1, tzinfo=UTC), license_keys={"IWX-1111"})
RESOLD = Contract(id="iwx-resold", company="small-co", level="standard",
                  valid_from=datetime(2020, 1, 1, tzinfo=UTC), license_keys={"IWX-2222"},
                  purchase=Purchase.RESELLER, reseller="ExampleHost Ltd")
FIELDS = {"ip_or_hostname": "203.0.113.7", "remote_assistance_enabled": "yes"}
QUALIFYING = ["NodeWorx", "SiteWorx", "InterWorx-created Backups",
              "Imports and Migrations to InterWorx", "FTP", "DNS", "Mail services", "Apache",
              "SSL certificates", "Webmail", "Clustering"]
NOT_QUALIFYING = ["Third party software or plugins", "Softaculous", "System administrator tasks",
                  "Server hardening", "Malware/virus scanning", "PCI scans",
                  "Cleaning up spam", "System-level MySQL crashes", "DDOS attacks",
                  "Hard drive crashes", "Website code issues"]


def eastern(*args: int) -> datetime:
    return datetime(*args, tzinfo=EASTERN)  # type: ignore[misc]


def desk_at(at: datetime, *, require_entitlement: bool | None = None) -> Helpdesk:
    policy = presets.interworx.policy(require_entitlement=require_entitlement)
    desk = Helpdesk(store=MemoryStore(), policy=policy, clock=FixedClock(at))
    desk.add_contract(DIRECT)
    desk.add_contract(RESOLD)
    return desk


def submit(at: datetime, priority: str | None = None, category: str = "DNS") -> Helpdesk:
    desk = desk_at(at)
    desk.open_ticket(OWNER, "Sites down", "all of them", severity=priority, category=category,
                     fields=FIELDS)
    return desk


def paging(at: datetime, priority: str) -> tuple[bool, datetime | None]:
    desk = submit(at, priority)
    decision = desk.paging(desk.tickets()[0].id)
    return decision.page, decision.respond_by


def test_direct_support_is_for_direct_buyers_only() -> None:
    # "InterWorx direct support is reserved for customers who purchased their licenses
    #  directly from InterWorx. Customers who purchased their licenses from a reseller or
    #  server provider ... should contact their reseller or hosting company."
    desk = desk_at(eastern(2026, 3, 2, 9), require_entitlement=True)
    ticket = desk.open_ticket(OWNER, "DNS", "x", category="DNS", fields=FIELDS)
    assert ticket.contract_id == "iwx-direct"
    with pytest.raises(NotEntitled, match="contact ExampleHost Ltd"):
        desk.open_ticket(Actor.customer("u", company="small-co"), "DNS", "x", category="DNS",
                         fields=FIELDS)
    # "... or who are SiteWorx users, should contact their reseller or hosting company."
    with pytest.raises(NotEntitled, match="your reseller or hosting company"):
        desk.open_ticket(Actor.customer("siteworx-user"), "DNS", "x", category="DNS",
                         fields=FIELDS)
    assert len(desk.tickets()) == 1


def test_the_shipped_preset_serves_direct_buyers_only_out_of_the_box() -> None:
    # "InterWorx direct support is reserved for customers who purchased their licenses
    #  directly from InterWorx." The preset is its guide: presets.interworx.policy(), with
    #  no argument, refuses a requester without a direct license until contracts are
    #  loaded; require_entitlement=False is the explicit opt-out for prototypes.
    assert presets.interworx.policy().require_entitlement is True
    monday = FixedClock(eastern(2026, 3, 2, 9))
    desk = Helpdesk(store=MemoryStore(), policy=presets.interworx.policy(), clock=monday)
    with pytest.raises(NotEntitled, match="your reseller or hosting company"):
        desk.open_ticket(OWNER, "DNS", "x", category="DNS", fields=FIELDS)
    assert desk.tickets() == []
    desk.add_contract(DIRECT)
    assert desk.open_ticket(OWNER, "DNS", "x", category="DNS",
                            fields=FIELDS).contract_id == "iwx-direct"
    prototype = Helpdesk(store=MemoryStore(), clock=monday,
                         policy=presets.interworx.policy(require_entitlement=False))
    assert prototype.open_ticket(OWNER, "DNS", "x", category="DNS",
                                 fields=FIELDS).contract_id is None


def test_a_ticket_can_be_created_without_an_account() -> None:
    # "A ticket can be created without an account by clicking Create a new ticket, however,
    #  an account is recommended": the license identifies a direct buyer.
    desk = desk_at(eastern(2026, 3, 2, 9), require_entitlement=True)
    guest = Actor.customer("guest@example.net")
    ticket = desk.open_ticket(guest, "DNS", "x", category="DNS", fields=FIELDS,
                              license_key="IWX-1111")
    assert ticket.contract_id == "iwx-direct"
    with pytest.raises(NotEntitled, match="contact ExampleHost Ltd"):
        desk.open_ticket(guest, "DNS", "x", category="DNS", fields=FIELDS,
                         license_key="IWX-2222")


@pytest.mark.parametrize("topic", QUALIFYING)
def test_what_qualifies_for_direct_support(topic: str) -> None:
    # "What Qualifies for InterWorx Direct Support: NodeWorx, SiteWorx, InterWorx-created
    #  Backups, Imports and Migrations to InterWorx, FTP, DNS, Mail services, Apache, SSL
    #  certificates, Webmail, Clustering"
    desk = submit(eastern(2026, 3, 2, 9), category=topic)
    assert desk.tickets()[0].category == topic


@pytest.mark.parametrize("topic", NOT_QUALIFYING)
def test_what_does_not_qualify_for_direct_support(topic: str) -> None:
    # "What Does Not Qualify: Third party software or plugins, including Softaculous, System
    #  administrator tasks, Server hardening, Malware/virus scanning, PCI scans, Cleaning up
    #  spam, System-level MySQL crashes, DDOS attacks, Hard drive crashes, Website code issues"
    desk = desk_at(eastern(2026, 3, 2, 9))
    with pytest.raises(NotEntitled, match="does not qualify") as refused:
        desk.open_ticket(OWNER, "Help", "x", category=topic, fields=FIELDS)
    assert set(refused.value.decision.alternatives) == set(QUALIFYING)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (eastern(2026, 3, 2, 7, 59), False),   # Monday before 8AM
        (eastern(2026, 3, 2, 8, 0), True),     # "Monday: 8AM - 4PM, EST"
        (eastern(2026, 3, 6, 15, 59), True),   # "Friday: 8AM - 4PM, EST"
        (eastern(2026, 3, 6, 16, 0), False),
        (eastern(2026, 3, 7, 10, 0), False),   # "Saturday: Closed"
        (eastern(2026, 3, 8, 10, 0), False),   # "Sunday: Closed"
        (eastern(2026, 3, 9, 8, 0), True),     # first Monday of daylight saving time
    ],
)
def test_support_hours_are_monday_to_friday_8_to_4_eastern(
    moment: datetime, is_open: bool
) -> None:
    assert presets.interworx.policy().calendar.is_open(moment) is is_open


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),    # "New Years Day (January 1)"
        date(2026, 5, 25),   # "Memorial Day (Last Monday of May)"
        date(2025, 7, 4),    # "Fourth of July (July 4)" (a Friday in 2025)
        date(2026, 9, 7),    # "Labor Day (First Monday of September)"
        date(2026, 11, 26),  # "Thanksgiving (Fourth Thursday of November)"
        date(2026, 12, 25),  # "Christmas (December 25)"
    ],
)
def test_closed_on_the_six_american_holidays(holiday: date) -> None:
    # "The Support department is closed, except for Emergency Support, on the following
    #  American holidays"
    at_ten = datetime.combine(holiday, time(10), tzinfo=EASTERN)
    assert not presets.interworx.policy().calendar.is_open(at_ten)
    # "closed, except for Emergency Support": an urgent ticket pages, answered within the hour.
    assert paging(at_ten, "urgent") == (True, at_ten + timedelta(hours=1))


@pytest.mark.parametrize(
    "workday",
    [
        date(2026, 1, 19),   # Martin Luther King Jr. Day: not on the list
        date(2026, 2, 16),   # Washington's Birthday
        date(2026, 6, 19),   # Juneteenth
        date(2026, 10, 12),  # Columbus Day
        date(2026, 11, 11),  # Veterans Day
        date(2026, 7, 3),    # July 4 2026 is a Saturday: no observed Friday off
        date(2027, 12, 24),  # Christmas 2027 is a Saturday: no observed Friday off
    ],
)
def test_no_other_holidays_and_no_observed_days(workday: date) -> None:
    at_ten = datetime.combine(workday, time(10), tzinfo=EASTERN)
    assert presets.interworx.policy().calendar.is_open(at_ten)


def test_the_required_ticket_fields() -> None:
    # "Update the required fields: Category ... IP Address or Hostname ... Remote Assistance
    #  Enabled? Remote Assistance is required to be enabled for all support tickets."
    desk = desk_at(eastern(2026, 3, 2, 9))
    bare = desk.open_ticket(OWNER, "Help", "x")
    assert bare.awaiting_information is True
    assert desk.intake_report(bare.id).missing == (  # type: ignore[union-attr]
        "category", "ip_or_hostname", "remote_assistance_enabled")
    disabled = desk.open_ticket(OWNER, "Help", "x", category="DNS",
                                fields={**FIELDS, "remote_assistance_enabled": "no"})
    assert desk.intake_report(disabled.id).missing == (  # type: ignore[union-attr]
        "remote_assistance_enabled",)
    complete = desk.open_ticket(OWNER, "Help", "x", category="DNS", fields=FIELDS)
    assert complete.awaiting_information is False
    assert complete.fields["ip_or_hostname"] == "203.0.113.7"
    # "Subject: The ticket subject - Message: The issue being reported."
    for subject, message in (("", "x"), ("Help", "")):
        with pytest.raises(InvalidInput, match="non-empty"):
            desk.open_ticket(OWNER, subject, message, category="DNS", fields=FIELDS)


def test_the_message_should_describe_the_issue_the_troubleshooting_and_the_steps() -> None:
    # "This should include the following ... A full description of the issue, including any
    #  specific error messages and where they are seen - Any troubleshooting steps that have
    #  been taken so far - Exact steps to reproduce" — asked for, not required.
    desk = desk_at(eastern(2026, 3, 2, 9))
    ticket = desk.open_ticket(OWNER, "Help", "x", category="DNS", fields=FIELDS)
    report = desk.intake_report(ticket.id)
    assert report is not None and report.missing == () and not ticket.awaiting_information
    assert report.hints == (
        "a full description of the issue, including any specific error messages and where "
        "they are seen",
        "any troubleshooting steps that have been taken so far",
        "exact steps to reproduce",
    )
    detailed = desk.open_ticket(OWNER, "Help", "x", category="DNS", fields={
        **FIELDS, "description": "Error 500 in NodeWorx", "troubleshooting": "restarted iworx",
        "steps": "log in, open Mail"})
    assert desk.intake_report(detailed.id).hints == ()  # type: ignore[union-attr]


def test_five_priorities_with_medium_as_default() -> None:
    # "Priority: There are five priority options: Information, Low, Medium (default), High,
    #  Urgent"
    desk = submit(eastern(2026, 3, 2, 9))
    assert desk.tickets()[0].severity == "medium"
    scheme = desk.policy.priorities
    assert [scheme.label(k) for k in scheme.keys] == [
        "Urgent", "High", "Medium", "Low", "Information"]
    with pytest.raises(InvalidInput, match="unknown priority level 'critical'"):
        desk.open_ticket(OWNER, "Help", "x", severity="critical", category="DNS", fields=FIELDS)


@pytest.mark.parametrize("priority", ["high", "urgent"])
def test_after_hours_high_and_urgent_tickets_alert_the_support_team(priority: str) -> None:
    # "Outside of normal InterWorx Support hours, tickets that are marked with High or Urgent
    #  priorities send an alert to the phones of the InterWorx Support Team."
    assert paging(eastern(2026, 3, 2, 17, 0), priority)[0]
    assert not paging(eastern(2026, 3, 2, 10, 0), priority)[0], "inside hours: no page"


def test_submitted_before_midnight_is_addressed_within_the_hour() -> None:
    # "if the ticket is submitted before Midnight, EST, the ticket should be addressed within
    #  the hour"
    assert paging(eastern(2026, 3, 2, 23, 30), "urgent") == (True, eastern(2026, 3, 3, 0, 30))
    assert paging(eastern(2026, 3, 7, 14, 0), "high") == (True, eastern(2026, 3, 7, 15, 0))
    # From the closing instant on (4PM is outside "8AM - 4PM").
    assert paging(eastern(2026, 3, 6, 16, 0), "high") == (True, eastern(2026, 3, 6, 17, 0))


def test_submitted_after_midnight_waits_until_the_next_morning() -> None:
    # "tickets submitted after Midnight, EST, may not be seen or addressed until the next
    #  morning"
    assert paging(eastern(2026, 3, 3, 0, 30), "urgent") == (True, eastern(2026, 3, 3, 8, 0))
    assert paging(eastern(2026, 3, 7, 2, 0), "high") == (True, eastern(2026, 3, 7, 8, 0))
    # Just before a weekday opening the morning is the opening itself.
    assert paging(eastern(2026, 3, 3, 7, 30), "urgent") == (True, eastern(2026, 3, 3, 8, 0))


@pytest.mark.parametrize("priority", ["information", "low", "medium"])
def test_other_priorities_wait_for_support_hours(priority: str) -> None:
    # Only "High or Urgent priorities send an alert": the rest waits for the next opening.
    assert paging(eastern(2026, 3, 6, 17, 0), priority) == (False, eastern(2026, 3, 9, 8, 0))


@pytest.mark.parametrize("category", ["Support", "PHP", "InterWorx upgrade", "support"])
def test_a_topic_outside_both_lists_qualifies(category: str) -> None:
    # "Category: Select Support from the dropdown." — and the qualifying list reads "Issues
    #  and questions directly related to the InterWorx Control Panel software and its
    #  related packages, such as: ...": an example list, not a closed whitelist. Only the
    #  topics of "What Does Not Qualify" are refused.
    desk = desk_at(eastern(2026, 3, 2, 9))
    ticket = desk.open_ticket(OWNER, "Help", "x", category=category, fields=FIELDS)
    assert ticket.category == category and not ticket.awaiting_information
    agent = Actor.support("agent")
    assert desk.set_category(ticket.id, agent, "Apache").category == "Apache"
    with pytest.raises(InvalidInput,
                       match=r"does not qualify.*topics that qualify include: .*NodeWorx"):
        desk.set_category(ticket.id, agent, "Softaculous")


@pytest.mark.parametrize("value", ["yes", "Yes", "YES", "on", "On", "1", "true", "True",
                                   " yes "])
def test_the_remote_assistance_checkbox_takes_the_usual_true_values(value: str) -> None:
    # "Remote Assistance Enabled? Remote Assistance is required to be enabled for all
    #  support tickets." A form posts its checkbox as "on", "1", "true" or "yes".
    desk = desk_at(eastern(2026, 3, 2, 9))
    ticket = desk.open_ticket(OWNER, "Help", "x", category="DNS",
                              fields={**FIELDS, "remote_assistance_enabled": value})
    assert not ticket.awaiting_information
    assert desk.intake_report(ticket.id).missing == ()  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["no", "No", "off", "0", "false", "FALSE", "", "maybe"])
def test_remote_assistance_not_enabled_holds_the_ticket(value: str) -> None:
    # "Remote Assistance is required to be enabled for all support tickets": a falsy (or
    #  unrecognised) value is no enabled remote assistance, so the item stays missing and
    #  the ticket is held until it is enabled.
    desk = desk_at(eastern(2026, 3, 2, 9))
    ticket = desk.open_ticket(OWNER, "Help", "x", category="DNS",
                              fields={**FIELDS, "remote_assistance_enabled": value})
    assert ticket.awaiting_information
    assert desk.intake_report(ticket.id).missing == (  # type: ignore[union-attr]
        "remote_assistance_enabled",)
    released = desk.supply_information(ticket.id, OWNER, {"remote_assistance_enabled": "on"})
    assert not released.awaiting_information


def test_supplying_the_missing_category_releases_the_hold_and_tells_support() -> None:
    # "Update the required fields: Category ...": a ticket opened without one is held; the
    #  customer supplying it releases the hold, and support hears of it through the outbox.
    desk = desk_at(eastern(2026, 3, 2, 9))
    held = desk.open_ticket(OWNER, "Help", "x", fields=FIELDS)
    assert held.awaiting_information
    assert desk.intake_report(held.id).missing == ("category",)  # type: ignore[union-attr]
    desk.outbox.mark_sent([n.id for n in desk.outbox.pending()])
    supplied = desk.supply_information(held.id, OWNER, {"category": "Support"})
    assert supplied.category == "Support" and not supplied.awaiting_information
    assert "category" not in desk.get(held.id).fields
    assert desk.intake_report(held.id).missing == ()  # type: ignore[union-attr]
    assert [(n.event, n.recipient_side.value, n.recipient) for n in desk.outbox.pending()] == [
        ("information_supplied", "support", None)]
    # The category supplied must qualify, as at opening; once set, support changes it.
    other = desk.open_ticket(OWNER, "Help", "x", fields=FIELDS)
    with pytest.raises(InvalidInput, match="does not qualify"):
        desk.supply_information(other.id, OWNER, {"category": "PCI scans"})
    with pytest.raises(InvalidInput, match=r"already has category 'Support'.*set_category"):
        desk.supply_information(held.id, OWNER, {"category": "DNS"})
    assert desk.get(held.id).version == supplied.version


def test_support_setting_the_missing_category_releases_the_hold() -> None:
    # "Category: Select Support from the dropdown" — when support picks it for the customer,
    #  the checklist is checked again: the hold ends once nothing required is missing.
    desk = desk_at(eastern(2026, 3, 2, 9))
    held = desk.open_ticket(OWNER, "Help", "x", fields=FIELDS)
    agent = Actor.support("agent")
    released = desk.set_category(held.id, agent, "Support")
    assert (released.category, released.awaiting_information) == ("Support", False)
    assert desk.get(held.id).events[-1].data["missing_information"] == ""
    # Still incomplete: the hold stays, and the event says what is missing.
    bare = desk.open_ticket(OWNER, "Help", "x")
    still = desk.set_category(bare.id, agent, "DNS")
    assert still.awaiting_information
    assert desk.get(bare.id).events[-1].data["missing_information"] == (
        "ip_or_hostname,remote_assistance_enabled")


@pytest.mark.parametrize(
    ("submitted", "respond_by"),
    [(eastern(2026, 3, 2, 23, 30), eastern(2026, 3, 3, 0, 30)),   # before midnight
     (eastern(2026, 3, 3, 0, 30), eastern(2026, 3, 3, 8, 0))],    # after midnight
)
def test_the_phone_alert_is_one_outbox_entry(submitted: datetime, respond_by: datetime) -> None:
    # "Outside of normal InterWorx Support hours, tickets that are marked with High or Urgent
    #  priorities send an alert to the phones of the InterWorx Support Team." An integrator
    #  drives the phones from the outbox's 'paged' entry: written once, at submission, with
    #  the promised response time; later changes do not page again.
    clock = FixedClock(submitted)
    desk = Helpdesk(store=MemoryStore(), clock=clock, policy=presets.interworx.policy())
    desk.add_contract(DIRECT)  # the shipped preset serves direct buyers only
    ticket = desk.open_ticket(OWNER, "Sites down", "all of them", severity="urgent",
                              category="Apache", fields=FIELDS)

    def alerts() -> list[tuple[str, str | None, datetime]]:
        return [(n.ticket_id, n.recipient, n.at) for n in desk.outbox.pending()
                if n.event == "paged" and n.recipient_side.value == "support"]

    assert alerts() == [(ticket.id, None, submitted)]
    (paged,) = [e for e in desk.get(ticket.id).events if e.kind == "paged"]
    assert datetime.fromisoformat(str(paged.data["respond_by"])) == respond_by
    agent = Actor.support("on-call")
    clock.advance(timedelta(minutes=20))
    desk.reply(ticket.id, OWNER, "still down")
    desk.set_severity(ticket.id, agent, "high", reason="one site is back")
    desk.set_severity(ticket.id, agent, "urgent", reason="down again")
    desk.reply(ticket.id, agent, "looking at it")
    assert alerts() == [(ticket.id, None, submitted)]
    assert [e.kind for e in desk.get(ticket.id).events].count("paged") == 1
    # Inside support hours the same ticket leaves no alert.
    inside = desk_at(eastern(2026, 3, 3, 10))
    inside.open_ticket(OWNER, "Sites down", "x", severity="urgent", category="Apache",
                       fields=FIELDS)
    assert [n.event for n in inside.outbox.pending()] == ["opened"]


def test_a_ticket_raised_to_urgent_after_hours_alerts_the_phones_once() -> None:
    # "Outside of normal InterWorx Support hours, tickets that are marked with High or Urgent
    #  priorities send an alert to the phones" — also when support marks it so that night;
    #  "if the ticket is submitted before Midnight, EST, the ticket should be addressed
    #  within the hour": the promise belongs to the submission, not to the change.
    submitted = eastern(2026, 3, 2, 23, 30)
    desk = desk_at(submitted)
    ticket = desk.open_ticket(OWNER, "Sites slow", "some of them", category="Apache",
                              fields=FIELDS)
    assert desk.paging(ticket.id).page is False

    def alerts() -> list[tuple[str | None, datetime]]:
        return [(n.recipient, n.at) for n in desk.outbox.pending()
                if n.event == "paged" and n.recipient_side.value == "support"]

    assert alerts() == []
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(minutes=50))
    raised_at = desk.clock.now()
    agent = Actor.support("on-call")
    desk.set_severity(ticket.id, agent, "urgent", reason="sites down")
    decision = desk.paging(ticket.id)
    assert (decision.page, decision.respond_by) == (True, submitted + timedelta(hours=1))
    assert alerts() == [(None, raised_at)]
    (paged,) = [e for e in desk.get(ticket.id).events if e.kind == "paged"]
    assert datetime.fromisoformat(str(paged.data["respond_by"])) == submitted + timedelta(
        hours=1)
    # Exactly once: lowered and raised again, or raised further, it does not page again.
    desk.set_severity(ticket.id, agent, "medium", reason="one site is back")
    desk.set_severity(ticket.id, agent, "high", reason="down again")
    desk.set_severity(ticket.id, agent, "urgent", reason="all down")
    assert alerts() == [(None, raised_at)]
    # A raise during support hours alerts no phone: neither for a ticket submitted then,
    # nor for one submitted the night before and raised the next morning.
    day = desk_at(eastern(2026, 3, 3, 10))
    calm = day.open_ticket(OWNER, "Sites slow", "x", category="Apache", fields=FIELDS)
    day.set_severity(calm.id, agent, "urgent", reason="sites down")
    night = desk_at(submitted)
    overnight = night.open_ticket(OWNER, "Sites slow", "x", category="Apache", fields=FIELDS)
    assert isinstance(night.clock, FixedClock)
    night.clock.set(eastern(2026, 3, 3, 10))
    night.set_severity(overnight.id, agent, "urgent", reason="sites down")
    for quiet in (day, night):
        assert "paged" not in {n.event for n in quiet.outbox.pending()}
