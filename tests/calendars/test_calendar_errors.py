"""Refusals, each with a message that says what was refused and what is allowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supportkit import BusinessCalendar, HolidaySet, InvalidInput, WeeklySchedule

T = datetime(2026, 1, 5, 9, tzinfo=UTC)
NAIVE = datetime(2026, 1, 5, 9)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty text"),
        ("   ", "empty text"),
        ("Mon", "unexpected end of text; expected a time"),
        ("Mon 9-10", "bad token '9' at position 4"),
        ("Mon 09:00-09:00", "non-zero length"),
        ("Funday 09:00-10:00", "bad token 'Funday'.*day name"),
        ("Mon 24:00-10:00", "bad token '24:00'.*24:00 as an end only|00:00-23:59"),
        ("Mon 09:60-10:00", "bad token '09:60'"),
        ("Mon 09:00-12:00,11:00-13:00", "overlap"),
        ("Mon 22:00-06:00; Tue 05:00-07:00", "overlap"),
        ("Mon 09:00-10:00;", "unexpected end of text; expected a day name"),
        ("Mon 09:00-10:00 Tue", "bad token 'Tue'.*';' between clauses"),
        ("Mon,Mon 09:00-10:00", "listed twice"),
        ("Mon 09:00+10:00", "bad token '\\+10:00'"),
    ],
)
def test_parse_errors_point_at_the_bad_token(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        WeeklySchedule.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00",
        "monday - friday 22:00 - 06:00",
        "Fri-Mon 00:00-24:00",
        "SAT , SUN 10:00-00:00",
    ],
)
def test_text_form_round_trips(text: str) -> None:
    schedule = WeeklySchedule.parse(text)
    assert WeeklySchedule.parse(str(schedule)) == schedule
    assert str(WeeklySchedule.parse(str(schedule))) == str(schedule)


def test_parse_accepts_wrapping_ranges_and_overnight() -> None:
    assert {day for day, _, _ in WeeklySchedule.parse("Fri-Mon 09:00-10:00").intervals} == {
        4, 5, 6, 0,
    }
    assert WeeklySchedule.parse("Mon 22:00-06:00").intervals == ((0, 22 * 60, 30 * 60),)


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.is_open(NAIVE),
        lambda cal: cal.next_open(NAIVE),
        lambda cal: cal.next_close(NAIVE),
        lambda cal: cal.add(NAIVE, timedelta(hours=1)),
        lambda cal: cal.elapsed(T, NAIVE),
        lambda cal: cal.elapsed(NAIVE, T),
        lambda cal: list(cal.intervals(NAIVE, T)),
    ],
)
def test_naive_datetimes_are_refused(call: object) -> None:
    cal = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-17:00"))
    with pytest.raises(InvalidInput, match="naive datetime"):
        call(cal)  # type: ignore[operator]


def test_calendar_without_open_time() -> None:
    never = BusinessCalendar(WeeklySchedule.never())
    for call in (never.next_open, never.next_close, lambda t: never.add(t, timedelta(hours=1))):
        with pytest.raises(InvalidInput, match="no open time"):
            call(T)
    assert never.elapsed(T, T + timedelta(days=30)) == timedelta(0)
    assert list(never.intervals(T, T + timedelta(days=30))) == []
    assert not never.is_open(T)


def test_holidays_that_close_every_day() -> None:
    every_day = HolidaySet.rule("DTSTART:20200101T000000\nRRULE:FREQ=DAILY")
    cal = BusinessCalendar(WeeklySchedule.always(), holidays=every_day)
    with pytest.raises(InvalidInput, match="no open time within 10 years"):
        cal.next_open(T)
    with pytest.raises(InvalidInput, match="no open time for 10 years"):
        cal.add(T, timedelta(hours=1))
    # Backwards there is open time before the rule starts.
    assert cal.add(T, -timedelta(hours=1)) == datetime(2019, 12, 31, 23, tzinfo=UTC)


def test_calendar_that_never_closes() -> None:
    with pytest.raises(InvalidInput, match="never closes"):
        BusinessCalendar.always().next_close(T)


def test_bad_zone_holiday_name_and_country() -> None:
    with pytest.raises(InvalidInput, match="not an IANA zone"):
        BusinessCalendar(WeeklySchedule.always(), tz="Mars/Olympus")
    with pytest.raises(InvalidInput, match=r"never uses them.*allowed names"):
        HolidaySet.country("US", names={"Bastille Day"})
    with pytest.raises(InvalidInput, match="country 'XX'"):
        HolidaySet.country("XX")
    with pytest.raises(InvalidInput, match="holiday rule"):
        HolidaySet.rule("DTSTART:20260101T000000\nRRULE:FREQ=SOMETIMES")
    with pytest.raises(InvalidInput, match="needs a DTSTART"):
        HolidaySet.rule("RRULE:FREQ=YEARLY")
    with pytest.raises(InvalidInput, match=r"expected a datetime\.timedelta"):
        BusinessCalendar.always().add(T, 5)  # type: ignore[arg-type]
