"""Opening a ticket (and a follow-up): check → admit → route → record → page.

1. The arguments are checked and the texts screened (secrets redacted, personal data
   reported or refused) before anything is stored.
2. In a read-only unit of work: the follow-up target is authorized and the requester is
   admitted (entitlement, topic, intake) — a refusal stores nothing.
3. The uploads (and the raw e-mail) are stored; a failure from here on removes those no
   ticket references.
4. In one write unit of work: the opened event is routed (addressed level, the account's
   side, the category's staff member) and recorded through the one write path; when the
   policy's after-hours paging applies, a ``paged`` event is recorded right after it, so
   the on-call team is notified through the outbox exactly once.

A lost database connection repeats the read of step 2, and step 4 once (a commit in doubt
is settled by reading the ticket under the id the attempt was given, see
:mod:`supportkit.app.reconnect`); the uploads of step 3 are content-addressed and stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import BinaryIO, Final

import attrs

from supportkit.app import access
from supportkit.app.admission import admit
from supportkit.app.blobs import stored
from supportkit.app.context import DeskContext
from supportkit.app.reconnect import Written, committed_change, reading_again, surviving_loss
from supportkit.app.write import record
from supportkit.entitlements import LicenseKey, SupportCode
from supportkit.errors import InvalidInput
from supportkit.policy import Policy
from supportkit.ports import UnitOfWork
from supportkit.privacy.screening import Screened, screen
from supportkit.sla.calendars import support_calendar
from supportkit.sla.paging import paging_decision
from supportkit.tickets.actors import Actor
from supportkit.tickets.events import OPENED
from supportkit.tickets.head import TicketHead, rebuild
from supportkit.tickets.model import Event, EventValue, Message, Ticket, Upload
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.validation import (
    require_actor,
    require_mapping_of_text,
    require_name,
    require_optional_binary,
    require_optional_name,
    require_text,
    require_ticket_id,
    require_uploads,
)

__all__ = [
    "PAGED",
    "OpenRequest",
    "follow_up",
    "open_ticket",
    "paged_by_change",
    "screened",
    "text",
]

PAGED: Final = "paged"


def text(value: object, what: str, *, max_chars: int | None = None) -> str:
    """``value`` when it is a non-empty, valid text (no lone surrogate, no NUL) of at most
    ``max_chars``, else :class:`InvalidInput` naming ``what``."""
    return require_text(value, what, max_chars=max_chars)


def channel_of(desk: DeskContext, channel: object, *, opening: bool = False) -> str:
    """The channel, if the policy accepts it (for opening a ticket too, with ``opening``)."""
    name = text(channel, "channel")
    allowed = desk.policy.channels
    if allowed is not None and name not in allowed:
        raise InvalidInput(
            f"channel {name!r} is not accepted; allowed: {', '.join(sorted(allowed))}"
        )
    starts = desk.policy.open_channels
    if opening and starts is not None and name not in starts:
        raise InvalidInput(
            f"a new ticket cannot be opened by {name!r} (it is for messages on existing "
            f"tickets); open it by: {', '.join(sorted(starts))}"
        )
    return name


def screened(
    desk: DeskContext,
    channel: str,
    subject: str | None,
    body: str,
    uploads: Iterable[Upload] = (),
    raw_email: bytes | BinaryIO | None = None,
    *,
    reply: bool = False,
    fields: Mapping[str, str] | None = None,
) -> Screened:
    """Redact and scan a message's texts (and intake ``fields``) as the policy says, before
    anything is stored (a ``reply``'s quoted history is not scanned for personal data)."""
    policy = desk.policy
    return screen(policy.redaction, policy.privacy, channel, subject=subject, body=body,
                  uploads=uploads, raw_email=raw_email,
                  max_raw_bytes=policy.max_attachment_bytes, reply=reply, fields=fields)


@attrs.frozen(kw_only=True)
class OpenRequest:
    """The arguments of :meth:`supportkit.Helpdesk.open_ticket`, as given."""

    requester: Actor
    subject: str
    body: str
    severity: PriorityKey | None = None
    category: str | None = None
    channel: str = "web"
    fields: Mapping[str, str] | None = None
    attachments: Iterable[Upload] = ()
    support_code: SupportCode | str | None = None
    license_key: LicenseKey | str | None = None
    asset: str | None = None
    product: str | None = None
    to: str | None = None
    raw_email: bytes | BinaryIO | None = None
    follow_up_of: str | None = None


def _opening_data(request: OpenRequest, subject: str, level: PriorityKey, channel: str,
                  fields: Mapping[str, str]) -> dict[str, EventValue]:
    data: dict[str, EventValue] = {
        "subject": subject,
        "severity": level,
        "channel": channel,
        "status": TicketStatus.OPEN.value,
    }
    if request.category is not None:
        data["category"] = require_name(request.category, "category")
    data.update((f"field.{key}", value) for key, value in fields.items())
    return data


def follow_up_target(
    uow: UnitOfWork, desk: DeskContext, actor: Actor, ticket_id: str
) -> TicketHead:
    """The ticket ``actor`` continues with a follow-up: visible to it, and no longer open."""
    old = access.authorize(uow, desk.policy, ticket_id, actor)
    if old.status is TicketStatus.OPEN:
        raise InvalidInput(
            f"ticket {old.id} is still open: reply to it instead of opening a follow-up"
        )
    return old


def _route(uow: UnitOfWork, desk: DeskContext, event: Event, to: str | None) -> Event:
    """The opened ``event`` routed (docs/access.md): addressed to the level above, to the
    support organisation or towards ``to``; as the account's actor; with an assignee."""
    opening = access.route_opening(uow, desk.policy, event.actor, to)
    data: dict[str, EventValue] = {**event.data, **opening.data,
                                   "status": opening.status.value}
    category = data.get("category")
    assignee = access.assign(uow, desk.policy, category if isinstance(category, str) else None)
    if assignee is not None:
        data["assignee"] = assignee
    actor = opening.requester
    message = event.message
    if message is not None:
        message = attrs.evolve(message, author=actor.id, side=actor.side)
    return attrs.evolve(event, actor=actor, data=data, message=message)


def _paged(desk: DeskContext, ticket: TicketHead) -> Event | None:
    """The ``paged`` event to record when the new ticket pages the on-call team."""
    return _page(ticket, desk.policy, ticket.created_at)


def _page(ticket: TicketHead, policy: Policy, at: datetime) -> Event | None:
    decision = paging_decision(ticket, policy)
    if not decision.page:
        return None
    respond_by = decision.respond_by.isoformat() if decision.respond_by is not None else None
    return Event(PAGED, at, Actor.system(), {"respond_by": respond_by})


def _may_page(ticket: TicketHead, policy: Policy) -> bool:
    """The cheap half of the paging rule (no calendar): an OPEN ticket whose priority (and
    category) the policy's after-hours paging names."""
    emergency = policy.emergency
    return (emergency is not None and ticket.status is TicketStatus.OPEN
            and emergency.qualifies(ticket))


def paged_by_change(uow: UnitOfWork, policy: Policy, before: TicketHead, after: TicketHead,
                    at: datetime) -> Event | None:
    """The ``paged`` event a change at ``at`` records when it makes a ticket submitted after
    hours page for the first time while support is still closed (support raises a Medium
    ticket to Urgent that night): the promise still counts from the submission. A change
    made during support hours alerts no phone. A ticket pages once: one that paged before
    (at opening, or by an earlier raise) is not paged again. Reads the history only when
    the change turns paging on."""
    if not _may_page(after, policy) or _may_page(before, policy):
        return None
    if support_calendar(after, policy).is_open(at):
        return None
    page = _page(after, policy, at)
    if page is None or any(e.kind == PAGED for e in uow.tickets.get(after.id).events):
        return None
    return page


def open_ticket(desk: DeskContext, request: OpenRequest) -> Ticket:
    """Open the ticket ``request`` describes (see the module docstring for the steps)."""
    policy = desk.policy
    requester = require_actor(request.requester, "requester")
    subject = require_name(request.subject.strip() if isinstance(request.subject, str)
                           else request.subject, "subject", max_chars=policy.max_subject_chars)
    body = text(request.body, "body", max_chars=policy.max_body_chars)
    for name in ("support_code", "license_key", "asset", "product", "to"):
        value = getattr(request, name)
        if isinstance(value, str) or value is None:
            require_optional_name(value, name)
    if request.follow_up_of is not None:
        require_ticket_id(request.follow_up_of, "follow_up_of")
    raw_email = require_optional_binary(request.raw_email)
    level = policy.priorities.validate(
        policy.priorities.default if request.severity is None else request.severity
    )
    channel = channel_of(desk, request.channel, opening=True)
    attachments = require_uploads(request.attachments, max_count=policy.max_attachments)
    fields = require_mapping_of_text(request.fields, "fields", max_items=policy.max_fields,
                                     max_value_chars=policy.max_field_chars)
    checked = screened(desk, channel, subject, body, attachments, raw_email, fields=fields)
    subject, body, fields = checked.subject or subject, checked.body, checked.fields
    data = _opening_data(request, subject, level, channel, fields)
    at = desk.now()

    def admitted() -> dict[str, EventValue]:
        admission: dict[str, EventValue] = {}
        with desk.reading() as uow:
            if request.follow_up_of is not None:
                admission["follow_up_of"] = follow_up_target(uow, desk, requester,
                                                             request.follow_up_of).id
            admission.update(admit(uow.records, policy, at, requester, channel=channel,
                                   category=request.category, fields=fields,
                                   attachments=attachments,
                                   support_code=request.support_code,
                                   license_key=request.license_key, asset=request.asset,
                                   product=request.product))
        return admission

    data.update(reading_again(admitted))
    data.update(checked.data)
    with stored(desk.store, policy, checked, now=at) as refs:
        message = Message(requester.id, requester.side, body, channel, at, refs)

        def once(written: Written) -> Ticket:
            with desk.writing() as uow:
                event = _route(uow, desk, Event(OPENED, at, requester, data, message),
                               request.to)
                events = [event]
                head = written.ticket = record(uow, policy, None, event)
                written.event = event
                paged = _paged(desk, head)
                if paged is not None:
                    head = written.ticket = record(uow, policy, head, paged)
                    written.event = paged
                    events.append(paged)
                return access.view(uow, policy, rebuild(head, events), event.actor)

        def settle(uow: UnitOfWork, written: Written) -> Ticket | None:
            # The new ticket's id came from the store's id counter, which never hands it
            # out again: a ticket under that id whose history is this one's was opened by
            # this attempt (its commit went through before the connection broke).
            found = committed_change(uow, written)
            if found is None:
                return None
            ticket = uow.tickets.get(found.id)
            return access.view(uow, policy, ticket, ticket.events[0].actor)

        return surviving_loss(desk, once, settle, "opening a ticket")


def follow_up(
    desk: DeskContext,
    ticket_id: str,
    actor: Actor,
    subject: str | None,
    *,
    body: str,
    severity: PriorityKey | None,
    channel: str,
    attachments: Iterable[Upload],
    raw_email: bytes | BinaryIO | None,
) -> Ticket:
    """Open a ticket linked to ``ticket_id``, carrying its category and severity over."""
    with desk.reading() as uow:
        old = follow_up_target(uow, desk, actor, ticket_id)
    if subject is None:
        subject = f"Follow-up to #{old.id}: {old.subject}"[: desk.policy.max_subject_chars]
    return open_ticket(desk, OpenRequest(
        requester=actor, subject=subject, body=body,
        severity=old.severity if severity is None else severity, category=old.category,
        channel=channel, attachments=attachments, raw_email=raw_email, follow_up_of=old.id,
    ))
