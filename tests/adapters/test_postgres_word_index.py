"""The ordered word index of PostgreSQL (``word_tickets``, migration 5, issue 15): a schema
written by release a6a1216 (version 4: ``data/pg_v4_fixture.sql``, see
``data/make_pg_v4_fixture.py``) is upgraded in place, every stored word of every ticket gets
its row, and search pages merged from it equal the reference. The agreement after every
kind of write is the contract suite's (``test_search_pages_follow_every_write``); the
merged plans against the others are in ``test_postgres_v2.py``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import _pg
import attrs
import psycopg
import pytest
from psycopg import sql

from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres._rows import id_number
from supportkit.adapters.postgres.schema import LATEST_VERSION, current_version
from supportkit.adapters.reference import searchable_words, select_tickets
from supportkit.ports import TicketQuery
from supportkit.testing.contract import keyset_ids
from supportkit.testing.store_factory import AGENT, T0
from supportkit.tickets.head import advance, head_of
from supportkit.tickets.model import Event, Message

DATA = Path(__file__).parent / "data"

TEXTS = ("mail", "webm", "filler001 webmail", "filler29", "x" * 1000, "x" * 1100,
         "mailrelay dns", "nul", "w1x19", "panel upgrade", "mailer cookie", "secretword",
         "bulk 1", "long filler299 again", "nothing")


def _words(schema: str, table: str) -> set[tuple[Any, ...]]:
    with psycopg.connect(_pg.DSN) as conn:
        if table == "ticket_words":
            rows = conn.execute(sql.SQL(
                "SELECT DISTINCT x.lexeme, w.id FROM {}.ticket_words AS w, unnest(w.words) AS x"
            ).format(sql.Identifier(schema))).fetchall()
            return {(word, id_number(ticket_id), ticket_id) for word, ticket_id in rows}
        rows = conn.execute(sql.SQL("SELECT word, id_num, id FROM {}.word_tickets").format(
            sql.Identifier(schema))).fetchall()
        assert len(rows) == len(set(rows))
        return set(rows)


def _pages_equal_the_reference(store: PostgresStore, texts: tuple[str, ...] = TEXTS) -> int:
    with store.unit_of_work(readonly=True) as uow:
        ids = [row.id for row in uow.tickets.query(TicketQuery())]
        stored = [uow.tickets.get(ticket_id) for ticket_id in ids]
    heads = [head_of(t) for t in stored]
    words = {t.id: searchable_words(t) for t in stored}
    found = 0
    for text in texts:
        for order in ("id", "newest"):
            query = TicketQuery(text=text, order=order)
            expected = [h.id for h in select_tickets(heads, query, lambda h: words[h.id])]
            assert keyset_ids(store, query) == expected, query
            found += len(expected)
    return found


def test_a_version_4_schema_gets_every_stored_word_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pg.merged_pages_only(monkeypatch)
    with _pg.restored(DATA / "pg_v4_fixture.sql", "sk_v4_fixture", "sk_v4_migrate") as schema:
        stored = _words(schema, "ticket_words")
        assert len({ticket_id for _, _, ticket_id in stored}) == 36
        with PostgresStore(_pg.DSN, schema=schema) as store:
            assert _words(schema, "word_tickets") == stored
            assert _pages_equal_the_reference(store) >= 80
            # A prefix of more words than a page merges: found in ticket_words instead.
            monkeypatch.undo()
            # As many query words as a page merges (each a bit of the mask), and one more.
            many = tuple(" ".join(f"filler{n:03d}" for n in range(count)) for count in (63, 64))
            assert _pages_equal_the_reference(
                store, ("filler2", "f", "filler2 long", "w1x0", *many)) >= 5
            # Written after the upgrade: a reply's new words join the index.
            at = T0 + timedelta(days=30)
            event = Event("replied", at, AGENT, {},
                          Message(AGENT.id, AGENT.side, "upgraded zephyr mailrelay", "web", at))
            with store.unit_of_work() as uow:
                head = uow.tickets.head("abc", for_update=True)
                uow.tickets.append(attrs.evolve(advance(head, event), version=head.version + 1),
                                   [event])
            assert _words(schema, "word_tickets") == _words(schema, "ticket_words")
            with store.unit_of_work(readonly=True) as uow:
                found = uow.tickets.query(TicketQuery(text="zephyr mailrel", limit=5))
                assert [row.id for row in found] == ["abc"]
        with psycopg.connect(_pg.DSN) as conn:
            assert current_version(conn, schema) == LATEST_VERSION == 6
