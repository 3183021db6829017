"""Attachment content around a change: storing uploads, indexing who holds which digest.

Content is addressed by its SHA-256 and may be shared by several tickets. Each ticket that
references a digest has a ``blob_ref`` record (written by the one write path,
:func:`supportkit.app.write.record`, in the unit of work of the change), so retention finds
every holder of a digest without reading every ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from supportkit.errors import InvalidInput, NotFound
from supportkit.policy import Policy
from supportkit.ports import Store, UnitOfWork
from supportkit.privacy.retention import RAW_EMAIL
from supportkit.privacy.screening import Screened
from supportkit.tickets.model import AttachmentRef, Ticket, Upload

__all__ = ["BLOB_REF", "blob_holders", "holding", "index_blobs", "stored"]

BLOB_REF = "blob_ref"


def index_blobs(uow: UnitOfWork, ticket_id: str, refs: Iterable[AttachmentRef]) -> None:
    """Record that ``ticket_id`` references each digest of ``refs`` (idempotent)."""
    for ref in refs:
        uow.records.put(
            BLOB_REF,
            f"{ref.sha256}:{ticket_id}",
            {"sha256": ref.sha256, "ticket": ticket_id},
            keys={"sha256": ref.sha256},
        )


def holding(uow: UnitOfWork, sha256: str) -> Iterator[Ticket]:
    """Tickets holding an unpurged reference to ``sha256`` (found by their ``blob_ref``)."""
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
    return tuple(ticket.id for ticket in holding(uow, sha256))


def _put_upload(store: Store, policy: Policy, upload: Upload) -> AttachmentRef:
    if not isinstance(upload, Upload):
        raise InvalidInput(f"attachments must be Upload objects, got {upload!r}")
    blob = store.blobs.put(upload.content, max_size=policy.max_attachment_bytes)
    return AttachmentRef(upload.filename, blob.size, blob.sha256, upload.content_type)


@contextmanager
def stored(store: Store, policy: Policy, screened: Screened) -> Iterator[tuple[AttachmentRef, ...]]:
    """Store the screened uploads (and raw e-mail) and yield their references; if anything
    fails before the block ends, remove those blobs no stored ticket references, so a
    refused action (an oversize upload, a refused transition) leaves nothing behind."""
    created: list[str] = []
    try:
        refs: list[AttachmentRef] = []
        for upload in screened.uploads:
            refs.append(_put_upload(store, policy, upload))
            created.append(refs[-1].sha256)
        if screened.raw_email is not None:
            blob = store.blobs.put(screened.raw_email, max_size=policy.max_attachment_bytes)
            created.append(blob.sha256)
            refs.append(AttachmentRef("raw-email.eml", blob.size, blob.sha256,
                                      "message/rfc822", kind=RAW_EMAIL))
        yield tuple(refs)
    except BaseException:
        for digest in created:
            with store.unit_of_work(readonly=True) as uow:
                held = blob_holders(uow, digest)
            if not held:
                store.blobs.delete(digest)
        raise
