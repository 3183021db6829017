"""The transactional notification outbox.

Notifications are written as records (kind ``"outbox"``, lookup key ``state`` =
``pending``/``sent``) in the same unit of work as the ticket change they announce: a change
that rolls back leaves no notification, a committed one always has its notifications, even
if the process dies right after the commit. A consumer reads :meth:`Outbox.pending`, sends,
then calls :meth:`Outbox.mark_sent`; if it dies in between, the same entries are pending
again (delivery is at least once; ids are stable, so a mailer can de-duplicate).

Several senders (processes, machines) share the outbox with :meth:`Outbox.batch`: each
claims up to ``limit`` pending entries inside one unit of work
(:class:`~supportkit.ports.ClaimingRecordRepository`: PostgreSQL ``FOR UPDATE SKIP LOCKED``,
SQLite's single writer, the memory store's claim table), sends them inside the ``with``
block, and the entries are marked sent in that same unit of work when the block ends
normally; if it raises (or the process dies) they are pending again. No entry is ever
handed to two live senders at once. On a store without claims ``batch`` reads pending
entries in a write unit of work: run one sender only there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum

import attrs

from supportkit._time import require_aware
from supportkit.access.accounts import Account
from supportkit.access.scopes import client_of, is_downward
from supportkit.app.repositories import AccountRepository, put_records
from supportkit.clock import Clock
from supportkit.errors import InvalidInput, NotFound
from supportkit.policy import Policy
from supportkit.ports import (
    ClaimingRecordRepository,
    RecordPut,
    RecordRepository,
    Store,
    UnitOfWork,
)
from supportkit.serialization import structure, unstructure
from supportkit.tickets.actors import Side
from supportkit.tickets.decisions import auto_reply_link
from supportkit.tickets.events import EVENT_KINDS, Audience
from supportkit.tickets.head import TicketState
from supportkit.tickets.model import Event
from supportkit.tickets.status import TicketStatus

__all__ = [
    "KIND",
    "Notification",
    "NotificationState",
    "Outbox",
    "OutboxBatch",
    "auto_reply_for",
    "event_notifications",
    "notification_put",
    "notifications_for",
    "put_notification",
]

KIND = "outbox"


class NotificationState(StrEnum):
    """Where an outbox entry is: waiting to be sent, or sent."""

    PENDING = "pending"
    SENT = "sent"


@attrs.frozen(kw_only=True)
class Notification:
    """One message to send: ``event`` on ``ticket_id`` happened, tell ``recipient``.

    ``recipient`` is an account or actor id, or None for the support organisation's queue
    (a ticket nobody in particular handles yet); ``email`` is the account's address when it
    has one. ``version`` is the ticket version the event produced; the id is
    ``"<ticket>/<version>/<recipient>"`` and never changes. ``link``: set on the auto-reply
    to a ticket opened by e-mail (``Policy.auto_reply_link``), the direct link to the
    ticket; its id ends in ``/auto-reply``.

    The e-mail gateway (:mod:`supportkit.mail`) writes one more kind: the answer to an
    e-mail it refused (``event`` ``"refused"``, id ``mail-refused/<digest>``, ``ticket_id``
    empty, ``version`` 0), with the refusal in ``text``, the address in ``email`` and the
    refused message's Message-ID in ``in_reply_to``.
    """

    id: str
    ticket_id: str
    version: int
    event: str
    at: datetime
    actor: str
    recipient: str | None
    recipient_side: Side
    email: str | None
    subject: str
    status: TicketStatus
    state: NotificationState = NotificationState.PENDING
    sent_at: datetime | None = None
    link: str | None = None
    text: str | None = None
    in_reply_to: str | None = None


def _support_party(ticket: TicketState) -> list[str | None]:
    party: list[str | None] = []
    if is_downward(ticket):
        party.append(ticket.requester.id)
    elif ticket.addressed_to is not None:
        party.append(ticket.addressed_to)
    if ticket.assignee is not None and ticket.assignee not in party:
        party.append(ticket.assignee)
    return party or [None]


def notifications_for(
    records: RecordRepository, policy: Policy, ticket: TicketState, event: Event
) -> list[Notification]:
    """The notifications ``event`` (which produced ``ticket``) sends.

    A customer-side change tells the support party (the account the ticket is addressed to,
    the assignee, or else the support organisation); a support-side change tells the client;
    a system change tells both; a support-only kind (:data:`~supportkit.tickets.events.EVENT_KINDS`:
    ``transferred``, ``noted``) tells the support party only. Nobody is told of their
    own change; internal notes never reach the customer side; only event kinds in
    ``policy.notify_events`` notify.
    """
    if event.kind not in policy.notify_events:
        return []
    targets: list[tuple[str | None, Side]] = []
    kind = EVENT_KINDS.get(event.kind)
    support_only = kind is not None and kind.audience is Audience.SUPPORT
    internal = event.message is not None and event.message.internal
    if event.actor.side in (Side.SUPPORT, Side.SYSTEM) and not (internal or support_only):
        targets.append((client_of(ticket), Side.CUSTOMER))
    if event.actor.side in (Side.CUSTOMER, Side.SYSTEM) or support_only:
        targets += [(r, Side.SUPPORT) for r in _support_party(ticket)]
    accounts = AccountRepository(records)
    found: list[Notification] = []
    seen: set[str | None] = set()
    for recipient, side in targets:
        if recipient == event.actor.id or recipient in seen:
            continue
        seen.add(recipient)
        account = accounts.find(recipient) if recipient is not None else None
        found.append(_notification(ticket, event, recipient, side, account))
    return found


def _notification(
    ticket: TicketState,
    event: Event,
    recipient: str | None,
    side: Side,
    account: Account | None,
    *,
    suffix: str = "",
    link: str | None = None,
) -> Notification:
    """The outbox entry telling ``recipient`` of ``event`` on ``ticket`` (as it now is)."""
    return Notification(
        id=f"{ticket.id}/{ticket.version}/{recipient or '*support'}{suffix}",
        ticket_id=ticket.id,
        version=ticket.version,
        event=event.kind,
        at=event.at,
        actor=event.actor.id,
        recipient=recipient,
        recipient_side=side,
        email=account.email if account is not None else None,
        subject=ticket.subject,
        status=ticket.status,
        link=link,
    )


def auto_reply_for(
    records: RecordRepository, policy: Policy, ticket: TicketState, event: Event
) -> Notification | None:
    """The auto-reply to a ticket opened by e-mail, carrying the direct link to it, when
    ``policy.auto_reply_link`` is set (written whatever ``notify_events`` says: it is the
    desk's answer to the e-mail, not news of a change)."""
    link = auto_reply_link(policy.auto_reply_link, ticket, event)
    if link is None:
        return None
    recipient = ticket.requester.id
    account = AccountRepository(records).find(recipient)
    return _notification(ticket, event, recipient, ticket.requester.side, account,
                         suffix="/auto-reply", link=link)


def notification_put(note: Notification) -> RecordPut:
    """The record write that puts ``note`` in the outbox."""
    return RecordPut(KIND, note.id, unstructure(note),
                     {"state": note.state.value, "ticket": note.ticket_id})


def put_notification(records: RecordRepository, note: Notification) -> None:
    """Insert or replace ``note`` in the outbox of the unit of work ``records`` belongs to."""
    write = notification_put(note)
    records.put(write.kind, write.record_id, write.data, keys=write.keys)


def event_notifications(
    records: RecordRepository, policy: Policy, ticket: TicketState, event: Event
) -> list[Notification]:
    """What :func:`write_notifications` writes: the event's notifications and the
    auto-reply (``records`` is read for the recipients' accounts)."""
    notes = notifications_for(records, policy, ticket, event)
    reply = auto_reply_for(records, policy, ticket, event)
    if reply is not None:
        notes.append(reply)
    return notes


def write_notifications(
    records: RecordRepository, policy: Policy, ticket: TicketState, event: Event
) -> list[Notification]:
    """Write the event's notifications into the outbox of the current unit of work."""
    notes = event_notifications(records, policy, ticket, event)
    put_records(records, [notification_put(note) for note in notes])
    return notes


class OutboxBatch:
    """The pending notifications one sender holds inside :meth:`Outbox.batch`.

    Iterate over it (or read :attr:`notifications`) and send each; :meth:`release` one that
    could not be sent to leave it pending. Every other entry is marked sent when the
    ``with`` block ends normally.
    """

    def __init__(self, notifications: Iterable[Notification]) -> None:
        self._notifications = tuple(notifications)
        self._released: set[str] = set()

    @property
    def notifications(self) -> tuple[Notification, ...]:
        """The claimed entries, oldest first."""
        return self._notifications

    def __iter__(self) -> Iterator[Notification]:
        return iter(self._notifications)

    def __len__(self) -> int:
        return len(self._notifications)

    def release(self, notification: Notification | str) -> None:
        """Leave ``notification`` (or its id) pending: not marked sent at the end of the
        block, so a sender takes it again later. :class:`InvalidInput` for one not in
        this batch."""
        wanted = notification if isinstance(notification, str) else notification.id
        if wanted not in {note.id for note in self._notifications}:
            raise InvalidInput(
                f"notification {wanted!r} is not in this batch; release only entries it holds"
            )
        self._released.add(wanted)

    @property
    def to_mark_sent(self) -> tuple[Notification, ...]:
        """The entries the end of the block marks sent (all but the released ones)."""
        return tuple(n for n in self._notifications if n.id not in self._released)


class Outbox:
    """Read and acknowledge pending notifications: ``Helpdesk.outbox``."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def _reading(self) -> UnitOfWork:
        return self._store.unit_of_work(readonly=True)

    def pending(self, limit: int | None = None) -> list[Notification]:
        """Pending notifications, oldest first."""
        with self._reading() as uow:
            rows = uow.records.find(KIND, "state", NotificationState.PENDING.value)
            return [structure(data, Notification) for _, data in rows[:limit]]

    @contextmanager
    def batch(self, limit: int = 100) -> Iterator[OutboxBatch]:
        """Claim up to ``limit`` pending entries (oldest first) for this sender::

            with desk.outbox.batch(50) as batch:
                for note in batch:
                    mailer.send(note)        # raise to put every entry back, or
                                             # batch.release(note) to put back just one

        When the block ends normally the claimed entries (all but released ones) are marked
        sent, in the unit of work that claimed them; when it raises, nothing is marked and
        the entries are pending again. Concurrent senders never get the same entry (see the
        module docstring); on a store without claims run only one sender. The claim is a
        transaction: keep the block short (on SQLite it holds the write lock, and other
        writers wait for it) and do not change the same entries from inside it.
        """
        if limit < 0:
            raise InvalidInput(f"outbox batch limit must be 0 or more, got {limit}")
        state = NotificationState.PENDING.value
        with self._store.unit_of_work() as uow:
            records = uow.records
            if isinstance(records, ClaimingRecordRepository):
                rows = [(rid, data) for _, rid, data in records.claim(
                    KIND, "state", state, limit=limit)]
            else:  # single sender: a plain read inside the write unit of work
                rows = list(records.find(KIND, "state", state))[:limit]
            batch = OutboxBatch(structure(data, Notification) for _, data in rows)
            yield batch
            now = require_aware(self._clock.now(), "clock.now()")
            for note in batch.to_mark_sent:
                sent = attrs.evolve(note, state=NotificationState.SENT, sent_at=now)
                put_notification(records, sent)

    def get(self, notification_id: str) -> Notification:
        """One entry, pending or sent. :class:`NotFound` for an unknown id."""
        with self._reading() as uow:
            return structure(uow.records.get(KIND, notification_id), Notification)

    def mark_sent(self, ids: Iterable[str]) -> int:
        """Mark entries sent (all or none); return how many were pending.

        Entries already sent are left as they are; an unknown id is :class:`NotFound` and
        marks nothing.
        """
        now = require_aware(self._clock.now(), "clock.now()")
        changed = 0
        with self._store.unit_of_work() as uow:
            for notification_id in dict.fromkeys(ids):
                try:
                    data = uow.records.get(KIND, notification_id)
                except NotFound:
                    raise NotFound("notification", notification_id) from None
                note = structure(data, Notification)
                if note.state is NotificationState.PENDING:
                    sent = attrs.evolve(note, state=NotificationState.SENT, sent_at=now)
                    put_notification(uow.records, sent)
                    changed += 1
        return changed
