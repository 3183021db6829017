"""JSON Schema (draft 2020-12) of the public JSON form, generated from the attrs classes.

:func:`json_schema` walks a class's attrs fields and their type hints: every attrs class
becomes a definition under ``$defs`` (an object whose properties are its fields, all of
them required, as the converter writes every field, and no others), enums become ``enum``
lists of their values, ``X | None`` an ``anyOf`` with ``null``, tuples and lists arrays,
sets arrays of unique items, mappings objects. Instants are ``date-time`` strings and
durations ISO 8601 ``duration`` strings, as :func:`supportkit.to_json` writes them.

The few leaf types with their own text or mapping form in the converter (weekly schedules,
calendars, support codes, local times …) have their schema in :data:`LEAF_SCHEMAS`, next
to nothing else: a new attrs class needs no schema code. ``tests/test_json_schema.py``
validates what the converter emits against these schemas.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from supportkit.calendars import BusinessCalendar, CountryHolidays, HolidaySet, WeeklySchedule
from supportkit.entitlements.codes import LicenseKey, SupportCode
from supportkit.errors import InvalidInput
from supportkit.policy import Policy
from supportkit.problems import Problem

__all__ = ["DRAFT", "LEAF_SCHEMAS", "OMITTED_FIELDS", "OPTIONAL_FIELDS", "json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JsonSchema = dict[str, Any]

_NAMES: JsonSchema = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
_OPTIONAL_NAMES: JsonSchema = {"anyOf": [_NAMES, {"type": "null"}]}
_COUNTRY: JsonSchema = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "subdiv": {"type": ["string", "null"]},
        "names": _OPTIONAL_NAMES,
        "observed": {"type": "boolean"},
        "categories": _OPTIONAL_NAMES,
    },
    "required": ["code", "subdiv", "names", "observed", "categories"],
    "additionalProperties": False,
}
_DATES: JsonSchema = {"type": "array", "items": {"type": "string", "format": "date"}}
_HOLIDAYS: JsonSchema = {
    "type": "object",
    "properties": {
        "countries": {"type": "array", "items": _COUNTRY},
        "dates": _DATES,
        "rules": {"type": "array", "items": {"type": "string"}},
        "open_days": _DATES,
    },
    "required": ["countries", "dates", "rules", "open_days"],
    "additionalProperties": False,
}

#: Schemas of the leaf types the converter writes in their own form (text or a mapping
#: written by a hook in this package), by type.
LEAF_SCHEMAS: Mapping[Any, JsonSchema] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    type(None): {"type": "null"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    time: {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"},
    timedelta: {"type": "string", "format": "duration",
                "pattern": "^-?P([0-9]+W)?([0-9]+D)?"
                           "(T([0-9]+H)?([0-9]+M)?([0-9]+([.,][0-9]+)?S)?)?$"},
    SupportCode: {"type": "string", "pattern": "^[0-9]{10}$"},
    LicenseKey: {"type": "string"},
    WeeklySchedule: {"type": "string", "description": "e.g. 'Mon-Fri 09:00-18:00'"},
    CountryHolidays: _COUNTRY,
    HolidaySet: _HOLIDAYS,
    BusinessCalendar: {
        "type": "object",
        "properties": {"schedule": {"type": "string"}, "tz": {"type": "string"},
                       "holidays": _HOLIDAYS},
        "required": ["schedule", "tz", "holidays"],
        "additionalProperties": False,
    },
}

#: Fields the converter leaves out of a class's JSON form (init-only aliases).
OMITTED_FIELDS: Mapping[type, frozenset[str]] = {Policy: frozenset({"_reopen_window"})}

#: Fields left out of the JSON form when they are ``None`` (the RFC 9457 extension members
#: of :class:`~supportkit.Problem`), by class; other fields are always written.
OPTIONAL_FIELDS: Mapping[type, frozenset[str]] = {
    Problem: frozenset(f.name for f in attrs.fields(Problem) if f.default is None),
}

_JSON_ANY: JsonSchema = {}


class _Builder:
    def __init__(self, ref_template: str) -> None:
        self.ref_template = ref_template
        self.defs: dict[str, JsonSchema] = {}
        self.classes: dict[str, type] = {}

    def ref(self, cls: type) -> JsonSchema:
        name = cls.__name__
        if self.classes.setdefault(name, cls) is not cls:
            raise InvalidInput(f"two classes named {name}: {cls!r} and {self.classes[name]!r}")
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursive types refer to it meanwhile
            self.defs[name] = self.build(cls)
        return {"$ref": self.ref_template.format(name=name)}

    def build(self, cls: type) -> JsonSchema:
        if issubclass(cls, Enum):
            values = [member.value for member in cls]
            schema: JsonSchema = {"title": cls.__name__, "enum": values}
            if all(isinstance(value, str) for value in values):
                schema["type"] = "string"
            return schema
        hints = typing.get_type_hints(cls)
        omitted = OMITTED_FIELDS.get(cls, frozenset())
        optional = OPTIONAL_FIELDS.get(cls, frozenset())
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        for field in attrs.fields(typing.cast(Any, cls)):
            if not field.init or field.name in omitted:
                continue
            name = field.name.lstrip("_")
            properties[name] = self.of(hints[field.name])
            if name not in optional:
                required.append(name)
        schema = {"title": cls.__name__, "type": "object"}
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        if doc:
            schema["description"] = " ".join(doc.split())
        schema.update(properties=properties, required=required, additionalProperties=False)
        return schema

    def of(self, type_: Any) -> JsonSchema:
        if type_ is Any or type_ is object:
            return dict(_JSON_ANY)
        if type_ in LEAF_SCHEMAS:
            return dict(LEAF_SCHEMAS[type_])
        origin = get_origin(type_)
        args = get_args(type_)
        if origin is Literal:
            return {"enum": [a.value if isinstance(a, Enum) else a for a in args]}
        if origin is Union or origin is types.UnionType:
            return self._union(args)
        if isinstance(type_, type) and (attrs.has(type_) or issubclass(type_, Enum)):
            return self.ref(type_)
        if origin is not None and isinstance(origin, type):
            if issubclass(origin, Mapping):
                value = self.of(args[1]) if len(args) == 2 else dict(_JSON_ANY)
                return {"type": "object", "additionalProperties": value}
            if issubclass(origin, AbstractSet):
                item = self.of(args[0]) if args else dict(_JSON_ANY)
                return {"type": "array", "items": item, "uniqueItems": True}
            if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.of(args[0])}
            if origin is tuple:
                return {"type": "array", "prefixItems": [self.of(a) for a in args],
                        "minItems": len(args), "maxItems": len(args)}
            if issubclass(origin, Sequence):
                return {"type": "array", "items": self.of(args[0]) if args else {}}
        if isinstance(type_, type) and issubclass(type_, Mapping):
            return {"type": "object"}
        raise InvalidInput(f"no JSON Schema for type {type_!r}: add it to LEAF_SCHEMAS")

    def _union(self, args: tuple[Any, ...]) -> JsonSchema:
        parts = [self.of(a) for a in args]
        simple = [p.get("type") for p in parts]
        if all(isinstance(t, str) and len(p) == 1 for t, p in zip(simple, parts, strict=True)):
            return {"type": list(dict.fromkeys(t for t in simple if isinstance(t, str)))}
        return {"anyOf": parts}


def json_schema(cls: type, *, ref_template: str = "#/$defs/{name}") -> dict[str, Any]:
    """The JSON Schema of ``cls``'s public JSON form (what ``to_json`` writes).

    The result is a standalone draft 2020-12 document: the class's own schema with the
    classes it refers to under ``$defs``. For an OpenAPI document, pass
    ``ref_template="#/components/schemas/{name}"`` and move the ``$defs`` entries to
    ``components.schemas``. An attrs class or enum only; anything else is
    :class:`~supportkit.InvalidInput`.
    """
    if not (isinstance(cls, type) and (attrs.has(cls) or issubclass(cls, Enum))):
        raise InvalidInput(f"json_schema takes an attrs class or an enum, got {cls!r}")
    builder = _Builder(ref_template)
    builder.ref(cls)
    schema: dict[str, Any] = {"$schema": DRAFT, **builder.defs.pop(cls.__name__)}
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema

