"""Hooks for entitlements: support codes and license keys are their text."""

from __future__ import annotations

import cattrs

from supportkit.entitlements.codes import LicenseKey, SupportCode


def register(conv: cattrs.Converter) -> None:
    """Support codes as their ten digits, license keys as their text (parsed on the way in,
    so malformed data is refused with the grammar's reason)."""
    conv.register_unstructure_hook(SupportCode, str)
    conv.register_structure_hook(SupportCode, lambda v, _: SupportCode.parse(v))
    conv.register_unstructure_hook(LicenseKey, str)
    conv.register_structure_hook(LicenseKey, lambda v, _: LicenseKey.parse(v))
