"""Open-Xchange: "customers and support agents have to keep the readable ticket
communication, in form of email/article body, subject or attachment names, free from any
privacy data ... This privacy data only has to be hand over in form of attachments."
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from leakcheck import where_is

from supportkit import (
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    Policy,
    PrivacyAction,
    PrivacyPolicy,
    Upload,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.privacy import scan

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")


def kinds(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan([("body", text)], names=names)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane.doe+ox@mail.example.org now", [("email", "jane.doe+ox@mail.example.org")]),
        ("blocked 192.168.10.7 at the firewall", [("ipv4", "192.168.10.7")]),
        ("host 2001:db8::ff00:42:8329 unreachable", [("ipv6", "2001:db8::ff00:42:8329")]),
        ("mapped ::ffff:10.0.0.1 as well", [("ipv6", "::ffff:10.0.0.1")]),
        ("call me on +49 30 1234 5678", [("phone", "+49 30 1234 5678")]),
        ("or 0049-30-12345678 please", [("phone", "0049-30-12345678")]),
        ("US office (212) 555-0142 x", [("phone", "(212) 555-0142")]),
        # Outside a link a number still counts; inside one, an address still counts.
        ("https://x.example/a +49 30 1234 5678", [("phone", "+49 30 1234 5678")]),
        ("https://x.example/?to=bob@example.com", [("email", "bob@example.com")]),
    ],
)
def test_each_kind_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "version 999.1.1.1 is not an address",  # ipaddress rejects 999
        "started 2026-03-02 10:30:00, took 12:30:45",
        "std::vector<int> and a::b",
        "ticket 12345678 and build 1.2.3",
        "the ratio was 3.14159",
        # Open-Xchange: "provided by projected download links" — ids in a link's path
        "get https://files.example.com/dl/20260307-4411/mail.tar.gz today",
        "see ftp://dl.example.net/pub/0049301234567/log.gz",
    ],
)
def test_no_false_findings(text: str) -> None:
    assert kinds(text) == []


def test_names_given_as_input() -> None:
    assert kinds("Jane Doe reported it; jane doe again", ("Jane Doe",)) == [
        ("name", "Jane Doe"), ("name", "jane doe"),
    ]
    assert kinds("Janet Doerr", ("Jane Doe",)) == []


# Addresses written without any digit ("::", "a::b") are skipped on purpose (C++ scopes).
@given(st.ip_addresses().filter(lambda a: any(c.isdigit() for c in str(a))))
def test_every_valid_ip_is_found(address: object) -> None:
    found = kinds(f"peer {address} dropped")
    assert [text for _, text in found] == [str(address)]


def _desk(action: PrivacyAction, **kw: object) -> tuple[Helpdesk, MemoryStore]:
    store = MemoryStore()
    policy = Policy(privacy=PrivacyPolicy(action=action, **kw))  # type: ignore[arg-type]
    return Helpdesk(store, policy, FixedClock(T0)), store


def test_report_records_kinds_not_values() -> None:
    desk, _ = _desk(PrivacyAction.REPORT, names={"Jane Doe"})
    t = desk.open_ticket(ALICE, subject="Mail for jane@example.com bounces",
                         body="Jane Doe says 10.1.2.3 is blocked",
                         attachments=[Upload("log-10.1.2.4.txt", b"x")])
    data = t.events[0].data
    assert data["privacy"] == "email,ipv4,name" and data["privacy_action"] == "report"
    assert "10.1.2.3" not in str(data), "the finding's value is never copied into event data"
    assert "jane@example.com" in t.subject, "report keeps the text as written"


def test_refuse_tells_to_use_an_attachment_and_stores_nothing() -> None:
    desk, store = _desk(PrivacyAction.REFUSE)
    with pytest.raises(InvalidInput, match=r"body: email.*move it into an attachment"):
        desk.open_ticket(ALICE, subject="Bounce", body="from bob@example.com",
                         attachments=[Upload("data.csv", b"bob@example.com;1")])
    assert desk.tickets() == [] and list(store.blobs.iter_digests()) == []
    with pytest.raises(InvalidInput, match=r"attachment:0: ipv4"):
        desk.open_ticket(ALICE, subject="Bounce", body="see attachment",
                         attachments=[Upload("capture-10.0.0.8.pcap", b"...")])
    # the same data inside an attachment is fine
    t = desk.open_ticket(ALICE, subject="Bounce", body="see attachment",
                         attachments=[Upload("data.csv", b"bob@example.com;10.0.0.8")])
    assert "privacy" not in t.events[0].data
    with pytest.raises(InvalidInput, match="privacy data belongs only in attachments"):
        desk.reply(t.id, ALICE, "my number is +49 171 2345678")
    assert len(desk.get(t.id).events) == 1


def test_redact_replaces_in_subject_body_and_names() -> None:
    desk, store = _desk(PrivacyAction.REDACT)
    t = desk.open_ticket(ALICE, subject="bob@example.com bounces", body="IP 10.9.8.7 blocked",
                         attachments=[Upload("mail from bob@example.com (2).txt", b"content")])
    assert t.subject == "[personal data: email] bounces"
    assert t.messages[0].body == "IP [personal data: ipv4] blocked"
    assert t.messages[0].attachments[0].filename == "mail from [personal data: email] (2).txt"
    assert t.events[0].data["privacy_action"] == "redact"
    assert where_is(store, "bob@example.com") == [] and where_is(store, "10.9.8.7") == []


def test_off_does_not_scan() -> None:
    desk, _ = _desk(PrivacyAction.OFF)
    t = desk.open_ticket(ALICE, subject="s", body="bob@example.com")
    assert "privacy" not in t.events[0].data
