"""SLA targets as data: per priority level, how long support may take, on which calendar.

A :class:`SlaTarget` gives, for one priority level (or, with ``level=None``, for every level
without its own entry), the initial-response, next-update and resolution targets, each
measured in business time on a *named* calendar:

- ``"support"``: the support-hours calendar of the ticket — ``Policy.calendars[level name]``
  when the ticket has a ``service_level`` listed there, else ``Policy.calendar``;
- ``"24x7"``: real time;
- any other name: that entry of ``Policy.calendars`` (e.g. ``"premium"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

import attrs

from supportkit.errors import InvalidInput
from supportkit.tickets.priority import PriorityKey

__all__ = [
    "ALWAYS",
    "SUPPORT",
    "CalendarLike",
    "SlaPolicy",
    "SlaTarget",
]

SUPPORT = "support"
"""Calendar name: the ticket's support-hours calendar (its service level's, else the default)."""

ALWAYS = "24x7"
"""Calendar name: real time, around the clock."""


class CalendarLike(Protocol):
    """What the SLA rules need of a calendar (:class:`~supportkit.BusinessCalendar` has it)."""

    @property
    def tz(self) -> str: ...

    def is_open(self, t: datetime) -> bool: ...

    def next_open(self, t: datetime) -> datetime: ...

    def add(self, t: datetime, duration: timedelta) -> datetime: ...

    def elapsed(self, a: datetime, b: datetime) -> timedelta: ...


def positive_duration(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: ``None`` or a timedelta greater than zero."""
    if value is not None and (not isinstance(value, timedelta) or value <= timedelta(0)):
        raise InvalidInput(
            f"{type(instance).__name__}.{attribute.name} must be a positive duration "
            f"(e.g. '2h'), got {value!r}"
        )


def calendar_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a non-empty calendar name."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"{type(instance).__name__}.{attribute.name}: name a calendar ({SUPPORT!r}, "
            f"{ALWAYS!r} or a key of Policy.calendars), got {value!r}"
        )


@attrs.frozen(kw_only=True)
class SlaTarget:
    """The targets of one priority level (``level=None``: every level not listed).

    ``initial_response``: from submission to the first support-side reply (internal notes
    never count). ``next_update``: from the last support reply (or from when the resolution
    clock last resumed, if later) to the next one, while the ticket waits on support.
    ``resolution``: business time the ticket may spend OPEN and not awaiting information
    before it is solved. ``None`` means no target. All are measured on ``calendar``.
    """

    level: PriorityKey | None = None
    initial_response: timedelta | None = attrs.field(default=None, validator=positive_duration)
    next_update: timedelta | None = attrs.field(default=None, validator=positive_duration)
    resolution: timedelta | None = attrs.field(default=None, validator=positive_duration)
    calendar: str = attrs.field(default=SUPPORT, validator=calendar_name)


def _targets(value: Iterable[SlaTarget]) -> tuple[SlaTarget, ...]:
    return tuple(value)


def _unique_levels(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    levels = [(type(t.level), t.level) for t in value]
    if len(set(levels)) != len(levels):
        raise InvalidInput(
            f"{type(instance).__name__}.{attribute.name}: two entries for the same level in "
            f"{[t.level for t in value]!r}; give each level (and the default, level=None) once"
        )


def _fraction(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
        raise InvalidInput(
            f"{type(instance).__name__}.{attribute.name} must be a fraction in (0, 1], "
            f"got {value!r}"
        )


def find_level(entries: Iterable[Any], level: PriorityKey) -> Any | None:
    """The entry whose ``level`` is ``level`` (same type), else the ``level=None`` one."""
    fallback = None
    for entry in entries:
        if entry.level is None:
            fallback = entry
        elif type(entry.level) is type(level) and entry.level == level:
            return entry
    return fallback


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """Targets per priority level, and when a running target counts as "at risk".

    ``at_risk``: the fraction of a target consumed from which it is reported at risk
    (default 0.75). ``SlaPolicy()`` has no targets: no deadlines are set.
    """

    targets: tuple[SlaTarget, ...] = attrs.field(
        default=(), converter=_targets, validator=_unique_levels
    )
    at_risk: float = attrs.field(default=0.75, validator=_fraction)

    def target(self, level: PriorityKey) -> SlaTarget | None:
        """The targets of ``level``: its own entry, else the default one, else ``None``."""
        found: SlaTarget | None = find_level(self.targets, level)
        return found

    def calendar_names(self) -> frozenset[str]:
        """Every calendar name the targets use."""
        return frozenset(t.calendar for t in self.targets)
