"""BusinessCalendar: exact business-time arithmetic on a schedule, a zone and holidays."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs

from supportkit._time import require_aware
from supportkit.calendars._geometry import Geometry
from supportkit.calendars._window import OutOfWindow, Window
from supportkit.calendars._zone import DAY_US, EPOCH, US, WEEK_US, from_us, load_zone, to_us
from supportkit.calendars.holidays import HolidaySet
from supportkit.calendars.schedule import WeeklySchedule
from supportkit.errors import InvalidInput
from supportkit.inputs import describe, require_name

__all__ = ["BusinessCalendar"]

_T = TypeVar("_T")
_TEN_YEARS_US = 3653 * DAY_US
_MAX_YEAR = 9999
_MIN_US = 400 * DAY_US
_MAX_US = to_us(datetime(9999, 1, 1, tzinfo=UTC))


def _zone_key(value: object) -> str:
    if value is UTC:
        return "UTC"
    if isinstance(value, ZoneInfo):
        if value.key is None:
            raise InvalidInput(
                "BusinessCalendar.tz: a ZoneInfo built from a file has no IANA key and cannot "
                "be stored; pass a key such as 'Europe/Paris'"
            )
        return value.key
    if not isinstance(value, str):
        raise InvalidInput(
            f"BusinessCalendar.tz must be an IANA zone key such as 'Europe/Paris' (or a "
            f"ZoneInfo), got {describe(value)}"
        )
    key = require_name(value, "BusinessCalendar.tz", max_chars=100)
    try:
        load_zone(key)
    except InvalidInput as exc:
        raise InvalidInput(f"BusinessCalendar.tz: {exc}") from None
    return key


def _schedule(value: object) -> WeeklySchedule:
    if isinstance(value, WeeklySchedule):
        return value
    if isinstance(value, str):
        return WeeklySchedule.parse(value)
    raise InvalidInput(
        "BusinessCalendar.schedule must be a WeeklySchedule or its text form, e.g. "
        f"WeeklySchedule.parse('Mon-Fri 09:00-17:00') or 'Mon-Fri 09:00-17:00', got "
        f"{describe(value)}"
    )


def _holiday_set(value: object) -> HolidaySet:
    if isinstance(value, HolidaySet):
        return value
    if value is None:
        return HolidaySet.none()
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray | Mapping):
        days = list(value)
        if all(isinstance(d, date) and not isinstance(d, datetime) for d in days):
            return HolidaySet.dates(days)
    raise InvalidInput(
        "BusinessCalendar.holidays must be a HolidaySet (e.g. HolidaySet.country('US')), "
        f"a list of datetime.date or None for no holidays, got {describe(value)}"
    )


def _duration_us(value: object) -> int:
    if not isinstance(value, timedelta):
        raise InvalidInput(
            f"business duration: expected a datetime.timedelta, got {type(value).__name__}"
        )
    return (value.days * 86_400 + value.seconds) * US + value.microseconds


class _Cache:
    """The lazily built, lazily widened window of a calendar (not part of its value)."""

    __slots__ = ("geo", "lock", "window")

    def __init__(self) -> None:
        self.geo: Geometry | None = None
        self.window: Window | None = None
        self.lock = threading.Lock()

    def __reduce__(self) -> tuple[type[_Cache], tuple[()]]:
        return _Cache, ()  # pickles and copies start with an empty cache


@attrs.frozen
class BusinessCalendar:
    """Open hours (``schedule``) in an IANA zone (``tz``), minus ``holidays``.

    Business time is the real time that passes while the local wall clock reads inside an
    open interval on a non-holiday date. Every method takes aware datetimes (a naive one is
    :class:`InvalidInput`) and answers in the tzinfo of its (first) argument. Each call costs
    O(log n) in the holidays and DST transitions of the years involved, whatever the span.

    The constructor accepts, and checks at once (:class:`InvalidInput` naming the argument):

    * ``schedule``: a :class:`WeeklySchedule`, or its text form, which is parsed
      (``"Mon-Fri 09:00-17:00"``; an empty text is refused, use ``WeeklySchedule.never()``);
    * ``tz``: an IANA key (``"Europe/Paris"``; an unknown one is refused), a keyed
      ``ZoneInfo`` or ``datetime.UTC``; it is kept as the key;
    * ``holidays``: a :class:`HolidaySet`, ``None`` (no holidays) or a list of
      ``datetime.date`` (``HolidaySet.dates(...)`` of them).
    """

    schedule: WeeklySchedule = attrs.field(converter=_schedule)
    tz: str = attrs.field(default="UTC", converter=_zone_key)
    holidays: HolidaySet = attrs.field(factory=HolidaySet.none, converter=_holiday_set)
    _cache: _Cache = attrs.field(
        factory=_Cache, init=False, eq=False, repr=False, hash=False, alias="_cache"
    )

    @classmethod
    def always(cls) -> BusinessCalendar:
        """24x7 in UTC, no holidays: business time equals real time."""
        return cls(WeeklySchedule.always())

    # -- window management --------------------------------------------------------------
    def _geometry(self) -> Geometry:
        geo = self._cache.geo
        if geo is None:
            geo = self._cache.geo = Geometry(self.schedule)
        return geo

    def _window(self, *instants: int) -> Window:
        years = [_year_of(u) for u in instants]
        first, last = min(years) - 1, max(years) + 1
        window = self._cache.window
        if window is not None and window.first <= first and last <= window.last:
            return window
        return self._widen(first, last)

    def _widen(self, first: int, last: int) -> Window:
        with self._cache.lock:
            window = self._cache.window
            if window is not None:
                first, last = min(first, window.first), max(last, window.last)
            first, last = max(1, first), min(_MAX_YEAR, last)
            window = Window(self._geometry(), self.tz, self.holidays, first, last)
            self._cache.window = window
            return window

    def _solve(
        self,
        anchor: int,
        compute: Callable[[Window], _T],
        *,
        capped: bool,
        never: str = "has no open time",
        hint: int | None = None,
    ) -> _T:
        """Run ``compute`` on a window around ``anchor`` (and ``hint``), widening it as needed."""
        window = self._window(anchor) if hint is None else self._window(anchor, hint)
        while True:
            try:
                return compute(window)
            except OutOfWindow as miss:
                first, last = window.first, window.last
                span = max(2, last - first + 1)
                if miss.direction > 0:
                    if last >= _MAX_YEAR:
                        raise self._no_open(anchor, "after year 9999") from None
                    if capped and window.hi - anchor > _TEN_YEARS_US:
                        raise self._no_open(anchor, "within 10 years", never) from None
                    if not capped and _dead_decade(window, anchor, 1):
                        raise self._no_open(anchor, "for 10 years") from None
                    last += span
                else:
                    if first <= 1:
                        raise self._no_open(anchor, "before year 1") from None
                    if capped and anchor - window.lo > _TEN_YEARS_US:
                        raise self._no_open(anchor, "within 10 years", never) from None
                    if not capped and _dead_decade(window, anchor, -1):
                        raise self._no_open(anchor, "for 10 years") from None
                    first -= span
                window = self._widen(first, last)

    def _no_open(
        self, anchor: int, where: str, never: str = "has no open time"
    ) -> InvalidInput:
        return InvalidInput(
            f"calendar {self.schedule!s} in {self.tz} {never} {where} of "
            f"{from_us(anchor, UTC).isoformat()}; a calendar needs open hours that its holidays "
            "do not remove for 10 years on end (and, for next_close, a closing time)"
        )

    def _require_open_time(self, anchor: int) -> None:
        if self._geometry().week_open == 0:
            raise InvalidInput(
                f"calendar {self.schedule!s} in {self.tz} has no open time at all: its weekly "
                f"schedule is empty (asked at {from_us(anchor, UTC).isoformat()}); "
                "give it open hours, e.g. WeeklySchedule.parse('Mon-Fri 09:00-17:00')"
            )

    # -- public API ---------------------------------------------------------------------
    def is_open(self, t: datetime) -> bool:
        """Whether the calendar is open at instant ``t`` (openings count, closings don't).

        :param t: an aware instant.
        :returns: True when the wall clock at ``t`` reads inside an open interval.
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        """
        try:
            delta = t - EPOCH  # TypeError for a naive datetime or a non-datetime
        except TypeError:
            require_aware(t, "is_open(t)")
            raise
        u = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
        window = self._cache.window
        if window is None or not window.lo <= u <= window.hi:
            # A calendar without open time never builds a window, so the hot path above
            # (a window that already answers for u) never meets one.
            if self._geometry().week_open == 0:
                return False
            window = self._window(u)
        return window.is_open(u)

    def next_open(self, t: datetime) -> datetime:
        """``t`` itself when open, else the next opening instant (in ``t``'s tzinfo).

        :param t: an aware instant.
        :returns: the first open instant at or after ``t``, in ``t``'s tzinfo.
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        :raises InvalidInput: the calendar has no open time within 10 years of ``t``, or the result
            would lie outside the years 1-9999.
        """
        try:
            delta = t - EPOCH  # TypeError for a naive datetime or a non-datetime
        except TypeError:
            require_aware(t, "next_open(t)")
            raise
        u = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
        window = self._cache.window
        result: int | None = None
        if window is not None and window.lo <= u <= window.hi:  # built: it has open time
            try:
                result = window.f_inv_backward(window.f(u))
            except OutOfWindow:
                result = None
        if result is None:
            self._require_open_time(u)
            result = self._solve(u, lambda w: w.f_inv_backward(w.f(u)), capped=True)
        if result - u > _TEN_YEARS_US:
            raise self._no_open(u, "within 10 years")
        return from_us(result, t.tzinfo)

    def next_close(self, t: datetime) -> datetime:
        """The end of the open stretch holding ``t``, or of the next one when ``t`` is closed.

        :param t: an aware instant.
        :returns: the closing instant, in ``t``'s tzinfo.
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        :raises InvalidInput: the calendar never closes, or has no open time within 10 years.
        """
        u = to_us(require_aware(t, "next_close(t)"))
        self._require_open_time(u)

        def compute(window: Window) -> int:
            start = window.f_inv_backward(window.f(u))
            return window.next_close(start)

        never = "never closes (or has no open time)"
        result = self._solve(u, compute, capped=True, never=never)
        if result - u > _TEN_YEARS_US:
            raise self._no_open(u, "within 10 years", never)
        return from_us(result, t.tzinfo)

    def add(self, t: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of business time after ``t`` (before it when negative).

        Forwards, using it up exactly at a closing instant returns that closing instant;
        backwards, exactly at an opening returns that opening; ``add(t, 0) == t``.

        :param t: the aware instant to start from.
        :param duration: business time to add; negative goes backwards.
        :returns: the instant, in ``t``'s tzinfo.
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        :raises InvalidInput: the calendar has no open time within 10 years of ``t``, or the result
            would lie outside the years 1-9999.
        """
        try:
            delta = t - EPOCH
        except TypeError:
            require_aware(t, "add(t, duration)")
            raise
        u = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
        if type(duration) is timedelta:
            d = (duration.days * 86_400 + duration.seconds) * US + duration.microseconds
        else:
            d = _duration_us(duration)
        if d == 0:
            return t
        window = self._cache.window
        if window is not None and window.lo <= u <= window.hi:
            if window.real_time:  # open around the clock, no holidays: real time
                result = u + d
                if not window.lo <= result <= window.hi:
                    result = self._add_slow(t, u, d)
            else:
                try:
                    if d > 0:
                        result = window.f_inv_forward(window.f(u) + d)
                    else:
                        result = window.f_inv_backward(window.f(u) + d)
                except OutOfWindow:
                    result = self._add_slow(t, u, d)
        else:
            result = self._add_slow(t, u, d)
        tz = t.tzinfo
        moment = EPOCH + timedelta(0, result // US, result % US)
        return moment if tz is UTC else moment.astimezone(tz)

    def _add_slow(self, t: datetime, u: int, d: int) -> int:
        self._require_open_time(u)
        # Holidays only push the answer further out: whole weeks give a lower bound on the
        # real span, which sizes the window in one go and refuses answers past year 9999.
        estimate = u + d // self._geometry().week_open * WEEK_US
        if not _MIN_US <= estimate <= _MAX_US:
            raise InvalidInput(
                f"add({t.isoformat()}, {timedelta(microseconds=d)}) refused: on calendar "
                f"{self.schedule!s} the result would lie outside years 1-9999; use a shorter "
                "business duration"
            )
        if d > 0:
            compute: Callable[[Window], int] = lambda w: w.f_inv_forward(w.f(u) + d)  # noqa: E731
        else:
            compute = lambda w: w.f_inv_backward(w.f(u) + d)  # noqa: E731
        return self._solve(u, compute, capped=False, hint=estimate)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Business time between ``a`` and ``b``; negative when ``b`` is before ``a``.

        :param a: the aware start.
        :param b: the aware end.
        :returns: the business time between them (negative when ``b < a``).
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        """
        try:
            delta_a = a - EPOCH
            delta_b = b - EPOCH
        except TypeError:
            require_aware(a, "elapsed(a, b): a")
            require_aware(b, "elapsed(a, b): b")
            raise
        ua = (delta_a.days * 86_400 + delta_a.seconds) * US + delta_a.microseconds
        ub = (delta_b.days * 86_400 + delta_b.seconds) * US + delta_b.microseconds
        window = self._cache.window
        if window is None or not (window.lo <= ua <= window.hi and window.lo <= ub <= window.hi):
            if self._geometry().week_open == 0:
                return timedelta(0)
            window = self._window(ua, ub)
        if window.real_time:  # open around the clock, no holidays: real time
            return delta_b - delta_a
        business = window.f(ub) - window.f(ua)
        return timedelta(0, business // US, business % US)

    def intervals(self, a: datetime, b: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open stretches inside ``[a, b)``, clipped to it, touching ones merged.

        :param a: the aware start (included).
        :param b: the aware end (excluded).
        :returns: ``(start, end)`` pairs of open time, in ``a``'s tzinfo.
        :raises InvalidInput: a naive datetime (without tzinfo) or not a datetime.
        """
        ua = to_us(require_aware(a, "intervals(a, b): a"))
        ub = to_us(require_aware(b, "intervals(a, b): b"))
        tz = a.tzinfo
        if self._geometry().week_open == 0 or ub <= ua:
            return
        window = self._window(ua, ub)
        u = ua
        while u < ub:
            try:
                start = u if window.is_open(u) else window.f_inv_backward(window.f(u))
            except OutOfWindow:
                return  # the next opening lies beyond the window, which reaches past b
            if start >= ub:
                return
            try:
                end = window.next_close(start)
            except OutOfWindow:
                end = ub
            end = min(end, ub)
            yield from_us(start, tz), from_us(end, tz)
            u = end


def _year_of(u: int) -> int:
    """The UTC year of real microseconds ``u`` (clamped to datetime's range)."""
    days = u // DAY_US
    if days < 0:
        return 1
    if days >= 3_652_059:
        return _MAX_YEAR
    return datetime.fromordinal(days + 1).year


def _dead_decade(window: Window, anchor: int, direction: int) -> bool:
    """Whether the window's last ten years beyond ``anchor`` (in ``direction``) are all closed."""
    if direction > 0:
        return window.hi - anchor >= _TEN_YEARS_US and window.f(window.hi) == window.f(
            window.hi - _TEN_YEARS_US
        )
    return anchor - window.lo >= _TEN_YEARS_US and window.f(window.lo + _TEN_YEARS_US) == window.f(
        window.lo
    )
