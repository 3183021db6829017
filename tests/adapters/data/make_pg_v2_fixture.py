"""Build the PostgreSQL fixture of schema version 2 (the snapshot tables of release
e8eeca0) that ``test_postgres_v2.py`` migrates. Run with the OLD code on the path:

    git -C /work/main worktree add /tmp/v1-src e8eeca0
    PYTHONPATH=/tmp/v1-src/src .venv/bin/python tests/adapters/data/make_pg_v2_fixture.py

It writes ``pg_v2_fixture.sql`` (``pg_dump --inserts`` of schema ``sk_v2_fixture``) and
``pg_v2_expected.json`` (``converter.unstructure`` of every ticket as the old code read it).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from _pg_dump import dump_schema

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.postgres import PostgresStore
from supportkit.privacy.retention import RetentionPolicy
from supportkit.serialization import converter
from supportkit.testing.contract import make_ticket

DSN = os.environ.get("SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "sk_v2_fixture"
HERE = Path(__file__).parent
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="beta")
AGENT = Actor.support("agent-7", roles={"shift-manager"})


def main() -> None:
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    store = PostgresStore(DSN, schema=SCHEMA)
    clock = FixedClock(T0)
    policy = Policy(retention=RetentionPolicy(keep=timedelta(days=1)))
    desk = Helpdesk(store, policy=policy, clock=clock)
    a = desk.open_ticket(ALICE, "Mail is down", "Since 09:00 no mail: MX timeout", severity=2,
                         category="mail", fields={"host": "mx1"},
                         attachments=[Upload("log.txt", b"x" * 5000)])
    b = desk.open_ticket(BOB, "Panel login", "Cannot log in", category="panel")
    c = desk.open_ticket(ALICE, "Über-slow webmail", "Webmail takes 30 s per page",
                         channel="email", raw_email=b"From: alice\r\n\r\nWebmail slow")
    clock.advance(timedelta(minutes=5))
    desk.reply(a.id, AGENT, "Looking into the MX records now",
               attachments=[Upload("dig.txt", b"dig output")])
    desk.note(a.id, AGENT, "secretword internal only")
    desk.reply(c.id, ALICE, "password: hunter2 still slow", channel="email",
               raw_email=b"From: alice\r\n\r\npassword: hunter2")
    clock.advance(timedelta(hours=1))
    desk.set_severity(a.id, AGENT, 1, reason="whole company affected")
    desk.set_eta(a.id, AGENT, T0 + timedelta(hours=6))
    desk.set_subject(b.id, AGENT, "Panel login fails after upgrade")
    desk.reply(a.id, ALICE, "Still down — über urgent")
    desk.solve(a.id, AGENT)
    desk.confirm(a.id, ALICE)
    desk.reply(b.id, AGENT, "Fixed the session cookie")
    desk.solve(b.id, AGENT)
    desk.open_ticket(BOB, "Invoice question", "Where is my invoice?", severity=4)
    clock.advance(timedelta(days=3))
    report = desk.run_retention()
    assert report.purged, report
    # Text the desk refuses but stores kept (the jsonb escape): written by the repository.
    with store.unit_of_work() as uow:
        uow.tickets.add(make_ticket("x-nul", subject="NUL \x00 subject", body="a\x00b \ue000"))
    expected = {}
    for ticket_id in ("1", "2", "3", "4", "x-nul"):
        expected[ticket_id] = converter.unstructure(desk.get(ticket_id))
    store.close()
    (HERE / "pg_v2_fixture.sql").write_text(dump_schema(DSN, SCHEMA), encoding="utf-8")
    (HERE / "pg_v2_expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=True, default=str) + "\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
