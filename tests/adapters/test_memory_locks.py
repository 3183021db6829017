"""The memory store's keyed locks: a second holder waits, a deadlock is refused at once with
Conflict (as PostgreSQL's deadlock detector does), a wait past the timeout is StorageError,
and a unit of work's locks end with it."""

from __future__ import annotations

import threading

import pytest

from supportkit import Conflict, NotFound, StorageError
from supportkit.adapters._memory_locks import KeyLocks
from supportkit.adapters.memory import MemoryStore
from supportkit.testing.contract import make_ticket

T1, T2 = ("ticket", "1"), ("ticket", "2")


def _until_waiting(locks: KeyLocks, owner: object) -> None:
    """Block until ``owner`` waits for a key (bounded)."""
    for _ in range(3000):
        with locks._cond:
            if owner in locks._waiting:
                return
        threading.Event().wait(0.01)
    raise AssertionError("the other owner never started waiting")


def test_a_deadlock_is_refused_with_conflict_instead_of_waiting() -> None:
    locks = KeyLocks(timeout=30)
    a, b = object(), object()
    locks.hold(T1, a, "ticket 1")
    locks.hold(T2, b, "ticket 2")
    out: list[BaseException | None] = []

    def a_wants_t2() -> None:
        try:
            locks.hold(T2, a, "ticket 2")
            out.append(None)
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=a_wants_t2, daemon=True)
    thread.start()
    _until_waiting(locks, a)
    with pytest.raises(Conflict, match="deadlock"):
        locks.hold(T1, b, "ticket 1")  # b would wait for a, which waits for b
    locks.release(b)  # b gives up (its unit of work rolls back): a gets T2
    thread.join(30)
    assert out == [None]


def test_waiting_past_the_timeout_is_a_storage_error() -> None:
    locks = KeyLocks(timeout=0.01)
    locks.hold(T1, "a", "ticket 1")
    with pytest.raises(StorageError, match=r"ticket 1 stayed held"):
        locks.hold(T1, "b", "ticket 1")
    assert locks.try_hold(T1, "a") and not locks.try_hold(T1, "b")
    locks.release("a")
    assert locks.try_hold(T1, "b")


def test_a_units_of_work_locks_end_with_it_commit_or_rollback() -> None:
    store = MemoryStore(timeout=0.01)
    with store.unit_of_work() as uow:
        uow.tickets.add(make_ticket("1"))
    with store.unit_of_work() as uow:
        uow.tickets.head("1", for_update=True)
        with pytest.raises(NotFound):
            uow.records.get("counter", "rr", for_update=True)  # absent, but now held
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.tickets.head("1", for_update=True)
        raise RuntimeError("roll back")
    with store.unit_of_work() as uow:  # nothing left held: no wait, no timeout
        uow.tickets.head("1", for_update=True)
    assert store._locks._holders == {}
