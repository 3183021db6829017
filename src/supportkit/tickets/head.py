"""A ticket without its history: what every write reads and every list shows.

A :class:`~supportkit.Ticket` is its events plus a derived snapshot, and its history grows
with every reply. Writes and lists must not pay for that history, so stores keep two more
shapes next to the appended events:

- :class:`TicketHead` — the snapshot's every scalar field, the counts of messages and events,
  and the little history the deadlines need (the stretches the resolution clock ran, the
  ETAs given, the attachment references by content). :func:`advance` folds one event into
  it in time independent of the thread's length; the write path
  (:func:`supportkit.app.write.record`) works on heads only.
- :class:`TicketSummary` — the columns a list shows (what ``Helpdesk.tickets`` and the
  actions return), built from a head by :func:`summary_of` or straight from a store's
  columns.

The full ticket is rebuilt from a head and its events by :func:`rebuild` (``Helpdesk.get``).
:func:`head_of` computes the head of a full ticket; ``head_of(replay(id, events))`` equals
the head the write path folded event by event (a property test holds them to it).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from supportkit._time import require_aware
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.history import (
    OPENED,
    PURGED_KEY,
    mark_purged,
    opened_changes,
    purged_digests,
    scalar_changes,
)
from supportkit.tickets.model import Event, Message, Ticket
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus

__all__ = [
    "HeldRef",
    "Stretch",
    "TicketHead",
    "TicketState",
    "TicketSummary",
    "advance",
    "clock_states",
    "etas_of",
    "folded_head",
    "head_of",
    "messages_of",
    "opened_head",
    "rebuild",
    "refs_of",
    "stretches_of",
    "summary_of",
]

#: ``[start, end)`` of a stretch the resolution clock ran; ``end`` is None while it runs.
Stretch = tuple[datetime, datetime | None]
#: ``(at, eta)`` of an event that gave (an ISO instant) or withdrew (None) an ETA.
EtaGiven = tuple[datetime, str | None]


def _aware(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        require_aware(value, f"{type(instance).__name__}.{attribute.name}")


@attrs.frozen
class HeldRef:
    """One distinct attachment reference a ticket holds: content digest, kind (``attachment``
    or ``raw_email``), whether retention purged it, the file name and size. What retention, the
    blob index and the intake checklist need of a ticket's messages, without the messages."""

    sha256: str
    kind: str = "attachment"
    purged: bool = False
    filename: str = ""
    size: int = 0


def _stretches(value: Iterable[Sequence[datetime | None]]) -> tuple[Stretch, ...]:
    if value == ():
        return ()
    out: list[Stretch] = []
    for start, end in value:
        if start is None:
            raise ValueError("a stretch needs a start")
        out.append((start, end))
    return tuple(out)


def _etas(value: Iterable[Sequence[Any]]) -> tuple[EtaGiven, ...]:
    if value == ():
        return ()
    return tuple((at, eta) for at, eta in value)


def _refs(value: Iterable[HeldRef]) -> tuple[HeldRef, ...]:
    return value if type(value) is tuple else tuple(value)


