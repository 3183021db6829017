"""Which calendar a named SLA measure runs on, for one ticket under one policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportkit.calendars import BusinessCalendar
from supportkit.errors import InvalidInput
from supportkit.sla.targets import ALWAYS, SUPPORT
from supportkit.tickets.head import TicketState

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = ["known_calendar_names", "named_calendar", "support_calendar"]

_ALWAYS = BusinessCalendar.always()


def support_calendar(ticket: TicketState, policy: Policy) -> BusinessCalendar:
    """The ticket's support-hours calendar: its service level's entry of
    ``policy.calendars`` when there is one, else ``policy.calendar``."""
    if ticket.service_level is not None:
        found = policy.calendars.get(ticket.service_level)
        if found is not None:
            return found
    return policy.calendar


def named_calendar(name: str, ticket: TicketState, policy: Policy) -> BusinessCalendar:
    """``"support"`` → :func:`support_calendar`; ``"24x7"`` → real time; any other name →
    that entry of ``policy.calendars`` (:class:`InvalidInput` when there is none)."""
    if name == SUPPORT:
        return support_calendar(ticket, policy)
    if name == ALWAYS:
        return _ALWAYS
    found = policy.calendars.get(name)
    if found is None:
        raise InvalidInput(
            f"no calendar named {name!r}; use {SUPPORT!r}, {ALWAYS!r} or one of "
            f"Policy.calendars: {', '.join(sorted(policy.calendars)) or '(none)'}"
        )
    return found


def known_calendar_names(calendars: object) -> frozenset[str]:
    """The names an SLA rule may use with these ``Policy.calendars``."""
    keys = calendars.keys() if hasattr(calendars, "keys") else ()
    return frozenset({SUPPORT, ALWAYS, *keys})
