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

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Any, NamedTuple

import attrs

from supportkit._time import require_aware
from supportkit.errors import InvalidInput
from supportkit.ports import RecordPut, RecordRepository, TicketQuery, TicketRepository
from supportkit.text import invalid_text_path
from supportkit.tickets.head import TicketHead, TicketState, TicketSummary, head_of
from supportkit.tickets.ids import id_sort_key, is_numeric_id
from supportkit.tickets.model import Event, Ticket
from supportkit.tickets.query import DEADLINES, ORDERS

__all__ = [
    "DEADLINE_COLUMNS",
    "FILTER_COLUMNS",
    "ORDERS",
    "Condition",
    "FilterColumn",
    "StoredRecord",
    "append_each",
    "check_claim",
    "check_query",
    "conditions",
    "deadline",
    "delete_each",
    "due_tickets",
    "filter_values",
    "id_sort_key",
    "is_numeric_id",
    "matcher",
    "matches",
    "message_words",
    "put_each",
    "records_after",
    "records_with_key",
    "refuse_invalid_text",
    "searchable_text",
    "searchable_words",
    "select_tickets",
    "sort_key",
    "text_matches",
    "words",
    "words_match",
]

#: The deadline attributes of a :class:`~supportkit.Ticket` that ``TicketQuery.due`` and
#: ``claim_due`` may name: stores keep each as an indexed column.
DEADLINE_COLUMNS = DEADLINES


@attrs.frozen
class FilterColumn:
    """One indexed text column a store keeps next to the snapshot, and the
    :class:`~supportkit.ports.TicketQuery` fields that filter on it.

    ``equals`` names the query field that must equal the column; ``one_of`` the query field
    (a set) the column must be a member of.
    """

    name: str
    value: Callable[[TicketState], str | None]
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


def filter_values(ticket: TicketState) -> tuple[str | None, ...]:
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
    return set(map(str.casefold, _WORD.findall(text)))


def searchable_text(ticket: Ticket) -> str:
    """What full-text search covers: every subject the ticket had (the current one, the one
    it opened with and each retitling) and every non-internal message body. A store indexes
    each change's words as it is appended and never re-reads a history, so a former subject
    stays searchable: search finds a ticket by the words it was known by."""
    subjects = [str(e.data["subject"]) for e in ticket.events
                if isinstance(e.data.get("subject"), str)]
    return "\n".join([ticket.subject, *subjects,
                      *(m.body for m in ticket.messages if not m.internal)])


def message_words(events: Iterable[Event]) -> set[str]:
    """The words ``events`` add to a ticket's index: every subject they set (``opened``,
    ``retitled``) and every public message body. (One pass of the word pattern over the
    texts joined by newlines, which no word spans: the words of each text, in one call.)"""
    texts: list[str] = []
    for event in events:
        subject = event.data.get("subject")
        if isinstance(subject, str):
            texts.append(subject)
        message = event.message
        if message is not None and not message.internal:
            texts.append(message.body)
    return words("\n".join(texts)) if texts else set()


def searchable_words(ticket: Ticket) -> set[str]:
    """The words of :func:`searchable_text`: what a store indexes for a ticket (and adds to,
    message by message, as events are appended)."""
    return words(searchable_text(ticket))


def words_match(held: AbstractSet[str], text: str) -> bool:
    """Every word of ``text`` begins some word of ``held`` (``webm`` matches ``webmail``);
    a text without words matches nothing."""
    wanted = words(text)
    return bool(wanted) and all(
        want in held or any(word.startswith(want) for word in held) for want in wanted
    )


def text_matches(ticket: Ticket, text: str) -> bool:
    """:func:`words_match` on the ticket's searchable words."""
    return words_match(searchable_words(ticket), text)


def _check_deadline(column: str) -> str:
    if column not in DEADLINE_COLUMNS:
        raise InvalidInput(f"unknown deadline {column!r}; allowed: {', '.join(DEADLINE_COLUMNS)}")
    return DEADLINE_COLUMNS[DEADLINE_COLUMNS.index(column)]  # the fixed name, safe in SQL


def deadline(ticket: TicketState | TicketSummary, column: str) -> datetime | None:
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
    if query.order not in ORDERS:
        raise InvalidInput(
            f"unknown order {query.order!r}; allowed: {', '.join(ORDERS)}"
        )
    if query.after_due is not None:
        require_aware(query.after_due, "TicketQuery.after_due")
        if query.order not in DEADLINE_COLUMNS:
            raise InvalidInput("TicketQuery.after_due pages an order by a deadline column; "
                               f"this query is ordered by {query.order!r}")
    if query.order in DEADLINE_COLUMNS and (query.after_id is None) != (query.after_due is None):
        raise InvalidInput(
            f"ordered by {query.order!r}, a page starts after a row: give both after_id and "
            "after_due (the last row's id and deadline), or neither"
        )


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


def matcher(
    query: TicketQuery, words_of: Callable[[TicketHead], AbstractSet[str]] | None = None
) -> Callable[[TicketHead], bool]:
    """A test of one head against every filter of ``query`` (paging aside), with the
    query's conditions worked out once. ``words_of`` gives a ticket's searchable words
    (needed when the query has ``text``)."""
    tests = [
        (column.value, condition)
        for condition in conditions(query)
        for column in FILTER_COLUMNS
        if column.name == condition.column
    ]
    due, due_from, due_before, text = query.due, query.due_from, query.due_before, query.text
    if due is not None:
        _check_deadline(due)
    ordered_by = query.order if query.order in DEADLINE_COLUMNS else None
    if text is not None and words_of is None:
        raise ValueError("a text query needs the tickets' searchable words")

    def test(head: TicketHead) -> bool:
        for value_of, condition in tests:
            value = value_of(head)
            if condition.one_of:
                if value not in condition.values:
                    return False
            elif value != condition.values[0]:
                return False
        if due is not None:
            at = deadline(head, due)
            if at is None:
                return False
            if due_from is not None and at < due_from:
                return False
            if due_before is not None and at >= due_before:
                return False
        if ordered_by is not None and deadline(head, ordered_by) is None:
            return False
        return text is None or (words_of is not None and words_match(words_of(head), text))

    return test


