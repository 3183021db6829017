"""The record repository on PostgreSQL: ``(kind, id)`` rows with ``jsonb`` data and keys.

Lookup keys are one ``jsonb`` object per record with a GIN index (``keys @> {key: value}``).
``seq`` comes from a ``bigserial`` and is kept when a record is replaced, so listing order is
insertion order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from psycopg import sql
from psycopg.types.json import Jsonb

from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.postgres._json import decode, encode, escape_str
from supportkit.adapters.postgres._tx import LazyTransaction
from supportkit.errors import InvalidInput, NotFound
from supportkit.ports import RecordPut

__all__ = ["PostgresRecords"]


def _keys(keys: Mapping[str, str] | None) -> Jsonb:
    found = dict(keys or {})
    for key, value in found.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidInput(f"record keys map text to text, got {key!r}: {value!r}")
    # Escaped one by one (never unescaped: keys are only compared), so NUL is allowed.
    return Jsonb({escape_str(k): escape_str(v) for k, v in found.items()})


#: Insert or replace one record. One round trip: UPDATE first so replacing a record does
#: not use up a seq number (the INSERT's SELECT yields no row then, so no nextval runs); the
#: INSERT's ON CONFLICT covers a writer that inserted the record meanwhile.
_PUT = (
    "WITH u AS (UPDATE {s}.records SET data = %(data)s, keys = %(keys)s "
    "WHERE kind = %(kind)s AND id = %(id)s RETURNING 1) "
    "INSERT INTO {s}.records (data, keys, kind, id) "
    "SELECT %(data)s, %(keys)s, %(kind)s, %(id)s "
    "WHERE NOT EXISTS (SELECT 1 FROM u) "
    "ON CONFLICT (kind, id) DO UPDATE "
    "SET data = excluded.data, keys = excluded.keys"
)


def _put_params(kind: str, record_id: str, data: Mapping[str, Any],
                keys: Mapping[str, str] | None) -> dict[str, Any]:
    return {"data": encode(dict(data)), "keys": _keys(keys), "kind": kind, "id": record_id}


class PostgresRecords:
    """:class:`~supportkit.ports.RecordRepository` inside one PostgreSQL transaction."""

    def __init__(self, tx: LazyTransaction, schema: str) -> None:
        self._tx = tx
        self._schema = schema
        self._s = sql.Identifier(schema)

    def _sql(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(s=self._s)

    def put(
        self,
        kind: str,
        record_id: str,
        data: Mapping[str, Any],
        *,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        conn = self._tx.writing(f"put record {kind} {record_id}")
        params = _put_params(kind, record_id, data, keys)
        with translated(f"writing {kind} {record_id}"):
            conn.execute(self._sql(_PUT), params)

    def put_many(self, writes: Iterable[RecordPut]) -> None:
        """The statement of :meth:`put` for each write, in order, sent with ``executemany``
        (psycopg pipelines it: one round trip per batch instead of one per record)."""
        params = [_put_params(w.kind, w.record_id, w.data, w.keys) for w in writes]
        conn = self._tx.writing(f"put {len(params)} records")
        if not params:
            return
        with translated(f"writing {len(params)} records"), conn.cursor() as cursor:
            cursor.executemany(self._sql(_PUT), params)

    def delete_many(self, kind: str, record_ids: Iterable[str]) -> int:
        """``delete`` of each id, in one statement; how many records were removed."""
        ids = list(dict.fromkeys(record_ids))
        conn = self._tx.writing(f"delete {len(ids)} records {kind}")
        if not ids:
            return 0
        with translated(f"deleting {len(ids)} records {kind}"):
            cursor = conn.execute(
                self._sql("DELETE FROM {s}.records WHERE kind = %s AND id = ANY(%s)"),
                (kind, ids))
        return max(cursor.rowcount, 0)

    def get(self, kind: str, record_id: str, *, for_update: bool = False) -> Mapping[str, Any]:
        """The record's data; ``for_update=True`` first takes a transaction-level advisory
        lock on ``(schema, kind, record_id)`` — which exists whether or not the record does
        — and then reads (and row-locks) the record in a new statement, so it sees what a
        previous holder committed, its insert included."""
        lock = sql.SQL("")
        if for_update:
            conn = self._tx.writing(f"get record {kind} {record_id} for update")
            with translated(f"locking {kind} {record_id}"):
                conn.execute("SELECT pg_advisory_xact_lock(%s)",
                             (self._lock_key(kind, record_id),))
            lock = sql.SQL(" FOR UPDATE")
        with translated(f"reading {kind} {record_id}"):
            row = self._tx.conn.execute(
                sql.SQL("SELECT data FROM {s}.records WHERE kind = %s AND id = %s{lock}")
                .format(s=self._s, lock=lock),
                (kind, record_id),
            ).fetchone()
        if row is None:
            raise NotFound(kind, record_id)
        data: Mapping[str, Any] = decode(row[0])
        return data

    def _lock_key(self, kind: str, record_id: str) -> int:
        """A signed 64-bit advisory lock key for one record of this schema."""
        name = "\0".join(("supportkit-record", self._schema, kind, record_id))
        digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8)
        return int.from_bytes(digest.digest(), "big", signed=True)

    def find(
        self, kind: str, key: str, value: str, *, limit: int | None = None
    ) -> Sequence[tuple[str, Mapping[str, Any]]]:
        if limit is not None and limit < 0:
            raise InvalidInput(f"find limit must be 0 or more, got {limit}")
        with translated(f"finding {kind} records by {key}"):
            rows = self._tx.conn.execute(
                self._sql(
                    "SELECT id, data FROM {s}.records WHERE kind = %s AND keys @> %s "
                    "ORDER BY seq LIMIT %s"
                ),
                (kind, _keys({key: value}), limit),
            ).fetchall()
        return [(row[0], decode(row[1])) for row in rows]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        if limit is not None and limit < 0:
            raise InvalidInput(f"list limit must be 0 or more, got {limit}")
        with translated(f"listing {kind} records"):
            rows = self._tx.conn.execute(
                self._sql(
                    "SELECT seq, id, data FROM {s}.records WHERE kind = %s AND seq > %s "
                    "ORDER BY seq LIMIT %s"
                ),
                (kind, after_seq, limit),
            ).fetchall()
        return [(row[0], row[1], decode(row[2])) for row in rows]

    def claim(
        self, kind: str, key: str, value: str, *, limit: int
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """Up to ``limit`` records of ``kind`` whose key ``key`` equals ``value``, by seq,
        locked for this unit of work (``FOR UPDATE SKIP LOCKED``): records another unit of
        work holds are skipped, so concurrent workers (outbox senders) never get the same
        one. Change the key (e.g. ``state`` pending → sent) in the same unit of work."""
        if limit < 0:
            raise InvalidInput(f"claim limit must be 0 or more, got {limit}")
        with translated(f"claiming {kind} records"):
            rows = self._tx.writing(f"claim {kind} records").execute(
                self._sql(
                    "SELECT seq, id, data FROM {s}.records WHERE kind = %s AND keys @> %s "
                    "ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED"
                ),
                (kind, _keys({key: value}), limit),
            ).fetchall()
        return [(row[0], row[1], decode(row[2])) for row in rows]

    def delete(self, kind: str, record_id: str) -> bool:
        with translated(f"deleting {kind} {record_id}"):
            cur = self._tx.writing(f"delete record {kind} {record_id}").execute(
                self._sql("DELETE FROM {s}.records WHERE kind = %s AND id = %s"),
                (kind, record_id),
            )
        return cur.rowcount == 1
