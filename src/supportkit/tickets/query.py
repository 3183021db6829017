"""The filters of a ticket query: a plain value the access rules build and the store
ports execute (:meth:`supportkit.ports.TicketRepository.query`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.tickets.ids import id_sort_key
from supportkit.tickets.status import TicketStatus

__all__ = ["DEADLINES", "ORDERS", "TicketQuery", "order_key"]


def _statuses(value: Iterable[TicketStatus] | None) -> frozenset[TicketStatus] | None:
    return None if value is None else frozenset(TicketStatus(v) for v in value)


def _str_set(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.frozen(kw_only=True)
class TicketQuery:
    """Filters for :meth:`TicketRepository.query`; all given filters must match.

    ``due`` names a deadline column (``first_response_due``, ``next_update_due``,
    ``resolution_due``, ``eta``, ``escalation_eligible_at``, ``retention_due``) that must fall
    in ``[due_from, due_before)``. ``text`` matches tickets whose subject or public messages
    hold, for every word of it, a word it begins (``webm`` finds ``Webmail``).

    ``order`` is ``"id"`` (the default: numeric ids in numeric order), ``"newest"`` (id
    descending: the latest opened first) or a deadline column (soonest first, then by id;
    only tickets that have that deadline). Paging is by keyset: pass the last row's id as
    ``after_id`` (and, ordering by a deadline, its value as ``after_due``) to get the next
    page; ``limit`` caps a page.
    """

    statuses: frozenset[TicketStatus] | None = attrs.field(default=None, converter=_statuses)
    requester: str | None = None
    company: str | None = None
    addressed_to: str | None = None
    category: str | None = None
    due: str | None = None
    due_from: datetime | None = None
    due_before: datetime | None = None
    text: str | None = None
    limit: int | None = None
    after_id: str | None = None
    order: str = "id"
    after_due: datetime | None = None
    # -- access, routing and notifications (issue 8) --
    #: the ticket's ``addressed_to`` is one of these ids (a viewer's account subtree)
    addressed_to_any: frozenset[str] | None = attrs.field(default=None, converter=_str_set)
    #: the ticket's category is one of these (staff restricted to their categories)
    categories_any: frozenset[str] | None = attrs.field(default=None, converter=_str_set)
    #: the ticket's ``assignee`` equals this staff id
    assignee: str | None = None


#: The deadline columns a query may filter (``due``), order (``order``) or claim by.
DEADLINES: tuple[str, ...] = (
    "first_response_due",
    "next_update_due",
    "resolution_due",
    "eta",
    "escalation_eligible_at",
    "retention_due",
)
#: The orders a query may ask for: by id, newest first, or by one deadline column.
ORDERS: tuple[str, ...] = ("id", "newest", *DEADLINES)


def order_key(order: str) -> tuple[Callable[[Any], tuple[Any, ...]], bool]:
    """The sort key and ``reverse`` flag that put rows (summaries or heads) in ``order``:
    what a caller merging several pages of one order sorts by."""
    if order == "id":
        return (lambda row: id_sort_key(row.id)), False
    if order == "newest":
        return (lambda row: id_sort_key(row.id)), True
    if order not in DEADLINES:
        raise InvalidInput(f"unknown order {order!r}; allowed: {', '.join(ORDERS)}")
    return (lambda row: (getattr(row, order), *id_sort_key(row.id))), False
