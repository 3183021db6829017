"""Write ``v1.sqlite`` and ``v1.expected.json``: a supportkit store file of schema version 1
(the snapshot table), written by the release before issue 15, and what that release returned
for each of its tickets (``converter.unstructure(desk.get(id))``).

Run with the OLD code on the path (the migration test reads the committed output)::

    git -C /work/main worktree add /tmp/v1-src e8eeca0
    PYTHONPATH=/tmp/v1-src/src .venv/bin/python tests/adapters/data/make_v1_sqlite.py
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.sqlite import SCHEMA_VERSION, SqliteStore
from supportkit.privacy.retention import RetentionPolicy
from supportkit.serialization import converter

HERE = Path(__file__).parent
DB = HERE / "v1.sqlite"


def main() -> None:
    assert SCHEMA_VERSION == 1, "run this with the release before issue 15 on PYTHONPATH"
    for stale in HERE.glob("v1.sqlite*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    policy = Policy(retention=RetentionPolicy(keep=timedelta(days=1)))
    store = SqliteStore(DB)
    desk = Helpdesk(store=store, policy=policy, clock=clock)
    alice = Actor.customer("alice", company="acme")
    bob = Actor.customer("bob", company="globex")
    agent = Actor.support("agent-7")

    def tick() -> None:
        clock.advance(timedelta(minutes=17))

    # 1: replies both ways, an internal note, an attachment; closed, then purged by retention.
    t1 = desk.open_ticket(alice, subject="Webmail down since 08:30", body="No mail at all.",
                          severity=2, attachments=[Upload("log.txt", b"smtp 421\n")])
    tick()
    desk.reply(t1.id, agent, "Looking into it; which domain?")
    tick()
    desk.note(t1.id, agent, "Mail relay queue is stuck on mx2.")
    tick()
    desk.reply(t1.id, alice, "example.org, see the screenshot",
               attachments=[Upload("screen.png", b"\x89PNG fake")])
    tick()
    desk.solve(t1.id, agent)
    tick()
    desk.confirm(t1.id, alice)
    # 2: e-mail replies with a raw source (redacted channel), an ETA, a severity change.
    tick()
    t2 = desk.open_ticket(bob, subject="DNS zone not updating", body="Zone serial is old.",
                          channel="email", raw_email=b"From: bob@globex\r\n\r\nZone serial")
    tick()
    desk.reply(t2.id, agent, "Please send the zone file. password: hunter2", channel="email")
    tick()
    desk.reply(t2.id, bob, "Attached.", channel="email",
               attachments=[Upload("zone.txt", b"$ORIGIN globex.")],
               raw_email=b"From: bob@globex\r\n\r\nAttached.")
    tick()
    desk.set_severity(t2.id, agent, 1, reason="customer site down")
    tick()
    desk.set_eta(t2.id, agent, clock.now() + timedelta(hours=4))
    # 3: solved, not confirmed; 4: archived; 5: retitled, still open.
    tick()
    t3 = desk.open_ticket(alice, subject="SSL certificate renewal", body="Expires Friday.")
    tick()
    desk.reply(t3.id, agent, "Renewed.")
    tick()
    desk.solve(t3.id, agent)
    tick()
    t4 = desk.open_ticket(bob, subject="Disk quota exceeded", body="Cannot upload.",
                          attachments=[Upload("df.txt", b"100%")])
    tick()
    desk.close(t4.id, bob)
    tick()
    desk.archive(t4.id, agent)
    tick()
    t5 = desk.open_ticket(alice, subject="php errors", body="Fatal error in index.php")
    tick()
    desk.set_subject(t5.id, agent, "PHP 8 upgrade breaks the shop", reason="clearer")
    tick()
    desk.reply(t5.id, alice, "Thanks, it is the shop plugin.")
    # Retention: two days later, the closed tickets' attachments are purged.
    clock.advance(timedelta(days=3))
    report = desk.run_retention()
    assert report.purged, report
    ids = [t.id for t in (t1, t2, t3, t4, t5)]
    expected = {tid: converter.unstructure(desk.get(tid)) for tid in ids}
    store.close()
    with sqlite3.connect(DB) as conn:  # one self-contained file: fold the WAL in
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    (HERE / "v1.expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    shutil.rmtree(HERE / "v1.sqlite.blobs", ignore_errors=True)
    print(f"wrote {DB} ({DB.stat().st_size} bytes) and v1.expected.json: tickets {ids}")


if __name__ == "__main__":
    main()
