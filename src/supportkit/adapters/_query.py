"""Evaluating a :class:`TicketQuery` against a snapshot in Python (memory store, tests)."""

from __future__ import annotations

import re
from datetime import datetime

from supportkit._time import require_aware
from supportkit.errors import InvalidInput
from supportkit.ports import TicketQuery
from supportkit.tickets.model import Ticket

DEADLINE_COLUMNS = ("first_response_due", "eta", "escalation_eligible_at", "retention_due")

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> set[str]:
    """Lower-cased word tokens, as full-text search sees them."""
    return {w.casefold() for w in _WORD.findall(text)}


def searchable_text(ticket: Ticket) -> str:
    """What full-text search covers: the subject and every non-internal message body."""
    return "\n".join([ticket.subject, *(m.body for m in ticket.messages if not m.internal)])


def text_matches(ticket: Ticket, text: str) -> bool:
    """Every word of ``text`` occurs as a word of the ticket's searchable text."""
    wanted = words(text)
    return bool(wanted) and wanted <= words(searchable_text(ticket))


def deadline(ticket: Ticket, column: str) -> datetime | None:
    if column not in DEADLINE_COLUMNS:
        raise InvalidInput(f"unknown deadline {column!r}; allowed: {', '.join(DEADLINE_COLUMNS)}")
    value: datetime | None = getattr(ticket, column)
    return value


def check_query(query: TicketQuery) -> None:
    """Refuse a query no store can answer the same way: an unknown deadline column, naive
    instants, a due range without a column, a negative limit."""
    if query.due is not None and query.due not in DEADLINE_COLUMNS:
        raise InvalidInput(
            f"unknown deadline {query.due!r}; allowed: {', '.join(DEADLINE_COLUMNS)}"
        )
    for name in ("due_from", "due_before"):
        value = getattr(query, name)
        if value is None:
            continue
        require_aware(value, f"TicketQuery.{name}")
        if query.due is None:
            raise InvalidInput(
                f"TicketQuery.{name} needs a deadline column in TicketQuery.due "
                f"({', '.join(DEADLINE_COLUMNS)})"
            )
    if query.limit is not None and query.limit < 0:
        raise InvalidInput(f"TicketQuery.limit must be 0 or more, got {query.limit}")


def matches(ticket: Ticket, query: TicketQuery) -> bool:
    """True when ``ticket`` satisfies every filter of ``query``."""
    if query.statuses is not None and ticket.status not in query.statuses:
        return False
    if query.requester is not None and ticket.requester.id != query.requester:
        return False
    if query.company is not None and ticket.requester.company != query.company:
        return False
    if query.addressed_to is not None and ticket.addressed_to != query.addressed_to:
        return False
    if query.category is not None and ticket.category != query.category:
        return False
    if query.due is not None:
        value = deadline(ticket, query.due)
        if value is None:
            return False
        if query.due_from is not None and value < query.due_from:
            return False
        if query.due_before is not None and value >= query.due_before:
            return False
    return query.text is None or text_matches(ticket, query.text)


def is_numeric_id(ticket_id: str) -> bool:
    """True for canonical decimal ids (``"0"``, ``"7"``, ``"42"``; not ``"007"``, not
    non-ASCII digits) that fit a signed 64-bit integer: the ids that sort numerically."""
    return (
        ticket_id.isascii()
        and ticket_id.isdigit()
        and len(ticket_id) <= 18
        and (ticket_id == "0" or not ticket_id.startswith("0"))
    )


def id_sort_key(ticket_id: str) -> tuple[int, int, str]:
    """Canonical numeric ids in numeric order, then any other ids alphabetically (by code
    point)."""
    if is_numeric_id(ticket_id):
        return (0, int(ticket_id), "")
    return (1, 0, ticket_id)


def sort_key(ticket: Ticket) -> tuple[int, int, str]:
    """The order queries return tickets in."""
    return id_sort_key(ticket.id)
