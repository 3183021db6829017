"""The :class:`Helpdesk`: the one entry point an embedding application talks to.

Each action reads the ticket, asks the policy's workflow whether it is allowed, appends one
event, re-derives the snapshot and its deadlines, and saves it — all in one unit of work.
A refused action raises and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import BinaryIO

import attrs

from supportkit._time import require_aware
from supportkit.clock import Clock, SystemClock
from supportkit.deadlines import derive
from supportkit.durations import format_duration
from supportkit.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from supportkit.policy import Policy
from supportkit.ports import Store, TicketQuery, UnitOfWork
from supportkit.privacy.purge import RetentionReport, blob_holders, index_blobs, run_retention
from supportkit.privacy.retention import RAW_EMAIL
from supportkit.privacy.screening import Screened, screen
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.history import OPENED, apply, replay
from supportkit.tickets.model import AttachmentRef, Event, EventValue, Message, Ticket, Upload
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Action, Transition

__all__ = ["Helpdesk"]

EVENT_KINDS: Mapping[Action, str] = {
    Action.REPLY: "replied",
    Action.NOTE: "noted",
    Action.SOLVE: "solved",
    Action.CONFIRM: "confirmed",
    Action.CLOSE: "closed",
    Action.REOPEN: "reopened",
    Action.ARCHIVE: "archived",
    Action.SET_SEVERITY: "severity_changed",
    Action.SET_ETA: "eta_set",
    Action.ESCALATE: "escalated",
}

#: Actions whose concurrent copies commute: on a version conflict they are re-applied.
RETRIED_ACTIONS = frozenset({Action.REPLY, Action.NOTE})
MAX_RETRIES = 8

EventFactory = Callable[[Ticket, Transition, datetime], Event]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty text, got {value!r}")
    return value


class Helpdesk:
    """Runs a :class:`Policy` over a :class:`~supportkit.ports.Store` with a clock.

    >>> from supportkit import Helpdesk, Actor
    >>> from supportkit.adapters.memory import MemoryStore
    >>> desk = Helpdesk(store=MemoryStore())
    >>> t = desk.open_ticket(Actor.customer("alice"), subject="Mail down", body="Since 9:00")
    >>> t.status.value, t.severity
    ('open', 3)
    """

    def __init__(
        self, store: Store, policy: Policy | None = None, clock: Clock | None = None
    ) -> None:
        self.store = store
        self.policy = policy if policy is not None else Policy()
        self.clock: Clock = clock if clock is not None else SystemClock()

    # -- reading ---------------------------------------------------------------------------

    def get(self, ticket_id: str) -> Ticket:
        """The current snapshot. :class:`NotFound` for an unknown id."""
        with self.store.unit_of_work() as uow:
            return uow.tickets.get(ticket_id)

    def tickets(self, query: TicketQuery | None = None) -> Sequence[Ticket]:
        """Tickets matching ``query`` (all tickets when omitted), ordered by id."""
        with self.store.unit_of_work() as uow:
            return uow.tickets.query(query or TicketQuery())

    # -- opening -----------------------------------------------------------------------------

    def open_ticket(
        self,
        requester: Actor,
        subject: str,
        body: str,
        *,
        severity: PriorityKey | None = None,
        category: str | None = None,
        channel: str = "web",
        fields: Mapping[str, str] | None = None,
        attachments: Iterable[Upload] = (),
        raw_email: bytes | BinaryIO | None = None,
        follow_up_of: str | None = None,
    ) -> Ticket:
        """Open a ticket for ``requester``; severity defaults to the scheme's default.

        On the policy's redaction channels (``email`` by default) secrets in subject, body and
        ``raw_email`` (the inbound message's source, kept as a private blob) are stripped
        first; personal data is then reported, refused or redacted as ``policy.privacy``
        says. ``follow_up_of`` links the new ticket to an earlier one (see :meth:`follow_up`).
        """
        subject = _text(subject, "subject").strip()
        body = _text(body, "body")
        level = self.policy.priorities.validate(
            self.policy.priorities.default if severity is None else severity
        )
        channel = self._channel(channel)
        screened = self._screen(channel, subject, body, attachments, raw_email)
        subject, body = screened.subject or subject, screened.body
        data: dict[str, EventValue] = {
            "subject": subject,
            "severity": level,
            "channel": channel,
            "status": TicketStatus.OPEN.value,
        }
        if category is not None:
            data["category"] = _text(category, "category")
        for key, value in (fields or {}).items():
            if not isinstance(value, str):
                raise InvalidInput(f"field {key!r} must be text, got {type(value).__name__}")
            data[f"field.{_text(key, 'field name')}"] = value
        data.update(screened.data)
        if follow_up_of is not None:
            data["follow_up_of"] = self._follow_up_target(requester, follow_up_of).id
        with self._stored(screened) as refs:
            at = self._now()
            message = Message(requester.id, requester.side, body, channel, at, refs)
            event = Event(OPENED, at, requester, data, message)
            with self.store.unit_of_work() as uow:
                ticket = replay(uow.tickets.next_id(), [event])
                ticket = attrs.evolve(derive(ticket, self.policy), version=1)
                uow.tickets.add(ticket)
                self._index_blobs(uow, ticket.id, refs)
        return ticket

    # -- lifecycle ---------------------------------------------------------------------------

    def reply(
        self,
        ticket_id: str,
        actor: Actor,
        body: str,
        *,
        channel: str = "web",
        attachments: Iterable[Upload] = (),
        raw_email: bytes | BinaryIO | None = None,
    ) -> Ticket:
        """Add a reply visible to both sides; may move the status (see the workflow).

        ``channel="email"`` runs the redactor (by default); ``raw_email`` keeps the inbound
        message's source as a private blob until retention purges it.
        """
        attachments = tuple(attachments)
        if not attachments:
            body = _text(body, "reply body")
        channel = self._channel(channel)
        screened = self._screen(channel, None, body, attachments, raw_email)

        with self._stored(screened) as refs:

            def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
                message = Message(actor.id, actor.side, screened.body, channel, at, refs)
                return self._event(row, actor, at, screened.data, message=message)

            return self._change(ticket_id, actor, Action.REPLY, event)

    def note(self, ticket_id: str, actor: Actor, body: str) -> Ticket:
        """An internal support-side note: never shown to customers, never a response."""
        body = _text(body, "note body")

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            message = Message(actor.id, actor.side, body, "internal", at, (), internal=True)
            return self._event(row, actor, at, message=message)

        return self._change(ticket_id, actor, Action.NOTE, event)

    def solve(self, ticket_id: str, actor: Actor) -> Ticket:
        """Support marks the ticket resolved (OPEN → SOLVED)."""
        return self._simple(ticket_id, actor, Action.SOLVE)

    def confirm(self, ticket_id: str, actor: Actor) -> Ticket:
        """The customer confirms the resolution (SOLVED → CLOSED)."""
        return self._simple(ticket_id, actor, Action.CONFIRM)

    def close(self, ticket_id: str, actor: Actor) -> Ticket:
        """Close the ticket without (further) verification."""
        return self._simple(ticket_id, actor, Action.CLOSE)

    def reopen(self, ticket_id: str, actor: Actor) -> Ticket:
        """Back to OPEN; from CLOSED or ARCHIVED only inside the reopen window."""
        return self._simple(ticket_id, actor, Action.REOPEN)

    def archive(self, ticket_id: str, actor: Actor) -> Ticket:
        """Move the ticket out of the active list."""
        return self._simple(ticket_id, actor, Action.ARCHIVE)

    def set_severity(
        self, ticket_id: str, actor: Actor, severity: PriorityKey, *, reason: str
    ) -> Ticket:
        """Raise or lower the severity; the reason, who and when are recorded."""
        reason = _text(reason, "reason for the severity change")
        level = self.policy.priorities.validate(severity)
        roles = self.policy.severity_change_roles
        if roles and not any(actor.has_role(role) for role in sorted(roles)):
            raise PermissionDenied(
                f"{actor.id} may not change a severity; allowed roles: {', '.join(sorted(roles))}"
            )

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            if ticket.severity == level:
                raise InvalidInput(
                    f"ticket {ticket.id} already has {self.policy.priorities.name} {level!r}"
                )
            data = {"severity": level, "previous": ticket.severity, "reason": reason}
            return self._event(row, actor, at, data)

        return self._change(ticket_id, actor, Action.SET_SEVERITY, event)

    def set_eta(self, ticket_id: str, actor: Actor, eta: datetime) -> Ticket:
        """Set the resolution ETA (an aware instant, not before now)."""
        eta = require_aware(eta, "eta")

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            if eta < at:
                raise InvalidInput(
                    f"eta {eta.isoformat()} is in the past (now {at.isoformat()}); "
                    "give an instant from now on"
                )
            return self._event(row, actor, at, {"eta": eta.isoformat()})

        return self._change(ticket_id, actor, Action.SET_ETA, event)

    # -- privacy and retention ---------------------------------------------------------------

    def follow_up(
        self,
        ticket_id: str,
        actor: Actor,
        subject: str | None = None,
        *,
        body: str,
        severity: PriorityKey | None = None,
        channel: str = "web",
        attachments: Iterable[Upload] = (),
        raw_email: bytes | BinaryIO | None = None,
    ) -> Ticket:
        """Open a new ticket linked to ``ticket_id`` (``follow_up_of``): the way to continue
        a closed ticket after its reopen window ended. Subject defaults to the old one's,
        category and severity are carried over unless given."""
        old = self._follow_up_target(actor, ticket_id)
        return self.open_ticket(
            actor,
            subject if subject is not None else f"Follow-up to #{old.id}: {old.subject}",
            body,
            severity=old.severity if severity is None else severity,
            category=old.category,
            channel=channel,
            attachments=attachments,
            raw_email=raw_email,
            follow_up_of=old.id,
        )

    def run_retention(self, dry_run: bool = False, *, recheck_all: bool = False) -> RetentionReport:
        """Purge attachments and raw e-mails of tickets closed at least ``retention.keep``
        ago, across the whole stock; idempotent and safe to interrupt and re-run.
        ``dry_run`` reports what would be purged and changes nothing; ``recheck_all``
        re-computes every closed ticket's deadline (once, after shortening ``keep``)."""
        return run_retention(
            self.store,
            self.policy.retention,
            self._now(),
            lambda ticket: derive(ticket, self.policy),
            dry_run=dry_run,
            recheck_all=recheck_all,
        )

    def next_retention_run(self, after: datetime | None = None) -> datetime:
        """The next scheduled retention run after ``after`` (default: now)."""
        return self.policy.retention.next_run(self._now() if after is None else after)

    def _screen(
        self,
        channel: str,
        subject: str | None,
        body: str,
        uploads: Iterable[Upload],
        raw_email: bytes | BinaryIO | None,
    ) -> Screened:
        uploads = tuple(uploads)
        for upload in uploads:
            if not isinstance(upload, Upload):
                raise InvalidInput(f"attachments must be Upload objects, got {upload!r}")
        return screen(
            self.policy.redaction, self.policy.privacy, channel,
            subject=subject, body=body, uploads=uploads, raw_email=raw_email,
            max_raw_bytes=self.policy.max_attachment_bytes,
        )

    @contextmanager
    def _stored(self, screened: Screened) -> Iterator[tuple[AttachmentRef, ...]]:
        """Store the uploads (and raw e-mail); if anything fails before the block ends,
        remove those blobs no stored ticket references, so a refused action (an oversize
        upload, a refused transition) leaves nothing behind."""
        created: list[str] = []
        try:
            refs = list(self._store_attachments(screened.uploads, created))
            if screened.raw_email is not None:
                stored = self.store.blobs.put(
                    screened.raw_email, max_size=self.policy.max_attachment_bytes
                )
                created.append(stored.sha256)
                refs.append(AttachmentRef("raw-email.eml", stored.size, stored.sha256,
                                          "message/rfc822", kind=RAW_EMAIL))
            yield tuple(refs)
        except BaseException:
            for digest in created:
                with self.store.unit_of_work() as uow:
                    held = blob_holders(uow, digest)
                if not held:
                    self.store.blobs.delete(digest)
            raise

    def _index_blobs(self, uow: UnitOfWork, ticket_id: str, refs: Iterable[AttachmentRef]) -> None:
        index_blobs(uow, ticket_id, refs)

    def _follow_up_target(self, actor: Actor, ticket_id: str) -> Ticket:
        old = self.get(ticket_id)
        self._check_access(old, actor)
        if old.status is TicketStatus.OPEN:
            raise InvalidInput(
                f"ticket {old.id} is still open: reply to it instead of opening a follow-up"
            )
        return old

    # -- internals ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        return require_aware(self.clock.now(), "clock.now()")

    def _channel(self, channel: str) -> str:
        channel = _text(channel, "channel")
        allowed = self.policy.channels
        if allowed is not None and channel not in allowed:
            raise InvalidInput(
                f"channel {channel!r} is not accepted; allowed: {', '.join(sorted(allowed))}"
            )
        return channel

    def _store_attachments(
        self, uploads: Iterable[Upload], created: list[str] | None = None
    ) -> tuple[AttachmentRef, ...]:
        refs = []
        for upload in uploads:
            if not isinstance(upload, Upload):
                raise InvalidInput(f"attachments must be Upload objects, got {upload!r}")
            stored = self.store.blobs.put(
                upload.content, max_size=self.policy.max_attachment_bytes
            )
            if created is not None:
                created.append(stored.sha256)
            refs.append(
                AttachmentRef(upload.filename, stored.size, stored.sha256, upload.content_type)
            )
        return tuple(refs)

    def _event(
        self,
        row: Transition,
        actor: Actor,
        at: datetime,
        data: Mapping[str, EventValue] | None = None,
        *,
        message: Message | None = None,
    ) -> Event:
        payload: dict[str, EventValue] = {"status": row.target.value, **(data or {})}
        return Event(EVENT_KINDS[row.action], at, actor, payload, message)

    def _simple(self, ticket_id: str, actor: Actor, action: Action) -> Ticket:
        return self._change(
            ticket_id, actor, action, lambda ticket, row, at: self._event(row, actor, at)
        )

    def _check_access(self, ticket: Ticket, actor: Actor) -> None:
        if actor.side is not Side.CUSTOMER:
            return
        same_company = actor.company is not None and actor.company == ticket.requester.company
        if actor.id != ticket.requester.id and not same_company:
            raise PermissionDenied(
                f"customer {actor.id} may act only on tickets they or their company opened"
            )

    def _unwindowed(self, status: TicketStatus, side: Side) -> list[str]:
        rows = self.policy.workflow.transitions
        return [r.action.value for r in rows
                if r.source is status and r.side is side and not r.windowed]

    def _check_window(self, ticket: Ticket, row: Transition, at: datetime) -> None:
        window = self.policy.reopen_window
        if not row.windowed or window is None:
            return
        since = ticket.closed_at or ticket.archived_at or ticket.solved_at
        # The window ends when the keep period ends: from that instant the private data may
        # be purged, so the end itself is outside (retention purges at closed + keep).
        if since is None or at < since + window:
            return
        ended = (since + window).isoformat()
        raise InvalidTransition(
            ticket_id=ticket.id,
            status=ticket.status.value,
            action=row.action.value,
            side=row.side.value,
            allowed=self._unwindowed(ticket.status, row.side),
            reason=(
                f"the reopen window ended on {ended}, {format_duration(window)} after "
                f"closing; open a follow-up ticket instead (Helpdesk.follow_up("
                f"{ticket.id!r}, ...) links it to this one)"
            ),
        )

    def _change(
        self, ticket_id: str, actor: Actor, action: Action, make_event: EventFactory
    ) -> Ticket:
        attempts = MAX_RETRIES if action in RETRIED_ACTIONS else 1
        for attempt in range(attempts):
            try:
                return self._change_once(ticket_id, actor, action, make_event)
            except Conflict:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _change_once(
        self, ticket_id: str, actor: Actor, action: Action, make_event: EventFactory
    ) -> Ticket:
        with self.store.unit_of_work() as uow:
            ticket = uow.tickets.get(ticket_id)
            self._check_access(ticket, actor)
            row = self.policy.workflow.transition(
                ticket.status, action, actor.side, ticket_id=ticket.id
            )
            # Events of one ticket never go back in time, even if clocks disagree.
            at = max(self._now(), ticket.updated_at)
            self._check_window(ticket, row, at)
            event = make_event(ticket, row, at)
            new = derive(apply(ticket, event), self.policy)
            new = attrs.evolve(new, version=ticket.version + 1)
            uow.tickets.save(new)
            if event.message is not None:  # privacy and retention: who holds which blob
                self._index_blobs(uow, new.id, event.message.attachments)
        return new
