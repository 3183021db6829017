"""The PostgreSQL store on the issue-15 storage model: events as rows, one head per ticket,
summary columns for lists, word chunks for prefix search, and migration 3 from the
snapshot tables of release e8eeca0 (``data/pg_v2_fixture.sql``, written by that release:
see ``data/make_pg_v2_fixture.py``).

What the shared contract suite does not (yet) cover for this store is here too: lists and
counts equal to the reference semantics for every order and cursor (searching from the
words index and along the id order), appends that touch no earlier row, for_update
waits, and a head computed off a whole ticket equal to the folded one.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest
from psycopg import sql

from supportkit import Actor, Conflict, InvalidInput, NotFound
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres._rows import WORDS_PER_CHUNK, id_number
from supportkit.adapters.postgres._search import SearchPlan, WordStats, order_key, plan
from supportkit.adapters.postgres.schema import LATEST_VERSION, current_version
from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    due_tickets,
    searchable_words,
    select_tickets,
)
from supportkit.errors import StorageError
from supportkit.ports import BulkTicketRepository, TicketQuery
from supportkit.serialization import unstructure
from supportkit.testing.store_factory import AGENT, T0, make_ticket
from supportkit.tickets.head import TicketHead, advance, folded_head, head_of, summary_of
from supportkit.tickets.history import apply
from supportkit.tickets.model import Event, Message, Ticket
from supportkit.tickets.status import TicketStatus

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]

DATA = Path(__file__).parent / "data"


@pytest.fixture
def store() -> Iterator[PostgresStore]:
    store = _pg.fresh_store()
    yield store
    store.close()


def _add(store: PostgresStore, *tickets: Ticket) -> None:
    with store.unit_of_work() as uow:
        for ticket in tickets:
            uow.tickets.add(ticket)


def _reply(body: str, at: datetime, *, internal: bool = False) -> Event:
    message = Message(AGENT.id, AGENT.side, body, "web", at, internal=internal)
    return Event("noted" if internal else "replied", at, AGENT, {}, message)


def _appended(store: PostgresStore, ticket: Ticket, *events: Event) -> Ticket:
    """Append ``events`` through head + append; return the ticket the fold expects."""
    with store.unit_of_work() as uow:
        head = uow.tickets.head(ticket.id, for_update=True)
        for event in events:
            head = advance(head, event)
        uow.tickets.append(attrs.evolve(head, version=head.version + 1), events)
    for event in events:
        ticket = apply(ticket, event)
    return attrs.evolve(ticket, version=ticket.version + 1)


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# -- migration 3 ----------------------------------------------------------------------------


def test_migration_from_the_snapshot_schema_loses_nothing() -> None:
    expected = json.loads((DATA / "pg_v2_expected.json").read_text("utf-8"))
    with _pg.restored(DATA / "pg_v2_fixture.sql", "sk_v2_fixture", "sk_v2_migrate") as schema:
        with PostgresStore(_pg.DSN, schema=schema) as store:
            with store.unit_of_work(readonly=True) as uow:
                tickets = uow.tickets
                for ticket_id, document in expected.items():
                    assert _plain(unstructure(tickets.get(ticket_id))) == document, ticket_id
                    assert tickets.head(ticket_id) == head_of(tickets.get(ticket_id))
                rows = tickets.query(TicketQuery())
                assert [r.id for r in rows] == ["1", "2", "3", "4", "x-nul"]
                assert rows == [summary_of(tickets.head(r.id)) for r in rows]
                assert [r.id for r in tickets.query(TicketQuery(text="webm"))] == ["3"]
                assert [r.id for r in tickets.query(TicketQuery(text="nul"))] == ["x-nul"]
                assert [r.id for r in tickets.query(TicketQuery(text="upgrade panel"))] == ["2"]
                # The subject before the retitle is no longer searched (nor in a message).
                assert tickets.query(TicketQuery(text="secretword")) == []
                assert tickets.count(TicketQuery(statuses={TicketStatus.CLOSED})) == 1
            with store.unit_of_work() as uow:
                assert int(uow.tickets.next_id()) > 4
            ticket = _appended(store, store_ticket(store, "1"),
                               _reply("after the migration", T0 + timedelta(days=9)))
            assert store_ticket(store, "1") == ticket
        with psycopg.connect(_pg.DSN) as conn:
            version = current_version(conn, schema)
            snapshots = conn.execute("SELECT to_regclass(%s)",
                                     (f"{schema}.ticket_snapshots",)).fetchone()
        assert version == LATEST_VERSION and snapshots == (None,)


def store_ticket(store: PostgresStore, ticket_id: str) -> Ticket:
    with store.unit_of_work(readonly=True) as uow:
        return uow.tickets.get(ticket_id)


# -- lists equal the reference ------------------------------------------------------------

COMPANIES = ("acme", "beta", None)
VOCABULARY = ("mail", "mailbox", "mailer", "webmail", "dns", "disk", "quota", "über",
              "Straße", "cert", "ssl", "x" * 1100, "x" * 1010 + "y" * 30, "é" * 600)


def _stock(seed: int) -> list[Ticket]:
    rng = random.Random(seed)
    tickets = []
    # 18 digits sort as a number, 19 after every number (search pages compute the order key
    # from the id in SQL: _search.order_key).
    ids = [str(n) for n in range(1, 31)] + ["a-1", "b", "B", "007", "zz", "0",
                                           "123456789012345678", "1234567890123456789"]
    for ticket_id in ids:
        company = rng.choice(COMPANIES)
        deadlines: dict[str, datetime | None] = {
            column: T0 + timedelta(minutes=rng.choice((5, 10, 10, 20)))
            for column in DEADLINE_COLUMNS if rng.random() < 0.5
        }
        tickets.append(make_ticket(
            ticket_id,
            subject=" ".join(rng.choices(VOCABULARY, k=2)),
            body=" ".join(rng.choices(VOCABULARY, k=3)),
            requester=Actor.customer(rng.choice(("alice", "bob")), company=company),
            status=rng.choice(list(TicketStatus)),
            category=rng.choice(("mail", "dns", None)),
            addressed_to=rng.choice(("acc-1", "acc-2", None)),
            assignee=rng.choice(("agent-7", None)),
            severity=rng.choice((1, 3, "high")),
            replies=rng.choices(VOCABULARY, k=rng.randrange(3)),
            notes=rng.choices(("internal secret", "zebra"), k=rng.randrange(2)),
            deadlines=deadlines,
        ))
    # Words over two chunks: "dns" in the first, "mail" and "webmail" in the second.
    filler = " ".join(f"filler{k:03d}" for k in range(300))
    tickets.append(make_ticket("big", subject="Long thread", body=f"{filler} mail dns",
                               replies=["webmail quota"]))
    return tickets


def _queries(rng: random.Random) -> list[TicketQuery]:
    soon = T0 + timedelta(minutes=15)
    queries = [
        TicketQuery(),
        TicketQuery(order="newest"),
        TicketQuery(statuses={TicketStatus.OPEN, TicketStatus.SOLVED}, limit=5),
        TicketQuery(company="acme", order="newest", limit=3),
        TicketQuery(requester="bob", category="mail"),
        TicketQuery(addressed_to_any={"acc-1"}, categories_any={"mail", "dns"}),
        TicketQuery(assignee="agent-7", order="resolution_due"),
        TicketQuery(due="eta", due_before=soon, order="eta", limit=4),
        TicketQuery(due="retention_due", due_from=T0 + timedelta(minutes=10)),
        TicketQuery(statuses=set()),
        TicketQuery(limit=0),
    ]
    for text in ("mail", "mai", "webm", "STRASSE", "straße", "über mail", "ssl cert",
                 "dns mail", "filler000 webmail", "thread filler299 dns", "long quota",
                 # Words over 1,000 UTF-8 bytes are kept as their first 1,000 bytes plus a
                 # digest: a query word up to 1,000 bytes finds every word it begins, a
                 # longer one only the same word.
                 "x" * 1100, "x" * 1000, "x" * 999, "é" * 500, "é" * 600, "zebra", "internal",
                 "!!", "nothing"):
        queries.append(TicketQuery(text=text))
        queries.append(TicketQuery(text=text, order=rng.choice(("newest", "eta")), limit=3))
        # A page of a search alone (found in ticket_words, then its tickets).
        queries.append(TicketQuery(text=text, order=rng.choice(("id", "newest")), limit=2))
    return queries


def _pages(query: TicketQuery, found: list[TicketHead]) -> list[TicketQuery]:
    """``query`` continued after each of the first rows (the keyset of its order), whole
    and by pages of 2."""
    pages = []
    for head in found[:4]:
        due = getattr(head, query.order) if query.order in DEADLINE_COLUMNS else None
        pages.append(attrs.evolve(query, after_id=head.id, after_due=due))
        pages.append(attrs.evolve(query, after_id=head.id, after_due=due, limit=2))
    return pages


@pytest.mark.parametrize(
    "how", ["merged", "merged-rarest", "index", "index-rarest", "index-capped", "walk"])
def test_lists_counts_and_heads_equal_the_reference(
    store: PostgresStore, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # merged: a page of a search alone merges the ordered word index (every query word,
    # or the rarest only and the others checked on the tickets found). Else such a page
    # is found in ticket_words (too many words to merge), as other searches: walk: every
    # search pages along the order (the common-word plan): the tickets probing
    # their words, or a search alone walking ticket_words. index: from the words index
    # with every query word, or with the rarest one only, the others checked on the rows;
    # capped: a search page finds more rows there than it keeps and walks instead.
    if how.startswith("merged"):
        _pg.merged_pages_only(monkeypatch)
    if how == "merged-rarest":
        monkeypatch.setattr("supportkit.adapters.postgres.tickets._PROBED", -1.0)
    elif not how.startswith("merged"):
        monkeypatch.setattr("supportkit.adapters.postgres.tickets._MERGED_WORDS", -1)
    walk = how == "walk"
    monkeypatch.setattr("supportkit.adapters.postgres.tickets.INDEX_ROWS",
                        -1 if walk or how == "index-capped" else 1e9)
    if how == "index-capped":
        monkeypatch.setattr("supportkit.adapters.postgres.tickets._INDEX_CAP", 0)
    monkeypatch.setattr(
        "supportkit.adapters.postgres.tickets.plan",
        lambda rows, total, limit: SearchPlan(
            walk=walk and limit is not None,
            index_terms=1 if how == "index-rarest" else len(rows)))
    tickets = _stock(15)
    with store.unit_of_work() as uow:
        uow.tickets.add_many(tickets[:20])
        for ticket in tickets[20:]:
            uow.tickets.add(ticket)
    heads = [head_of(t) for t in tickets]
    words = {t.id: searchable_words(t) for t in tickets}

    def words_of(head: TicketHead) -> set[str]:
        return words[head.id]

    rng = random.Random(7)
    with store.unit_of_work(readonly=True) as uow:
        repo = uow.tickets
        for query in _queries(rng):
            expected = select_tickets(heads, query, words_of)
            for q in [query, *_pages(attrs.evolve(query, limit=None), expected)]:
                want = select_tickets(heads, q, words_of)
                assert repo.query(q) == [summary_of(h) for h in want], q
                assert repo.heads(q) == want, q
                unpaged = attrs.evolve(q, limit=None, after_id=None, after_due=None)
                assert repo.count(q) == len(select_tickets(heads, unpaged, words_of)), q
        assert uow.tickets.query(TicketQuery(text="x" * 1100))  # a long word finds itself


def test_summaries_are_read_from_columns_in_utc(store: PostgresStore) -> None:
    ticket = make_ticket("1", severity="high", deadlines={"eta": T0 + timedelta(hours=1)})
    _add(store, ticket)
    with store.unit_of_work(readonly=True) as uow:
        (row,) = uow.tickets.query(TicketQuery())
    assert row == summary_of(head_of(ticket))
    assert row.created_at.tzinfo is UTC and row.eta is not None and row.eta.tzinfo is UTC
    assert row.severity == "high"


# -- appends ----------------------------------------------------------------------------------


def _xmins(store: PostgresStore, table: str, ticket_id: str) -> dict[int, str]:
    key = "seq" if table == "ticket_events" else "chunk"
    with psycopg.connect(_pg.DSN) as conn:
        rows = conn.execute(sql.SQL("SELECT {}, xmin::text FROM {}.{} WHERE id = %s").format(
            sql.Identifier(key), sql.Identifier(store.schema), sql.Identifier(table)),
            (ticket_id,)).fetchall()
    return dict(rows)


def test_an_append_adds_rows_and_replaces_the_head_only(store: PostgresStore) -> None:
    ticket = make_ticket("1", replies=["first answer"], notes=["note"])
    _add(store, ticket)
    events = _xmins(store, "ticket_events", "1")
    at = T0 + timedelta(hours=1)
    ticket = _appended(store, ticket, _reply("second answer", at),
                       _reply("hidden", at, internal=True))
    assert store_ticket(store, "1") == ticket
    with store.unit_of_work(readonly=True) as uow:
        assert uow.tickets.head("1") == head_of(ticket)
    after = _xmins(store, "ticket_events", "1")
    assert {seq: after[seq] for seq in events} == events  # earlier events untouched
    assert len(after) == len(events) + 2
    assert len(_chunks(store, "1")) == 1  # one words row, the reply's words added


def test_an_append_with_no_events_changes_derived_fields(store: PostgresStore) -> None:
    ticket = make_ticket("1")
    _add(store, ticket)
    due = T0 + timedelta(days=1)
    with store.unit_of_work() as uow:
        head = uow.tickets.head("1", for_update=True)
        uow.tickets.append(attrs.evolve(head, version=2, resolution_due=due), [])
    assert store_ticket(store, "1") == attrs.evolve(ticket, version=2, resolution_due=due)
    with store.unit_of_work(readonly=True) as uow:
        found = uow.tickets.query(TicketQuery(due="resolution_due", due_before=due + timedelta(1)))
    assert [s.id for s in found] == ["1"]


def test_stale_versions_and_wrong_event_counts_write_nothing(store: PostgresStore) -> None:
    ticket = make_ticket("1")
    _add(store, ticket)
    event = _reply("too late", T0 + timedelta(hours=1))
    head = advance(head_of(ticket), event)
    with store.unit_of_work() as uow:
        with pytest.raises(Conflict, match="stored version 1"):
            uow.tickets.append(attrs.evolve(head, version=3), [event])
        with pytest.raises(InvalidInput, match="counts 2 events"):
            uow.tickets.append(attrs.evolve(head, version=2), [])
        with pytest.raises(NotFound):
            uow.tickets.append(attrs.evolve(head, id="nope", version=2), [event])
        # The unit of work is still usable after the refusals.
        uow.tickets.append(attrs.evolve(head, version=2), [event])
    with store.unit_of_work() as uow, pytest.raises(Conflict):
        uow.tickets.append(attrs.evolve(head, version=2), [event])
    assert store_ticket(store, "1").version == 2
    assert len(store_ticket(store, "1").events) == 2


def _chunks(store: PostgresStore, ticket_id: str) -> list[tuple[int, int, str]]:
    """``(chunk, lexemes, xmin)`` of the ticket's words rows."""
    with psycopg.connect(_pg.DSN) as conn:
        return conn.execute(sql.SQL(
            "SELECT chunk, length(words), xmin::text FROM {}.ticket_words "
            "WHERE id = %s ORDER BY chunk").format(sql.Identifier(store.schema)),
            (ticket_id,)).fetchall()


