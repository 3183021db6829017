"""Hooks for access scopes (sorted plain strings, so dumps are stable and diff well)."""

from __future__ import annotations

from typing import Any

import cattrs

from supportkit.access.scopes import Scope


def register(conv: cattrs.Converter) -> None:
    """Scope sets as sorted lists of their values."""
    conv.register_unstructure_hook_func(
        lambda t: t == frozenset[Scope], lambda v: sorted(s.value for s in v)
    )

    def scopes(value: Any, _: Any) -> frozenset[Scope]:
        return frozenset(Scope(v) for v in value)

    conv.register_structure_hook_func(lambda t: t == frozenset[Scope], scopes)
