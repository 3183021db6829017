"""Precomputed business-time state of one calendar over a range of years.

Two axes, both integer microseconds (see :mod:`supportkit.calendars._zone`):

* local wall-clock time ``x``: ``G(x)`` is the open time of the schedule minus holidays
  between local 0 and ``x`` (weekly prefix sums, minus a bisection in the holiday list);
* real time ``u``: ``F(u) = G(u + off(u)) - C(u)``, the business time elapsed since real 0,
  where ``C`` sums, per DST transition, the open time of the skipped (spring forward) or
  repeated (fall back, negative) wall-clock span. ``F`` is continuous and non-decreasing,
  so business-time arithmetic is ``F(b) - F(a)`` and its inverses, all O(log n).

The values of ``G`` and ``F`` depend on the window's first holiday and transition, so only
differences taken within one window mean anything.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime

from supportkit.calendars._geometry import Geometry
from supportkit.calendars._zone import (
    DAY_US,
    US,
    WEEK_US,
    load_zone,
    offset_us,
    to_us,
    transitions,
)
from supportkit.calendars.holidays import HolidaySet

__all__ = ["MARGIN_US", "OutOfWindow", "Window"]

MARGIN_US = 3 * DAY_US
"""Real instants are answered only this far inside the window's years (zone offsets < 1 day)."""


class OutOfWindow(Exception):
    """The answer lies outside the window; ``direction`` is +1 (later) or -1 (earlier)."""

    def __init__(self, direction: int) -> None:
        super().__init__(direction)
        self.direction = direction


def _year_start_us(year: int) -> int:
    if year > 9999:
        return to_us(datetime.max.replace(tzinfo=UTC)) + 1
    return to_us(datetime(year, 1, 1, tzinfo=UTC))


