"""A retention batch recorded in one go (``record_many``, the bulk ports) leaves exactly
what recording each purge on its own (``record``, one call per record) leaves: tickets,
``blob_ref`` index, outbox entries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from retention_kit import AGENT, ALICE, BOB, RUN, desk_at

from supportkit import Policy, TicketQuery, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app import retention
from supportkit.app.blobs import BLOB_REF
from supportkit.app.outbox import KIND as OUTBOX
from supportkit.app.write import record, record_many
from supportkit.ports import Store
from supportkit.serialization import unstructure

STORES: dict[str, Callable[[Path, str], Store]] = {
    "memory": lambda _, __: MemoryStore(),
    "sqlite": lambda folder, name: SqliteStore(folder / f"{name}.db"),
}


def _closed_desk(store: Store) -> None:
    desk = desk_at(store, RUN - timedelta(days=200))
    for n in range(5):
        who = ALICE if n % 2 else BOB
        t = desk.open_ticket(who, subject=f"logs {n}", body="attached", channel="email",
                             attachments=[Upload("shared.log", b"shared"),
                                          Upload(f"{n}.log", b"own %d" % n)],
                             raw_email=b"Subject: logs\r\n\r\nattached %d\r\n" % n)
        desk.reply(t.id, AGENT, "thanks")
        desk.close(t.id, AGENT)


def _state(store: Store) -> dict[str, Any]:
    with store.unit_of_work(readonly=True) as uow:
        return {
            "tickets": [unstructure(uow.tickets.get(row.id))
                        for row in uow.tickets.query(TicketQuery())],
            "records": {kind: sorted(json.dumps([rid, data], sort_keys=True)
                                     for _, rid, data in uow.records.list(kind))
                        for kind in (BLOB_REF, OUTBOX)},
        }


@pytest.mark.parametrize("kind", sorted(STORES))
def test_record_many_equals_one_record_each(kind: str, tmp_path: Path) -> None:
    policy = Policy()
    stores = [STORES[kind](tmp_path, name) for name in ("many", "each")]
    for store in stores:
        _closed_desk(store)
    before = [_state(store) for store in stores]
    assert before[0] == before[1]
    for store, many in zip(stores, (True, False), strict=True):
        with store.unit_of_work() as uow:
            heads = list(uow.tickets.heads(TicketQuery()))
            changes = []
            for head in heads:
                purge = retention._purge_of(head, policy, RUN)
                assert purge is not None
                changes.append((head, purge[0]))
            if many:
                record_many(uow, policy, changes)
            else:
                for head, event in changes:
                    record(uow, policy, head, event)
    after = [_state(store) for store in stores]
    assert after[0] == after[1]
    assert after[0] != before[0]
    assert after[0]["records"][BLOB_REF] == []  # every reference purged, every entry dropped
    assert len(after[0]["records"][OUTBOX]) > len(before[0]["records"][OUTBOX])
    for store in stores:
        store.close()
