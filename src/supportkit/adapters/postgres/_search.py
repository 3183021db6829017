"""How a text search runs: from the words index, or along the id order.

A page of a search either starts from the words index (GIN: every words row holding all
the query words, then those tickets by primary key, then sorted: cheap when few match,
ruinous when 85% of the tickets do) or walks the page's order and probes each ticket's
words (cheap when matches are dense, a walk of the whole table when they are rare). A
generic plan cannot choose; left to itself the planner also hashes the index's matches
against a scan of every ticket. So the repository chooses, from the statistics
PostgreSQL keeps of the words column (``pg_stats.most_common_elems``, the estimate the
planner itself would make), read at most every :data:`REFRESH_SECONDS` per store.

A page of a search with no other condition never touches a ticket it does not return: it
is found in ``ticket_words`` alone, walked in the tickets' order (:func:`order_key`, the
index of migration 4) or sorted after the index read, and :func:`plan` weighs the two. A
prefix (``'mail':*``) makes the index read every posting of every word it begins, so the
index is given only the rarer query words when a common one costs more there than it
saves; the others are checked on the rows found.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from collections.abc import Sequence
from typing import Any

import attrs
import psycopg

from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.postgres._rows import OTHER_IDS

__all__ = [
    "INDEX_ROWS", "MATCH_COST", "REFRESH_SECONDS", "SearchPlan", "WordStats", "expected_matches",
    "order_key", "plan",
]

#: Re-read the statistics after this many seconds.
REFRESH_SECONDS = 300.0
#: A search expected to match at most this many words rows starts from the words index.
INDEX_ROWS = 5000
#: What one words row the index finds costs (read from the table, deduplicated, sorted),
#: in words rows walked along the id order; each posting of a word the index reads for a
#: prefix costs about one. Measured at 1M tickets (benchmarks/storage_postgres_bench.py):
#: walking the order index of ``ticket_words`` reads ~0.5 us a row, the index ~0.5 us a
#: posting and ~3 us a match.
MATCH_COST = 6.0


def order_key(column: str) -> str:
    """The SQL of ``tickets.id_num`` computed from the ticket id ``column`` (the numeric id,
    or OTHER_IDS, as ``_rows.id_number``): ``ticket_words`` has no ``id_num``, and its order
    index (migration 4) is on exactly this expression, so a search page can walk the words
    in the tickets' order and never visit a ticket it does not return. A template for
    ``psycopg.sql.SQL(...).format`` (its braces doubled)."""
    return (f"(CASE WHEN {column} ~ '^(0|[1-9][0-9]{{{{0,17}}}})$' THEN {column}::bigint "
            f"ELSE {OTHER_IDS} END)")


@attrs.frozen
class SearchPlan:
    """How one page of a search reads the words: ``walk`` along the id order (stopping at
    the page's end), or from the words index with the first ``index_terms`` of the terms
    sorted rarest first (the others are checked on the rows found: the index reads every
    posting of a prefix, so a common word costs more in it than it saves)."""

    walk: bool
    index_terms: int
    #: The words rows a walk is expected to read (when ``walk``).
    walked: float = 0.0


def expected_matches(rows: Sequence[float], total: float) -> float:
    """The words rows expected to hold every word of a search whose words are expected in
    ``rows`` words rows each, out of ``total`` (as if the words were independent)."""
    found = total
    for n in rows:
        found *= n / total if total else 0.0
    return found


def plan(rows: Sequence[float], total: float, limit: int | None) -> SearchPlan:
    """The cheaper way to find ``limit`` matches (all of them when None) of words expected
    in ``rows`` words rows each, out of ``total`` (as if independent), ``rows`` sorted
    rarest first."""
    def expected(k: int) -> float:
        return expected_matches(rows[:k], total)

    costs = [sum(rows[:k]) + MATCH_COST * expected(k) for k in range(1, len(rows) + 1)]
    best = min(range(len(costs)), key=costs.__getitem__)
    matches = expected(len(rows))
    if limit is not None and matches > 0 and total > 0:
        walked = min(total, limit * total / matches)
        if walked < costs[best]:
            return SearchPlan(walk=True, index_terms=best + 1, walked=walked)
    return SearchPlan(walk=False, index_terms=best + 1)


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

    def total(self, conn: psycopg.Connection[Any]) -> float:
        """The words rows of the table (``pg_class.reltuples``; 0 before any statistics)."""
        return self._fresh(conn)[2]

    def _fresh(self, conn: psycopg.Connection[Any]) -> tuple[list[str], list[float], float]:
        """The common words, their cumulated frequencies and the rows, read again from the
        statistics when they are due."""
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= REFRESH_SECONDS:
                self._refresh(conn)
                self._read_at = now
            return self._words, self._sums, self._rows

    def rows(self, conn: psycopg.Connection[Any], lexeme: str, *, prefix: bool) -> float:
        """The estimated words rows holding ``lexeme`` (as a prefix: a word it begins); 0
        for a word rarer than every common one (PostgreSQL's own floor, 0.5% of the rows,
        would send a word that no ticket holds along the whole id order)."""
        words, sums, rows = self._fresh(conn)
        # The words a prefix begins are one run of the sorted list.
        start = bisect.bisect_left(words, lexeme)
        end = bisect.bisect_left(words, lexeme + "\U0010ffff") if prefix else (
            start + 1 if start < len(words) and words[start] == lexeme else start)
        return min(sums[end] - sums[start], 1.0) * rows
