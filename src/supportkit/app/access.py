"""Scope enforcement inside a unit of work: resolving viewers, checking each action, the
view each reader gets, listing visible tickets, routing new tickets and assigning them to
category staff.

These functions read accounts and tickets through the ports of one unit of work; the pure
rules they apply live in :mod:`supportkit.access.scopes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from supportkit.access.accounts import Account
from supportkit.access.scopes import (
    Readable,
    Scope,
    Viewer,
    ViewerKind,
    clauses,
    side_for,
)
from supportkit.access.views import summary_for_side, view_for_side
from supportkit.app.repositories import AccountRepository
from supportkit.errors import NotFound, PermissionDenied
from supportkit.policy import Policy
from supportkit.ports import TicketQuery, UnitOfWork
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.head import TicketHead, TicketSummary, summary_of
from supportkit.tickets.model import EventValue, Ticket
from supportkit.tickets.query import order_key
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.validation import require_ticket_id, require_viewer
from supportkit.tickets.workflow import Action

__all__ = [
    "ASSIGNMENT_KIND",
    "Opening",
    "account_actor",
    "assign",
    "authorize",
    "check",
    "denied",
    "handlers_of",
    "list_visible",
    "resolve_viewer",
    "route_opening",
    "side_for",
    "view",
]

#: Record kind of the round-robin position per category.
ASSIGNMENT_KIND = "assignment"

Who = Actor | str | None


def _name(who: Who) -> str:
    if who is None:
        return "system"
    return who if isinstance(who, str) else who.id


def denied(ticket_id: str, who: Who) -> PermissionDenied:
    """The one refusal for unknown and forbidden tickets alike."""
    return PermissionDenied(
        f"no ticket {ticket_id!r} is visible to {_name(who)}: a viewer sees only tickets it "
        "requested, its company's tickets and tickets addressed to it or to accounts below it"
    )


def account_actor(account: Account, side: Side, roles: Iterable[str] = ()) -> Actor:
    """The actor for ``account`` on ``side``; its roles include the account's role."""
    return Actor(account.id, side, account.company, frozenset({account.role.value, *roles}))


def resolve_viewer(uow: UnitOfWork, policy: Policy, who: Who) -> tuple[Viewer, Account | None]:
    """Who is looking: the system, an account, a staff member or a plain customer.

    An actor whose id is an account is that account: its company comes from the account,
    whatever the caller put on the actor. A string names an account.
    """
    if who is None or (isinstance(who, Actor) and who.side is Side.SYSTEM):
        return Viewer(ViewerKind.SYSTEM, _name(who)), None
    account = AccountRepository(uow.records).find(_name(who))
    if account is not None:
        return Viewer(ViewerKind.ACCOUNT, account.id, account.company, policy.scopes), account
    if isinstance(who, str):
        raise PermissionDenied(
            f"viewer {who!r} is not an account; pass an Actor, or None for system access"
        )
    if who.side is Side.SUPPORT:
        unrestricted = policy.staff_visibility == "all" or any(
            who.has_role(role) for role in sorted(policy.staff_unrestricted_roles)
        )
        categories = None if unrestricted else frozenset(
            c for c, staff in policy.category_staff.items() if who.id in staff
        )
        scopes = frozenset({Scope.OWN, Scope.HANDLED}) & policy.scopes | {Scope.HANDLED}
        return Viewer(ViewerKind.STAFF, who.id, None, scopes, categories), None
    return Viewer(ViewerKind.CUSTOMER, who.id, who.company, policy.scopes), None


def handlers_of(uow: UnitOfWork, ticket: Readable) -> frozenset[str]:
    """``ticket.addressed_to`` and every account above it."""
    if ticket.addressed_to is None:
        return frozenset()
    above = AccountRepository(uow.records).ancestors(ticket.addressed_to)
    return frozenset({ticket.addressed_to, *(a.id for a in above)})


def authorize(
    uow: UnitOfWork,
    policy: Policy,
    ticket_id: str,
    who: Who,
    *,
    check_side: bool = True,
    for_update: bool = False,
) -> TicketHead:
    """The ticket's head, if ``who`` may act on it on the side it claims; else
    :class:`PermissionDenied`.

    Viewers who see every ticket get :class:`NotFound` for an unknown id; everyone else gets
    the same refusal for unknown and forbidden ids. ``for_update`` holds the ticket against
    other writers until ``uow`` ends (the write path reads it so).
    """
    ticket_id = require_ticket_id(ticket_id)
    viewer, account = resolve_viewer(uow, policy, require_viewer(who))
    try:
        ticket = uow.tickets.head(ticket_id, for_update=for_update)
    except NotFound:
        if viewer.unrestricted:
            raise
        raise denied(ticket_id, who) from None
    _check(uow, viewer, account, ticket, who, check_side=check_side)
    return ticket


