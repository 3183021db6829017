"""Ready-made policies: the five seed support guides, plus ``default``.

``presets.get(name)`` builds a preset's :class:`~supportkit.Policy`; ``presets.names()`` lists
them. Each guide also has its own module (``presets.odin`` …) with ``policy(...)``.
"""

from __future__ import annotations

from collections.abc import Callable

from supportkit.errors import InvalidInput
from supportkit.policy import Policy

__all__ = ["get", "names"]

_REGISTRY: dict[str, Callable[[], Policy]] = {"default": Policy}


def names() -> tuple[str, ...]:
    """Names accepted by :func:`get`, sorted."""
    return tuple(sorted(_REGISTRY))


def get(name: str) -> Policy:
    """The policy of preset ``name``; :class:`InvalidInput` lists the known names."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(names())
        raise InvalidInput(f"unknown preset {name!r}; known presets: {known}") from None
    return factory()
