"""The shipped preset files: read once, parsed with :func:`supportkit.load_policy`'s parser.

Each preset's ``policy()`` is its TOML file, with ``require_entitlement`` optionally set on
top: the file is the single source of truth (including whether entitlement is required, on
for the four guides whose first rule is a support option), so what a user copies is exactly
what ``presets.<name>.policy()`` runs with.
"""

from __future__ import annotations

import functools
from importlib import resources

import attrs

from supportkit.errors import InvalidInput
from supportkit.loading import policy_from_toml
from supportkit.policy import Policy

__all__ = ["BUILTIN", "build", "source"]

#: Presets shipped as ``supportkit/presets/<name>.toml``.
BUILTIN = ("odin", "opensvc", "open_xchange", "interworx", "ispmanager")


def source(name: str) -> str:
    """The TOML text of the shipped preset ``name`` (copy it to start your own policy)."""
    if name not in BUILTIN:
        raise InvalidInput(
            f"no shipped preset file {name!r}; shipped presets: {', '.join(BUILTIN)}"
        )
    return _read(name)


@functools.cache
def _read(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def build(name: str, *, require_entitlement: bool | None = None) -> Policy:
    """The preset ``name`` as its file says; ``require_entitlement`` (True or False), when
    given, replaces the file's value (``None`` keeps it). ``False`` is the opt-out for
    prototypes: it turns ``require_entitlement_to_access`` off too."""
    if require_entitlement is not None and not isinstance(require_entitlement, bool):
        raise InvalidInput(
            f"require_entitlement must be True, False or None (the file's value),"
            f" got {require_entitlement!r}"
        )
    # Parsed on every call (about a millisecond): a Policy holds dicts (calendars, service
    # levels, category staff), so a shared copy could be changed under other desks' feet.
    policy = policy_from_toml(source(name), source=f"supportkit/presets/{name}.toml")
    if require_entitlement is None:
        return policy
    if not require_entitlement:
        # The opt-out serves anyone: no entitlement to open, nor to use existing tickets.
        return attrs.evolve(policy, require_entitlement=False,
                            require_entitlement_to_access=False)
    return attrs.evolve(policy, require_entitlement=True)
