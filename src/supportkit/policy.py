"""The :class:`Policy` bundle: every rule a :class:`~supportkit.Helpdesk` runs with, as data.

``Policy()`` alone is valid: the default workflow, severities 1-4 (Normal by default), a
90-day reopen window, no entitlement required. Presets in :mod:`supportkit.presets` build
complete policies for the five seed support guides.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.tickets.priority import SEVERITIES_1_TO_4, PriorityScheme
from supportkit.tickets.workflow import Workflow, default_workflow

__all__ = ["DEFAULT_MAX_ATTACHMENT_BYTES", "Policy"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1 << 30  # 1 GB, as Open-Xchange allows


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, timedelta) and value < timedelta(0):
        raise InvalidInput(f"Policy.{attribute.name} must not be negative, got {value}")


@attrs.frozen(kw_only=True)
class Policy:
    """Every rule of one support desk.

    ``reopen_window``: how long after closing a customer may reply to or reopen a ticket
    (``None``: forever). ``severity_change_roles``: roles (or actor ids) allowed to change a
    severity; empty means any support-side actor. ``channels``: intake channels accepted
    (``None``: any). ``first_response``: initial-response target on a 24x7 clock.
    """

    name: str = "default"
    workflow: Workflow = attrs.field(factory=default_workflow)
    priorities: PriorityScheme = SEVERITIES_1_TO_4
    reopen_window: timedelta | None = attrs.field(
        default=timedelta(days=90), validator=_non_negative
    )
    severity_change_roles: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    first_response: timedelta | None = attrs.field(default=None, validator=_non_negative)
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES

    # -- calendars (issue 3) ---------------------------------------------------------------

    # -- SLA, escalation and paging (issue 5) ----------------------------------------------

    # -- entitlements and intake (issue 6) -------------------------------------------------

    # -- privacy and retention (issue 7) ---------------------------------------------------

    # -- access, routing and notifications (issue 8) ---------------------------------------
