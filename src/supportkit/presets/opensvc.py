"""OpenSVC (seed 001, "Support Service Procedures").

An active contract is required (enforced by default); portal accounts are linked
to their company's contract. Channels: Slack, web, e-mail and phone call-back (Premium
only). Standard hours Monday-Friday 09:00-18:00 Paris time, Premium 24x7
(``Policy.calendars["standard"]`` / ``["premium"]``); nodes tagged ``PREMIUM_SUPPORT``
make every service on them Premium. The support data collection checklist (purpose,
context, start, impact, config and log files) flags incomplete tickets.

The policy is built from ``opensvc.toml`` next to this module (copy it to edit;
:func:`supportkit.load_policy` reads the copy).
"""

from __future__ import annotations

from supportkit.policy import Policy
from supportkit.presets._builtin import build

__all__ = ["NAME", "policy"]

NAME = "opensvc"


def policy(*, require_entitlement: bool | None = None) -> Policy:
    """The OpenSVC preset, which enforces its guide: ``open_ticket`` refuses requesters
    without a granted entitlement (:class:`~supportkit.NotEntitled`);
    ``require_entitlement=False`` is the explicit opt-out for prototypes."""
    return build(NAME, require_entitlement=require_entitlement)