@attrs.frozen(kw_only=True)
class TicketHead:
    """Every scalar field of a :class:`~supportkit.Ticket` (same names, same meaning), the
    counts of its messages and events, and what its deadlines need of its history:

    ``stretches`` — when the resolution clock ran (OPEN and not awaiting information);
    ``etas`` — every ETA given or withdrawn, in order; ``refs`` — the distinct attachment
    references, by content, kind and purged mark. ``version`` counts the saves, as on the
    ticket."""

    id: str
    subject: str
    status: TicketStatus
    severity: PriorityKey
    requester: Actor
    category: str | None = None
    channel: str = "web"
    fields: Mapping[str, str] = attrs.field(factory=dict)
    created_at: datetime = attrs.field(validator=_aware)
    updated_at: datetime = attrs.field(validator=_aware)
    first_response_at: datetime | None = None
    first_response_due: datetime | None = None
    last_support_reply_at: datetime | None = None
    last_customer_reply_at: datetime | None = None
    eta: datetime | None = None
    eta_set_at: datetime | None = None
    solved_at: datetime | None = None
    closed_at: datetime | None = None
    archived_at: datetime | None = None
    escalation_eligible_at: datetime | None = None
    next_update_due: datetime | None = None
    resolution_due: datetime | None = None
    retention_due: datetime | None = None
    assignee: str | None = None
    addressed_to: str | None = None
    follow_up_of: str | None = None
    support_group: str | None = None
    service_level: str | None = None
    contract_id: str | None = None
    awaiting_information: bool = False
    version: int = 0
    message_count: int = 0
    public_message_count: int = 0
    event_count: int = 0
    stretches: tuple[Stretch, ...] = attrs.field(default=(), converter=_stretches)
    etas: tuple[EtaGiven, ...] = attrs.field(default=(), converter=_etas)
    refs: tuple[HeldRef, ...] = attrs.field(default=(), converter=_refs)

    @property
    def company(self) -> str | None:
        """The requester's company, if any."""
        return self.requester.company

    @property
    def is_active(self) -> bool:
        """True for OPEN and SOLVED tickets (see :attr:`supportkit.Ticket.is_active`)."""
        return self.status in (TicketStatus.OPEN, TicketStatus.SOLVED)


@attrs.frozen(kw_only=True)
class TicketSummary:
    """One row of a ticket list: what a panel shows, read from a store's columns.

    ``requester`` is the requester's id, ``requester_side`` the side they opened it on
    and ``company`` their company; ``addressed_to`` the account a ticket is routed to;
    ``message_count`` counts the messages the viewer may see (a customer's count leaves
    internal notes out, and equals ``public_message_count``, the count without them).
    The deadlines are the pending ones, as on the ticket. ``version`` lets a caller pass the
    summary's freshness along (it is the ticket's version when the row was read)."""

    id: str
    subject: str
    status: TicketStatus
    severity: PriorityKey
    requester: str
    requester_side: Side = Side.CUSTOMER
    company: str | None = None
    category: str | None = None
    assignee: str | None = None
    addressed_to: str | None = None
    support_group: str | None = None
    awaiting_information: bool = False
    created_at: datetime
    updated_at: datetime
    first_response_due: datetime | None = None
    next_update_due: datetime | None = None
    resolution_due: datetime | None = None
    eta: datetime | None = None
    escalation_eligible_at: datetime | None = None
    retention_due: datetime | None = None
    message_count: int = 0
    public_message_count: int = 0
    version: int = 0

    @property
    def is_active(self) -> bool:
        """True for OPEN and SOLVED tickets (see :attr:`supportkit.Ticket.is_active`)."""
        return self.status in (TicketStatus.OPEN, TicketStatus.SOLVED)


_TICKET_ONLY = frozenset({"messages", "events"})
#: The scalar fields a head shares with the ticket, in the ticket's order.
SHARED_FIELDS: tuple[str, ...] = tuple(
    a.name for a in attrs.fields(Ticket) if a.name not in _TICKET_ONLY
)
#: The values of :data:`SHARED_FIELDS` of a ticket or head, as one tuple (one C call).
_shared_values = operator.attrgetter(*SHARED_FIELDS)
_HEAD_ONLY = ("message_count", "public_message_count", "event_count", "stretches", "etas",
              "refs")


def _running(status: TicketStatus, awaiting: bool) -> bool:
    return status is TicketStatus.OPEN and not awaiting


def _extend(stretches: tuple[Stretch, ...], running: bool, at: datetime) -> tuple[Stretch, ...]:
    """The stretches after an event at ``at`` leaves the clock ``running`` (or not)."""
    is_open = bool(stretches) and stretches[-1][1] is None
    if running and not is_open:
        return (*stretches, (at, None))
    if not running and is_open:
        return (*stretches[:-1], (stretches[-1][0], at))
    return stretches


