"""Human-friendly durations: ``"90d"``, ``"2h"``, ``"1h30m"``, ``"15m"``, ``"45s"``.

Used by policy files and the command line. A bare number is a count of seconds.
"""

from __future__ import annotations

import re
from datetime import timedelta

from supportkit.errors import InvalidInput

__all__ = ["format_duration", "parse_duration"]

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhms])", re.IGNORECASE)


def parse_duration(text: str | int | float) -> timedelta:
    """Parse ``"1h30m"``-style text (units w, d, h, m, s; a leading ``-`` negates) or a
    number of seconds. Anything else is :class:`InvalidInput`."""
    if isinstance(text, bool):
        raise InvalidInput(f"duration {text!r} refused: give e.g. '15m', '2h', '90d'")
    if isinstance(text, int | float):
        return timedelta(seconds=text)
    raw = text.strip()
    sign = -1 if raw.startswith("-") else 1
    body = raw.lstrip("+-").strip()
    if re.fullmatch(r"\d+(\.\d+)?", body):
        return sign * timedelta(seconds=float(body))
    pos = 0
    total = 0.0
    for match in _PART.finditer(body):
        if body[pos : match.start()].strip():
            break
        total += float(match.group(1)) * _UNITS[match.group(2).lower()]
        pos = match.end()
    if not body or pos == 0 or body[pos:].strip():
        raise InvalidInput(
            f"duration {text!r} refused: use numbers with units w, d, h, m, s "
            "such as '15m', '2h', '1h30m' or '90d'"
        )
    return sign * timedelta(seconds=total)


def format_duration(value: timedelta) -> str:
    """The shortest ``"1d2h3m4s"``-style text for ``value`` (``"0s"`` for zero)."""
    micro = value // timedelta(microseconds=1)
    if micro % 1_000_000:
        return f"{value.total_seconds()}s"
    seconds = micro // 1_000_000
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return sign + ("".join(parts) or "0s")
