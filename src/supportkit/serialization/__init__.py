"""The one cattrs converter for every public type (JSON- and TOML-friendly dicts).

Formats: instants are ISO-8601 with their offset; durations are ``"1h30m"``-style text
(numbers are read as seconds); enums are their values; sets are sorted lists. Each area of the
library registers its hooks in a module of this package; :func:`make_converter` calls them all.

Two converters come from the one factory: :data:`converter` (behind :func:`structure` and
:func:`unstructure`) collects every error with its path, for data from outside;
:data:`read_converter` (``make_converter(trusted=True)``, behind :func:`structure_stored`) is
for snapshots a store wrote itself and reads back on every query: the same hooks and
formats, cattrs' detailed validation off, and plain values passed straight to the attrs
classes (:mod:`supportkit.serialization.readback`). Both build equal objects, with every
attrs validator run.

A third form comes from the same factory for web front ends: the **public JSON form**
(``make_converter(public=True)``, behind :func:`to_json` and :func:`from_json`): UTC
instants in ``Z`` form (or rendered in a given zone) and ISO 8601 durations
(:mod:`supportkit.serialization.public`), described by a JSON Schema per class
(:func:`~supportkit.serialization.schema.json_schema`). The storage form above is what
stores and export files keep; it does not change.

The SQL stores write that storage form as text with :func:`stored_json` (and
:func:`stored_json_bytes`): compiled by ``orjson`` from the data of a fourth converter of the
factory (``make_converter(native_instants=True)``: the same hooks, UTC instants left for
``orjson`` to write, NaN refused); what ``orjson`` refuses (a lone surrogate, an integer
beyond 64 bits, a key that is not text) is written by the standard encoder as before, so
the stores' refusals and what they keep stay as they were.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from types import UnionType
from typing import (
    Any,
    Literal,
    TypeAlias,
    TypeVar,
    Union,
    get_args,
    get_origin,
    overload,
)
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cattrs
import orjson
from attrs import AttrsInstance
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_unstructure_fn
from cattrs.preconf.json import make_converter as _make_json_converter
from cattrs.v import format_exception

from supportkit.errors import InvalidInput, SupportkitError
from supportkit.inputs import describe
from supportkit.problems import Problem, problem_details
from supportkit.serialization import (
    access,
    calendars,
    entitlements,
    objects,
    privacy,
    readback,
    scalars,
    sla,
    stored,
    tickets,
)
from supportkit.serialization.public import register as register_public

__all__ = [
    "JSON",
    "JSONObject",
    "converter",
    "from_json",
    "make_converter",
    "public_converter",
    "read_converter",
    "stored_json",
    "stored_json_bytes",
    "structure",
    "structure_stored",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

#: A JSON value: what :func:`unstructure` and :func:`to_json` return and ``json.dumps`` takes.
JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None
#: A JSON object: what an attrs instance unstructures to.
JSONObject: TypeAlias = dict[str, JSON]


def _is_set(type_: Any) -> bool:
    origin = get_origin(type_) or type_
    return isinstance(origin, type) and issubclass(origin, AbstractSet)


def _sorted_sets(conv: cattrs.Converter) -> None:
    """Sets as sorted lists, so a dump does not depend on the process's hash seed (areas
    register more specific hooks after this one, which take precedence)."""

    def unstructure_set(value: AbstractSet[Any]) -> list[Any]:
        items = [conv.unstructure(item) for item in value]
        if len(items) < 2:  # most sets in a snapshot (roles, methods) hold one item or none
            return items
        try:
            return sorted(items)
        except TypeError:  # mixed or unorderable items: by their JSON text
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))

    conv.register_unstructure_hook_func(_is_set, unstructure_set)


def _refuse_text_for_sets(conv: cattrs.Converter) -> None:
    """A set field given one text (``channels = "email"``) is refused, not split into its
    letters; a list (``["email"]``) is what a set field takes."""

    def structure_set_of(type_: Any) -> Callable[[Any, Any], AbstractSet[Any]]:
        # The type's parts are looked up once per set type, not once per value read.
        args = get_args(type_)
        item_type = args[0] if args else None
        names = item_type is str  # str() would make [1] or [["email"]] a name
        make = set if (get_origin(type_) or type_) is set else frozenset

        def structure_set(value: Any, _: Any) -> AbstractSet[Any]:
            if isinstance(value, str | bytes):
                raise InvalidInput(
                    f"give a list of names, not the text {value!r:.60} (e.g. [{value!r:.60}])"
                )
            if not isinstance(value, list | tuple | set | frozenset):
                raise InvalidInput(f"give a list of names, got {type(value).__name__}")
            if names:
                for item in value:
                    if not isinstance(item, str):
                        raise InvalidInput(
                            f"give a list of names (texts), got {describe(item)}")
                return make(value)
            if item_type is None:
                return make(value)
            return make([conv.structure(item, item_type) for item in value])

        return structure_set

    conv.register_structure_hook_factory(_is_set, structure_set_of)


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return (get_origin(type_) in (Union, UnionType) and len(args) == 2
            and type(None) in args)


def _optional_hooks(conv: cattrs.Converter) -> None:
    """``X | None`` read as cattrs' own Optional hook reads it (None stays None, anything
    else is read as ``X``), with ``X``'s hook looked up once per type instead of once per
    value: a ticket snapshot holds about fourteen optional fields. Registered first, so the
    hooks of particular optional types registered after it take precedence; such a hook is
    registered with ``register_structure_hook_func`` and a predicate (``lambda t: t ==
    datetime | None``): cattrs keeps hooks registered for a union *type* in a table it
    consults before any predicate registered later, this factory's included."""

    def optional_of(type_: Any) -> Callable[[Any, Any], Any]:
        first, second = get_args(type_)
        inner = second if first is type(None) else first
        hook = conv.get_structure_hook(inner)

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure_optional

    conv.register_structure_hook_factory(_is_optional, optional_of)


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _shown(value: object) -> str:
    """``value`` for an error message: a text's first 80 characters, else its type (a
    repr of a deeply nested value would itself fail)."""
    return repr(value[:80]) if isinstance(value, str) else describe(value)


