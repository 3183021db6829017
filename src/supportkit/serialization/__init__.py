"""Plain-data (JSON-ready) forms of supportkit's public types, through one cattrs converter.

Formats: datetimes are ISO-8601 strings with their UTC offset; dates are ISO strings;
timedeltas are total seconds (an int when whole, else a float). Each area of the library
registers its hooks from its own module (``register(converter)``); this module only builds
the converter and calls them. Domain modules never import cattrs.

>>> from supportkit import BusinessCalendar
>>> unstructure(BusinessCalendar.always())["schedule"]
'Mon-Sun 00:00-24:00'
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

import cattrs
from cattrs.preconf.json import make_converter as _json_converter

from supportkit.errors import InvalidInput
from supportkit.serialization import calendars

__all__ = ["converter", "make_converter", "structure", "unstructure"]

T = TypeVar("T")


def _timedelta_to_seconds(value: timedelta) -> int | float:
    if value.microseconds == 0:
        return value.days * 86_400 + value.seconds
    return value.total_seconds()


def _timedelta_from_seconds(value: Any, _cls: type[timedelta]) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"duration {value!r} refused: expected a number of seconds")
    return timedelta(seconds=value)


def make_converter() -> cattrs.Converter:
    """A new JSON-style converter with every area's hooks registered."""
    result = _json_converter()
    result.register_unstructure_hook(timedelta, _timedelta_to_seconds)
    result.register_structure_hook(timedelta, _timedelta_from_seconds)
    calendars.register(result)
    return result


converter = make_converter()
"""The default converter used by :func:`structure` and :func:`unstructure`."""


def unstructure(obj: object) -> Any:
    """Plain data (dicts, lists, strings, numbers) for ``obj``."""
    return converter.unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data; malformed data is :class:`InvalidInput`."""
    try:
        return converter.structure(data, cls)
    except InvalidInput:
        raise
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"cannot build {cls.__name__} from {data!r}: {exc}") from exc
