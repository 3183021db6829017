"""Hooks for reading back data a supportkit converter wrote (the stores' ticket snapshots).

Such data is already in the converter's own format, so plain values need no conversion on
the way in: optional text stays the same string, a set of text is the list it was written
as, and an enum field whose attrs class converts it itself (``Actor.side``,
``Message.side``) is handed over once instead of converted twice. The attrs classes still
run their validators and converters, so what is built equals what the validating converter
builds (``tests/test_read_converter.py`` checks it on drawn ticket histories).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

__all__ = ["register"]


def _same(value: Any, _: Any) -> Any:
    return value


def _text_set(value: Any, _: Any) -> frozenset[str]:
    return frozenset(value)


def _converts_enum_itself(field: attrs.Attribute[Any]) -> bool:
    converter = field.converter
    return isinstance(converter, type) and issubclass(converter, Enum)


def register(conv: cattrs.Converter) -> None:
    """Register the pass-through hooks on ``conv`` (before any area's own hooks, which
    take precedence where they overlap)."""
    # (a predicate, not the type: so it takes precedence over the factory's Optional hook)
    conv.register_structure_hook_func(lambda t: t == str | None, _same)
    conv.register_structure_hook_func(lambda t: t == frozenset[str], _text_set)

    def attrs_class(cls: Any) -> Any:
        overrides: dict[str, Any] = {
            field.name: override(struct_hook=_same)
            for field in attrs.fields(cls)
            if _converts_enum_itself(field)
        }
        return make_dict_structure_fn(cls, conv, **overrides)

    conv.register_structure_hook_factory(attrs.has, attrs_class)
