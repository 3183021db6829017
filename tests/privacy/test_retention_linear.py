"""Retention in linear time (issue 15): a purge drops its ticket's ``blob_ref`` records in
the unit of work of the purge, a collection reads one holder of shared content (not every
ticket that ever held it), and a run writes in a few units of work per batch, not one per
digest. Counted in operations, never in seconds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from retention_kit import AGENT, ALICE, BOB, RUN, clock, desk_at

from supportkit import Policy, RetentionPolicy, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app import blobs as blob_index
from supportkit.app.blobs import BLOB_REF, blob_ref_id
from supportkit.ports import Store

DAY = timedelta(days=1)
LOGO = b"company logo" * 40
STORES: dict[str, Callable[[Path], Store]] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda tmp: SqliteStore(tmp / "desk.db"),
}


def _closed_sharing_a_logo(store: Store, count: int, policy: Policy) -> str:
    """``count`` closed tickets, due by ``RUN``, each with the logo and its own log."""
    desk = desk_at(store, RUN - 120 * DAY, policy)
    logo = ""
    for n in range(count):
        ticket = desk.open_ticket(ALICE, subject=f"crash {n}", body="see the logo",
                                  attachments=[Upload("logo.png", LOGO),
                                               Upload("own.log", b"own %d" % n)])
        desk.close(ticket.id, AGENT)
        logo = ticket.messages[0].attachments[0].sha256
        clock(desk).advance(timedelta(minutes=1))
    return logo


def _refs(store: Store) -> list[str]:
    with store.unit_of_work(readonly=True) as uow:
        return sorted(rid for _, rid, _ in uow.records.list(BLOB_REF))


@pytest.mark.parametrize("kind", sorted(STORES))
def test_a_purge_drops_its_tickets_references_and_keeps_a_keepers(
    kind: str, tmp_path: Path
) -> None:
    store = STORES[kind](tmp_path)
    policy = Policy(retention=RetentionPolicy(batch_size=2))
    logo = _closed_sharing_a_logo(store, 3, policy)
    keeper = desk_at(store, RUN - DAY, policy).open_ticket(
        BOB, subject="logo again", body="open", attachments=[Upload("logo.png", LOGO)])
    report = desk_at(store, RUN, policy).run_retention()
    assert len(report.purged) == 3
    assert _refs(store) == [blob_ref_id(keeper.id, logo)]  # only the live holder is indexed
    assert report.blobs_deleted == 3  # the own logs; the logo stays with the keeper
    assert report.blobs_kept_shared == 3
    assert store.blobs.exists(logo)
    desk = desk_at(store, RUN, policy)
    desk.close(keeper.id, AGENT)
    clock(desk).advance(200 * DAY)
    again = desk.run_retention()
    assert again.purged == (keeper.id,)
    assert again.blobs_deleted == 1 and not store.blobs.exists(logo)
    assert _refs(store) == []


def _run_counting(store: Store, policy: Policy,
                  monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(holders read by collections, write units of work) of one retention run."""
    real_holding = blob_index.holding
    real_uow = store.unit_of_work
    counts = {"holders": 0, "writes": 0}

    def holding(uow: Any, sha256: str) -> Iterator[Any]:
        for ticket in real_holding(uow, sha256):
            counts["holders"] += 1
            yield ticket

    def unit_of_work(*args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("readonly", False):
            counts["writes"] += 1
        return real_uow(*args, **kwargs)

    monkeypatch.setattr(blob_index, "holding", holding)
    monkeypatch.setattr(store, "unit_of_work", unit_of_work)
    report = desk_at(store, RUN, policy).run_retention()
    monkeypatch.undo()
    assert report.blobs_deleted == len(report.purged) + 1  # own logs and the logo
    return counts["holders"], counts["writes"]


@pytest.mark.parametrize("kind", sorted(STORES))
def test_cost_per_ticket_stays_flat_as_sharers_grow(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = Policy(retention=RetentionPolicy(batch_size=4))
    costs = []
    for count in (12, 48):
        (tmp_path / str(count)).mkdir()
        store = STORES[kind](tmp_path / str(count))
        _closed_sharing_a_logo(store, count, policy)
        costs.append(_run_counting(store, policy, monkeypatch))
    (holders_small, writes_small), (holders_big, writes_big) = costs
    # 4x the tickets: 4x the holder reads and units of work (a batch's digests are
    # collected together), not 16x; one holder read per batch and shared digest.
    assert holders_big <= 4 * holders_small + 4
    assert holders_big <= 48 // 4 + 1
    assert writes_big <= 4 * writes_small + 4
    assert writes_big <= 2 * (48 // 4) + 4


def test_a_dry_run_reads_a_kept_digests_holders_once(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    policy = Policy(retention=RetentionPolicy(batch_size=4))
    _closed_sharing_a_logo(store, 10, policy)
    desk_at(store, RUN - DAY, policy).open_ticket(
        BOB, subject="logo again", body="open", attachments=[Upload("logo.png", LOGO)])
    real_holding = blob_index.holding
    reads = []

    def holding(uow: Any, sha256: str) -> Iterator[Any]:
        reads.append(sha256)
        return real_holding(uow, sha256)

    monkeypatch.setattr(blob_index, "holding", holding)
    monkeypatch.setattr("supportkit.app.retention.holding", holding)
    report = desk_at(store, RUN, policy).run_retention(dry_run=True)
    assert len(report.purged) == 10
    assert report.blobs_kept_shared == 10 and report.blobs_deleted == 10  # the own logs
    assert len(reads) == 10 + 1  # each own log, and the logo once
