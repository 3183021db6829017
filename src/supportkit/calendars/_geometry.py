"""The open time of a weekly schedule as prefix sums over one week, in microseconds.

``W(x)`` is the open time of the weekly schedule between local time 0 (a Monday 00:00) and
local time ``x``; it and its inverses cost one bisection each.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from supportkit.calendars._zone import WEEK_US
from supportkit.calendars.schedule import WeeklySchedule

__all__ = ["Geometry"]

_MINUTE_US = 60_000_000


class Geometry:
    """Week prefix sums of one schedule (plain, immutable after construction)."""

    __slots__ = ("cumb", "cume", "lens", "m_ends", "m_starts", "starts", "week_open")

    def __init__(self, schedule: WeeklySchedule) -> None:
        spans = [(s * _MINUTE_US, e * _MINUTE_US) for s, e in schedule.week_minutes]
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and merged[-1][1] == start:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        # A sentinel at 0 keeps ``bisect_right(starts, r) - 1`` non-negative.
        self.starts = [0] + [s for s, _ in merged]
        self.lens = [0] + [e - s for s, e in merged]
        self.cumb = [0]
        self.cume = [0]
        total = 0
        for length in self.lens[1:]:
            self.cumb.append(total)
            total += length
            self.cume.append(total)
        self.week_open = total
        # Stretches that wrap around the week's end continue into the next week's first one.
        self.m_starts = [s for s, _ in merged]
        ends: list[int | None] = [e for _, e in merged]
        if total == WEEK_US:
            ends = [None]
        elif len(merged) > 1 and merged[0][0] == 0 and merged[-1][1] == WEEK_US:
            ends[-1] = WEEK_US + merged[0][1]
        self.m_ends = ends

    def w(self, x: int) -> int:
        """Open time in ``[0, x)`` of the local axis (negative for ``x < 0``)."""
        q, r = divmod(x, WEEK_US)
        i = bisect_right(self.starts, r) - 1
        return q * self.week_open + self.cumb[i] + min(r - self.starts[i], self.lens[i])

    def inv_forward(self, g: int) -> int:
        """Smallest ``x`` with ``w(x) >= g`` (a closing instant when ``g`` ends a stretch)."""
        q, r = divmod(g, self.week_open)
        if r == 0:
            q -= 1
            r = self.week_open
        i = bisect_left(self.cume, r)
        return q * WEEK_US + self.starts[i] + r - self.cumb[i]

    def inv_backward(self, g: int) -> int:
        """Largest ``x`` with ``w(x) <= g`` (an opening instant when ``g`` starts a stretch)."""
        q, r = divmod(g, self.week_open)
        i = bisect_right(self.cume, r)
        return q * WEEK_US + self.starts[i] + r - self.cumb[i]

    def is_open(self, x: int) -> bool:
        """Whether local time ``x`` is inside an open interval (holidays not considered)."""
        r = x % WEEK_US
        i = bisect_right(self.starts, r) - 1
        return r - self.starts[i] < self.lens[i]

    def stretch_end(self, x: int) -> int | None:
        """End of the merged open stretch holding local ``x`` (open); None when never."""
        if self.m_ends[0] is None:
            return None
        r = x % WEEK_US
        i = bisect_right(self.m_starts, r) - 1
        end = self.m_ends[i]
        if end is None or r >= end:
            raise ValueError(f"local time {x} is not open")  # callers pass open times only
        return x - r + end