def _literal_text(type_: Any) -> Callable[[Any, Any], Any]:
    """The hook of one ``Literal`` type (its names looked up once, not per value read)."""
    names = get_args(type_)
    all_text = all(isinstance(name, str) for name in names)

    def literal_text(value: Any, _: Any) -> Any:
        if all_text and isinstance(value, str):
            return value
        if value in names:
            return value
        raise InvalidInput(f"expected one of {', '.join(map(repr, names))}, got {_shown(value)}")

    return literal_text


def _optional_instant(value: Any, _: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def make_converter(
    *,
    trusted: bool = False,
    public: bool = False,
    zone: tzinfo | None = None,
    native_instants: bool = False,
    detailed: bool = True,
) -> cattrs.Converter:
    """A new converter with every supportkit hook registered.

    ``trusted=True`` is for reading back what a supportkit converter wrote: cattrs'
    detailed validation is off (structuring stops at the first error instead of collecting
    every one with its path) and plain values pass through to the attrs classes
    (:mod:`supportkit.serialization.readback`). The objects built are the same.

    ``public=True`` gives the public JSON form (:mod:`supportkit.serialization.public`):
    the same hooks, with instants in UTC ``Z`` form (or rendered in ``zone``) and ISO 8601
    durations.

    ``native_instants=True`` is the converter behind :func:`stored_json`: UTC instants are
    left as ``datetime`` objects for ``orjson`` to write (its data is for that encoder
    only), non-finite numbers refused (:mod:`supportkit.serialization.stored`).

    ``detailed=False`` keeps the validating hooks but turns cattrs' detailed validation off:
    it accepts and builds exactly what the detailed converter does, and refuses the same
    data, with its first error only (no path). :func:`structure` reads with it first and
    reads a refused value again with :data:`converter`, for the message.
    """
    conv = _make_json_converter(detailed_validation=detailed and not trusted)
    _optional_hooks(conv)
    _sorted_sets(conv)
    if trusted:
        readback.register(conv)
    else:
        # Text, numbers, flags and enums of the JSON type they name, never coerced.
        scalars.register(conv)
        _refuse_text_for_sets(conv)
        objects.register(conv)
    # Tuples of one type (messages, events, attachments) through cattrs' generated hook
    # rather than the generic one, and optional instants with one call instead of a
    # dispatch through the Optional hook: the bulk of a ticket snapshot.
    conv.register_structure_hook_factory(
        stored.is_homogeneous_tuple, homogenous_tuple_structure_factory
    )
    conv.register_structure_hook_func(lambda t: t == datetime | None, _optional_instant)
    # Names typed as a Literal (Policy.routing, Event.kind …): text passes to the attrs
    # class, whose validator names the allowed values (an event kind a newer version wrote
    # still loads, as when the field was plain text).
    conv.register_structure_hook_factory(_is_literal, _literal_text)
    # The types a stored ticket is made of, without cattrs' generic dispatch (instants,
    # optional plain values, sets of names, mappings of details): what bulk inserts cost.
    stored.register(conv, native_instants=native_instants)
    tickets.register(conv)
    entitlements.register(conv)
    access.register(conv)
    privacy.register(conv)
    calendars.register(conv)
    sla.register(conv)
    # A problem-details body leaves out the extension members that do not apply.
    conv.register_unstructure_hook_factory(
        lambda cls: cls is Problem,
        lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True),
    )
    if public:
        register_public(conv, zone)
    return conv


