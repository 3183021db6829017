"""The transaction part of the store contract: the nesting rule, read-only units of work,
overlapping writers and ``for_update`` (see the module docstring of :mod:`supportkit.ports`).

Concurrent cases run the second unit of work in another thread. Nothing waits without a
bound: every wait ends after :data:`TIMEOUT` seconds and the test then fails instead of
hanging. Whether a store makes a second writer wait (``serializes_writers``, SQLite) or lets
it run and answers ``Conflict`` (memory, PostgreSQL), an update is never lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from supportkit._extras import missing_extra

try:
    import pytest
except ImportError as exc:
    raise missing_extra("pytest", "test", "the supportkit contract suites") from exc

from supportkit.errors import Conflict, NotFound, StorageError
from supportkit.ports import (
    BulkTicketRepository,
    ClaimingRecordRepository,
    ClaimingTicketRepository,
    Store,
    TicketQuery,
    UnitOfWork,
)
from supportkit.testing.store_factory import (
    T0,
    StoreFactory,
    bump,
    in_thread,
    make_ticket,
    save,
)

__all__ = ["TIMEOUT", "TransactionContract"]

#: Seconds any wait of these tests may last before the test fails (a hang is a failure).
TIMEOUT = 30.0
#: How long a test lets a second writer run before checking that it is still waiting. A
#: correct store passes whatever the value; a store that does not make the writer wait is
#: caught as soon as the writer gets this far within it.
GRACE = 0.3


def _finished(thread: threading.Thread, out: list[Any]) -> Any:
    """The result of an :func:`in_thread` worker (its exception is returned, not raised)."""
    thread.join(TIMEOUT)
    assert not thread.is_alive(), f"the other unit of work did not end within {TIMEOUT} s"
    assert len(out) == 1, out
    return out[0]


def _raise_if_failed(result: Any) -> Any:
    if isinstance(result, BaseException):
        raise result
    return result


class TransactionContract(StoreFactory):
    """Units of work against each other: nesting, read-only, overlapping writers and
    ``get(..., for_update=True)`` on tickets and records."""

    def _one_ticket(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
            uow.records.put("counter", "existing", {"n": 0})

    # -- the nesting rule -------------------------------------------------------------------

    def test_a_write_unit_of_work_inside_a_write_one_is_refused(self, store: Store) -> None:
        with store.unit_of_work() as outer:
            outer.tickets.add(make_ticket("1"))
            with pytest.raises(StorageError), store.unit_of_work():
                pass
            outer.tickets.add(make_ticket("2"))  # the outer one is still usable
        with store.unit_of_work(readonly=True) as uow:
            assert [t.id for t in uow.tickets.query(TicketQuery())] == ["1", "2"]
        with pytest.raises(RuntimeError), store.unit_of_work():
            raise RuntimeError("the writer ends by raising")
        with store.unit_of_work() as uow:  # ended writers free the thread's write slot
            uow.tickets.add(make_ticket("3"))

    def test_a_nested_readonly_unit_of_work_sees_only_committed_data(
        self, store: Store
    ) -> None:
        self._one_ticket(store)
        with store.unit_of_work() as outer:
            save(outer, bump(outer.tickets.get("1"), subject="uncommitted"))
            outer.tickets.add(make_ticket("2"))
            outer.records.put("counter", "existing", {"n": 1})
            if not self.supports_nested_readonly:
                with pytest.raises(StorageError), store.unit_of_work(readonly=True):
                    pass
                return
            with store.unit_of_work(readonly=True) as inner:
                assert inner.tickets.get("1").version == 1
                with pytest.raises(NotFound):
                    inner.tickets.get("2")
                assert inner.records.get("counter", "existing") == {"n": 0}
        with store.unit_of_work(readonly=True) as uow, store.unit_of_work(readonly=True) as two:
            assert uow.tickets.get("1").subject == two.tickets.get("1").subject == "uncommitted"

    # -- read-only units of work ------------------------------------------------------------

    def test_a_readonly_unit_of_work_refuses_every_write(self, store: Store) -> None:
        self._one_ticket(store)
        with store.unit_of_work(readonly=True) as uow:
            ticket = uow.tickets.get("1")
            writes: list[tuple[str, Callable[[], object]]] = [
                ("next", uow.tickets.next_id),
                ("add", lambda: uow.tickets.add(make_ticket("2"))),
                ("append", lambda: save(uow, bump(ticket, subject="changed"))),
                ("for update", lambda: uow.tickets.head("1", for_update=True)),
                ("put", lambda: uow.records.put("counter", "existing", {"n": 9})),
                ("put", lambda: uow.records.put("counter", "new", {"n": 9})),
                ("delete", lambda: uow.records.delete("counter", "existing")),
                ("get", lambda: uow.records.get("counter", "existing", for_update=True)),
                ("get", lambda: uow.records.get("counter", "absent", for_update=True)),
            ]
            if isinstance(uow.tickets, BulkTicketRepository):
                bulk = uow.tickets
                writes.append(("add", lambda: bulk.add_many([make_ticket("3")])))
            if self.supports_claims:
                tickets, records = uow.tickets, uow.records
                assert isinstance(tickets, ClaimingTicketRepository)
                assert isinstance(records, ClaimingRecordRepository)
                writes.append(("claim", lambda: tickets.claim_due("retention_due", T0, limit=1)))
                writes.append(("claim", lambda: records.claim("outbox", "state", "p", limit=1)))
            for verb, write in writes:
                with pytest.raises(StorageError) as refused:
                    write()
                message = str(refused.value)
                assert "read-only" in message and verb in message, message
            assert uow.tickets.get("1") == ticket, "reads still work after refusals"
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.get("1") == ticket
            assert [t.id for t in uow.tickets.query(TicketQuery())] == ["1"]
            assert uow.records.get("counter", "existing") == {"n": 0}
            with pytest.raises(NotFound):
                uow.records.get("counter", "new")

    def test_readers_and_a_writer_do_not_wait_for_each_other(self, store: Store) -> None:
        if not self.concurrent_readers:
            pytest.skip("the store runs one unit of work at a time")
        self._one_ticket(store)

        def read() -> tuple[int, dict[str, Any]]:
            with store.unit_of_work(readonly=True) as uow:
                return uow.tickets.get("1").version, dict(uow.records.get("counter", "existing"))

        with store.unit_of_work() as writer:  # holds its locks while a reader runs
            save(writer, bump(writer.tickets.head("1", for_update=True)))
            writer.records.get("counter", "existing", for_update=True)
            writer.records.put("counter", "existing", {"n": 1})
            assert _raise_if_failed(_finished(*in_thread(read))) == (1, {"n": 0})
        reading = threading.Event()
        release = threading.Event()

        def long_read() -> int:
            with store.unit_of_work(readonly=True) as uow:
                version = uow.tickets.get("1").version
                reading.set()
                release.wait(TIMEOUT)
                return version

        reader = in_thread(long_read)
        assert reading.wait(TIMEOUT)

        def write() -> None:
            with store.unit_of_work() as uow:
                save(uow, bump(uow.tickets.head("1", for_update=True)))

        try:
            assert _finished(*in_thread(write)) is None, "the writer waited for the reader"
        finally:
            release.set()
        assert _raise_if_failed(_finished(*reader)) == 2
        assert read() == (3, {"n": 1})

    # -- overlapping writers without for_update ---------------------------------------------

    def test_overlapping_writers_never_lose_an_update(self, store: Store) -> None:
        """Two units of work read version 1; one commits its save, the other's save (or
        commit) is a ``Conflict`` — or, on a store that serializes writers, the other one
        waited and read the first one's commit."""
        self._one_ticket(store)
        b_read = threading.Event()
        a_committed = threading.Event()

        def writer_b() -> int:
            with store.unit_of_work() as uow:
                ticket = uow.tickets.get("1")
                b_read.set()
                a_committed.wait(TIMEOUT)
                save(uow, bump(ticket, subject="from b"))
                return ticket.version

        if self.serializes_writers:
            with store.unit_of_work() as uow:  # a holds the store: b waits to begin
                b = in_thread(writer_b)
                assert not b_read.wait(GRACE), "a second writer ran inside the first one"
                save(uow, bump(uow.tickets.get("1"), subject="from a"))
            a_committed.set()
            assert _raise_if_failed(_finished(*b)) == 2, "b read a's commit"
            expected = ("from b", 3)
        else:
            b = in_thread(writer_b)
            assert b_read.wait(TIMEOUT)
            with store.unit_of_work() as uow:
                save(uow, bump(uow.tickets.get("1"), subject="from a"))
            a_committed.set()
            outcome = _finished(*b)
            assert isinstance(outcome, Conflict), (
                f"b saved over a's commit from a stale read (got {outcome!r}): a lost update")
            expected = ("from a", 2)
        with store.unit_of_work(readonly=True) as uow:
            final = uow.tickets.get("1")
        assert (final.subject, final.version) == expected

    def test_two_saves_before_either_commit_leave_exactly_one(self, store: Store) -> None:
        """Both read version 1 and both save before either commits: exactly one of them
        ends in ``Conflict`` (at its save, which may first wait, or at its commit)."""
        if self.serializes_writers:
            pytest.skip("a second writer cannot begin while the first is open")
        self._one_ticket(store)
        a_read, b_saved, commit_b = threading.Event(), threading.Event(), threading.Event()

        def writer_a() -> str:
            with store.unit_of_work() as uow:
                ticket = uow.tickets.get("1")
                a_read.set()
                b_saved.wait(TIMEOUT)
                save(uow, bump(ticket, subject="from a"))  # may wait for b
            return "from a"

        def writer_b() -> str:
            with store.unit_of_work() as uow:
                ticket = uow.tickets.get("1")
                a_read.wait(TIMEOUT)
                save(uow, bump(ticket, subject="from b"))
                b_saved.set()
                commit_b.wait(TIMEOUT)
            return "from b"

        b = in_thread(writer_b)
        a = in_thread(writer_a)
        assert b_saved.wait(TIMEOUT)
        commit_b.set()
        outcomes = [_finished(*a), _finished(*b)]
        won = [o for o in outcomes if isinstance(o, str)]
        lost = [o for o in outcomes if isinstance(o, Conflict)]
        assert len(won) == 1 and len(lost) == 1, outcomes
        with store.unit_of_work(readonly=True) as uow:
            final = uow.tickets.get("1")
        assert (final.subject, final.version) == (won[0], 2)

    # -- for_update -------------------------------------------------------------------------

    def _second_holder_waits(
        self, store: Store, hold: Callable[[UnitOfWork], Any], write: Callable[[UnitOfWork], Any]
    ) -> Any:
        """The first unit of work holds with ``hold`` and writes with ``write``; a second one
        in another thread does the same and must not get past ``hold`` before the first
        commits. Returns what the second one's ``hold`` read."""
        got_it = threading.Event()

        def second() -> Any:
            with store.unit_of_work() as uow:
                seen = hold(uow)
                got_it.set()
                write(uow)
                return seen

        with store.unit_of_work() as uow:
            hold(uow)
            other = in_thread(second)
            assert not got_it.wait(GRACE), "the second writer got past for_update"
            write(uow)
        return _raise_if_failed(_finished(*other))

    def test_for_update_makes_the_next_writer_wait_for_the_commit(self, store: Store) -> None:
        self._one_ticket(store)

        def hold(uow: UnitOfWork) -> int:
            return uow.tickets.head("1", for_update=True).version

        def write(uow: UnitOfWork) -> None:
            ticket = uow.tickets.get("1")
            save(uow, bump(ticket, subject=f"{ticket.subject}+"))

        assert self._second_holder_waits(store, hold, write) == 2, "it read the commit"
        with store.unit_of_work(readonly=True) as uow:
            final = uow.tickets.get("1")
        assert (final.subject, final.version) == ("Mail delivery stopped++", 3)

    @pytest.mark.parametrize("record_id", ["existing", "absent"])
    def test_for_update_holds_a_record_even_before_it_exists(
        self, store: Store, record_id: str
    ) -> None:
        self._one_ticket(store)

        def hold(uow: UnitOfWork) -> int:
            try:
                return int(uow.records.get("counter", record_id, for_update=True)["n"])
            except NotFound:
                return -1

        def write(uow: UnitOfWork) -> None:
            try:
                n = int(uow.records.get("counter", record_id)["n"])
            except NotFound:
                n = 0
            uow.records.put("counter", record_id, {"n": n + 1})

        assert self._second_holder_waits(store, hold, write) == 1, "it read the commit"
        with store.unit_of_work(readonly=True) as uow:
            assert uow.records.get("counter", record_id) == {"n": 2}

    def test_for_update_counters_are_exact_under_contention(self, store: Store) -> None:
        """Four threads increment a ticket and a record ten times each: nothing is lost and
        nothing fails (the round-robin assignment's read-and-increment)."""
        self._one_ticket(store)

        def increment(times: int) -> None:
            for _ in range(times):
                with store.unit_of_work() as uow:
                    ticket = uow.tickets.head("1", for_update=True)
                    save(uow, bump(ticket))
                    try:
                        n = int(uow.records.get("counter", "rr", for_update=True)["n"])
                    except NotFound:
                        n = 0
                    uow.records.put("counter", "rr", {"n": n + 1})

        workers = [in_thread(lambda: increment(10)) for _ in range(4)]
        assert [_finished(*w) for w in workers] == [None] * 4
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.get("1").version == 41
            assert uow.records.get("counter", "rr") == {"n": 40}

    def test_two_holders_waiting_for_each_other_end_with_one_conflict(
        self, store: Store
    ) -> None:
        """A holds ticket 1 and asks for 2, B holds 2 and asks for 1: a deadlock. Exactly
        one of them gets ``Conflict`` (and rolls back); the other one then commits."""
        if self.serializes_writers:
            pytest.skip("a second writer cannot begin while the first is open")
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
            uow.tickets.add(make_ticket("2"))
        both_hold = threading.Barrier(2, timeout=TIMEOUT)

        def holder(mine: str, theirs: str) -> str:
            with store.unit_of_work() as uow:
                ticket = uow.tickets.head(mine, for_update=True)
                both_hold.wait()
                uow.tickets.head(theirs, for_update=True)
                save(uow, bump(ticket, subject=f"from the holder of {mine}"))
            return mine

        a = in_thread(lambda: holder("1", "2"))
        b = in_thread(lambda: holder("2", "1"))
        outcomes = [_finished(*a), _finished(*b)]
        won = [o for o in outcomes if isinstance(o, str)]
        assert len(won) == 1 and sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.get(won[0]).version == 2
