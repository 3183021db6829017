"""Calendars as plain data: structure(unstructure(x)) == x, JSON-ready."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import YEARLY, rrule
from hypothesis import given

from supportkit import BusinessCalendar, HolidaySet, InvalidInput, WeeklySchedule
from supportkit.serialization import make_converter, structure, unstructure
from supportkit.testing.strategies import calendars, weekly_schedules


@given(cal=calendars())
def test_calendars_round_trip_through_json(cal: BusinessCalendar) -> None:
    data = json.loads(json.dumps(unstructure(cal)))
    assert structure(data, BusinessCalendar) == cal


@given(schedule=weekly_schedules())
def test_schedules_are_their_text(schedule: WeeklySchedule) -> None:
    assert unstructure(schedule) == str(schedule)
    assert structure(str(schedule), WeeklySchedule) == schedule


def test_holiday_set_format() -> None:
    holidays = (
        HolidaySet.country("US", subdiv="CA", names={"Labor Day"}, observed=False)
        | HolidaySet.dates([date(2026, 12, 24)])
        | HolidaySet.rule(rrule(YEARLY, dtstart=datetime(2026, 12, 31, tzinfo=ZoneInfo("UTC"))))
        | HolidaySet.open_days([date(2026, 9, 7)])
    )
    data = unstructure(holidays)
    assert data == {
        "countries": [
            {
                "code": "US",
                "subdiv": "CA",
                "names": ["Labor Day"],
                "observed": False,
                "categories": None,
            }
        ],
        "dates": ["2026-12-24"],
        "rules": ["DTSTART:20261231T000000\nRRULE:FREQ=YEARLY"],
        "open_days": ["2026-09-07"],
    }
    assert structure(data, HolidaySet) == holidays
    assert structure({}, HolidaySet) == HolidaySet.none()


def test_calendar_format_and_common_types() -> None:
    cal = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 09:00-18:00"), tz="Europe/Paris")
    data = unstructure(cal)
    assert data["schedule"] == "Mon-Fri 09:00-18:00"
    assert data["tz"] == "Europe/Paris"
    converter = make_converter()
    # main's convention (serialization/tickets.py): durations as "1h30m" text, numbers = seconds
    assert converter.unstructure(timedelta(hours=1)) == "1h"
    assert converter.structure(90, timedelta) == timedelta(seconds=90)
    moment = datetime(2026, 3, 29, 3, tzinfo=ZoneInfo("Europe/Paris"))
    assert converter.unstructure(moment) == "2026-03-29T03:00:00+02:00"
    assert converter.structure("2026-03-29T01:00:00+00:00", datetime) == moment.astimezone(UTC)


@pytest.mark.parametrize(
    "data",
    [
        {"schedule": "Mon 25:00-26:00", "tz": "UTC"},
        {"schedule": "Mon-Fri 09:00-17:00", "tz": "Nowhere/Town"},
        {"schedule": "Mon-Fri 09:00-17:00", "holidays": {"dates": ["26 Dec"]}},
        {"tz": "UTC"},
        "Mon-Fri 09:00-17:00",
    ],
)
def test_bad_data_is_invalid_input(data: object) -> None:
    with pytest.raises(InvalidInput):
        structure(data, BusinessCalendar)