def test_reply_words_fill_bounded_chunks_and_stay_searchable(store: PostgresStore) -> None:
    ticket = make_ticket("1", subject="Quota", body="opening words")
    _add(store, ticket)
    for n in range(12):
        at = T0 + timedelta(minutes=n + 1)
        body = " ".join(f"w{n}x{k}" for k in range(40))
        ticket = _appended(store, ticket, _reply(body, at))
    assert store_ticket(store, "1") == ticket
    chunks = _chunks(store, "1")
    assert len(chunks) > 1 and max(size for _, size, _ in chunks) <= WORDS_PER_CHUNK + 40
    assert sum(size for _, size, _ in chunks) == 3 + 12 * 40  # "quota opening words" + replies
    # Another reply rewrites the latest chunk only.
    ticket = _appended(store, ticket, _reply("w12x0 w12x1", T0 + timedelta(hours=1)))
    after = _chunks(store, "1")
    assert after[:-1] == chunks[:-1] and after[-1][1] == chunks[-1][1] + 2  # the last only
    with store.unit_of_work(readonly=True) as uow:
        for text in ("w0x0", "w11x39", "w0x0 w11x39 quota", "w5x", "opening w3x3", "w12x1"):
            assert [s.id for s in uow.tickets.query(TicketQuery(text=text))] == ["1"], text
        assert uow.tickets.query(TicketQuery(text="w13")) == []
    # A reply bigger than a chunk starts several.
    body = " ".join(f"huge{k}" for k in range(WORDS_PER_CHUNK * 2 + 5))
    ticket = _appended(store, ticket, _reply(body, T0 + timedelta(hours=2)))
    assert len(_chunks(store, "1")) == len(after) + 3
    assert store_ticket(store, "1") == ticket
    with store.unit_of_work(readonly=True) as uow:
        assert [s.id for s in uow.tickets.query(TicketQuery(text="huge516 w0x0"))] == ["1"]


