"""The `make demo` story: one ticket through its lifecycle, printed as it happens.

Run: python examples/quickstart.py [--db demo.db]
"""

from __future__ import annotations

import argparse
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportkit import Actor, FixedClock, Helpdesk, InvalidTransition, Policy, Upload
from supportkit.adapters.sqlite import SqliteStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="demo.db", help="SQLite file, recreated on every run")
    args = parser.parse_args(argv)

    db = Path(args.db)
    stale = [p for p in (db, *(Path(f"{db}{s}") for s in ("-wal", "-shm"))) if p.exists()]
    blobs = Path(f"{db}.blobs")
    if stale or blobs.exists():
        print(f"starting fresh: deleting the previous demo database {db} and {blobs}/")
        for path in stale:
            path.unlink()
        shutil.rmtree(blobs, ignore_errors=True)
    store = SqliteStore(db)
    print(f"tickets go to {db}, attachments to {blobs}/")

    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    desk = Helpdesk(store=store, policy=Policy(), clock=clock)
    alice = Actor.customer("alice", company="acme")
    agent = Actor.support("agent-7")
    manager = Actor.support("shift-manager")

    ticket = desk.open_ticket(
        alice,
        subject="Mail delivery stopped",
        body="No mail since 08:30.",
        severity=3,
        attachments=[Upload("maillog.txt", b"550 relay denied\n")],
    )
    print(f"[{clock.now():%a %H:%M}] alice opened #{ticket.id}: {ticket.subject!r} "
          f"(severity {ticket.severity}, {ticket.status.value})")

    clock.advance(timedelta(minutes=40))
    desk.note(ticket.id, agent, "Relay host rejects us; checking the SPF record.")
    ticket = desk.set_severity(ticket.id, manager, 2, reason="all mail of the company affected")
    print(f"[{clock.now():%a %H:%M}] shift manager raised the severity to {ticket.severity}")

    clock.advance(timedelta(minutes=20))
    ticket = desk.reply(ticket.id, agent, "Fixed the SPF record; mail flows again.")
    print(f"[{clock.now():%a %H:%M}] agent replied; first response after "
          f"{ticket.first_response_at - ticket.created_at}")  # type: ignore[operator]

    ticket = desk.solve(ticket.id, agent)
    print(f"[{clock.now():%a %H:%M}] agent solved it ({ticket.status.value})")

    clock.advance(timedelta(hours=2))
    ticket = desk.confirm(ticket.id, alice)
    print(f"[{clock.now():%a %H:%M}] alice confirmed; ticket {ticket.status.value}")

    clock.advance(timedelta(days=120))
    try:
        desk.reply(ticket.id, alice, "It broke again!")
    except InvalidTransition as refused:
        print(f"[{clock.now():%a %d %b}] refused: {refused}")

    print("history:", ", ".join(event.kind for event in desk.get(ticket.id).events))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
