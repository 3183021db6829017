"""Ready-made policies: the five seed support guides, plus ``default``.

Each guide has its own module with ``policy(*, require_entitlement=None)``. A preset is its
guide: Odin, OpenSVC, Open-Xchange and InterWorx refuse requesters without a granted
entitlement out of the box; ``require_entitlement=False`` is the explicit opt-out::

    from supportkit import presets
    policy = presets.odin.policy()                                # enforces the guide
    prototype = presets.odin.policy(require_entitlement=False)    # serves anyone

``presets.get(name)`` builds a preset by name (``"odin"``, ``"opensvc"``, ``"open_xchange"``,
``"interworx"``, ``"ispmanager"`` or ``"default"`` = ``Policy()``); ``presets.names()`` lists
them. Every guide's policy is built from a TOML file shipped in this package;
``presets.source(name)`` returns its text, to copy and edit and load with
:func:`supportkit.load_policy`.
"""

from __future__ import annotations

import difflib
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


def get(name: str, *, require_entitlement: bool | None = None) -> Policy:
    """The policy of preset ``name``; :class:`InvalidInput` lists the known names and the
    closest one to a mistyped name ("did you mean 'odin'?").

    ``require_entitlement`` overrides the preset's own setting when given (``None`` keeps
    the shipped file's value; ``default`` is ``Policy()``, which requires none).

    :param name: a preset name from :func:`names`.
    :param require_entitlement: override the preset's own entitlement rule.
    :returns: the preset's policy.
    :raises InvalidInput: an unknown name.
    """
    try:
        factory = _REGISTRY[name]
    except (KeyError, TypeError):
        known = ", ".join(names())
        close = difflib.get_close_matches(name.casefold(), names(), n=1) if isinstance(
            name, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InvalidInput(f"unknown preset {name!r}{hint}; known presets: {known}") from None
    if require_entitlement is None:
        return factory()
    return factory(require_entitlement=require_entitlement)
