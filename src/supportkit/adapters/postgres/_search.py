"""How a text search runs: from the words index, or along the id order.

A page of a search either starts from the words index (GIN: every words row holding all
the query words, then those tickets by primary key, then sorted: cheap when few match,
ruinous when 85% of the tickets do) or walks the page's order and probes each ticket's
words (cheap when matches are dense, a walk of the whole table when they are rare). A
generic plan cannot choose; left to itself the planner also hashes the index's matches
against a scan of every ticket. So the repository chooses, from the statistics
PostgreSQL keeps of the words column (``pg_stats.most_common_elems``, the estimate the
planner itself would make), read at most every :data:`REFRESH_SECONDS` per store.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from typing import Any

import psycopg

from supportkit.adapters.postgres._errors import translated

__all__ = ["INDEX_ROWS", "REFRESH_SECONDS", "WordStats"]

#: Re-read the statistics after this many seconds.
REFRESH_SECONDS = 300.0
#: A search expected to match at most this many words rows starts from the words index.
INDEX_ROWS = 5000


class WordStats:
    """The most common words of one store's ``ticket_words`` and their frequencies."""

    def __init__(self, schema: str) -> None:
        self._schema = schema
        self._lock = threading.Lock()
        self._read_at = -REFRESH_SECONDS
        self._words: list[str] = []
        self._sums: list[float] = [0.0]
        self._rows = 0.0

    def _refresh(self, conn: psycopg.Connection[Any]) -> None:
        with translated("reading the words statistics"):
            row = conn.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, "
                "c.reltuples FROM pg_class AS c LEFT JOIN pg_stats AS s "
                "ON s.schemaname = %s AND s.tablename = 'ticket_words' AND s.attname = 'words' "
                "WHERE c.oid = to_regclass(%s)",
                (self._schema, f'"{self._schema}".ticket_words'),
            ).fetchone()
        elems, freqs, rows = row if row is not None else (None, None, 0.0)
        elems, freqs = elems or [], freqs or []
        common = sorted(zip(elems, freqs[: len(elems)], strict=True))
        self._words = [word for word, _ in common]
        self._sums = [0.0, *itertools.accumulate(freq for _, freq in common)]
        self._rows = max(float(rows or 0.0), 0.0)

    def matching(self, conn: psycopg.Connection[Any], terms: list[tuple[str, bool]]) -> float:
        """The estimated words rows holding every ``(lexeme, prefix)`` of ``terms`` (as if
        the words were independent)."""
        found = [self.rows(conn, lexeme, prefix=prefix) for lexeme, prefix in terms]
        with self._lock:
            total = self._rows
        estimate = total
        for rows in found:
            estimate *= rows / total if total else 0.0
        return estimate

    def rows(self, conn: psycopg.Connection[Any], lexeme: str, *, prefix: bool) -> float:
        """The estimated words rows holding ``lexeme`` (as a prefix: a word it begins); 0
        for a word rarer than every common one (PostgreSQL's own floor, 0.5% of the rows,
        would send a word that no ticket holds along the whole id order)."""
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= REFRESH_SECONDS:
                self._refresh(conn)
                self._read_at = now
            words, sums, rows = self._words, self._sums, self._rows
        # The words a prefix begins are one run of the sorted list.
        start = bisect.bisect_left(words, lexeme)
        end = bisect.bisect_left(words, lexeme + "\U0010ffff") if prefix else (
            start + 1 if start < len(words) and words[start] == lexeme else start)
        return min(sums[end] - sums[start], 1.0) * rows
