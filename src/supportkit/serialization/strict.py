"""Strict structuring for files people edit: unknown keys are refused, errors name the key.

The shared :data:`~supportkit.serialization.converter` ignores keys it does not know (data
written by a newer version still loads). A policy file typed by hand needs the opposite: a
misspelt ``requre_entitlement`` must be an error, not a silently ignored line.
:func:`structure_strict` uses a converter with every supportkit hook and
``forbid_extra_keys``, and reports each problem as ``<path>: <what is wrong>`` where the
path is written ``sla.targets[0].after``.
"""

from __future__ import annotations

from typing import Any, TypeVar

import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from supportkit.errors import InvalidInput

__all__ = ["StrictStructureError", "structure_strict"]

T = TypeVar("T")


class StrictStructureError(InvalidInput):
    """Data that does not structure: ``problems`` lists ``(path, message)`` pairs; the path
    is ``""`` for the top level."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p or '(top level)'}: {m}" for p, m in problems))


def _strict_converter() -> cattrs.Converter:
    from supportkit.serialization import make_converter

    conv = make_converter()
    conv.forbid_extra_keys = True  # read when hooks are generated, i.e. lazily: set it first
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
