"""Severity and priority schemes: ordered levels as data.

A scheme lists its levels from the most urgent to the least urgent. Keys are the values
callers pass (``1`` for Odin's Urgent, ``"medium"`` for InterWorx); labels are for people.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = [
    "HIGH_NORMAL_LOW",
    "INFORMATION_TO_URGENT",
    "SEVERITIES_1_TO_4",
    "PriorityKey",
    "PriorityLevel",
    "PriorityScheme",
]

PriorityKey = int | str



def _shown(key: object) -> str:
    """``key`` for a message: as written when short text or a plain number, else described
    (an int of thousands of digits cannot be printed, a nested list recurses)."""
    if isinstance(key, str):
        return repr(key[:60])
    if isinstance(key, int) and key.bit_length() <= 128:
        return repr(key)
    return describe(key)

@attrs.frozen
class PriorityLevel:
    """One level: the key callers use and the label people read."""

    key: PriorityKey
    label: str


def _check_levels(scheme: PriorityScheme, _: object, levels: tuple[PriorityLevel, ...]) -> None:
    if not levels:
        raise InvalidInput(f"priority scheme {scheme.name!r} needs at least one level")
    keys = [level.key for level in levels]
    if len(set(keys)) != len(keys):
        raise InvalidInput(f"priority scheme {scheme.name!r} has duplicate keys: {keys!r}")


def _levels(value: Iterable[PriorityLevel]) -> tuple[PriorityLevel, ...]:
    return tuple(value)


@attrs.frozen
class PriorityScheme:
    """Ordered levels (most urgent first) with a default for new tickets."""

    name: str
    levels: tuple[PriorityLevel, ...] = attrs.field(converter=_levels)
    default: PriorityKey

    def __attrs_post_init__(self) -> None:
        _check_levels(self, None, self.levels)
        if self.default not in self.keys:
            raise InvalidInput(
                f"priority scheme {self.name!r}: default {self.default!r} is not one of "
                f"{self._allowed()}"
            )

    @property
    def keys(self) -> tuple[PriorityKey, ...]:
        """Level keys, most urgent first."""
        return tuple(level.key for level in self.levels)

    def _allowed(self) -> str:
        return ", ".join(f"{level.key!r} ({level.label})" for level in self.levels)

    def validate(self, key: object) -> PriorityKey:
        """Return ``key`` if it is a level of this scheme, else raise :class:`InvalidInput`.

        A level's label (case-insensitive) is accepted too and mapped to its key.
        """
        for level in self.levels:
            if type(key) is type(level.key) and key == level.key:
                return level.key
        if isinstance(key, str):
            for level in self.levels:
                if key.strip().lower() == level.label.lower():
                    return level.key
        raise InvalidInput(
            f"unknown {self.name} level {_shown(key)}; allowed: {self._allowed()}"
        )

    def label(self, key: PriorityKey) -> str:
        """The label of level ``key``."""
        return self.levels[self.rank(key)].label

    def rank(self, key: PriorityKey) -> int:
        """0 for the most urgent level, increasing towards the least urgent."""
        key = self.validate(key)
        return self.keys.index(key)

    def more_urgent(self, a: PriorityKey, b: PriorityKey) -> bool:
        """True when level ``a`` is more urgent than level ``b``."""
        return self.rank(a) < self.rank(b)


SEVERITIES_1_TO_4 = PriorityScheme(
    name="severity",
    levels=(
        PriorityLevel(1, "Urgent"),
        PriorityLevel(2, "High"),
        PriorityLevel(3, "Normal"),
        PriorityLevel(4, "Minor"),
    ),
    default=3,
)

INFORMATION_TO_URGENT = PriorityScheme(
    name="priority",
    levels=(
        PriorityLevel("urgent", "Urgent"),
        PriorityLevel("high", "High"),
        PriorityLevel("medium", "Medium"),
        PriorityLevel("low", "Low"),
        PriorityLevel("information", "Information"),
    ),
    default="medium",
)

HIGH_NORMAL_LOW = PriorityScheme(
    name="priority",
    levels=(
        PriorityLevel("high", "High"),
        PriorityLevel("normal", "Normal"),
        PriorityLevel("low", "Low"),
    ),
    default="normal",
)
