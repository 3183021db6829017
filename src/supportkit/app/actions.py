"""The ticket actions: each is a pure decision plus a call to the one command frame
(:func:`supportkit.app.commands.change`), never a copy of the plumbing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

import attrs

from supportkit._time import require_aware
from supportkit.app import access
from supportkit.app.admission import recheck
from supportkit.app.blobs import stored
from supportkit.app.commands import change
from supportkit.app.context import DeskContext
from supportkit.app.opening import channel_of, screened, text
from supportkit.entitlements.decision import qualify_topic
from supportkit.errors import OutOfScope
from supportkit.ports import UnitOfWork
from supportkit.sla.escalation import escalation_event
from supportkit.tickets.actors import Actor
from supportkit.tickets.decisions import (
    action_event,
    check_roles,
    eta_event,
    replacement_event,
    require_support,
    transfer_event,
)
from supportkit.tickets.head import TicketHead, TicketSummary
from supportkit.tickets.model import Event, EventValue, Message, Upload
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.validation import (
    require_actor,
    require_name,
    require_optional_binary,
    require_text,
    require_uploads,
)
from supportkit.tickets.workflow import Action, Transition

__all__ = [
    "escalate",
    "note",
    "plain",
    "reply",
    "set_category",
    "set_eta",
    "set_severity",
    "set_subject",
    "transfer",
]


def _reason(reason: str | None, change_of: str) -> str | None:
    return None if reason is None else text(reason, f"reason for the {change_of} change")


def reply(
    desk: DeskContext,
    ticket_id: str,
    actor: Actor,
    body: str,
    *,
    channel: str,
    attachments: Iterable[Upload],
    raw_email: bytes | BinaryIO | None,
) -> TicketSummary:
    """A message visible to both sides (screened on its channel first)."""
    policy = desk.policy
    uploads = require_uploads(attachments, max_count=policy.max_attachments)
    body = require_text(body, "reply body", max_chars=policy.max_body_chars,
                        allow_empty=bool(uploads))
    raw_email = require_optional_binary(raw_email)
    name = channel_of(desk, channel)
    checked = screened(desk, name, None, body, uploads, raw_email, reply=True)
    with stored(desk.store, desk.policy, checked, now=desk.now()) as refs:

        def decision(ticket: TicketHead, row: Transition, at: datetime) -> Event:
            message = Message(actor.id, actor.side, checked.body, name, at, refs)
            return action_event(row, actor, at, checked.data, message=message)

        return change(desk, ticket_id, actor, Action.REPLY, decision)


def note(desk: DeskContext, ticket_id: str, actor: Actor, body: str) -> TicketSummary:
    """An internal support-side note."""
    body = text(body, "note body", max_chars=desk.policy.max_body_chars)

    def decision(ticket: TicketHead, row: Transition, at: datetime) -> Event:
        message = Message(actor.id, actor.side, body, "internal", at, (), internal=True)
        return action_event(row, actor, at, message=message)

    return change(desk, ticket_id, actor, Action.NOTE, decision)


def plain(desk: DeskContext, ticket_id: str, actor: Actor, action: Action) -> TicketSummary:
    """An action that records nothing but the status it leads to (solve, close …)."""
    return change(desk, ticket_id, actor, action,
                  lambda ticket, row, at: action_event(row, actor, at))


def set_severity(desk: DeskContext, ticket_id: str, actor: Actor, severity: PriorityKey,
                 reason: str) -> TicketSummary:
    """Raise or lower the severity, recording the reason."""
    reason = text(reason, "reason for the severity change")
    scheme = desk.policy.priorities
    level = scheme.validate(severity)
    check_roles(actor, desk.policy.severity_change_roles, "change a severity")
    return change(desk, ticket_id, actor, Action.SET_SEVERITY,
                  lambda ticket, row, at: replacement_event(
                      ticket, row, actor, at, "severity", level, shown=scheme.name,
                      extra={"reason": reason}))


def set_category(desk: DeskContext, ticket_id: str, actor: Actor, category: str,
                 reason: str | None) -> TicketSummary:
    """Move the ticket to another qualifying category and pick its staff member again."""
    category = require_name(category, "category")
    reason = _reason(reason, "category")
    refused = qualify_topic(desk.policy, category)
    if refused is not None:
        raise OutOfScope(f"category {category!r} refused: {refused.reason}", refused)

    def assign(uow: UnitOfWork, ticket: TicketHead, made: Event) -> Event:
        assignee = access.assign(uow, desk.policy, category)
        if assignee == ticket.assignee:
            return made
        data = {**made.data, "assignee": assignee, "previous_assignee": ticket.assignee}
        return attrs.evolve(made, data=data)

    def decision(ticket: TicketHead, row: Transition, at: datetime) -> Event:
        # The category is an intake item (InterWorx): setting it re-checks the checklist.
        extra = recheck(desk.policy, ticket, category=category)
        return replacement_event(ticket, row, actor, at, "category", category, reason=reason,
                                 extra=extra)

    return change(desk, ticket_id, actor, Action.SET_CATEGORY, decision, complete=assign)


def set_subject(desk: DeskContext, ticket_id: str, actor: Actor, subject: str,
                reason: str | None) -> TicketSummary:
    """Retitle the ticket; the new subject is screened as at opening."""
    subject = require_name(subject.strip() if isinstance(subject, str) else subject, "subject",
                           max_chars=desk.policy.max_subject_chars)
    reason = _reason(reason, "subject")

    def decision(ticket: TicketHead, row: Transition, at: datetime) -> Event:
        checked = screened(desk, ticket.channel, subject, "")
        extra: dict[str, EventValue] = dict(checked.data)
        return replacement_event(ticket, row, actor, at, "subject", checked.subject or subject,
                                 reason=reason, extra=extra)

    return change(desk, ticket_id, actor, Action.SET_SUBJECT, decision)


def set_eta(desk: DeskContext, ticket_id: str, actor: Actor, eta: datetime) -> TicketSummary:
    """Set the resolution ETA (not before now)."""
    eta = require_aware(eta, "eta")
    return change(desk, ticket_id, actor, Action.SET_ETA,
                  lambda ticket, row, at: eta_event(row, actor, at, eta))


def escalate(desk: DeskContext, ticket_id: str, actor: Actor, method: str,
             target: str | None) -> TicketSummary:
    """Escalate by ``method`` once the level's rule allows it."""
    actor = require_actor(actor)
    method = text(method, "escalation method")
    if target is not None:
        target = text(target, "escalation target group")
        require_support(actor, "choose the group a ticket escalates to",
                        " (escalate without a target instead)")
    return change(desk, ticket_id, actor, Action.ESCALATE,
                  lambda ticket, row, at: escalation_event(
                      ticket, desk.policy, row, actor, at, method, target))


def transfer(desk: DeskContext, ticket_id: str, actor: Actor, group: str,
             reason: str) -> TicketSummary:
    """Move the ticket to another support group (tiered escalation inside support)."""
    actor = require_actor(actor)
    group = text(group, "support group")
    reason = text(reason, "reason for the transfer")
    require_support(actor, "transfer tickets")
    return change(desk, ticket_id, actor, Action.ESCALATE,
                  lambda ticket, row, at: transfer_event(ticket, row, actor, at, group, reason))