converter = make_converter()
#: The same hooks for reading back data a supportkit store wrote (see :func:`make_converter`).
read_converter = make_converter(trusted=True)
#: The storage form's data for ``orjson`` (see :func:`stored_json`).
_native_converter = make_converter(native_instants=True)
#: The standard encoder, compact: what :func:`stored_json` falls back to.
_standard_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def stored_json_bytes(obj: object) -> bytes:
    """The storage form of ``obj`` (:func:`unstructure`'s data) as compact UTF-8 JSON.

    ``orjson`` writes it (same keys in the same order, same instants' text; non-ASCII text
    as UTF-8 rather than ``\\u`` escapes: the same JSON value). What ``orjson`` refuses (a
    lone surrogate, an integer beyond 64 bits, a key that is not text) is written by the
    standard encoder exactly as before this encoder was used, ``ensure_ascii`` (a lone
    surrogate shows as a ``\\udXXX`` escape, which the stores then refuse by its field's
    name). Data not JSON at all, or a NaN or infinity, is :class:`~supportkit.InvalidInput`.
    """
    try:
        return orjson.dumps(_native_converter.unstructure(obj))
    except orjson.JSONEncodeError:
        return _standard_json(obj).encode()


def stored_json(obj: object) -> str:
    """:func:`stored_json_bytes` as text (what a SQLite ``TEXT`` column takes)."""
    return stored_json_bytes(obj).decode()


def _standard_json(obj: object) -> str:
    data = converter.unstructure(obj)
    try:
        return _standard_encode(data)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"cannot store {data!r:.200} as JSON: {exc}") from exc


#: :data:`converter` without cattrs' per-field error collection, which costs about a tenth
#: of reading a ticket snapshot: :func:`structure`'s first pass (see :func:`make_converter`).
_first_pass = make_converter(detailed=False)


@overload
def unstructure(obj: AttrsInstance) -> JSONObject: ...
@overload
def unstructure(obj: object) -> JSON: ...
def unstructure(obj: object) -> JSON:
    """``obj`` as plain JSON-compatible data, in the storage form (what stores and export
    files keep; :func:`to_json` gives the public form for web front ends)."""
    data: JSON = converter.unstructure(obj)
    return data