def check(uow: UnitOfWork, policy: Policy, ticket: Readable, who: Who) -> None:
    """:class:`PermissionDenied` unless ``who`` may act on ``ticket`` on the side it claims."""
    viewer, account = resolve_viewer(uow, policy, who)
    _check(uow, viewer, account, ticket, who, check_side=True)


def _check(
    uow: UnitOfWork,
    viewer: Viewer,
    account: Account | None,
    ticket: Readable,
    who: Who,
    *,
    check_side: bool,
) -> None:
    side = side_for(viewer, ticket, handlers_of(uow, ticket))
    if side is None:
        raise denied(ticket.id, who)
    if check_side and account is not None and isinstance(who, Actor) and who.side is not side:
        raise PermissionDenied(
            f"account {account.id} acts as {side.value} on ticket {ticket.id}, not as "
            f"{who.side.value}; use Helpdesk.actor_for({account.id!r}, ticket)"
        )


def _narrow(base: TicketQuery, clause: TicketQuery) -> TicketQuery | None:
    """``base`` AND ``clause``; None when they cannot both hold."""
    changes: dict[str, object] = {}
    for name in ("requester", "company", "assignee"):
        wanted = getattr(clause, name)
        if wanted is None:
            continue
        have = getattr(base, name)
        if have is not None and have != wanted:
            return None
        changes[name] = wanted
    for name in ("addressed_to_any", "categories_any"):
        wanted_set: frozenset[str] | None = getattr(clause, name)
        if wanted_set is None:
            continue
        have_set: frozenset[str] | None = getattr(base, name)
        changes[name] = wanted_set if have_set is None else wanted_set & have_set
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


def _side(uow: UnitOfWork, policy: Policy, ticket: Readable, who: Who) -> Side | None:
    """The side ``who`` reads ``ticket`` on (None: support or system, who see it all)."""
    viewer, _ = resolve_viewer(uow, policy, who)
    if viewer.kind in (ViewerKind.SYSTEM, ViewerKind.STAFF):
        return None
    return side_for(viewer, ticket, handlers_of(uow, ticket))


def view(uow: UnitOfWork, policy: Policy, ticket: Ticket, who: Who) -> Ticket:
    """The full ``ticket`` as ``who`` may see it: the one view function behind every read
    of a ticket (the rules are in :mod:`supportkit.access.views`)."""
    return view_for_side(ticket, _side(uow, policy, ticket, who))


def view_summary(uow: UnitOfWork, policy: Policy, head: TicketHead, who: Who) -> (
    TicketSummary
):
    """The list row of ``head`` as ``who`` may see it: what every action returns."""
    side = _side(uow, policy, head, who)
    return summary_of(head, side=Side.CUSTOMER if side is Side.CUSTOMER else Side.SUPPORT)


def list_visible(
    uow: UnitOfWork, policy: Policy, who: Who, scope: Scope | None, base: TicketQuery
) -> Sequence[TicketSummary]:
    """Summaries of the tickets matching ``base`` that ``who`` sees through ``scope`` (all
    its scopes: None), in the query's order."""
    viewer, _ = resolve_viewer(uow, policy, who)
    found: Sequence[TicketSummary]
    parts = visible_queries(uow, viewer, who, scope, base)
    if parts is None:
        found = uow.tickets.query(base)
    else:
        merged: dict[str, TicketSummary] = {}
        for query in parts:
            merged.update((t.id, t) for t in uow.tickets.query(query))
        key, reverse = order_key(base.order)
        found = sorted(merged.values(), key=key, reverse=reverse)[: base.limit]
    if viewer.kind in (ViewerKind.SYSTEM, ViewerKind.STAFF):
        return found
    return [summary_for_side(t, side_for(viewer, t, handlers_of(uow, t))) for t in found]


