"""Hooks for SLA, escalation and paging policies: local times of day as ``"HH:MM"`` text."""

from __future__ import annotations

from datetime import time

import cattrs

from supportkit.errors import InvalidInput


def _time(value: object, _: object) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"expected a local time such as '08:00', got {value!r}")
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(f"expected a local time such as '08:00', got {value!r}") from exc
    if parsed.tzinfo is not None:
        raise InvalidInput(f"a local time takes no offset, got {value!r}")
    return parsed


def _time_text(value: time) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def register(conv: cattrs.Converter) -> None:
    """Local times of day (``EmergencyPolicy.cutoff`` / ``morning``) as ``"08:00"`` text."""
    conv.register_unstructure_hook(time, _time_text)
    conv.register_structure_hook(time, _time)