def test_a_retitle_adds_the_new_subject_words(store: PostgresStore) -> None:
    """Search finds a ticket by every subject it had (``reference.searchable_text``): a
    retitle adds words, like a reply, and rewrites nothing."""
    ticket = make_ticket("1", subject="Printer jammed", body="body text")
    _add(store, ticket)
    before = _chunks(store, "1")
    retitled = Event("retitled", T0 + timedelta(hours=1), AGENT, {"subject": "Scanner broken"})
    ticket = _appended(store, ticket, retitled)
    with store.unit_of_work(readonly=True) as uow:
        assert [s.id for s in uow.tickets.query(TicketQuery(text="printer scan"))] == ["1"]
        assert [s.id for s in uow.tickets.query(TicketQuery(text="broken body"))] == ["1"]
        assert uow.tickets.query(TicketQuery())[0].subject == "Scanner broken"
    assert len(_chunks(store, "1")) == len(before) == 1
    assert store_ticket(store, "1") == ticket


def test_text_postgres_cannot_hold_in_a_subject_is_escaped(store: PostgresStore) -> None:
    ticket = make_ticket("1", subject="\ue000NUL \x00 subject", body="a\x00b")
    _add(store, ticket)
    assert store_ticket(store, "1") == ticket
    with store.unit_of_work(readonly=True) as uow:
        assert uow.tickets.query(TicketQuery(text="nul"))[0].subject == ticket.subject


