"""After-hours emergency paging (InterWorx: "Outside of normal support hours, tickets marked
with High or Urgent priorities send an alert to the phones of the support team").

A ticket *pages* when it was submitted while its support calendar was closed, it is OPEN,
its priority is one of :attr:`EmergencyPolicy.priorities` and — when
:attr:`EmergencyPolicy.categories` is given — its category is one of them.

When the on-call team must respond (``respond_by``) depends only on the local time of
submission in the policy's zone (the calendar's zone by default), read as a daily cycle:

- submitted between ``morning`` (08:00) and the ``cutoff`` (midnight) → submission +
  ``respond_within`` (1 hour): "submitted before midnight … addressed within the hour";
- submitted between the cut-off and ``morning`` → ``morning`` of that local date: "tickets
  submitted after midnight may not be seen until the next morning" — by 08:00 that morning.

The same cycle holds on weekends and holidays: Saturday 02:00 → Saturday 08:00 (the guide
says "that morning", not "the next business morning"), Saturday 10:00 → 11:00.

Tickets that do not page get ``respond_by`` = the next opening of the calendar when submitted
after hours, and ``None`` when submitted inside open hours (the SLA targets apply).

The paging promise is a first-response promise too: while no support reply was given,
``Ticket.first_response_due`` is the earlier of the level's initial-response target and
``respond_by`` (so "what falls due in the next 15 minutes" includes paged tickets).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from supportkit.errors import InvalidInput
from supportkit.sla.calendars import support_calendar
from supportkit.sla.targets import positive_duration
from supportkit.tickets.head import TicketState
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = [
    "EmergencyPolicy",
    "PagingDecision",
    "emergency_respond_by",
    "paging_decision",
    "respond_by",
]


def _keys(value: Iterable[PriorityKey]) -> frozenset[PriorityKey]:
    if isinstance(value, str | int):
        return frozenset({value})
    return frozenset(value)


def _optional_names(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset({value}) if isinstance(value, str) else frozenset(value)


def _zone(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"EmergencyPolicy.{attribute.name}: unknown IANA zone {value!r} "
            "(e.g. 'America/New_York')"
        ) from exc


def _naive_time(_: object, attribute: attrs.Attribute[Any], value: time) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise InvalidInput(
            f"EmergencyPolicy.{attribute.name}: give a local wall-clock time without a zone, "
            f"e.g. '08:00', got {value!r}"
        )


@attrs.frozen(kw_only=True)
class EmergencyPolicy:
    """Which after-hours tickets page the on-call team, and by when they must respond.

    ``priorities``: levels that page. ``categories``: when given, only tickets of these
    categories qualify (e.g. ``"services down"``, ``"service interruption"``).
    ``respond_within``: delay promised before the ``cutoff``; ``morning``: the local time
    promised for tickets submitted between ``cutoff`` and ``morning``. ``tz``: the zone those
    local times are read in (default: the ticket's support calendar's zone).
    """

    priorities: frozenset[PriorityKey] = attrs.field(converter=_keys)
    categories: frozenset[str] | None = attrs.field(default=None, converter=_optional_names)
    respond_within: timedelta = attrs.field(
        default=timedelta(hours=1), validator=positive_duration
    )
    cutoff: time = attrs.field(default=time(0, 0), validator=_naive_time)
    morning: time = attrs.field(default=time(8, 0), validator=_naive_time)
    tz: str | None = attrs.field(default=None, validator=_zone)

    def __attrs_post_init__(self) -> None:
        if not self.priorities:
            raise InvalidInput("EmergencyPolicy.priorities: name at least one level that pages")
        if self.cutoff != time(0, 0) and self.cutoff <= self.morning:
            raise InvalidInput(
                f"EmergencyPolicy: the cutoff ({self.cutoff}) must be after the morning time "
                f"({self.morning}) or midnight (00:00)"
            )

    def qualifies(self, ticket: TicketState) -> bool:
        """Whether the ticket's priority (and category, when required) page after hours."""
        level = ticket.severity
        if level not in self.priorities:  # the common case, without scanning them
            return False
        if not any(type(k) is type(level) and k == level for k in self.priorities):
            return False
        return self.categories is None or ticket.category in self.categories


@attrs.frozen
class PagingDecision:
    """Whether to page the on-call team, and by when someone must respond."""

    page: bool
    respond_by: datetime | None


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    moment = datetime.combine(day, at, tzinfo=zone)
    # Normalise a wall time in a DST gap to a real instant.
    return moment.astimezone(UTC).astimezone(zone)


def respond_by(submitted: datetime, emergency: EmergencyPolicy, tz: str) -> datetime:
    """When the on-call team must respond to a paging ticket submitted at ``submitted``
    (returned in ``submitted``'s tzinfo). See the module docs for the daily cycle."""
    zone = ZoneInfo(emergency.tz or tz)
    local = submitted.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    attended = clock >= emergency.morning and (
        emergency.cutoff == time(0, 0) or clock < emergency.cutoff
    )
    if attended:
        return submitted + emergency.respond_within
    day = local.date()
    if clock >= emergency.morning:  # after a cut-off earlier than midnight: next morning
        day += timedelta(days=1)
    return _local(day, emergency.morning, zone).astimezone(submitted.tzinfo)


def emergency_respond_by(ticket: TicketState, policy: Policy) -> datetime | None:
    """The emergency promise of a ticket whose submission paged (whatever its status now):
    the on-call response instant, or ``None`` when its submission did not page."""
    emergency = policy.emergency
    if emergency is None or not emergency.qualifies(ticket):
        return None
    calendar = support_calendar(ticket, policy)
    if calendar.is_open(ticket.created_at):
        return None
    return respond_by(ticket.created_at, emergency, calendar.tz)


def paging_decision(ticket: TicketState, policy: Policy) -> PagingDecision:
    """The :class:`PagingDecision` for ``ticket`` under ``policy`` (submission = creation;
    the priority and category are the ticket's current ones; only OPEN tickets page)."""
    calendar = support_calendar(ticket, policy)
    submitted = ticket.created_at
    if calendar.is_open(submitted):
        return PagingDecision(page=False, respond_by=None)
    # Closed at submission: what emergency_respond_by decides, without asking the calendar
    # a second time.
    emergency = policy.emergency
    if (
        emergency is not None
        and ticket.status is TicketStatus.OPEN
        and emergency.qualifies(ticket)
    ):
        return PagingDecision(page=True, respond_by=respond_by(submitted, emergency, calendar.tz))
    return PagingDecision(page=False, respond_by=calendar.next_open(submitted))
