"""Argument checks for everything that enters supportkit from outside: pure, no I/O.

Customers write most of the text a desk stores, and embedding code passes the rest; both
are untrusted. Each check returns the value it accepted (possibly normalised, e.g. a list
of names as a ``frozenset``) or raises :class:`~supportkit.InvalidInput` naming the
argument (``what``) and what is allowed, so a wrong type or value is refused where it is
passed, never as a late ``AttributeError``/``TypeError`` deep inside, and identically on
every store.

Text rules (:func:`require_text`):

* it is a ``str`` (``bytes`` are refused: decode them first, strictly);
* it is valid Unicode: a lone surrogate (``"\\ud800"``, what ``surrogateescape`` makes of
  an undecodable byte) cannot be written as UTF-8 and is refused with its position;
* it holds no NUL character (PostgreSQL cannot store one in a text column; SQLite and
  memory would, so refusing it here keeps every store identical);
* it is at most ``max_chars`` characters long, when a limit is given;
* it is not empty or blank unless ``allow_empty``.

Names (:func:`require_name`: ids, channels, categories, roles, field keys) are texts that
are also one line without control characters and at most :data:`MAX_NAME_CHARS` long.

Values are described in messages through :func:`describe`, which is bounded in size and
depth, so even a list nested 100 000 levels deep gives a short message, not a
``RecursionError``.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Mapping
from datetime import timedelta
from enum import Enum
from typing import Any, TypeVar

from supportkit.errors import InvalidInput

__all__ = [
    "MAX_NAME_CHARS",
    "describe",
    "require_bool",
    "require_duration",
    "require_instance",
    "require_int",
    "require_mapping_of_text",
    "require_name",
    "require_name_set",
    "require_name_tuple",
    "require_non_negative_int",
    "require_optional_name",
    "require_optional_name_set",
    "require_optional_text",
    "require_positive_int",
    "require_text",
]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

#: Longest id, channel, category, role or field name accepted (characters).
MAX_NAME_CHARS = 200

#: Characters no stored text may hold: lone surrogates (not Unicode scalar values, so not
#: writable as UTF-8) and NUL (PostgreSQL refuses it in text).
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
#: Characters a name may not hold besides those: C0 and C1 controls (incl. CR, LF, TAB,
#: ESC, DEL), the Unicode line and paragraph separators.
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 4


def _number(value: int) -> str:
    """``value`` as text, or its size when printing it would be huge (Python refuses to
    print ints of more than 4300 digits at all)."""
    if value.bit_length() > 128:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    return str(value)


def describe(value: object) -> str:
    """A short, safe description of ``value`` for an error message: its type and a
    bounded ``repr`` (never longer than ~120 characters, never recursing deeply)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"int {_number(value)}"
    try:
        shown = _REPR.repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        shown = "<unprintable>"
    if len(shown) > 120:
        shown = shown[:117] + "..."
    return f"{type(value).__name__} {shown}"


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def require_text(
    value: object, what: str, *, max_chars: int | None = None, allow_empty: bool = False
) -> str:
    """``value`` if it is valid text (see the module docstring), else :class:`InvalidInput`.

    ``max_chars``: the longest text accepted (``None``: no limit); ``allow_empty``: whether
    an empty or blank text is accepted.
    """
    if not isinstance(value, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(
            value, bytes | bytearray
        ) else ""
        raise InvalidInput(f"{what} must be text (str){hint}, got {describe(value)}")
    if max_chars is not None and len(value) > max_chars:
        raise InvalidInput(
            f"{what} is too long: {len(value)} characters; at most {max_chars} are accepted"
        )
    bad = _BAD_TEXT.search(value)
    if bad is not None:
        _refuse_char(what, bad, "text")
    if not allow_empty and not value.strip():
        raise InvalidInput(f"{what} must be a non-empty text, got {describe(value)}")
    return value


def _refuse_char(what: str, found: re.Match[str], kind: str) -> None:
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        reason = (
            "is a lone surrogate, not a Unicode character (bytes decoded with "
            "'surrogateescape'?); decode input strictly or with errors='replace'"
        )
    elif char == "\x00":
        reason = "is a NUL character, which no store keeps in text"
    else:
        reason = "is a control character or line break, not allowed in a " + kind
    raise InvalidInput(f"{what}: {_codepoint(char)} at position {found.start()} {reason}")


def require_optional_text(
    value: object, what: str, *, max_chars: int | None = None, allow_empty: bool = False
) -> str | None:
    """:func:`require_text`, keeping ``None``."""
    if value is None:
        return None
    return require_text(value, what, max_chars=max_chars, allow_empty=allow_empty)


def require_name(value: object, what: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A name (id, channel, category, role, field key): non-blank text on one line without
    control characters, at most ``max_chars`` long."""
    text = require_text(value, what, max_chars=max_chars)
    bad = _BAD_NAME.search(text)
    if bad is not None:
        _refuse_char(what, bad, "name")
    return text


def require_optional_name(
    value: object, what: str, *, max_chars: int = MAX_NAME_CHARS
) -> str | None:
    """:func:`require_name`, keeping ``None``."""
    return None if value is None else require_name(value, what, max_chars=max_chars)


def _items(value: object, what: str, example: str, noun: str = "names") -> list[Any]:
    if isinstance(value, str | bytes | bytearray):
        raise InvalidInput(
            f"{what}: give a list of {noun}, not the text {_REPR.repr(value)} (e.g. "
            f"{example}; a lone text would be taken apart letter by letter)"
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise InvalidInput(
            f"{what} must be a list of {noun} such as {example}, got {describe(value)}"
        )
    return list(value)


def require_name_tuple(
    value: object,
    what: str,
    *,
    max_items: int | None = None,
    example: str = "['a', 'b']",
    noun: str = "names",
) -> tuple[str, ...]:
    """An ordered list of names (a lone ``str`` is refused, not split into letters);
    ``noun`` says in messages what the names are (``"staff ids"``)."""
    items = _items(value, what, example, noun)
    if max_items is not None and len(items) > max_items:
        raise InvalidInput(f"{what} has {len(items)} items; at most {max_items} are accepted")
    return tuple(require_name(item, f"{what}[{index}]") for index, item in enumerate(items))


def require_name_set(
    value: object, what: str, *, max_items: int | None = None, example: str = "['a', 'b']"
) -> frozenset[str]:
    """A set of names from any iterable of them (a lone ``str`` is refused, not split into
    letters: pass ``['email']``, not ``'email'``)."""
    return frozenset(require_name_tuple(value, what, max_items=max_items, example=example))


def require_optional_name_set(
    value: object, what: str, *, max_items: int | None = None, example: str = "['a', 'b']"
) -> frozenset[str] | None:
    """:func:`require_name_set`, keeping ``None``."""
    if value is None:
        return None
    return require_name_set(value, what, max_items=max_items, example=example)


def require_mapping_of_text(
    value: object,
    what: str,
    *,
    max_items: int | None = None,
    max_key_chars: int = MAX_NAME_CHARS,
    max_value_chars: int | None = None,
) -> dict[str, str]:
    """A mapping of names to texts (e.g. a ticket's intake ``fields``), as a new ``dict``.

    ``None`` is the empty mapping. Keys are names (:func:`require_name`); values are texts
    (:func:`require_text`, empty allowed) of at most ``max_value_chars``; at most
    ``max_items`` entries.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(
            f"{what} must be a mapping of names to texts, e.g. {{'hostname': 'web1'}}, got "
            f"{describe(value)}"
        )
    if max_items is not None and len(value) > max_items:
        raise InvalidInput(
            f"{what} has {len(value)} entries; at most {max_items} are accepted"
        )
    result: dict[str, str] = {}
    for key, item in value.items():
        name = require_name(key, f"{what} key", max_chars=max_key_chars)
        result[name] = require_text(
            item, f"{what}[{name!r}]", max_chars=max_value_chars, allow_empty=True
        )
    return result


def require_int(
    value: object, what: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number (``bool`` and ``float`` are refused) in ``[minimum, maximum]``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"{what} must be a whole number (int), got {describe(value)}")
    if minimum is not None and value < minimum:
        raise InvalidInput(f"{what} must be at least {minimum}, got {_number(value)}")
    if maximum is not None and value > maximum:
        raise InvalidInput(f"{what} must be at most {maximum}, got {_number(value)}")
    return value


def require_positive_int(value: object, what: str, *, maximum: int | None = None) -> int:
    """A whole number of at least 1 (and at most ``maximum``)."""
    return require_int(value, what, minimum=1, maximum=maximum)


def require_non_negative_int(value: object, what: str, *, maximum: int | None = None) -> int:
    """A whole number of at least 0 (and at most ``maximum``)."""
    return require_int(value, what, minimum=0, maximum=maximum)


def require_bool(value: object, what: str) -> bool:
    """``True`` or ``False`` (not a truthy text such as ``"no"``, not ``0``/``1``)."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{what} must be True or False, got {describe(value)}")
    return value


def require_duration(
    value: object, what: str, *, allow_negative: bool = False
) -> timedelta:
    """A ``datetime.timedelta`` (not negative unless ``allow_negative``)."""
    if not isinstance(value, timedelta):
        raise InvalidInput(
            f"{what} must be a datetime.timedelta, e.g. timedelta(days=90), got {describe(value)}"
        )
    if not allow_negative and value < timedelta(0):
        raise InvalidInput(f"{what} must not be negative, got {value}")
    return value


def require_instance(value: object, cls: type[T], what: str, hint: str = "") -> T:
    """``value`` if it is a ``cls``, else :class:`InvalidInput` naming ``what`` (``hint``:
    how to build one, e.g. ``"WeeklySchedule.parse('Mon-Fri 09:00-17:00')"``)."""
    if not isinstance(value, cls):
        how = f" (e.g. {hint})" if hint else ""
        raise InvalidInput(f"{what} must be a {cls.__name__}{how}, got {describe(value)}")
    return value


def enum_member(value: object, cls: type[E]) -> E | None:
    """``value`` as a member of the text-valued enum ``cls`` (a member, or its value), or
    None for anything else. Only text is looked up: ``cls(value)`` would put a repr of any
    value in its error (a deeply nested list is a RecursionError there)."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str) and value in cls._value2member_map_:
        return cls(value)
    return None
