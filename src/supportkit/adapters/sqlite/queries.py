"""Rows and SQL for tickets: indexed column values, search words, and query building.

Every value that comes from a caller is bound as a parameter; the only text spliced into SQL
is column names from fixed tables in this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from supportkit.adapters._query import (
    DEADLINE_COLUMNS,
    check_query,
    is_numeric_id,
    searchable_text,
    words,
)
from supportkit.ports import TicketQuery
from supportkit.tickets.model import Ticket

__all__ = [
    "TICKET_COLUMNS",
    "match_expression",
    "micros",
    "search_words",
    "select_snapshots",
    "select_tickets",
    "sort_key",
    "ticket_row",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

#: The columns of ``tickets`` written from a snapshot, in the order of :func:`ticket_row`.
TICKET_COLUMNS = (
    "id",
    "sort_key",
    "version",
    "status",
    "requester",
    "company",
    "addressed_to",
    "category",
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

    Encoding each word (as :func:`supportkit.adapters._query.words` defines it) to hex makes
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
        ticket.status.value,
        ticket.requester.id,
        ticket.requester.company,
        ticket.addressed_to,
        ticket.category,
        micros(ticket.first_response_due),
        micros(ticket.eta),
        micros(ticket.escalation_eligible_at),
        micros(ticket.retention_due),
    )


def select_snapshots(query: TicketQuery) -> tuple[str, Sequence[Any]] | None:
    """``(sql, params)`` selecting the JSON snapshots of the tickets matching ``query``, in id
    order: the narrow ``tickets`` table finds and orders the page, then only the page's
    snapshots are read."""
    built = select_tickets(query, columns="pk, sort_key")
    if built is None:
        return None
    sql, params = built
    return (
        f"SELECT s.data FROM ({sql}) AS hit JOIN ticket_snapshots AS s ON s.pk = hit.pk "  # noqa: S608
        "ORDER BY hit.sort_key",
        params,
    )


def select_tickets(query: TicketQuery, columns: str = "id") -> tuple[str, Sequence[Any]] | None:
    """``(sql, params)`` selecting ``columns`` of ``tickets`` matching ``query`` in id order;
    ``None`` when nothing can match (an empty status set, a text without words)."""
    check_query(query)
    where: list[str] = []
    params: list[Any] = []
    if query.statuses is not None:
        if not query.statuses:
            return None
        statuses = sorted(s.value for s in query.statuses)
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    for column in ("requester", "company", "addressed_to", "category"):
        value = getattr(query, column)
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.due is not None:
        column = DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(query.due)]  # a fixed name only
        where.append(f"{column} IS NOT NULL")
        if query.due_from is not None:
            where.append(f"{column} >= ?")
            params.append(micros(query.due_from))
        if query.due_before is not None:
            where.append(f"{column} < ?")
            params.append(micros(query.due_before))
    if query.text is not None:
        expression = match_expression(query.text)
        if expression is None:
            return None
        where.append("pk IN (SELECT rowid FROM ticket_text WHERE ticket_text MATCH ?)")
        params.append(expression)
    if query.after_id is not None:
        where.append("sort_key > ?")
        params.append(sort_key(query.after_id))
    sql = f"SELECT {columns} FROM tickets"  # noqa: S608 - fixed column names only
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY sort_key"
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    return sql, params
