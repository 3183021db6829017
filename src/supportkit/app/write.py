"""The one write path: every change of a ticket is recorded by :func:`record`.

Opening, every action of the workflow, supplied information, after-hours paging and the
retention purge all end in the same call, inside the action's write unit of work:

1. fold the event into the snapshot (:func:`~supportkit.tickets.history.apply`, or
   :func:`~supportkit.tickets.history.replay` for the ``opened`` event of a new ticket);
2. derive the policy's deadlines (:func:`~supportkit.deadlines.derive`);
3. bump the version (1 for a new ticket, one more than the stored one otherwise);
4. add or save it (the store refuses a stale version with :class:`~supportkit.Conflict`);
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
from supportkit.tickets.history import OPENED, apply, replay
from supportkit.tickets.model import Event, Ticket

__all__ = ["record"]

#: The event data key whose digests the fold marks purged (see ``tickets.history.apply``).
PURGED_KEY = "purged"


def record(uow: UnitOfWork, policy: Policy, before: Ticket | None, event: Event) -> Ticket:
    """Record ``event`` on ``before`` (None: ``event`` opens a new ticket) in ``uow``;
    return the new snapshot as stored (the full view: see :mod:`supportkit.access.views`
    for what each side may see of it)."""
    if before is None:
        if event.kind != OPENED:
            raise ValueError(f"a new ticket starts with an 'opened' event, not {event.kind!r}")
        folded, version = replay(uow.tickets.next_id(), [event]), 1
    else:
        folded, version = apply(before, event), before.version + 1
    ticket = attrs.evolve(derive(folded, policy), version=version)
    if before is None:
        uow.tickets.add(ticket)
    else:
        uow.tickets.save(ticket)
    if event.message is not None:
        index_blobs(uow, ticket.id, event.message.attachments)
    if before is not None and PURGED_KEY in event.data:  # the fold marks references purged
        unindex_purged(uow, before, ticket)
    write_notifications(uow.records, policy, ticket, event)
    return ticket
