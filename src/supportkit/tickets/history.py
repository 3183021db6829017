"""Deriving a ticket snapshot from its events: a pure left fold.

The fold knows nothing about policies: every event carries what it changed (the status it
led to, the new severity, category, subject or ETA). Deadlines that need a policy are computed
afterwards by :mod:`supportkit.deadlines`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

import attrs

from supportkit.errors import InvalidInput
from supportkit.tickets.actors import Side
from supportkit.tickets.events import OPENED
from supportkit.tickets.model import AttachmentRef, Event, EventValue, Message, Ticket
from supportkit.tickets.status import TicketStatus

__all__ = [
    "OPENED",
    "PURGED_KEY",
    "apply",
    "mark_purged",
    "opened_changes",
    "purged_digests",
    "replay",
    "scalar_changes",
]

#: The event data key whose digests a ``purged`` event marks (retention).
PURGED_KEY = "purged"


def _datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"event value {value!r} is not an ISO-8601 instant")
    return datetime.fromisoformat(value)


def mark_purged(messages: tuple[Message, ...], digests: frozenset[str]) -> tuple[Message, ...]:
    """``messages`` with every attachment reference to one of ``digests`` marked purged."""
    if not digests:
        return messages

    def purge(ref: AttachmentRef) -> AttachmentRef:
        return attrs.evolve(ref, purged=True) if ref.sha256 in digests else ref

    return tuple(
        attrs.evolve(m, attachments=tuple(purge(a) for a in m.attachments))
        if any(a.sha256 in digests for a in m.attachments)
        else m
        for m in messages
    )


def purged_digests(event: Event) -> frozenset[str]:
    """The content digests a ``purged`` event marks (empty for every other event)."""
    value = event.data.get(PURGED_KEY)
    if value is None:
        return frozenset()
    return frozenset(d for d in str(value).split(",") if d)


def _text(data: Mapping[str, EventValue], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def opened_changes(ticket_id: str, event: Event) -> dict[str, Any]:
    """The scalar fields of a ticket whose first event is ``event`` (``opened``): what
    :func:`replay` and :func:`supportkit.tickets.head.opened_head` both start from."""
    data = event.data
    subject = data.get("subject")
    severity = data.get("severity")
    if not isinstance(subject, str) or severity is None or isinstance(severity, bool):
        raise InvalidInput("an 'opened' event needs a subject and a severity")
    fields = {k[len("field."):]: str(v) for k, v in data.items() if k.startswith("field.")}
    customer = event.actor.side is Side.CUSTOMER
    # A ticket opened from the level above may start SOLVED ("answered"; ISPmanager).
    opened_as = _text(data, "status")
    status = TicketStatus(opened_as) if opened_as is not None else None
    return {
        "id": ticket_id,
        "subject": subject,
        "status": status or TicketStatus.OPEN,
        "solved_at": event.at if status is TicketStatus.SOLVED else None,
        "severity": severity,
        "requester": event.actor,
        "category": _text(data, "category"),
        "channel": str(data.get("channel", "web")),
        "fields": fields,
        "created_at": event.at,
        "updated_at": event.at,
        "last_customer_reply_at": event.at if customer else None,
        "addressed_to": _text(data, "addressed_to"),
        "follow_up_of": _text(data, "follow_up_of"),
        "assignee": _text(data, "assignee"),
        "support_group": _text(data, "support_group"),
        "service_level": _text(data, "service_level"),
        "contract_id": _text(data, "contract_id"),
        "awaiting_information": data.get("awaiting_information") is True,
    }


class _State(Protocol):
    """What :func:`scalar_changes` reads of the state it folds into (a ticket or a head)."""

    @property
    def status(self) -> TicketStatus: ...
    @property
    def first_response_at(self) -> datetime | None: ...
    @property
    def fields(self) -> Mapping[str, str]: ...


def scalar_changes(state: _State, event: Event) -> dict[str, Any]:
    """The scalar fields ``event`` (never ``opened``) changes on ``state``: the one rule
    both folds follow (:func:`apply` on tickets, :func:`supportkit.tickets.head.advance`
    on heads). Status-episode timestamps follow the new status: back to OPEN clears
    ``solved_at``/``closed_at``/``archived_at``."""
    data = event.data
    changes: dict[str, Any] = {"updated_at": event.at}
    if event.message is not None and not event.message.internal:
        if event.message.side is Side.SUPPORT:
            changes["last_support_reply_at"] = event.at
            if state.first_response_at is None:
                changes["first_response_at"] = event.at
        elif event.message.side is Side.CUSTOMER:
            changes["last_customer_reply_at"] = event.at
            changes["awaiting_information"] = False
    if "severity" in data:
        severity = data["severity"]
        if severity is None or isinstance(severity, bool):
            raise InvalidInput(f"event {event.kind!r} has an invalid severity {severity!r}")
        changes["severity"] = severity
    if "category" in data:  # ``categorized``: the new category
        changes["category"] = _text(data, "category")
    if "subject" in data:  # ``retitled``: the new subject
        subject = data["subject"]
        if not isinstance(subject, str) or not subject.strip():
            raise InvalidInput(f"event {event.kind!r} has an invalid subject {subject!r}")
        changes["subject"] = subject
    if "eta" in data:
        changes["eta"] = _datetime(data["eta"])
        changes["eta_set_at"] = event.at if data["eta"] is not None else None
    supplied = {k[len("field."):]: str(v) for k, v in data.items()
                if k.startswith("field.") and v is not None}
    if supplied:
        changes["fields"] = {**state.fields, **supplied}
    for key in ("assignee", "support_group", "addressed_to"):
        if key in data:
            changes[key] = _text(data, key)
    if "awaiting_information" in data:
        changes["awaiting_information"] = data["awaiting_information"] is True
    status_value = data.get("status")
    if isinstance(status_value, str):
        status = TicketStatus(status_value)
        changes["status"] = status
        if status is not state.status:
            if status is TicketStatus.OPEN:
                changes.update(solved_at=None, closed_at=None, archived_at=None)
            elif status is TicketStatus.SOLVED:
                changes.update(solved_at=event.at, closed_at=None, archived_at=None)
            elif status is TicketStatus.CLOSED:
                changes.update(closed_at=event.at, archived_at=None)
            elif status is TicketStatus.ARCHIVED:
                changes["archived_at"] = event.at
    return changes


def _opened(ticket_id: str, event: Event) -> Ticket:
    return Ticket(
        **opened_changes(ticket_id, event),
        messages=(event.message,) if event.message is not None else (),
        events=(event,),
    )


def apply(ticket: Ticket, event: Event) -> Ticket:
    """The snapshot after ``event`` (see :func:`scalar_changes` for the scalar fields)."""
    if event.kind == OPENED:
        raise InvalidInput("an 'opened' event starts a ticket; it cannot follow one")
    changes = scalar_changes(ticket, event)
    changes["events"] = (*ticket.events, event)
    messages = ticket.messages
    if event.message is not None:
        messages = (*messages, event.message)
        changes["messages"] = messages
    digests = purged_digests(event)
    if digests:
        changes["messages"] = mark_purged(messages, digests)
    return attrs.evolve(ticket, **changes)


def replay(ticket_id: str, events: Iterable[Event]) -> Ticket:
    """The snapshot of a ticket whose whole history is ``events`` (first one ``opened``)."""
    iterator = iter(events)
    first = next(iterator, None)
    if first is None or first.kind != OPENED:
        raise InvalidInput(f"ticket {ticket_id}: a history must start with an 'opened' event")
    ticket = _opened(ticket_id, first)
    for event in iterator:
        ticket = apply(ticket, event)
    return ticket
