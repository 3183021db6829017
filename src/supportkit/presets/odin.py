"""Odin (seed 000, "Odin Support Quick Start Guide").

Support needs a valid support option: a ten-digit support code or a product license
with support (enforced by default, ``require_entitlement=False`` opts out; refusals point
to the free resources). Severities 1-4 (Urgent, High, Normal, Minor), initial response 2 hours for
every severity; the shift manager (role ``shift-manager``) may raise or lower a
severity. Escalation: severity 1 by phone 1 hour after the last support correspondence;
severity 2 by button or phone once 50% of the ETA has passed; severity 3 by button or
phone once the ETA is missed; severity 4 never. Passwords in e-mail are stripped. The
required-information checklist asks for the error description and hints at the rest.

The policy is built from ``odin.toml`` next to this module (copy it to edit;
:func:`supportkit.load_policy` reads the copy).
"""

from __future__ import annotations

from supportkit.policy import Policy
from supportkit.presets._builtin import build

__all__ = ["NAME", "policy"]

NAME = "odin"


def policy(*, require_entitlement: bool | None = None) -> Policy:
    """The Odin preset, which enforces its guide: ``open_ticket`` refuses requesters
    without a granted entitlement (:class:`~supportkit.NotEntitled`);
    ``require_entitlement=False`` is the explicit opt-out for prototypes."""
    return build(NAME, require_entitlement=require_entitlement)
