"""Worked examples from the seeds: InterWorx (New York, six holidays) and OpenSVC (Paris)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from supportkit import BusinessCalendar, HolidaySet, WeeklySchedule

NY = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")
H = timedelta(hours=1)

INTERWORX_HOLIDAYS = {
    "New Year's Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
}


@pytest.fixture(scope="module")
def interworx() -> BusinessCalendar:
    return BusinessCalendar(
        WeeklySchedule.parse("Mon-Fri 08:00-16:00"),
        tz="America/New_York",
        holidays=HolidaySet.country("US", names=INTERWORX_HOLIDAYS, observed=False),
    )


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)  # type: ignore[misc]


def test_interworx_year_2026_has_256_working_days(interworx: BusinessCalendar) -> None:
    # 261 weekdays; Jan 1, May 25, Sep 7, Nov 26 and Dec 25 fall on weekdays, July 4 on Sat.
    assert interworx.elapsed(ny(2026, 1, 1), ny(2027, 1, 1)) == 256 * 8 * H


def test_interworx_closes_on_the_six_dates_only(interworx: BusinessCalendar) -> None:
    assert not interworx.is_open(ny(2026, 11, 26, 10))  # Thanksgiving
    assert not interworx.is_open(ny(2026, 12, 25, 10))  # Christmas
    assert interworx.is_open(ny(2026, 11, 27, 10))  # day after Thanksgiving
    assert interworx.is_open(ny(2026, 7, 3, 10))  # federal "observed" Independence Day
    assert interworx.is_open(ny(2026, 6, 19, 10))  # Juneteenth is not one of the six
    assert interworx.is_open(ny(2026, 11, 11, 10))  # nor Veterans Day


def test_interworx_deadlines(interworx: BusinessCalendar) -> None:
    # Across Thanksgiving, across a DST change, across the year end.
    assert interworx.add(ny(2026, 11, 25, 15), 2 * H) == ny(2026, 11, 27, 9)
    assert interworx.add(ny(2026, 3, 6, 15), 2 * H) == ny(2026, 3, 9, 9)
    assert interworx.add(ny(2026, 12, 31, 15), 2 * H) == ny(2027, 1, 4, 9)
    assert interworx.add(ny(2027, 1, 4, 9), -2 * H) == ny(2026, 12, 31, 15)
    # Used up exactly at a closing / an opening: that instant, not the next stretch.
    assert interworx.add(ny(2026, 3, 6, 8), 8 * H) == ny(2026, 3, 6, 16)
    assert interworx.add(ny(2026, 3, 9, 16), -8 * H) == ny(2026, 3, 9, 8)
    assert interworx.next_open(ny(2026, 12, 24, 17)) == ny(2026, 12, 28, 8)
    assert interworx.next_close(ny(2026, 12, 24, 17)) == ny(2026, 12, 28, 16)
    assert interworx.elapsed(ny(2026, 3, 6, 15), ny(2026, 3, 9, 9)) == 2 * H


def test_interworx_results_keep_the_callers_zone(interworx: BusinessCalendar) -> None:
    start = datetime(2026, 11, 25, 20, tzinfo=UTC)  # 15:00 in New York
    result = interworx.add(start, 2 * H)
    assert result.tzinfo is UTC
    assert result == datetime(2026, 11, 27, 14, tzinfo=UTC)


def test_opensvc_standard_versus_premium() -> None:
    standard = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-18:00"), tz="Europe/Paris")
    premium = BusinessCalendar(WeeklySchedule.always(), tz="Europe/Paris")
    friday = datetime(2026, 3, 27, 17, tzinfo=PARIS)
    assert standard.add(friday, 4 * H) == datetime(2026, 3, 30, 12, tzinfo=PARIS)
    assert premium.add(friday, 4 * H) == datetime(2026, 3, 27, 21, tzinfo=PARIS)
    # The spring-forward Sunday has 23 real hours, the fall-back one 25.
    spring, autumn = datetime(2026, 3, 29, tzinfo=PARIS), datetime(2026, 10, 25, tzinfo=PARIS)
    assert premium.elapsed(spring, datetime(2026, 3, 30, tzinfo=PARIS)) == 23 * H
    assert premium.elapsed(autumn, datetime(2026, 10, 26, tzinfo=PARIS)) == 25 * H
    week = list(premium.intervals(friday, friday + timedelta(days=7)))
    assert len(week) == 1  # 24x7 stretches touch across midnights and merge


def test_dst_gap_is_not_counted_and_repeated_hour_counts_twice() -> None:
    cal = BusinessCalendar(WeeklySchedule.parse("Sun 01:00-04:00"), tz="Europe/Paris")
    spring = datetime(2026, 3, 29, tzinfo=PARIS)
    autumn = datetime(2026, 10, 25, tzinfo=PARIS)
    assert cal.elapsed(spring, spring + timedelta(days=1)) == 2 * H
    assert cal.elapsed(autumn, autumn + timedelta(days=1)) == 4 * H


def test_lord_howe_half_hour_dst() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    cal = BusinessCalendar(WeeklySchedule.always(), tz="Australia/Lord_Howe")
    day = datetime(2026, 10, 4, tzinfo=zone)  # 02:00 -> 02:30
    assert cal.elapsed(day, datetime(2026, 10, 5, tzinfo=zone)) == 23.5 * H


def test_holiday_closes_the_after_midnight_part_of_a_night_shift() -> None:
    cal = BusinessCalendar(
        WeeklySchedule.parse("Mon-Fri 22:00-06:00"),
        tz="America/New_York",
        holidays=HolidaySet.dates([date(2026, 11, 24)]),  # a Tuesday
    )
    assert cal.is_open(ny(2026, 11, 23, 23))
    assert not cal.is_open(ny(2026, 11, 24, 1))  # Monday's shift, on the holiday
    assert not cal.is_open(ny(2026, 11, 24, 23))  # Tuesday's own shift
    assert cal.is_open(ny(2026, 11, 25, 1))  # its after-midnight part is on Wednesday
    assert cal.next_close(ny(2026, 11, 23, 23)) == ny(2026, 11, 24)
    assert cal.elapsed(ny(2026, 11, 23, 12), ny(2026, 11, 25, 12)) == 8 * H


def test_open_days_cancel_holidays_but_not_closed_hours() -> None:
    holidays = HolidaySet.country("US", names={"Thanksgiving Day"}, observed=False)
    cal = BusinessCalendar(
        WeeklySchedule.parse("Mon-Fri 08:00-16:00"),
        tz="America/New_York",
        holidays=holidays | HolidaySet.open_days([date(2026, 11, 26), date(2026, 11, 28)]),
    )
    assert cal.is_open(ny(2026, 11, 26, 10))
    assert not cal.is_open(ny(2026, 11, 28, 10))  # a Saturday stays closed
    assert not cal.is_open(ny(2027, 11, 25, 10))  # other years keep the holiday


def test_intervals_merge_across_midnight_and_clip() -> None:
    cal = BusinessCalendar(WeeklySchedule.parse("Mon 20:00-24:00; Tue 00:00-02:00, 09:00-10:00"))
    a = datetime(2026, 11, 23, 21, tzinfo=UTC)
    got = list(cal.intervals(a, datetime(2026, 11, 24, 9, 30, tzinfo=UTC)))
    assert got == [
        (a, datetime(2026, 11, 24, 2, tzinfo=UTC)),
        (datetime(2026, 11, 24, 9, tzinfo=UTC), datetime(2026, 11, 24, 9, 30, tzinfo=UTC)),
    ]


def test_always_is_real_time() -> None:
    cal = BusinessCalendar.always()
    t = datetime(2026, 1, 1, tzinfo=PARIS)
    assert cal.add(t, timedelta(days=3650)) == t + timedelta(days=3650)
    assert cal.elapsed(t, t - timedelta(days=400)) == -timedelta(days=400)


def test_long_closures_and_zone_objects() -> None:
    closed_2026_2029 = HolidaySet.rule("DTSTART:20260101T000000\nRRULE:FREQ=DAILY;UNTIL=20291231")
    cal = BusinessCalendar(
        WeeklySchedule.always(), tz=ZoneInfo("Europe/Paris"), holidays=closed_2026_2029
    )
    assert cal.tz == "Europe/Paris"
    a = datetime(2025, 12, 31, 12, tzinfo=PARIS)
    assert list(cal.intervals(a, datetime(2029, 6, 1, tzinfo=PARIS))) == [
        (a, datetime(2026, 1, 1, tzinfo=PARIS))
    ]
    assert (
        list(cal.intervals(datetime(2027, 1, 1, tzinfo=PARIS), datetime(2028, 1, 1, tzinfo=PARIS)))
        == []
    )
    assert cal.next_open(a + timedelta(days=1)) == datetime(2030, 1, 1, tzinfo=PARIS)
    assert cal.add(a, timedelta(hours=13)) == datetime(2030, 1, 1, 1, tzinfo=PARIS)
    assert cal.add(datetime(2030, 1, 1, 1, tzinfo=PARIS), -timedelta(hours=13)) == a


def test_calendars_pickle_and_compare_by_value(interworx: BusinessCalendar) -> None:
    import pickle

    interworx.add(ny(2026, 3, 6, 15), 2 * H)  # fills the private cache
    copy = pickle.loads(pickle.dumps(interworx))  # noqa: S301 - our own data
    assert copy == interworx
    assert hash(copy) == hash(interworx)
    assert copy.add(ny(2026, 3, 6, 15), 2 * H) == ny(2026, 3, 9, 9)


def test_observed_days_count_for_listed_holidays() -> None:
    observed = HolidaySet.country("US", names={"Independence Day"}, observed=True)
    plain = HolidaySet.country("US", names={"Independence Day"}, observed=False)
    assert observed.between_years(2026, 2027) == [
        date(2026, 7, 3),  # Saturday July 4 observed on Friday
        date(2026, 7, 4),
        date(2027, 7, 4),
        date(2027, 7, 5),  # Sunday July 4 observed on Monday
    ]
    assert plain.between_years(2026, 2027) == [date(2026, 7, 4), date(2027, 7, 4)]
    assert date(2026, 7, 3) in observed
    assert date(2026, 7, 3) not in plain


def test_aware_rules_use_their_own_local_dates() -> None:
    from dateutil.rrule import YEARLY, rrule

    tokyo = ZoneInfo("Asia/Tokyo")
    rule = rrule(YEARLY, dtstart=datetime(2026, 12, 31, 23, 30, tzinfo=tokyo), count=2)
    assert HolidaySet.rule(rule).between_years(2026, 2028) == [
        date(2026, 12, 31),
        date(2027, 12, 31),
    ]
