"""Strict structuring for files people edit: unknown keys are refused, errors name the key.

The shared :data:`~supportkit.serialization.converter` ignores keys it does not know (data
written by a newer version still loads). A policy file typed by hand needs the opposite: a
misspelt ``requre_entitlement`` must be an error, not a silently ignored line.
:func:`structure_strict` uses a converter with every supportkit hook and
``forbid_extra_keys``, and reports each problem as ``<path>: <what is wrong>`` where the
path is written ``sla.targets[0].after``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from supportkit.calendars import BusinessCalendar, CountryHolidays, HolidaySet
from supportkit.errors import InvalidInput
from supportkit.serialization import make_converter

__all__ = ["StrictStructureError", "structure_strict"]

T = TypeVar("T")


class StrictStructureError(InvalidInput):
    """Data that does not structure: ``problems`` lists ``(path, message)`` pairs; the path
    is ``""`` for the top level."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p or '(top level)'}: {m}" for p, m in problems))


#: Keys of the hand-written calendar hooks (``serialization/calendars.py``), which read
#: with ``dict.get`` and would silently ignore a misspelt ``timezone = ...``.
_CALENDAR_KEYS: dict[type, frozenset[str]] = {
    BusinessCalendar: frozenset({"schedule", "tz", "holidays"}),
    HolidaySet: frozenset({"countries", "dates", "rules", "open_days"}),
    CountryHolidays: frozenset({"code", "subdiv", "names", "observed", "categories"}),
}


def _check_keys(cls: type, value: Any, where: str) -> None:
    if not isinstance(value, dict):
        return
    allowed = _CALENDAR_KEYS[cls]
    extra = sorted(set(value) - allowed)
    if extra:
        raise InvalidInput(
            f"unknown key(s) {', '.join(extra)} in {where or cls.__name__}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )
    # The calendar hook reads its holiday set (and that its countries) without the
    # converter, so the nested keys are checked here.
    if cls is BusinessCalendar:
        _check_keys(HolidaySet, value.get("holidays"), "holidays")
    if cls is HolidaySet and isinstance(value.get("countries"), list):
        for index, country in enumerate(value["countries"]):
            _check_keys(CountryHolidays, country, f"holidays.countries[{index}]")


def _checked(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    inner = conv.get_structure_hook(cls)

    def hook(value: Any, type_: Any) -> Any:
        _check_keys(cls, value, "")
        return inner(value, type_)

    return hook


def _strict_converter() -> cattrs.Converter:
    conv = make_converter()
    conv.forbid_extra_keys = True  # read when hooks are generated, i.e. lazily: set it first
    for cls in _CALENDAR_KEYS:
        conv.register_structure_hook(cls, _checked(conv, cls))
    return conv


_CONVERTER: cattrs.Converter | None = None


def _message(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown key(s) {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, InvalidInput | ValueError | TypeError) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _split(line: str) -> tuple[str, str]:
    # cattrs.transform_error lines read "<message> @ $.a.b[0]"
    message, _, path = line.rpartition(" @ ")
    path = path.removeprefix("$").removeprefix(".")
    return path, message


def structure_strict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data, refusing unknown keys; :class:`StrictStructureError`
    (an :class:`~supportkit.InvalidInput`) names the path of every bad or unknown key."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _strict_converter()
    try:
        return _CONVERTER.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        lines = cattrs.transform_error(exc, format_exception=_message)
        raise StrictStructureError([_split(line) for line in lines]) from exc
    except (InvalidInput, ValueError, TypeError, KeyError) as exc:
        raise StrictStructureError([("", _message(exc, cls))]) from exc
