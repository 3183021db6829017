"""supportkit: the rules of a commercial technical-support desk, as an embeddable library."""

from __future__ import annotations

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
    "Clock",
    "Conflict",
    "FixedClock",
    "InvalidInput",
    "InvalidTransition",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "PermissionDenied",
    "StorageError",
    "SupportkitError",
    "SystemClock",
]
