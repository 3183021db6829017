"""fetch_imap against a fake IMAP client: unseen messages are read with BODY.PEEK[], marked
\\Seen once handled, flagged when never takeable, left unseen after a transient failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from _corpus import plain

from supportkit import FixedClock, Helpdesk, Policy, StorageError
from supportkit.adapters.memory import MemoryStore
from supportkit.mail import MailGateway, MailSettings, fetch_imap


class FakeImap:
    def __init__(self, messages: dict[bytes, bytes]) -> None:
        self.messages = messages
        self.flags: dict[bytes, str] = {}
        self.selected: str | None = None

    def select(self, mailbox: str = "INBOX", readonly: bool = False) -> tuple[str, list[Any]]:
        self.selected = mailbox
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]:
        if command == "SEARCH":
            unseen = [u for u in self.messages if "Seen" not in self.flags.get(u, "")]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            assert args[1] == "(BODY.PEEK[])"
            return "OK", [(b"1 (UID " + args[0] + b" BODY[] {n}", self.messages[args[0]]), b")"]
        if command == "STORE":
            self.flags[args[0]] = self.flags.get(args[0], "") + args[2]
            return "OK", []
        return "NO", [b"unknown"]


def _gateway() -> MailGateway:
    desk = Helpdesk(MemoryStore(), Policy(), FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    return MailGateway(desk, MailSettings(address="support@desk.example"))


def test_unseen_messages_are_taken_and_marked() -> None:
    client = FakeImap({b"7": plain("ann@example.com", "One", "x", "i1"),
                       b"8": b"no sender here",
                       b"9": plain("bob@example.com", "Two", "y", "i2")})
    taken = list(fetch_imap(_gateway(), client, "Support"))
    assert client.selected == "Support"
    assert [(t.where, t.outcome.outcome if t.outcome else t.unusable is not None)
            for t in taken] == [("7", "opened"), ("8", True), ("9", "opened")]
    assert client.flags == {b"7": "(\\Seen)", b"8": "(\\Seen \\Flagged)", b"9": "(\\Seen)"}
    assert list(fetch_imap(_gateway(), client)) == []


def test_a_transient_failure_stops_and_leaves_the_rest_unseen(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = _gateway()
    client = FakeImap({b"1": plain("ann@example.com", "One", "x", "t1"),
                       b"2": plain("ann@example.com", "Two", "x", "t2")})

    def down(raw: bytes) -> Any:
        raise StorageError("database is locked")

    monkeypatch.setattr(gateway, "handle", down)
    taken = list(fetch_imap(gateway, client))
    assert len(taken) == 1 and taken[0].transient is not None
    assert client.flags == {}
