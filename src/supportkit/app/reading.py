"""The read path: every read runs in a read-only unit of work (it never takes a write lock,
so a page read does not wait behind a retention run or an import) and returns tickets
through the one view function (:func:`supportkit.app.access.view`).

The derived answers on one ticket (``sla``, ``escalation``, ``paging``, ``intake_report``,
``explanation``) read its head (or, to explain, the whole ticket) here and hand it to the
pure rule that decides; ``due`` lists by a deadline column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from supportkit._time import require_aware
from supportkit.access.scopes import Scope
from supportkit.app import access
from supportkit.app.admission import fields_of, intake_data
from supportkit.app.context import DeskContext
from supportkit.app.standing import require_standing
from supportkit.entitlements.intake import IntakeReport
from supportkit.errors import InvalidInput
from supportkit.inputs import enum_member
from supportkit.sla.escalation import EscalationDecision, escalation_decision
from supportkit.sla.explain import Measure, SlaExplanation, explain
from supportkit.sla.paging import PagingDecision, paging_decision
from supportkit.sla.status import SlaStatus, sla_status
from supportkit.tickets.actors import Actor
from supportkit.tickets.head import TicketHead, TicketSummary, refs_of
from supportkit.tickets.model import Ticket
from supportkit.tickets.query import ORDERS, TicketQuery
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.validation import (
    describe,
    require_name,
    require_optional_text,
    require_positive_int,
    require_ticket_id,
    require_viewer,
)

__all__ = [
    "count_tickets",
    "due",
    "escalation",
    "explanation",
    "get",
    "head",
    "instant",
    "intake_report",
    "list_tickets",
    "paging",
    "sla",
    "status_of",
]

Who = Actor | str | None
#: ``status=ACTIVE`` lists the statuses of the policy's active list (``Policy.active_list``).
ACTIVE = "active"
#: The largest page a list returns at once (page further with ``after_id``).
MAX_PAGE = 100_000


def status_of(value: object) -> TicketStatus:
    """A :class:`TicketStatus` from itself or its value; :class:`InvalidInput` otherwise."""
    found = enum_member(value, TicketStatus)
    if found is not None:
        return found
    allowed = ", ".join(s.value for s in TicketStatus)
    shown = repr(value[:60]) if isinstance(value, str) else describe(value)
    raise InvalidInput(f"unknown status {shown}; allowed: {allowed} (or {ACTIVE!r} "
                       "alone: the policy's active list)")


def get(desk: DeskContext, ticket_id: str, viewer: Who = None) -> Ticket:
    """The snapshot as ``viewer`` may see it (None: system access, the whole snapshot)."""
    ticket_id = require_ticket_id(ticket_id)
    with desk.reading() as uow:
        if viewer is None:
            return uow.tickets.get(ticket_id)
        head = access.authorize(uow, desk.policy, ticket_id, viewer, check_side=False)
        if isinstance(viewer, Actor):
            require_standing(uow, desk.policy, desk.now(), viewer, head.id, "view")
        return access.view(uow, desk.policy, uow.tickets.get(head.id), viewer)


def head(desk: DeskContext, ticket_id: str) -> TicketHead:
    """The ticket's head (system access): what the SLA, escalation and paging rules read,
    without its history. :class:`NotFound` for an unknown id."""
    ticket_id = require_ticket_id(ticket_id)
    with desk.reading() as uow:
        return uow.tickets.head(ticket_id)


def instant(desk: DeskContext, at: datetime | None, name: str = "at") -> datetime:
    """``at`` checked aware, or the desk's clock when None."""
    return desk.now() if at is None else require_aware(at, name)


def intake_report(desk: DeskContext, ticket_id: str) -> IntakeReport | None:
    """What the policy's checklist still misses on the ticket (None: no checklist)."""
    ticket = head(desk, ticket_id)
    return intake_data(desk.policy, fields_of(ticket), ticket.category, refs_of(ticket))[0]


def sla(desk: DeskContext, ticket_id: str, at: datetime | None) -> SlaStatus:
    """Where the ticket's SLA measures stand at ``at`` (default: now)."""
    when = instant(desk, at)
    return sla_status(head(desk, ticket_id), desk.policy, when)


def escalation(desk: DeskContext, ticket_id: str, at: datetime | None) -> EscalationDecision:
    """Whether the ticket may be escalated at ``at`` (default: now), from when and how."""
    when = instant(desk, at)
    return escalation_decision(head(desk, ticket_id), desk.policy, when)


def paging(desk: DeskContext, ticket_id: str) -> PagingDecision:
    """Whether the ticket pages the on-call team and by when someone must respond."""
    return paging_decision(head(desk, ticket_id), desk.policy)


def explanation(desk: DeskContext, ticket_id: str, measure: Measure | str) -> SlaExplanation:
    """Why ``measure`` of the ticket is due when it is (reads the whole ticket)."""
    return explain(get(desk, ticket_id), desk.policy, measure)


def due(
    desk: DeskContext,
    column: str,
    before: datetime,
    after: datetime | None,
    statuses: Iterable[TicketStatus] | None,
) -> Sequence[TicketSummary]:
    """Summaries of the tickets whose deadline ``column`` falls in ``[after, before)``
    (system access)."""
    before = require_aware(before, "before")
    if after is not None:
        after = require_aware(after, "after")
    return list_tickets(desk, due_query(column, before, after, statuses))


