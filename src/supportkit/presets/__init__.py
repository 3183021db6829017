"""Ready-made policies: the five seed support guides, plus ``default``.

Each guide has its own module with ``policy(*, require_entitlement=False)``::

    from supportkit import presets
    policy = presets.odin.policy(require_entitlement=True)

``presets.get(name)`` builds a preset by name (``"odin"``, ``"opensvc"``, ``"open_xchange"``,
``"interworx"``, ``"ispmanager"`` or ``"default"`` = ``Policy()``); ``presets.names()`` lists
them. Every guide's policy is built from a TOML file shipped in this package;
``presets.source(name)`` returns its text, to copy and edit and load with
:func:`supportkit.load_policy`.
"""

from __future__ import annotations

from collections.abc import Callable

from supportkit.errors import InvalidInput
from supportkit.policy import Policy
from supportkit.presets import interworx, ispmanager, odin, open_xchange, opensvc
from supportkit.presets._builtin import source

__all__ = [
    "get",
    "interworx",
    "ispmanager",
    "names",
    "odin",
    "open_xchange",
    "opensvc",
    "source",
]

_REGISTRY: dict[str, Callable[..., Policy]] = {
    "default": Policy,
    odin.NAME: odin.policy,
    opensvc.NAME: opensvc.policy,
    open_xchange.NAME: open_xchange.policy,
    interworx.NAME: interworx.policy,
    ispmanager.NAME: ispmanager.policy,
}


def names() -> tuple[str, ...]:
    """Names accepted by :func:`get`, sorted."""
    return tuple(sorted(_REGISTRY))


def get(name: str, *, require_entitlement: bool = False) -> Policy:
    """The policy of preset ``name``; :class:`InvalidInput` lists the known names."""
    try:
        factory = _REGISTRY[name]
    except (KeyError, TypeError):
        known = ", ".join(names())
        raise InvalidInput(f"unknown preset {name!r}; known presets: {known}") from None
    return factory(require_entitlement=require_entitlement)
