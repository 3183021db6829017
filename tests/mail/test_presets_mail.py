"""The gateway on each preset: the guide's e-mail rules come out of its policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from _corpus import DESK, parse, plain

from supportkit import (
    Account,
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    MailGateway,
    MailSender,
    MailSettings,
    presets,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, inside every preset's hours
SETTINGS = MailSettings(address=DESK)


def _desk(name: str, **options: bool) -> tuple[Helpdesk, MailGateway, list[EmailMessage]]:
    desk = Helpdesk(MemoryStore(), presets.get(name, **options), FixedClock(T0))
    return desk, MailGateway(desk, SETTINGS), []


def test_odin_refuses_a_new_request_by_mail_but_takes_replies_and_strips_passwords() -> None:
    desk, gateway, _ = _desk("odin", require_entitlement=False)
    outcome = gateway.handle(plain("ann@example.com", "Down", "help", "o.1"))
    assert outcome.outcome == "refused" and outcome.reason is not None
    assert "web" in outcome.reason and "phone" in outcome.reason
    ticket = desk.open_ticket(Actor.customer("ann@example.com"), "Down", "help", channel="web")
    reply = plain("ann@example.com", f"Re: [#{ticket.id}] Down",
                  "The root password: Secr3t!x is set again", "o.2")
    assert gateway.handle(reply).outcome == "replied"
    assert "Secr3t!x" not in desk.get(ticket.id).messages[-1].body


def test_open_xchange_opens_by_license_key_and_auto_replies_with_the_direct_link() -> None:
    desk, gateway, sent = _desk("open_xchange")
    desk.add_contract(Contract(id="ox", company="acme", level="standard",
                               valid_from=T0 - timedelta(days=30),
                               license_keys=["OX-ACME-SUP-42"]))
    desk.add_account(Account("ann", "user", company="acme", email="ann@acme.example"))
    member = gateway.handle(plain("ann@acme.example", "Mail down", "no key", "x.0"))
    assert member.outcome == "opened"  # entitled through her company's contract
    stranger = gateway.handle(plain("bob@else.example", "Mail down", "no key", "x.1"))
    assert stranger.outcome == "refused"
    keyed = gateway.handle(plain("bob@else.example", "Mail down",
                                 "License key: OX-ACME-SUP-42", "x.2"))
    assert keyed.outcome == "opened" and keyed.ticket is not None
    MailSender(desk, SETTINGS, sent.append).send_pending()
    links = [parse(m.as_bytes()) for m in sent if m["Auto-Submitted"] == "auto-replied"]
    assert any(f"TicketNumber={keyed.ticket}" in m.get_body().get_content() for m in links)


def test_interworx_takes_no_mail() -> None:
    _, gateway, _ = _desk("interworx", require_entitlement=False)
    outcome = gateway.handle(plain("ann@example.com", "Down", "help", "i.1"))
    assert outcome.outcome == "refused"


def test_ispmanager_takes_mail_from_registered_accounts_only() -> None:
    desk, gateway, _ = _desk("ispmanager")
    desk.add_account(Account("admin", "admin", email="admin@host.example"))
    desk.add_account(Account("user1", "user", parent="admin", email="user1@example.com"))
    assert gateway.handle(plain("stranger@example.com", "Hi", "x", "p.1")).outcome == "refused"
    opened = gateway.handle(plain("user1@example.com", "Site down", "x", "p.2"))
    assert opened.outcome == "opened" and opened.ticket is not None
    assert desk.get(opened.ticket).addressed_to == "admin"
    answer = plain("admin@host.example", f"Re: [#{opened.ticket}] Site down", "Fixed", "p.3")
    assert gateway.handle(answer).outcome == "replied"
    assert desk.get(opened.ticket).messages[-1].side.value == "support"
