"""InterWorx (seed 003, "InterWorx Direct Support Guide").

Direct support only for direct buyers (resold licenses are sent to their reseller); topics
under "What Does Not Qualify" are refused, any other topic qualifies (the guide's qualifying
list is examples, named in refusals). Hours Monday-Friday
08:00-16:00 America/New_York, closed on weekends and on exactly six US holidays (their
dates, no observed days). Required fields: category, ``ip_or_hostname``,
``remote_assistance_enabled``; priorities information / low / medium (default) / high /
urgent. After hours, high and urgent tickets page the on-call team: submitted before
midnight Eastern -> respond within the hour; after midnight -> by 08:00 that morning.

The policy is built from ``interworx.toml`` next to this module (copy it to edit;
:func:`supportkit.load_policy` reads the copy).
"""

from __future__ import annotations

from supportkit.policy import Policy
from supportkit.presets._builtin import build

__all__ = ["NAME", "policy"]

NAME = "interworx"


def policy(*, require_entitlement: bool | None = None) -> Policy:
    """The InterWorx preset, which enforces its guide: ``open_ticket`` refuses requesters
    without a granted entitlement (:class:`~supportkit.NotEntitled`);
    ``require_entitlement=False`` is the explicit opt-out for prototypes."""
    return build(NAME, require_entitlement=require_entitlement)
