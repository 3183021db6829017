"""Open-Xchange (seed 002, "Ticket System User Guide for Customers").

Only license keys with ``-SUP-`` or ``-SaaS-`` give ticket access (maintenance keys do
not; enforced by default). Incidents start by e-mail; the customer may
reply, attach up to 1 GB and close. Personal data is refused in subject, body and
attachment names (it belongs in attachments). "Closed" means solved without customer
verification; the customer may reopen for 90 days after closing. A weekly run on Sunday
deletes attachments and raw e-mails of tickets closed for 90 days or more.

The policy is built from ``open_xchange.toml`` next to this module (copy it to edit;
:func:`supportkit.load_policy` reads the copy).
"""

from __future__ import annotations

from supportkit.policy import Policy
from supportkit.presets._builtin import build

__all__ = ["NAME", "policy"]

NAME = "open_xchange"


def policy(*, require_entitlement: bool | None = None) -> Policy:
    """The Open-Xchange preset, which enforces its guide: ``open_ticket`` refuses requesters
    without a granted entitlement (:class:`~supportkit.NotEntitled`);
    ``require_entitlement=False`` is the explicit opt-out for prototypes."""
    return build(NAME, require_entitlement=require_entitlement)
