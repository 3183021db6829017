"""Rows and SQL for tickets: indexed column values, search words, and query building.

Every value that comes from a caller is bound as a parameter; the only text spliced into SQL
is column names from fixed tables in this module.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    FILTER_COLUMNS,
    check_query,
    conditions,
    filter_values,
    is_numeric_id,
    searchable_text,
    words,
)
from supportkit.ports import TicketQuery
from supportkit.tickets.model import Ticket

__all__ = [
    "TEXT_PK_BASE",
    "TICKET_COLUMNS",
    "Part",
    "match_expression",
    "micros",
    "plan",
    "search_words",
    "sort_key",
    "ticket_pk",
    "ticket_row",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

#: The columns of ``tickets`` written from a snapshot, in the order of :func:`ticket_row`.
TICKET_COLUMNS = (
    "id",
    "sort_key",
    "version",
    *(column.name for column in FILTER_COLUMNS),
    *DEADLINE_COLUMNS,
)


def micros(value: datetime | None) -> int | None:
    """An aware instant as integer microseconds since the Unix epoch (UTC)."""
    return None if value is None else (value - _EPOCH) // _MICRO


def sort_key(ticket_id: str) -> int | str:
    """The ``tickets.sort_key`` of an id: an int for numeric ids, else the id itself."""
    return int(ticket_id) if is_numeric_id(ticket_id) else ticket_id


def _token(word: str) -> str:
    return word.encode("utf-8").hex()


def search_words(ticket: Ticket) -> str:
    """What ``ticket_text.words`` holds: the ticket's search words, hex-encoded.

    Encoding each word (as :func:`supportkit.adapters.reference.words` defines it) to hex makes
    FTS5 see exactly one token per word, with no case folding or diacritics rules of its own,
    so SQLite search matches exactly what the in-memory store matches.
    """
    return " ".join(sorted(_token(w) for w in words(searchable_text(ticket))))


def match_expression(text: str) -> str | None:
    """A safe FTS5 query for user ``text``: every word, hex-encoded and quoted (implicit AND).

    Quotes, ``%``, FTS5 operators (``NEAR``, ``*``, ``:``, ``^``) and SQL fragments become
    plain words or vanish, never syntax. ``None`` when ``text`` holds no word.
    """
    found = words(text)
    if not found:
        return None
    return " ".join(f'"{_token(w)}"' for w in sorted(found))


def ticket_row(ticket: Ticket) -> tuple[Any, ...]:
    """The values of :data:`TICKET_COLUMNS` for ``ticket``."""
    return (
        ticket.id,
        sort_key(ticket.id),
        ticket.version,
        *filter_values(ticket),
        *(micros(getattr(ticket, column)) for column in DEADLINE_COLUMNS),
    )


@attrs.frozen
class Part:
    """One SELECT over ``tickets`` (aliased ``t``): its FROM, WHERE and ORDER BY."""

    source: str
    where: tuple[str, ...]
    params: tuple[Any, ...]
    order: str

    def sql(self, columns: str, limit: int | None) -> tuple[str, list[Any]]:
        """``SELECT columns … ORDER BY … [LIMIT ?]`` and its parameters."""
        sql = f"SELECT {columns} FROM {self.source}"  # noqa: S608 - fixed fragments only
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        params = list(self.params)
        sql += f" ORDER BY {self.order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return sql, params

    def count_sql(self) -> tuple[str, list[Any]]:
        sql = f"SELECT count(*) FROM {self.source}"  # noqa: S608 - fixed fragments only
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        return sql, list(self.params)

    def snapshots_sql(self, limit: int | None) -> tuple[str, list[Any]]:
        """The JSON snapshots of this part's page, in id order: the narrow ``tickets`` rows
        find and order the page, then only the page's snapshots are read."""
        inner, params = self.sql("t.pk AS pk, t.sort_key AS sort_key", limit)
        return (
            f"SELECT s.data FROM ({inner}) AS hit "  # noqa: S608 - fixed fragments only
            "JOIN ticket_snapshots AS s ON s.pk = hit.pk ORDER BY hit.sort_key",
            params,
        )


def ticket_pk(ticket_id: str) -> int | None:
    """The ``tickets.pk`` of a numeric id is the number itself (below :data:`TEXT_PK_BASE`),
    so rowid order is id order; other ids get a pk from :data:`TEXT_PK_BASE` up."""
    return int(ticket_id) if is_numeric_id(ticket_id) else None


#: Rowids of tickets whose id is not numeric start here (numeric ids stay below 10**18).
TEXT_PK_BASE = 1 << 60


def _filters(query: TicketQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for condition in conditions(query):
        column = condition.column  # a fixed name from FILTER_COLUMNS only
        if not condition.one_of:
            where.append(f"t.{column} = ?")
        elif condition.values:
            where.append(f"t.{column} IN ({', '.join('?' * len(condition.values))})")
        else:
            where.append("0")
        params.extend(condition.values)
    if query.due is not None:
        column = DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(query.due)]  # a fixed name only
        where.append(f"t.{column} IS NOT NULL")
        if query.due_from is not None:
            where.append(f"t.{column} >= ?")
            params.append(micros(query.due_from))
        if query.due_before is not None:
            where.append(f"t.{column} < ?")
            params.append(micros(query.due_before))
    return where, params


def plan(query: TicketQuery, *, due_index: bool = False) -> list[Part]:
    """The parts whose results, concatenated in order, answer ``query`` (before its limit).

    A query without text is one part over ``tickets``, ordered by ``sort_key``; with
    ``due_index`` it is forced onto the deadline's index (right when few tickets fall in the
    range: a range scan plus a small sort beats walking all ids in order). A text query is
    two parts: tickets with numeric ids straight from FTS5 in rowid order (= id order, so
    the first page is read without collecting every match), then the others by
    ``sort_key``. ``[]`` when nothing can match (no statuses, a text without words).
    """
    check_query(query)
    if query.statuses is not None and not query.statuses:
        return []
    where, params = _filters(query)
    after = query.after_id
    if query.text is None:
        source = "tickets AS t"
        if due_index and query.due is not None:
            source += f" INDEXED BY tickets_{DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(query.due)]}"
        if after is not None:
            where.append("t.sort_key > ?")
            params.append(sort_key(after))
        return [Part(source, tuple(where), tuple(params), "t.sort_key")]
    expression = match_expression(query.text)
    if expression is None:
        return []
    source = "ticket_text AS f JOIN tickets AS t ON t.pk = f.rowid"
    match = ["ticket_text MATCH ?"]
    parts = []
    after_pk = None if after is None else ticket_pk(after)
    if after is None or after_pk is not None:
        numeric = [*match, "f.rowid < ?", *(["f.rowid > ?"] if after_pk is not None else [])]
        numeric_params = [expression, TEXT_PK_BASE, *([after_pk] if after_pk is not None else [])]
        parts.append(Part(source, (*numeric, *where), (*numeric_params, *params), "f.rowid"))
    textual = [*match, "f.rowid >= ?"]
    textual_params: list[Any] = [expression, TEXT_PK_BASE]
    if after is not None and after_pk is None:
        textual.append("t.sort_key > ?")
        textual_params.append(after)
    parts.append(Part(source, (*textual, *where), (*textual_params, *params), "t.sort_key"))
    return parts
