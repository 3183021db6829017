"""Service levels: which hours, which channels, which extras a contract buys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from supportkit.errors import InvalidInput

__all__ = ["ServiceLevel"]


def _name(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"ServiceLevel.{attribute.name} must be a non-empty text, got {value!r}")


def _optional_frozenset(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise InvalidInput(f"give a list of names, not the text {value!r}")
    return frozenset(value)


@attrs.frozen(kw_only=True)
class ServiceLevel:
    """One level of support a contract can buy (OpenSVC: Standard and Premium).

    ``calendar`` names the support-hours calendar of this level: a key into
    ``Policy.calendars`` (``None``: the policy's default calendar). ``channels``: the intake
    channels this level may use (``None``: every channel the policy accepts); a channel
    outside it is refused with the levels that allow it. ``premium`` marks levels whose
    ``tag`` (e.g. ``"PREMIUM_SUPPORT"``) may be put on an asset: every service running on a
    tagged node is then covered at this level. ``flags`` are free-form extras other areas
    may test (e.g. ``"paging"``).
    """

    name: str = attrs.field(validator=_name)
    calendar: str | None = None
    channels: frozenset[str] | None = attrs.field(default=None, converter=_optional_frozenset)
    premium: bool = False
    tag: str | None = None
    flags: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)

    def allows(self, channel: str | None) -> bool:
        """True when ``channel`` (``None``: unspecified) may be used at this level."""
        return channel is None or self.channels is None or channel in self.channels
