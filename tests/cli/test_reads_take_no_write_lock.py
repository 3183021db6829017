"""A reading command never waits for SQLite's write lock (issue 14: reads use read-only
transactions). The command line reads the desk's preset before every command; that read
took the write lock, so ``list`` or ``show`` waited out a retention run or an import
holding it (30 s) and then failed with "database is locked"."""

from __future__ import annotations

import threading
from collections.abc import Callable

from conftest import Run
from supportkit.adapters.sqlite import SqliteStore


def test_list_and_show_run_while_another_writer_holds_the_lock(
    sk: Run, new_desk: Callable[[str], str]
) -> None:
    path = new_desk("default")
    code, _, err = sk("--db", path, "open", "--as", "customer:alice@acme", "--subject",
                      "Mail down", "--body", "Since 9:00")
    assert code == 0, err
    holding, done = threading.Event(), threading.Event()

    def writer() -> None:
        store = SqliteStore(path)
        try:
            with store.unit_of_work() as uow:
                uow.records.put("audit", "hold", {"by": "a long import"})
                holding.set()
                done.wait(timeout=60)
        finally:
            store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(timeout=30), "the writer never began"
        listed = sk("--db", path, "list")
        shown = sk("--db", path, "show", "1")
    finally:
        done.set()
        thread.join(timeout=60)
    assert listed[0] == 0 and "Mail down" in listed[1], listed
    assert shown[0] == 0 and "Mail down" in shown[1], shown
