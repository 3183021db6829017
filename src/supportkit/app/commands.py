"""Commands on an existing ticket: each one reads as authorize → decide → record.

:func:`change` is the frame every command runs in: one write unit of work that reads the
ticket held against other writers (``for_update``) after checking the actor's scope, asks
the workflow for the row that allows the action (or none, for :func:`amend`), lets the
command's pure *decision* build the event (or refuse), records it through the one write path
(:func:`supportkit.app.write.record`) and returns the new snapshot as the actor may see it.
A refused command raises and writes nothing. A lost database connection runs the command
once more, or settles a commit in doubt, as :mod:`supportkit.app.reconnect` says.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from datetime import datetime

from supportkit.app import access
from supportkit.app.admission import INFORMATION_SUPPLIED, recheck
from supportkit.app.context import DeskContext
from supportkit.app.opening import paged_by_change
from supportkit.app.reconnect import Written, committed_change, surviving_loss
from supportkit.app.standing import require_standing
from supportkit.app.write import record
from supportkit.entitlements.decision import qualify_topic
from supportkit.errors import Conflict, InvalidInput, OutOfScope
from supportkit.ports import UnitOfWork
from supportkit.privacy.redaction import redact_fields
from supportkit.tickets.actors import Actor
from supportkit.tickets.decisions import check_reopen_window
from supportkit.tickets.head import TicketHead, TicketSummary
from supportkit.tickets.model import Event, EventValue
from supportkit.tickets.validation import (
    require_actor,
    require_mapping_of_text,
    require_name,
    require_ticket_id,
)
from supportkit.tickets.workflow import Action, Transition

__all__ = ["Decide", "Decision", "amend", "change", "supply_information"]

#: A command's decision for an action the workflow allows: the event to record, or a refusal.
Decision = Callable[[TicketHead, Transition, datetime], Event]
#: A decision that needs the unit of work (e.g. picking a category's staff member).
Decide = Callable[[UnitOfWork, TicketHead, datetime], Event]

#: Actions whose concurrent copies commute. On a store that does not hold tickets for
#: update (a third-party adapter), a version conflict re-runs them against the fresh
#: snapshot, with a short random back-off; every supportkit store serializes writers of one
#: ticket, so there they never conflict.
COMMUTATIVE = frozenset({Action.REPLY, Action.NOTE})
#: The intake key that is the ticket's category, not a field.
CATEGORY = "category"
_ATTEMPTS = 8


def _attempts(decide: Callable[[], TicketSummary], retry: bool) -> TicketSummary:
    for attempt in range(_ATTEMPTS if retry else 1):
        try:
            return decide()
        except Conflict:
            if not retry or attempt == _ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, 0.002 * 2**attempt))  # noqa: S311 - jitter only
    raise AssertionError("unreachable")  # pragma: no cover


def amend(
    desk: DeskContext, ticket_id: str, actor: Actor, decide: Decide, *, retry: bool = False
) -> TicketSummary:
    """Authorize ``actor`` on ``ticket_id``, let ``decide`` build the event (it sees the
    ticket's head held for update and the instant, never earlier than the ticket's last
    change), record it — followed by the ``paged`` event when the change makes an
    after-hours ticket page for the first time — and return the ticket's summary as
    ``actor`` may see it (the full ticket is ``Helpdesk.get``: an action reads the history
    only for that rare first page)."""

    actor = require_actor(actor)
    ticket_id = require_ticket_id(ticket_id)

    def once(written: Written) -> TicketSummary:
        with desk.writing() as uow:
            ticket = access.authorize(uow, desk.policy, ticket_id, actor, for_update=True)
            at = max(desk.now(), ticket.updated_at)  # a history never goes back in time
            require_standing(uow, desk.policy, at, actor, ticket.id, "act on")
            event = decide(uow, ticket, at)
            new = record(uow, desk.policy, ticket, event)
            written.ticket, written.event = new, event
            # A change that makes an after-hours ticket page (a raised priority) alerts
            # the on-call team in the same unit of work, as an opening does.
            paged = paged_by_change(uow, desk.policy, ticket, new, event.at)
            if paged is not None:
                new = record(uow, desk.policy, new, paged)
                written.ticket, written.event = new, paged
            return access.view_summary(uow, desk.policy, new, actor)

    def settle(uow: UnitOfWork, written: Written) -> TicketSummary | None:
        stored = committed_change(uow, written)
        return None if stored is None else access.view_summary(uow, desk.policy, stored, actor)

    return _attempts(
        lambda: surviving_loss(desk, once, settle, f"changing ticket {ticket_id}"), retry
    )


def change(
    desk: DeskContext,
    ticket_id: str,
    actor: Actor,
    action: Action,
    decision: Decision,
    *,
    complete: Callable[[UnitOfWork, TicketHead, Event], Event] | None = None,
) -> TicketSummary:
    """Run a workflow ``action``: the workflow row must allow it from the ticket's status
    for the actor's side (and inside the reopen window where the row needs it); then
    ``decision`` builds the event and ``complete`` may add what needs the unit of work."""
    policy = desk.policy

    def decide(uow: UnitOfWork, ticket: TicketHead, at: datetime) -> Event:
        row = policy.workflow.transition(ticket.status, action, actor.side, ticket_id=ticket.id)
        check_reopen_window(ticket, row, at, policy.reopen_window, policy.workflow)
        event = decision(ticket, row, at)
        return event if complete is None else complete(uow, ticket, event)

    return amend(desk, ticket_id, actor, decide, retry=action in COMMUTATIVE)


def supply_information(
    desk: DeskContext, ticket_id: str, actor: Actor, fields: Mapping[str, str]
) -> TicketSummary:
    """Add ``fields`` to an active ticket and re-check the intake checklist.

    The key ``"category"`` supplies the ticket's category (the checklist reads the ticket's
    category, not a field): it must qualify, as at opening, and only a ticket without a
    category takes one this way (support changes a category with ``set_category``).
    """
    policy = desk.policy
    fields = require_mapping_of_text(fields, "fields", max_items=policy.max_fields,
                                     max_value_chars=policy.max_field_chars)
    if not fields:
        raise InvalidInput("supply at least one field; field names and values are text")
    supplied = dict(fields)
    category = supplied.pop(CATEGORY, None)
    if category is not None:
        category = require_name(category.strip(), "supplied category")
        refused = qualify_topic(policy, category)
        if refused is not None:
            raise OutOfScope(f"category {category!r} refused: {refused.reason}", refused)

    def decide(uow: UnitOfWork, ticket: TicketHead, at: datetime) -> Event:
        if not ticket.is_active:
            raise InvalidInput(f"ticket {ticket.id} is {ticket.status.value}; "
                               "information can be supplied to open or solved tickets")
        # Secrets in supplied values are stripped as in the ticket's messages (its channel).
        redacted, kinds = redact_fields(policy.redaction, ticket.channel, supplied)
        data: dict[str, EventValue] = {f"field.{k}": v for k, v in redacted.items()}
        if kinds:
            data["redacted"] = ",".join(kinds)
        if category is not None and ticket.category != category:
            if ticket.category is not None:
                raise InvalidInput(
                    f"ticket {ticket.id} already has category {ticket.category!r}; supply "
                    "other information, or ask support to change it (set_category)")
            data[CATEGORY] = category
            assignee = access.assign(uow, policy, category)
            if assignee is not None and assignee != ticket.assignee:
                data.update(assignee=assignee, previous_assignee=ticket.assignee)
        data.update(recheck(policy, ticket, fields=redacted, category=category))
        return Event(INFORMATION_SUPPLIED, at, actor, data)

    return amend(desk, ticket_id, actor, decide)
