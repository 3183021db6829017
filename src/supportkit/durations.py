"""Human-friendly durations: ``"90d"``, ``"2h"``, ``"1h30m"``, ``"15m"``, ``"45s"``.

Used by policy files and the command line. A bare number is a count of seconds.

The public JSON form (:func:`supportkit.to_json`) writes ISO 8601 durations instead
(``"PT1H"``, ``"P3D"``, ``"P1DT2H30M"``): :func:`format_iso_duration` and
:func:`parse_iso_duration`. Only exact units are used (days of 24 hours, hours, minutes,
seconds); years and months, whose length varies, are refused.
"""

from __future__ import annotations

import re
from datetime import timedelta

from supportkit.errors import InvalidInput

__all__ = ["format_duration", "format_iso_duration", "parse_duration", "parse_iso_duration"]

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


#: Longest ISO 8601 duration text read (far more than any real duration needs).
MAX_ISO_DURATION_CHARS = 64
# Each part is optional and has its own designator letter: no nested or overlapping
# quantifiers, so matching is linear in the text.
_ISO = re.compile(
    r"([-+])?P(?:(\d{1,9})W)?(?:(\d{1,9})D)?"
    r"(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})(?:[.,](\d{1,9}))?S)?)?"
)
_ISO_EXAMPLES = "such as 'PT15M', 'PT2H', 'P1DT2H30M', 'P90D' or 'PT0.5S'"


def format_iso_duration(value: timedelta) -> str:
    """``value`` as an ISO 8601 duration: ``"PT1H"``, ``"P3D"``, ``"P1DT2H30M"``,
    ``"PT0.5S"``, ``"PT0S"`` for zero and a leading ``-`` for a negative one (ISO 8601-2)."""
    micro = value // timedelta(microseconds=1)
    sign = "-" if micro < 0 else ""
    seconds, fraction = divmod(abs(micro), 1_000_000)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if fraction:
        clock += f"{seconds}.{fraction:06d}".rstrip("0") + "S"
    elif seconds:
        clock += f"{seconds}S"
    if not days and not clock:
        return "PT0S"
    return f"{sign}P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def parse_iso_duration(text: object) -> timedelta:
    """Read an ISO 8601 duration (weeks, days, hours, minutes, seconds with an optional
    fraction; a leading ``-`` negates). Anything else, including years and months, whose
    length varies, is :class:`InvalidInput`."""
    if not isinstance(text, str):
        raise InvalidInput(
            f"duration must be ISO 8601 text {_ISO_EXAMPLES}, got {type(text).__name__}"
        )
    if len(text) > MAX_ISO_DURATION_CHARS:
        raise InvalidInput(
            f"duration of {len(text)} characters refused: at most {MAX_ISO_DURATION_CHARS}"
        )
    match = _ISO.fullmatch(text)
    if match is None or text.rstrip("T").endswith("P") or text.endswith("T"):
        hint = (" (years and months vary in length: give days)"
                if re.search("[YyMm]", text.split("T")[0]) else "")
        raise InvalidInput(f"duration {text[:64]!r} refused: use ISO 8601 {_ISO_EXAMPLES}{hint}")
    sign, weeks, days, hours, minutes, seconds, fraction = match.groups()
    try:
        total = timedelta(
            weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
            minutes=int(minutes or 0), seconds=int(seconds or 0),
            microseconds=int((fraction or "0").ljust(6, "0")[:6]),
        )
    except OverflowError as exc:
        raise InvalidInput(f"duration {text!r} refused: too long (at most 999999999 days)") from exc
    return -total if sign == "-" else total
