"""End to end over a real SMTP server on 127.0.0.1 (aiosmtpd): two desks whose outbound mail
is delivered to each other's gateway, both with auto-replies on, exchange a bounded number of
messages and stop — also when a relay strips the loop headers, and when it strips the thread
headers and subject tokens too (then the per-sender auto-reply limit is what stops them)."""

from __future__ import annotations

import queue
import re
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from _corpus import plain

from supportkit import Account, FixedClock, Helpdesk, Policy
from supportkit.adapters.sqlite import SqliteStore
from supportkit.mail import MailGateway, MailSender, MailSettings, SmtpTransport

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

A, B = "support@a.example", "support@b.example"


class Relay:
    """Keeps what the SMTP server received, by envelope recipient."""

    def __init__(self) -> None:
        self.inbox: queue.Queue[tuple[str, bytes]] = queue.Queue()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for recipient in envelope.rcpt_tos:
            self.inbox.put((str(recipient).lower(), bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Relay, int]]:
    relay = Relay()
    port = _free_port()
    controller = aiosmtpd_controller.Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield relay, port
    finally:
        controller.stop()


def _desk(path: Path, address: str, peer: str) -> tuple[Helpdesk, MailSettings]:
    desk = Helpdesk(store=SqliteStore(str(path)), clock=FixedClock(
        datetime(2026, 3, 2, 9, tzinfo=UTC)), policy=Policy(
        auto_reply_link="https://" + address.split("@")[1] + "/t/{id}"))
    # the other desk is a customer of this one (e.g. a reseller's desk escalating upwards)
    desk.add_account(Account(f"desk-{peer.split('@')[1]}", "user", email=peer))
    return desk, MailSettings(address=address, support_address=address.replace(
        "support@", "agents@"), auto_reply_limit=3)


def _strip_loop_headers(message: EmailMessage) -> EmailMessage:
    for name in ("Auto-Submitted", "X-Auto-Response-Suppress", "In-Reply-To", "References"):
        del message[name]
    return message


def _strip_everything(message: EmailMessage) -> EmailMessage:
    """A relay that also rewrites the subject (no ticket token survives): each desk takes
    the other's auto-reply for a new request; only the per-sender limit stops them."""
    subject = re.sub(r"\[#[^\]]*\]", "", str(message["Subject"]))
    del message["Subject"]
    message["Subject"] = subject
    return _strip_loop_headers(message)


CHANGES: dict[str, Callable[[EmailMessage], EmailMessage]] = {
    "as-sent": lambda message: message,
    "loop-headers-stripped": _strip_loop_headers,
    "everything-stripped": _strip_everything,
}


@pytest.mark.parametrize("relay", sorted(CHANGES))
def test_two_desks_with_auto_replies_stop(
    tmp_path: Path, smtp: tuple[Relay, int], relay: str
) -> None:
    server, port = smtp
    desk_a, settings_a = _desk(tmp_path / "a.db", A, B)
    desk_b, settings_b = _desk(tmp_path / "b.db", B, A)
    gateways = {A: MailGateway(desk_a, settings_a), B: MailGateway(desk_b, settings_b)}
    change = CHANGES[relay]
    delivered: list[tuple[str, str]] = []

    with SmtpTransport("127.0.0.1", port) as transport:
        senders = [MailSender(desk, settings, lambda m: transport(change(m)))
                   for desk, settings in ((desk_a, settings_a), (desk_b, settings_b))]
        # desk B writes to desk A once; from then on only the desks talk
        first = gateways[A].handle(plain(B, "Customer site down", "Please help", "start@b"))
        assert first.outcome == "opened"
        for _ in range(30):
            for sender in senders:
                sender.send_pending()
            moved = 0
            while True:
                try:
                    recipient, raw = server.inbox.get(timeout=0.5)
                except queue.Empty:
                    break
                moved += 1
                gateway = gateways.get(recipient)
                outcome = gateway.handle(raw).outcome if gateway is not None else "elsewhere"
                delivered.append((recipient, outcome))
            if moved == 0:
                break
        else:
            pytest.fail(f"the desks never stopped: {delivered}")

    to_desks = [d for d in delivered if d[0] in gateways]
    assert 1 <= len(to_desks) <= 2 * settings_a.auto_reply_limit + 2, delivered
    if relay == "as-sent":  # the auto-reply is recognised as automatic and dropped
        assert [outcome for _, outcome in to_desks] == ["ignored"]
    if relay == "everything-stripped":  # each desk answered the other at most 3 times
        assert len(to_desks) == 2 * settings_a.auto_reply_limit, delivered
    for desk in (desk_a, desk_b):
        assert desk.outbox.pending() == []
        desk.store.close()