# -- units of work, locks, bulk, claims ------------------------------------------------------


def test_read_only_units_of_work_refuse_every_write(store: PostgresStore) -> None:
    ticket = make_ticket("1")
    _add(store, ticket)
    head = attrs.evolve(head_of(ticket), version=2)
    with store.unit_of_work(readonly=True) as uow:
        tickets = uow.tickets
        assert isinstance(tickets, BulkTicketRepository)
        for write in (lambda: tickets.append(head, []), lambda: tickets.add(make_ticket("2")),
                      lambda: tickets.add_many([make_ticket("3")]), tickets.next_id,
                      lambda: tickets.head("1", for_update=True),
                      lambda: tickets.claim_due("eta", T0, limit=1)):
            with pytest.raises(StorageError, match="read-only"):
                write()
    assert store_ticket(store, "1") == ticket


def test_head_for_update_waits_for_the_holder_and_sees_its_append(store: PostgresStore) -> None:
    ticket = make_ticket("1")
    _add(store, ticket)
    held, seen = threading.Event(), []

    def second() -> None:
        held.wait(5)
        with store.unit_of_work() as uow:
            seen.append(uow.tickets.head("1", for_update=True).version)

    worker = threading.Thread(target=second)
    worker.start()
    with store.unit_of_work() as uow:
        head = uow.tickets.head("1", for_update=True)
        held.set()
        time.sleep(0.3)
        assert seen == []  # still waiting
        uow.tickets.append(attrs.evolve(head, version=2), [])
    worker.join(5)
    assert seen == [2]


