"""The PostgreSQL store on a real server: round trips, versions, queries, records, blobs,
migrations and error translation. Behaviour must equal the memory store's (the reference)."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta

import attrs
import psycopg
import pytest

from supportkit import Actor, Conflict, FixedClock, Helpdesk, InvalidInput, NotFound, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres.schema import LATEST_VERSION
from supportkit.errors import StorageError
from supportkit.ports import Store, TicketQuery
from supportkit.tickets.status import TicketStatus

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="beta")
AGENT = Actor.support("agent-7", roles={"shift-manager"})


@pytest.fixture
def store() -> PostgresStore:
    return _pg.fresh_store()


def _desk(store: Store) -> Helpdesk:
    return Helpdesk(store, clock=FixedClock(T0))


def _history(desk: Helpdesk) -> None:
    """The same script for every store: replies, notes, attachments, severity, solve."""
    clock = desk.clock
    assert isinstance(clock, FixedClock)
    a = desk.open_ticket(ALICE, "Mail is down", "Since 09:00 no mail: MX timeout", severity=2,
                         category="mail", fields={"host": "mx1"},
                         attachments=[Upload("log.txt", b"x" * 100_000)])
    clock.advance(timedelta(minutes=5))
    desk.open_ticket(BOB, "Panel login", "Cannot log in", category="panel")
    desk.reply(a.id, AGENT, "Looking into the MX records now")
    desk.note(a.id, AGENT, "secretword internal only")
    clock.advance(timedelta(hours=1))
    desk.set_severity(a.id, AGENT, 1, reason="whole company affected")
    desk.set_eta(a.id, AGENT, T0 + timedelta(hours=6))
    desk.reply(a.id, ALICE, "Still down — über urgent")
    desk.solve(a.id, AGENT)


def test_same_history_gives_equal_snapshots_in_memory_and_postgres(store: PostgresStore) -> None:
    memory = MemoryStore()
    _history(_desk(memory))
    _history(_desk(store))
    mem, pg = _desk(memory).tickets(), _desk(store).tickets()
    assert [t.id for t in pg] == ["1", "2"]
    assert pg == mem
    assert pg[0].status is TicketStatus.SOLVED and pg[0].version == 7


def test_search_matches_memory_word_rules(store: PostgresStore) -> None:
    memory = MemoryStore()
    _history(_desk(memory))
    _history(_desk(store))
    # Every word must occur as a word of subject + public bodies, case-insensitively;
    # internal notes are not searched.
    for text in ["mail", "MAIL down", "über", "ÜBER URGENT", "mx", "records mx", "secretword",
                 "mai", "login panel", "login mail", "", "  ", "09", "—"]:
        expected = [t.id for t in _desk(memory).tickets(TicketQuery(text=text))]
        got = [t.id for t in _desk(store).tickets(TicketQuery(text=text))]
        assert got == expected, text
    assert [t.id for t in _desk(store).tickets(TicketQuery(text="über"))] == ["1"]
    assert _desk(store).tickets(TicketQuery(text="secretword")) == []


def test_filters_due_ranges_and_paging_match_memory(store: PostgresStore) -> None:
    memory = MemoryStore()
    for s in (memory, store):
        desk = _desk(s)
        for n in range(12):
            who = ALICE if n % 3 else BOB
            t = desk.open_ticket(who, f"ticket {n}", "body", category="mail" if n % 2 else None)
            desk.set_eta(t.id, AGENT, T0 + timedelta(hours=n))
            if n % 4 == 0:
                desk.solve(t.id, AGENT)
    queries = [
        TicketQuery(),
        TicketQuery(company="acme"),
        TicketQuery(requester="bob"),
        TicketQuery(category="mail", company="acme"),
        TicketQuery(statuses={TicketStatus.SOLVED}),
        TicketQuery(statuses=set()),
        TicketQuery(due="eta", due_before=T0 + timedelta(hours=5)),
        TicketQuery(due="eta", due_from=T0 + timedelta(hours=3),
                    due_before=T0 + timedelta(hours=7)),
        TicketQuery(due="first_response_due", due_before=T0 + timedelta(days=1)),
        TicketQuery(limit=3, after_id="4"),
        TicketQuery(limit=0),
        TicketQuery(after_id="x"),
        TicketQuery(company="acme", after_id="10", limit=5),
    ]
    for query in queries:
        expected = [t.id for t in _desk(memory).tickets(query)]
        assert [t.id for t in _desk(store).tickets(query)] == expected, query
    # Ids order numerically (10 after 9), not as text.
    assert [t.id for t in _desk(store).tickets(TicketQuery(after_id="8"))] == ["9", "10", "11",
                                                                                 "12"]


def test_unknown_deadline_and_naive_bounds_are_invalid_input(store: PostgresStore) -> None:
    with store.unit_of_work() as uow:
        with pytest.raises(InvalidInput, match="unknown deadline"):
            uow.tickets.query(TicketQuery(due="lunch", due_before=T0))
        with pytest.raises(InvalidInput):
            uow.tickets.query(TicketQuery(due="eta", due_before=datetime(2026, 1, 1)))  # noqa: DTZ001


def test_stale_save_is_conflict_and_writes_nothing(store: PostgresStore) -> None:
    t = _desk(store).open_ticket(ALICE, "Subject", "Body")
    newer = attrs.evolve(t, subject="changed", version=2)
    stale = attrs.evolve(t, subject="stale", version=2)
    with store.unit_of_work() as uow:
        uow.tickets.save(newer)
    with pytest.raises(Conflict, match="reload and retry"), store.unit_of_work() as uow:
        uow.tickets.save(stale)
    with pytest.raises(Conflict), store.unit_of_work() as uow:
        uow.tickets.add(attrs.evolve(t, version=1))
    with pytest.raises(NotFound), store.unit_of_work() as uow:
        uow.tickets.save(attrs.evolve(t, id="999", version=2))
    with pytest.raises(InvalidInput), store.unit_of_work() as uow:
        uow.tickets.add(attrs.evolve(t, id="77", version=3))
    assert _desk(store).get(t.id).subject == "changed"


def test_conflict_inside_a_unit_of_work_leaves_it_usable(store: PostgresStore) -> None:
    # Like the memory store, a refused add/save does not poison the transaction.
    t = _desk(store).open_ticket(ALICE, "Subject", "Body")
    with store.unit_of_work() as uow:
        with pytest.raises(Conflict):
            uow.tickets.add(t)
        uow.tickets.save(attrs.evolve(t, subject="after the conflict", version=2))
    assert _desk(store).get(t.id).subject == "after the conflict"


def test_unit_of_work_rolls_back_on_error(store: PostgresStore) -> None:
    t = _desk(store).open_ticket(ALICE, "Subject", "Body")
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.tickets.save(attrs.evolve(t, subject="lost", version=2))
        uow.records.put("contract", "c1", {"level": "x"})
        raise RuntimeError("boom")
    with store.unit_of_work() as uow:
        assert uow.tickets.get(t.id).subject == "Subject"
        with pytest.raises(NotFound):
            uow.records.get("contract", "c1")


def test_concurrent_replies_lose_nothing(store: PostgresStore) -> None:
    desk = _desk(store)
    t = desk.open_ticket(ALICE, "Subject", "Body")
    errors: list[BaseException] = []

    def reply(n: int) -> None:
        try:
            _desk(store).reply(t.id, AGENT, f"reply {n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    bodies = sorted(m.body for m in desk.get(t.id).messages[1:])
    assert bodies == sorted(f"reply {n}" for n in range(6))


def test_records_match_the_port(store: PostgresStore) -> None:
    with store.unit_of_work() as uow:
        uow.records.put(
            "contract", "c1", {"level": "premium", "n": [1, 2]}, keys={"company": "acme"}
        )
        uow.records.put("contract", "c2", {"level": "standard"}, keys={"company": "beta"})
        uow.records.put("account", "c1", {"other": True})
    with store.unit_of_work() as uow:
        assert uow.records.get("contract", "c1") == {"level": "premium", "n": [1, 2]}
        assert [rid for rid, _ in uow.records.find("contract", "company", "acme")] == ["c1"]
        uow.records.put("contract", "c1", {"level": "standard"}, keys={"company": "beta"})
        listed = uow.records.list("contract")
        assert [rid for _, rid, _ in listed] == ["c1", "c2"]  # seq kept on replace
        assert [r for r, _ in uow.records.find("contract", "company", "beta")] == ["c1", "c2"]
        assert uow.records.find("contract", "company", "acme") == []
        assert [rid for _, rid, _ in uow.records.list("contract", after_seq=listed[0][0])] == ["c2"]
        assert len(uow.records.list("contract", limit=1)) == 1
        assert uow.records.delete("contract", "c2") is True
        assert uow.records.delete("contract", "c2") is False
        with pytest.raises(NotFound):
            uow.records.get("contract", "c2")
    with store.unit_of_work() as uow:
        assert uow.records.get("account", "c1") == {"other": True}


def test_blobs_stream_dedupe_limit_and_delete(store: PostgresStore) -> None:
    blobs = store.blobs
    content = bytes(range(256)) * 1000  # several chunks
    first = blobs.put(io.BytesIO(content))
    again = blobs.put(content)
    assert first == again and first.size == len(content)
    assert blobs.open(first.sha256).read() == content
    reader = blobs.open(first.sha256)
    assert reader.read(10) == content[:10]
    assert list(blobs.iter_digests()) == [first.sha256]
    with pytest.raises(InvalidInput, match="limit"):
        blobs.put(b"y" * 1000, max_size=999)
    assert list(blobs.iter_digests()) == [first.sha256]  # nothing left behind
    assert blobs.delete(first.sha256) == len(content)
    assert blobs.delete(first.sha256) == 0
    assert not blobs.exists(first.sha256)
    with pytest.raises(NotFound):
        blobs.open(first.sha256)
    empty = blobs.put(b"")
    assert blobs.open(empty.sha256).read() == b""


def test_concurrent_opens_migrate_once() -> None:
    _pg.require_server()
    schema = _pg.random_schema("sk_migrate")
    applied: list[int] = []
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            with PostgresStore(_pg.DSN, schema=schema, max_size=1) as s:
                applied.append(s.migrate())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=open_store) for _ in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        assert applied == [0, 0, 0, 0]  # open migrated; the explicit call found nothing to do
        with psycopg.connect(_pg.DSN) as conn:
            rows = conn.execute(f"SELECT version FROM {schema}.schema_version").fetchall()
        assert rows == [(v,) for v in range(1, LATEST_VERSION + 1)]
    finally:
        _pg.drop_schema(schema)


def test_newer_or_missing_schema_is_storage_error() -> None:
    _pg.require_server()
    schema = _pg.random_schema("sk_version")
    try:
        with pytest.raises(StorageError, match=r"run PostgresStore\.migrate"):
            PostgresStore(_pg.DSN, schema=schema, migrate=False)
        PostgresStore(_pg.DSN, schema=schema).close()
        with psycopg.connect(_pg.DSN) as conn:
            conn.execute(f"INSERT INTO {schema}.schema_version (version) VALUES (999)")
        with pytest.raises(StorageError, match="newer than this supportkit") as info:
            PostgresStore(_pg.DSN, schema=schema)
        assert info.value.__cause__ is None or isinstance(info.value.__cause__, psycopg.Error)
    finally:
        _pg.drop_schema(schema)


def test_driver_errors_become_storage_errors_with_the_cause_chained() -> None:
    with pytest.raises(StorageError) as info:
        PostgresStore("postgresql://nobody@127.0.0.1:1/none", timeout=0.5)
    assert isinstance(info.value.__cause__, psycopg.Error)
    with pytest.raises(InvalidInput, match="schema name"):
        PostgresStore(_pg.DSN, schema="Robert'); DROP TABLE")


def test_text_postgres_cannot_hold_is_invalid_input(store: PostgresStore) -> None:
    with pytest.raises(InvalidInput), store.unit_of_work() as uow:
        uow.records.put("contract", "bad\x00id", {"a": 1})
