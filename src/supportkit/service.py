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
from supportkit.access import guard
from supportkit.access.accounts import Account, AccountRepository
from supportkit.access.scopes import Scope
from supportkit.clock import Clock, SystemClock
from supportkit.deadlines import derive
from supportkit.durations import format_duration
from supportkit.entitlements import Contract, Entitlement, LicenseKey, SupportCode, TagEvent
from supportkit.entitlements.admission import (
    INFORMATION_SUPPLIED,
    admit,
    entitle,
    fields_of,
    intake_data,
    new_tag_event,
)
from supportkit.entitlements.decision import qualify_topic
from supportkit.entitlements.intake import IntakeReport
from supportkit.entitlements.repository import AssetRepository, ContractRepository
from supportkit.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    PermissionDenied,
)
from supportkit.notifications.outbox import Outbox, write_notifications
from supportkit.policy import Policy
from supportkit.ports import Store, TicketQuery, UnitOfWork
from supportkit.privacy.purge import RetentionReport, blob_holders, index_blobs, run_retention
from supportkit.privacy.retention import RAW_EMAIL
from supportkit.privacy.screening import Screened, screen
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
    Action.SET_CATEGORY: "categorized",
    Action.SET_SUBJECT: "retitled",
}

#: Actions whose concurrent copies commute: on a version conflict they are re-applied.
RETRIED_ACTIONS = frozenset({Action.REPLY, Action.NOTE})
MAX_RETRIES = 8

EventFactory = Callable[[Ticket, Transition, datetime], Event]
#: Completes an event inside the change's unit of work (e.g. a new assignee).
EventCompletion = Callable[[UnitOfWork, Ticket, Event], Event]


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _status(value: object) -> TicketStatus:
    try:
        return TicketStatus(str(value)) if not isinstance(value, TicketStatus) else value
    except ValueError:
        allowed = ", ".join(s.value for s in TicketStatus)
        raise InvalidInput(f"unknown status {value!r}; allowed: {allowed}") from None


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty text, got {value!r}")
    return value


