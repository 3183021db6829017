"""The ISPmanager lifecycle as data: who writes decides the status.

ISPmanager (seed ``004``): "If the ticket was submitted by a user to his reseller or
administrator, the ticket status will be automatically changed into 'open'. If it was located
in the Closed tickets, it will be moved to the list of active tickets." — "If the ticket was
submitted by an administrator to his reseller or user, or by a reseller to his user, the
ticket status will be changed into 'solved'." — and archived tickets "can be opened again".

In supportkit terms the level above acts as SUPPORT and the level below as CUSTOMER (see
:func:`supportkit.access.scopes.side_for`), so:

- a reply from below (customer side) makes the ticket OPEN from any status, including CLOSED
  and ARCHIVED, without a reopen window;
- a reply from above (support side) marks it SOLVED ("answered"), also from CLOSED and
  ARCHIVED, which puts it back on the active list;
- either side may move it to the archive from OPEN too, and reopen it from CLOSED or
  ARCHIVED at any time.
"""

from __future__ import annotations

from supportkit.tickets.actors import Side
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Action, Transition, Workflow, default_workflow

__all__ = ["ispmanager_workflow"]


def ispmanager_workflow() -> Workflow:
    """The default workflow with ISPmanager's "who wrote last" rows."""
    statuses = (
        TicketStatus.OPEN, TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.ARCHIVED
    )
    rows: list[Transition] = []
    for status in statuses:
        rows.append(Transition(status, Action.REPLY, Side.CUSTOMER, TicketStatus.OPEN))
        rows.append(Transition(status, Action.REPLY, Side.SUPPORT, TicketStatus.SOLVED))
    for side in (Side.CUSTOMER, Side.SUPPORT):
        rows.append(Transition(TicketStatus.OPEN, Action.ARCHIVE, side, TicketStatus.ARCHIVED))
        for status in (TicketStatus.CLOSED, TicketStatus.ARCHIVED):
            rows.append(Transition(status, Action.REOPEN, side, TicketStatus.OPEN))
    return default_workflow().replace(rows)
