"""Service levels: which hours, which channels, which extras a contract buys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = ["ServiceLevel", "levels_by_name", "name_set", "optional_name_set",
           "text_tuple"]


def _name(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"ServiceLevel.{attribute.name} must be a non-empty text, got {describe(value)}"
        )


def name_set(value: Iterable[str]) -> frozenset[str]:
    """attrs converter: a set of names; a lone text is refused (it is not a list of names)."""
    if isinstance(value, str):
        raise InvalidInput(f"give a list of names, not the text {value!r}")
    return frozenset(value)


def text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: an ordered list of texts; a lone text is refused."""
    if isinstance(value, str):
        raise InvalidInput(f"give a list of texts, not the text {value!r}")
    return tuple(value)


def optional_name_set(value: Iterable[str] | None) -> frozenset[str] | None:
    """:func:`name_set`, keeping ``None``."""
    return None if value is None else name_set(value)


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
    channels: frozenset[str] | None = attrs.field(default=None, converter=optional_name_set)
    premium: bool = False
    tag: str | None = None
    flags: frozenset[str] = attrs.field(default=frozenset(), converter=name_set)

    def allows(self, channel: str | None) -> bool:
        """True when ``channel`` (``None``: unspecified) may be used at this level."""
        return channel is None or self.channels is None or channel in self.channels


def levels_by_name(_: object, __: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    """attrs validator for ``Policy.service_levels``: each key is its level's name."""
    for name, level in value.items():
        if not isinstance(level, ServiceLevel) or level.name != name:
            raise InvalidInput(
                f"Policy.service_levels[{name!r}] must be a ServiceLevel named {name!r}"
            )
