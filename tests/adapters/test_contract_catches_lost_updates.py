"""The contract suite catches a store that loses updates: the memory store with its version
check removed (what a careless adapter does) fails the overlapping-transaction test, and the
real memory store passes it. Issue 14: such an adapter used to pass the whole suite."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from supportkit.adapters.memory import (
    MemoryStore,
    _Entry,
    _MemoryTickets,
    _MemoryUnitOfWork,
    _Pending,
)
from supportkit.testing.contract import StoreContract
from supportkit.tickets.head import TicketHead
from supportkit.tickets.model import Event


class _UncheckedTickets(_MemoryTickets):
    """Appends whatever it is given and commits without comparing versions."""

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        current = self.head(head.id)
        base = current.event_count
        self._pending[head.id] = _Pending(
            head, current.version, [*self._events(head.id, base), *events][base:],
            frozenset())

    def _commit(self) -> None:
        for tid, pending in self._pending.items():
            entry = self._store._tickets.get(tid)
            if entry is None:
                self._store._tickets[tid] = _Entry(pending.head, list(pending.events),
                                                   pending.words)
            else:  # the last writer wins, whatever it read
                entry.events[:] = [*entry.events[: pending.head.event_count
                                                  - len(pending.events)], *pending.events]
                entry.head = pending.head


class _LosingStore(MemoryStore):
    def unit_of_work(self, *, readonly: bool = False) -> _MemoryUnitOfWork:
        uow = _MemoryUnitOfWork(self, readonly=readonly)
        uow.tickets = _UncheckedTickets(self, uow)
        return uow


class _Contract(StoreContract):
    """The shipped suite, run by hand against one store."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def make_store(self, tmp_path: Path) -> MemoryStore:
        return self._store


def test_a_store_without_version_checks_fails_the_overlapping_writers_test() -> None:
    store = _LosingStore()
    with pytest.raises(AssertionError, match="lost update"):
        _Contract(store).test_overlapping_writers_never_lose_an_update(store)


def test_a_store_without_version_checks_fails_the_concurrent_saves_test() -> None:
    store = _LosingStore()
    with pytest.raises(AssertionError):
        _Contract(store).test_two_saves_before_either_commit_leave_exactly_one(store)


def test_the_memory_store_passes_both() -> None:
    for test in ("test_overlapping_writers_never_lose_an_update",
                 "test_two_saves_before_either_commit_leave_exactly_one"):
        store = MemoryStore()
        getattr(_Contract(store), test)(store)
