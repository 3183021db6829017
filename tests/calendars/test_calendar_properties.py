"""Algebraic properties of business-time arithmetic on random calendars and long spans."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from supportkit import BusinessCalendar, InvalidInput, WeeklySchedule
from supportkit.testing.strategies import aware_datetimes, business_durations, calendars


def utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def durations(cal: BusinessCalendar) -> st.SearchStrategy[timedelta]:
    """Business durations that a calendar uses up in at most about 400 real days."""
    weekly = sum(span_end - span_start for span_start, span_end in cal.schedule.week_minutes)
    return business_durations().map(lambda d: d * weekly // (7 * 1440))


@given(cal=calendars(), data=st.data())
def test_elapsed_undoes_add(cal: BusinessCalendar, data: st.DataObject) -> None:
    a = data.draw(aware_datetimes(cal), label="a")
    d = data.draw(durations(cal), label="d")
    result = cal.add(a, d)
    assert result.tzinfo is a.tzinfo
    assert cal.elapsed(a, result) == d


@given(cal=calendars(), data=st.data())
def test_add_is_monotone_in_duration(cal: BusinessCalendar, data: st.DataObject) -> None:
    a = data.draw(aware_datetimes(cal), label="a")
    d1, d2 = sorted([data.draw(durations(cal)), data.draw(durations(cal))])
    assert utc(cal.add(a, d1)) <= utc(cal.add(a, d2))


@given(cal=calendars(), data=st.data())
def test_elapsed_is_additive_and_antisymmetric(cal: BusinessCalendar, data: st.DataObject) -> None:
    a, b, c = (data.draw(aware_datetimes(cal), label=name) for name in "abc")
    assert cal.elapsed(a, b) + cal.elapsed(b, c) == cal.elapsed(a, c)
    assert cal.elapsed(a, b) == -cal.elapsed(b, a)
    if utc(a) <= utc(b):
        assert timedelta(0) <= cal.elapsed(a, b) <= utc(b) - utc(a)


@given(cal=calendars(), data=st.data())
def test_open_stretch_is_counted_in_full(cal: BusinessCalendar, data: st.DataObject) -> None:
    t = data.draw(aware_datetimes(cal), label="t")
    assert cal.add(t, timedelta(0)) is t
    opening = cal.next_open(t)
    try:
        closing = cal.next_close(t)
    except InvalidInput:  # only 24x7 without holidays for 10 years never closes
        assert cal.schedule == WeeklySchedule.always()
        horizon = utc(t) + timedelta(days=3650)
        assert cal.elapsed(opening, horizon) == horizon - utc(opening)
        return
    assert utc(t) <= utc(opening) < utc(closing)
    assert cal.is_open(opening)
    assert not cal.is_open(closing)
    assert (opening == t) == cal.is_open(t)
    # Inside one open stretch, business time is real time, DST changes included.
    assert cal.elapsed(opening, closing) == utc(closing) - utc(opening)
    assert utc(cal.add(opening, cal.elapsed(opening, closing))) == utc(closing)
    assert utc(cal.add(closing, -cal.elapsed(opening, closing))) == utc(opening)


@given(cal=calendars(), data=st.data())
def test_intervals_add_up_to_elapsed(cal: BusinessCalendar, data: st.DataObject) -> None:
    a = data.draw(aware_datetimes(cal), label="a")
    span = data.draw(business_durations(timedelta(0), timedelta(days=60)), label="span")
    b = (utc(a) + span).astimezone(a.tzinfo)
    stretches = list(cal.intervals(a, b))
    assert sum((utc(end) - utc(start) for start, end in stretches), timedelta(0)) == cal.elapsed(
        a, b
    )
    for (_, end), (start, _) in itertools.pairwise(stretches):
        assert utc(end) < utc(start)  # touching stretches are merged
        assert not cal.is_open(end)
