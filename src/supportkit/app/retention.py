"""The retention run: purge private content of tickets whose keep period has ended.

This is an application job over the storage ports (not a pure domain module). Order of work
for one ticket, chosen so that an interruption at any point converges on re-run:

1. In one unit of work: re-read the ticket, re-check that it is due (a reopened ticket is
   not), append a ``purged`` event (the fold marks the references purged and the deadline
   clears; the write path drops the ticket's ``blob_ref`` of each purged digest), and write
   one *pending deletion* record per digest. Nothing is deleted yet, so a crash before this
   commit leaves the ticket as it was, still due. On a store with claims, a batch of
   tickets is purged in one unit of work.
2. For the pending digests of a batch, in one unit of work, in digest order: delete the
   blob only when **no** reference to it, in any ticket, is still unpurged (content is
   addressed by hash and may be shared with a ticket that must keep it) and no writer
   leases it (an upload stored for a ticket not yet committed), all while holding the
   digest's lease slot (:mod:`supportkit.app.blobs`: no collector
   deletes bytes an uncommitted writer holds); then drop the pending record. A crash here
   leaves pending records, which the next run finishes first.

Linear time: a purge drops its ticket's ``blob_ref`` records, and a collection reads one
live holder (:func:`~supportkit.app.blobs.collect_digest`), so content shared by every
ticket costs each batch one holder read, not a read of every ticket that ever held it.
Whether a holder must *keep* shared content (for ``blobs_kept_shared``) is settled at the
end of the run (:func:`_settle_kept`), when the due sharers are purged and gone from the
index.

The run does not call :func:`~supportkit.app.blobs.collect_garbage` itself: that walks the
whole blob store (every digest), while a retention run costs what is due; content a lease
kept, a killed writer's leftovers and temporary files are collected by ``supportkit gc``
(:meth:`~supportkit.Helpdesk.collect_garbage`), scheduled on its own (e.g. daily).

Several workers (processes, machines) may run the retention job at once. When the store's
ticket repository can claim due tickets (:class:`~supportkit.ports.ClaimingTicketRepository`:
PostgreSQL ``FOR UPDATE SKIP LOCKED``, SQLite's single writer, the memory store's claim
table), step 1 takes its tickets with ``claim_due("retention_due", …)`` *inside* the unit of
work that purges them, one batch per unit of work: a ticket another worker holds is skipped,
so each due ticket is purged exactly once across workers. Pending records of one batch are
written in digest order, so two workers never wait on each other in a cycle. Step 2 claims
the pending record of a digest (:class:`~supportkit.ports.ClaimingRecordRepository`, key
``sha256``; a batch's digests in one unit of work, in digest order) and, holding it, checks
the holders, deletes the blob and drops the record in that same unit of work; a worker that
finds it claimed leaves it to the holder. A purge of
another ticket sharing the digest that commits meanwhile writes (or re-creates) the pending
record after the claim ends, so its worker collects the digest again: content is deleted
only when no unpurged reference is left, and never left behind. Stores without claims keep
the query-and-page path (single worker; a racing worker gets a :class:`~supportkit.Conflict`
on the ticket, retried against the fresh snapshot). Dry runs and ``recheck_all`` always
take the query path.

Shared blobs are found through ``blob_ref`` records (one per ticket and digest) that the
:class:`~supportkit.Helpdesk` writes in the same unit of work as the message referencing
them (:func:`index_blobs`). Tickets stored without going through a ``Helpdesk`` must be
indexed the same way before they may share content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Final, cast

import attrs

from supportkit._time import require_aware
from supportkit.app.blobs import collect_digests, holding, live_lease
from supportkit.app.context import DeskContext
from supportkit.app.repositories import delete_records, put_records, records_in_batches
from supportkit.app.write import record, record_many
from supportkit.durations import format_duration
from supportkit.errors import Conflict
from supportkit.policy import Policy
from supportkit.ports import (
    ClaimingRecordRepository,
    ClaimingTicketRepository,
    RecordPut,
    Store,
    TicketQuery,
    UnitOfWork,
)
from supportkit.privacy.retention import RetentionPolicy, purgeable_digests, retention_due
from supportkit.tickets.actors import Actor
from supportkit.tickets.head import TicketHead, refs_of
from supportkit.tickets.model import Event
from supportkit.tickets.status import TicketStatus

__all__ = [
    "PENDING",
    "PURGED",
    "RetentionReport",
    "next_retention_run",
    "run_retention",
]

PENDING = "retention_pending"
PURGED: Final = "purged"
_TICK = timedelta(microseconds=1)
_DUE = "retention_due"
#: How often one batch (or one ticket) is tried again after a Conflict (a writer that
#: does not take claims changed a ticket meanwhile) before the run gives up.
_RETRIES = 8
_ENDED = frozenset({TicketStatus.CLOSED, TicketStatus.ARCHIVED})
#: Kept digests noted before the run settles which of them a keeper holds (bounded memory).
_KEPT_MAX = 10_000

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


def _keeps(ticket: TicketHead, digest: str, policy: RetentionPolicy, now: datetime) -> bool:
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
    #: Digests kept because a ticket still held them when collected, with how many purged
    #: references each stands for: whether a holder *must* keep them (``blobs_kept_shared``)
    #: is settled at the end of the run, when the due holders are purged and their
    #: references gone, so the check reads the keepers and not every due sharer.
    kept: dict[str, int] = attrs.field(factory=dict)

    def keep(self, found: dict[str, int]) -> None:
        for digest, refs in found.items():
            self.kept[digest] = self.kept.get(digest, 0) + refs

    def merge(self, found: _Tally) -> None:
        """Add what a collection found (counted once its unit of work committed)."""
        self.bytes_freed += found.bytes_freed
        self.blobs_deleted += found.blobs_deleted
        self.keep(found.kept)


def _due_batches(
    store: Store, now: datetime, size: int, recheck_all: bool
) -> Iterator[list[TicketHead]]:
    after: str | None = None
    while True:
        if recheck_all:
            query = TicketQuery(statuses=_ENDED, limit=size, after_id=after)
        else:
            query = TicketQuery(
                due="retention_due", due_before=now + _TICK, limit=size, after_id=after
            )
        with store.unit_of_work(readonly=True) as uow:
            batch = list(uow.tickets.heads(query))
        if not batch:
            return
        yield batch
        after = batch[-1].id


def _pending(store: Store, size: int) -> Iterator[list[str]]:
    for rows in records_in_batches(store, PENDING, size):
        yield [digest for _, digest, _ in rows]


def _collect_in(
    uow: UnitOfWork, store: Store, digests: Mapping[str, int], now: datetime,
    found: _Tally,
) -> None:
    """Inside ``uow``, which holds the claims on the pending records of ``digests``: holding
    each digest's lease slot too (:func:`~supportkit.app.blobs.collect_digests`), delete the
    content of each that no writer leases and no unpurged reference holds (in one pass,
    before the commit), then drop the records (committed with ``uow``, so a crash before the
    commit leaves them for the next run). Content a writer leases stays: its ticket will
    reference it, or its clean-up or :func:`~supportkit.app.blobs.collect_garbage` removes
    it. ``digests`` maps each to how many purged references its record stands for, noted in
    ``found.kept`` when a ticket still holds the content; ``found`` is merged into the run's
    tally once ``uow`` committed."""
    collected = collect_digests(uow, store.blobs, digests, now)
    for digest in sorted(digests):
        collection = collected[digest]
        if collection.holders:
            found.keep({digest: digests[digest]})
        elif collection.freed:
            found.blobs_deleted += 1
            found.bytes_freed += collection.freed
    delete_records(uow.records, PENDING, sorted(digests))


def _collect_claimed(
    store: Store, digests: Mapping[str, int], now: datetime, tally: _Tally
) -> None:
    """Step 2 on a store with record claims, for a batch's ``digests`` (with how many
    purged references each stands for) in one unit of work: only the worker holding the
    pending record of a digest collects it; one that finds it claimed (or gone) leaves it.
    Claims, then lease slots, are taken in digest order (writers take slots in that order,
    and hold no claims): no wait cycle."""
    for attempt in range(_RETRIES):
        found = _Tally()
        try:
            with store.unit_of_work() as uow:
                records = cast(ClaimingRecordRepository, uow.records)
                claimed = {digest: digests[digest] for digest in sorted(digests)
                           if records.claim(PENDING, "sha256", digest, limit=1)}
                _collect_in(uow, store, claimed, now, found)
            tally.merge(found)
            return
        except Conflict:
            # Only where claims do not make writers wait (the memory store): another
            # worker re-wrote the record while this one held it. It is pending again, for
            # a purge that may have removed the last holder: look again.
            if attempt == _RETRIES - 1:
                raise


def _finish_claimed(store: Store, policy: RetentionPolicy, now: datetime,
                    tally: _Tally) -> None:
    """Collect pending records left by interrupted runs, a claimed batch at a time."""
    for _ in range(_RETRIES):
        try:
            while True:
                found = _Tally()
                with store.unit_of_work() as uow:
                    records = cast(ClaimingRecordRepository, uow.records)
                    rows = records.claim(PENDING, "state", "pending", limit=policy.batch_size)
                    _collect_in(uow, store, dict.fromkeys((d for _, d, _ in rows), 1), now,
                                found)
                tally.merge(found)
                if not rows:
                    return
                tally.finished_pending += len(rows)
        except Conflict:
            continue
    raise Conflict("pending deletions kept changing under the retention run; run it again")


def _collect(store: Store, digests: Mapping[str, int], now: datetime, tally: _Tally) -> None:
    """For ``digests`` (in digest order, in one unit of work): delete each that no writer
    leases and no unpurged reference holds, then drop its pending record, holding the
    digest's lease slot. (A holder that is itself due will be purged later in the run and
    delete it then.)"""
    found = _Tally()
    with store.unit_of_work() as uow:
        _collect_in(uow, store, digests, now, found)
    tally.merge(found)


def _settle_kept(store: Store, policy: RetentionPolicy, now: datetime, tally: _Tally) -> None:
    """Count the purged references whose content stays because a ticket that must keep it
    (not due, or holding it as non-private) shares it; read-only, after the purges, so
    the holders read are mostly the keepers (a due holder's reference is gone once it is
    purged)."""
    if not tally.kept:
        return
    with store.unit_of_work(readonly=True) as uow:
        for digest, refs in sorted(tally.kept.items()):
            if any(_keeps(holder, digest, policy, now) for holder in holding(uow, digest)):
                tally.kept_shared += refs
    tally.kept.clear()


def _purge_event(ticket: TicketHead, digests: frozenset[str], policy: RetentionPolicy,
                 now: datetime) -> Event:
    keep = format_duration(policy.keep) if policy.keep is not None else "forever"
    sizes = {ref.sha256: ref.size for ref in refs_of(ticket)}
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


def _purge_of(
    ticket: TicketHead, desk_policy: Policy, now: datetime
) -> tuple[Event, frozenset[str]] | None:
    """The ``purged`` event to record on ``ticket`` (current in the unit of work) and the
    digests whose deletion becomes pending; None when it is not due on re-check."""
    retention = desk_policy.retention
    due = retention_due(ticket, retention)
    if due is None or due > now:
        return None
    digests = purgeable_digests(ticket, retention)
    return _purge_event(ticket, digests, retention, now), digests


def _purge_in(
    uow: UnitOfWork, ticket: TicketHead, desk_policy: Policy, now: datetime
) -> frozenset[str] | None:
    """Record the ``purged`` event on ``ticket`` (current in ``uow``) through the one write
    path (so it is indexed and notified like every change); None when it is not due on
    re-check. Returns the digests whose deletion becomes pending."""
    purge = _purge_of(ticket, desk_policy, now)
    if purge is None:
        return None
    record(uow, desk_policy, ticket, purge[0])
    return purge[1]


def _put_pendings(uow: UnitOfWork, pending: Mapping[str, str]) -> None:
    """The pending-deletion records of ``pending`` (digest: a ticket that purged it), in
    digest order (one lock order for every worker: no deadlock), in one go; their keys let
    workers claim them, by digest or (leftovers of an interrupted run) all together."""
    put_records(uow.records, [
        RecordPut(PENDING, digest, {"sha256": digest, "ticket": pending[digest]},
                  {"sha256": digest, "state": "pending"})
        for digest in sorted(pending)
    ])


def _purge_ticket(
    store: Store, ticket_id: str, policy: RetentionPolicy, now: datetime,
    desk: Policy, tally: _Tally,
) -> tuple[str, ...]:
    """Step 1 for one ticket; returns the digests whose deletion is now pending. A Conflict
    (another worker or writer changed the ticket) re-reads and re-checks it."""
    for attempt in range(_RETRIES):
        try:
            with store.unit_of_work() as uow:
                ticket = uow.tickets.head(ticket_id, for_update=True)
                digests = _purge_in(uow, ticket, desk, now)
                if digests is None:
                    if ticket.retention_due is not None and ticket.retention_due <= now:
                        tally.skipped.append(ticket_id)
                    return ()
                _put_pendings(uow, dict.fromkeys(digests, ticket_id))
        except Conflict:
            if attempt == _RETRIES - 1:
                raise
            continue
        tally.purged.append(ticket_id)
        return tuple(sorted(digests))
    raise AssertionError("unreachable")  # pragma: no cover


@attrs.define
class _Floor:
    """Where the next claim starts, past tickets this run found not due on re-check: claims
    come earliest deadline first, so everything before the highest such deadline was handed
    out already (or is held by another worker); ``ties`` are the skipped ids at that very
    deadline, which a claim from it still returns and this run leaves out."""

    at: datetime | None = None
    ties: set[str] = attrs.field(factory=set)

    def skip(self, ticket: TicketHead) -> None:
        due = ticket.retention_due
        if due is None:  # pragma: no cover - a claimed ticket has the deadline
            return
        if self.at is None or due > self.at:
            self.at, self.ties = due, {ticket.id}
        elif due == self.at:
            self.ties.add(ticket.id)


def _claimed_batch(
    store: Store, policy: RetentionPolicy, now: datetime, desk: Policy, floor: _Floor
) -> tuple[list[TicketHead], list[str], list[TicketHead], dict[str, int]]:
    """One unit of work: claim due tickets and purge them. Returns the claimed tickets, the
    ids purged, the tickets found not due, and the digests whose deletion is now pending
    (with how many purged references each stands for)."""
    with store.unit_of_work() as uow:
        tickets = cast(ClaimingTicketRepository, uow.tickets)
        claimed = [
            t for t in tickets.claim_due(_DUE, now + _TICK, limit=policy.batch_size
                                         + len(floor.ties), due_from=floor.at)
            if t.id not in floor.ties
        ]
        purged: list[str] = []
        skipped: list[TicketHead] = []
        changes: list[tuple[TicketHead, Event]] = []
        pending: dict[str, list[str]] = {}
        for ticket in claimed:
            purge = _purge_of(ticket, desk, now)
            if purge is None:
                skipped.append(ticket)
                continue
            purged.append(ticket.id)
            changes.append((ticket, purge[0]))
            for digest in purge[1]:
                pending.setdefault(digest, []).append(ticket.id)
        record_many(uow, desk, changes)  # the one write path, the batch's writes in one go
        _put_pendings(uow, {digest: ids[0] for digest, ids in pending.items()})
    return claimed, purged, skipped, {d: len(pending[d]) for d in sorted(pending)}


def _run_claimed(
    store: Store, policy: RetentionPolicy, now: datetime, desk: Policy, tally: _Tally,
    collect: Callable[[Mapping[str, int]], None], progress: Callable[[int], None] | None,
) -> None:
    """Step 1 (then 2) by claims: batches of due tickets no other worker holds."""
    floor = _Floor()
    handled = 0
    conflicts = 0
    while True:
        try:
            claimed, purged, skipped, digests = _claimed_batch(store, policy, now, desk,
                                                               floor)
        except Conflict:
            # Only where claims do not block plain writers (the memory store): a claimed
            # ticket changed meanwhile; the batch rolled back, so claim and re-check again.
            conflicts += 1
            if conflicts >= _RETRIES:
                raise
            continue
        conflicts = 0
        if not claimed:
            return
        tally.purged.extend(purged)
        for ticket in skipped:
            tally.skipped.append(ticket.id)
            floor.skip(ticket)
        if digests:
            collect(digests)
        handled += len(claimed)
        if progress is not None:
            progress(handled)


def _dry(store: Store, ticket: TicketHead, policy: RetentionPolicy, now: datetime,
         tally: _Tally, counted: set[str], keepers: set[str]) -> None:
    """One ticket of a dry run. ``counted``: digests already counted as freed;
    ``keepers``: digests found held by a ticket that must keep them (nothing changes in a
    dry run, so each shared digest's holders are read once, not once per sharer)."""
    due = retention_due(ticket, policy)
    if due is None or due > now:
        if ticket.retention_due is not None:
            tally.skipped.append(ticket.id)
        return
    tally.purged.append(ticket.id)
    for digest in sorted(purgeable_digests(ticket, policy)):
        if digest in counted:
            continue
        if digest in keepers:
            tally.kept_shared += 1
            continue
        with store.unit_of_work(readonly=True) as uow:
            keeper = any(_keeps(h, digest, policy, now)
                         for h in holding(uow, digest) if h.id != ticket.id)
            leased = live_lease(uow, digest, now)
        if leased:
            continue  # an uncommitted writer holds it: the run would keep it
        if keeper:
            keepers.add(digest)
            tally.kept_shared += 1
            continue
        counted.add(digest)
        if store.blobs.exists(digest):
            size = next(ref.size for ref in refs_of(ticket) if ref.sha256 == digest)
            tally.blobs_deleted += 1
            tally.bytes_freed += size


def next_retention_run(desk: DeskContext, after: datetime | None) -> datetime:
    """The policy's next scheduled retention run after ``after`` (default: now)."""
    at = desk.now() if after is None else require_aware(after, "after")
    return desk.policy.retention.next_run(at)


def run_retention(
    store: Store,
    desk: Policy,
    now: datetime,
    *,
    dry_run: bool = False,
    recheck_all: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RetentionReport:
    """Purge (or, with ``dry_run``, list) private data due at ``now`` over the whole stock,
    by the desk policy's ``retention`` rule; each purge is recorded through the one write
    path (a ``purged`` event, notified like any change).

    ``progress``, when given, is called after each batch with the number of tickets handled
    so far (the command line draws its progress bar with it).

    Streams due tickets in batches of ``policy.batch_size``; idempotent; safe to interrupt
    and re-run (see the module docstring for the order of work). Due tickets are found by
    their stored ``retention_due``: on a store with claims they are claimed a batch at a
    time, earliest deadline first, so several workers may run this at once and each due
    ticket is purged by exactly one of them (each report lists what its worker did);
    otherwise they are paged by id. ``recheck_all`` instead streams every
    closed and archived ticket and re-computes the deadline with ``policy`` (needed once
    after ``keep`` was shortened, since stored deadlines follow the policy in force when
    each ticket last changed).
    """
    policy = desk.retention
    tally = _Tally()
    counted: set[str] = set()  # dry run: digests already counted as freed
    keepers: set[str] = set()  # dry run: digests a ticket that must keep them holds
    with store.unit_of_work(readonly=True) as uow:
        claim_tickets = isinstance(uow.tickets, ClaimingTicketRepository)
        claim_records = isinstance(uow.records, ClaimingRecordRepository)

    def collect(digests: Mapping[str, int]) -> None:
        if claim_records:
            _collect_claimed(store, digests, now, tally)
        else:
            _collect(store, digests, now, tally)
        if len(tally.kept) >= _KEPT_MAX:  # bounded memory: settle what is noted so far
            _settle_kept(store, policy, now, tally)

    if not dry_run:
        if claim_records:
            _finish_claimed(store, policy, now, tally)
        else:
            for digests in _pending(store, policy.batch_size):
                _collect(store, dict.fromkeys(digests, 1), now, tally)
                tally.finished_pending += len(digests)
        if claim_tickets and not recheck_all:
            _run_claimed(store, policy, now, desk, tally, collect, progress)
            _settle_kept(store, policy, now, tally)
            return _report(tally, policy, now, dry_run)
    handled = 0
    for batch in _due_batches(store, now, policy.batch_size, recheck_all):
        pending: dict[str, int] = {}
        for ticket in batch:
            if dry_run:
                _dry(store, ticket, policy, now, tally, counted, keepers)
                continue
            for digest in _purge_ticket(store, ticket.id, policy, now, desk, tally):
                pending[digest] = pending.get(digest, 0) + 1
        if pending:
            collect(pending)
        handled += len(batch)
        if progress is not None:
            progress(handled)
    _settle_kept(store, policy, now, tally)
    return _report(tally, policy, now, dry_run)


def _report(tally: _Tally, policy: RetentionPolicy, now: datetime,
            dry_run: bool) -> RetentionReport:
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