def test_add_many_is_all_or_nothing_and_leaves_the_unit_usable(store: PostgresStore) -> None:
    _add(store, make_ticket("5"))
    with store.unit_of_work() as uow:
        tickets = uow.tickets
        assert isinstance(tickets, BulkTicketRepository)
        with pytest.raises(Conflict):
            tickets.add_many([make_ticket("6"), make_ticket("5")])
        with pytest.raises(Conflict):
            tickets.add(make_ticket("5"))
        tickets.add_many([make_ticket("7"), make_ticket("x")])
        assert int(tickets.next_id()) > 7
    with store.unit_of_work(readonly=True) as uow:
        assert [s.id for s in uow.tickets.query(TicketQuery())] == ["5", "7", "x"]
        with pytest.raises(NotFound):
            uow.tickets.get("6")


def test_claim_due_hands_out_heads_in_deadline_order(store: PostgresStore) -> None:
    tickets = [make_ticket(str(n), deadlines={"retention_due": T0 + timedelta(minutes=m)})
               for n, m in ((1, 30), (2, 10), (3, 20), (4, 90))]
    _add(store, *tickets)
    heads = [head_of(t) for t in tickets]
    before = T0 + timedelta(hours=1)
    with store.unit_of_work() as uow:
        claimed = uow.tickets.claim_due("retention_due", before, limit=2)
        assert claimed == due_tickets(heads, "retention_due", before)[:2]
        with store.unit_of_work(readonly=True):
            pass
    with store.unit_of_work() as uow:
        assert [h.id for h in uow.tickets.claim_due("retention_due", before, limit=5,
                                                      due_from=T0 + timedelta(minutes=15))
                ] == ["3", "1"]


