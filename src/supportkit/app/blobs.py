"""Attachment content around a change: storing uploads, indexing who holds which digest,
and collecting content nobody holds.

Content is addressed by its SHA-256 and may be shared by several tickets. Each ticket that
references a digest has a ``blob_ref`` record (written by the one write path,
:func:`supportkit.app.write.record`, in the unit of work of the change), so retention finds
every holder of a digest without reading every ticket.

Leases: no collector deletes bytes an uncommitted writer holds
    Uploads are stored *before* the action's write unit of work (so a large upload holds no
    lock), which leaves a window in which the content is in the blob store but no ticket
    references it yet. A writer therefore takes a **lease** on each digest: a ``blob_lease``
    record ``<digest>:<holder>`` (key ``sha256``, an expiry :data:`LEASE_FOR` after ``now``)
    written and committed in its own small write unit of work, *after* ``put`` (which
    computes the digest while streaming) and *before* the ticket's unit of work. Having
    committed the lease, the writer checks the content is still there and stores it again
    when a collector removed it in between. The ticket's unit of work writes the ``blob_ref``
    and, in that same transaction, drops the lease (:func:`index_blobs`): the reference
    replaces the lease atomically.

    Every collector — the clean-up of a refused action (:func:`stored`), retention's deletion
    (:mod:`supportkit.app.retention`) and :func:`collect_garbage` — deletes content only
    inside a write unit of work that holds the digest's **lease slot**
    (``records.get("blob_lease", <digest>, for_update=True)``: a record id that is never
    written, held even though absent; see the nesting rule and ``for_update`` in
    :mod:`supportkit.ports`), and only when it then finds no unexpired lease and *afterwards*
    no unpurged ``blob_ref``. A writer takes its lease holding the same slot. Leases are
    read before references: the ticket's unit of work replaces the lease by the reference in
    one commit, so a collector that reads in that order sees at least one of them
    (PostgreSQL runs READ COMMITTED, each statement seeing the latest commit; SQLite
    serializes writers; the memory store commits atomically).

    ====  ==================================================  ===========================
    case  interleaving (W writer, C collector of digest X)      outcome
    ====  ==================================================  ===========================
    1     W put X (present: nothing written); C holds the     W finds X gone after its
          slot, sees no lease, no ref, deletes X; W leases X  lease and stores it again
    2     C holds the slot; W put X, W's lease waits for      as 1: the lease commits
          the slot; C deletes X, commits; W's lease commits   after the deletion
    3     W leased X (committed); C holds the slot            C sees the lease: keeps X
    4     W's ticket commits (ref X, its lease dropped)       C reads leases, then refs:
          before or while C reads                             sees one, keeps X
    5     W's action is refused: its clean-up holds the       X deleted only if no other
          slot, drops its own lease, checks leases and refs   lease or ref holds it
    6     W is killed after put (no lease) or after its       :func:`collect_garbage`
          lease                                               deletes X once the lease
                                                              expired; temp files after
                                                              a grace period
    7     two writers W1, W2 of X: each has its own lease     W1's commit drops only
                                                              W1's lease
    8     gc found X unreferenced (read-only pass); W         gc re-checks under the
          commits a ticket with X; gc holds the slot          slot: sees the ref, keeps X
    ====  ==================================================  ===========================

    A writer that takes longer than :data:`LEASE_FOR` between its lease and its commit may
    lose the content to a collector (the lease is no longer live). A stream that is not
    seekable cannot be stored again in case 1 or 2: the action is then refused with
    :class:`~supportkit.errors.Conflict` (nothing is recorded; send it again).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any, BinaryIO

import attrs

from supportkit.app.repositories import put_records, records_in_batches
from supportkit.errors import Conflict, InvalidInput, NotFound, SupportkitError
from supportkit.policy import Policy
from supportkit.ports import (
    BatchDeletingBlobStore,
    BlobStore,
    RecordPut,
    Store,
    SweepingBlobStore,
    UnitOfWork,
)
from supportkit.privacy.retention import RAW_EMAIL
from supportkit.privacy.screening import Screened
from supportkit.tickets.head import TicketHead, TicketState, refs_of
from supportkit.tickets.model import AttachmentRef

__all__ = [
    "BLOB_LEASE",
    "BLOB_REF",
    "GC_GRACE",
    "LEASE_FOR",
    "Collection",
    "GcReport",
    "blob_holders",
    "blob_ref_id",
    "collect_digest",
    "collect_digests",
    "collect_garbage",
    "delete_blobs",
    "holding",
    "index_blobs",
    "lease_blobs",
    "live_lease",
    "stored",
    "unindexed",
]

BLOB_REF = "blob_ref"
BLOB_LEASE = "blob_lease"
#: How long a writer's lease protects content it stored before its ticket commits.
LEASE_FOR = timedelta(hours=1)
#: How old a blob store's temporary upload file must be before garbage collection removes
#: it (a writer still streaming keeps touching its file).
GC_GRACE = timedelta(hours=1)
#: References :func:`holding` reads first (a caller that needs one holder reads no more).
_PROBE = 8
#: Digests checked per read-only unit of work by :func:`collect_garbage`.
_GC_BATCH = 200


@attrs.define
class _Leases:
    """The leases one :func:`stored` block holds: its holder token and digests."""

    holder: str
    digests: set[str] = attrs.field(factory=set)


#: The leases of the :func:`stored` blocks open in this thread/task, innermost last;
#: :func:`index_blobs` drops those the ticket now references, in the ticket's unit of work.
_HELD: ContextVar[tuple[_Leases, ...]] = ContextVar("supportkit_blob_leases", default=())


def _lease_id(digest: str, holder: str) -> str:
    return f"{digest}:{holder}"


def blob_ref_id(ticket_id: str, sha256: str) -> str:
    """The id of the ``blob_ref`` record of ``ticket_id`` referencing ``sha256``: ticket
    first, so the references of one ticket, and of the tickets one retention batch purges
    (claimed in deadline then id order), sit side by side in the store's record index and a
    batch's deletions touch a few adjacent pages instead of one random page each (the
    content digest is random). Files written before schema version 3 (SQLite, PostgreSQL)
    had ``<digest>:<ticket>``; their migration renames them."""
    return f"{ticket_id}:{sha256}"


def _ref_record(ticket_id: str, ref: AttachmentRef) -> tuple[str, dict[str, str],
                                                             dict[str, str]]:
    """The ``blob_ref`` record of ``ticket_id`` referencing ``ref``: id, data and keys."""
    return (blob_ref_id(ticket_id, ref.sha256), {"sha256": ref.sha256, "ticket": ticket_id},
            {"sha256": ref.sha256})


def index_blobs_many(
    uow: UnitOfWork, refs_by_ticket: Sequence[tuple[str, Sequence[AttachmentRef]]]
) -> None:
    """:func:`index_blobs` of each ``(ticket_id, refs)`` (a bulk import): in one batch
    (:func:`~supportkit.app.repositories.put_records`) unless a :func:`stored` block holds
    leases to drop, then one by one."""
    if _HELD.get():
        for ticket_id, refs in refs_by_ticket:
            index_blobs(uow, ticket_id, refs)
        return
    put_records(uow.records, [RecordPut(BLOB_REF, *_ref_record(ticket_id, ref))
                              for ticket_id, refs in refs_by_ticket for ref in refs])


def index_blobs(uow: UnitOfWork, ticket_id: str, refs: Iterable[AttachmentRef]) -> None:
    """Record that ``ticket_id`` references each digest of ``refs`` (idempotent), and drop
    the leases the enclosing :func:`stored` block took on them: the reference replaces the
    lease in this unit of work."""
    held = _HELD.get()
    for ref in refs:
        record_id, data, keys = _ref_record(ticket_id, ref)
        uow.records.put(BLOB_REF, record_id, data, keys=keys)
        for leases in held:
            if ref.sha256 in leases.digests:
                uow.records.delete(BLOB_LEASE, _lease_id(ref.sha256, leases.holder))


def _live_digests(ticket: TicketState) -> set[str]:
    return {ref.sha256 for ref in refs_of(ticket) if not ref.purged}


def unindexed(before: TicketState, after: TicketState) -> list[str]:
    """The ids of the ``blob_ref`` records a change from ``before`` to ``after`` drops: one
    per digest ``before`` referenced unpurged and ``after`` no longer does (a retention
    purge), so holders of a digest are only the tickets that still reference it, and a
    collector's look for holders costs what is live, not every ticket that ever held it."""
    return [blob_ref_id(after.id, digest)
            for digest in sorted(_live_digests(before) - _live_digests(after))]


