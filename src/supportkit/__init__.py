"""supportkit: the rules of a commercial technical-support desk, as an embeddable library."""

from __future__ import annotations

from supportkit.calendars import BusinessCalendar, HolidaySet, WeeklySchedule
from supportkit.clock import Clock, FixedClock, SystemClock
from supportkit.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    PermissionDenied,
    StorageError,
    SupportkitError,
)

__version__ = "0.1.0"

__all__ = [
    "BusinessCalendar",
    "Clock",
    "Conflict",
    "FixedClock",
    "HolidaySet",
    "InvalidInput",
    "InvalidTransition",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "PermissionDenied",
    "StorageError",
    "SupportkitError",
    "SystemClock",
    "WeeklySchedule",
]
