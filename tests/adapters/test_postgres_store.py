"""What the shared contract suite does not cover for PostgreSQL: whole Helpdesk histories
equal to the memory store's, transactions after a refused write, threads racing on one
ticket, migrations from several processes, error translation, the lazy transaction, text
PostgreSQL cannot hold, and attachments in files instead of tables."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import psycopg
import pytest

from supportkit import Actor, Conflict, FixedClock, Helpdesk, InvalidInput, Upload
from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.postgres import PostgresStore
from supportkit.adapters.postgres.schema import LATEST_VERSION
from supportkit.errors import StorageError
from supportkit.ports import Store, TicketQuery
from supportkit.testing.contract import make_ticket
from supportkit.tickets.head import TicketHead
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


def _changed(store: PostgresStore, ticket_id: str, **changes: object) -> TicketHead:
    """The stored head of ``ticket_id`` with ``changes`` and the next version."""
    with store.unit_of_work(readonly=True) as uow:
        head = uow.tickets.head(ticket_id)
    return attrs.evolve(head, version=head.version + 1, **changes)


def _subject(store: PostgresStore, ticket_id: str) -> str:
    with store.unit_of_work(readonly=True) as uow:
        return uow.tickets.get(ticket_id).subject


def test_conflict_inside_a_unit_of_work_leaves_it_usable(store: PostgresStore) -> None:
    # Like the memory store, a refused add/append does not poison the transaction.
    t = make_ticket("1", subject="Subject")
    with store.unit_of_work() as uow:
        uow.tickets.add(t)
    with store.unit_of_work() as uow:
        with pytest.raises(Conflict):
            uow.tickets.add(t)
        uow.tickets.append(_changed(store, t.id, subject="after the conflict"), [])
    assert _subject(store, t.id) == "after the conflict"


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


def test_nul_characters_survive_the_jsonb_snapshot(store: PostgresStore) -> None:
    # jsonb cannot hold U+0000; the adapter escapes it and gives back the same text. (The
    # desk refuses NUL at its edge, identically on every store; a ticket written by an older
    # release or another program may still hold one, so the adapter keeps handling it.)
    t = make_ticket("1", subject="nul \x00 in subject", body="body \x00\ue000 end",
                    replies=["\ue000\x00"])
    with store.unit_of_work() as uow:
        uow.tickets.add(t)
    again = _desk(store).get(t.id)
    assert again.subject == "nul \x00 in subject"
    assert [m.body for m in again.messages] == ["body \x00\ue000 end", "\ue000\x00"]
    with store.unit_of_work() as uow:
        uow.records.put("outbox", "m1", {"body": "a\x00b"}, keys={"to": "x\x00y"})
    with store.unit_of_work() as uow:
        assert uow.records.get("outbox", "m1") == {"body": "a\x00b"}
        assert [rid for rid, _ in uow.records.find("outbox", "to", "x\x00y")] == ["m1"]
        assert uow.records.find("outbox", "to", "x") == []


def test_read_only_units_of_work_open_no_transaction(store: PostgresStore) -> None:
    t = make_ticket("1", subject="Subject")
    with store.unit_of_work() as uow:
        uow.tickets.add(t)
    with store.unit_of_work() as uow:
        uow.tickets.get(t.id)
        uow.tickets.head(t.id)
        uow.tickets.query(TicketQuery(company="acme"))
        assert uow._tx is not None and not uow._tx.begun
        uow.tickets.append(_changed(store, t.id, subject="changed"), [])
        assert uow._tx.begun
        assert uow.tickets.get(t.id).subject == "changed"  # reads see the own write


def test_swallowed_database_error_rolls_back_instead_of_committing(
    store: PostgresStore,
) -> None:
    t = make_ticket("1", subject="Subject")
    with store.unit_of_work() as uow:
        uow.tickets.add(t)
    with pytest.raises(StorageError, match="rolled back"), store.unit_of_work() as uow:
        uow.tickets.append(_changed(store, t.id, subject="never stored"), [])
        with contextlib.suppress(psycopg.Error):  # a caller that swallows a failure
            uow._tx.writing().execute("SELECT 1/0")  # type: ignore[union-attr]
    assert _subject(store, t.id) == "Subject"


def test_a_path_for_blobs_keeps_attachments_in_files(tmp_path: Path) -> None:
    _pg.require_server()
    schema = _pg.session_schema()
    _pg.reset(schema)
    with PostgresStore(_pg.DSN, schema=schema, blobs=tmp_path / "blobs") as store:
        assert isinstance(store.blobs, FileBlobStore)
        t = _desk(store).open_ticket(ALICE, "S", "B", attachments=[Upload("a.txt", b"abc")])
        sha = t.messages[0].attachments[0].sha256
        with store.blobs.open(sha) as handle:
            assert handle.read() == b"abc"
        assert any(p.is_file() for p in (tmp_path / "blobs").rglob("*"))


def test_repositories_refuse_use_after_their_unit_of_work(store: PostgresStore) -> None:
    with store.unit_of_work() as uow:
        tickets = uow.tickets
    with pytest.raises(StorageError, match="has ended"):
        tickets.get("1")
    with pytest.raises(StorageError, match="context manager"):
        store.unit_of_work().tickets.get("1")


def test_unserialisable_or_unreadable_data(store: PostgresStore) -> None:
    with pytest.raises(InvalidInput, match="JSON"), store.unit_of_work() as uow:
        uow.records.put("contract", "c1", {"when": object()})
    t = make_ticket("1")
    with store.unit_of_work() as uow:
        uow.tickets.add(t)
    with psycopg.connect(_pg.DSN, autocommit=True) as conn:
        conn.execute(
            f"UPDATE {store.schema}.ticket_heads SET head = '{{\"id\": 1}}' WHERE id = %s",
            (t.id,),
        )
    with pytest.raises(StorageError, match="cannot be read"), \
            store.unit_of_work(readonly=True) as uow:
        uow.tickets.get(t.id)


def test_version_1_schema_gets_filter_and_deadline_indexes_in_id_order() -> None:
    """Migration 2 rebuilds each filter and deadline index as (column, id_num, id) on a
    schema that a supportkit with only migration 1 created, and keeps its tickets
    queryable; every column the reference semantics filter on has its index."""
    from psycopg import sql

    from supportkit.adapters.postgres._json import encode
    from supportkit.adapters.postgres.schema import MIGRATIONS
    from supportkit.adapters.reference import DEADLINE_COLUMNS, FILTER_COLUMNS
    from supportkit.serialization import unstructure
    from supportkit.testing.contract import make_ticket

    _pg.require_server()
    schema = _pg.random_schema("sk_migrate2")
    s = sql.Identifier(schema)
    try:
        with psycopg.connect(_pg.DSN, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(s))
            conn.execute(sql.SQL("CREATE TABLE {}.schema_version (version integer PRIMARY KEY, "
                                 "applied_at timestamptz NOT NULL DEFAULT now())").format(s))
            for statement in MIGRATIONS[0][1]:
                conn.execute(sql.SQL(statement).format(s=s))  # type: ignore[arg-type]
            conn.execute(sql.SQL("INSERT INTO {}.schema_version VALUES (1)").format(s))
            due = T0 + timedelta(hours=1)
            ticket = make_ticket("1", deadlines={"first_response_due": due})
            # The row as version 1 wrote it: columns, word array, whole snapshot.
            values = ("1", 1, 1, "open", "alice", "acme", None, None, None, due,
                      None, None, None, None, None, ["08", "30", "delivery", "mail"])
            conn.execute(sql.SQL("INSERT INTO {}.tickets VALUES ({})").format(
                s, sql.SQL(", ").join([sql.Placeholder()] * len(values))), values)
            conn.execute(sql.SQL("INSERT INTO {}.ticket_snapshots VALUES (%s, %s)").format(s),
                         (ticket.id, encode(unstructure(ticket))))
        with PostgresStore(_pg.DSN, schema=schema) as store:
            with store.unit_of_work() as uow:
                found = uow.tickets.query(TicketQuery(due="first_response_due",
                                                      due_before=due + timedelta(1)))
            assert [t.id for t in found] == ["1"]
        with psycopg.connect(_pg.DSN) as conn:
            definitions = dict(conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
                (schema,)).fetchall())
            versions = conn.execute(sql.SQL("SELECT version FROM {}.schema_version "
                                            "ORDER BY version").format(s)).fetchall()
        assert versions == [(v,) for v in range(1, LATEST_VERSION + 1)]
        for col in DEADLINE_COLUMNS:
            assert f'({col}, id_num, id COLLATE "C") WHERE ({col} IS NOT NULL)' in \
                definitions[f"tickets_{col}"]
        for col in (c.name for c in FILTER_COLUMNS):
            assert definitions[f"tickets_{col}"].endswith(f'({col}, id_num, id COLLATE "C")')
    finally:
        _pg.drop_schema(schema)
