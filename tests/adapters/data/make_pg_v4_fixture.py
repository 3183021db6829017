"""Build the PostgreSQL fixture of schema version 4 (release a6a1216: events, heads, words
chunks, no ordered word index) that ``test_postgres_word_index.py`` migrates to version 5.
Run with that release's code on the path (its working tree, read only):

    PYTHONPATH=/work/main/src .venv/bin/python tests/adapters/data/make_pg_v4_fixture.py

It writes ``pg_v4_fixture.sql`` (``pg_dump --inserts`` of schema ``sk_v4_fixture``): tickets
opened and answered through the desk (a retitle, an internal note, a purge), tickets whose
words fill several chunks (one repeating words across them), ids that are not numbers, a
word longer than 1,000 bytes and text with NUL.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import psycopg
from _pg_dump import dump_schema

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.postgres import PostgresStore
from supportkit.privacy.retention import RetentionPolicy
from supportkit.testing.contract import make_ticket
from supportkit.tickets.head import advance
from supportkit.tickets.model import Event, Message

DSN = os.environ.get("SUPPORTKIT_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "sk_v4_fixture"
HERE = Path(__file__).parent
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="beta")
AGENT = Actor.support("agent-7", roles={"shift-manager"})


def _reply(store: PostgresStore, ticket_id: str, body: str, at: datetime) -> None:
    event = Event("replied", at, AGENT, {}, Message(AGENT.id, AGENT.side, body, "web", at))
    with store.unit_of_work() as uow:
        head = uow.tickets.head(ticket_id, for_update=True)
        uow.tickets.append(attrs.evolve(advance(head, event), version=head.version + 1),
                           [event])


def main() -> None:
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    store = PostgresStore(DSN, schema=SCHEMA)
    clock = FixedClock(T0)
    desk = Helpdesk(store, policy=Policy(retention=RetentionPolicy(keep=timedelta(days=1))),
                    clock=clock)
    a = desk.open_ticket(ALICE, "Mail is down", "Since 09:00 no mail: MX timeout",
                         category="mail", attachments=[Upload("log.txt", b"x" * 500)])
    b = desk.open_ticket(BOB, "Panel login", "Cannot log in to the mailbox panel")
    desk.open_ticket(ALICE, "Über-slow webmail", "Webmail takes 30 s per page")
    clock.advance(timedelta(minutes=5))
    desk.reply(a.id, AGENT, "Looking into the MX records now")
    desk.note(a.id, AGENT, "secretword internal only")
    desk.set_subject(b.id, AGENT, "Panel login fails after upgrade")
    desk.reply(b.id, AGENT, "Fixed the session cookie of the mailer")
    desk.solve(a.id, AGENT)
    desk.confirm(a.id, ALICE)
    clock.advance(timedelta(days=3))
    assert desk.run_retention().purged
    with store.unit_of_work() as uow:
        uow.tickets.add(make_ticket("x-nul", subject="NUL \x00 subject", body="a\x00b mailq"))
        uow.tickets.add(make_ticket("abc", subject="webmail quota", body="x" * 1100))
        uow.tickets.add_many([make_ticket(str(n), subject=f"bulk {n} dns",
                                          body=f"mailrelay filler{n:03d}")
                              for n in range(10, 40)])
        # Two chunks at once (more words than a chunk holds), then a reply repeating them.
        long_body = " ".join(f"filler{n:03d}" for n in range(300))
        uow.tickets.add(make_ticket("50", subject="long thread mail", body=long_body))
    at = T0 + timedelta(days=4)
    _reply(store, "50", "filler001 filler299 webmail again", at)
    for n in range(3):
        _reply(store, "abc", " ".join(f"w{n}x{k:03d}" for k in range(200)),
               at + timedelta(minutes=n + 1))
    store.close()
    (HERE / "pg_v4_fixture.sql").write_text(dump_schema(DSN, SCHEMA), encoding="utf-8")


if __name__ == "__main__":
    main()