def _reason(reason: str | None, change: str) -> str | None:
    return None if reason is None else _text(reason, f"reason for the {change} change")


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
        #: the notification outbox: ``outbox.pending(limit=…)``, ``outbox.mark_sent(ids)``
        self.outbox = Outbox(store, self.clock)

    # -- reading ---------------------------------------------------------------------------

    def get(self, ticket_id: str, viewer: Actor | str | None = None) -> Ticket:
        """The current snapshot, as ``viewer`` (an actor or account id) may see it.

        Without a viewer (system access): :class:`NotFound` for an unknown id. With one:
        :class:`PermissionDenied`, the same for unknown and forbidden ids; a customer-side
        reader gets the snapshot without internal notes.
        """
        with self.store.unit_of_work() as uow:
            if viewer is None:
                return uow.tickets.get(ticket_id)
            ticket = guard.authorize(uow, self.policy, ticket_id, viewer, check_side=False)
            view, _ = guard.resolve_viewer(uow, self.policy, viewer)
            side = guard.side_for(view, ticket, guard.handlers_of(uow, ticket))
            return guard.redact_for(ticket, side)

    def tickets(
        self,
        viewer: Actor | str | TicketQuery | None = None,
        *,
        scope: Scope | str | None = None,
        status: TicketStatus | str | Iterable[TicketStatus | str] | None = None,
        category: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        after_id: str | None = None,
        query: TicketQuery | None = None,
    ) -> Sequence[Ticket]:
        """Tickets ``viewer`` sees through ``scope`` (every scope it has when omitted),
        ordered by id and filtered by ``status``, ``category``, ``text``, ``limit`` and
        ``after_id`` (keyset paging).

        ``viewer`` is an :class:`Actor` or an account id; None means system access, which
        sees every ticket and may pass a raw ``query``. ``tickets(TicketQuery(...))`` (the
        query as the only argument) is system access too.
        """
        if isinstance(viewer, TicketQuery):
            query, viewer = viewer, None
        base = query or TicketQuery()
        changes: dict[str, object] = {
            k: v for k, v in (("category", category), ("text", text), ("limit", limit),
                              ("after_id", after_id)) if v is not None
        }
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            changes["statuses"] = frozenset(_status(s) for s in wanted)
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
            raise InvalidInput(f"limit must be a whole number of tickets, got {limit!r}")
        base = attrs.evolve(base, **changes)  # type: ignore[arg-type]
        if scope is not None and scope not in {s.value for s in Scope}:
            allowed = ", ".join(s.value for s in Scope)
            raise InvalidInput(f"unknown scope {scope!r}; allowed: {allowed}")
        if viewer is None and scope is not None:
            raise InvalidInput(f"scope {scope!r} needs a viewer; system access sees every ticket")
        with self.store.unit_of_work() as uow:
            if viewer is None:
                return uow.tickets.query(base)
            return guard.list_visible(
                uow, self.policy, viewer, None if scope is None else Scope(scope), base
            )

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
        support_code: SupportCode | str | None = None,
        license_key: LicenseKey | str | None = None,
        asset: str | None = None,
        product: str | None = None,
        to: str | None = None,
        raw_email: bytes | BinaryIO | None = None,
        follow_up_of: str | None = None,
    ) -> Ticket:
        """Open a ticket for ``requester``; severity defaults to the scheme's default.

        Entitlement and intake (``support_code=``, ``license_key=``, ``asset=``, ``product=``)
        are checked by :meth:`_admit`; a refusal raises :class:`NotEntitled`.

        Routing (``docs/access.md``): an account's ticket is addressed to the level above it
        (or to the support organisation, per ``Policy.routing``); ``to`` opens a ticket from
        an account towards an account below it. A category with staff assigns the ticket.

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
        channel = self._channel(channel, opening=True)
        attachments = tuple(attachments)
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
        at = self._now()
        data.update(self._admit(requester, at, channel, category, fields or {}, attachments,
                                support_code, license_key, asset, product))
        data.update(screened.data)
        if follow_up_of is not None:
            data["follow_up_of"] = self._follow_up_target(requester, follow_up_of).id
        with self._stored(screened) as refs:
            message = Message(requester.id, requester.side, body, channel, at, refs)
            event = Event(OPENED, at, requester, data, message)
            with self.store.unit_of_work() as uow:
                event = self._route(uow, event, to)  # addressed_to, assignee, the account's side
                ticket = replay(uow.tickets.next_id(), [event])
                ticket = attrs.evolve(derive(ticket, self.policy), version=1)
                uow.tickets.add(ticket)
                self._index_blobs(uow, ticket.id, refs)
                self._after_change(uow, None, ticket, event)
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

    def set_category(
        self, ticket_id: str, actor: Actor, category: str, *, reason: str | None = None
    ) -> Ticket:
        """Move the ticket to another category (event ``categorized``: the new category,
        the ``previous`` one, who, when and the optional ``reason``).

        Who may: the workflow's ``set_category`` rows (support side in OPEN and SOLVED by
        default; under hierarchy routing the account the ticket is addressed to and the
        levels above act as support). The category must qualify as it must when opening
        (``Policy.qualifying_categories`` / ``out_of_scope_categories``), else
        :class:`InvalidInput` naming the allowed ones; the ticket's own category again is
        refused too. The assignee is picked again from ``Policy.category_staff`` for the new
        category, exactly as when a ticket opens (``None`` when it has no staff).
        """
        category = _text(category, "category")
        reason = _reason(reason, "category")
        refused = qualify_topic(self.policy, category)
        if refused is not None:
            raise InvalidInput(f"category {category!r} refused: {refused.reason}")

        def assign(uow: UnitOfWork, ticket: Ticket, made: Event) -> Event:
            assignee = guard.assign(uow, self.policy, category)
            if assignee == ticket.assignee:
                return made
            data = {**made.data, "assignee": assignee, "previous_assignee": ticket.assignee}
            return attrs.evolve(made, data=data)

        return self._replace(ticket_id, actor, Action.SET_CATEGORY, "category",
                             lambda ticket: (category, {}), reason, assign)

    def set_subject(
        self, ticket_id: str, actor: Actor, subject: str, *, reason: str | None = None
    ) -> Ticket:
        """Give the ticket another subject (event ``retitled``: the new subject, the
        ``previous`` one, who, when and the optional ``reason``).

        Who may: the workflow's ``set_subject`` rows (support side in OPEN and SOLVED by
        default, as for :meth:`set_category`). The new subject is checked as one given to
        :meth:`open_ticket`: a non-empty text (surrounding blanks dropped), screened as the
        ticket's opening was (on its channel: secrets redacted where ``Policy.redaction``
        runs, personal data reported, refused or redacted as ``Policy.privacy`` says, the
        kinds found recorded in the event). The ticket's own subject again is refused.
        Full-text search finds the ticket by the new subject's words, no longer by the old.
        """
        subject = _text(subject, "subject").strip()
        reason = _reason(reason, "subject")

        def screened(ticket: Ticket) -> tuple[str, dict[str, EventValue]]:
            result = self._screen(ticket.channel, subject, "", (), None)
            return result.subject or subject, result.data

        return self._replace(ticket_id, actor, Action.SET_SUBJECT, "subject", screened, reason)

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

    # -- entitlements and intake --------------------------------------------------------------

    def add_contract(self, contract: Contract) -> Contract:
        """Store a new contract (:class:`Conflict` if its id exists)."""
        with self.store.unit_of_work() as uow:
            ContractRepository(uow.records).add(contract)
        return contract

    def replace_contract(self, contract: Contract) -> Contract:
        """Replace a stored contract (:class:`NotFound` if there is none with its id)."""
        with self.store.unit_of_work() as uow:
            repo = ContractRepository(uow.records)
            repo.get(contract.id)
            repo.save(contract)
        return contract

    def contract(self, contract_id: str) -> Contract:
        """A stored contract; :class:`NotFound` for an unknown id."""
        with self.store.unit_of_work() as uow:
            return ContractRepository(uow.records).get(contract_id)

    def contracts(self, company: str | None = None) -> Sequence[Contract]:
        """Every contract, or those of ``company``."""
        with self.store.unit_of_work() as uow:
            repo = ContractRepository(uow.records)
            return repo.all() if company is None else repo.by_company(company)

    def entitlement(
        self,
        *,
        support_code: SupportCode | str | None = None,
        license_key: LicenseKey | str | None = None,
        customer: Actor | None = None,
        asset: str | None = None,
        product: str | None = None,
        at: datetime | None = None,
        channel: str | None = None,
        category: str | None = None,
    ) -> Entitlement:
        """The decision for exactly one selector at ``at`` (default: now); see
        ``docs/entitlements.md``. Refusals are decisions, not exceptions."""
        at = self._now() if at is None else require_aware(at, "at")
        with self.store.unit_of_work() as uow:
            return entitle(uow.records, self.policy, at, support_code=support_code,
                           license_key=license_key, customer=customer, asset=asset,
                           product=product, channel=channel, category=category)

    def tag_asset(self, asset: str, level: str, actor: Actor) -> TagEvent:
        """Tag ``asset`` (a node) with a premium level or its tag (``"PREMIUM_SUPPORT"``):
        it and every service placed on it are covered at that level from now on."""
        with self.store.unit_of_work() as uow:
            return new_tag_event(uow.records, self.policy, self._now(), asset, level, actor,
                                 tagged=True)

    def untag_asset(self, asset: str, level: str, actor: Actor) -> TagEvent:
        """Remove the tag; the history keeps when it was on (for billing)."""
        with self.store.unit_of_work() as uow:
            return new_tag_event(uow.records, self.policy, self._now(), asset, level, actor,
                                 tagged=False)

    def asset_history(self, asset: str) -> tuple[TagEvent, ...]:
        """Every tag and untag of ``asset``, oldest first."""
        with self.store.unit_of_work() as uow:
            return AssetRepository(uow.records).history(asset)

    def place_service(self, service: str, node: str) -> None:
        """Record that ``service`` runs on ``node`` (it inherits the node's coverage)."""
        for name, value in (("service", service), ("node", node)):
            _text(value, name)
        with self.store.unit_of_work() as uow:
            AssetRepository(uow.records).place(service, node)

    def intake_report(self, ticket_id: str) -> IntakeReport | None:
        """What the policy's checklist still misses on a ticket (``None``: no checklist)."""
        ticket = self.get(ticket_id)
        files = [a for m in ticket.messages for a in m.attachments]
        return intake_data(self.policy, fields_of(ticket), ticket.category, files)[0]

    def supply_information(
        self, ticket_id: str, actor: Actor, fields: Mapping[str, str]
    ) -> Ticket:
        """Add fields to an active ticket and re-check the intake checklist; the ticket leaves
        "awaiting information" once nothing required is missing."""
        if not fields or not all(isinstance(v, str) for v in fields.values()):
            raise InvalidInput("supply at least one field; field values are text")
        with self.store.unit_of_work() as uow:
            ticket = uow.tickets.get(ticket_id)
            self._check_access(ticket, actor)
            if not ticket.is_active:
                raise InvalidInput(f"ticket {ticket_id} is {ticket.status.value}; "
                                   "information can be supplied to open or solved tickets")
            at = max(self._now(), ticket.updated_at)
            merged = {**fields_of(ticket), **fields}
            files = [a for m in ticket.messages for a in m.attachments]
            data: dict[str, EventValue] = {f"field.{_text(k, 'field name')}": v
                                           for k, v in fields.items()}
            data.update(intake_data(self.policy, merged, ticket.category, files)[1])
            if ticket.awaiting_information and not data.get("awaiting_information"):
                data["awaiting_information"] = False
            event = Event(INFORMATION_SUPPLIED, at, actor, data)
            new = attrs.evolve(derive(apply(ticket, event), self.policy),
                               version=ticket.version + 1)
            uow.tickets.save(new)
        return new

    def _admit(
        self, requester: Actor, at: datetime, channel: str, category: str | None,
        fields: Mapping[str, str], attachments: Sequence[Upload],
        support_code: SupportCode | str | None, license_key: LicenseKey | str | None,
        asset: str | None, product: str | None,
    ) -> dict[str, EventValue]:
        with self.store.unit_of_work() as uow:
            return admit(uow.records, self.policy, at, requester, channel=channel,
                         category=category, fields=fields, attachments=attachments,
                         support_code=support_code, license_key=license_key, asset=asset,
                         product=product)
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

    def run_retention(
        self,
        dry_run: bool = False,
        *,
        recheck_all: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> RetentionReport:
        """Purge attachments and raw e-mails of tickets closed at least ``retention.keep``
        ago, across the whole stock; idempotent and safe to interrupt and re-run.
        ``dry_run`` reports what would be purged and changes nothing; ``recheck_all``
        re-computes every closed ticket's deadline (once, after shortening ``keep``);
        ``progress`` is called after each batch with the number of tickets handled."""
        return run_retention(
            self.store,
            self.policy.retention,
            self._now(),
            lambda ticket: derive(ticket, self.policy),
            dry_run=dry_run,
            recheck_all=recheck_all,
            progress=progress,
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
            statuses=None if statuses is None else frozenset(statuses),
        )
        return self.tickets(query)

    # -- internals ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        return require_aware(self.clock.now(), "clock.now()")

    def _channel(self, channel: str, *, opening: bool = False) -> str:
        channel = _text(channel, "channel")
        allowed = self.policy.channels
        if allowed is not None and channel not in allowed:
            raise InvalidInput(
                f"channel {channel!r} is not accepted; allowed: {', '.join(sorted(allowed))}"
            )
        starts = self.policy.open_channels
        if opening and starts is not None and channel not in starts:
            raise InvalidInput(
                f"a new ticket cannot be opened by {channel!r} (it is for messages on existing "
                f"tickets); open it by: {', '.join(sorted(starts))}"
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

    def _replace(
        self,
        ticket_id: str,
        actor: Actor,
        action: Action,
        field: str,
        new_value: Callable[[Ticket], tuple[str, Mapping[str, EventValue]]],
        reason: str | None,
        complete: EventCompletion | None = None,
    ) -> Ticket:
        """Replace the ticket's text ``field`` (``category``, ``subject``) by the value
        ``new_value`` gives for the ticket (with extra event data); the event records it
        with the ``previous`` value and the ``reason``. The same value again is refused."""

        def event(ticket: Ticket, row: Transition, at: datetime) -> Event:
            value, extra = new_value(ticket)
            previous = getattr(ticket, field)
            if previous == value:
                raise InvalidInput(f"ticket {ticket.id} already has {field} {value!r}")
            data: dict[str, EventValue] = {field: value, "previous": previous, **extra}
            if reason is not None:
                data["reason"] = reason
            return self._event(row, actor, at, data)

        return self._change(ticket_id, actor, action, event, complete)

    def _simple(self, ticket_id: str, actor: Actor, action: Action) -> Ticket:
        return self._change(
            ticket_id, actor, action, lambda ticket, row, at: self._event(row, actor, at)
        )

    def _check_access(self, ticket: Ticket, actor: Actor, uow: UnitOfWork | None = None) -> None:
        """:class:`PermissionDenied` unless ``actor`` may act on ``ticket`` on the side it
        claims (scopes in ``docs/access.md``). Pass the current unit of work when in one."""
        if uow is not None:
            guard.check(uow, self.policy, ticket, actor)
            return
        with self.store.unit_of_work() as own:
            guard.check(own, self.policy, ticket, actor)

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
        self,
        ticket_id: str,
        actor: Actor,
        action: Action,
        make_event: EventFactory,
        complete: EventCompletion | None = None,
    ) -> Ticket:
        attempts = MAX_RETRIES if action in RETRIED_ACTIONS else 1
        for attempt in range(attempts):
            try:
                return self._change_once(ticket_id, actor, action, make_event, complete)
            except Conflict:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _change_once(
        self,
        ticket_id: str,
        actor: Actor,
        action: Action,
        make_event: EventFactory,
        complete: EventCompletion | None = None,
    ) -> Ticket:
        with self.store.unit_of_work() as uow:
            ticket = guard.authorize(uow, self.policy, ticket_id, actor)  # scopes; no leaks
            row = self.policy.workflow.transition(
                ticket.status, action, actor.side, ticket_id=ticket.id
            )
            # Events of one ticket never go back in time, even if clocks disagree.
            at = max(self._now(), ticket.updated_at)
            self._check_window(ticket, row, at)
            event = make_event(ticket, row, at)
            if complete is not None:
                event = complete(uow, ticket, event)
            new = derive(apply(ticket, event), self.policy)
            new = attrs.evolve(new, version=ticket.version + 1)
            uow.tickets.save(new)
            if event.message is not None:  # privacy and retention: who holds which blob
                self._index_blobs(uow, new.id, event.message.attachments)
            self._after_change(uow, ticket, new, event)
        return new

    # -- access, routing and notifications --------------------------------------------------

    def add_account(self, account: Account) -> Account:
        """Add or update an account of the hierarchy (checked against the stored tree:
        unknown parents, cycles and roles not strictly below the parent are InvalidInput)."""
        with self.store.unit_of_work() as uow:
            AccountRepository(uow.records).add(account)
        return account

    def get_account(self, account_id: str) -> Account:
        """The account. :class:`NotFound` for an unknown id."""
        with self.store.unit_of_work() as uow:
            return AccountRepository(uow.records).get(account_id)

    def actor_for(self, account_id: str, ticket: Ticket | str | None = None) -> Actor:
        """The :class:`Actor` an account acts as: on a given ticket, its client (the requester,
        or the account a level opened it towards) and same-company colleagues act as
        CUSTOMER, the level it is addressed to and every level above as SUPPORT. Without a
        ticket: CUSTOMER (the side for opening a ticket upwards). Roles include the account's
        role. :class:`PermissionDenied` when the account may not see the ticket."""
        with self.store.unit_of_work() as uow:
            account = AccountRepository(uow.records).get(account_id)
            if ticket is None:
                return guard.account_actor(account, Side.CUSTOMER)
            ticket_id = ticket if isinstance(ticket, str) else ticket.id
            found = guard.authorize(uow, self.policy, ticket_id, account_id, check_side=False)
            view, _ = guard.resolve_viewer(uow, self.policy, account_id)
            side = guard.side_for(view, found, guard.handlers_of(uow, found))
            if side is None:  # pragma: no cover - authorize refused already
                raise guard.denied(ticket_id, account_id)
            return guard.account_actor(account, side)

    def _route(self, uow: UnitOfWork, event: Event, to: str | None) -> Event:
        """The opened ``event`` routed (docs/access.md): addressed to the level above, to the
        support organisation or towards ``to``; as the account's actor; with an assignee."""
        opening = guard.route_opening(uow, self.policy, event.actor, to)
        data: dict[str, EventValue] = {
            **event.data, **opening.data, "status": opening.status.value
        }
        assignee = guard.assign(uow, self.policy, _text_or_none(data.get("category")))
        if assignee is not None:
            data["assignee"] = assignee
        actor = opening.requester
        message = event.message
        if message is not None:
            message = attrs.evolve(message, author=actor.id, side=actor.side)
        return attrs.evolve(event, actor=actor, data=data, message=message)

    def _after_change(
        self, uow: UnitOfWork, before: Ticket | None, after: Ticket, event: Event
    ) -> None:
        """Runs inside the change's unit of work: writes the notification outbox."""
        write_notifications(uow.records, self.policy, after, event)