def _query(
    base: TicketQuery,
    *,
    status: TicketStatus | str | Iterable[TicketStatus | str] | None,
    category: str | None,
    text: str | None,
    limit: int | None,
    after_id: str | None,
    active: frozenset[TicketStatus],
    order: str | None = None,
    after_due: datetime | None = None,
) -> TicketQuery:
    changes: dict[str, object] = {
        k: v for k, v in (("category", category), ("text", text), ("limit", limit),
                          ("after_id", after_id), ("order", order),
                          ("after_due", after_due)) if v is not None
    }
    if order is not None and (not isinstance(order, str) or order not in ORDERS):
        shown = repr(order[:60]) if isinstance(order, str) else describe(order)
        raise InvalidInput(f"unknown order {shown}; allowed: {', '.join(ORDERS)}")
    if after_due is not None:
        require_aware(after_due, "after_due")
    if isinstance(status, str) and status == ACTIVE:
        changes["statuses"] = active
    elif status is not None:
        if isinstance(status, str):
            wanted: list[object] = [status]
        elif isinstance(status, Iterable) and not isinstance(status, bytes | Mapping):
            wanted = list(status)
        else:
            raise InvalidInput(
                "status must be a status or statuses such as 'open' or "
                f"['open', 'solved'], got {describe(status)}"
            )
        changes["statuses"] = frozenset(status_of(s) for s in wanted)
    # Checked before the query is built: a category, text or id that is not text (an
    # int of 5000 digits, a nested list) is refused here alike on every store.
    if category is not None:
        require_name(category, "category")
    if limit is not None:
        limit = require_positive_int(limit, "limit", maximum=MAX_PAGE)
    if after_id is not None:
        after_id = require_ticket_id(after_id, "after_id")
    text = require_optional_text(text, "text", max_chars=1000)
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


def list_tickets(
    desk: DeskContext,
    viewer: Who | TicketQuery,
    *,
    scope: Scope | str | None = None,
    status: TicketStatus | str | Iterable[TicketStatus | str] | None = None,
    category: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    after_id: str | None = None,
    query: TicketQuery | None = None,
    order: str | None = None,
    after_due: datetime | None = None,
) -> Sequence[TicketSummary]:
    """Summaries of the tickets ``viewer`` sees (see :meth:`supportkit.Helpdesk.tickets`)."""
    who, base, in_scope = _listing(desk, viewer, scope, status, category, text, limit,
                                   after_id, query, order, after_due)
    with desk.reading() as uow:
        if who is None:
            return uow.tickets.query(base)
        return access.list_visible(uow, desk.policy, who, in_scope, base)


def count_tickets(
    desk: DeskContext,
    viewer: Who | TicketQuery,
    *,
    scope: Scope | str | None = None,
    status: TicketStatus | str | Iterable[TicketStatus | str] | None = None,
    category: str | None = None,
    text: str | None = None,
    query: TicketQuery | None = None,
) -> int:
    """How many tickets :func:`list_tickets` would list with no limit."""
    who, base, in_scope = _listing(desk, viewer, scope, status, category, text, None, None,
                                   query, None, None)
    with desk.reading() as uow:
        if who is None:
            return uow.tickets.count(base)
        return access.count_visible(uow, desk.policy, who, in_scope, base)


def _listing(
    desk: DeskContext,
    viewer: Who | TicketQuery,
    scope: Scope | str | None,
    status: TicketStatus | str | Iterable[TicketStatus | str] | None,
    category: str | None,
    text: str | None,
    limit: int | None,
    after_id: str | None,
    query: TicketQuery | None,
    order: str | None,
    after_due: datetime | None,
) -> tuple[Who, TicketQuery, Scope | None]:
    """The checked viewer, query and scope of a listing (or a count)."""
    if isinstance(viewer, TicketQuery):
        query, viewer = viewer, None
    who = require_viewer(viewer)
    base = _query(query or TicketQuery(), status=status, category=category, text=text,
                  limit=limit, after_id=after_id, active=desk.policy.active_list,
                  order=order, after_due=after_due)
    if scope is not None and scope not in {s.value for s in Scope}:
        allowed = ", ".join(s.value for s in Scope)
        raise InvalidInput(f"unknown scope {scope!r}; allowed: {allowed}")
    if who is None and scope is not None:
        raise InvalidInput(f"scope {scope!r} needs a viewer; system access sees every ticket")
    return who, base, None if scope is None else Scope(scope)


def due_query(
    column: str,
    before: datetime,
    after: datetime | None,
    statuses: Iterable[TicketStatus] | None,
) -> TicketQuery:
    """The query for tickets whose deadline ``column`` falls in ``[after, before)``."""
    if not isinstance(column, str) or not column.strip():
        shown = repr(column[:60]) if isinstance(column, str) else describe(column)
        raise InvalidInput(f"deadline column must be a non-empty text, got {shown}")
    wanted: frozenset[TicketStatus] | None = None
    if statuses is not None:
        if isinstance(statuses, str | bytes | Mapping) or not isinstance(statuses, Iterable):
            raise InvalidInput(f"statuses must be statuses such as ['open', 'solved'], got "
                               f"{describe(statuses)}")
        wanted = frozenset(status_of(s) for s in statuses)
    return TicketQuery(due=column, due_from=after, due_before=before, statuses=wanted)