@lru_cache(maxsize=64)
def _public(zone: str | tzinfo | None) -> cattrs.Converter:
    return make_converter(public=True, zone=ZoneInfo(zone) if isinstance(zone, str) else zone)


def public_converter(zone: str | tzinfo | None = None) -> cattrs.Converter:
    """The converter of the public JSON form, instants rendered in ``zone`` (an IANA name,
    a :class:`~zoneinfo.ZoneInfo` or a fixed-offset :class:`~datetime.timezone`;
    ``None``: UTC in ``Z`` form). One is built per zone and kept."""
    if zone is not None and not isinstance(zone, str | ZoneInfo | timezone):
        raise InvalidInput(
            f"zone must be an IANA name such as 'Europe/Paris', got {_shown(zone)}")
    try:
        return _public(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        raise InvalidInput(
            f"zone {_shown(zone)} refused: give an IANA name such as 'Europe/Paris'"
        ) from exc


@overload
def to_json(obj: AttrsInstance, *, zone: str | tzinfo | None = None) -> JSONObject: ...
@overload
def to_json(obj: object, *, zone: str | tzinfo | None = None) -> JSON: ...
def to_json(obj: object, *, zone: str | tzinfo | None = None) -> JSON:
    """``obj`` (a ticket, a decision, an SLA status, a report, a list of them …) in the
    public JSON form: plain data ready for ``json.dumps`` or a web framework's JSON
    response, as described by :func:`~supportkit.json_schema` of its class.

    Instants are UTC text in ``Z`` form (``"2026-03-01T09:00:00Z"``), or the same instants
    rendered in ``zone`` (``"Europe/Paris"`` → ``"2026-03-01T10:00:00+01:00"``);
    durations are ISO 8601 (``"PT1H"``, ``"P3D"``). An error is written as its RFC 9457
    problem-details body (:func:`~supportkit.problem_details`).
    """
    if isinstance(obj, SupportkitError):
        obj = problem_details(obj)
    data: JSON = public_converter(zone).unstructure(obj)
    return data


def from_json(data: object, cls: type[T]) -> T:
    """Build a ``cls`` from its public JSON form (what :func:`to_json` wrote, or a web
    client sent): instants need an offset or ``Z``, durations are ISO 8601. Errors are
    :class:`~supportkit.InvalidInput` naming the field."""
    return _structure_with(public_converter(None), data, cls)


def _describe(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, InvalidInput):  # our own validators already say what is allowed
        return str(exc)
    return format_exception(exc, type_)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data; errors are :class:`~supportkit.InvalidInput`."""
    # The first pass accepts what the detailed converter accepts and builds the same
    # objects; only data it refuses is read again, so the message names every bad path.
    try:
        return _first_pass.structure(data, cls)
    except Exception:  # noqa: S110 (refused: read again below, outside this handler)
        pass
    return _structure_with(converter, data, cls)


def _structure_with(conv: cattrs.Converter, data: Any, cls: type[T]) -> T:
    try:
        return conv.structure(data, cls)
    except InvalidInput:
        raise
    except cattrs.BaseValidationError as exc:
        where = "; ".join(
            cattrs.transform_error(exc, path=cls.__name__, format_exception=_describe)
        )
        raise InvalidInput(f"cannot read {cls.__name__}: {where}") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(f"cannot read {cls.__name__} from {_shown(data)}: {exc}") from exc


def structure_stored(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from data that :func:`unstructure` produced and a store kept (ticket
    snapshots read back by the SQL stores): :data:`read_converter`, which skips cattrs'
    per-field error collection. The objects are equal to what :func:`structure` builds and
    attrs validators still run; a failure is :class:`~supportkit.InvalidInput` with a
    shorter message (no per-field path)."""
    try:
        return read_converter.structure(data, cls)
    except InvalidInput:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput(f"cannot read {cls.__name__} from {_shown(data)}: {exc}") from exc
