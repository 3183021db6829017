"""WeeklySchedule: the open hours of a week, and the parser of its text form.

Text form (also what ``str(schedule)`` prints)::

    Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00
    Mon-Fri 22:00-06:00          overnight: belongs to the day it starts on
    Fri-Mon 00:00-24:00          wrapping day ranges are allowed

Day names are case-insensitive, three-letter or full; spaces are allowed around ``,`` ``;``
and ``-``; ``24:00`` is accepted only as the end of an interval.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = ["DAY_MINUTES", "WEEK_MINUTES", "WeeklySchedule"]

DAY_MINUTES = 1440
WEEK_MINUTES = 7 * DAY_MINUTES

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAYS: dict[str, int] = {}
for _i, (_short, _full) in enumerate(zip(_DAY_NAMES, _FULL_NAMES, strict=True)):
    _DAYS[_short.lower()] = _i
    _DAYS[_full] = _i

_TOKEN = re.compile(
    r"\s*(?:(?P<word>[A-Za-z]+)|(?P<time>\d{1,2}:\d{2})|(?P<punct>[,;\-])|(?P<bad>[^\s,;\-]+))"
)

Interval = tuple[int, int, int]
"""``(weekday, start, end)`` in minutes; weekday 0 = Monday; ``end`` > 1440 is overnight."""


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _week_spans(intervals: Iterable[Interval]) -> list[tuple[int, int]]:
    """The intervals as spans of week minutes in ``[0, WEEK_MINUTES)``, wrapped, sorted."""
    spans: list[tuple[int, int]] = []
    for day, start, end in intervals:
        s, e = day * DAY_MINUTES + start, day * DAY_MINUTES + end
        if e > WEEK_MINUTES:
            spans.append((s, WEEK_MINUTES))
            spans.append((0, e - WEEK_MINUTES))
        else:
            spans.append((s, e))
    spans.sort()
    return spans


def _interval(item: object, index: int) -> Interval:
    parts = tuple(item) if isinstance(item, tuple | list) else None
    if (
        parts is None
        or len(parts) != 3
        or not all(isinstance(p, int) and not isinstance(p, bool) for p in parts)
    ):
        raise InvalidInput(
            f"WeeklySchedule.intervals[{index}] must be a (weekday, start_minute, end_minute) "
            f"triple of whole numbers such as (0, 540, 1020), got {describe(item)}"
        )
    day, start, end = parts
    return (day, start, end)


def _check_intervals(value: object) -> tuple[Interval, ...]:
    if isinstance(value, str):
        return _check_intervals(_Parser(value).parse())
    if isinstance(value, bytes | bytearray) or not isinstance(value, Iterable):
        raise InvalidInput(
            "WeeklySchedule.intervals must be (weekday, start_minute, end_minute) triples or "
            "the text form such as 'Mon-Fri 09:00-17:00' (or use WeeklySchedule.parse), got "
            f"{describe(value)}"
        )
    intervals: tuple[Interval, ...] = tuple(
        _interval(item, index) for index, item in enumerate(value)
    )
    for day, start, end in intervals:
        whole_day = start == 0 and end == DAY_MINUTES
        in_day = 0 <= start < DAY_MINUTES and start < end < start + DAY_MINUTES
        if not (0 <= day < 7 and (in_day or whole_day)):
            raise InvalidInput(
                f"schedule interval {(day, start, end)!r} refused: expected weekday 0-6, "
                "start in [0, 1440) and start < end < start + 1440 minutes"
            )
    spans = _week_spans(intervals)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        if s2 < e1:
            raise InvalidInput(
                f"schedule refused: intervals overlap around {_DAY_NAMES[s2 // DAY_MINUTES]} "
                f"{_fmt(s2 % DAY_MINUTES)}; open intervals may touch but not overlap"
            )
    return tuple(sorted(intervals))


@attrs.frozen
class WeeklySchedule:
    """The open intervals of a week, in local wall-clock time of a calendar's zone.

    ``intervals`` holds ``(weekday, start_minute, end_minute)`` triples (Monday = 0). An
    interval whose end is past 1440 runs overnight into the next day but belongs to the day
    it starts on. Build one with :meth:`parse` or :meth:`always`; ``WeeklySchedule(text)``
    parses ``text`` too. Anything else (a non-triple, a float or ``bool`` minute, a day
    outside 0-6, overlapping intervals) is :class:`InvalidInput` at construction.
    """

    intervals: tuple[Interval, ...] = attrs.field(converter=_check_intervals)

    @classmethod
    def always(cls) -> WeeklySchedule:
        """Open around the clock, every day (24x7)."""
        return cls(tuple((day, 0, DAY_MINUTES) for day in range(7)))

    @classmethod
    def never(cls) -> WeeklySchedule:
        """No open time at all (a calendar with it refuses ``add`` and ``next_open``)."""
        return cls(())

    @classmethod
    def parse(cls, text: str) -> WeeklySchedule:
        """Parse the text form, e.g. ``"Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00"``.

        Raises :class:`InvalidInput` naming the bad token and what is allowed there.

        :param text: days and hours: ``Mon-Fri 08:00-16:00``; intervals separated by ``,``, day
            groups by ``;``; overnight ranges (``22:00-06:00``) roll into the next day.
        :returns: the schedule.
        :raises InvalidInput: an empty text, an unknown day, a bad time, an empty or overlapping
            interval.
        """
        if not isinstance(text, str):
            raise InvalidInput(f"schedule: expected text, got {type(text).__name__}")
        return cls(_Parser(text).parse())

    @property
    def week_minutes(self) -> list[tuple[int, int]]:
        """Open spans in minutes of the week (Monday 00:00 = 0), wrapped and sorted."""
        return _week_spans(self.intervals)

    def __str__(self) -> str:
        if not self.intervals:
            return ""
        by_day: dict[int, tuple[tuple[int, int], ...]] = {}
        for day, start, end in self.intervals:
            by_day[day] = (*by_day.get(day, ()), (start, end))
        groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
        for day in sorted(by_day):
            groups.setdefault(by_day[day], []).append(day)
        clauses = []
        for spans, days in groups.items():
            times = ",".join(f"{_fmt(s)}-{_fmt(e % DAY_MINUTES if e > DAY_MINUTES else e)}"
                             for s, e in spans)
            clauses.append(f"{_days_text(days)} {times}")
        return "; ".join(clauses)


def _days_text(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(_DAY_NAMES[run[0]])
        else:
            parts.append(f"{_DAY_NAMES[run[0]]}-{_DAY_NAMES[run[-1]]}")
    return ",".join(parts)


class _Parser:
    """A small recursive-descent parser over word / time / punctuation tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                break  # only trailing whitespace is left
            kind = match.lastgroup or "bad"
            self.tokens.append((kind, match.group(kind), match.start(kind)))
            pos = match.end()
        self.i = 0

    def _error(self, expected: str) -> InvalidInput:
        if self.i < len(self.tokens):
            _, value, pos = self.tokens[self.i]
            where = f"bad token {value!r} at position {pos}"
        else:
            where = "unexpected end of text"
        return InvalidInput(
            f"schedule {self.text!r} refused: {where}; expected {expected} "
            "(e.g. 'Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00')"
        )

    def _peek(self) -> tuple[str, str] | None:
        if self.i < len(self.tokens):
            kind, value, _ = self.tokens[self.i]
            return kind, value
        return None

    def _take(self, kind: str, value: str | None = None) -> bool:
        tok = self._peek()
        if tok is not None and tok[0] == kind and (value is None or tok[1] == value):
            self.i += 1
            return True
        return False

    def parse(self) -> list[Interval]:
        if not self.tokens:
            raise InvalidInput(
                "schedule refused: empty text; expected clauses like 'Mon-Fri 09:00-18:00'"
            )
        result: list[Interval] = []
        while True:
            days = self._days()
            for start, end in self._times():
                result.extend((day, start, end) for day in days)
            if self._peek() is None:
                return result
            if not self._take("punct", ";"):
                raise self._error("';' between clauses, ',' between intervals")

    def _day(self) -> int:
        tok = self._peek()
        if tok is None or tok[0] != "word" or tok[1].lower() not in _DAYS:
            raise self._error("a day name (Mon..Sun or Monday..Sunday)")
        self.i += 1
        return _DAYS[tok[1].lower()]

    def _days(self) -> list[int]:
        days: list[int] = []
        while True:
            first = self._day()
            if self._take("punct", "-"):
                last = self._day()
                span = (last - first) % 7
                days.extend((first + k) % 7 for k in range(span + 1))
            else:
                days.append(first)
            if not self._take("punct", ","):
                break
        if len(set(days)) != len(days):
            raise InvalidInput(f"schedule {self.text!r} refused: a day is listed twice in a clause")
        return days

    def _time(self, *, end: bool) -> int:
        tok = self._peek()
        if tok is None or tok[0] != "time":
            raise self._error("a time HH:MM")
        hours, minutes = (int(part) for part in tok[1].split(":"))
        if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
            allowed = "00:00-24:00 (24:00 as an end only)" if end else "00:00-23:59"
            raise self._error(f"a time in {allowed}")
        self.i += 1
        return hours * 60 + minutes

    def _times(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        while True:
            start_index = self.i
            start = self._time(end=False)
            if not self._take("punct", "-"):
                raise self._error("'-' between the start and the end of an interval")
            end = self._time(end=True)
            if end == start:
                self.i = start_index
                raise self._error("an interval of non-zero length")
            if end < start:
                end += DAY_MINUTES  # overnight: belongs to the day it starts on
            spans.append((start, end))
            if not self._take("punct", ","):
                return spans