def _held(refs: tuple[HeldRef, ...], message: Message | None,
          purged: frozenset[str]) -> tuple[HeldRef, ...]:
    """``refs`` with ``message``'s attachments added, then the ``purged`` digests marked
    (the order :func:`~supportkit.tickets.history.apply` folds them in)."""
    out = list(refs)
    if message is not None:
        for ref in message.attachments:
            held = HeldRef(ref.sha256, ref.kind, ref.purged, ref.filename, ref.size)
            if held not in out:
                out.append(held)
    if purged:
        marked: list[HeldRef] = []
        for held in out:
            new = attrs.evolve(held, purged=True) if held.sha256 in purged else held
            if new not in marked:
                marked.append(new)
        out = marked
    return tuple(out)


def _counts(message: Message | None) -> tuple[int, int]:
    if message is None:
        return 0, 0
    return 1, 0 if message.internal else 1


def opened_head(ticket_id: str, event: Event) -> TicketHead:
    """The head of a new ticket whose first event is ``event`` (``opened``)."""
    scalars = opened_changes(ticket_id, event)
    messages, public = _counts(event.message)
    status: TicketStatus = scalars["status"]
    awaiting: bool = scalars["awaiting_information"]
    return TicketHead(
        **scalars,
        message_count=messages,
        public_message_count=public,
        event_count=1,
        stretches=_extend((), _running(status, awaiting), event.at),
        etas=((event.at, _eta(event)),) if "eta" in event.data else (),
        refs=_held((), event.message, frozenset()),
    )


def _eta(event: Event) -> str | None:
    value = event.data["eta"]
    return value if isinstance(value, str) else None


def advance(head: TicketHead, event: Event) -> TicketHead:
    """The head after ``event`` (a later event, never ``opened``): the scalar fields exactly
    as :func:`~supportkit.tickets.history.apply` folds them, the counts, stretches, ETAs and
    references extended. Costs the same on the 2,000th reply as on the first. ``version``
    and the derived deadlines are left as they were (the write path sets them)."""
    if event.kind == OPENED:
        raise ValueError("an 'opened' event starts a ticket; it cannot follow one")
    changes = scalar_changes(head, event)
    messages, public = _counts(event.message)
    status = changes.get("status", head.status)
    awaiting = changes.get("awaiting_information", head.awaiting_information)
    changes.update(
        message_count=head.message_count + messages,
        public_message_count=head.public_message_count + public,
        event_count=head.event_count + 1,
        stretches=_extend(head.stretches, _running(status, awaiting), event.at),
        refs=_held(head.refs, event.message, purged_digests(event)),
    )
    if "eta" in event.data:
        changes["etas"] = (*head.etas, (event.at, _eta(event)))
    return attrs.evolve(head, **changes)


#: Each status by its value (a dict look-up costs a fifth of the enum's call).
_STATUSES = {status.value: status for status in TicketStatus}

#: A ticket or its head: what the deadline rules read (their scalar fields are the same).
TicketState = Ticket | TicketHead


def clock_states(events: Iterable[Event]) -> Iterator[tuple[Event, TicketStatus, bool]]:
    """Each event of a history with the status after it and whether the resolution clock
    runs after it (OPEN and not awaiting information): the rule :func:`advance` folds, read
    off a full history (for :func:`stretches_of` and the SLA explanations)."""
    status, awaiting = TicketStatus.OPEN, False
    for index, event in enumerate(events):
        data = event.data
        if index == 0:
            awaiting = data.get("awaiting_information") is True
        else:
            message = event.message
            if message is not None and not message.internal and message.side is Side.CUSTOMER:
                awaiting = False
            if "awaiting_information" in data:
                awaiting = data["awaiting_information"] is True
        value = data.get("status")
        if isinstance(value, str):
            status = _STATUSES.get(value) or TicketStatus(value)
        yield event, status, _running(status, awaiting)


def stretches_of(state: TicketState) -> tuple[Stretch, ...]:
    """When the resolution clock of ``state`` ran: a head keeps them; a full ticket's are
    read off its events by the same rule :func:`advance` follows."""
    if isinstance(state, TicketHead):
        return state.stretches
    stretches: tuple[Stretch, ...] = ()
    for event, _, running in clock_states(state.events):
        stretches = _extend(stretches, running, event.at)
    return stretches


