"""Where "now" comes from. The only module allowed to read the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from supportkit._time import require_aware

__all__ = ["Clock", "FixedClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Anything with a ``now()`` that returns an aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that only moves when told to: for tests, replays and simulations."""

    def __init__(self, at: datetime) -> None:
        self._now = require_aware(at, "FixedClock start")

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        """Jump to ``at`` (aware). Moving backwards is allowed: replays need it."""
        self._now = require_aware(at, "FixedClock.set")

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` and return the new now."""
        self._now = self._now + delta
        return self._now

    def __repr__(self) -> str:
        return f"FixedClock({self._now.isoformat()})"
