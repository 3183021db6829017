"""Retention with several workers, interleaved deterministically on one store.

"several workers on several machines can share the work without doing anything twice"
(issue 10). Worker B runs a whole retention run at the worst moments of worker A's run:
while A holds the pending-deletion record of content both their tickets share (before and
after A looked for holders), and while A holds claimed tickets. Each due ticket must be
purged exactly once, shared content deleted once its last reference is purged, and no
pending record left behind. Also: tickets found not due on re-check never stall the
claim loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from retention_kit import AGENT, ALICE, BOB, RUN, clock, desk_at

from supportkit import Helpdesk, Policy, RetentionPolicy, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.app import blobs as blob_index
from supportkit.app import retention as purge
from supportkit.ports import Store, TicketQuery

DAY = timedelta(days=1)
SHARED = b"core dump both tickets attached" * 20


def _two_due_sharing(store: Store, policy: Policy) -> tuple[str, str, str]:
    """Two tickets due at different instants that share one attachment; its digest."""
    desk = desk_at(store, RUN - 120 * DAY, policy)
    first = desk.open_ticket(ALICE, subject="crash", body="dump",
                             attachments=[Upload("core", SHARED), Upload("a.log", b"a")])
    desk.close(first.id, AGENT)
    clock(desk).advance(DAY)
    second = desk.open_ticket(BOB, subject="crash too", body="same dump",
                              attachments=[Upload("core", SHARED), Upload("b.log", b"b")])
    desk.close(second.id, AGENT)
    return first.id, second.id, first.messages[0].attachments[0].sha256


def _in_thread(run: Callable[[], Any]) -> Any:
    """Run the other worker in its own thread (a store refuses a write unit of work nested
    in another of the same thread), waiting for it as a second process would be."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result(timeout=60)


def _purges(store: Store) -> dict[str, int]:
    with store.unit_of_work() as uow:
        return {t.id: sum(e.kind == purge.PURGED for e in uow.tickets.get(t.id).events)
                for t in uow.tickets.query(TicketQuery())}


def _pending(store: Store) -> list[str]:
    with store.unit_of_work() as uow:
        return [rid for _, rid, _ in uow.records.list(purge.PENDING)]


@pytest.mark.parametrize("moment", ["before_holder_check", "after_holder_check"])
def test_another_worker_purges_a_sharer_while_one_holds_the_pending_record(
    moment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = MemoryStore()
    policy = Policy(retention=RetentionPolicy(batch_size=1))  # A purges one ticket first
    first, second, shared = _two_due_sharing(store, policy)
    worker_a = desk_at(store, RUN, policy)
    worker_b = desk_at(store, RUN, policy)
    real = blob_index.holding  # the collector's holder check (under the lease slot)
    b_reports: list[Any] = []

    started: list[bool] = []

    def holding(uow: Any, sha256: str) -> Iterator[Any]:
        if sha256 != shared or started:
            return real(uow, sha256)
        started.append(True)
        if moment == "before_holder_check":
            b_reports.append(_in_thread(worker_b.run_retention))
            return real(uow, sha256)
        found = list(real(uow, sha256))  # A sees the other ticket still holding it
        b_reports.append(_in_thread(worker_b.run_retention))
        return iter(found)

    monkeypatch.setattr(blob_index, "holding", holding)
    a_report = worker_a.run_retention()
    assert len(b_reports) == 1, "B ran while A held the shared digest's pending record"
    assert sorted(a_report.purged + b_reports[0].purged) == sorted([first, second])
    assert _purges(store) == {first: 1, second: 1}
    assert not store.blobs.exists(shared), "the last reference is purged: content goes"
    assert _pending(store) == []
    assert list(store.blobs.iter_digests()) == []


def test_a_worker_holding_claimed_tickets_makes_the_other_skip_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryStore()
    policy = Policy(retention=RetentionPolicy(batch_size=2))
    desk = desk_at(store, RUN - 120 * DAY, policy)
    ids = []
    for n in range(6):
        t = desk.open_ticket(ALICE, subject=f"t{n}", body="log",
                             attachments=[Upload("shared.log", SHARED),
                                          Upload(f"{n}.log", f"own {n}".encode())])
        ids.append(desk.close(t.id, AGENT).id)
        clock(desk).advance(timedelta(hours=1))
    worker_a = desk_at(store, RUN, policy)
    worker_b = desk_at(store, RUN, policy)
    real = purge._purge_of
    b_reports: list[Any] = []

    started: list[bool] = []

    def purge_of(ticket: Any, *args: Any) -> Any:
        if not started:  # A holds its first claimed batch right now
            started.append(True)
            b_reports.append(_in_thread(worker_b.run_retention))
        return real(ticket, *args)

    monkeypatch.setattr(purge, "_purge_of", purge_of)
    a_report = worker_a.run_retention()
    b_report = b_reports[0]
    assert a_report.purged and b_report.purged
    assert not set(a_report.purged) & set(b_report.purged), "a ticket purged twice"
    assert sorted(a_report.purged + b_report.purged) == sorted(ids)
    assert set(_purges(store).values()) == {1}
    assert _pending(store) == [] and list(store.blobs.iter_digests()) == []


def test_tickets_not_due_on_recheck_do_not_stall_the_claims() -> None:
    """Stored deadlines follow the policy in force when a ticket last changed: after
    lengthening ``keep`` tickets are listed as due but are not. The run skips them (even
    many at one instant, with tiny batches) and still purges every really due ticket."""
    store = MemoryStore()
    short = Policy(retention=RetentionPolicy(keep=timedelta(days=30), batch_size=1))
    desk = desk_at(store, RUN - 100 * DAY, short)
    stale = []
    for n in range(4):  # closed 60 days before the run at one instant: same deadline
        t = desk.open_ticket(ALICE, subject=f"s{n}", body="x",
                             attachments=[Upload(f"s{n}", f"stale {n}".encode())])
        stale.append(t.id)
    clock(desk).set(RUN - 60 * DAY)
    for tid in stale:
        desk.close(tid, AGENT)
    long = Policy(retention=RetentionPolicy(keep=timedelta(days=70), batch_size=1))
    desk = desk_at(store, RUN - 120 * DAY, long)
    due = []
    for n in range(3):  # closed 120 days before the run: due under both policies
        t = desk.open_ticket(BOB, subject=f"d{n}", body="x",
                             attachments=[Upload(f"d{n}", f"due {n}".encode())])
        due.append(desk.close(t.id, AGENT).id)
    clock(desk).set(RUN - 90 * DAY)
    later = desk.open_ticket(BOB, subject="late", body="x",
                             attachments=[Upload("late", b"late")])
    due.append(desk.close(later.id, AGENT).id)  # stored due RUN - 20 days, after the stale
    # Now keep is 70 days (longer than the 30 the stale tickets were stored with).
    worker = Helpdesk(store, long, desk_at(store, RUN).clock)
    report = worker.run_retention()
    assert report.purged == tuple(due)
    assert sorted(report.skipped) == sorted(stale)
    again = worker.run_retention()
    assert again.purged == () and sorted(again.skipped) == sorted(stale)
    with store.unit_of_work() as uow:
        assert all(uow.tickets.get(t).retention_due is not None for t in stale)