def etas_of(state: TicketState) -> tuple[EtaGiven, ...]:
    """Every ETA given (an ISO instant) or withdrawn (None) on ``state``, in order."""
    if isinstance(state, TicketHead):
        return state.etas
    return tuple((e.at, _eta(e)) for e in state.events if "eta" in e.data)


def refs_of(state: TicketState) -> tuple[HeldRef, ...]:
    """The distinct attachment references of ``state`` (content, kind, purged mark)."""
    if isinstance(state, TicketHead):
        return state.refs
    refs: tuple[HeldRef, ...] = ()
    for message in state.messages:  # purge marks are on the messages already
        if message.attachments:
            refs = _held(refs, message, frozenset())
    return refs


def head_of(ticket: Ticket) -> TicketHead:
    """The head of a full ticket: its own scalar fields, version and derived deadlines, and
    the counts, stretches, ETAs and references read off its whole history (what a store
    keeps for a ticket ``add`` receives). Equal to folding the history event by event with
    :func:`opened_head` and :func:`advance`, which the write path does (a property test
    holds the two equal), in a third of the time."""
    if not ticket.events:
        raise ValueError(f"ticket {ticket.id} has no history")
    messages = ticket.messages
    return TicketHead(
        **dict(zip(SHARED_FIELDS, _shared_values(ticket), strict=True)),
        message_count=len(messages),
        public_message_count=sum(1 for m in messages if not m.internal),
        event_count=len(ticket.events),
        stretches=stretches_of(ticket),
        etas=etas_of(ticket),
        refs=refs_of(ticket),
    )


def folded_head(ticket: Ticket) -> TicketHead:
    """:func:`head_of` the slow way: the history folded event by event, as the write path
    folds it (for tests that hold the two equal)."""
    events = ticket.events
    if not events:
        raise ValueError(f"ticket {ticket.id} has no history")
    head = opened_head(ticket.id, events[0])
    for event in events[1:]:
        head = advance(head, event)
    return attrs.evolve(head, **{name: getattr(ticket, name) for name in SHARED_FIELDS})


def messages_of(events: Iterable[Event]) -> tuple[Message, ...]:
    """The messages of a history, with retention's purge marks applied as the fold does."""
    messages: tuple[Message, ...] = ()
    for event in events:
        if event.message is not None:
            messages = (*messages, event.message)
        if PURGED_KEY in event.data:
            messages = mark_purged(messages, purged_digests(event))
    return messages


def rebuild(head: TicketHead, events: Sequence[Event]) -> Ticket:
    """The full ticket of ``head`` and its whole history ``events``."""
    if len(events) != head.event_count:
        raise ValueError(
            f"ticket {head.id}: the head counts {head.event_count} events, "
            f"the history holds {len(events)}"
        )
    return Ticket(
        **{name: getattr(head, name) for name in SHARED_FIELDS},
        messages=messages_of(events),
        events=tuple(events),
    )


def summary_of(head: TicketHead | Ticket, *, side: Side = Side.SUPPORT) -> TicketSummary:
    """The list row of ``head`` (or of a full ticket) as ``side`` sees it (a customer's
    message count leaves internal notes out)."""
    if isinstance(head, Ticket):
        total = len(head.messages)
        public = sum(1 for m in head.messages if not m.internal)
    else:
        total, public = head.message_count, head.public_message_count
    return TicketSummary(
        id=head.id,
        subject=head.subject,
        status=head.status,
        severity=head.severity,
        requester=head.requester.id,
        requester_side=head.requester.side,
        company=head.requester.company,
        category=head.category,
        assignee=head.assignee,
        addressed_to=head.addressed_to,
        support_group=head.support_group,
        awaiting_information=head.awaiting_information,
        created_at=head.created_at,
        updated_at=head.updated_at,
        first_response_due=head.first_response_due,
        next_update_due=head.next_update_due,
        resolution_due=head.resolution_due,
        eta=head.eta,
        escalation_eligible_at=head.escalation_eligible_at,
        retention_due=head.retention_due,
        message_count=public if side is Side.CUSTOMER else total,
        public_message_count=public,
        version=head.version,
    )


