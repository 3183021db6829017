"""Four worker processes on one SQLite file: replies, escalations, notes, retention and
outbox senders at once on overlapping tickets lose nothing and do nothing twice. SQLite has
one writer, so a claim is simply the query inside the write unit of work (``BEGIN
IMMEDIATE``); the checks are those of the PostgreSQL run (``_workload``)."""

from __future__ import annotations

import multiprocessing
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportkit import StorageError
from supportkit.adapters.sqlite import SqliteStore

try:
    from . import _workload
except ImportError:
    import _workload  # type: ignore[no-redef]

WORKERS = 4


def test_four_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    path = str(tmp_path / "support.db")
    store = SqliteStore(path)
    try:
        ids = _workload.setup(store)
        ctx = multiprocessing.get_context("spawn")
        barrier, queue = ctx.Barrier(WORKERS), ctx.Queue()
        processes = [ctx.Process(target=_workload.run_worker,
                                 args=(n, "sqlite", path, ids, barrier, queue))
                     for n in range(WORKERS)]
        started = time.perf_counter()
        for process in processes:
            process.start()
        reported = dict(queue.get(timeout=120) for _ in range(WORKERS))
        for process in processes:
            process.join(timeout=30)
        print(f"{WORKERS} SQLite desk workers took {time.perf_counter() - started:.2f}s")
        failures = {n: r for n, r in reported.items() if isinstance(r, str)}
        assert failures == {}
        _workload.check(store, ids, [reported[n] for n in range(WORKERS)])
    finally:
        store.close()


def test_a_readonly_unit_of_work_cannot_claim(tmp_path: Path) -> None:
    """A claim is exclusive only because the unit of work holds the write lock."""
    store = SqliteStore(tmp_path / "support.db")
    try:
        with store.unit_of_work(readonly=True) as uow:
            with pytest.raises(StorageError, match="readonly"):
                uow.tickets.claim_due("retention_due", datetime.now(UTC), limit=1)
            with pytest.raises(StorageError, match="readonly"):
                uow.records.claim("outbox", "state", "pending", limit=1)
    finally:
        store.close()
