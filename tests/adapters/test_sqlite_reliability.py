"""The SQLite store under stress: concurrent processes, a killed writer, files it must refuse.

Refused files must give a clear ``StorageError`` (never a raw ``sqlite3`` error) and stay
byte-for-byte unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import attrs
import pytest

from supportkit import Actor, Helpdesk, Policy, StorageError
from supportkit.adapters.sqlite import SqliteStore, schema, store
from supportkit.ports import TicketQuery
from supportkit.testing.contract import make_ticket
from supportkit.tickets.head import advance
from supportkit.tickets.model import Event

ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
AGENT = Actor.support("agent-7")


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# -- concurrent writers -------------------------------------------------------------------

PROCESSES, REPLIES, TICKETS = 4, 25, 3


def append_replies(path: str, worker: int) -> None:
    desk = Helpdesk(SqliteStore(path), policy=Policy())
    for n in range(REPLIES):
        desk.reply(str(n % TICKETS + 1), AGENT, f"worker {worker} reply {n}")
    desk.store.close()


def test_four_processes_appending_replies_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "desk.db")
    setup = SqliteStore(path)
    desk = Helpdesk(setup, policy=Policy())
    for n in range(TICKETS):
        desk.open_ticket(Actor.customer("alice"), subject=f"shared {n}", body="go")
    setup.close()
    workers = [ctx.Process(target=append_replies, args=(path, w)) for w in range(PROCESSES)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    check = SqliteStore(path)
    try:
        desk = Helpdesk(check)
        tickets = [desk.get(t.id) for t in desk.tickets()]
        bodies = [m.body for t in tickets for m in t.messages[1:]]
        expected = [f"worker {w} reply {n}" for w in range(PROCESSES) for n in range(REPLIES)]
        assert sorted(bodies) == sorted(expected), "every reply is present exactly once"
        for ticket in tickets:
            assert ticket.version == len(ticket.events) == len(ticket.messages)
        assert sum(t.version for t in tickets) == TICKETS + PROCESSES * REPLIES
    finally:
        check.close()


def test_threads_sharing_one_store_lose_nothing(tmp_path: Path) -> None:
    shared = SqliteStore(tmp_path / "desk.db")
    desk = Helpdesk(shared, policy=Policy())
    ticket = desk.open_ticket(Actor.customer("alice"), subject="shared", body="go")

    def replies(worker: int) -> None:
        for n in range(20):
            desk.reply(ticket.id, AGENT, f"thread {worker} reply {n}")

    threads = [threading.Thread(target=replies, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        final = desk.get(ticket.id)
        assert final.version == 81 == len(final.messages)
        assert len({m.body for m in final.messages}) == 81
    finally:
        shared.close()


def test_connections_of_finished_threads_are_closed(tmp_path: Path) -> None:
    shared = SqliteStore(tmp_path / "desk.db")

    def read() -> None:
        with shared.unit_of_work(readonly=True) as uow:
            uow.tickets.query(TicketQuery())

    for _ in range(30):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    gc.collect()
    try:
        assert len(shared._held) <= 2, "one per live thread, not one per thread ever started"
    finally:
        shared.close()


# -- a writer killed mid-batch ------------------------------------------------------------

BATCH = 40


def write_batches(path: str, marker: str) -> None:
    desk_store = SqliteStore(path)
    for batch in range(1000):
        with desk_store.unit_of_work() as uow:
            for n in range(BATCH):
                uow.tickets.add(make_ticket(f"{batch}-{n}", subject=f"batch b{batch}"))
                if batch == 3 and n == BATCH // 2:
                    Path(marker).touch()
                    time.sleep(30)  # killed here, in the middle of batch 3
            if batch:
                first = uow.tickets.head("0-0", for_update=True)
                retitled = Event("retitled", first.updated_at, AGENT,
                                 {"subject": f"after b{batch}"})
                uow.tickets.append(
                    attrs.evolve(advance(first, retitled), version=first.version + 1),
                    [retitled])


def test_writer_killed_mid_batch_leaves_whole_batches(tmp_path: Path) -> None:
    path, marker = tmp_path / "desk.db", tmp_path / "mid-batch"
    SqliteStore(path).close()
    writer = ctx.Process(target=write_batches, args=(str(path), str(marker)))
    writer.start()
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert time.monotonic() < deadline and writer.is_alive(), "writer never reached batch 3"
        time.sleep(0.01)
    os.kill(writer.pid, signal.SIGKILL)  # type: ignore[arg-type]
    writer.join(10)
    assert writer.exitcode == -signal.SIGKILL

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    reopened = SqliteStore(path)
    try:
        with reopened.unit_of_work() as uow:
            tickets = uow.tickets.query(TicketQuery())
            per_batch: dict[str, int] = {}
            for ticket in tickets:
                per_batch[ticket.subject] = per_batch.get(ticket.subject, 0) + 1
            first = uow.tickets.get("0-0")
            assert first.subject == "after b2" and first.version == 3
            assert [len(uow.tickets.query(TicketQuery(text=f"b{b}"))) for b in range(5)] == [
                BATCH, BATCH + 1, BATCH + 1, 0, 0]  # "0-0" is found by every subject it had
        assert len(tickets) == 3 * BATCH, "batches 0-2 whole, batch 3 not at all"
        assert per_batch == {"after b2": 1, "batch b0": BATCH - 1, "batch b1": BATCH,
                             "batch b2": BATCH}
    finally:
        reopened.close()


# -- files the store must refuse, untouched ---------------------------------------------


def supportkit_file(path: Path) -> Path:
    s = SqliteStore(path)
    with s.unit_of_work() as uow:
        uow.tickets.add(make_ticket("1"))
    s.close()
    return path


def refused(path: Path | str, match: str) -> None:
    with pytest.raises(StorageError, match=match) as caught:
        s = SqliteStore(path)
        try:
            with s.unit_of_work() as uow:
                uow.tickets.query(TicketQuery())
        finally:
            s.close()
    assert isinstance(caught.value.__cause__, sqlite3.Error) or caught.value.__cause__ is None
    assert not isinstance(caught.value, sqlite3.Error)


@pytest.mark.parametrize("damage", ["random-bytes", "garbled-header", "text-file"])
def test_corrupt_file_is_refused_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "desk.db"
    if damage == "random-bytes":
        path.write_bytes(os.urandom(8192))
    elif damage == "text-file":
        path.write_text("id,subject\n1,Mail down\n")
    else:
        supportkit_file(path)
        data = bytearray(path.read_bytes())
        data[0:16] = b"NOT SQLITE AT AL"
        path.write_bytes(bytes(data))
    before = fingerprint(path)
    refused(path, "not a readable SQLite database")
    assert fingerprint(path) == before
    assert not Path(f"{path}.blobs").exists()


def test_corrupt_pages_give_storage_error_not_sqlite_error(tmp_path: Path) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):
        data[start : start + 64] = b"\xff" * 64  # smash every b-tree page header
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    with pytest.raises(StorageError):
        s = SqliteStore(path)
        try:
            with s.unit_of_work() as uow:
                uow.tickets.get("1")
        finally:
            s.close()
    assert fingerprint(path) == before


def test_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    raw.execute("INSERT INTO customers (name) VALUES ('acme')")
    raw.commit()
    raw.close()
    before = fingerprint(path)
    refused(path, "another application")
    assert fingerprint(path) == before


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    raw.close()
    before = fingerprint(path)
    refused(path, "newer")
    assert fingerprint(path) == before


def test_unopenable_path_is_refused(tmp_path: Path) -> None:
    refused(tmp_path / "missing-dir" / "desk.db", "cannot open")
    assert not (tmp_path / "missing-dir").exists()


def test_read_only_database_refuses_writes_untouched(tmp_path: Path) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    before = fingerprint(path)
    readonly = SqliteStore(f"file:{path}?mode=ro", blobs=None)
    try:
        with readonly.unit_of_work() as uow:
            assert uow.tickets.get("1").id == "1"
        with pytest.raises(StorageError, match="read-only"), readonly.unit_of_work() as uow:
            uow.tickets.add(make_ticket("2"))
    finally:
        readonly.close()
    assert fingerprint(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_permissions_refuse_writes_untouched(tmp_path: Path) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    before = fingerprint(path)
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StorageError):
            s = SqliteStore(path)
            try:
                with s.unit_of_work() as uow:
                    uow.tickets.add(make_ticket("2"))
            finally:
                s.close()
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
    assert fingerprint(path) == before


# -- migrations ---------------------------------------------------------------------------


def test_older_schema_is_migrated_forward_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    broken = [*schema.MIGRATIONS, ("CREATE TABLE extra (x INTEGER)", "NOT VALID SQL")]
    monkeypatch.setattr(store, "MIGRATIONS", broken)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StorageError):
        SqliteStore(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert raw.execute("SELECT name FROM sqlite_schema WHERE name = 'extra'").fetchall() == []
    raw.close()

    fixed = [*schema.MIGRATIONS, ("CREATE TABLE extra (x INTEGER)",)]
    monkeypatch.setattr(store, "MIGRATIONS", fixed)
    migrated = SqliteStore(path)
    try:
        with migrated.unit_of_work() as uow:
            assert uow.tickets.get("1").id == "1"
    finally:
        migrated.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(fixed)
    assert raw.execute("SELECT count(*) FROM extra").fetchone()[0] == 0
    raw.close()


def test_new_file_gets_wal_foreign_keys_and_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    SqliteStore(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert raw.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    raw.close()


# -- units of work ------------------------------------------------------------------------


def test_unit_of_work_misuse_is_refused_clearly(tmp_path: Path) -> None:
    s = SqliteStore(tmp_path / "desk.db")
    try:
        with s.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
        with pytest.raises(StorageError, match="not open"):
            uow.tickets.add(make_ticket("2"))  # after the block: refused, not autocommitted
        with s.unit_of_work() as outer:
            with pytest.raises(StorageError, match="one writer"), s.unit_of_work():
                pass
            with s.unit_of_work(readonly=True) as reader:
                assert reader.tickets.get("1").id == "1"
            outer.tickets.add(make_ticket("3"))
        with pytest.raises(StorageError, match="read-only"), \
                s.unit_of_work(readonly=True) as reader:
            reader.tickets.add(make_ticket("4"))
        with s.unit_of_work() as uow:
            assert [t.id for t in uow.tickets.query(TicketQuery())] == ["1", "3"]
    finally:
        s.close()
    with pytest.raises(StorageError, match="closed"):
        s.unit_of_work()


def test_damaged_head_json_is_a_storage_error(tmp_path: Path) -> None:
    path = supportkit_file(tmp_path / "desk.db")
    raw = sqlite3.connect(path)
    raw.execute("UPDATE ticket_heads SET data = '{not json'")
    raw.commit()
    raw.close()
    s = SqliteStore(path)
    try:
        with pytest.raises(StorageError, match="not readable JSON"), s.unit_of_work() as uow:
            uow.tickets.get("1")
    finally:
        s.close()
