"""The :class:`Helpdesk`: the one entry point an embedding application talks to.

Each action reads the ticket, asks the policy's workflow whether it is allowed, appends one
event, re-derives the snapshot and its deadlines, and saves it — all in one unit of work.
A refused action raises and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from supportkit._time import require_aware
from supportkit.clock import Clock, SystemClock
from supportkit.deadlines import derive
from supportkit.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    PermissionDenied,
)
from supportkit.policy import Policy
from supportkit.ports import Store, TicketQuery
from supportkit.sla.escalation import (
    EscalationDecision,
    escalation_decision,
    not_eligible_reason,
)
from supportkit.sla.paging import PagingDecision, paging_decision
from supportkit.sla.status import SlaStatus, sla_status
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
    ) -> Ticket:
        """Open a ticket for ``requester``; severity defaults to the scheme's default."""
        subject = _text(subject, "subject").strip()
        body = _text(body, "body")
        level = self.policy.priorities.validate(
            self.policy.priorities.default if severity is None else severity
        )
        channel = self._channel(channel)
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
        refs = self._store_attachments(attachments)
        at = self._now()
        message = Message(requester.id, requester.side, body, channel, at, refs)
        event = Event(OPENED, at, requester, data, message)
        with self.store.unit_of_work() as uow:
            ticket = replay(uow.tickets.next_id(), [event])
            ticket = attrs.evolve(derive(ticket, self.policy), version=1)
            uow.tickets.add(ticket)
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
    ) -> Ticket:
        """Add a reply visible to both sides; may move the status (see the workflow)."""
        refs = self._store_attachments(attachments)
        if not refs:
            body = _text(body, "reply body")
        channel = self._channel(channel)

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            message = Message(actor.id, actor.side, body, channel, at, refs)
            return self._event(row, actor, at, message=message)

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

    # -- SLA, escalation and paging --------------------------------------------------------

    def sla(self, ticket_id: str, *, at: datetime | None = None) -> SlaStatus:
        """Where the ticket's first response, next update and resolution stand at ``at``
        (default now): met, ok, at risk, paused or breached. Derived, never stored."""
        now = self._now() if at is None else require_aware(at, "at")
        return sla_status(self.get(ticket_id), self.policy, now)

    def escalation(self, ticket_id: str, *, at: datetime | None = None) -> EscalationDecision:
        """Whether the ticket may be escalated now (or at ``at``), from when and how."""
        now = self._now() if at is None else require_aware(at, "at")
        return escalation_decision(self.get(ticket_id), self.policy, now)

    def escalate(
        self,
        ticket_id: str,
        actor: Actor,
        method: str = "button",
        target: str | None = None,
    ) -> Ticket:
        """Record an escalation by ``method`` (``"button"``, ``"phone"`` …), by the customer
        or by support on their behalf. :class:`NotEligible` — saying from when and by which
        methods — before the level's rule allows it, or with a method it does not allow.
        ``target`` (support only) moves the ticket to that support group."""
        method = _text(method, "escalation method")
        if target is not None:
            target = _text(target, "escalation target group")
            if actor.side is not Side.SUPPORT:
                raise PermissionDenied(
                    f"{actor.id} may not choose the group a ticket escalates to; only support "
                    "may (escalate without a target instead)"
                )

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            decision = escalation_decision(ticket, self.policy, at)
            if not decision.eligible or method not in decision.methods:
                raise NotEligible(
                    not_eligible_reason(ticket, self.policy, decision, method),
                    eligible_at=decision.eligible_at,
                    methods=decision.methods,
                )
            eligible_at = decision.eligible_at
            data: dict[str, EventValue] = {
                "method": method,
                "eligible_at": eligible_at.isoformat() if eligible_at is not None else None,
            }
            if target is not None:
                data.update(target=target, support_group=target, previous=ticket.support_group)
            return self._event(row, actor, at, data)

        return self._change(ticket_id, actor, Action.ESCALATE, event)

    def transfer(self, ticket_id: str, actor: Actor, group: str, *, reason: str) -> Ticket:
        """Tiered escalation inside support: move the ticket to ``group`` (e.g. a senior
        team), recording who, when and why. Allowed where the workflow lets support escalate;
        needs no customer-side eligibility."""
        group = _text(group, "support group")
        reason = _text(reason, "reason for the transfer")
        if actor.side is not Side.SUPPORT:
            raise PermissionDenied(f"{actor.id} may not transfer tickets; only support may")

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            if ticket.support_group == group:
                raise InvalidInput(f"ticket {ticket.id} is already with group {group!r}")
            data: dict[str, EventValue] = {
                "status": row.target.value,
                "support_group": group,
                "previous": ticket.support_group,
                "reason": reason,
            }
            return Event("transferred", at, actor, data)

        return self._change(ticket_id, actor, Action.ESCALATE, event)

    def paging(self, ticket_id: str) -> PagingDecision:
        """Whether the ticket pages the on-call team (submitted after hours with a paging
        priority) and by when someone must respond."""
        return paging_decision(self.get(ticket_id), self.policy)

    def due(
        self,
        column: str,
        before: datetime,
        after: datetime | None = None,
        *,
        statuses: Iterable[TicketStatus] | None = None,
    ) -> Sequence[Ticket]:
        """Tickets whose deadline ``column`` (``first_response_due``, ``next_update_due``,
        ``resolution_due``, ``eta``, ``escalation_eligible_at`` …) falls in ``[after, before)``
        — e.g. what breaches or becomes escalatable in the next 15 minutes."""
        before = require_aware(before, "before")
        if after is not None:
            after = require_aware(after, "after")
        query = TicketQuery(
            due=_text(column, "deadline column"),
            due_from=after,
            due_before=before,
            # attrs' optional(frozenset) converter confuses mypy's plugin about the type.
            statuses=None if statuses is None else frozenset(statuses),  # type: ignore[arg-type]
        )
        return self.tickets(query)

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

    def _store_attachments(self, uploads: Iterable[Upload]) -> tuple[AttachmentRef, ...]:
        refs = []
        for upload in uploads:
            if not isinstance(upload, Upload):
                raise InvalidInput(f"attachments must be Upload objects, got {upload!r}")
            stored = self.store.blobs.put(
                upload.content, max_size=self.policy.max_attachment_bytes
            )
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
        if since is None or at <= since + window:
            return
        ended = (since + window).isoformat()
        raise InvalidTransition(
            ticket_id=ticket.id,
            status=ticket.status.value,
            action=row.action.value,
            side=row.side.value,
            allowed=self._unwindowed(ticket.status, row.side),
            reason=f"the reopen window ended on {ended}; open a follow-up ticket instead",
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
        return new
