"""The one write path: every change of a ticket is recorded by :func:`record`.

Opening, every action of the workflow, supplied information, after-hours paging and the
retention purge all end in the same call, inside the action's write unit of work:

1. fold the event into the ticket's head (:func:`~supportkit.tickets.head.advance`), or
   start a new ticket from its ``opened`` event (:func:`~supportkit.tickets.history.replay`);
2. derive the policy's deadlines (:func:`~supportkit.deadlines.derive`);
3. bump the version (1 for a new ticket, one more than the stored one otherwise);
4. add the new ticket, or append the event and the new head (the store refuses a stale
   version with :class:`~supportkit.Conflict`): the history is never read or rewritten, so
   a reply costs the same on the 2,000th message as on the first;
5. index the blobs the event's message references (who holds which content, for retention),
   and drop the index entries of content a purge leaves the ticket no longer referencing;
6. write the outbox entries for the event's kind (``Policy.notify_events``).

A change of several events (an opening that pages the on-call team) calls it once per
event, so each event has its own version and its own notifications. Nothing else in
supportkit writes a ticket.
"""

from __future__ import annotations

import attrs

from supportkit.app.blobs import index_blobs, unindex_purged
from supportkit.app.outbox import write_notifications
from supportkit.deadlines import derive
from supportkit.policy import Policy
from supportkit.ports import UnitOfWork
from supportkit.tickets.head import TicketHead, advance, head_of
from supportkit.tickets.history import OPENED, PURGED_KEY, replay
from supportkit.tickets.model import Event

__all__ = ["record"]


def record(uow: UnitOfWork, policy: Policy, before: TicketHead | None, event: Event) -> (
    TicketHead
):
    """Record ``event`` on the ticket whose head is ``before`` (None: ``event`` opens a new
    ticket) in ``uow``; return the new head as stored (the full ticket is
    ``rebuild(head, events)``; see :mod:`supportkit.access.views` for what each side may
    see of it)."""
    if before is None:
        if event.kind != OPENED:
            raise ValueError(f"a new ticket starts with an 'opened' event, not {event.kind!r}")
        ticket = attrs.evolve(derive(replay(uow.tickets.next_id(), [event]), policy), version=1)
        uow.tickets.add(ticket)
        head = head_of(ticket)
    else:
        head = attrs.evolve(derive(advance(before, event), policy), version=before.version + 1)
        uow.tickets.append(head, [event])
    if event.message is not None:
        index_blobs(uow, head.id, event.message.attachments)
    if before is not None and PURGED_KEY in event.data:  # the fold marks references purged
        unindex_purged(uow, before, head)
    write_notifications(uow.records, policy, head, event)
    return head
