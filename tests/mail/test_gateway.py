"""The inbound gateway on the corpus of client shapes: threading, content, loops, refusals."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage, Message

import pytest
from _corpus import (
    CLIENTS,
    DESK,
    alternative_with_inline_image,
    dsn_bounce,
    encoded_filename,
    forwarded,
    html_only,
    list_mail,
    out_of_office,
    outlook_html_reply,
    parse,
    plain,
)

from supportkit import (
    Account,
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    Policy,
    TicketStatus,
    presets,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.mail import (
    MailGateway,
    MailSender,
    MailSettings,
    UnusableMessage,
    html_to_text,
    reply_text,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTINGS = MailSettings(address=DESK)


class Desk:
    """A desk with a gateway and a sender that collects what it would mail."""

    def __init__(self, policy: Policy | None = None, settings: MailSettings = SETTINGS) -> None:
        self.clock = FixedClock(T0)
        self.desk = Helpdesk(store=MemoryStore(), policy=policy or Policy(
            auto_reply_link="https://desk.example/t/{id}"), clock=self.clock)
        self.gateway = MailGateway(self.desk, settings)
        self.sent: list[EmailMessage] = []
        self.sender = MailSender(self.desk, settings, self.sent.append)

    def handle(self, raw: bytes) -> tuple[str, str | None, str | None]:
        outcome = self.gateway.handle(raw)
        return outcome.outcome, outcome.ticket, outcome.reason

    def flush(self) -> list[Message]:
        self.sender.send_pending()
        out = [parse(m.as_bytes()) for m in self.sent]
        self.sent.clear()
        return out


@pytest.fixture
def d() -> Desk:
    return Desk()


def _open(d: Desk, sender: str = "ann@example.com") -> tuple[str, Message]:
    outcome, ticket, _ = d.handle(plain(f"Ann <{sender}>", "VPN down", "Since 9:00",
                                        f"first.{sender}"))
    assert outcome == "opened" and ticket is not None
    (auto_reply,) = d.flush()
    return ticket, auto_reply


def test_a_new_message_opens_a_ticket_and_gets_the_auto_reply_with_the_link(d: Desk) -> None:
    ticket_id, reply = _open(d)
    ticket = d.desk.get(ticket_id)
    assert (ticket.subject, ticket.channel, ticket.requester.id) == (
        "VPN down", "email", "ann@example.com")
    assert ticket.messages[0].body == "Since 9:00"
    assert [a.kind for a in ticket.messages[0].attachments] == ["raw_email"]
    assert reply["To"] == "ann@example.com" and reply["Reply-To"] == DESK
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["In-Reply-To"] == "<first.ann@example.com>"
    assert f"[#{ticket_id}]" in reply["Subject"]
    assert f"https://desk.example/t/{ticket_id}" in reply.get_content()


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_replies_of_every_client_thread_back_without_quote_or_signature(
    d: Desk, client: str
) -> None:
    ticket_id, auto_reply = _open(d)
    raw = CLIENTS[client](auto_reply, "ann@example.com", f"Still down ({client}).",
                          f"{client}.1@example.com")
    assert d.handle(raw) == ("replied", ticket_id, None)
    body = d.desk.get(ticket_id).messages[-1].body
    assert body.startswith(f"Still down ({client}).")
    assert "Since 9:00" not in body and "wrote" not in body and "From:" not in body
    assert "Carol Example" not in body and "Sent from my iPhone" not in body


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_reply_without_thread_headers_threads_by_the_subject_token(
    d: Desk, client: str
) -> None:
    ticket_id, auto_reply = _open(d)
    raw = CLIENTS[client](auto_reply, "ann@example.com", "Token only.", f"{client}.2@x",
                          keep_headers=False)
    assert d.handle(raw) == ("replied", ticket_id, None)


def test_references_chain_of_a_long_conversation_threads(d: Desk) -> None:
    ticket_id, auto_reply = _open(d)
    agent = Actor.support("agent-7")
    d.desk.reply(ticket_id, agent, "Please restart the client.")
    notice = [m for m in d.flush() if m["To"] == "ann@example.com"][-1]
    assert "Please restart the client." in notice.get_content()
    assert auto_reply["Message-ID"] in notice["References"]
    raw = CLIENTS["gmail"](notice, "ann@example.com", "Restarted, works.", "chain.1@x")
    assert d.handle(raw)[:2] == ("replied", ticket_id)
    # a reply naming only an old message of the thread in References still finds it
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "ann@example.com", DESK, "unrelated subject"
    msg["Message-ID"], msg["References"] = "<chain.2@x>", f"<nope@x> {auto_reply['Message-ID']}"
    msg.set_content("One more thing.")
    assert d.handle(msg.as_bytes())[:2] == ("replied", ticket_id)


def test_someone_without_rights_never_lands_on_the_ticket(d: Desk) -> None:
    ticket_id, auto_reply = _open(d)
    by_token = plain("eve@evil.example", f"Re: [#{ticket_id}] VPN down", "let me in", "eve.1")
    outcome, other, _ = d.handle(by_token)
    assert outcome == "opened" and other != ticket_id
    by_headers = CLIENTS["outlook"](auto_reply, "eve@evil.example", "me too", "eve.2")
    outcome, other2, _ = d.handle(by_headers)
    assert outcome == "opened" and other2 not in (ticket_id, None)
    assert [m.author for m in d.desk.get(ticket_id).messages] == ["ann@example.com"]


def test_accounts_act_as_themselves_and_colleagues_of_the_company_may_reply() -> None:
    d = Desk()
    d.desk.add_account(Account("acme-admin", "user", company="acme", email="boss@acme.example"))
    d.desk.add_account(Account("acme-ops", "user", company="acme", email="Ops@Acme.example"))
    outcome, ticket_id, _ = d.handle(plain("boss@acme.example", "Disk full", "On web1", "a.1"))
    assert outcome == "opened" and ticket_id is not None
    assert d.desk.get(ticket_id).requester.id == "acme-admin"
    reply = plain("Ops@Acme.example", f"Re: [#{ticket_id}] Disk full", "Cleaned up", "a.2")
    assert d.handle(reply) == ("replied", ticket_id, None)
    assert d.desk.get(ticket_id).messages[-1].author == "acme-ops"


def test_unknown_senders_are_refused_where_only_registered_accounts_may_write() -> None:
    d = Desk(Policy(registered_only=True))
    outcome, ticket, reason = d.handle(plain("stranger@example.com", "Hi", "help", "s.1"))
    assert outcome == "refused" and ticket is None and reason
    (answer,) = d.flush()
    assert answer["To"] == "stranger@example.com"
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"] == "<s.1>"
    assert reason in " ".join(answer.get_content().split())


def test_email_not_an_opening_channel_is_refused_with_the_channels_named() -> None:
    d = Desk(Policy(channels=["web", "email"], open_channels=["web"]))
    outcome, _, reason = d.handle(plain("ann@example.com", "Hi", "help", "c.1"))
    assert outcome == "refused" and reason is not None and "web" in reason


def test_license_key_in_the_body_is_checked_like_license_key_argument() -> None:
    policy = presets.open_xchange.policy()
    d = Desk(policy)
    d.desk.add_contract(Contract(id="ox-1", company="acme", level="standard",
                                 valid_from=T0 - timedelta(days=1),
                                 license_keys=["OX-AS-SUP-1234"]))
    outcome, _, reason = d.handle(plain("ann@example.com", "Mail down", "No key", "k.1"))
    assert outcome == "refused" and reason
    body = "Our license key: OX-AS-SUP-1234\nMail is down."
    outcome, ticket_id, _ = d.handle(plain("ann@example.com", "Mail down", body, "k.2"))
    assert outcome == "opened" and ticket_id is not None


def test_support_code_after_its_words_is_found() -> None:
    from supportkit.mail.message import find_keys

    assert find_keys("Hello, support code: 123 456 7890. Thanks")[0] == ("1234567890",)
    assert find_keys("call 123 456 7890")[0] == ()
    assert find_keys("key OX-AS-SUP-1234, see")[1] == ("OX-AS-SUP-1234",)


def test_html_only_mail_becomes_text(d: Desk) -> None:
    outcome, ticket_id, _ = d.handle(html_only("bob@example.com", "h.1"))
    assert outcome == "opened" and ticket_id is not None
    body = d.desk.get(ticket_id).messages[0].body
    assert "Webmail shows error 500." in body and "- since 9:00" in body
    assert "alert" not in body and "color" not in body
    assert "https://status.example/" in body


def test_inline_images_and_encoded_file_names_become_uploads(d: Desk) -> None:
    _, ticket_id, _ = d.handle(alternative_with_inline_image("bob@example.com", "i.1"))
    assert ticket_id is not None
    message = d.desk.get(ticket_id).messages[0]
    assert message.body == "The error is in the screenshot."
    assert [a.filename for a in message.attachments if a.kind == "attachment"] == [
        "screenshot.png"]
    _, ticket_id, _ = d.handle(encoded_filename("bob@example.com", "e.1"))
    assert ticket_id is not None
    ticket = d.desk.get(ticket_id)
    assert ticket.subject == "Fehler im Übersichtsbericht"
    assert [a.filename for a in ticket.messages[0].attachments if a.kind == "attachment"] == [
        "Übersicht März.csv"]


def test_forwarded_mail_keeps_the_forwarded_text(d: Desk) -> None:
    _, ticket_id, _ = d.handle(forwarded("bob@example.com", "cron@host", "Stack trace", "f.1"))
    assert ticket_id is not None
    ticket = d.desk.get(ticket_id)
    assert ticket.subject == "Server error at night"
    assert "Stack trace" in ticket.messages[0].body


def test_automatic_and_list_mail_is_ignored(d: Desk) -> None:
    ticket_id, auto_reply = _open(d)
    outcome, _, reason = d.handle(out_of_office(auto_reply, "ann@example.com", "ooo.1"))
    assert outcome == "ignored" and reason is not None and "Auto-Submitted" in reason
    outcome, _, reason = d.handle(list_mail("ann@example.com", "list.1"))
    assert outcome == "ignored" and reason is not None
    for name, value in [("Precedence", "bulk"), ("Precedence", "junk"),
                        ("X-Autoreply", "yes"), ("List-Id", "<x.example>")]:
        raw = plain("ann@example.com", f"Re: [#{ticket_id}]", "x", f"auto.{value}",
                    **{name.replace("-", "_"): value})
        assert d.handle(raw)[0] == "ignored", name
    assert len(d.desk.get(ticket_id).messages) == 1


def test_a_bounce_is_recorded_on_the_ticket_and_answered_by_nothing(d: Desk) -> None:
    ticket_id, auto_reply = _open(d)
    original = auto_reply["Message-ID"].strip("<>")
    outcome, ticket, _ = d.handle(dsn_bounce(original, "ann@example.com", "dsn.1"))
    assert (outcome, ticket) == ("ignored", ticket_id)
    note = d.desk.get(ticket_id).messages[-1]
    assert note.internal and "5.1.1" in note.body and "ann@example.com" in note.body
    assert d.flush() == [] or all(m["To"] != "MAILER-DAEMON@mx.example" for m in d.flush())


def test_the_same_message_id_is_processed_once(d: Desk) -> None:
    raw = plain("ann@example.com", "Twice", "delivered twice", "dup.1")
    first = d.gateway.handle(raw)
    second = d.gateway.handle(raw)
    assert first.outcome == "opened"
    assert (second.outcome, second.ticket) == ("ignored", first.ticket)
    assert len(d.desk.tickets()) == 1


def test_the_desks_own_mail_coming_back_is_ignored(d: Desk) -> None:
    _, auto_reply = _open(d)
    assert d.handle(auto_reply.as_bytes())[0] == "ignored"
    looped = plain(DESK, "hello", "from myself", "self.1")
    assert d.handle(looped)[0] == "ignored"


def test_auto_replies_are_rate_limited_per_sender() -> None:
    d = Desk(settings=MailSettings(address=DESK, auto_reply_limit=2))
    for number in range(4):
        d.handle(plain("ann@example.com", f"Problem {number}", "x", f"rate.{number}"))
    replies = [m for m in d.flush() if m["Auto-Submitted"] == "auto-replied"]
    assert len(replies) == 2
    d.clock.advance(timedelta(hours=2))
    d.handle(plain("ann@example.com", "Later", "x", "rate.later"))
    assert len([m for m in d.flush() if m["Auto-Submitted"] == "auto-replied"]) == 1


def test_x_auto_response_suppress_opens_but_sends_no_auto_reply(d: Desk) -> None:
    raw = plain("ann@example.com", "From a script", "x", "sup.1", X_Auto_Response_Suppress="All")
    assert d.handle(raw)[0] == "opened"
    assert [m for m in d.flush() if m["Auto-Submitted"] == "auto-replied"] == []


def test_a_reply_on_a_ticket_closed_past_its_window_is_refused_with_the_reason() -> None:
    d = Desk(Policy(reopen_window=timedelta(days=1), auto_reply_link="https://d.example/{id}"))
    ticket_id, auto_reply = _open(d)
    d.desk.close(ticket_id, Actor.support("agent"))
    d.clock.advance(timedelta(days=3))
    raw = CLIENTS["gmail"](auto_reply, "ann@example.com", "again", "late.1")
    outcome, ticket, reason = d.handle(raw)
    assert (outcome, ticket) == ("refused", ticket_id) and reason
    assert d.desk.get(ticket_id).status is TicketStatus.CLOSED


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"no headers at all", b"Subject: x\r\n\r\nb",
                                 b"From: not an address\r\n\r\nbody"])
def test_messages_that_can_never_be_taken_are_unusable(d: Desk, raw: bytes) -> None:
    with pytest.raises(UnusableMessage):
        d.gateway.handle(raw)


def test_hostile_charsets_and_structures_never_crash(d: Desk) -> None:
    raws = [
        b"From: a@b.example\r\nSubject: =?x-unknown?q?abc?=\r\nContent-Type: text/plain; "
        b"charset=x-unknown\r\n\r\npassword: hunter2 \xff\xfe\r\n",
        b"From: a@b.example\r\nContent-Type: multipart/mixed\r\n\r\nno boundary\r\n",
        b"From: a@b.example\r\nContent-Type: text/html\r\n\r\n<p><b><i>" + b"<div>" * 5000,
        b"From: a@b.example\r\nSubject: " + b"Re: " * 3000 + b"x\r\n\r\nbody\r\n",
        b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fpasswd\r\n\r\nx\r\n"
        b"--b--\r\n",
    ]
    for number, raw in enumerate(raws):
        outcome = d.gateway.handle(raw.replace(b"From:", f"Message-ID: <h.{number}>\r\nFrom:"
                                               .encode(), 1))
        assert outcome.outcome in ("opened", "replied", "refused", "ignored")
    bodies = [m.body for t in d.desk.tickets() for m in d.desk.get(t.id).messages]
    assert not any("hunter2" in body for body in bodies)
    names = [a.filename for t in d.desk.tickets() for m in d.desk.get(t.id).messages
             for a in m.attachments]
    assert all("/" not in name for name in names)


def test_html_to_text_and_reply_text_units() -> None:
    assert html_to_text("<p>a</p><blockquote><p>old</p></blockquote>") == "a\n\n> old"
    assert reply_text("new\n\nOn Mon, X wrote:\n> old\n") == "new"
    assert reply_text("new\n-----Original Message-----\nFrom: x\n") == "new"
    assert reply_text("> only a quote") == ""


def _sent_ids(d: Desk) -> Callable[[], list[str]]:
    return lambda: [str(m["Message-ID"]) for m in d.sent]


def test_parsing_uses_policy_default() -> None:
    raw = plain("ann@example.com", "=?utf-8?b?w5xiZXI=?=", "x", "p.1")
    assert str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"]) == "Über"


def test_a_custom_resolver_lets_agents_answer_by_mail(d: Desk) -> None:
    def resolver(desk: Helpdesk, address: str, name: str) -> Actor | None:
        if address.endswith("@desk.example"):
            return Actor.support(address.split("@")[0])
        return Actor.customer(address.lower())

    gateway = MailGateway(d.desk, SETTINGS, resolver)
    ticket_id, _ = _open(d)
    raw = plain("agent-7@desk.example", f"Re: [#{ticket_id}] VPN down", "Fixed it.", "ag.1")
    assert gateway.handle(raw).outcome == "replied"
    last = d.desk.get(ticket_id).messages[-1]
    assert (last.author, last.side.value) == ("agent-7", "support")
    (notice,) = d.flush()
    assert notice["To"] == "ann@example.com" and "Fixed it." in notice.get_content()
    assert "Auto-Submitted" not in notice  # a person's reply, relayed


def test_the_sender_leaves_out_what_it_cannot_address(d: Desk) -> None:
    d.handle(plain("ann@example.com", "x", "y", "na.1"))
    d.desk.open_ticket(Actor.customer("José@exämple.com"), "Hi", "x", channel="email")
    d.desk.open_ticket(Actor.customer("carol"), "Hi", "x", channel="email")
    report = d.sender.send_pending()
    assert (report.sent, report.failed) == (1, 0) and report.skipped >= 2
    assert d.desk.outbox.pending() == []


def test_attachments_over_the_policy_limit_are_named_not_kept() -> None:
    d = Desk(Policy(max_attachment_bytes=10))
    _, ticket_id, _ = d.handle(alternative_with_inline_image("bob@example.com", "big.1"))
    assert ticket_id is not None
    message = d.desk.get(ticket_id).messages[0]
    assert message.attachments == ()
    assert "screenshot.png (72 bytes: larger than 10)" in message.body
    assert "the raw e-mail (" in message.body


def test_sender_names_in_any_encoding_are_read() -> None:
    from supportkit.mail import parse_message

    raw = (b"From: =?utf-8?q?Jos=C3=A9?= <jose@example.com>\r\nSubject: x\r\n\r\nbody\r\n")
    assert (parse_message(raw, max_bytes=10**6).name, parse_message(
        raw, max_bytes=10**6).address) == ("José", "jose@example.com")
    raw = "From: José Müller <jose@example.com>\r\n\r\nbody\r\n".encode()
    assert parse_message(raw, max_bytes=10**6).name == "José Müller"


def test_an_outlook_html_only_reply_keeps_only_the_new_text(d: Desk) -> None:
    ticket_id, auto_reply = _open(d)
    raw = outlook_html_reply(auto_reply, "ann@example.com", "Works now, thanks.", "owa.1")
    assert d.handle(raw) == ("replied", ticket_id, None)
    assert d.desk.get(ticket_id).messages[-1].body == "Works now, thanks."


def test_text_passes_stay_linear_on_adversarial_input() -> None:
    import time

    for text in ["a\n" + "\n" * 200_000, "x\n" + "> q\n" * 100_000,
                 "From: a\n" * 50_000, "<" * 100_000 + "a@b"]:
        start = time.process_time()
        reply_text(text)
        html_to_text("<blockquote>" * 5_000 + text[:50_000])
        assert time.process_time() - start < 5, text[:20]
    from supportkit.mail.message import message_ids

    start = time.process_time()
    message_ids("<" * 10_000 + "@" * 10_000)
    assert time.process_time() - start < 1


def test_a_copy_arriving_while_the_first_is_processed_is_retried_later(d: Desk) -> None:
    from supportkit.app.mail import MailRepository
    from supportkit.mail import MessageInProgress

    raw = plain("ann@example.com", "Busy", "x", "busy.1")
    assert MailRepository(d.desk.store).claim("busy.1", T0, timedelta(minutes=10)) is None
    with pytest.raises(MessageInProgress):
        d.gateway.handle(raw)
    d.clock.advance(timedelta(minutes=11))  # the first gateway died: its claim is taken over
    assert d.gateway.handle(raw).outcome == "opened"
