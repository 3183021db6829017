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
event, so each event has its own version and its own notifications. A batch job with one
event for each of many tickets (the retention run) calls :func:`record_many`, the same steps
with the batch's record writes made in one go. Nothing else in supportkit writes a ticket.
"""

from __future__ import annotations

from collections.abc import Sequence

from supportkit.adapters.reference import append_each
from supportkit.app.blobs import BLOB_REF, index_blobs, unindexed
from supportkit.app.outbox import event_notifications, notification_put, write_notifications
from supportkit.app.repositories import delete_records, put_records
from supportkit.deadlines import derive
from supportkit.policy import Policy
from supportkit.ports import BulkAppendTicketRepository, UnitOfWork
from supportkit.tickets.head import TicketHead, advance, head_of
from supportkit.tickets.history import OPENED, PURGED_KEY, replay
from supportkit.tickets.model import Event

__all__ = ["record", "record_many"]


def record(uow: UnitOfWork, policy: Policy, before: TicketHead | None, event: Event) -> (
    TicketHead
):
    """Record ``event`` on the ticket whose head is ``before`` (None: ``event`` opens a new
    ticket) in ``uow``; return the new head as stored (the full ticket is
    ``rebuild(head, events)``; see :mod:`supportkit.access.views` for what each side may
    see of it)."""
    if before is not None:
        return record_many(uow, policy, [(before, event)])[0]
    if event.kind != OPENED:
        raise ValueError(f"a new ticket starts with an 'opened' event, not {event.kind!r}")
    ticket = derive(replay(uow.tickets.next_id(), [event]), policy, version=1)
    uow.tickets.add(ticket)
    head = head_of(ticket)
    if event.message is not None:
        index_blobs(uow, head.id, event.message.attachments)
    write_notifications(uow.records, policy, head, event)
    return head


def record_many(
    uow: UnitOfWork, policy: Policy, changes: Sequence[tuple[TicketHead, Event]]
) -> list[TicketHead]:
    """Record one event on each of several existing tickets (each ticket at most once: its
    ``before`` head must be the stored one) in ``uow``: steps 1-6 for each, with the
    batch's record writes (dropped index entries, outbox entries) made in one go
    (:func:`~supportkit.app.repositories.put_records`). Returns the new heads, in order.
    A batch job (the retention run) uses it; :func:`record` is this for one change."""
    heads = [derive(advance(before, event), policy, version=before.version + 1)
             for before, event in changes]
    appends = [(head, [event]) for head, (_, event) in zip(heads, changes, strict=True)]
    if len(appends) > 1 and isinstance(uow.tickets, BulkAppendTicketRepository):
        uow.tickets.append_many(appends)
    else:
        append_each(uow.tickets, appends)
    dropped: list[str] = []
    for (before, event), head in zip(changes, heads, strict=True):
        if event.message is not None:
            index_blobs(uow, head.id, event.message.attachments)
        if PURGED_KEY in event.data:  # the fold marks references purged
            dropped += unindexed(before, head)
    delete_records(uow.records, BLOB_REF, sorted(dropped))  # in key order: adjacent
    put_records(uow.records, [
        notification_put(note)
        for (_, event), head in zip(changes, heads, strict=True)
        for note in event_notifications(uow.records, policy, head, event)
    ])
    return heads
