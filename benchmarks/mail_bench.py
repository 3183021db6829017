"""Mail gateway throughput on a SQLite file (issue 18: >= 200 messages/s for plain replies).

A desk with ``TICKETS`` tickets opened by mail and the auto-replies sent; then ``N`` plain
replies (the Thunderbird shape: attribution line, quote, signature; threaded by In-Reply-To
and References) go through :meth:`MailGateway.handle`, timed: the gateway's own cost per
message (parse, duplicate claim, thread look-up, rights check, quote stripping, the reply
with its raw e-mail kept and redacted, the Message-ID recorded). Also timed: new tickets
(opened, with the auto-reply written), and one ``supportkit mailgate`` process per message
(what an MTA pipe costs, interpreter start-up included).

    python benchmarks/mail_bench.py          # 1000 replies
    python benchmarks/mail_bench.py 3000
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from supportkit import FixedClock, Helpdesk, presets
from supportkit.adapters._blobs_memory import MemoryBlobStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.mail import MailGateway, MailSender, MailSettings

DESK = "support@desk.example"
TICKETS = 200
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _message(sender: str, subject: str, body: str, message_id: str,
             parent: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, DESK, subject
    msg["Date"] = "Mon, 02 Mar 2026 10:00:00 +0000"
    msg["Message-ID"] = f"<{message_id}>"
    if parent is not None:
        msg["In-Reply-To"] = parent
        msg["References"] = parent
    msg.set_content(body)
    return msg.as_bytes()


def main(replies: int = 1000) -> None:
    run(replies, memory_blobs=False)
    run(replies, memory_blobs=True)


def run(replies: int, *, memory_blobs: bool) -> None:
    """One measurement; ``memory_blobs`` keeps attachment content (the raw e-mails) in memory
    instead of the default file blob store, which fsyncs every file: what is left is the
    gateway and the SQLite store."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "desk.db"
        store = SqliteStore(str(path), blobs=MemoryBlobStore() if memory_blobs else None)
        print(f"-- blobs: {'in memory' if memory_blobs else 'files, fsynced (the default)'}")
        with store.unit_of_work() as uow:  # what `supportkit init --preset open_xchange` writes
            uow.records.put("config", "desk", {"preset": "open_xchange"})
        desk = Helpdesk(store, presets.open_xchange.policy(require_entitlement=False),
                        FixedClock(T0))
        settings = MailSettings(address=DESK, auto_reply_limit=10**9)
        gateway = MailGateway(desk, settings)
        sent: list[EmailMessage] = []
        start = time.perf_counter()
        for number in range(TICKETS):
            gateway.handle(_message(f"user{number}@example.com", f"Problem {number}",
                                    "The mail server refuses logins since 9:00.",
                                    f"open.{number}@example.com"))
        opened = time.perf_counter() - start
        MailSender(desk, settings, sent.append).send_pending(limit=10 * TICKETS)
        auto = {str(m["To"]): str(m["Message-ID"]) for m in sent}
        raws = []
        for number in range(replies):
            sender = f"user{number % TICKETS}@example.com"
            raws.append(_message(
                sender, f"Re: [#{number % TICKETS + 1}] Problem", "Still failing, log below.\n"
                "Password: hunter2\n\nOn 02.03.26 10:00, Support wrote:\n> Thank you for "
                "your message.\n> Ticket registered.\n\n-- \nA. User\nExample Corp\n",
                f"reply.{number}@example.com", auto[sender]))
        start, cpu = time.perf_counter(), time.process_time()
        outcomes = [gateway.handle(raw).outcome for raw in raws]
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert outcomes == ["replied"] * replies, set(outcomes)
        print(f"mail gateway on SQLite: {TICKETS} tickets opened by mail at "
              f"{TICKETS / opened:,.0f} messages/s")
        print(f"mail gateway on SQLite: {replies} plain replies in {wall:.2f} s: "
              f"{replies / wall:,.0f} messages/s wall, {replies / cpu:,.0f} messages/s of CPU "
              f"({cpu / replies * 1e3:.2f} ms CPU each); goal >= 200/s")
        # the gateway's own share: the same replies once more with the desk's reply (screening,
        # redaction of the raw e-mail, its blob written with fsync, the SQLite write) left out
        real_reply = desk.reply
        desk.reply = lambda *args, **kwargs: None  # type: ignore[assignment,method-assign]
        again = [raw.replace(b"<reply.", b"<again.") for raw in raws]
        start, cpu = time.perf_counter(), time.process_time()
        for raw in again:
            gateway.handle(raw)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        desk.reply = real_reply  # type: ignore[method-assign]
        print(f"  of which the gateway itself (parse, claim, thread look-up, quote stripping, "
              f"Message-ID recorded): {cpu / replies * 1e3:.2f} ms CPU, "
              f"{wall / replies * 1e3:.2f} ms wall per message")
        store.close()

        if replies < 500 or memory_blobs:
            return
        cli = [sys.executable, "-m", "supportkit", "--db", str(path), "mailgate",
               "--address", DESK]
        runs = 10
        start = time.perf_counter()
        for number in range(runs):
            raw = _message("user1@example.com", "Re: [#2] Problem", "one more",
                           f"cli.{number}@example.com", auto["user1@example.com"])
            subprocess.run(cli, input=raw, check=True, capture_output=True)  # noqa: S603
        each = (time.perf_counter() - start) / runs
        print(f"supportkit mailgate (one process per message, start-up included): "
              f"{each * 1e3:.0f} ms per message, {1 / each:.1f} messages/s")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