def visible_queries(
    uow: UnitOfWork, viewer: Viewer, who: Who, scope: Scope | None, base: TicketQuery
) -> list[TicketQuery] | None:
    """Queries whose union is what ``viewer`` (``who`` resolved) sees of ``base`` through
    ``scope`` (None: ``base`` itself, everything it matches); :class:`PermissionDenied`
    for a scope the viewer does not have."""
    if scope is not None and scope not in viewer.scopes:
        allowed = ", ".join(sorted(s.value for s in viewer.scopes))
        raise PermissionDenied(f"scope {scope.value!r} is not open to {_name(who)}; "
                               f"allowed: {allowed}")
    wanted = viewer.scopes if scope is None else frozenset({scope})
    subtree: frozenset[str] = frozenset()
    if Scope.HANDLED in wanted and viewer.id is not None:
        if viewer.kind is ViewerKind.ACCOUNT:
            subtree = AccountRepository(uow.records).subtree(viewer.id)
        elif viewer.kind is ViewerKind.CUSTOMER:
            subtree = frozenset({viewer.id})
    parts = clauses(viewer, wanted, subtree)
    if parts is None:
        return None
    return [q for q in (_narrow(base, part) for part in parts) if q is not None]


def count_visible(
    uow: UnitOfWork, policy: Policy, who: Who, scope: Scope | None, base: TicketQuery
) -> int:
    """How many tickets matching ``base`` ``who`` sees through ``scope`` (paging ignored)."""
    viewer, _ = resolve_viewer(uow, policy, who)
    unpaged = attrs.evolve(base, limit=None, after_id=None, after_due=None)
    parts = visible_queries(uow, viewer, who, scope, unpaged)
    if parts is None:
        return uow.tickets.count(unpaged)
    if len(parts) == 1:
        return uow.tickets.count(parts[0])
    seen: set[str] = set()
    for query in parts:  # overlapping scopes: count each ticket once
        seen.update(t.id for t in uow.tickets.query(query))
    return len(seen)


@attrs.frozen
class Opening:
    """How a new ticket is routed: the actor it is opened as and its event data."""

    requester: Actor
    status: TicketStatus
    data: dict[str, EventValue]


def route_opening(
    uow: UnitOfWork, policy: Policy, requester: Actor, to: str | None
) -> Opening:
    """Address a new ticket: to the level above (hierarchy routing), to the support
    organisation, or — with ``to`` — from a level down to an account below it."""
    accounts = AccountRepository(uow.records)
    account = accounts.find(requester.id)
    data: dict[str, EventValue] = {}
    if to is not None:
        if account is None or account.id not in {a.id for a in accounts.ancestors(to)}:
            raise PermissionDenied(
                f"{requester.id} may open tickets only towards accounts below it; "
                f"{to!r} is not one of them"
            )
        data["addressed_to"] = to
        # A message from above: the status a support-side reply on an open ticket leads to
        # (OPEN by default, SOLVED — "answered" — in the ISPmanager workflow).
        row = policy.workflow.find(TicketStatus.OPEN, Action.REPLY, Side.SUPPORT)
        status = row.target if row is not None else TicketStatus.OPEN
        return Opening(account_actor(account, Side.SUPPORT, requester.roles), status, data)
    if account is None:
        if policy.registered_only:
            raise PermissionDenied(
                f"{requester.id} has no account: only registered accounts may open tickets "
                "(add it with Helpdesk.add_account)"
            )
        return Opening(requester, TicketStatus.OPEN, data)
    if policy.routing == "hierarchy" and account.parent is not None:
        data["addressed_to"] = account.parent
    return Opening(account_actor(account, Side.CUSTOMER, requester.roles), TicketStatus.OPEN, data)


def assign(uow: UnitOfWork, policy: Policy, category: str | None) -> str | None:
    """The staff member a new ticket of ``category`` goes to, per the policy's strategy.

    Round-robin keeps its position in a record (kind ``"assignment"``, id = category) that
    is written in the same unit of work as the ticket. Least-loaded picks the member with
    the fewest OPEN tickets assigned (ties: the first listed).
    """
    if category is None:
        return None
    staff = policy.category_staff.get(category)
    if not staff:
        return None
    if policy.assignment == "least_loaded":
        def load(member: str) -> int:
            open_only: Any = frozenset({TicketStatus.OPEN})
            query = TicketQuery(assignee=member, statuses=open_only)
            return uow.tickets.count(query)

        return min(staff, key=load)
    try:  # held until the unit of work ends: concurrent openings take turns, none is lost
        held = uow.records.get(ASSIGNMENT_KIND, category, for_update=True)
        position = int(held["next"])
    except NotFound:
        position = 0
    uow.records.put(ASSIGNMENT_KIND, category, {"next": (position + 1) % len(staff)})
    return staff[position % len(staff)]
