"""The filters of a ticket query: a plain value the access rules build and the store
ports execute (:meth:`supportkit.ports.TicketRepository.query`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from supportkit.tickets.status import TicketStatus

__all__ = ["TicketQuery"]


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