def test_the_bulk_head_equals_the_folded_head() -> None:
    rng = random.Random(3)
    for n in range(40):
        ticket = make_ticket(str(n), replies=rng.choices(("a", "b"), k=rng.randrange(4)),
                             notes=rng.choices(("n",), k=rng.randrange(2)))
        at = T0 + timedelta(hours=1)
        for kind, data in rng.sample([
            ("solved", {"status": "solved"}), ("reopened", {"status": "open"}),
            ("awaiting", {"awaiting_information": True}),
            ("eta_set", {"eta": (T0 + timedelta(days=1)).isoformat()}),
            ("purged", {"purged": ticket.messages[0].attachments[0].sha256}),
        ], k=rng.randrange(5)):
            ticket = apply(ticket, Event(kind, at, AGENT, data))
            at += timedelta(minutes=5)
        assert head_of(ticket) == folded_head(ticket), n


def test_word_estimates_follow_the_statistics_of_the_words_column(store: PostgresStore) -> None:
    tickets = [make_ticket(str(n), subject="Printer" if n % 5 else "Scanner",
                           body=f"order{n:04d} mailbox full" if n % 10 else f"order{n:04d}")
               for n in range(1, 201)]
    with store.unit_of_work() as uow:
        uow.tickets.add_many(tickets)
    with psycopg.connect(_pg.DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("ANALYZE {}.ticket_words").format(sql.Identifier(store.schema)))
        stats = WordStats(store.schema)
        rows = 200  # one words row per ticket, its subject's words included
        assert stats.rows(conn, "mailbox", prefix=False) == pytest.approx(180, rel=0.05)
        assert stats.rows(conn, "mail", prefix=True) == pytest.approx(180, rel=0.05)
        assert stats.rows(conn, "print", prefix=True) == pytest.approx(160, rel=0.05)
        # "f" begins "full" (180 chunks) and nothing else common: prefixes add up.
        assert stats.rows(conn, "f", prefix=True) == pytest.approx(180, rel=0.05)
        assert stats.rows(conn, "mailboxes", prefix=True) == 0  # rarer than any common word
        assert stats.rows(conn, "nothing", prefix=False) == 0
        assert stats.rows(conn, "order0001", prefix=False) <= rows / 100


def test_add_many_pipelines_slices_and_still_writes_all_or_nothing(store: PostgresStore) -> None:
    tickets = [make_ticket(str(n), subject=f"bulk {n}") for n in range(1, 2501)]
    with store.unit_of_work() as uow:
        bulk = uow.tickets
        assert isinstance(bulk, BulkTicketRepository)
        with pytest.raises(Conflict):  # a repeat in the third slice
            bulk.add_many([*tickets[:2200], tickets[5], *tickets[2200:]])
        with pytest.raises(InvalidInput, match="version 1"):
            bulk.add_many([*tickets[:1500], attrs.evolve(tickets[1500], version=2)])
        assert bulk.count(TicketQuery()) == 0
        bulk.add_many(iter(tickets))  # any iterable
    with store.unit_of_work(readonly=True) as uow:
        assert uow.tickets.count(TicketQuery()) == 2500
        assert uow.tickets.get("2500") == tickets[-1]
        assert [s.id for s in uow.tickets.query(TicketQuery(text="bulk 1777"))] == ["1777"]


