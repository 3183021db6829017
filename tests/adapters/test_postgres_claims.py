"""Work-queue claims (optional port): a ticket or record held by one live unit of work is
never handed to another. PostgreSQL uses ``FOR UPDATE SKIP LOCKED``; the memory store keeps
a claim table. Both run the same tests. The second worker runs in another thread: two
write units of work in one thread are refused (the nesting rule of ``supportkit.ports``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from supportkit import InvalidInput
from supportkit.adapters.memory import MemoryStore
from supportkit.ports import ClaimingRecordRepository, ClaimingTicketRepository, Store, UnitOfWork
from supportkit.testing.contract import make_ticket

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STORES: dict[str, Callable[[], Store]] = {"memory": MemoryStore, "postgres": _pg.fresh_store}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest) -> Store:
    return STORES[request.param]()


def _in_other_thread(store: Store, work: Callable[[UnitOfWork], list[str]]) -> list[str]:
    """``work`` run in its own unit of work on another thread (another worker)."""
    out: list[list[str] | BaseException] = []

    def run() -> None:
        try:
            with store.unit_of_work() as uow:
                out.append(work(uow))
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert len(out) == 1 and isinstance(out[0], list), out
    return out[0]


def _due_tickets(store: Store, hours: list[int]) -> list[str]:
    """Add one ticket per entry, due for retention ``hours`` after T0."""
    ids = []
    with store.unit_of_work() as uow:
        for n, h in enumerate(hours, 1):
            uow.tickets.add(make_ticket(str(n), subject=f"due in {h}h", at=T0,
                                        deadlines={"retention_due": T0 + timedelta(hours=h)}))
            ids.append(str(n))
    return ids


def test_claims_skip_tickets_another_unit_of_work_holds(store: Store) -> None:
    ids = _due_tickets(store, [5, 1, 3, 2, 4, 100])
    before = T0 + timedelta(hours=10)

    def other(second: UnitOfWork) -> list[str]:
        assert isinstance(second.tickets, ClaimingTicketRepository)
        return [t.id for t in second.tickets.claim_due("retention_due", before, limit=10)]

    with store.unit_of_work() as first:
        assert isinstance(first.tickets, ClaimingTicketRepository)
        mine = first.tickets.claim_due("retention_due", before, limit=2)
        # Earliest deadline first.
        assert [t.id for t in mine] == [ids[1], ids[3]]
        theirs = _in_other_thread(store, other)
        assert theirs == [ids[2], ids[4], ids[0]]  # the 100h one is not due
    # Claims end with their unit of work: nothing was changed, so all five are due again.
    with store.unit_of_work() as uow:
        assert isinstance(uow.tickets, ClaimingTicketRepository)
        again = uow.tickets.claim_due("retention_due", before, limit=10)
        assert len(again) == 5
        # A unit of work's own claims do not hide tickets from itself.
        window = uow.tickets.claim_due(
            "retention_due", before, limit=10, due_from=T0 + timedelta(hours=3)
        )
        assert [t.id for t in window] == [ids[2], ids[4], ids[0]]
        assert uow.tickets.claim_due("retention_due", before, limit=0) == []


def test_a_worker_that_clears_the_deadline_takes_the_ticket_off_the_queue(store: Store) -> None:
    _due_tickets(store, [1, 2, 3])
    before = T0 + timedelta(hours=10)
    with store.unit_of_work() as uow:
        assert isinstance(uow.tickets, ClaimingTicketRepository)
        for t in uow.tickets.claim_due("retention_due", before, limit=2):
            uow.tickets.append(attrs.evolve(t, retention_due=None, version=t.version + 1), [])
    with store.unit_of_work() as uow:
        assert isinstance(uow.tickets, ClaimingTicketRepository)
        assert [t.subject for t in uow.tickets.claim_due("retention_due", before, limit=5)] == [
            "due in 3h"
        ]


def test_claim_arguments_are_checked(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert isinstance(uow.tickets, ClaimingTicketRepository)
        with pytest.raises(InvalidInput, match="unknown deadline"):
            uow.tickets.claim_due("lunch", T0, limit=1)
        with pytest.raises(InvalidInput):
            uow.tickets.claim_due("eta", datetime(2026, 1, 1), limit=1)  # noqa: DTZ001
        assert isinstance(uow.records, ClaimingRecordRepository)
        with pytest.raises(InvalidInput):
            uow.records.claim("outbox", "state", "pending", limit=-1)


def test_outbox_records_are_claimed_once(store: Store) -> None:
    with store.unit_of_work() as uow:
        for n in range(5):
            uow.records.put("outbox", f"m{n}", {"to": f"user{n}"}, keys={"state": "pending"})
        uow.records.put("outbox", "sent-before", {"to": "x"}, keys={"state": "sent"})

    def other(second: UnitOfWork) -> list[str]:
        assert isinstance(second.records, ClaimingRecordRepository)
        return [rid for _, rid, _ in second.records.claim("outbox", "state", "pending", limit=3)]

    with store.unit_of_work() as first:
        assert isinstance(first.records, ClaimingRecordRepository)
        mine = first.records.claim("outbox", "state", "pending", limit=3)
        assert [rid for _, rid, _ in mine] == ["m0", "m1", "m2"]
        assert mine[0][2] == {"to": "user0"}
        for _, rid, data in mine:
            first.records.put("outbox", rid, data, keys={"state": "sent"})
        assert _in_other_thread(store, other) == ["m3", "m4"]
    with store.unit_of_work() as uow:
        assert isinstance(uow.records, ClaimingRecordRepository)
        # second ended without marking its records sent: they are pending again.
        assert [rid for _, rid, _ in uow.records.claim("outbox", "state", "pending", limit=9)] == [
            "m3",
            "m4",
        ]
