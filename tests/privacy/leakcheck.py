"""Where does a piece of text survive in a store? Works for any :class:`Store`.

Scans every ticket snapshot (as the converter's JSON), the records of the given kinds, every
blob, the full-text search, and -- for file-backed stores that expose ``path`` (e.g.
``SqliteStore(path)``) -- the raw bytes of the database file and its ``-wal``/``-journal``
companions. For ``MemoryStore`` every record of every kind is scanned.
"""

from __future__ import annotations

import json
from pathlib import Path

from supportkit import TicketQuery
from supportkit.app.blobs import BLOB_REF
from supportkit.app.retention import PENDING
from supportkit.ports import Store
from supportkit.serialization import unstructure

RECORD_KINDS = (BLOB_REF, PENDING)


def where_is(store: Store, needle: str, record_kinds: tuple[str, ...] = RECORD_KINDS) -> list[str]:
    """Places (human-readable) where ``needle`` occurs; empty when it is nowhere."""
    places: list[str] = []
    raw = needle.encode()
    after: str | None = None
    while True:
        with store.unit_of_work() as uow:
            batch = list(uow.tickets.query(TicketQuery(limit=200, after_id=after)))
            for kind in record_kinds if after is None else ():
                for _, rid, data in uow.records.list(kind):
                    if needle in json.dumps(data, ensure_ascii=False) or needle in rid:
                        places.append(f"record {kind}/{rid}")
        if not batch:
            break
        for ticket in batch:
            if needle in json.dumps(unstructure(ticket), ensure_ascii=False):
                places.append(f"ticket {ticket.id} snapshot")
        after = batch[-1].id
    with store.unit_of_work() as uow:
        if uow.tickets.query(TicketQuery(text=needle)):
            places.append("search index")
    memory_records = getattr(store, "_records", None)
    if isinstance(memory_records, dict):
        for (kind, rid), rec in memory_records.items():
            if needle in json.dumps(rec, ensure_ascii=False, default=str):
                places.append(f"memory record {kind}/{rid}")
    for digest in store.blobs.iter_digests():
        with store.blobs.open(digest) as stream:
            if raw in stream.read():
                places.append(f"blob {digest}")
    path = getattr(store, "path", None)
    if path is not None:
        for suffix in ("", "-wal", "-journal", "-shm"):
            file = Path(f"{path}{suffix}")
            if file.is_file() and raw in file.read_bytes():
                places.append(f"file {file.name}")
    return places
