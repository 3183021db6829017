"""Plain values read as they are, never coerced (the validating converters only).

cattrs' own hooks for ``str``, ``int``, ``float`` and ``bool`` call the type: ``bool("no")``
is True, ``str(5)`` is ``"5"``, ``int(3.9)`` is 3, ``int("3")`` is 3, ``float("1.5")`` is
1.5. For data from outside (import lines, API payloads, policy files) that is silent data
corruption, so the validating converters (``make_converter()`` without ``trusted``)
register these hooks instead: each takes the JSON type it names and refuses anything else
with an :class:`~supportkit.InvalidInput` saying what is allowed (cattrs adds the field's
path). An integer is taken where a number is expected (TOML and JSON write ``2`` for
``2.0``); a bool never passes for a number. Enums take only a value of their members' type.

The trusted converter (``read_converter``) keeps cattrs' hooks: it reads what a supportkit
store wrote, and its speed is what every query costs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, IntEnum, StrEnum
from typing import Any

import cattrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe
from supportkit.tickets.priority import PriorityKey

__all__ = ["register"]


def _text(value: Any, type_: Any) -> str:
    if type(value) is str and type_ is str:
        return value
    if type_ is not str:  # a text enum (``TicketStatus``): cattrs dispatches it here
        return _subtype(value, type_, str)  # type: ignore[no-any-return]
    if isinstance(value, str):
        return str(value)
    raise InvalidInput(f"expected a text, got {describe(value)}")


def _integer(value: Any, type_: Any) -> int:
    if type(value) is int and type_ is int:
        return value
    if type_ is not int:
        return _subtype(value, type_, int)  # type: ignore[no-any-return]
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise InvalidInput(f"expected a whole number, got {describe(value)}")


def _number(value: Any, _: Any) -> float:
    if type(value) is float:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise InvalidInput(f"expected a number, got {describe(value)}")


def _flag(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    raise InvalidInput(f"expected true or false, got {describe(value)}")


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, Enum)


def _enum_of(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    """An enum's hook: a value of its members' own type (a text for a text enum; never a
    bool for a number enum), named in the refusal with the allowed values."""
    values = [member.value for member in cls]
    kinds = {type(value) for value in values}
    allowed = ", ".join(repr(value) for value in values)

    def structure_enum(value: Any, _: Any) -> Enum:
        if isinstance(value, cls):
            return value
        if type(value) in kinds:
            try:
                return cls(value)
            except ValueError:
                pass
        raise InvalidInput(f"expected one of {allowed}, got {describe(value)}")

    return structure_enum


def _priority(value: Any, _: Any) -> int | str:
    """A severity (``int | str``): a level's number or its name, never a bool."""
    if type(value) is int or type(value) is str:
        return value
    raise InvalidInput(f"expected a priority level (a whole number or a name), got "
                       f"{describe(value)}")


_ENUM_HOOKS: dict[type, Callable[[Any, Any], Enum]] = {}


def _enum(value: Any, type_: Any) -> Enum:
    # The usual case in one dict look-up: a value of the member's own type (True finds the
    # member 1 of a number enum by hash: the type check sends it to the refusal).
    try:
        member: Enum = type_._value2member_map_[value]
    except (KeyError, TypeError):
        pass
    else:
        if type(value) is type(member.value):
            return member
    hook = _ENUM_HOOKS.get(type_)
    if hook is None:
        hook = _ENUM_HOOKS[type_] = _enum_of(type_)
    return hook(value, type_)


def _subtype(value: Any, type_: Any, base: type) -> Any:
    """A subclass of ``str`` or ``int`` (cattrs dispatches those to the base's hook, before
    any predicate): an enum's members by value, else a value of the base type only."""
    if _is_enum(type_):
        return _enum(value, type_)
    if isinstance(value, base) and not isinstance(value, bool):
        return type_(value)
    raise InvalidInput(f"expected {type_.__name__}, got {describe(value)}")


def _optional_text(value: Any, _: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    return _text(value, str)


def register(conv: cattrs.Converter) -> None:
    """Register the refusing hooks on ``conv`` (a validating converter)."""
    # Text enums and number enums would be dispatched to the str and int hooks (their
    # bases come before Enum); these take precedence for them.
    conv.register_structure_hook(StrEnum, _enum)
    conv.register_structure_hook(IntEnum, _enum)
    # one call for ``str | None`` (some fourteen fields of a ticket snapshot), not two
    conv.register_structure_hook_func(lambda t: t == str | None, _optional_text)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _integer)
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook(bool, _flag)
    conv.register_structure_hook(Enum, _enum)
    # (a predicate, not the union type: see ``_optional_hooks`` in the factory)
    conv.register_structure_hook_func(lambda t: t == PriorityKey, _priority)
