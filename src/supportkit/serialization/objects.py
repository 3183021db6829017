"""Attrs classes read field by field take a mapping, nothing else.

cattrs' generated hook looks each field up with ``in``, so a text or a list passed for a
class whose fields all have defaults gave every field its default: ``from_json("x",
Policy) == Policy()``, and ``{"redaction": "x"}`` gave the default redactor. Classes read
from their text form (``WeeklySchedule``, ``SupportCode`` …) have hooks of their own and are
not affected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

Hook = Callable[[Any, Any], Any]


def mapping_only(cls: type, inner: Hook) -> Hook:
    """``inner`` (a hook reading ``cls`` from a mapping), refusing anything but a mapping."""

    def hook(value: Any, type_: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):  # dict: the usual
            raise InvalidInput(
                f"{cls.__name__}: give an object of its fields, got {describe(value)}"
            )
        return inner(value, type_)

    return hook


def register(conv: cattrs.Converter) -> None:
    """Every attrs class without a hook of its own is read from a mapping only."""
    conv.register_structure_hook_factory(
        attrs.has, lambda cls: mapping_only(cls, conv.gen_structure_attrs_fromdict(cls))
    )
