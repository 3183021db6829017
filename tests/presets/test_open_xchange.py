"""Open-Xchange Ticket System User Guide for Customers (seed 002), statement by statement,
on ``presets.open_xchange``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from presets.preset_kit import DAY
from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    NotEntitled,
    Refusal,
    TicketStatus,
    Upload,
    presets,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore

#: Sunday 7 June 2026, 02:00 in Berlin: a scheduled deletion run.
RUN = datetime(2026, 6, 7, 0, 0, tzinfo=UTC)
SUP, SAAS, MAINT = "OXAS-SUP-1A2B-3C4D", "OXAS-SaaS-9Z8Y", "OXAS-MNT-1A2B-3C4D"
ADMIN = Actor.customer("ldb-admin", company="isp")
COLLEAGUE = Actor.customer("ldb-ops", company="isp")
AGENT = Actor.support("ox-agent")
RAW = b"Subject: Mail store full\r\n\r\nsee the attached log\r\n"


def make_desk(at: datetime, *, require_entitlement: bool | None = None) -> Helpdesk:
    policy = presets.open_xchange.policy(require_entitlement=require_entitlement)
    desk = Helpdesk(store=MemoryStore(), policy=policy, clock=FixedClock(at))
    desk.add_contract(Contract(id="ox-1", company="isp", level="standard", valid_from=at,
                               license_keys={SUP, MAINT}))
    desk.add_contract(Contract(id="ox-2", company="cloud", level="standard", valid_from=at,
                               license_keys={SAAS}))
    return desk


def clock(desk: Helpdesk) -> FixedClock:
    assert isinstance(desk.clock, FixedClock)
    return desk.clock


def incident(desk: Helpdesk, requester: Actor = ADMIN, content: bytes = b"log lines",
             category: str | None = None) -> str:
    return desk.open_ticket(requester, "Mail store full", "see the attached log",
                            channel="email", license_key=SUP, category=category,
                            attachments=[Upload("maillog.txt", content)], raw_email=RAW).id


def test_only_sup_or_saas_keys_give_access_to_the_ticket_system() -> None:
    # "If you do not own or activate a valid support key (not maintenance), you don't have
    #  access rights to the ticket system ... a valid license key with '-SaaS-' or '-SUP-'
    #  pattern"
    desk = make_desk(RUN, require_entitlement=True)
    assert desk.entitlement(license_key=SUP).granted
    assert desk.entitlement(license_key=SAAS).granted
    with pytest.raises(NotEntitled, match="maintenance keys do not"):
        desk.open_ticket(ADMIN, "Mail store full", "help", channel="email", license_key=MAINT)


def test_the_shipped_preset_refuses_a_requester_without_a_support_key() -> None:
    # "If you do not own or activate a valid support key (not maintenance), you don't have
    #  access rights to the ticket system." The preset is its guide: with no argument,
    #  presets.open_xchange.policy() refuses until the desk's contracts are loaded;
    #  require_entitlement=False is the explicit opt-out for prototypes.
    assert presets.open_xchange.policy().require_entitlement is True
    desk = Helpdesk(store=MemoryStore(), policy=presets.open_xchange.policy(),
                    clock=FixedClock(RUN))
    with pytest.raises(NotEntitled):
        desk.open_ticket(ADMIN, "Mail store full", "help", channel="email", license_key=SUP)
    assert desk.tickets() == []
    desk.add_contract(Contract(id="ox-1", company="isp", level="standard", valid_from=RUN,
                               license_keys={SUP}))
    ticket = desk.open_ticket(ADMIN, "Mail store full", "help", channel="email",
                              license_key=SUP)
    assert ticket.contract_id == "ox-1"
    prototype = Helpdesk(store=MemoryStore(), clock=FixedClock(RUN),
                         policy=presets.open_xchange.policy(require_entitlement=False))
    assert prototype.open_ticket(ADMIN, "Mail store full", "help",
                                 channel="email").contract_id is None


def test_a_maintenance_only_contract_gives_no_access_on_any_path() -> None:
    # "If you do not own or activate a valid support key (not maintenance), you don't have
    #  access rights to the ticket system" — whether the requester presents the key, is
    # found through the company or through an installation.
    desk = make_desk(RUN)
    desk.add_contract(Contract(id="ox-m", company="legacy", level="standard", valid_from=RUN,
                               license_keys={"OXAS-MNT-7777"}, assets={"mx1.legacy"},
                               support_code="555 000 1111"))
    legacy = Actor.customer("old-admin", company="legacy")
    assert desk.entitlement(customer=legacy).refusal is Refusal.MAINTENANCE_KEY
    assert desk.entitlement(asset="mx1.legacy").refusal is Refusal.MAINTENANCE_KEY
    assert desk.entitlement(support_code="555 000 1111").refusal is Refusal.MAINTENANCE_KEY
    for selector in ({}, {"asset": "mx1.legacy"}, {"license_key": "OXAS-MNT-7777"}):
        with pytest.raises(NotEntitled, match="maintenance"):
            desk.open_ticket(legacy, "Mail store full", "help", channel="email", **selector)
    assert desk.tickets() == []
    # A company holding a support key besides the maintenance one is served.
    assert desk.entitlement(customer=ADMIN).granted


def test_existing_tickets_need_a_still_valid_support_key() -> None:
    # "Customer with valid support license have access to all their tickets": once the
    # company's support key has lapsed (here: only the maintenance key is left), its
    # customers can neither view nor reply to nor close their tickets; support still can.
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    assert desk.get(ticket_id, COLLEAGUE).id == ticket_id
    desk.replace_contract(Contract(id="ox-1", company="isp", level="standard",
                                   valid_from=RUN, license_keys={MAINT}))
    with pytest.raises(NotEntitled, match=r"may not view ticket .*maintenance"):
        desk.get(ticket_id, ADMIN)
    with pytest.raises(NotEntitled, match="may not act on ticket"):
        desk.reply(ticket_id, ADMIN, "any news?", channel="web")
    with pytest.raises(NotEntitled):
        desk.close(ticket_id, COLLEAGUE)
    assert desk.reply(ticket_id, AGENT, "Your support key has lapsed").status is (
        TicketStatus.OPEN)
    assert len(desk.get(ticket_id).messages) == 2  # the refused reply wrote nothing
    # The list still names the company's tickets; each then refuses to open.
    assert [t.id for t in desk.tickets(ADMIN)] == [ticket_id]
    # The support key renewed: access is back.
    desk.replace_contract(Contract(id="ox-1", company="isp", level="standard",
                                   valid_from=RUN, license_keys={SUP}))
    assert desk.reply(ticket_id, ADMIN, "renewed", channel="web").status is TicketStatus.OPEN
    # The prototype opt-out serves anyone: no entitlement to use existing tickets either.
    prototype = make_desk(RUN, require_entitlement=False)
    assert prototype.policy.require_entitlement_to_access is False
    kept = incident(prototype)
    prototype.replace_contract(Contract(id="ox-1", company="isp", level="standard",
                                        valid_from=RUN, license_keys={MAINT}))
    assert prototype.get(kept, ADMIN).id == kept


def test_new_incidents_start_by_email_with_the_license_key() -> None:
    # "you have still to start new incident requests via email by adding the license key"
    desk = make_desk(RUN, require_entitlement=True)
    ticket = desk.get(incident(desk))
    assert (ticket.channel, ticket.contract_id) == ("email", "ox-1")
    with pytest.raises(InvalidInput, match="allowed: email, web"):
        desk.open_ticket(ADMIN, "Mail store full", "help", channel="chat", license_key=SUP)
    # The ticket system "is not meant as a full substitution of email conversation": it
    # takes replies on existing tickets, not new incidents.
    with pytest.raises(InvalidInput, match=r"cannot be opened by 'web'.*open it by: email"):
        desk.open_ticket(ADMIN, "Mail store full", "help", channel="web", license_key=SUP)
    desk.reply(ticket.id, ADMIN, "more details", channel="web")
    replied = desk.get(ticket.id)
    assert (replied.channel, replied.messages[-1].channel) == ("email", "web")
    assert [t.id for t in desk.tickets()] == [ticket.id]


def test_the_auto_reply_after_the_first_email_carries_the_direct_link() -> None:
    # "You will get a direct link to the ticket within the an auto reply after your initial
    #  reporting email, hence it should be very easy to find the tickets you are looking for."
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    replies = [n for n in desk.outbox.pending() if n.link is not None]
    assert len(replies) == 1
    reply = replies[0]
    assert (reply.ticket_id, reply.recipient, reply.event) == (ticket_id, ADMIN.id, "opened")
    assert reply.link == ("https://otrs.open-xchange.com/otrs/customer.pl?"
                          f"Action=CustomerTicketZoom;TicketNumber={ticket_id}")
    assert reply.id.endswith("/auto-reply")
    # Only the initial e-mail is answered so: replies (by e-mail too) write no auto-reply.
    desk.reply(ticket_id, ADMIN, "one more detail", channel="email")
    assert [n.id for n in desk.outbox.pending() if n.link is not None] == [reply.id]


def test_my_tickets_and_company_tickets() -> None:
    # "My Tickets --> Default view"; "Company tickets --> Relevant company view"
    desk = make_desk(RUN)
    mine, theirs = incident(desk, ADMIN), incident(desk, COLLEAGUE)
    stranger = desk.open_ticket(Actor.customer("x", company="cloud"), "Other", "body",
                                channel="email", license_key=SAAS).id
    assert [t.id for t in desk.tickets(ADMIN, scope="own")] == [mine]
    assert [t.id for t in desk.tickets(ADMIN, scope="company")] == [mine, theirs]
    assert stranger not in {t.id for t in desk.tickets(ADMIN)}


def test_ticket_search_covers_the_company_tickets_only() -> None:
    # "Search --> Ticket Search" in the overview top bar, next to "Company tickets".
    desk = make_desk(RUN)
    mine = incident(desk, ADMIN)
    desk.open_ticket(Actor.customer("x", company="cloud"), "Mail store full", "same words",
                     channel="email", license_key=SAAS)
    found = desk.tickets(COLLEAGUE, text="mail store")
    assert [t.id for t in found] == [mine]
    assert desk.tickets(COLLEAGUE, text="calendar sync") == []


def test_the_customer_may_reply_attach_up_to_1gb_and_close() -> None:
    # "By clicking on 'Reply' you are able to give us additional details, add attachments up
    #  to 1GB size or close the ticket by your self."
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    assert desk.policy.max_attachment_bytes == 1024**3
    desk.reply(ticket_id, ADMIN, "more details", channel="web",
               attachments=[Upload("details.tar.gz", b"\x1f\x8b more")])
    ticket = desk.get(ticket_id)
    assert ticket.messages[-1].attachments[0].filename == "details.tar.gz"
    assert desk.close(ticket_id, ADMIN).status is TicketStatus.CLOSED


@pytest.mark.parametrize(
    ("subject", "body", "files"),
    [
        ("Mailbox of bob@example.com full", "see log", []),
        ("Mail store full", "the server 192.0.2.10 is down", []),
        ("Mail store full", "see log", [Upload("export-bob@example.com.csv", b"x")]),
    ],
)
def test_privacy_data_is_refused_in_subject_body_and_attachment_names(
    subject: str, body: str, files: list[Upload]
) -> None:
    # "customers and support agents have to keep the readable ticket communication, in form
    #  of email/article body, subject or attachment names, free from any privacy data ...
    #  This privacy data only has to be hand over in form of attachments"
    desk = make_desk(RUN)
    with pytest.raises(InvalidInput, match="move it into an attachment"):
        desk.open_ticket(ADMIN, subject, body, channel="email", attachments=files)
    assert desk.tickets() == []


@pytest.mark.parametrize("text", [
    "Since build 7.8.4.12 the mail store is full",
    "After the update to 7.8.4.12 the mail store is full",
    "OX App Suite v7.8.4.12, version: 7.10.6.3",
    "Running 7.8.4.12.1 now",
])
def test_a_four_part_build_number_is_not_an_ip_address(text: str) -> None:
    # "free from any privacy data": a build number such as 7.8.4.12 is not personal data;
    # a dotted quad after "build", "version", "v", "update(d) to" (or followed by another
    # ".number") is a version. A bare address still is refused.
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    desk.reply(ticket_id, ADMIN, text, channel="email")
    assert desk.get(ticket_id).messages[-1].body == text
    with pytest.raises(InvalidInput, match="ipv4"):
        desk.reply(ticket_id, ADMIN, "the server 192.0.2.10 is full", channel="email")
    # A bare quad, with no version word before it, is still taken for an address.
    with pytest.raises(InvalidInput, match="ipv4"):
        desk.reply(ticket_id, ADMIN, "we run 7.8.4.12", channel="email")


def test_privacy_data_inside_attachments_is_accepted() -> None:
    # "Transfer channels for privacy data are attachments via the ticket system"
    desk = make_desk(RUN)
    ticket_id = incident(desk, content=b"From: bob@example.com, client 192.0.2.10")
    assert desk.get(ticket_id).messages[0].attachments[0].size > 0


def test_privacy_data_may_be_handed_over_by_download_link() -> None:
    # "Transfer channels for privacy data are attachments via the ticket system, attachment
    #  in encrypted emails or provided by projected download links."
    desk = make_desk(RUN)
    link = "https://files.example.com/dl/20260307-4411/maillog.tar.gz"
    ticket_id = incident(desk)
    desk.reply(ticket_id, ADMIN, f"full logs: {link}")
    assert desk.get(ticket_id).messages[-1].body.endswith(link)
    encrypted = Upload("smime.p7m", b"encrypted mail part", "application/pkcs7-mime")
    desk.reply(ticket_id, ADMIN, "encrypted logs attached", channel="email",
               attachments=[encrypted])
    ticket = desk.get(ticket_id)
    assert ticket.messages[-1].attachments[0].filename == "smime.p7m"


def test_support_agents_keep_their_replies_free_of_privacy_data_too() -> None:
    # "customers and support agents have to keep the readable ticket communication ... free
    #  from any privacy data"
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    with pytest.raises(InvalidInput, match="privacy data belongs only in attachments"):
        desk.reply(ticket_id, AGENT, "I wrote to bob@example.com", channel="web")
    assert desk.reply(ticket_id, AGENT, "Please see the attached analysis",
                      channel="web").status is TicketStatus.OPEN


ORDINARY_REPLY = (
    "Thanks, the mail store is fine again.\n"
    "\n"
    "On Mon, 8 Jun 2026 at 09:12, OX Support <support@open-xchange.com> wrote:\n"
    "> Dear customer, please check the quota of bob@example.com on 192.0.2.10.\n"
    ">\n"
    "> Kind regards, OX Support (support@open-xchange.com)\n"
)


def test_an_ordinary_email_reply_with_quoted_history_is_accepted() -> None:
    # "customers and support agents have to keep the readable ticket communication ... free
    #  from any privacy data" — the rule is about what a reply says. The attribution line
    # every mail client writes, the quoted history below it and the desk's own addresses are
    # not new privacy data, so an ordinary e-mail reply does not bounce.
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    # A wrapped attribution line ("... <support@open-xchange.com>\nwrote:") too.
    wrapped = ("Fixed, thanks.\nOn Mon, 8 Jun 2026, OX Support <support@open-xchange.com>\n"
               "wrote:\n> quota of bob@example.com\n")
    # A German client's attribution line, and an Outlook-style history, are history too.
    german = ("Danke, erledigt.\n\nAm 08.06.2026 um 09:12 schrieb OX Support "
              "<support@open-xchange.com>:\n> Bitte pruefen Sie bob@example.com\n")
    outlook = ("Fixed, thanks.\n\n-----Original Message-----\nFrom: OX Support\n"
               "Sent: Monday\nPlease check the quota of bob@example.com on 192.0.2.10.\n")
    for reply in (ORDINARY_REPLY, wrapped, german, outlook):
        desk.reply(ticket_id, ADMIN, reply, channel="email")
        assert desk.get(ticket_id).messages[-1].body == reply
    # The desk's own address in the new text is not a third person's data either.
    assert desk.reply(ticket_id, ADMIN, "I also wrote to support@open-xchange.com",
                      channel="email").status is TicketStatus.OPEN
    # The new text of a reply is still held to the rule.
    with pytest.raises(InvalidInput, match="body: email"):
        desk.reply(ticket_id, ADMIN, "Please also check bob@example.com\n\n" + ORDINARY_REPLY,
                   channel="email")


@pytest.mark.parametrize("channel", ["email", "web"])
def test_credentials_are_kept_out_of_the_readable_text(channel: str) -> None:
    # "This can be every thing from names, email addresses, screen-shots, logs files and
    #  even credentials to system accounts."
    desk = make_desk(RUN)
    ticket_id = incident(desk)
    desk.reply(ticket_id, ADMIN, "admin login\npassword: Hunter2!x", channel=channel)
    ticket = desk.get(ticket_id)
    assert ticket.messages[-1].body == "admin login\npassword: [redacted: password]"
    assert all("Hunter2!x" not in str(event.data) for event in ticket.events)


def test_closed_means_solved_without_customer_verification() -> None:
    # "The closed state represents from Open-Xchange point of view that an issue has been
    #  solved without customer verification"
    desk = make_desk(RUN)
    closed = desk.close(incident(desk), AGENT)
    assert closed.status is TicketStatus.CLOSED
    ticket = desk.get(closed.id)
    assert ticket.status is TicketStatus.CLOSED and ticket.closed_at == RUN
    assert not any(e.kind == "confirmed" for e in ticket.events)


def test_the_customer_may_reopen_within_three_months_of_closing() -> None:
    # "Access to privacy data is mandatory up to three months after a ticket goes into
    #  'closed' state ... the customer has the right to reopen tickets in this period."
    desk = make_desk(RUN - 90 * DAY)
    early, late = incident(desk), incident(desk)
    desk.close(early, AGENT)
    desk.close(late, AGENT)
    clock(desk).set(RUN - timedelta(seconds=1))
    assert desk.reopen(early, ADMIN).status is TicketStatus.OPEN
    clock(desk).set(RUN + timedelta(seconds=1))
    with pytest.raises(InvalidTransition, match="follow-up"):
        desk.reopen(late, ADMIN)


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
def test_the_three_months_are_exact_elapsed_time_across_a_dst_change(
    store_kind: str, tmp_path: Path
) -> None:
    # "Access to privacy data is mandatory up to three months after a ticket goes into
    #  'closed' state ... the customer has the right to reopen tickets in this period."
    # 90 days are 90 x 24 hours of real time, whatever zone the desk's clock reads and
    # whichever store keeps the ticket: closed on 1 March 12:00 in Paris (CET), the window
    # ends on 30 May 13:00 Paris (CEST) = 11:00 UTC, and the deletion is due then, not
    # an hour before.
    paris = ZoneInfo("Europe/Paris")
    closed = datetime(2026, 3, 1, 12, 0, tzinfo=paris)
    store = MemoryStore() if store_kind == "memory" else SqliteStore(str(tmp_path / "ox.db"))
    desk = Helpdesk(store=store, policy=presets.open_xchange.policy(),
                    clock=FixedClock(closed - DAY))
    desk.add_contract(Contract(id="ox-1", company="isp", level="standard",
                               valid_from=closed - 2 * DAY, license_keys={SUP}))
    ticket_id = incident(desk)
    clock(desk).set(closed)
    desk.close(ticket_id, AGENT)
    end = datetime(2026, 5, 30, 11, 0, tzinfo=UTC)
    assert end - closed == 90 * DAY
    assert desk.get(ticket_id).retention_due == end
    clock(desk).set((end - timedelta(seconds=1)).astimezone(paris))
    assert desk.reopen(ticket_id, ADMIN).status is TicketStatus.OPEN
    desk.close(ticket_id, AGENT)  # closed again at end - 1 s: a new window from there
    clock(desk).set(end - timedelta(seconds=1) + 90 * DAY)
    with pytest.raises(InvalidTransition, match="follow-up"):
        desk.reopen(ticket_id, ADMIN)


def test_the_deletion_runs_weekly_on_sunday() -> None:
    # "The automatic deletion of privacy data takes place weekly at Sunday"
    desk = make_desk(RUN - 3 * DAY)
    first = desk.next_retention_run()
    assert first == RUN and first.strftime("%A") == "Sunday"
    assert desk.next_retention_run(first) == RUN + 7 * DAY


def test_attachments_and_raw_emails_of_tickets_closed_90_days_are_deleted() -> None:
    # "the deletion work on ticket attachments and on raw email files ... affects tickets
    #  which are since 90 days in a 'closed' state"
    desk = make_desk(RUN - 90 * DAY)
    old = incident(desk, content=b"old log")
    desk.close(old, AGENT)
    clock(desk).set(RUN - 89 * DAY)
    young = incident(desk, content=b"young log")
    desk.close(young, AGENT)
    clock(desk).set(RUN)
    report = desk.run_retention()
    assert report.purged == (old,)
    purged = desk.get(old)
    kinds = {a.kind: a.purged for m in purged.messages for a in m.attachments}
    assert kinds == {"attachment": True, "raw_email": True}
    assert purged.messages[0].body == "see the attached log"  # the readable text stays
    assert not any(a.purged for m in desk.get(young).messages for a in m.attachments)


def test_the_deletion_counts_from_the_last_closing_and_spares_unclosed_tickets() -> None:
    # "affects tickets which are since 90 days in a 'closed' state": a reopened ticket's
    #  90 days start again at its next closing; a ticket that is not closed is never
    #  affected, however old.
    desk = make_desk(RUN - 90 * DAY)
    reopened, still_open = incident(desk, content=b"reopened"), incident(desk, content=b"open")
    desk.close(reopened, AGENT)
    clock(desk).set(RUN - 10 * DAY)
    desk.reopen(reopened, ADMIN)
    clock(desk).set(RUN - 5 * DAY)
    desk.close(reopened, AGENT)
    clock(desk).set(RUN)
    assert desk.run_retention().purged == ()
    clock(desk).set(RUN - 5 * DAY + 90 * DAY)
    assert desk.run_retention().purged == (reopened,)
    clock(desk).set(RUN + 365 * DAY)
    assert desk.run_retention().purged == ()
    assert not any(a.purged for m in desk.get(still_open).messages for a in m.attachments)


def test_the_deletion_handles_the_whole_ticket_stock() -> None:
    # "This deletion process checks and handles the hole ticket stock, regardless on queues
    #  or if they are proceeded before."
    desk = make_desk(RUN - 120 * DAY)
    ids = [incident(desk, content=b"a", category="billing"),
           incident(desk, COLLEAGUE, content=b"b", category="dns"),
           incident(desk, content=b"c")]
    for ticket_id in ids:
        desk.close(ticket_id, AGENT)
    clock(desk).set(RUN)
    assert desk.run_retention().purged == tuple(ids)
    assert desk.run_retention().purged == ()  # already handled: nothing left to delete
