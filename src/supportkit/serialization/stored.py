"""The stored form of a ticket's head and of its events, built without cattrs' dispatch.

The SQL stores write one head per change and one row per event, and a bulk insert writes
thousands of each: cattrs' generated hooks call a hook per optional field, per collection
and per nested class, which was most of ``add_many``'s time after the database's own. These
functions build the very same dicts as :data:`supportkit.serialization.converter`
(``tests/test_stored_form.py`` holds their JSON text equal to it on drawn histories, and
their keys to the attrs fields): plain values are passed as they are, instants become
ISO text, sets sorted lists. A value of an unexpected type (an event detail that is not
text, a number, a boolean or None; a role that is not text) goes through the converter,
as before.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from supportkit.serialization import converter
from supportkit.tickets.actors import Actor
from supportkit.tickets.head import HeldRef, TicketHead
from supportkit.tickets.model import AttachmentRef, Event, Message

__all__ = ["event_data", "head_data"]

_PLAIN = frozenset({str, int, bool, type(None)})


#: ``isoformat`` of UTC instants, remembered: a ticket repeats its instants (opened at =
#: created at = its message's at, the last event's = updated at, a stretch's ends …), about
#: 3.5 distinct in 11.5, and an aware ``isoformat`` costs ten look-ups of this cache.
_utc_text = functools.lru_cache(maxsize=4096)(datetime.isoformat)


def _text(value: datetime) -> str:
    """``value.isoformat()``; remembered for UTC instants only (two equal instants in
    other zones have different texts)."""
    if value.tzinfo is UTC and type(value) is datetime:
        return _utc_text(value)
    return value.isoformat()


def _instant(value: datetime | None) -> str | None:
    return None if value is None else _text(value)


def _actor(actor: Actor) -> dict[str, Any]:
    roles = actor.roles
    if len(roles) < 2:
        listed: Any = [*roles]
        if listed and type(listed[0]) is not str:
            listed = converter.unstructure(roles)
    elif all(type(role) is str for role in roles):
        listed = sorted(roles)
    else:
        listed = converter.unstructure(roles)
    return {"id": actor.id, "side": actor.side, "company": actor.company, "roles": listed}


def _attachment(ref: AttachmentRef) -> dict[str, Any]:
    return {"filename": ref.filename, "size": ref.size, "sha256": ref.sha256,
            "content_type": ref.content_type, "purged": ref.purged, "kind": ref.kind}


def _message(message: Message) -> dict[str, Any]:
    return {
        "author": message.author,
        "side": message.side,
        "body": message.body,
        "channel": message.channel,
        "at": _text(message.at),
        "attachments": [_attachment(ref) for ref in message.attachments],
        "internal": message.internal,
    }


def event_data(event: Event) -> dict[str, Any]:
    """What ``converter.unstructure(event)`` gives (a message body included, once)."""
    data = event.data
    details = (dict(data) if all(type(value) in _PLAIN for value in data.values())
               else converter.unstructure(data))
    message = event.message
    return {
        "kind": event.kind,
        "at": _text(event.at),
        "actor": _actor(event.actor),
        "data": details,
        "message": None if message is None else _message(message),
    }


def _held(ref: HeldRef) -> dict[str, Any]:
    return {"sha256": ref.sha256, "kind": ref.kind, "purged": ref.purged,
            "filename": ref.filename, "size": ref.size}


def head_data(head: TicketHead) -> dict[str, Any]:
    """What ``converter.unstructure(head)`` gives."""
    fields = head.fields
    return {
        "id": head.id,
        "subject": head.subject,
        "status": head.status,
        "severity": head.severity,
        "requester": _actor(head.requester),
        "category": head.category,
        "channel": head.channel,
        "fields": (dict(fields) if all(type(value) is str for value in fields.values())
                   else converter.unstructure(fields)),
        "created_at": _text(head.created_at),
        "updated_at": _text(head.updated_at),
        "first_response_at": _instant(head.first_response_at),
        "first_response_due": _instant(head.first_response_due),
        "last_support_reply_at": _instant(head.last_support_reply_at),
        "last_customer_reply_at": _instant(head.last_customer_reply_at),
        "eta": _instant(head.eta),
        "eta_set_at": _instant(head.eta_set_at),
        "solved_at": _instant(head.solved_at),
        "closed_at": _instant(head.closed_at),
        "archived_at": _instant(head.archived_at),
        "escalation_eligible_at": _instant(head.escalation_eligible_at),
        "next_update_due": _instant(head.next_update_due),
        "resolution_due": _instant(head.resolution_due),
        "retention_due": _instant(head.retention_due),
        "assignee": head.assignee,
        "addressed_to": head.addressed_to,
        "follow_up_of": head.follow_up_of,
        "support_group": head.support_group,
        "service_level": head.service_level,
        "contract_id": head.contract_id,
        "awaiting_information": head.awaiting_information,
        "version": head.version,
        "message_count": head.message_count,
        "public_message_count": head.public_message_count,
        "event_count": head.event_count,
        "stretches": [(_text(start), _instant(end)) for start, end in head.stretches],
        "etas": [(_text(at), eta) for at, eta in head.etas],
        "refs": [_held(ref) for ref in head.refs],
    }
