"""A slow, obviously-correct business-time oracle: step through real UTC minutes.

Each real minute ``[m, m + 1 min)`` is open when the calendar's local wall clock at ``m`` is
inside a schedule interval (overnight ones included) on a non-holiday local date. Schedule
edges and DST changes fall on whole minutes, so open-ness is constant inside a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from supportkit import BusinessCalendar

MINUTE = timedelta(minutes=1)


class Oracle:
    def __init__(self, calendar: BusinessCalendar) -> None:
        self.zone = ZoneInfo(calendar.tz)
        self.spans = calendar.schedule.intervals
        self.holidays = calendar.holidays
        self._closed_years: dict[int, set[date]] = {}

    def _holiday(self, day: date) -> bool:
        if day.year not in self._closed_years:
            self._closed_years[day.year] = set(
                self.holidays.between_years(day.year, day.year)
            )
        return day in self._closed_years[day.year]

    def open_minute(self, minute: datetime) -> bool:
        local = minute.astimezone(self.zone)
        if self._holiday(local.date()):
            return False
        weekday = local.weekday()
        clock = local.hour * 60 + local.minute
        for day, start, end in self.spans:
            if day == weekday and start <= clock < min(end, 1440):
                return True
            if end > 1440 and (day + 1) % 7 == weekday and clock < end - 1440:
                return True
        return False

    def minutes(self, a: datetime, b: datetime) -> Iterator[datetime]:
        m = a.astimezone(UTC)
        end = b.astimezone(UTC)
        while m < end:
            yield m
            m += MINUTE

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        a, b = a.astimezone(UTC), b.astimezone(UTC)
        if b < a:
            return -self.elapsed(b, a)
        return MINUTE * sum(1 for m in self.minutes(a, b) if self.open_minute(m))

    def add(self, t: datetime, d: timedelta, limit: timedelta) -> datetime | None:
        """``None`` when ``d`` is not used up within ``limit`` of real time."""
        t = m = t.astimezone(UTC)
        left = d
        if d > timedelta(0):
            while m < t + limit:
                if self.open_minute(m):
                    left -= MINUTE
                    if left == timedelta(0):
                        return m + MINUTE
                m += MINUTE
        else:
            while m > t - limit:
                m -= MINUTE
                if self.open_minute(m):
                    left += MINUTE
                    if left == timedelta(0):
                        return m
        return None

    def next_open(self, t: datetime, limit: timedelta) -> datetime | None:
        t = t.astimezone(UTC)
        for m in self.minutes(t, t + limit):
            if self.open_minute(m):
                return m
        return None

    def next_close(self, t: datetime, limit: timedelta) -> datetime | None:
        t = t.astimezone(UTC)
        start = self.next_open(t, limit)
        if start is None:
            return None
        for m in self.minutes(start, t + limit):
            if not self.open_minute(m):
                return m
        return None

    def intervals(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        found: list[tuple[datetime, datetime]] = []
        for m in self.minutes(a, b):
            if self.open_minute(m):
                if found and found[-1][1] == m:
                    found[-1] = (found[-1][0], m + MINUTE)
                else:
                    found.append((m, m + MINUTE))
        return found
