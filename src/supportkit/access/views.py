"""What each side may see of a ticket: the one view function every read and every action's
return value goes through.

Support and system readers see the whole snapshot. A customer-side reader (and an account
acting as customer) sees it without support's internal matter: no internal notes (neither
the messages nor the events carrying them) and no internal ``reason`` of a transfer between
support groups. A reader who may not see the ticket at all never gets here (the access check
refuses first).
"""

from __future__ import annotations

import attrs

from supportkit.tickets.actors import Side
from supportkit.tickets.events import EVENT_KINDS, Audience
from supportkit.tickets.head import TicketSummary
from supportkit.tickets.model import Event, Ticket

__all__ = ["INTERNAL_KEYS", "summary_for_side", "view_for_side"]

#: Event data keys that support-only events keep from the customer side.
INTERNAL_KEYS = frozenset({"reason"})


def _public_event(event: Event) -> Event | None:
    if event.message is not None and event.message.internal:
        return None
    kind = EVENT_KINDS.get(event.kind)
    if kind is not None and kind.audience is Audience.SUPPORT and INTERNAL_KEYS & event.data.keys():
        return attrs.evolve(
            event, data={k: v for k, v in event.data.items() if k not in INTERNAL_KEYS}
        )
    return event


def view_for_side(ticket: Ticket, side: Side | None) -> Ticket:
    """``ticket`` as a reader acting on ``side`` may see it (see the module docstring)."""
    if side is not Side.CUSTOMER:
        return ticket
    events = tuple(e for e in map(_public_event, ticket.events) if e is not None)
    if events == ticket.events:
        return ticket
    return attrs.evolve(ticket, messages=ticket.public_messages(), events=events)


def summary_for_side(summary: TicketSummary, side: Side | None) -> TicketSummary:
    """``summary`` as a reader acting on ``side`` may see it: a customer-side reader's
    message count leaves internal notes out."""
    if side is not Side.CUSTOMER or summary.message_count == summary.public_message_count:
        return summary
    return attrs.evolve(summary, message_count=summary.public_message_count)
