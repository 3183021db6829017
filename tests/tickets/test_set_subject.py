"""``Helpdesk.set_subject``: the event, the fold, the screening of the new subject, who may
do it, and search by the new words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supportkit import (
    Account,
    AccountRole,
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
    Policy,
    PrivacyPolicy,
    Redactor,
    TicketStatus,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store
from supportkit.serialization import structure, unstructure
from supportkit.tickets.history import replay
from supportkit.tickets.model import Ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
AGENT = Actor.support("agent-7")


def _desk(store: Store | None = None, **policy: object) -> Helpdesk:
    return Helpdesk(store or MemoryStore(), Policy(**policy), FixedClock(T0))  # type: ignore[arg-type]


def test_the_event_records_old_and_new_subject_who_when_and_why() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="help", body="b")
    desk.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    s = desk.set_subject(t.id, AGENT, "  Mail bounces since the upgrade ",
                         reason="say what is wrong")
    assert (s.subject, s.status, s.version) == (
        "Mail bounces since the upgrade", TicketStatus.OPEN, 2)
    t = desk.get(t.id)
    event = t.events[-1]
    assert (t.subject, t.status, t.version) == (
        "Mail bounces since the upgrade", TicketStatus.OPEN, 2)
    assert (event.kind, event.actor, event.at) == ("retitled", AGENT, T0 + timedelta(minutes=5))
    assert dict(event.data) == {"status": "open", "subject": "Mail bounces since the upgrade",
                                "previous": "help", "reason": "say what is wrong"}
    assert event.message is None and t.first_response_at is None  # not a response
    assert replay(t.id, t.events).subject == t.subject
    assert structure(unstructure(t), Ticket) == t
    assert desk.tickets() == [s]


def test_bad_input_and_the_same_subject_are_refused_and_write_nothing() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="Mail down", body="b")
    with pytest.raises(InvalidInput, match="already has subject 'Mail down'"):
        desk.set_subject(t.id, AGENT, " Mail down ")  # blanks are dropped, as when opening
    with pytest.raises(InvalidInput, match="subject must be a non-empty text"):
        desk.set_subject(t.id, AGENT, " \n")
    with pytest.raises(InvalidInput, match="reason for the subject change"):
        desk.set_subject(t.id, AGENT, "Mail bounces", reason="")
    assert desk.get(t.id) == t


def test_only_support_changes_the_subject_in_open_and_solved() -> None:
    desk = _desk()
    t = desk.open_ticket(ALICE, subject="s", body="b")
    with pytest.raises(InvalidTransition, match="set_subject"):
        desk.set_subject(t.id, ALICE, "my own words")
    desk.solve(t.id, AGENT)
    assert desk.set_subject(t.id, AGENT, "solved one").status is TicketStatus.SOLVED
    desk.confirm(t.id, ALICE)
    with pytest.raises(InvalidTransition, match="set_subject"):
        desk.set_subject(t.id, AGENT, "closed one")
    desk.add_account(Account("eve", AccountRole.USER))
    with pytest.raises(PermissionDenied):
        desk.set_subject(t.id, desk.actor_for("eve"), "a stranger's words")
    assert desk.get(t.id).subject == "solved one"


def test_personal_data_is_refused_in_the_new_subject_as_when_opening() -> None:
    # Open-Xchange: "subject ... free from any privacy data" — privacy.action = refuse.
    desk = _desk(privacy=PrivacyPolicy(action="refuse"))
    with pytest.raises(InvalidInput, match=r"personal data found \(subject: email\)"):
        desk.open_ticket(ALICE, subject="from bob@example.com", body="b")
    t = desk.open_ticket(ALICE, subject="Mail down", body="b")
    with pytest.raises(InvalidInput, match=r"personal data found \(subject: email\)"):
        desk.set_subject(t.id, AGENT, "Mail down for bob@example.com")
    assert desk.get(t.id) == t


def test_personal_data_is_redacted_or_reported_in_the_new_subject() -> None:
    redacting = _desk(privacy=PrivacyPolicy(action="redact"))
    t = redacting.open_ticket(ALICE, subject="Mail down", body="b")
    s = redacting.set_subject(t.id, AGENT, "Mail down for bob@example.com")
    assert s.subject == "Mail down for [personal data: email]"
    t = redacting.get(t.id)
    assert t.subject == "Mail down for [personal data: email]"
    assert (t.events[-1].data["privacy"], t.events[-1].data["privacy_action"]) == (
        "email", "redact")
    assert "bob" not in repr(t.events)
    reporting = _desk()  # the default: report, keep the text
    t = reporting.open_ticket(ALICE, subject="Mail down", body="b")
    s = reporting.set_subject(t.id, AGENT, "Mail down, call +49 30 1234567")
    assert s.subject == "Mail down, call +49 30 1234567"
    t = reporting.get(t.id)
    assert t.subject == "Mail down, call +49 30 1234567"
    assert t.events[-1].data["privacy"] == "phone"


def test_secrets_are_redacted_on_the_channels_the_opening_was_screened_on() -> None:
    desk = _desk()  # redaction runs on e-mail (the default)
    by_mail = desk.open_ticket(ALICE, subject="password: hunter2", body="b", channel="email")
    assert by_mail.subject == "password: [redacted: password]"
    s = desk.set_subject(by_mail.id, AGENT, "Login fails, password: hunter3")
    assert s.subject == "Login fails, password: [redacted: password]"
    t = desk.get(by_mail.id)
    assert t.subject == "Login fails, password: [redacted: password]"
    assert t.events[-1].data["redacted"] == "password"
    by_web = desk.open_ticket(ALICE, subject="Login", body="b")  # web: not redacted
    s = desk.set_subject(by_web.id, AGENT, "password: hunter3")
    assert s.subject == "password: hunter3"
    t = desk.get(by_web.id)
    assert t.subject == "password: hunter3" and "redacted" not in t.events[-1].data
    everywhere = _desk(redaction=Redactor(channels={"email", "web"}))
    web = everywhere.open_ticket(ALICE, subject="Login", body="b")
    assert everywhere.set_subject(web.id, AGENT, "pwd: hunter3").subject == (
        "pwd: [redacted: password]")


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_search_finds_the_new_subject_and_still_the_old(kind: str, tmp_path: Path) -> None:
    # Issue 15: search covers every subject a ticket had (a customer still searches by the
    # words they opened it with), and matches word prefixes.
    store: Store = MemoryStore() if kind == "memory" else SqliteStore(tmp_path / "support.db")
    try:
        desk = _desk(store)
        t = desk.open_ticket(ALICE, subject="Backup failed", body="exit code 137")
        other = desk.open_ticket(ALICE, subject="Webmail slow", body="since Monday")
        desk.set_subject(t.id, AGENT, "Disk quota exceeded")
        assert [x.id for x in desk.tickets(text="quota")] == [t.id]
        assert [x.id for x in desk.tickets(text="quo")] == [t.id]
        assert [x.id for x in desk.tickets(text="backup")] == [t.id]
        assert [x.subject for x in desk.tickets(text="backup")] == ["Disk quota exceeded"]
        assert [x.id for x in desk.tickets(ALICE, text="disk 137")] == [t.id]
        assert desk.tickets(text="backup monday") == []
        assert [x.id for x in desk.tickets(text="webm")] == [other.id]
        assert desk.count(text="backup") == 1
    finally:
        store.close()
