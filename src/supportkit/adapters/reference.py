"""The reference semantics of the store ports, for adapter authors.

Every bundled store answers a :class:`~supportkit.ports.TicketQuery` exactly as
:func:`select_tickets` does, and keeps records as :func:`records_with_key` and
:func:`records_after` describe; the adapter contract suite
(:mod:`supportkit.testing.contract`) compares every store with them. A store that filters in
Python (the in-memory store, ``examples/third_party_adapter/``) calls these functions; a
database-backed store turns :data:`FILTER_COLUMNS`, :func:`conditions` and
:data:`DEADLINE_COLUMNS` into indexed columns and ``WHERE`` clauses of its own, and uses
:func:`words` for full-text search, so that a new filter is described here once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

import attrs

from supportkit._time import require_aware
from supportkit.errors import InvalidInput
from supportkit.ports import TicketQuery
from supportkit.tickets.ids import id_sort_key, is_numeric_id
from supportkit.tickets.model import Ticket

__all__ = [
    "DEADLINE_COLUMNS",
    "FILTER_COLUMNS",
    "Condition",
    "FilterColumn",
    "StoredRecord",
    "check_claim",
    "check_query",
    "conditions",
    "deadline",
    "due_tickets",
    "filter_values",
    "id_sort_key",
    "is_numeric_id",
    "matcher",
    "matches",
    "records_after",
    "records_with_key",
    "searchable_text",
    "select_tickets",
    "sort_key",
    "text_matches",
    "words",
]

#: The deadline attributes of a :class:`~supportkit.Ticket` that ``TicketQuery.due`` and
#: ``claim_due`` may name: stores keep each as an indexed column.
DEADLINE_COLUMNS = (
    "first_response_due",
    "next_update_due",
    "resolution_due",
    "eta",
    "escalation_eligible_at",
    "retention_due",
)


@attrs.frozen
class FilterColumn:
    """One indexed text column a store keeps next to the snapshot, and the
    :class:`~supportkit.ports.TicketQuery` fields that filter on it.

    ``equals`` names the query field that must equal the column; ``one_of`` the query field
    (a set) the column must be a member of.
    """

    name: str
    value: Callable[[Ticket], str | None]
    equals: str | None = None
    one_of: str | None = None


#: The ticket filter columns every store keeps, in this order.
FILTER_COLUMNS = (
    FilterColumn("status", lambda t: t.status.value, one_of="statuses"),
    FilterColumn("requester", lambda t: t.requester.id, equals="requester"),
    FilterColumn("company", lambda t: t.requester.company, equals="company"),
    FilterColumn("addressed_to", lambda t: t.addressed_to, equals="addressed_to",
                 one_of="addressed_to_any"),
    FilterColumn("category", lambda t: t.category, equals="category", one_of="categories_any"),
    FilterColumn("assignee", lambda t: t.assignee, equals="assignee"),
)


def filter_values(ticket: Ticket) -> tuple[str | None, ...]:
    """The values of :data:`FILTER_COLUMNS` for ``ticket``, in their order."""
    return tuple(column.value(ticket) for column in FILTER_COLUMNS)


@attrs.frozen
class Condition:
    """One column test of a query: ``column = values[0]`` or, with ``one_of``, ``column IN
    values`` (an empty ``values`` then matches nothing). ``values`` are sorted text."""

    column: str
    values: tuple[str, ...]
    one_of: bool


def _text(value: Any) -> str:
    return str(value.value) if hasattr(value, "value") else str(value)


def conditions(query: TicketQuery) -> list[Condition]:
    """The column tests of ``query``'s filter fields (not ``due``, ``text`` or paging)."""
    found: list[Condition] = []
    for column in FILTER_COLUMNS:
        if column.equals is not None:
            value = getattr(query, column.equals)
            if value is not None:
                found.append(Condition(column.name, (_text(value),), one_of=False))
        if column.one_of is not None:
            values = getattr(query, column.one_of)
            if values is not None:
                found.append(Condition(column.name, tuple(sorted(map(_text, values))), True))
    return found


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


def _check_deadline(column: str) -> str:
    if column not in DEADLINE_COLUMNS:
        raise InvalidInput(f"unknown deadline {column!r}; allowed: {', '.join(DEADLINE_COLUMNS)}")
    return DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(column)]  # the fixed name, safe in SQL


def deadline(ticket: Ticket, column: str) -> datetime | None:
    """The deadline ``column`` of ``ticket``; :class:`InvalidInput` for an unknown name."""
    value: datetime | None = getattr(ticket, _check_deadline(column))
    return value


