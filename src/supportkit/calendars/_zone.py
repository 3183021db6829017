"""UTC-offset transitions of a zoneinfo zone, found by scanning offsets (cached per year).

Time is handled as integer microseconds: *real* instants count from 0001-01-01 00:00 UTC,
*local* wall-clock times count from 0001-01-01 00:00 local (a Monday).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from supportkit.errors import InvalidInput

__all__ = [
    "DAY_US",
    "EPOCH",
    "US",
    "WEEK_US",
    "from_us",
    "load_zone",
    "offset_us",
    "to_us",
    "transitions",
]

US = 1_000_000
DAY_US = 86_400 * US
WEEK_US = 7 * DAY_US
EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_STEP_S = 6 * 3600  # offsets never change twice within six hours


def to_us(moment: datetime) -> int:
    """Real microseconds of an aware datetime."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds


def from_us(value: int, tz: tzinfo | None) -> datetime:
    """The aware datetime of real microseconds ``value``, expressed in ``tz``."""
    moment = EPOCH + timedelta(microseconds=value)
    return moment if tz is None or tz is UTC else moment.astimezone(tz)


@functools.lru_cache(maxsize=256)
def load_zone(key: str) -> ZoneInfo:
    """The ZoneInfo for an IANA key, or :class:`InvalidInput`."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvalidInput(
            f"time zone {key!r} refused: not an IANA zone key; use e.g. 'Europe/Paris' or 'UTC'"
        ) from exc


def offset_us(zone: ZoneInfo, seconds: int) -> int:
    """UTC offset of ``zone``, in microseconds, at real second ``seconds``."""
    offset = (EPOCH + timedelta(seconds=seconds)).astimezone(zone).utcoffset() or timedelta(0)
    return (offset.days * 86_400 + offset.seconds) * US + offset.microseconds


@functools.lru_cache(maxsize=4096)
def transitions(key: str, year: int) -> tuple[tuple[int, int, int], ...]:
    """``(instant_us, offset_before_us, offset_after_us)`` for each change in UTC ``year``."""
    zone = load_zone(key)
    start = (datetime(year, 1, 1, tzinfo=UTC) - EPOCH).days * 86_400
    end = start + (366 if _leap(year) else 365) * 86_400
    found: list[tuple[int, int, int]] = []
    previous_s = start - 1  # a change exactly at midnight of Jan 1 belongs to this year
    previous = offset_us(zone, previous_s)
    while previous_s < end - 1:
        sample = min(previous_s + _STEP_S, end - 1)
        current = offset_us(zone, sample)
        if current != previous:
            low, high = previous_s, sample  # offset(low) == previous, offset(high) != previous
            while high - low > 1:
                middle = (low + high) // 2
                if offset_us(zone, middle) == previous:
                    low = middle
                else:
                    high = middle
            found.append((high * US, previous, offset_us(zone, high)))
        previous_s, previous = sample, current
    return tuple(found)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