class Window:
    """State of a calendar for the UTC years ``first..last``."""

    __slots__ = (
        "c_pre",
        "cumb",
        "cume",
        "f_t",
        "first",
        "g_h",
        "geo",
        "h_days",
        "hi",
        "last",
        "lens",
        "lo",
        "offs",
        "r_pre",
        "real_time",
        "starts",
        "t",
        "week_open",
    )

    def __init__(
        self, geo: Geometry, zone_key: str, holidays: HolidaySet, first: int, last: int
    ) -> None:
        self.geo = geo
        self.starts, self.lens, self.cumb, self.cume = geo.starts, geo.lens, geo.cumb, geo.cume
        self.week_open = geo.week_open
        self.first, self.last = first, last
        self.lo = _year_start_us(first) + MARGIN_US
        self.hi = _year_start_us(last + 1) - MARGIN_US
        # Holidays: local day numbers (ordinal - 1), one year of margin on each side.
        days = holidays.between_years(max(1, first - 1), min(9999, last + 1))
        self.h_days = [day.toordinal() - 1 for day in days]
        # Open around the clock with no holiday in reach: F(u) = u + constant (each DST
        # correction cancels the offset change), so business time is real time here.
        self.real_time = geo.week_open == WEEK_US and not self.h_days
        self.r_pre = [0]
        self.g_h = []
        removed = 0
        for day in self.h_days:
            self.g_h.append(geo.w(day * DAY_US) - removed)
            removed += geo.w((day + 1) * DAY_US) - geo.w(day * DAY_US)
            self.r_pre.append(removed)
        # Transitions of the zone.
        self.t: list[int] = []
        self.offs: list[int] = []
        for year in range(first, last + 1):
            for instant, before, after in transitions(zone_key, year):
                if not self.offs:
                    self.offs.append(before)
                self.t.append(instant)
                self.offs.append(after)
        if not self.offs:
            self.offs.append(offset_us(load_zone(zone_key), _year_start_us(first) // US))
        self.c_pre = [0]
        self.f_t = []
        correction = 0
        for i, instant in enumerate(self.t):
            after = self.g(instant + self.offs[i + 1])
            correction += after - self.g(instant + self.offs[i])
            self.c_pre.append(correction)
            self.f_t.append(after - correction)

    # -- local axis ---------------------------------------------------------------------
    def g(self, x: int) -> int:
        """Open time minus holidays in ``[0, x)`` of the local axis."""
        day = x // DAY_US
        k = bisect_right(self.h_days, day)
        if k and self.h_days[k - 1] == day:
            k -= 1
            x = day * DAY_US
        return self.geo.w(x) - self.r_pre[k]

    def g_inv_forward(self, g: int) -> int:
        """Smallest local ``x`` with ``G(x) >= g``."""
        k = bisect_left(self.g_h, g)
        return self.geo.inv_forward(g + self.r_pre[k])

    def g_inv_backward(self, g: int) -> int:
        """Largest local ``x`` with ``G(x) <= g``."""
        k = bisect_right(self.g_h, g)
        return self.geo.inv_backward(g + self.r_pre[k])

    def is_holiday(self, x: int) -> bool:
        """Whether local ``x`` falls on a holiday date."""
        day = x // DAY_US
        k = bisect_left(self.h_days, day)
        return k < len(self.h_days) and self.h_days[k] == day

    # -- real axis ----------------------------------------------------------------------
    def check(self, u: int) -> int:
        """``u`` itself when the window answers for it, else :class:`OutOfWindow`."""
        if u < self.lo:
            raise OutOfWindow(-1)
        if u > self.hi:
            raise OutOfWindow(1)
        return u

    def local(self, u: int) -> int:
        """Local wall-clock time of real ``u``."""
        return u + self.offs[bisect_right(self.t, u)]

    def f(self, u: int) -> int:
        """Business time from the window's origin to real ``u`` (inlined: the hot path)."""
        i = bisect_right(self.t, u)
        x = u + self.offs[i]
        day = x // DAY_US
        h_days = self.h_days
        k = bisect_right(h_days, day)
        if k and h_days[k - 1] == day:
            k -= 1
            x = day * DAY_US
        q, r = divmod(x, WEEK_US)
        starts = self.starts
        j = bisect_right(starts, r) - 1
        inside = r - starts[j]
        length = self.lens[j]
        return (
            q * self.week_open
            + self.cumb[j]
            + (inside if inside < length else length)
            - self.r_pre[k]
            - self.c_pre[i]
        )

    def f_inv_forward(self, f: int) -> int:
        """Smallest real ``u`` with ``F(u) >= f``."""
        j = bisect_left(self.f_t, f)
        g = f + self.c_pre[j]
        g += self.r_pre[bisect_left(self.g_h, g)]
        q, r = divmod(g, self.week_open)
        if r == 0:
            q -= 1
            r = self.week_open
        i = bisect_left(self.cume, r)
        u = q * WEEK_US + self.starts[i] + r - self.cumb[i] - self.offs[j]
        if u < self.lo or u > self.hi:
            raise OutOfWindow(-1 if u < self.lo else 1)
        return u

    def f_inv_backward(self, f: int) -> int:
        """Largest real ``u`` with ``F(u) <= f``."""
        j = bisect_right(self.f_t, f)
        g = f + self.c_pre[j]
        g += self.r_pre[bisect_right(self.g_h, g)]
        q, r = divmod(g, self.week_open)
        i = bisect_right(self.cume, r)
        u = q * WEEK_US + self.starts[i] + r - self.cumb[i] - self.offs[j]
        if u < self.lo or u > self.hi:
            raise OutOfWindow(-1 if u < self.lo else 1)
        return u

    def is_open(self, u: int) -> bool:
        """Whether the local wall clock at real ``u`` reads inside open, non-holiday time."""
        x = u + self.offs[bisect_right(self.t, u)]  # local(u), inlined: a hot path
        r = x % WEEK_US
        starts = self.starts
        j = bisect_right(starts, r) - 1
        if r - starts[j] >= self.lens[j]:
            return False
        day = x // DAY_US
        h_days = self.h_days
        k = bisect_left(h_days, day)
        return not (k < len(h_days) and h_days[k] == day)

    def next_close(self, u: int) -> int:
        """First real instant at or after open ``u`` at which the calendar is closed."""
        while True:
            i = bisect_right(self.t, u)
            x = u + self.offs[i]
            end = self.geo.stretch_end(x)
            k = bisect_right(self.h_days, x // DAY_US)
            if k < len(self.h_days) and (end is None or self.h_days[k] * DAY_US < end):
                end = self.h_days[k] * DAY_US
            if end is None:
                if i == len(self.t):
                    raise OutOfWindow(1)
            else:
                candidate = u + end - x
                if i == len(self.t) or candidate < self.t[i]:
                    return self.check(candidate)
            u = self.t[i]  # the wall clock jumps here; closed after the jump means closed
            if not self.is_open(u):
                return self.check(u)

    def span_years(self) -> tuple[int, int]:
        """The UTC years this window covers."""
        return self.first, self.last


def local_date(x: int) -> date:
    """The local date of local time ``x`` (for messages)."""
    return date.fromordinal(x // DAY_US + 1)
