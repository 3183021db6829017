"""The contract suite catches a store that loses updates: the memory store with its version
check removed (what a careless adapter does) fails the overlapping-transaction test, and the
real memory store passes it. Issue 14: such an adapter used to pass the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportkit.adapters.memory import MemoryStore, _MemoryTickets, _MemoryUnitOfWork
from supportkit.testing.contract import StoreContract
from supportkit.tickets.model import Ticket


class _UncheckedTickets(_MemoryTickets):
    """Saves whatever it is given and commits without comparing versions."""

    def save(self, ticket: Ticket) -> None:
        self.get(ticket.id)
        self._pending[ticket.id] = ticket

    def _commit(self) -> None:
        self._store._tickets.update(self._pending)


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
