"""A lost database connection: each branch of :mod:`supportkit.app.reconnect`, with a fake.

``FlakyStore`` wraps a :class:`MemoryStore` and fails the units of work it is told to, the
way the PostgreSQL store does (``ConnectionLost``): before COMMIT (rolled back, nothing
written), in doubt after the commit went through, in doubt with the commit lost. Real
killed backends are in ``tests/adapters/test_postgres_connection_loss.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, Self

import pytest

from supportkit import Actor, ConnectionLost, FixedClock, Helpdesk, Policy, Side, Ticket
from supportkit.adapters.memory import MemoryStore
from supportkit.ports import BlobStore, RecordRepository, TicketRepository, UnitOfWork
from supportkit.tickets.head import summary_of

Fault = Literal["before", "committed", "lost"]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice")


class _FlakyUnitOfWork:
    def __init__(self, inner: UnitOfWork, fault: Fault | None) -> None:
        self._inner = inner
        self._fault = fault

    @property
    def tickets(self) -> TicketRepository:
        return self._inner.tickets

    @property
    def records(self) -> RecordRepository:
        return self._inner.records

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None or self._fault is None:
            self._inner.__exit__(exc_type, exc, tb)
            return
        if self._fault == "committed":
            self._inner.__exit__(None, None, None)
        else:
            lost = ConnectionLost("fake: rolled back")
            self._inner.__exit__(ConnectionLost, lost, None)
        raise ConnectionLost(f"fake connection loss ({self._fault})",
                             in_doubt=self._fault != "before")


class FlakyStore:
    """A memory store whose next write (or read) units of work lose their connection."""

    def __init__(self) -> None:
        self.inner = MemoryStore()
        self.write_faults: list[Fault | None] = []
        self.read_faults: list[bool] = []
        self.writes = 0

    @property
    def blobs(self) -> BlobStore:
        return self.inner.blobs

    def unit_of_work(self, *, readonly: bool = False) -> UnitOfWork:
        inner = self.inner.unit_of_work(readonly=readonly)
        if readonly:
            if self.read_faults and self.read_faults.pop(0):
                return _FlakyUnitOfWork(inner, "before")
            return inner
        self.writes += 1
        fault = self.write_faults.pop(0) if self.write_faults else None
        return _FlakyUnitOfWork(inner, fault)


@pytest.fixture
def flaky() -> Iterator[tuple[FlakyStore, Helpdesk, Ticket]]:
    store = FlakyStore()
    desk = Helpdesk(store=store, policy=Policy(), clock=FixedClock(T0))
    ticket = desk.open_ticket(ALICE, subject="Mail bounces", body="since 9:00")
    store.writes = 0
    yield store, desk, ticket


def _replies(desk: Helpdesk, ticket_id: str) -> int:
    return sum(1 for e in desk.get(ticket_id).events if e.kind == "replied")


def test_lost_before_commit_runs_once_more(flaky: tuple[FlakyStore, Helpdesk, Ticket]) -> None:
    store, desk, ticket = flaky
    store.write_faults = ["before"]
    after = desk.reply(ticket.id, ALICE, "still bouncing")
    assert store.writes == 2
    assert after.version == ticket.version + 1
    assert _replies(desk, ticket.id) == 1


def test_in_doubt_and_committed_returns_the_change(
    flaky: tuple[FlakyStore, Helpdesk, Ticket],
) -> None:
    store, desk, ticket = flaky
    store.write_faults = ["committed"]
    after = desk.reply(ticket.id, ALICE, "still bouncing")
    assert store.writes == 1  # found written: not run again
    seen = desk.get(ticket.id, ALICE)
    assert after == summary_of(seen, side=Side.CUSTOMER)
    assert seen.events[-1].message is not None
    assert seen.events[-1].message.body == "still bouncing"
    assert _replies(desk, ticket.id) == 1


def test_in_doubt_and_not_committed_runs_once_more(
    flaky: tuple[FlakyStore, Helpdesk, Ticket],
) -> None:
    store, desk, ticket = flaky
    store.write_faults = ["lost"]
    after = desk.reply(ticket.id, ALICE, "still bouncing")
    assert store.writes == 2
    assert after.version == ticket.version + 1
    assert _replies(desk, ticket.id) == 1


def test_lost_twice_says_nothing_was_written(flaky: tuple[FlakyStore, Helpdesk, Ticket]) -> None:
    store, desk, ticket = flaky
    store.write_faults = ["before", "lost"]
    with pytest.raises(ConnectionLost, match="nothing was written") as caught:
        desk.solve(ticket.id, Actor.support("agent-7"))
    assert caught.value.in_doubt is False
    assert store.writes == 2
    assert desk.get(ticket.id) == ticket


def test_in_doubt_and_the_check_fails_says_how_to_find_out(
    flaky: tuple[FlakyStore, Helpdesk, Ticket],
) -> None:
    store, desk, ticket = flaky
    store.write_faults = ["committed"]
    store.read_faults = [True]
    with pytest.raises(ConnectionLost, match=r"may have been: read ticket 1") as caught:
        desk.reply(ticket.id, ALICE, "still bouncing")
    assert caught.value.in_doubt is True
    assert _replies(desk, ticket.id) == 1  # it was: the caller is told to look, not to repeat


@pytest.mark.parametrize("fault", ["before", "committed", "lost"])
def test_opening_lost_opens_exactly_one_ticket(fault: Fault) -> None:
    store = FlakyStore()
    desk = Helpdesk(store=store, policy=Policy(), clock=FixedClock(T0))
    store.write_faults = [fault]
    opened = desk.open_ticket(ALICE, subject="Mail bounces", body="since 9:00")
    assert [t.id for t in desk.tickets()] == [opened.id]
    assert opened == desk.get(opened.id, ALICE)
    assert store.writes == (1 if fault == "committed" else 2)


def test_opening_read_lost_is_read_again() -> None:
    store = FlakyStore()
    desk = Helpdesk(store=store, policy=Policy(), clock=FixedClock(T0))
    store.read_faults = [True]
    desk.open_ticket(ALICE, subject="Mail bounces", body="since 9:00")
    assert len(desk.tickets()) == 1
