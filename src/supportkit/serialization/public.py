"""Hooks of the public JSON form: what web front ends send and receive.

The storage form (what the stores and the export file keep) writes instants with whichever
offset they carry and durations as ``"1h30m"`` text; it stays as it is, so old files keep
loading. The public form, registered on top of the same hooks by
``make_converter(public=True)``, differs only in these leaves:

* instants are UTC text in ``Z`` form (``"2026-03-01T09:00:00Z"``), or — with a ``zone`` —
  the same instant rendered in that IANA zone (``"2026-03-01T10:00:00+01:00"``); read back,
  any ISO 8601 text with an offset or ``Z`` is accepted and a naive one is refused;
* durations are ISO 8601 (``"PT1H"``, ``"P3D"``, ``"P1DT2H30M"``);
* the instants and durations an event keeps in its ``data`` as text (``eta``,
  ``respond_by``, ``eligible_at``, ``run_at``; a purge's ``keep``) are written the same way.

Everything else (enums as their values, sets as sorted lists, calendars, support codes …)
is shared with the storage form.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn

from supportkit._time import require_aware
from supportkit.durations import format_iso_duration, parse_duration, parse_iso_duration
from supportkit.errors import InvalidInput
from supportkit.tickets.model import Event, EventValue

__all__ = [
    "EVENT_DURATION_KEYS",
    "EVENT_INSTANT_KEYS",
    "MAX_INSTANT_CHARS",
    "instant_text",
    "read_instant",
    "register",
]

#: Keys of ``Event.data`` whose text is an instant, and those whose text is a duration.
EVENT_INSTANT_KEYS = frozenset({"eta", "respond_by", "eligible_at", "run_at"})
EVENT_DURATION_KEYS = frozenset({"keep"})

#: Longest instant text read (``2026-03-01T09:00:00.123456+05:30`` is 32 characters).
MAX_INSTANT_CHARS = 64


def instant_text(value: datetime, zone: tzinfo | None = None) -> str:
    """``value`` as ISO 8601 text: UTC with ``Z``, or in ``zone`` with its offset."""
    if zone is not None and zone is not UTC:
        return value.astimezone(zone).isoformat()
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def read_instant(value: Any, _: Any = None) -> datetime:
    """An aware datetime from ISO 8601 text with an offset or ``Z``."""
    if isinstance(value, datetime):
        return require_aware(value, "instant")
    if not isinstance(value, str):
        raise InvalidInput(
            f"instant must be ISO 8601 text such as '2026-03-01T09:00:00Z', "
            f"got {type(value).__name__}"
        )
    if len(value) > MAX_INSTANT_CHARS:
        raise InvalidInput(f"instant of {len(value)} characters refused: at most "
                           f"{MAX_INSTANT_CHARS}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(
            f"instant {value!r} refused: give ISO 8601 text such as '2026-03-01T09:00:00Z'"
        ) from exc
    return require_aware(parsed, f"instant {value!r}")


def _event_value(key: str, value: EventValue, zone: tzinfo | None) -> EventValue:
    if not isinstance(value, str):
        return value
    try:
        if key in EVENT_INSTANT_KEYS:
            return instant_text(read_instant(value), zone)
        if key in EVENT_DURATION_KEYS:
            return format_iso_duration(parse_duration(value))
    except InvalidInput:  # e.g. keep = "forever": written as it was recorded
        return value
    return value


def register(conv: cattrs.Converter, zone: tzinfo | None = None) -> None:
    """Register the public leaves on ``conv`` (after every area's hooks, which they
    override for instants and durations)."""

    def instant(value: datetime) -> str:
        return instant_text(value, zone)

    def optional_instant(value: datetime | None) -> str | None:
        return None if value is None else instant_text(value, zone)

    def optional_read(value: Any, _: Any) -> datetime | None:
        return None if value is None else read_instant(value)

    conv.register_unstructure_hook(datetime, instant)
    conv.register_unstructure_hook(datetime | None, optional_instant)
    conv.register_structure_hook(datetime, read_instant)
    # (a predicate, not the type: so it takes precedence over the factory's Optional hook)
    conv.register_structure_hook_func(lambda t: t == datetime | None, optional_read)
    conv.register_unstructure_hook(timedelta, format_iso_duration)
    conv.register_structure_hook(timedelta, lambda value, _: parse_iso_duration(value))

    def event_hook(cls: Any) -> Any:
        base = make_dict_unstructure_fn(cls, conv)

        def event(value: Event) -> dict[str, Any]:
            data: dict[str, Any] = base(value)
            data["data"] = {key: _event_value(key, item, zone)
                            for key, item in value.data.items()}
            return data

        return event

    conv.register_unstructure_hook_factory(lambda cls: cls is Event, event_hook)
