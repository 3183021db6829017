"""The retention run: purge private content of tickets whose keep period has ended.

This is an application job over the storage ports (not a pure domain module). Order of work
for one ticket, chosen so that an interruption at any point converges on re-run:

1. In one unit of work: re-read the ticket, re-check that it is due (a reopened ticket is
   not), append a ``purged`` event (the fold marks the references purged and the deadline
   clears), and write one *pending deletion* record per digest. Nothing is deleted yet, so
   a crash before this commit leaves the ticket as it was, still due.
2. For each pending digest: delete the blob only when **no** reference to it, in any ticket,
   is still unpurged (content is addressed by hash and may be shared with a ticket that must
   keep it); then drop the pending record. A crash here leaves pending records, which the
   next run finishes first.

Shared blobs are found through ``blob_ref`` records (one per ticket and digest) that the
:class:`~supportkit.Helpdesk` writes in the same unit of work as the message referencing
them (:func:`index_blobs`). Tickets stored without going through a ``Helpdesk`` must be
indexed the same way before they may share content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

import attrs

from supportkit.durations import format_duration
from supportkit.errors import NotFound
from supportkit.ports import Store, TicketQuery, UnitOfWork
from supportkit.privacy.retention import RetentionPolicy, purgeable_digests, retention_due
from supportkit.tickets.actors import Actor
from supportkit.tickets.history import apply
from supportkit.tickets.model import AttachmentRef, Event, Ticket
from supportkit.tickets.status import TicketStatus

__all__ = [
    "BLOB_REF",
    "PENDING",
    "PURGED",
    "RetentionReport",
    "blob_holders",
    "index_blobs",
    "run_retention",
]

BLOB_REF = "blob_ref"
PENDING = "retention_pending"
PURGED = "purged"
_TICK = timedelta(microseconds=1)
_ENDED = frozenset({TicketStatus.CLOSED, TicketStatus.ARCHIVED})

#: Re-derives a ticket's policy-dependent deadlines (``supportkit.deadlines.derive`` bound
#: to the desk's policy); passed in so this module does not import the policy bundle.
Derive = Callable[[Ticket], Ticket]


@attrs.frozen(kw_only=True)
class RetentionReport:
    """What one retention run did (or, with ``dry_run``, would do).

    ``purged``: ids of tickets whose private data was purged; ``bytes_freed`` and
    ``blobs_deleted``: content removed from the blob store; ``blobs_kept_shared``: purged
    references whose content stays because a ticket that must keep it shares it;
    ``skipped``: ids listed as due that were not due on re-check (reopened or changed
    meanwhile); ``finished_pending``: deletions left
    over by an interrupted earlier run and completed by this one.
    """

    ran_at: datetime
    dry_run: bool = False
    rule: str = ""
    purged: tuple[str, ...] = ()
    bytes_freed: int = 0
    blobs_deleted: int = 0
    blobs_kept_shared: int = 0
    skipped: tuple[str, ...] = ()
    finished_pending: int = 0


def index_blobs(uow: UnitOfWork, ticket_id: str, refs: Iterable[AttachmentRef]) -> None:
    """Record that ``ticket_id`` references each digest of ``refs`` (idempotent)."""
    for ref in refs:
        uow.records.put(
            BLOB_REF,
            f"{ref.sha256}:{ticket_id}",
            {"sha256": ref.sha256, "ticket": ticket_id},
            keys={"sha256": ref.sha256},
        )


def _holding(uow: UnitOfWork, sha256: str) -> Iterator[Ticket]:
    for _, data in uow.records.find(BLOB_REF, "sha256", sha256):
        try:
            ticket = uow.tickets.get(str(data["ticket"]))
        except NotFound:
            continue
        if any(
            ref.sha256 == sha256 and not ref.purged
            for message in ticket.messages
            for ref in message.attachments
        ):
            yield ticket


def blob_holders(uow: UnitOfWork, sha256: str) -> tuple[str, ...]:
    """Ids of tickets still holding an unpurged reference to ``sha256``."""
    return tuple(ticket.id for ticket in _holding(uow, sha256))


def _keeps(ticket: Ticket, digest: str, policy: RetentionPolicy, now: datetime) -> bool:
    """True when ``ticket`` must keep ``digest`` at ``now`` (not due, or not private there)."""
    due = retention_due(ticket, policy)
    return due is None or due > now or digest not in purgeable_digests(ticket, policy)


@attrs.define
class _Tally:
    purged: list[str] = attrs.field(factory=list)
    skipped: list[str] = attrs.field(factory=list)
    bytes_freed: int = 0
    blobs_deleted: int = 0
    kept_shared: int = 0
    finished_pending: int = 0


def _due_batches(
    store: Store, now: datetime, size: int, recheck_all: bool
) -> Iterator[list[Ticket]]:
    after: str | None = None
    while True:
        if recheck_all:
            query = TicketQuery(statuses=_ENDED, limit=size, after_id=after)
        else:
            query = TicketQuery(
                due="retention_due", due_before=now + _TICK, limit=size, after_id=after
            )
        with store.unit_of_work() as uow:
            batch = list(uow.tickets.query(query))
        if not batch:
            return
        yield batch
        after = batch[-1].id


def _pending(store: Store, size: int) -> Iterator[str]:
    after = 0
    while True:
        with store.unit_of_work() as uow:
            rows = uow.records.list(PENDING, after_seq=after, limit=size)
        if not rows:
            return
        for seq, digest, _ in rows:
            after = seq
            yield digest


def _collect(
    store: Store, digest: str, policy: RetentionPolicy, now: datetime, tally: _Tally
) -> None:
    """Delete ``digest`` if no reference to it is unpurged, then drop its pending record.
    (A holder that is itself due will be purged later in the run and delete it then.)"""
    with store.unit_of_work() as uow:
        holders = list(_holding(uow, digest))
        keeper = any(_keeps(holder, digest, policy, now) for holder in holders)
    if holders:
        tally.kept_shared += keeper
    else:
        freed = store.blobs.delete(digest)
        if freed:
            tally.blobs_deleted += 1
            tally.bytes_freed += freed
    with store.unit_of_work() as uow:
        uow.records.delete(PENDING, digest)


def _purge_event(ticket: Ticket, digests: frozenset[str], policy: RetentionPolicy,
                 now: datetime) -> Event:
    keep = format_duration(policy.keep) if policy.keep is not None else "forever"
    sizes = {ref.sha256: ref.size for m in ticket.messages for ref in m.attachments}
    return Event(
        PURGED,
        max(now, ticket.updated_at),
        Actor.system(),
        {
            PURGED: ",".join(sorted(digests)),
            "rule": f"retention: {policy.describe()}",
            "keep": keep,
            "private": ",".join(sorted(policy.private)),
            "bytes": sum(sizes[d] for d in digests),
            "run_at": now.isoformat(),
        },
    )


def _purge_ticket(
    store: Store, ticket_id: str, policy: RetentionPolicy, now: datetime,
    derive: Derive, tally: _Tally,
) -> tuple[str, ...]:
    """Step 1 for one ticket; returns the digests whose deletion is now pending."""
    with store.unit_of_work() as uow:
        ticket = uow.tickets.get(ticket_id)
        due = retention_due(ticket, policy)
        if due is None or due > now:
            if ticket.retention_due is not None and ticket.retention_due <= now:
                tally.skipped.append(ticket_id)
            return ()
        digests = purgeable_digests(ticket, policy)
        new = derive(apply(ticket, _purge_event(ticket, digests, policy, now)))
        uow.tickets.save(attrs.evolve(new, version=ticket.version + 1))
        for digest in sorted(digests):
            uow.records.put(PENDING, digest, {"sha256": digest, "ticket": ticket_id})
    tally.purged.append(ticket_id)
    return tuple(sorted(digests))


def _dry(store: Store, ticket: Ticket, policy: RetentionPolicy, now: datetime,
         tally: _Tally, counted: set[str]) -> None:
    due = retention_due(ticket, policy)
    if due is None or due > now:
        if ticket.retention_due is not None:
            tally.skipped.append(ticket.id)
        return
    tally.purged.append(ticket.id)
    for digest in sorted(purgeable_digests(ticket, policy)):
        if digest in counted:
            continue
        with store.unit_of_work() as uow:
            keeper = any(_keeps(h, digest, policy, now)
                         for h in _holding(uow, digest) if h.id != ticket.id)
        if keeper:
            tally.kept_shared += 1
            continue
        counted.add(digest)
        if store.blobs.exists(digest):
            size = next(
                ref.size for m in ticket.messages for ref in m.attachments
                if ref.sha256 == digest
            )
            tally.blobs_deleted += 1
            tally.bytes_freed += size


def run_retention(
    store: Store,
    policy: RetentionPolicy,
    now: datetime,
    derive: Derive,
    *,
    dry_run: bool = False,
    recheck_all: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RetentionReport:
    """Purge (or, with ``dry_run``, list) private data due at ``now`` over the whole stock.

    ``progress``, when given, is called after each batch with the number of tickets handled
    so far (the command line draws its progress bar with it).

    Streams due tickets in batches of ``policy.batch_size`` ordered by id; idempotent; safe
    to interrupt and re-run (see the module docstring for the order of work). Due tickets
    are found by their stored ``retention_due``; ``recheck_all`` instead streams every
    closed and archived ticket and re-computes the deadline with ``policy`` (needed once
    after ``keep`` was shortened, since stored deadlines follow the policy in force when
    each ticket last changed).
    """
    tally = _Tally()
    counted: set[str] = set()  # dry run: digests already counted as freed
    if not dry_run:
        for digest in _pending(store, policy.batch_size):
            _collect(store, digest, policy, now, tally)
            tally.finished_pending += 1
    handled = 0
    for batch in _due_batches(store, now, policy.batch_size, recheck_all):
        for ticket in batch:
            if dry_run:
                _dry(store, ticket, policy, now, tally, counted)
                continue
            for digest in _purge_ticket(store, ticket.id, policy, now, derive, tally):
                _collect(store, digest, policy, now, tally)
        handled += len(batch)
        if progress is not None:
            progress(handled)
    return RetentionReport(
        ran_at=now,
        dry_run=dry_run,
        rule=policy.describe(),
        purged=tuple(tally.purged),
        bytes_freed=tally.bytes_freed,
        blobs_deleted=tally.blobs_deleted,
        blobs_kept_shared=tally.kept_shared,
        skipped=tuple(tally.skipped),
        finished_pending=tally.finished_pending,
    )
