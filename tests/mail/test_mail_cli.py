"""The e-mail commands: ``mailgate`` exit statuses and --json, ``mail fetch`` on a Maildir,
``mail send`` to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import mailbox
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _corpus import parse, plain

from supportkit.cli import main

Run = Callable[..., tuple[int, str, str]]
DESK = "support@desk.example"


@pytest.fixture
def sk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def db(tmp_path: Path, sk: Run) -> str:
    path = str(tmp_path / "desk.db")
    assert sk("--db", path, "init", "--preset", "open_xchange")[0] == 0
    return path


def test_mailgate_opens_replies_and_ignores_with_exit_0(sk: Run, db: str) -> None:
    raw = plain("ann@example.com", "Mail down", "Since 9", "m1@example.com")
    code, out, err = sk("--db", db, "mailgate", "--json", "--address", DESK, stdin=raw)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"outcome": "opened", "ticket": "1", "reason": None,
                               "message_id": "m1@example.com"}
    code, out, _ = sk("--db", db, "mailgate", "--json", "--address", DESK, stdin=raw)
    assert code == 0 and json.loads(out)["outcome"] == "ignored"
    reply = plain("ann@example.com", "Re: [#1] Mail down", "more", "m2@example.com")
    code, out, _ = sk("--db", db, "mailgate", "--address", DESK, stdin=reply)
    assert (code, out.strip()) == (0, "replied ticket 1")
    ooo = plain("ann@example.com", "Out of office", "away", "m3", Auto_Submitted="auto-replied")
    code, out, _ = sk("--db", db, "mailgate", "--json", stdin=ooo)
    assert code == 0 and json.loads(out)["outcome"] == "ignored"


def test_mailgate_exit_65_for_a_message_never_taken(sk: Run, db: str) -> None:
    for raw in (b"", b"Subject: no sender\r\n\r\nx"):
        code, out, err = sk("--db", db, "mailgate", "--json", stdin=raw)
        assert code == 65 and json.loads(out)["outcome"] == "dataerr" and err


def test_mailgate_exit_75_when_the_desk_cannot_take_mail_now(sk: Run, tmp_path: Path) -> None:
    raw = plain("ann@example.com", "x", "y", "t1")
    code, _, err = sk("--db", str(tmp_path / "missing.db"), "mailgate", stdin=raw)
    assert code == 75 and "init" in err


def test_mail_fetch_takes_a_maildir_and_moves_handled_mail_to_cur(
    sk: Run, db: str, tmp_path: Path
) -> None:
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    box.add(plain("ann@example.com", "One", "x", "f1"))
    box.add(plain("bob@example.com", "Two", "y", "f2"))
    box.add(b"no headers, no sender")
    code, out, _ = sk("--db", db, "mail", "fetch", "--maildir", str(tmp_path / "Maildir"),
                      "--json")
    assert code == 65  # one message could never be taken: flagged for a person
    outcomes = sorted(json.loads(line)["outcome"] for line in out.splitlines())
    assert outcomes == ["dataerr", "opened", "opened"]
    assert list((tmp_path / "Maildir" / "new").iterdir()) == []
    flags = sorted(p.name.rsplit(",", 1)[1] for p in (tmp_path / "Maildir" / "cur").iterdir())
    assert flags == ["F", "S", "S"]
    code, out, _ = sk("--db", db, "mail", "fetch", "--maildir", str(tmp_path / "Maildir"))
    assert (code, out) == (0, "")


def test_mail_fetch_refuses_a_folder_that_is_no_maildir(sk: Run, db: str, tmp_path: Path) -> None:
    code, _, err = sk("--db", db, "mail", "fetch", "--maildir", str(tmp_path))
    assert code == 1 and "Maildir" in err


class _Relay:
    def __init__(self) -> None:
        self.got: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.got.append(bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Relay, int]]:
    controller_module = pytest.importorskip("aiosmtpd.controller")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    relay = _Relay()
    controller = controller_module.Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield relay, port
    finally:
        controller.stop()


def test_mail_send_drains_the_outbox_to_smtp(
    sk: Run, db: str, smtp: tuple[_Relay, int]
) -> None:
    relay, port = smtp
    raw = plain("ann@example.com", "Mail down", "license key OX-AS-SUP-1", "s1@example.com")
    assert sk("--db", db, "mailgate", "--address", DESK, stdin=raw)[0] == 0
    code, out, err = sk("--db", db, "mail", "send", "--smtp", f"127.0.0.1:{port}",
                        "--address", DESK, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["sent"] == 1  # the Open-Xchange auto-reply with the direct link
    (message,) = relay.got
    assert b"Auto-Submitted: auto-replied" in message
    parsed = parse(message)
    assert "TicketNumber=1" in parsed.get_body().get_content()
    assert parsed["In-Reply-To"] == "<s1@example.com>"
    code, out, _ = sk("--db", db, "mail", "send", "--smtp", f"127.0.0.1:{port}", "--json")
    assert code == 0 and json.loads(out) == {"sent": 0, "skipped": 0, "failed": 0}


def test_mail_send_leaves_mail_pending_when_smtp_is_down(sk: Run, db: str) -> None:
    raw = plain("ann@example.com", "Mail down", "x", "d1@example.com")
    assert sk("--db", db, "mailgate", "--address", DESK, stdin=raw)[0] == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    code, out, _ = sk("--db", db, "mail", "send", "--smtp", f"127.0.0.1:{port}", "--json")
    assert code == 75 and json.loads(out)["failed"] == 1
    code, _, err = sk("--db", db, "mail", "send", "--smtp", "no-port")
    assert code == 2 and "HOST:PORT" in err


def test_mail_fetch_imap_needs_credentials(sk: Run, db: str) -> None:
    code, _, err = sk("--db", db, "mail", "fetch", "--imap", "127.0.0.1:1")
    assert code == 2 and "--password-env" in err
    code, _, err = sk("--db", db, "mail", "fetch", "--imap", "nohost")
    assert code == 2 and "HOST:PORT" in err


def test_mail_fetch_imap_server_down_is_transient(
    sk: Run, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAP_TEST_PASSWORD", "x")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, _, err = sk("--db", db, "mail", "fetch", "--imap", f"127.0.0.1:{port}", "--user",
                      "desk", "--password-env", "IMAP_TEST_PASSWORD")
    assert code == 75 and "cannot log in" in err
