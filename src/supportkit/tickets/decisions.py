"""Pure decisions of the ticket actions: what a change records, or why it is refused.

Each function takes the ticket as it stands, the workflow row that allows the action, the
instant and the small pieces of settings it needs, and returns the event to record (or raises
the refusal). The application layer (:mod:`supportkit.app.commands`) calls them between
authorizing the actor and recording the event; nothing here reads or writes storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from supportkit._time import elapsed_after
from supportkit.durations import format_duration
from supportkit.errors import InvalidInput, InvalidTransition, PermissionDenied
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.events import ACTION_EVENTS
from supportkit.tickets.head import TicketState
from supportkit.tickets.model import Event, EventValue, Message
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Transition, Workflow

__all__ = [
    "action_event",
    "auto_reply_link",
    "check_reopen_window",
    "check_roles",
    "eta_event",
    "replacement_event",
    "require_support",
    "transfer_event",
]


def action_event(
    row: Transition,
    actor: Actor,
    at: datetime,
    data: Mapping[str, EventValue] | None = None,
    *,
    message: Message | None = None,
) -> Event:
    """The event the workflow ``row`` writes: its kind, the status it leads to, ``data``."""
    payload: dict[str, EventValue] = {"status": row.target.value, **(data or {})}
    return Event(ACTION_EVENTS[row.action], at, actor, payload, message)


def _unwindowed(workflow: Workflow, status: TicketStatus, side: Side) -> list[str]:
    return [r.action.value for r in workflow.transitions
            if r.source is status and r.side is side and not r.windowed]


def check_reopen_window(
    ticket: TicketState, row: Transition, at: datetime, window: timedelta | None, workflow: Workflow
) -> None:
    """:class:`InvalidTransition` when ``row`` needs the reopen window and it has ended.

    The window is exact elapsed time from closing (or archiving, or solving), counted in UTC
    whatever the clock's tzinfo; its end is outside, because from that instant the private
    data may be purged (:func:`~supportkit.privacy.retention.retention_due`, the same end).
    """
    if not row.windowed or window is None:
        return
    since = ticket.closed_at or ticket.archived_at or ticket.solved_at
    if since is None or at < elapsed_after(since, window):
        return
    ended = elapsed_after(since, window).isoformat()
    raise InvalidTransition(
        ticket_id=ticket.id,
        status=ticket.status.value,
        action=row.action.value,
        side=row.side.value,
        allowed=_unwindowed(workflow, ticket.status, row.side),
        reason=(
            f"the reopen window ended on {ended}, {format_duration(window)} after "
            f"closing; open a follow-up ticket instead (Helpdesk.follow_up("
            f"{ticket.id!r}, ...) links it to this one)"
        ),
    )


def check_roles(actor: Actor, roles: frozenset[str], what: str) -> None:
    """:class:`PermissionDenied` unless ``actor`` has one of ``roles`` (none: anyone may)."""
    if roles and not any(actor.has_role(role) for role in sorted(roles)):
        raise PermissionDenied(
            f"{actor.id} may not {what}; allowed roles: {', '.join(sorted(roles))}"
        )


def require_support(actor: Actor, what: str, instead: str = "") -> None:
    """:class:`PermissionDenied` unless ``actor`` acts on the support side."""
    if actor.side is not Side.SUPPORT:
        raise PermissionDenied(f"{actor.id} may not {what}; only support may{instead}")


def replacement_event(
    ticket: TicketState,
    row: Transition,
    actor: Actor,
    at: datetime,
    field: str,
    value: EventValue,
    *,
    reason: str | None = None,
    extra: Mapping[str, EventValue] | None = None,
    shown: str | None = None,
) -> Event:
    """Replace the ticket's ``field`` by ``value``, recording the ``previous`` one and the
    ``reason``; the value the ticket already has is refused (:class:`InvalidInput`)."""
    previous = getattr(ticket, field)
    if previous == value:
        raise InvalidInput(f"ticket {ticket.id} already has {shown or field} {value!r}")
    data: dict[str, EventValue] = {field: value, "previous": previous, **(extra or {})}
    if reason is not None:
        data["reason"] = reason
    return action_event(row, actor, at, data)


def eta_event(row: Transition, actor: Actor, at: datetime, eta: datetime) -> Event:
    """Set the resolution ETA; one in the past is refused."""
    if eta < at:
        raise InvalidInput(
            f"eta {eta.isoformat()} is in the past (now {at.isoformat()}); "
            "give an instant from now on"
        )
    return action_event(row, actor, at, {"eta": eta.isoformat()})


def transfer_event(
    ticket: TicketState, row: Transition, actor: Actor, at: datetime, group: str, reason: str
) -> Event:
    """Move the ticket to support ``group`` (a tiered escalation inside support)."""
    if ticket.support_group == group:
        raise InvalidInput(f"ticket {ticket.id} is already with group {group!r}")
    data: dict[str, EventValue] = {
        "status": row.target.value,
        "support_group": group,
        "previous": ticket.support_group,
        "reason": reason,
    }
    return Event("transferred", at, actor, data)


def auto_reply_link(template: str | None, ticket: TicketState, event: Event) -> str | None:
    """The direct link an auto-reply carries when ``event`` opened ``ticket`` by e-mail and
    the policy has a link ``template`` (``{id}``: the ticket id); else ``None``."""
    if template is None or event.kind != "opened" or ticket.channel != "email":
        return None
    return template.format(id=ticket.id)
