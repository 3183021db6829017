"""Shared helpers for the retention tests: desks on a Sunday schedule and store state."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from supportkit import Actor, FixedClock, Helpdesk, Policy, TicketQuery
from supportkit.app.blobs import BLOB_REF
from supportkit.app.retention import PENDING
from supportkit.ports import Store
from supportkit.serialization import unstructure

ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="globex")
AGENT = Actor.support("agent-7")
#: A Sunday-02:00-Berlin run instant (2026-06-07 02:00 CEST) and the default keep period.
RUN = datetime(2026, 6, 7, 0, 0, tzinfo=UTC)
KEEP = timedelta(days=90)


def desk_at(store: Store, at: datetime, policy: Policy | None = None) -> Helpdesk:
    return Helpdesk(store, policy or Policy(), FixedClock(at))


def clock(desk: Helpdesk) -> FixedClock:
    assert isinstance(desk.clock, FixedClock)
    return desk.clock


def state(store: Store) -> dict[str, Any]:
    """Everything retention may change, as comparable plain data."""
    with store.unit_of_work() as uow:
        tickets = [unstructure(uow.tickets.get(row.id))
                   for row in uow.tickets.query(TicketQuery())]
        records = {
            kind: sorted(json.dumps([rid, data], sort_keys=True)
                         for _, rid, data in uow.records.list(kind))
            for kind in (BLOB_REF, PENDING)
        }
    return {"tickets": tickets, "blobs": sorted(store.blobs.iter_digests()), "records": records}