def holding(uow: UnitOfWork, sha256: str) -> Iterator[TicketHead]:
    """The heads of tickets holding an unpurged reference to ``sha256`` (found by their
    ``blob_ref``).
    Lazy: the first few references are read first, so a caller that needs one holder
    reads one (a purge drops its ticket's reference; references left by older versions
    of a purged ticket are skipped)."""
    probe = uow.records.find(BLOB_REF, "sha256", sha256, limit=_PROBE)
    rows: Iterable[tuple[str, Mapping[str, Any]]] = probe
    if len(probe) == _PROBE:
        rows = itertools.chain(probe, _rest(uow, sha256))
    for _, data in rows:
        try:
            ticket = uow.tickets.head(str(data["ticket"]))
        except NotFound:
            continue
        if sha256 in _live_digests(ticket):
            yield ticket


def _rest(uow: UnitOfWork, sha256: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The references past the probe (read only when a caller asks for more holders)."""
    yield from uow.records.find(BLOB_REF, "sha256", sha256)[_PROBE:]


def blob_holders(uow: UnitOfWork, sha256: str) -> tuple[str, ...]:
    """Ids of tickets still holding an unpurged reference to ``sha256``."""
    return tuple(ticket.id for ticket in holding(uow, sha256))


# --- leases --------------------------------------------------------------------------------


def _expires(data: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(data["expires"]))
    except (KeyError, ValueError):
        return None


def _live(data: Mapping[str, Any], now: datetime) -> bool:
    expires = _expires(data)
    return expires is None or expires > now  # an unreadable lease is kept, never trusted


def live_lease(uow: UnitOfWork, digest: str, now: datetime, *,
               ignore_holder: str | None = None) -> bool:
    """True when a writer holds an unexpired lease on ``digest`` at ``now``."""
    return any(
        _live(data, now) and data.get("holder") != ignore_holder
        for _, data in uow.records.find(BLOB_LEASE, "sha256", digest)
    )


def _hold_slot(uow: UnitOfWork, digest: str) -> None:
    """Hold the digest's lease slot (a record id never written) until ``uow`` ends."""
    try:
        uow.records.get(BLOB_LEASE, digest, for_update=True)
    except NotFound:
        pass


def lease_blobs(store: Store, digests: Iterable[str], now: datetime, holder: str, *,
                lease_for: timedelta = LEASE_FOR) -> None:
    """Take ``holder``'s lease on each digest, in one small write unit of work of its own
    (never inside another one: the nesting rule), holding each lease slot in digest order
    so writers and collectors never wait on each other in a cycle."""
    expires = (now + lease_for).isoformat()
    with store.unit_of_work() as uow:
        for digest in sorted(set(digests)):
            _hold_slot(uow, digest)
            uow.records.put(
                BLOB_LEASE,
                _lease_id(digest, holder),
                {"sha256": digest, "holder": holder, "expires": expires},
                keys={"sha256": digest},
            )


@attrs.frozen
class Collection:
    """What a collector found for one digest: a live lease, a ticket holding an unpurged
    reference (the first found: one is enough to keep the content, and reading every
    holder would cost each collection the whole set), and the bytes freed (None: kept,
    because it is leased or referenced)."""

    leased: bool = False
    holders: tuple[TicketHead, ...] = ()
    freed: int | None = None


def collect_digest(uow: UnitOfWork, blobs: BlobStore, digest: str, now: datetime, *,
                   drop_holder: str | None = None, dry_run: bool = False) -> Collection:
    """Inside the write unit of work ``uow``: hold the digest's lease slot, drop
    ``drop_holder``'s own lease, and delete the content when no live lease (read first) and
    no unpurged reference (read after) holds it. With ``dry_run`` (``uow`` may be
    read-only) nothing is held or deleted; ``freed`` is then 0 for content that would go."""
    if not dry_run:
        _hold_slot(uow, digest)
        if drop_holder is not None:
            uow.records.delete(BLOB_LEASE, _lease_id(digest, drop_holder))
    kept = _kept(uow, digest, now, ignore_holder=drop_holder)
    if kept is not None:
        return kept
    return Collection(freed=0 if dry_run else blobs.delete(digest))


def _kept(uow: UnitOfWork, digest: str, now: datetime, *,
          ignore_holder: str | None = None) -> Collection | None:
    """Why ``digest`` stays: a live lease (read first), else a ticket holding an unpurged
    reference (read after); None when nothing holds it."""
    if live_lease(uow, digest, now, ignore_holder=ignore_holder):
        return Collection(leased=True)
    holder = next(holding(uow, digest), None)
    return None if holder is None else Collection(holders=(holder,))


def delete_blobs(blobs: BlobStore, digests: Iterable[str]) -> dict[str, int]:
    """Remove each of ``digests`` from ``blobs`` in one pass: the bytes freed by each. A
    :class:`~supportkit.ports.BatchDeletingBlobStore` does it with ``delete_many``; any
    other blob store, one ``delete`` per digest."""
    wanted = sorted(set(digests))
    if isinstance(blobs, BatchDeletingBlobStore):
        freed = blobs.delete_many(wanted)
        return {digest: freed.get(digest, 0) for digest in wanted}
    return {digest: blobs.delete(digest) for digest in wanted}


def collect_digests(uow: UnitOfWork, blobs: BlobStore, digests: Iterable[str],
                    now: datetime) -> dict[str, Collection]:
    """:func:`collect_digest` for many digests in one write unit of work: in digest order,
    hold each lease slot and check leases, then references; then remove every digest found
    free in one pass (:func:`delete_blobs`), still before ``uow`` commits, so each removal
    happens under its slot as in :func:`collect_digest`."""
    found: dict[str, Collection] = {}
    free: list[str] = []
    for digest in sorted(set(digests)):
        _hold_slot(uow, digest)
        kept = _kept(uow, digest, now)
        if kept is None:
            free.append(digest)
        else:
            found[digest] = kept
    for digest, freed in delete_blobs(blobs, free).items():
        found[digest] = Collection(freed=freed)
    return found


# --- storing uploads -----------------------------------------------------------------------


def _source(content: bytes | BinaryIO) -> bytes | tuple[BinaryIO, int] | None:
    """How to read ``content`` again: the bytes, a seekable stream and its start, or None."""
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    try:
        if content.seekable():
            return content, content.tell()
    except (OSError, ValueError):
        pass
    return None


def _put_again(store: Store, policy: Policy, digest: str,
               source: bytes | tuple[BinaryIO, int] | None) -> None:
    """Store content a collector removed before this writer's lease was committed."""
    if source is None:
        raise Conflict(
            f"attachment {digest} was removed while it was being stored and its stream "
            "cannot be read again; nothing was recorded; send it again"
        )
    if isinstance(source, bytes):
        content: bytes | BinaryIO = source
    else:
        content = source[0]
        content.seek(source[1])
    again = store.blobs.put(content, max_size=policy.max_attachment_bytes)
    if again.sha256 != digest:
        raise Conflict(f"attachment {digest} changed while it was being stored; send it again")


@contextmanager
def stored(store: Store, policy: Policy, screened: Screened, *,
           now: datetime) -> Iterator[tuple[AttachmentRef, ...]]:
    """Store the screened uploads (and raw e-mail), lease them (see the module docstring)
    and yield their references; the block records them through :func:`record`, whose
    :func:`index_blobs` replaces each lease by a ``blob_ref``. If anything fails before the
    block ends, drop the leases and remove those blobs no other lease or stored ticket holds,
    so a refused action (an oversize upload, a refused transition) leaves nothing behind.

    ``now`` is the desk's instant (leases expire :data:`LEASE_FOR` after it). The uploads
    were checked at the desk's edge (:func:`~supportkit.tickets.validation.require_uploads`).
    Must not be entered inside a write unit of work (it opens its own)."""
    leases = _Leases(uuid.uuid4().hex)
    token = _HELD.set((*_HELD.get(), leases))
    created: list[str] = []
    try:
        refs: list[AttachmentRef] = []
        sources: dict[str, bytes | tuple[BinaryIO, int] | None] = {}
        for upload in screened.uploads:
            source = _source(upload.content)
            blob = store.blobs.put(upload.content, max_size=policy.max_attachment_bytes)
            created.append(blob.sha256)
            sources.setdefault(blob.sha256, source)
            refs.append(AttachmentRef(upload.filename, blob.size, blob.sha256,
                                      upload.content_type))
        if screened.raw_email is not None:
            blob = store.blobs.put(screened.raw_email, max_size=policy.max_attachment_bytes)
            created.append(blob.sha256)
            sources.setdefault(blob.sha256, screened.raw_email)
            refs.append(AttachmentRef("raw-email.eml", blob.size, blob.sha256,
                                      "message/rfc822", kind=RAW_EMAIL))
        if sources:
            lease_blobs(store, sources, now, leases.holder)
            leases.digests.update(sources)
            for digest in sorted(sources):
                if not store.blobs.exists(digest):  # collected before the lease (cases 1, 2)
                    _put_again(store, policy, digest, sources[digest])
        yield tuple(refs)
    except BaseException:
        _HELD.reset(token)
        _clean_up(store, sorted(set(created)), now, leases.holder)
        raise
    else:
        _HELD.reset(token)
        _drop_leftover_leases(store, leases)


def _clean_up(store: Store, digests: list[str], now: datetime, holder: str) -> None:
    """After a failure: drop this writer's leases and delete what nobody else holds. A
    failure here (the store is unreachable) leaves leases that expire and blobs that
    :func:`collect_garbage` removes; the original error is what the caller sees."""
    for digest in digests:
        try:
            with store.unit_of_work() as uow:
                collect_digest(uow, store.blobs, digest, now, drop_holder=holder)
        except SupportkitError:
            continue


def _drop_leftover_leases(store: Store, leases: _Leases) -> None:
    """Drop the leases the block's ticket did not replace by a reference (it recorded only
    some of the uploads); a lease already replaced costs one read, not a write."""
    if not leases.digests:
        return
    with store.unit_of_work(readonly=True) as uow:
        left = [d for d in sorted(leases.digests) if _has(uow, _lease_id(d, leases.holder))]
    if left:
        with store.unit_of_work() as uow:
            for digest in left:
                uow.records.delete(BLOB_LEASE, _lease_id(digest, leases.holder))


def _has(uow: UnitOfWork, lease_id: str) -> bool:
    try:
        uow.records.get(BLOB_LEASE, lease_id)
    except NotFound:
        return False
    return True


# --- garbage collection --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GcReport:
    """What one garbage collection did (or, with ``dry_run``, would do).

    ``temp_files_removed`` / ``temp_bytes_freed``: a killed writer's temporary upload files
    older than the grace period; ``leases_expired``: writers' leases past their expiry
    (their writer died or gave up); ``blobs_checked``: digests in the blob store;
    ``blobs_deleted`` / ``bytes_freed``: content no unpurged ``blob_ref`` references and no
    live lease holds (a dry run reads no content: its ``bytes_freed`` is 0);
    ``blobs_kept_leased``: unreferenced content an uncommitted writer holds."""

    ran_at: datetime
    dry_run: bool = False
    temp_files_removed: int = 0
    temp_bytes_freed: int = 0
    leases_expired: int = 0
    blobs_checked: int = 0
    blobs_deleted: int = 0
    bytes_freed: int = 0
    blobs_kept_leased: int = 0


@attrs.define
class _GcTally:
    """What the run has done so far: the counters of :class:`GcReport`, by the same names."""

    temp_files_removed: int = 0
    temp_bytes_freed: int = 0
    leases_expired: int = 0
    blobs_checked: int = 0
    blobs_deleted: int = 0
    bytes_freed: int = 0
    blobs_kept_leased: int = 0


def _expire_leases(store: Store, now: datetime, dry_run: bool, tally: _GcTally) -> None:
    """Drop leases past their expiry, each holding its digest's slot (re-read under it)."""
    for batch in records_in_batches(store, BLOB_LEASE, _GC_BATCH):
        for _, lease_id, data in batch:
            if _live(data, now):
                continue
            if dry_run:
                tally.leases_expired += 1
                continue
            with store.unit_of_work() as uow:
                _hold_slot(uow, str(data.get("sha256", "")))
                try:
                    current = uow.records.get(BLOB_LEASE, lease_id)
                except NotFound:
                    continue  # its writer committed (or gave up) meanwhile
                if not _live(current, now):
                    uow.records.delete(BLOB_LEASE, lease_id)
                    tally.leases_expired += 1


def _sweep_orphans(store: Store, now: datetime, dry_run: bool, tally: _GcTally) -> None:
    """Stream the blob store's digests; check a batch at a time read-only, then collect
    each candidate under its lease slot (the check is repeated there)."""
    batch: list[str] = []

    def flush() -> None:
        with store.unit_of_work(readonly=True) as uow:
            candidates = []
            for digest in batch:
                if live_lease(uow, digest, now):
                    tally.blobs_kept_leased += 1
                elif next(holding(uow, digest), None) is None:
                    candidates.append(digest)
        for digest in candidates:
            if dry_run:
                tally.blobs_deleted += 1
                continue
            with store.unit_of_work() as uow:
                found = collect_digest(uow, store.blobs, digest, now)
            if found.leased:
                tally.blobs_kept_leased += 1
            elif found.freed is not None:
                tally.blobs_deleted += 1
                tally.bytes_freed += found.freed
        batch.clear()

    for digest in store.blobs.iter_digests():
        tally.blobs_checked += 1
        batch.append(digest)
        if len(batch) == _GC_BATCH:
            flush()
    if batch:
        flush()


def collect_garbage(store: Store, now: datetime, *, older_than: timedelta = GC_GRACE,
                    dry_run: bool = False) -> GcReport:
    """Remove what no ticket will ever reference: the blob store's temporary upload files
    last written before ``now - older_than`` (when the blob store is a
    :class:`~supportkit.ports.SweepingBlobStore`), leases expired at ``now``, and content
    that no unpurged ``blob_ref`` references and no live lease holds. Each deletion holds
    the digest's lease slot (see the module docstring), so it is safe while writers and
    other collectors run, in any thread or process. Streams the digests in bounded memory.
    ``dry_run`` reports what would go and changes nothing. Must not be called inside a
    write unit of work."""
    if older_than < timedelta(0):
        raise InvalidInput(f"older_than must not be negative, got {older_than}")
    tally = _GcTally()
    if isinstance(store.blobs, SweepingBlobStore):
        swept = store.blobs.sweep_temp(now - older_than, dry_run=dry_run)
        tally.temp_files_removed, tally.temp_bytes_freed = swept
    _expire_leases(store, now, dry_run, tally)
    _sweep_orphans(store, now, dry_run, tally)
    return GcReport(ran_at=now, dry_run=dry_run, **attrs.asdict(tally))