def check_query(query: TicketQuery) -> None:
    """Refuse a query no store can answer the same way: an unknown deadline column, naive
    instants, a due range without a column, a negative limit."""
    if query.due is not None:
        _check_deadline(query.due)
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


def check_claim(column: str, before: datetime, due_from: datetime | None, limit: int) -> str:
    """Refuse a ``claim_due`` no store can answer: an unknown deadline, naive instants, a
    negative limit. Returns the deadline's fixed name."""
    name = _check_deadline(column)
    require_aware(before, "before")
    if due_from is not None:
        require_aware(due_from, "due_from")
    if limit < 0:
        raise InvalidInput(f"claim limit must be 0 or more, got {limit}")
    return name


def matcher(query: TicketQuery) -> Callable[[Ticket], bool]:
    """A test of one ticket against every filter of ``query`` (paging aside), with the
    query's conditions worked out once."""
    tests = [
        (column.value, condition)
        for condition in conditions(query)
        for column in FILTER_COLUMNS
        if column.name == condition.column
    ]
    due, due_from, due_before, text = query.due, query.due_from, query.due_before, query.text
    if due is not None:
        _check_deadline(due)

    def test(ticket: Ticket) -> bool:
        for value_of, condition in tests:
            value = value_of(ticket)
            if condition.one_of:
                if value not in condition.values:
                    return False
            elif value != condition.values[0]:
                return False
        if due is not None:
            at = deadline(ticket, due)
            if at is None:
                return False
            if due_from is not None and at < due_from:
                return False
            if due_before is not None and at >= due_before:
                return False
        return text is None or text_matches(ticket, text)

    return test


def matches(ticket: Ticket, query: TicketQuery) -> bool:
    """True when ``ticket`` satisfies every filter of ``query`` (paging aside)."""
    return matcher(query)(ticket)


def sort_key(ticket: Ticket) -> tuple[int, int, str]:
    """The order queries return tickets in."""
    return id_sort_key(ticket.id)


def select_tickets(tickets: Iterable[Ticket], query: TicketQuery) -> list[Ticket]:
    """The answer to ``query`` over ``tickets``: the matching ones in id order, after
    ``query.after_id``, at most ``query.limit``. Checks the query first (:func:`check_query`)."""
    check_query(query)
    found = sorted(filter(matcher(query), tickets), key=sort_key)
    if query.after_id is not None:
        after = id_sort_key(query.after_id)
        found = [t for t in found if sort_key(t) > after]
    return found[: query.limit] if query.limit is not None else found


def due_tickets(
    tickets: Iterable[Ticket], column: str, before: datetime, due_from: datetime | None = None
) -> list[Ticket]:
    """The tickets whose ``column`` deadline lies in ``[due_from, before)``, earliest first,
    then in id order: the order ``claim_due`` hands them out (before its limit)."""
    due = []
    for ticket in tickets:
        value = deadline(ticket, column)
        if value is None or value >= before or (due_from is not None and value < due_from):
            continue
        due.append((value, sort_key(ticket), ticket))
    due.sort(key=lambda item: (item[0], item[1]))
    return [ticket for _, _, ticket in due]


class StoredRecord(NamedTuple):
    """A record as a store keeps it: its listing ``seq`` (kept when it is replaced), id,
    JSON data and lookup keys."""

    seq: int
    id: str
    data: Mapping[str, Any]
    keys: Mapping[str, str]


def records_with_key(records: Iterable[StoredRecord], key: str, value: str,
                     limit: int | None = None) -> list[StoredRecord]:
    """The records whose lookup key ``key`` equals ``value``, by seq: what ``find`` returns
    (as ``(id, data)``; the first ``limit`` of them) and ``claim`` hands out (before its
    limit). :class:`~supportkit.InvalidInput` for a negative ``limit``."""
    if limit is not None and limit < 0:
        raise InvalidInput(f"find limit must be 0 or more, got {limit}")
    found = sorted((r for r in records if r.keys.get(key) == value), key=lambda r: r.seq)
    return found if limit is None else found[:limit]


def records_after(
    records: Iterable[StoredRecord], after_seq: int = 0, limit: int | None = None
) -> list[StoredRecord]:
    """The records with ``seq > after_seq``, by seq, at most ``limit``: what ``list``
    returns (as ``(seq, id, data)``)."""
    found = sorted((r for r in records if r.seq > after_seq), key=lambda r: r.seq)
    return found[:limit] if limit is not None else found