def sort_key(ticket: TicketState | TicketSummary) -> tuple[int, int, str]:
    """The order queries return tickets in by default (``order="id"``)."""
    return id_sort_key(ticket.id)


def select_tickets(
    heads: Iterable[TicketHead], query: TicketQuery,
    words_of: Callable[[TicketHead], AbstractSet[str]] | None = None,
) -> list[TicketHead]:
    """The answer to ``query`` over ``heads``: the matching ones in the query's order, after
    its cursor, at most ``query.limit``. Checks the query first (:func:`check_query`)."""
    check_query(query)
    found = list(filter(matcher(query, words_of), heads))
    order = query.order
    if order in DEADLINE_COLUMNS:
        def key(head: TicketHead) -> tuple[datetime, tuple[int, int, str]]:
            at = deadline(head, order)
            if at is None:  # the matcher kept only heads with this deadline
                raise ValueError(f"ticket {head.id} has no {order}")
            return at, sort_key(head)

        found.sort(key=key)
        if query.after_id is not None and query.after_due is not None:
            cursor = (query.after_due, id_sort_key(query.after_id))
            found = [h for h in found if key(h) > cursor]
    else:
        found.sort(key=sort_key, reverse=order == "newest")
        if query.after_id is not None:
            after = id_sort_key(query.after_id)
            found = [h for h in found
                     if (sort_key(h) < after if order == "newest" else sort_key(h) > after)]
    return found[: query.limit] if query.limit is not None else found


def matches(ticket: Ticket, query: TicketQuery) -> bool:
    """True when the full ``ticket`` satisfies every filter of ``query`` (paging aside)."""
    words = searchable_words(ticket)
    return matcher(query, lambda _: words)(head_of(ticket))


def due_tickets(
    heads: Iterable[TicketHead], column: str, before: datetime,
    due_from: datetime | None = None,
) -> list[TicketHead]:
    """The heads whose ``column`` deadline lies in ``[due_from, before)``, earliest first,
    then in id order: the order ``claim_due`` hands them out (before its limit)."""
    due = []
    for head in heads:
        value = deadline(head, column)
        if value is None or value >= before or (due_from is not None and value < due_from):
            continue
        due.append((value, sort_key(head), head))
    due.sort(key=lambda item: (item[0], item[1]))
    return [head for _, _, head in due]


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


def put_each(records: RecordRepository, writes: Iterable[RecordPut]) -> None:
    """The reference ``put_many`` (:class:`~supportkit.ports.BulkRecordRepository`): one
    ``put`` per write, in order."""
    for write in writes:
        records.put(write.kind, write.record_id, write.data, keys=write.keys)


def delete_each(records: RecordRepository, kind: str, record_ids: Iterable[str]) -> int:
    """The reference ``delete_many``: one ``delete`` per id; how many records it removed."""
    return sum(records.delete(kind, record_id) for record_id in record_ids)


def append_each(
    tickets: TicketRepository, changes: Iterable[tuple[TicketHead, Sequence[Event]]]
) -> None:
    """The reference ``append_many`` (:class:`~supportkit.ports.BulkAppendTicketRepository`):
    one ``append`` per change, in order."""
    for head, events in changes:
        tickets.append(head, events)


def _escapes_surrogate(text: str | bytes) -> bool:
    """Whether JSON ``text`` (or its UTF-8 bytes) may hold a ``\\udXXX`` escape."""
    # A one-character search (memchr) first: most texts hold no backslash at all.
    if isinstance(text, bytes):
        return b"\\" in text and b"\\ud" in text
    return "\\" in text and "\\ud" in text


def refuse_invalid_text(ticket_id: str, head: str | bytes, events: Sequence[str | bytes],
                        load: Callable[[str | bytes], Any] = json.loads) -> None:
    """:class:`InvalidInput` when a new ticket's ``head`` or one of its ``events``, as the
    store writes them (:func:`~supportkit.serialization.stored_json`, which writes a text
    holding a lone surrogate with ``ensure_ascii``; read back by ``load``), holds a lone
    surrogate, naming its field (``subject``, ``events[1].message.body``).

    Every store refuses such a ticket the same way, in ``add`` and ``add_many`` before
    anything of it is written (PostgreSQL cannot hold it; a store that accepted it would
    write text no UTF-8 reader takes). A lone surrogate is a ``\\udXXX`` escape in that
    text, so a ticket without one (almost all) costs a substring search per text.
    """
    if not _escapes_surrogate(head) and not any(map(_escapes_surrogate, events)):
        return
    named = [("", head), *((f"events[{seq}].", text) for seq, text in enumerate(events))]
    for where, text in named:
        path = invalid_text_path(load(text), "the text") if _escapes_surrogate(text) else None
        if path is not None:
            raise InvalidInput(
                f"ticket {ticket_id} cannot be added: {where}{path} holds text that is not "
                "valid Unicode (a lone surrogate such as \\udce9, from bytes decoded with "
                "'surrogateescape'?); decode input strictly or with errors='replace'"
            )
