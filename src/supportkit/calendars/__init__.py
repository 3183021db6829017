"""Business-hours calendars: weekly schedules, holidays and exact business-time arithmetic.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> cal = BusinessCalendar(WeeklySchedule.parse("Mon-Fri 08:00-16:00"), tz="America/New_York")
>>> friday = datetime(2026, 3, 6, 15, 0, tzinfo=ZoneInfo("America/New_York"))
>>> cal.add(friday, timedelta(hours=2)).isoformat()
'2026-03-09T09:00:00-04:00'
"""

from __future__ import annotations

from supportkit.calendars.calendar import BusinessCalendar
from supportkit.calendars.holidays import CountryHolidays, HolidaySet
from supportkit.calendars.schedule import WeeklySchedule

__all__ = ["BusinessCalendar", "CountryHolidays", "HolidaySet", "WeeklySchedule"]
