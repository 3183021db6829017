"""Small helpers for the time-is-explicit rule: every instant is timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from supportkit.errors import InvalidInput


def require_aware(value: object, what: str) -> datetime:
    """Return ``value`` if it is an aware datetime, else raise :class:`InvalidInput`."""
    if not isinstance(value, datetime):
        raise InvalidInput(f"{what}: expected an aware datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(
            f"{what}: naive datetime {value.isoformat()} refused; pass an aware datetime "
            "(e.g. datetime(..., tzinfo=ZoneInfo('Europe/Paris')) or tzinfo=UTC)"
        )
    return value


def to_utc(value: datetime) -> datetime:
    """The same instant in UTC."""
    return value.astimezone(UTC)


def elapsed_after(start: datetime, duration: timedelta) -> datetime:
    """The instant ``duration`` of real elapsed time after ``start``, in UTC.

    ``start + duration`` on a zoned datetime adds wall-clock time (across a DST change 90
    days after 29 March 02:00 Paris is an hour off); converting to UTC first makes durations
    of days exact and the result the same whatever tzinfo the clock or the store used."""
    return to_utc(start) + duration
