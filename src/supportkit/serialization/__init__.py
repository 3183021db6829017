"""The one cattrs converter for every public type (JSON- and TOML-friendly dicts).

Formats: instants are ISO-8601 with their offset; durations are ``"1h30m"``-style text
(numbers are read as seconds); enums are their values; sets are sorted lists. Each area of the
library registers its hooks in a module of this package; :func:`make_converter` calls them all.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar, get_origin

import cattrs
from cattrs.preconf.json import make_converter as _make_json_converter
from cattrs.v import format_exception

from supportkit.serialization import access, calendars, entitlements, privacy, sla, tickets

__all__ = ["converter", "make_converter", "structure", "unstructure"]

T = TypeVar("T")


def _is_set(type_: Any) -> bool:
    origin = get_origin(type_) or type_
    return isinstance(origin, type) and issubclass(origin, AbstractSet)


def _sorted_sets(conv: cattrs.Converter) -> None:
    """Sets as sorted lists, so a dump does not depend on the process's hash seed (areas
    register more specific hooks after this one, which take precedence)."""

    def unstructure_set(value: AbstractSet[Any]) -> list[Any]:
        items = [conv.unstructure(item) for item in value]
        try:
            return sorted(items)
        except TypeError:  # mixed or unorderable items: by their JSON text
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))

    conv.register_unstructure_hook_func(_is_set, unstructure_set)


def make_converter() -> cattrs.Converter:
    """A new converter with every supportkit hook registered."""
    conv = _make_json_converter()
    _sorted_sets(conv)
    tickets.register(conv)
    entitlements.register(conv)
    access.register(conv)
    privacy.register(conv)
    calendars.register(conv)
    sla.register(conv)
    return conv


converter = make_converter()


def unstructure(obj: Any) -> Any:
    """``obj`` as plain JSON-compatible data."""
    return converter.unstructure(obj)


def _describe(exc: BaseException, type_: Any) -> str:
    from supportkit.errors import InvalidInput

    if isinstance(exc, InvalidInput):  # our own validators already say what is allowed
        return str(exc)
    return format_exception(exc, type_)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data; errors are :class:`~supportkit.InvalidInput`."""
    from supportkit.errors import InvalidInput

    try:
        return converter.structure(data, cls)
    except InvalidInput:
        raise
    except cattrs.BaseValidationError as exc:
        where = "; ".join(
            cattrs.transform_error(exc, path=cls.__name__, format_exception=_describe)
        )
        raise InvalidInput(f"cannot read {cls.__name__}: {where}") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(f"cannot read {cls.__name__} from {data!r:.200}: {exc}") from exc
