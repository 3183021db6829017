"""What the e-mail channel keeps beside the tickets: Message-IDs, auto-reply counts and
suppressed notifications, as records of the record port.

* ``mail_message_id`` (id: the Message-ID, or ``sha256:<hex>`` of a very long one; key
  ``ticket``): every Message-ID the desk received or sent, with its ticket, so a reply's
  ``In-Reply-To``/``References`` find the ticket, an outbound message names its thread, and
  a message delivered twice is processed once. An inbound message is *claimed* before it is
  processed (state ``processing``, with the instant) and *finished* after it; a claim older
  than the lease (a gateway that died) may be taken again.
* ``mail_auto_reply`` (id: the lower-cased address): when the desk last answered that
  address automatically (the per-sender rate limit).
* ``mail_suppressed`` (id: an outbox notification id): a notification the sender must not
  mail (the inbound message asked for no auto-reply, or the sender's rate limit was reached);
  it is marked sent without being mailed.

Each function opens its own unit of work; none may be called inside another one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from supportkit.app.outbox import KIND as OUTBOX
from supportkit.app.outbox import Notification, put_notification
from supportkit.app.repositories import AccountRepository
from supportkit.errors import NotFound
from supportkit.ports import RecordRepository, Store
from supportkit.serialization import structure, unstructure

__all__ = [
    "AUTO_REPLY_KIND",
    "MESSAGE_ID_KIND",
    "SUPPRESSED_KIND",
    "Direction",
    "MailRecord",
    "MailRepository",
    "record_id",
]

MESSAGE_ID_KIND = "mail_message_id"
AUTO_REPLY_KIND = "mail_auto_reply"
SUPPRESSED_KIND = "mail_suppressed"
#: Longer Message-IDs are stored under their SHA-256 (an index row has a size limit).
MAX_ID_CHARS = 200


class Direction(StrEnum):
    """Whether the desk received or sent a message."""

    IN = "in"
    OUT = "out"


@attrs.frozen(kw_only=True)
class MailRecord:
    """One Message-ID the desk knows. ``ticket`` is None for a message that reached no
    ticket (ignored or refused); ``state`` is ``processing`` while a gateway handles it,
    ``done`` after; ``outcome`` what the gateway made of it."""

    message_id: str
    direction: Direction
    ticket: str | None = None
    at: datetime
    state: str = "done"
    outcome: str | None = None


@attrs.frozen(kw_only=True)
class AutoReplyLog:
    """The instants the desk answered one address automatically (newest last)."""

    address: str
    sent: tuple[datetime, ...] = ()


def record_id(message_id: str) -> str:
    """The record id of a Message-ID (itself, or ``sha256:<hex>`` when very long)."""
    if len(message_id) <= MAX_ID_CHARS and message_id.isprintable():
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()


def _keys(record: MailRecord) -> dict[str, str]:
    keys = {"direction": record.direction.value}
    if record.ticket is not None:
        keys["ticket"] = record.ticket
    return keys


def _message_record(
    records: RecordRepository, rid: str, *, for_update: bool = False
) -> MailRecord | None:
    """The stored record of a Message-ID (its ``record_id``), or None."""
    try:
        return structure(records.get(MESSAGE_ID_KIND, rid, for_update=for_update), MailRecord)
    except NotFound:
        return None


class MailRepository:
    """The e-mail channel's records in ``store`` (each call one unit of work)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- Message-IDs -------------------------------------------------------------------------

    def get(self, message_id: str) -> MailRecord | None:
        """What the desk knows of ``message_id``, or None."""
        with self._store.unit_of_work(readonly=True) as uow:
            return _message_record(uow.records, record_id(message_id))

    def tickets_of(self, message_ids: Sequence[str]) -> list[str]:
        """The tickets of those ``message_ids`` the desk knows, in the order given (the
        most relevant first), without repeats."""
        found: list[str] = []
        if not message_ids:
            return found
        with self._store.unit_of_work(readonly=True) as uow:
            for message_id in message_ids:
                known = _message_record(uow.records, record_id(message_id))
                ticket = None if known is None else known.ticket
                if ticket is not None and ticket not in found:
                    found.append(ticket)
        return found

    def claim(self, message_id: str, now: datetime, lease: timedelta) -> MailRecord | None:
        """Take ``message_id`` for processing: None when this caller may process it (a
        ``processing`` record is written), else the record that says it was (or is being)
        handled. A ``processing`` claim older than ``lease`` is taken over."""
        rid = record_id(message_id)
        with self._store.unit_of_work() as uow:
            known = _message_record(uow.records, rid, for_update=True)
            if known is not None and not (
                known.direction is Direction.IN and known.state == "processing"
                and known.at + lease <= now
            ):
                return known
            claim = MailRecord(message_id=message_id, direction=Direction.IN, at=now,
                               state="processing")
            uow.records.put(MESSAGE_ID_KIND, rid, unstructure(claim), keys=_keys(claim))
        return None

    def release(self, message_id: str) -> None:
        """Drop a ``processing`` claim (the message failed transiently: a retry may come)."""
        rid = record_id(message_id)
        with self._store.unit_of_work() as uow:
            known = _message_record(uow.records, rid, for_update=True)
            if known is not None and known.state == "processing":
                uow.records.delete(MESSAGE_ID_KIND, rid)

    def remember(self, records: Iterable[MailRecord]) -> None:
        """Store ``records`` (replacing what is stored under their Message-IDs), in one unit
        of work; an inbound record never replaces an outbound one (the desk's own id)."""
        with self._store.unit_of_work() as uow:
            for record in records:
                rid = record_id(record.message_id)
                if record.direction is Direction.OUT:
                    try:
                        uow.records.get(MESSAGE_ID_KIND, rid)
                        continue  # already known (sent before, or a retry): keep it
                    except NotFound:
                        pass
                uow.records.put(MESSAGE_ID_KIND, rid, unstructure(record), keys=_keys(record))

    def thread(self, ticket_id: str, limit: int = 200) -> list[MailRecord]:
        """The Message-IDs of ``ticket_id``'s conversation, oldest first."""
        with self._store.unit_of_work(readonly=True) as uow:
            rows = uow.records.find(MESSAGE_ID_KIND, "ticket", ticket_id, limit=limit)
        return [structure(data, MailRecord) for _, data in rows]

    def accounts_by_email(self, address: str) -> list[str]:
        """Ids of the accounts registered with ``address`` (exact, then lower-cased)."""
        with self._store.unit_of_work(readonly=True) as uow:
            accounts = AccountRepository(uow.records)
            found = accounts.by_email(address)
            if not found and address != address.lower():
                found = accounts.by_email(address.lower())
        return [account.id for account in found]

    def auto_replies_of(self, ticket_id: str) -> list[str]:
        """Ids of the pending auto-replies (``.../auto-reply``) in ``ticket_id``'s outbox."""
        with self._store.unit_of_work(readonly=True) as uow:
            rows = uow.records.find(OUTBOX, "ticket", ticket_id)
        return [rid for rid, data in rows
                if rid.endswith("/auto-reply") and data.get("state") == "pending"]

    # -- automatic answers -------------------------------------------------------------------

    def take_auto_reply(
        self, address: str, now: datetime, window: timedelta, limit: int
    ) -> bool:
        """Whether the desk may answer ``address`` automatically once more at ``now``: at
        most ``limit`` times per ``window``; a True answer is counted."""
        rid = address.lower()[:MAX_ID_CHARS]
        with self._store.unit_of_work() as uow:
            try:
                log = structure(uow.records.get(AUTO_REPLY_KIND, rid, for_update=True),
                                AutoReplyLog)
            except NotFound:
                log = AutoReplyLog(address=rid)
            recent = tuple(at for at in log.sent if now - window < at <= now)
            if len(recent) >= limit:
                return False
            log = AutoReplyLog(address=rid, sent=(*recent, now))
            uow.records.put(AUTO_REPLY_KIND, rid, unstructure(log))
        return True

    def suppress(self, notification_id: str, reason: str) -> None:
        """The sender will mark ``notification_id`` sent without mailing it."""
        with self._store.unit_of_work() as uow:
            uow.records.put(SUPPRESSED_KIND, notification_id, {"reason": reason})

    def suppressed(self, notification_ids: Iterable[str]) -> dict[str, str]:
        """Those of ``notification_ids`` that are suppressed, with the reason."""
        found: dict[str, str] = {}
        with self._store.unit_of_work(readonly=True) as uow:
            for nid in notification_ids:
                try:
                    found[nid] = str(uow.records.get(SUPPRESSED_KIND, nid)["reason"])
                except NotFound:
                    continue
        return found

    def write_answer(self, notification: Notification) -> None:
        """Put a notification the gateway itself writes (a refusal's answer) in the
        outbox, pending."""
        with self._store.unit_of_work() as uow:
            put_notification(uow.records, notification)
