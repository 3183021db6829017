"""Serialization hooks for calendars.

* ``WeeklySchedule`` is its text form (``"Mon-Fri 09:00-18:00"``; ``""`` for no open time).
* ``HolidaySet`` is ``{"countries": [{"code", "subdiv", "names", "observed", "categories"}],
  "dates": ["2026-12-24"], "rules": ["DTSTART:...\\nRRULE:..."], "open_days": [...]}``;
  names and categories are sorted lists or null; missing keys mean empty.
* ``BusinessCalendar`` is ``{"schedule": "...", "tz": "Europe/Paris", "holidays": {...}}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import cattrs

from supportkit.calendars import BusinessCalendar, CountryHolidays, HolidaySet, WeeklySchedule
from supportkit.errors import InvalidInput

__all__ = ["register"]


def _schedule_out(value: WeeklySchedule) -> str:
    return str(value)


def _schedule_in(value: Any, _cls: object) -> WeeklySchedule:
    if value == "":
        return WeeklySchedule.never()
    return WeeklySchedule.parse(value)


def _sorted(values: frozenset[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def _country_out(value: CountryHolidays) -> dict[str, Any]:
    return {
        "code": value.code,
        "subdiv": value.subdiv,
        "names": _sorted(value.names),
        "observed": value.observed,
        "categories": _sorted(value.categories),
    }


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{what}: expected a mapping, got {type(value).__name__}")
    return value


def _country_in(value: Any) -> CountryHolidays:
    data = _mapping(value, "country holidays")
    return CountryHolidays(
        code=data["code"],
        subdiv=data.get("subdiv"),
        names=data.get("names"),
        observed=bool(data.get("observed", True)),
        categories=data.get("categories"),
    )


def _date_in(value: Any) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"date {value!r} refused: expected ISO text like '2026-12-24'") from exc


def _holidays_out(value: HolidaySet) -> dict[str, Any]:
    return {
        "countries": [_country_out(item) for item in value.countries],
        "dates": [item.isoformat() for item in sorted(value.days)],
        "rules": list(value.rules),
        "open_days": [item.isoformat() for item in sorted(value.exceptions)],
    }


def _holidays_in(value: Any, _cls: object) -> HolidaySet:
    data = _mapping(value, "holiday set")
    return HolidaySet(
        countries=[_country_in(item) for item in data.get("countries", [])],
        days=[_date_in(item) for item in data.get("dates", [])],
        rules=list(data.get("rules", [])),
        exceptions=[_date_in(item) for item in data.get("open_days", [])],
    )


def _calendar_out(value: BusinessCalendar) -> dict[str, Any]:
    return {
        "schedule": _schedule_out(value.schedule),
        "tz": value.tz,
        "holidays": _holidays_out(value.holidays),
    }


def _calendar_in(value: Any, _cls: object) -> BusinessCalendar:
    data = _mapping(value, "business calendar")
    return BusinessCalendar(
        schedule=_schedule_in(data["schedule"], WeeklySchedule),
        tz=data.get("tz", "UTC"),
        holidays=_holidays_in(data.get("holidays", {}), HolidaySet),
    )


def register(converter: cattrs.Converter) -> None:
    """Register the calendar hooks on ``converter``."""
    converter.register_unstructure_hook(WeeklySchedule, _schedule_out)
    converter.register_structure_hook(WeeklySchedule, _schedule_in)
    converter.register_unstructure_hook(CountryHolidays, _country_out)
    converter.register_structure_hook(CountryHolidays, lambda value, _cls: _country_in(value))
    converter.register_unstructure_hook(HolidaySet, _holidays_out)
    converter.register_structure_hook(HolidaySet, _holidays_in)
    converter.register_unstructure_hook(BusinessCalendar, _calendar_out)
    converter.register_structure_hook(BusinessCalendar, _calendar_in)
