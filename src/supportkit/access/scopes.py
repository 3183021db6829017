"""Who may see a ticket, and on which side they act on it: pure rules over a :class:`Viewer`.

Scopes (what a viewer may list and act on):

- ``own``: tickets the viewer requested;
- ``company``: tickets requested by anyone of the viewer's company;
- ``handled``: tickets addressed to the viewer or to any account below it. For support staff
  not mapped to an account, ``handled`` is every ticket — or, when the policy restricts staff
  to their categories, the tickets of their categories and those assigned to them.

The *side* a viewer acts on for one ticket it may see (see ``docs/access.md``): the ticket's
*client* is its requester, or — for a ticket a level opened towards an account below it —
that account. Every account other than the client that is the ticket's ``addressed_to`` or
above it acts as SUPPORT; the client and same-company colleagues act as CUSTOMER. Staff act
as SUPPORT, system processes as SYSTEM.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, TypeAlias

import attrs

from supportkit.tickets.actors import Side
from supportkit.tickets.head import TicketState, TicketSummary
from supportkit.tickets.query import TicketQuery

__all__ = [
    "ALL_SCOPES",
    "Scope",
    "ScopeName",
    "Viewer",
    "ViewerKind",
    "clauses",
    "client_of",
    "is_downward",
    "side_for",
    "visible_scopes",
]


class Scope(StrEnum):
    """A view of the tickets a viewer may see."""

    OWN = "own"
    COMPANY = "company"
    HANDLED = "handled"


ALL_SCOPES = frozenset(Scope)
#: The values of :class:`Scope`, for code that passes plain text (``scope="company"``).
ScopeName: TypeAlias = Literal["own", "company", "handled"]


class ViewerKind(StrEnum):
    """How a viewer was identified."""

    SYSTEM = "system"  # no viewer, or an Actor of Side.SYSTEM: sees everything
    STAFF = "staff"  # a support-side actor that is not an account
    ACCOUNT = "account"  # an account of the hierarchy (whatever side the caller claimed)
    CUSTOMER = "customer"  # a customer-side actor that is not an account


def _scopes(value: Iterable[Scope | str]) -> frozenset[Scope]:
    return frozenset(Scope(v) for v in value)


@attrs.frozen
class Viewer:
    """A resolved viewer. ``categories`` is None for staff who see every category."""

    kind: ViewerKind
    id: str | None = None
    company: str | None = None
    scopes: frozenset[Scope] = attrs.field(default=ALL_SCOPES, converter=_scopes)
    categories: frozenset[str] | None = None

    @property
    def unrestricted(self) -> bool:
        """True for viewers who see every ticket."""
        return self.kind is ViewerKind.SYSTEM or (
            self.kind is ViewerKind.STAFF and self.categories is None
        )


#: What the access rules read of a ticket: the full ticket, its head or a list row.
Readable = TicketState | TicketSummary


def requester_of(ticket: Readable) -> tuple[str, Side, str | None]:
    """The requester's id, side and company, from any shape of a ticket."""
    if isinstance(ticket, TicketSummary):
        return ticket.requester, ticket.requester_side, ticket.company
    return ticket.requester.id, ticket.requester.side, ticket.requester.company


def is_downward(ticket: Readable) -> bool:
    """True for a ticket a level opened towards an account below it."""
    return requester_of(ticket)[1] is Side.SUPPORT and ticket.addressed_to is not None


def client_of(ticket: Readable) -> str:
    """The account (or customer) the ticket is about: the lower party."""
    requester, side, _ = requester_of(ticket)
    if side is Side.SUPPORT and ticket.addressed_to is not None:
        return ticket.addressed_to
    return requester


def visible_scopes(
    viewer: Viewer, ticket: Readable, handlers: frozenset[str]
) -> frozenset[Scope]:
    """The viewer's scopes through which ``ticket`` is visible.

    ``handlers`` is the ticket's ``addressed_to`` plus every account above it (empty when the
    ticket is addressed to the support organisation).
    """
    if viewer.unrestricted:
        return viewer.scopes if viewer.kind is ViewerKind.STAFF else ALL_SCOPES
    found: set[Scope] = set()
    requester, _, company = requester_of(ticket)
    if requester == viewer.id:
        found.add(Scope.OWN)
    if viewer.kind is ViewerKind.STAFF:
        categories = viewer.categories or frozenset()
        if ticket.assignee == viewer.id or (
            ticket.category is not None and ticket.category in categories
        ):
            found.add(Scope.HANDLED)
    else:
        if viewer.company is not None and company == viewer.company:
            found.add(Scope.COMPANY)
        if viewer.id in handlers:
            found.add(Scope.HANDLED)
    return frozenset(found) & viewer.scopes


def side_for(viewer: Viewer, ticket: Readable, handlers: frozenset[str]) -> Side | None:
    """The side ``viewer`` acts on for ``ticket``, or None when it may not see it."""
    scopes = visible_scopes(viewer, ticket, handlers)
    if not scopes:
        return None
    if viewer.kind is ViewerKind.SYSTEM:
        return Side.SYSTEM
    if viewer.kind is ViewerKind.STAFF:
        return Side.SUPPORT
    # The side follows the hierarchy, not the scope the ticket was found through: the
    # level a ticket is addressed to, and every level above it, answer from above.
    if viewer.id in handlers and viewer.id != client_of(ticket):
        return Side.SUPPORT
    return Side.CUSTOMER


def clauses(
    viewer: Viewer, scopes: frozenset[Scope], subtree: frozenset[str]
) -> list[TicketQuery] | None:
    """Queries whose union is what ``viewer`` sees through ``scopes`` (None: everything).

    ``subtree`` is the viewer's account id and the ids of every account below it.
    """
    wanted = scopes & viewer.scopes
    if viewer.kind is ViewerKind.SYSTEM or (viewer.unrestricted and Scope.HANDLED in wanted):
        return None
    found: list[TicketQuery] = []
    if Scope.OWN in wanted and viewer.id is not None:
        found.append(TicketQuery(requester=viewer.id))
    if viewer.kind is ViewerKind.STAFF:
        if Scope.HANDLED in wanted and viewer.categories is not None:
            found.append(TicketQuery(assignee=viewer.id))
            if viewer.categories:
                found.append(TicketQuery(categories_any=viewer.categories))
        return found
    if Scope.COMPANY in wanted and viewer.company is not None:
        found.append(TicketQuery(company=viewer.company))
    if Scope.HANDLED in wanted and subtree:
        found.append(TicketQuery(addressed_to_any=subtree))
    return found