def test_an_append_without_events_indexes_a_changed_subject_only(store: PostgresStore) -> None:
    ticket = make_ticket("1", subject="Printer jammed", body="body")
    _add(store, ticket)
    fill = "SELECT words_fill, words_chunk FROM {}.tickets WHERE id = '1'"

    def words_state() -> tuple[int, int]:
        with psycopg.connect(_pg.DSN) as conn:
            row = conn.execute(sql.SQL(fill).format(sql.Identifier(store.schema))).fetchone()
        assert row is not None
        return row[0], row[1]

    before = words_state()
    for _ in range(3):  # derived-field updates: nothing to index
        _appended(store, store_ticket(store, "1"))
    assert words_state() == before and len(_chunks(store, "1")) == 1
    with store.unit_of_work() as uow:
        head = uow.tickets.head("1", for_update=True)
        uow.tickets.append(attrs.evolve(head, subject="Toner empty", version=head.version + 1),
                           [])
    assert words_state()[0] == before[0] + 2
    with store.unit_of_work(readonly=True) as uow:
        assert [s.id for s in uow.tickets.query(TicketQuery(text="toner print"))] == ["1"]


def test_search_plans_follow_the_costs_of_walking_and_of_the_words_index() -> None:
    million = 1e6
    # Two words in 7% of the rows each: 0.5% have both, a page of 100 is ~20,000 rows
    # along the order, cheaper than reading 140,000 postings from the index.
    two = plan([7e4, 7e4], million, 100)
    assert (two.walk, two.index_terms, round(two.walked, -2)) == (True, 2, 20400)
    # (A page then merges the ordered word index instead: more than _WALKED_ROWS.)
    assert round(plan([7e4], million, 100).walked, -1) == 1430  # one common word: walked
    # A word rarer than every common one (estimated 0): from the index, and only it when
    # the other word is common (its postings would cost more than checking the rows).
    assert plan([0.0], million, 100) == SearchPlan(walk=False, index_terms=1)
    assert plan([0.0, 8.5e5], million, 100) == SearchPlan(walk=False, index_terms=1)
    assert plan([100.0, 200.0], million, 100) == SearchPlan(walk=False, index_terms=2)
    # No page to stop at (a count), or no statistics yet: the index.
    assert not plan([7e4], million, None).walk
    assert plan([0.0, 0.0], 0.0, 100) == SearchPlan(walk=False, index_terms=1)


def test_the_words_order_key_is_the_id_order_and_the_index_of_migration_4(
    store: PostgresStore,
) -> None:
    ids = ["0", "7", "42", "007", "123456789012345678", "1234567890123456789", "a-1", "",
           "\u0661\u0662", "12\n", " 12", "-1", "1e3"]
    with psycopg.connect(_pg.DSN) as conn:
        found = conn.execute(sql.SQL(f"SELECT x.id, {order_key('x.id')} FROM unnest(%s::text[]) "
                                     "AS x(id)").format(), (ids,)).fetchall()
        assert found == [(i, id_number(i)) for i in ids]
        (definition,) = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s "
            "AND indexname = 'ticket_words_order'", (store.schema,)).fetchone() or ("",)
        conn.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(store.schema)))
        conn.execute("SET enable_seqscan = off")
        plan_text = "\n".join(row[0] for row in conn.execute(sql.SQL(
            f"EXPLAIN SELECT id FROM ticket_words AS w ORDER BY {order_key('w.id')}, "
            'w.id COLLATE "C" LIMIT 5').format()).fetchall())
    assert "ticket_words_order" in definition
    assert "Scan using ticket_words_order" in plan_text


def test_a_search_page_alone_reads_only_its_tickets(store: PostgresStore) -> None:
    tickets = [make_ticket(str(n), subject=f"printer {'jam' if n % 3 else 'toner'}",
                           body=f"order{n:04d}") for n in range(1, 301)]
    with store.unit_of_work() as uow:
        uow.tickets.add_many(tickets)
    with store.unit_of_work(readonly=True) as uow:
        repo = uow.tickets
        for text, order in (("printer jam", "id"), ("print", "newest"), ("order0042", "id"),
                            ("jam order01", "newest")):
            query = TicketQuery(text=text, order=order, limit=5)
            want = [t.id for t in tickets
                    if all(any(w.startswith(q) for w in searchable_words(t))
                           for q in text.split())]
            want = sorted(want, key=int, reverse=order == "newest")[:5]
            assert [s.id for s in repo.query(query)] == want
            # The ids of the page only (never one per match) go to the tickets table.
            explained = repo.explain(query, analyze=True)
            ids = explained.split("InitPlan")[1].splitlines()[1]
            assert f"rows={len(want)} loops=1" in ids, explained
            assert "(id = ANY ($" in explained, explained
