"""Unstructure hooks for the types a stored ticket is made of (registered by
:func:`~supportkit.serialization.make_converter`).

The SQL stores write one head per change and one row per event, and a bulk insert writes
thousands of each. Profiled, ``converter.unstructure(head)`` spent most of its time in
``isoformat`` (a head holds about 11.5 instants, 3.5 of them distinct) and in cattrs' generic
dispatch: the Optional hook per optional field, the union hook per event detail, the generic
set hook per role, the mapping hook per field value. The hooks here give the same data for
those types, with a fast path for the plain values a ticket holds and cattrs' own dispatch
for anything else:

- instants: ISO text, remembered for UTC instants (the only kind a desk writes);
- optional text, numbers and flags: passed as they are (what cattrs does for ``str``,
  ``int`` and ``bool``), so the class hooks cattrs generates with ``make_dict_unstructure_fn``
  inline them instead of calling a hook;
- a set of names: a sorted list; a mapping of text to text: a dict; event details and
  severities (unions of plain types): the values as they are.

The class hooks of :class:`~supportkit.tickets.head.TicketHead`, ``Event``, ``Message``,
``Actor``, ``AttachmentRef`` and ``HeldRef`` stay the ones cattrs generates; the public form
(:mod:`supportkit.serialization.public`) registers its own instants over these.
``tests/test_stored_form.py`` holds the output equal to the converter's before these hooks.

``register(conv, native_instants=True)`` is the variant behind
:func:`~supportkit.serialization.stored_json` (the text the SQL stores write): UTC instants
are left as they are, for ``orjson`` to write them (its text of a UTC instant is exactly
``isoformat``'s; instants in other zones still get ``isoformat`` here, since ``orjson``
rounds an offset with seconds); and a non-finite number (NaN, infinity) in a mapping of
details or fields, or as a severity, is :class:`~supportkit.InvalidInput` (``orjson`` would
write ``null``; the standard encoder wrote ``NaN``, which no store read back), as is an
object there that is no JSON value (the standard encoder refused it; ``orjson`` would write
a UUID or a dataclass).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, get_args, get_origin

import cattrs
from cattrs.fns import identity

from supportkit.errors import InvalidInput
from supportkit.tickets.head import EtaGiven, Stretch
from supportkit.tickets.model import EventValue
from supportkit.tickets.priority import PriorityKey

__all__ = ["instant_text", "is_homogeneous_tuple", "register"]

# Tested with ``issuperset(map(type, values))``: one C loop, no generator per value.
_PLAIN = frozenset({str, int, bool, type(None)})
_TEXT = frozenset({str})
_PRIORITY = frozenset({str, int})

#: ``isoformat`` of UTC instants, remembered: a ticket repeats its instants (opened at =
#: created at = its message's at, the last event's = updated at, a stretch's ends …), and an
#: aware ``isoformat`` costs about ten look-ups of this cache.
_utc_text = functools.lru_cache(maxsize=4096)(datetime.isoformat)


def instant_text(value: datetime) -> str:
    """``value.isoformat()``; remembered for UTC instants only (two equal instants in other
    zones have different texts)."""
    if value.tzinfo is UTC and type(value) is datetime:
        return _utc_text(value)
    return value.isoformat()


def _optional_instant_text(value: datetime | None) -> str | None:
    return None if value is None else instant_text(value)


def _native_instant(value: datetime) -> datetime | str:
    """A UTC instant as it is (the encoder writes its ``isoformat`` text), any other as
    :func:`instant_text`."""
    if value.tzinfo is UTC and type(value) is datetime:
        return value
    return value.isoformat()


def _optional_native_instant(value: datetime | None) -> datetime | str | None:
    if value is None or (value.tzinfo is UTC and type(value) is datetime):
        return value
    return value.isoformat()


_JSON_TYPES = (str, int, list, tuple, dict, type(None))


def _refuse_non_finite(value: Any) -> Any:
    """``value`` (a detail or field value after the converter's hooks) if JSON can say it;
    :class:`InvalidInput` for a NaN or an infinity (no JSON number) and for an object that
    is not a JSON value (the standard encoder refused it; ``orjson`` would write a UUID or
    a dataclass)."""
    if type(value) is float:
        if not math.isfinite(value):
            raise InvalidInput(
                f"cannot store {value!r} as JSON: give a finite number, a text, true/false "
                "or null"
            )
    elif not isinstance(value, _JSON_TYPES):
        raise InvalidInput(
            f"cannot store {value!r:.100} as JSON: give a text, a number, true/false or null"
        )
    return value


_OPTIONAL_PLAIN = (str | None, int | None, bool | None)


def _is_optional_plain(type_: Any) -> bool:
    return any(type_ == plain for plain in _OPTIONAL_PLAIN)


def is_homogeneous_tuple(type_: Any) -> bool:
    """Whether ``type_`` is ``tuple[X, ...]`` (a tuple of one type)."""
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping_of(value_type: Any) -> Callable[[Any], bool]:
    def test(type_: Any) -> bool:
        origin = get_origin(type_)
        return (isinstance(origin, type) and issubclass(origin, Mapping)
                and get_args(type_) == (str, value_type))

    return test


def register(conv: cattrs.Converter, *, native_instants: bool = False) -> None:
    """Register the hooks on ``conv`` (after the generic set hook, which they take
    precedence over for sets of text); ``native_instants``: the variant for
    :func:`~supportkit.serialization.stored_json` (see the module docstring)."""
    checked = _refuse_non_finite if native_instants else identity

    def names(value: frozenset[Any]) -> list[Any]:
        if not value:
            return []
        if _TEXT.issuperset(map(type, value)):
            return sorted(value)
        return conv.unstructure(value, unstructure_as=frozenset)  # type: ignore[no-any-return]

    def details(value: Mapping[Any, Any]) -> dict[Any, Any]:
        if not value or _PLAIN.issuperset(map(type, value.values())):
            return dict(value)
        return {key: checked(conv.unstructure(item)) for key, item in value.items()}

    def texts(value: Mapping[Any, Any]) -> dict[Any, Any]:
        if not value or _TEXT.issuperset(map(type, value.values())):
            return dict(value)
        return {key: checked(item) for key, item in value.items()}

    def priority(value: Any) -> Any:
        return value if type(value) in _PRIORITY else checked(conv.unstructure(value))

    def listed(type_: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
        item = conv.get_unstructure_hook(get_args(type_)[0])

        def unstructure(value: tuple[Any, ...]) -> list[Any]:
            return [item(one) for one in value] if value else []

        return unstructure

    def pair(type_: Any) -> Callable[[tuple[Any, Any]], tuple[Any, Any]]:
        first, second = (conv.get_unstructure_hook(arg) for arg in get_args(type_))
        return lambda value: (first(value[0]), second(value[1]))

    if native_instants:
        conv.register_unstructure_hook(datetime, _native_instant)
        conv.register_unstructure_hook(datetime | None, _optional_native_instant)
    else:
        conv.register_unstructure_hook(datetime, instant_text)
        conv.register_unstructure_hook(datetime | None, _optional_instant_text)
    conv.register_unstructure_hook_func(_is_optional_plain, identity)
    conv.register_unstructure_hook_func(lambda t: t == frozenset[str], names)
    conv.register_unstructure_hook_func(_is_mapping_of(str), texts if native_instants else dict)
    conv.register_unstructure_hook_func(_is_mapping_of(EventValue), details)
    conv.register_unstructure_hook_func(lambda t: t == PriorityKey, priority)
    # Tuples of one type (events' attachments, a head's refs, stretches and ETAs) as
    # cattrs writes them, a list of each item's form, and the two instant pairs as tuples;
    # built when first used, so with the hooks registered after these (the public form's).
    conv.register_unstructure_hook_factory(is_homogeneous_tuple, listed)
    conv.register_unstructure_hook_factory(lambda t: t in (Stretch, EtaGiven), pair)
