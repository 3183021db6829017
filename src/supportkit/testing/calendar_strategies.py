"""Hypothesis strategies for calendars, instants and business durations (public; the
flat list of every shipped strategy is :mod:`supportkit.testing.strategies`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from supportkit._extras import missing_extra

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise missing_extra("hypothesis", "strategies", "supportkit.testing.strategies") from exc

from supportkit.calendars import BusinessCalendar, HolidaySet, WeeklySchedule
from supportkit.calendars._zone import from_us, transitions
from supportkit.calendars.schedule import DAY_MINUTES, WEEK_MINUTES

__all__ = [
    "DST_ZONES",
    "ZONES",
    "aware_datetimes",
    "business_durations",
    "calendars",
    "holiday_sets",
    "weekly_schedules",
    "zones",
]

DST_ZONES = (
    "America/New_York",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "America/Santiago",
)
"""Zones with daylight-saving changes (Lord Howe moves by 30 minutes; Santiago at midnight)."""

ZONES = ("UTC", *DST_ZONES, "Asia/Kolkata")
"""Every zone :func:`calendars` draws from."""

_FIRST = date(2024, 1, 1)
_LAST = date(2028, 12, 31)


def zones() -> st.SearchStrategy[str]:
    """IANA zone keys, DST-heavy ones included; shrinks towards ``"UTC"``."""
    return st.sampled_from(ZONES)


@st.composite
def _intervals(draw: st.DrawFn) -> tuple[tuple[int, int, int], ...]:
    grid = draw(st.sampled_from([60, 30, 15, 1]))
    chosen: list[tuple[int, int, int]] = []
    taken: list[tuple[int, int]] = []
    count = draw(st.integers(1, 10))
    for _ in range(count):
        day = draw(st.integers(0, 6))
        start = draw(st.integers(0, DAY_MINUTES // grid - 1)) * grid
        length = draw(st.integers(1, DAY_MINUTES // grid - 1)) * grid
        end = start + length
        if end > DAY_MINUTES and draw(st.booleans()):
            end = DAY_MINUTES  # often stop at midnight instead of running overnight
        spans = [(day * DAY_MINUTES + start, day * DAY_MINUTES + end)]
        if spans[0][1] > WEEK_MINUTES:
            spans = [(spans[0][0], WEEK_MINUTES), (0, spans[0][1] - WEEK_MINUTES)]
        if any(s < e2 and s2 < e for s, e in spans for s2, e2 in taken):
            continue
        taken.extend(spans)
        chosen.append((day, start, end))
    return tuple(chosen)


def weekly_schedules() -> st.SearchStrategy[WeeklySchedule]:
    """Random schedules: several intervals a day, overnight ones, 24x7, and classic office hours."""
    return st.one_of(
        st.just(WeeklySchedule.always()),
        st.sampled_from(
            [
                "Mon-Fri 08:00-16:00",
                "Mon-Fri 09:00-18:00",
                "Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00",
                "Mon-Fri 22:00-06:00",
                "Mon-Sun 01:30-03:30",
                "Sat,Sun 00:00-24:00",
            ]
        ).map(WeeklySchedule.parse),
        _intervals().map(WeeklySchedule),
    )


def _dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=_FIRST, max_value=_LAST)


_US_NAMES = (
    "New Year's Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
)

_RULES = (
    "DTSTART:20240101T000000\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
    "DTSTART:20240105T000000\nRRULE:FREQ=MONTHLY;BYDAY=1FR",
    "DTSTART:20240101T000000\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=WE",
)


def holiday_sets() -> st.SearchStrategy[HolidaySet]:
    """Unions of explicit dates, rrule dates, US/FR country holidays and open-day exceptions."""
    parts = st.one_of(
        st.lists(_dates(), max_size=8).map(HolidaySet.dates),
        st.sampled_from(_RULES).map(HolidaySet.rule),
        st.builds(
            lambda names, observed: HolidaySet.country("US", names=names, observed=observed),
            st.one_of(st.none(), st.frozensets(st.sampled_from(_US_NAMES), min_size=1)),
            st.booleans(),
        ),
        st.just(HolidaySet.country("FR")),
        st.lists(_dates(), min_size=1, max_size=4).map(HolidaySet.open_days),
    )
    return st.one_of(
        st.just(HolidaySet.none()),
        st.lists(parts, min_size=1, max_size=3).map(_union),
    )


def _union(sets: list[HolidaySet]) -> HolidaySet:
    result = HolidaySet.none()
    for item in sets:
        result = result | item
    return result


def calendars(
    schedules: st.SearchStrategy[WeeklySchedule] | None = None,
    holidays: st.SearchStrategy[HolidaySet] | None = None,
) -> st.SearchStrategy[BusinessCalendar]:
    """Random business calendars over :data:`ZONES` (DST-heavy zones included)."""
    return st.builds(
        BusinessCalendar,
        schedule=schedules if schedules is not None else weekly_schedules(),
        tz=zones(),
        holidays=holidays if holidays is not None else holiday_sets(),
    )


def _tzinfos(calendar: BusinessCalendar | None) -> st.SearchStrategy[tzinfo]:
    keys = [calendar.tz] if calendar is not None else []
    return st.sampled_from([*keys, "UTC", "Asia/Kolkata", "America/New_York"]).map(_tzinfo)


def _tzinfo(key: str) -> tzinfo:
    return UTC if key == "UTC" else ZoneInfo(key)


@st.composite
def _special(draw: st.DrawFn, calendar: BusinessCalendar) -> datetime:
    """An opening, a closing, a local midnight or a DST change of ``calendar``, +- a little."""
    zone = ZoneInfo(calendar.tz)
    day = draw(_dates())
    kind = draw(st.sampled_from(["edge", "midnight", "dst"]))
    moment: datetime
    if kind == "dst" and transitions(calendar.tz, day.year):
        instant, _, _ = draw(st.sampled_from(transitions(calendar.tz, day.year)))
        moment = from_us(instant, UTC)
    elif kind == "edge" and calendar.schedule.intervals:
        weekday, start, end = draw(st.sampled_from(calendar.schedule.intervals))
        minute = draw(st.sampled_from([start, end]))
        day += timedelta(days=(weekday - day.weekday()) % 7)
        naive = datetime.combine(day, time()) + timedelta(minutes=minute)
        moment = naive.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))
    else:
        naive = datetime.combine(day, time())
        moment = naive.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))
    nudge = draw(st.sampled_from([0, 0, 0, 1, -1, 30, -30, 60, -60]))
    return moment.astimezone(UTC) + timedelta(minutes=nudge)


@st.composite
def aware_datetimes(
    draw: st.DrawFn,
    calendar: BusinessCalendar | None = None,
    *,
    whole_minutes: bool = False,
) -> datetime:
    """Aware datetimes in 2024-2028, in a mix of zones.

    Given a ``calendar``, about half of them sit on (or a minute or an hour around) its
    openings, closings, local midnights and DST changes, where off-by-one bugs live. With
    ``whole_minutes=True`` every value falls on a whole UTC minute.
    """
    if calendar is not None and draw(st.booleans()):
        moment = draw(_special(calendar))
    else:
        naive = draw(
            st.datetimes(
                min_value=datetime.combine(_FIRST, time()),
                max_value=datetime.combine(_LAST, time(23, 59)),
            )
        )
        moment = naive.replace(tzinfo=UTC)
    if whole_minutes:
        moment = moment.replace(second=0, microsecond=0)
    return moment.astimezone(draw(_tzinfos(calendar)))


def business_durations(
    min_value: timedelta = timedelta(days=-400),
    max_value: timedelta = timedelta(days=400),
    *,
    whole_minutes: bool = False,
) -> st.SearchStrategy[timedelta]:
    """Signed business durations, biased to zero, minutes, hours, a working day and weeks."""
    common = st.sampled_from(
        [
            timedelta(0),
            timedelta(minutes=1),
            timedelta(minutes=-1),
            timedelta(hours=1),
            timedelta(hours=-1),
            timedelta(hours=8),
            timedelta(hours=-8),
            timedelta(hours=40),
            timedelta(days=7),
            timedelta(days=-7),
        ]
    ).filter(lambda value: min_value <= value <= max_value)
    if whole_minutes:
        low = -(-min_value // timedelta(minutes=1))
        high = max_value // timedelta(minutes=1)
        free = st.integers(low, high).map(lambda minutes: timedelta(minutes=minutes))
    else:
        free = st.timedeltas(min_value=min_value, max_value=max_value)
    return st.one_of(common, free)
