"""The :class:`Helpdesk`: the one entry point an embedding application talks to.

A thin facade over :mod:`supportkit.app`: each method names its arguments and documents
them, then calls one application function. Every change of a ticket goes through the one
write path (:func:`supportkit.app.write.record`); every read runs in a read-only unit of
work; every ticket returned is the view the acting or reading actor may see
(:mod:`supportkit.access.views`). A refused action raises and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import BinaryIO

from supportkit.access.accounts import Account
from supportkit.access.scopes import Scope, ScopeName
from supportkit.app import actions, directory, opening, reading
from supportkit.app.blobs import GC_GRACE, GcReport, collect_garbage
from supportkit.app.commands import supply_information
from supportkit.app.context import DeskContext
from supportkit.app.outbox import Outbox
from supportkit.app.report import GroupBy, SlaReport, build_report, build_reports
from supportkit.app.retention import RetentionReport, next_retention_run, run_retention
from supportkit.clock import Clock, SystemClock
from supportkit.entitlements import Contract, Entitlement, LicenseKey, SupportCode, TagEvent
from supportkit.entitlements.intake import IntakeReport
from supportkit.policy import Policy
from supportkit.ports import Store, TicketQuery
from supportkit.sla.escalation import EscalationDecision
from supportkit.sla.explain import Measure, SlaExplanation
from supportkit.sla.paging import PagingDecision
from supportkit.sla.status import SlaStatus
from supportkit.tickets.actors import Actor
from supportkit.tickets.head import TicketSummary
from supportkit.tickets.model import Channel, Ticket, Upload
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Action

__all__ = ["Helpdesk"]


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

    @property
    def _desk(self) -> DeskContext:
        return DeskContext(self.store, self.policy, self.clock)

    # -- reading ---------------------------------------------------------------------------

    def get(self, ticket_id: str, viewer: Actor | str | None = None) -> Ticket:
        """The current snapshot, as ``viewer`` (an actor or account id) may see it.

        Without a viewer (system access): :class:`NotFound` for an unknown id. With one:
        :class:`PermissionDenied`, the same for unknown and forbidden ids; a customer-side
        reader gets the snapshot without internal notes.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param viewer: read as this actor or account id (its scopes and side apply); None is
            system access.
        :returns: the ticket's current snapshot.
        :raises NotFound: no ticket has this id (system access).
        :raises PermissionDenied: the viewer may not see it, or it does not exist.
        """
        return reading.get(self._desk, ticket_id, viewer)

    def tickets(
        self,
        viewer: Actor | str | TicketQuery | None = None,
        *,
        scope: Scope | ScopeName | None = None,
        status: TicketStatus | str | Iterable[TicketStatus | str] | None = None,
        category: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        after_id: str | None = None,
        query: TicketQuery | None = None,
        order: str | None = None,
        after_due: datetime | None = None,
    ) -> Sequence[TicketSummary]:
        """Summaries (:class:`TicketSummary`: the columns a list shows, never the history)
        of the tickets ``viewer`` sees through ``scope`` (every scope it has when omitted),
        filtered by ``status`` (``"active"``: the statuses of ``Policy.active_list``),
        ``category`` and ``text`` (every word begins a word of the subject or a public
        message: ``webm`` finds ``Webmail``).

        ``order`` is ``"id"`` (the default), ``"newest"`` or a deadline column (soonest
        first; only tickets that have it). Pages are keyset pages of at most ``limit``: pass
        the last row's ``id`` as ``after_id`` (and, ordered by a deadline, its value as
        ``after_due``) for the next one. :meth:`count` counts the same tickets.

        ``viewer`` is an :class:`Actor` or an account id; None means system access, which
        sees every ticket and may pass a raw ``query``. ``tickets(TicketQuery(...))`` (the
        query as the only argument) is system access too.
        """
        return reading.list_tickets(self._desk, viewer, scope=scope, status=status,
                                    category=category, text=text, limit=limit,
                                    after_id=after_id, query=query, order=order,
                                    after_due=after_due)

    def count(
        self,
        viewer: Actor | str | TicketQuery | None = None,
        *,
        scope: Scope | str | None = None,
        status: TicketStatus | str | Iterable[TicketStatus | str] | None = None,
        category: str | None = None,
        text: str | None = None,
        query: TicketQuery | None = None,
    ) -> int:
        """How many tickets :meth:`tickets` lists for the same viewer, scope and filters
        (every page together), respecting the viewer's scopes."""
        return reading.count_tickets(self._desk, viewer, scope=scope, status=status,
                                     category=category, text=text, query=query)

    # -- opening -----------------------------------------------------------------------------

    def open_ticket(
        self,
        requester: Actor,
        subject: str,
        body: str,
        *,
        severity: PriorityKey | None = None,
        category: str | None = None,
        channel: Channel = "web",
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
        are checked before anything is stored; a refusal raises :class:`NotEntitled`.

        Routing (``docs/access.md``): an account's ticket is addressed to the level above it
        (or to the support organisation, per ``Policy.routing``); ``to`` opens a ticket from
        an account towards an account below it. A category with staff assigns the ticket.

        On the policy's redaction channels (``email`` by default) secrets in subject, body and
        ``raw_email`` (the inbound message's source, kept as a private blob) are stripped
        first; personal data is then reported, refused or redacted as ``policy.privacy``
        says. ``follow_up_of`` links the new ticket to an earlier one (see :meth:`follow_up`).
        When the policy's after-hours paging applies, a ``paged`` event follows the
        ``opened`` one (and reaches the outbox, see ``docs/access.md``).

        :param requester: who asks (a customer, or support opening on a customer's behalf).
        :param subject: a non-empty text, screened for secrets and personal data.
        :param body: the first message.
        :param severity: a key of ``policy.priorities`` (``1``..``4``, ``"urgent"`` …); None: the
            scheme's default.
        :param category: the ticket's topic (checked against the policy's qualifying categories).
        :param channel: where it came from: ``"web"``, ``"email"``, ``"phone"`` … as the policy
            allows.
        :param fields: intake fields, e.g. ``{"ip_or_hostname": "203.0.113.7"}``.
        :param attachments: files, each an :class:`Upload`.
        :param support_code: a support code proving entitlement.
        :param license_key: a license key proving entitlement.
        :param asset: a node or service covered by a contract or a premium tag.
        :param product: the product the request is about.
        :param to: (an account) open the ticket towards this account below the requester.
        :param raw_email: the inbound message's source, kept as a private blob.
        :param follow_up_of: the id of an earlier ticket this one continues.
        :returns: the new ticket.
        :raises InvalidInput: a bad subject, body, severity, category, channel, field or
            attachment (the message names it and what is allowed).
        :raises NotEntitled: the policy requires an entitlement and the requester has none
            (``decision`` says why and what to do instead).
        """
        return opening.open_ticket(self._desk, opening.OpenRequest(
            requester=requester, subject=subject, body=body, severity=severity,
            category=category, channel=channel, fields=fields, attachments=attachments,
            support_code=support_code, license_key=license_key, asset=asset, product=product,
            to=to, raw_email=raw_email, follow_up_of=follow_up_of,
        ))

    def follow_up(
        self,
        ticket_id: str,
        actor: Actor,
        subject: str | None = None,
        *,
        body: str,
        severity: PriorityKey | None = None,
        channel: Channel = "web",
        attachments: Iterable[Upload] = (),
        raw_email: bytes | BinaryIO | None = None,
    ) -> Ticket:
        """Open a new ticket linked to ``ticket_id`` (``follow_up_of``): the way to continue
        a closed ticket after its reopen window ended. Subject defaults to the old one's,
        category and severity are carried over unless given."""
        return opening.follow_up(self._desk, ticket_id, actor, subject, body=body,
                                 severity=severity, channel=channel, attachments=attachments,
                                 raw_email=raw_email)

    # -- lifecycle ---------------------------------------------------------------------------

    def reply(
        self,
        ticket_id: str,
        actor: Actor,
        body: str,
        *,
        channel: Channel = "web",
        attachments: Iterable[Upload] = (),
        raw_email: bytes | BinaryIO | None = None,
    ) -> TicketSummary:
        """Add a reply visible to both sides; may move the status (see the workflow).

        ``channel="email"`` runs the redactor (by default); ``raw_email`` keeps the inbound
        message's source as a private blob until retention purges it.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :param body: the reply's text.
        :param channel: ``"web"``, ``"email"`` (runs the redactor) …
        :param attachments: files, each an :class:`Upload`.
        :param raw_email: the inbound message's source, kept as a private blob.
        :returns: the ticket's summary (:class:`TicketSummary`) after the reply;
            :meth:`get` reads the full ticket.
        :raises InvalidInput: an empty or oversized body, a channel the policy does not allow.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.reply(self._desk, ticket_id, actor, body, channel=channel,
                             attachments=attachments, raw_email=raw_email)

    def note(self, ticket_id: str, actor: Actor, body: str) -> TicketSummary:
        """An internal support-side note: never shown to customers, never a response."""
        return actions.note(self._desk, ticket_id, actor, body)

    def solve(self, ticket_id: str, actor: Actor) -> TicketSummary:
        """Support marks the ticket resolved (OPEN → SOLVED).

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :returns: the ticket's summary, now SOLVED.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.plain(self._desk, ticket_id, actor, Action.SOLVE)

    def confirm(self, ticket_id: str, actor: Actor) -> TicketSummary:
        """The customer confirms the resolution (SOLVED → CLOSED).

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :returns: the ticket's summary, now CLOSED.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.plain(self._desk, ticket_id, actor, Action.CONFIRM)

    def close(self, ticket_id: str, actor: Actor) -> TicketSummary:
        """Close the ticket without (further) verification.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :returns: the ticket's summary, now CLOSED.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.plain(self._desk, ticket_id, actor, Action.CLOSE)

    def reopen(self, ticket_id: str, actor: Actor) -> TicketSummary:
        """Back to OPEN; from CLOSED or ARCHIVED only inside the reopen window.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :returns: the ticket's summary, now OPEN.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.plain(self._desk, ticket_id, actor, Action.REOPEN)

    def archive(self, ticket_id: str, actor: Actor) -> TicketSummary:
        """Move the ticket out of the active list."""
        return actions.plain(self._desk, ticket_id, actor, Action.ARCHIVE)

    def set_severity(
        self, ticket_id: str, actor: Actor, severity: PriorityKey, *, reason: str
    ) -> TicketSummary:
        """Raise or lower the severity; the reason, who and when are recorded.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :param severity: a key of ``policy.priorities``.
        :param reason: why it changes (recorded in the event).
        :returns: the ticket's summary with its new severity and re-computed deadlines.
        :raises InvalidInput: a key the priority scheme does not have, or no reason.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.set_severity(self._desk, ticket_id, actor, severity, reason)

    def set_category(
        self, ticket_id: str, actor: Actor, category: str, *, reason: str | None = None
    ) -> TicketSummary:
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
        return actions.set_category(self._desk, ticket_id, actor, category, reason)

    def set_subject(
        self, ticket_id: str, actor: Actor, subject: str, *, reason: str | None = None
    ) -> TicketSummary:
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
        return actions.set_subject(self._desk, ticket_id, actor, subject, reason)

    def set_eta(self, ticket_id: str, actor: Actor, eta: datetime) -> TicketSummary:
        """Set the resolution ETA (an aware instant, not before now).

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :param eta: when the ticket should be resolved: an aware instant, not before now.
        :returns: the ticket's summary with its ETA.
        :raises InvalidInput: a naive or past instant.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.set_eta(self._desk, ticket_id, actor, eta)

    def supply_information(
        self, ticket_id: str, actor: Actor, fields: Mapping[str, str]
    ) -> TicketSummary:
        """Add fields to an active ticket and re-check the intake checklist; the ticket leaves
        "awaiting information" once nothing required is missing."""
        return supply_information(self._desk, ticket_id, actor, fields)

    def intake_report(self, ticket_id: str) -> IntakeReport | None:
        """What the policy's checklist still misses on a ticket (``None``: no checklist)."""
        return reading.intake_report(self._desk, ticket_id)

    # -- SLA, escalation and paging --------------------------------------------------------

    def sla(self, ticket_id: str, *, at: datetime | None = None) -> SlaStatus:
        """Where the ticket's first response, next update and resolution stand at ``at``
        (default now): met, ok, at risk, paused or breached. Derived, never stored."""
        return reading.sla(self._desk, ticket_id, at)

    def explain(
        self, ticket_id: str, measure: Measure | str = Measure.RESOLUTION
    ) -> SlaExplanation:
        """Why ``measure`` (``first_response``, ``next_update``, ``resolution``,
        ``escalation``, ``paging``) of the ticket is due when it is: the rule and calendar,
        the start, the open stretches counted, the closed ones skipped and why, the pauses
        and overrides, and the due instant (the one :meth:`sla`, :meth:`escalation` and
        :meth:`paging` report). ``render_explanation(e)`` gives the text, ``unstructure(e)``
        the JSON form. See ``docs/insight.md``."""
        return reading.explanation(self._desk, ticket_id, measure)

    def report(
        self, start: datetime, end: datetime, by: GroupBy | str = GroupBy.PRIORITY
    ) -> SlaReport:
        """How the desk did on tickets created in ``[start, end)``, as of now: per measure
        (first response, resolution) and group (``by``: ``priority``, ``company``,
        ``category``, ``assignee`` or ``week``), met, breached and pending counts,
        attainment % and the median and 90th percentile of business time to the measure.
        Streamed in batches: memory grows with the groups, not the tickets. See
        ``docs/insight.md``."""
        return build_report(self._desk, start, end, by)

    def reports(
        self, start: datetime, end: datetime, by: Iterable[GroupBy | str]
    ) -> dict[GroupBy, SlaReport]:
        """:meth:`report` for several groupings at once, from one pass over the tickets."""
        return build_reports(self._desk, start, end, list(by))

    def escalation(self, ticket_id: str, *, at: datetime | None = None) -> EscalationDecision:
        """Whether the ticket may be escalated now (or at ``at``), from when and how.

        :param ticket_id: the ticket's id.
        :param at: the instant to decide for (default: now); aware.
        :returns: whether it may be escalated, from when and by which methods.
        :raises NotFound: no ticket has this id.
        """
        return reading.escalation(self._desk, ticket_id, at)

    def escalate(
        self,
        ticket_id: str,
        actor: Actor,
        method: str = "button",
        target: str | None = None,
    ) -> TicketSummary:
        """Record an escalation by ``method`` (``"button"``, ``"phone"`` …), by the customer
        or by support on their behalf. :class:`NotEligible` — saying from when and by which
        methods — before the level's rule allows it, or with a method it does not allow.
        ``target`` (support only) moves the ticket to that support group.

        :param ticket_id: the ticket's id, e.g. ``"1"``.
        :param actor: who acts (an :class:`Actor`; its side decides what the workflow allows).
        :param method: ``"button"``, ``"phone"`` … as the level's rule allows.
        :param target: (support only) the support group to move the ticket to.
        :returns: the escalated ticket.
        :raises NotEligible: not yet, or not by this method; ``eligible_at`` and ``methods`` say
            when and how.
        :raises NotFound: no ticket has this id.
        :raises InvalidTransition: the workflow does not allow this action for this side in the
            ticket's status; ``allowed`` names what it does allow.
        :raises PermissionDenied: the actor may not act on this ticket (access scopes).
        :raises Conflict: another writer changed the ticket meanwhile; read it again and retry.
        """
        return actions.escalate(self._desk, ticket_id, actor, method, target)

    def transfer(self, ticket_id: str, actor: Actor, group: str, *, reason: str) -> TicketSummary:
        """Tiered escalation inside support: move the ticket to ``group`` (e.g. a senior
        team), recording who, when and why. Allowed where the workflow lets support escalate;
        needs no customer-side eligibility. The reason is internal: customer-side readers
        see the transfer without it."""
        return actions.transfer(self._desk, ticket_id, actor, group, reason)

    def paging(self, ticket_id: str) -> PagingDecision:
        """Whether the ticket pages the on-call team (submitted after hours with a paging
        priority) and by when someone must respond.

        :param ticket_id: the ticket's id.
        :returns: whether the on-call team is paged and by when someone must respond.
        :raises NotFound: no ticket has this id.
        """
        return reading.paging(self._desk, ticket_id)

    def due(
        self,
        column: str,
        before: datetime,
        after: datetime | None = None,
        *,
        statuses: Iterable[TicketStatus] | None = None,
    ) -> Sequence[TicketSummary]:
        """Tickets whose deadline ``column`` (``first_response_due``, ``next_update_due``,
        ``resolution_due``, ``eta``, ``escalation_eligible_at`` …) falls in ``[after, before)``
        — e.g. what breaches or becomes escalatable in the next 15 minutes."""
        return reading.due(self._desk, column, before, after, statuses)

    # -- entitlements and intake --------------------------------------------------------------

    def add_contract(self, contract: Contract) -> Contract:
        """Store a new contract (:class:`Conflict` if its id exists)."""
        return directory.add_contract(self._desk, contract)

    def replace_contract(self, contract: Contract) -> Contract:
        """Replace a stored contract (:class:`NotFound` if there is none with its id)."""
        return directory.replace_contract(self._desk, contract)

    def contract(self, contract_id: str) -> Contract:
        """A stored contract; :class:`NotFound` for an unknown id."""
        return directory.get_contract(self._desk, contract_id)

    def contracts(self, company: str | None = None) -> Sequence[Contract]:
        """Every contract, or those of ``company``."""
        return directory.list_contracts(self._desk, company)

    def entitlement(
        self,
        *,
        support_code: SupportCode | str | None = None,
        license_key: LicenseKey | str | None = None,
        customer: Actor | None = None,
        asset: str | None = None,
        product: str | None = None,
        at: datetime | None = None,
        channel: Channel | None = None,
        category: str | None = None,
    ) -> Entitlement:
        """The decision for exactly one selector at ``at`` (default: now); see
        ``docs/entitlements.md``. Refusals are decisions, not exceptions.

        :param support_code: a ten-digit support code.
        :param license_key: a product license key.
        :param customer: a customer actor (entitled through its company's contract).
        :param asset: a node or service.
        :param product: the product the request is about.
        :param at: the instant to decide for (default: now).
        :param channel: the channel the request would come by.
        :param category: the request's category.
        :returns: the decision: ``granted``, its ``reason``, the contract and level, alternatives.
        :raises InvalidInput: not exactly one selector, or a malformed code or key.
        """
        return directory.entitlement(
            self._desk, at, support_code=support_code, license_key=license_key,
            customer=customer, asset=asset, product=product, channel=channel,
            category=category,
        )

    def tag_asset(self, asset: str, level: str, actor: Actor) -> TagEvent:
        """Tag ``asset`` (a node) with a premium level or its tag (``"PREMIUM_SUPPORT"``):
        it and every service placed on it are covered at that level from now on."""
        return directory.tag_asset(self._desk, asset, level, actor, tagged=True)

    def untag_asset(self, asset: str, level: str, actor: Actor) -> TagEvent:
        """Remove the tag; the history keeps when it was on (for billing)."""
        return directory.tag_asset(self._desk, asset, level, actor, tagged=False)

    def asset_history(self, asset: str) -> tuple[TagEvent, ...]:
        """Every tag and untag of ``asset``, oldest first."""
        return directory.asset_history(self._desk, asset)

    def place_service(self, service: str, node: str) -> None:
        """Record that ``service`` runs on ``node`` (it inherits the node's coverage)."""
        directory.place_service(self._desk, service, node)

    # -- access ---------------------------------------------------------------------------------

    def add_account(self, account: Account) -> Account:
        """Add or update an account of the hierarchy (checked against the stored tree:
        unknown parents, cycles and roles not strictly below the parent are InvalidInput)."""
        return directory.add_account(self._desk, account)

    def get_account(self, account_id: str) -> Account:
        """The account. :class:`NotFound` for an unknown id."""
        return directory.get_account(self._desk, account_id)

    def actor_for(
        self, account_id: str, ticket: Ticket | TicketSummary | str | None = None
    ) -> Actor:
        """The :class:`Actor` an account acts as: on a given ticket, its client (the requester,
        or the account a level opened it towards) and same-company colleagues act as
        CUSTOMER, the level it is addressed to and every level above as SUPPORT. Without a
        ticket: CUSTOMER (the side for opening a ticket upwards). Roles include the account's
        role. :class:`PermissionDenied` when the account may not see the ticket."""
        return directory.actor_for(self._desk, account_id, ticket)

    # -- privacy and retention ---------------------------------------------------------------

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
        ``progress`` is called after each batch with the number of tickets handled. Each
        purge is recorded like any change (a ``purged`` event, notified through the outbox).

        :param dry_run: report what would be purged, change nothing.
        :param recheck_all: re-compute every closed ticket's retention deadline first.
        :param progress: called after each batch with the number of tickets handled.
        :returns: what was (or would be) purged: ticket ids, bytes freed, files deleted, the rule.
        :raises StorageError: the store cannot be used; a re-run continues where this one stopped.
        """
        return run_retention(self.store, self.policy, self._desk.now(), dry_run=dry_run,
                             recheck_all=recheck_all, progress=progress)

    def collect_garbage(
        self, *, dry_run: bool = False, older_than: timedelta = GC_GRACE
    ) -> GcReport:
        """Remove attachment content no ticket references and no writer leases, expired
        leases, and the blob store's temporary upload files not written to for
        ``older_than`` (a killed writer's leftovers); safe while the desk is in use, in any
        number of threads and processes. ``dry_run`` reports and changes nothing. See
        :func:`supportkit.app.blobs.collect_garbage`."""
        return collect_garbage(self.store, self._desk.now(), older_than=older_than,
                               dry_run=dry_run)

    def next_retention_run(self, after: datetime | None = None) -> datetime:
        """The next scheduled retention run after ``after`` (default: now)."""
        return next_retention_run(self._desk, after)
