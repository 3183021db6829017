"""The :class:`Policy` bundle: every rule a :class:`~supportkit.Helpdesk` runs with, as data.

``Policy()`` alone is valid: the default workflow, severities 1-4 (Normal by default), a
90-day reopen window, no entitlement required. Presets in :mod:`supportkit.presets` build
complete policies for the five seed support guides.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import attrs

from supportkit.calendars import BusinessCalendar
from supportkit.errors import InvalidInput
from supportkit.sla.escalation import EscalationPolicy
from supportkit.sla.paging import EmergencyPolicy
from supportkit.sla.targets import ALWAYS, SUPPORT, SlaPolicy
from supportkit.tickets.priority import SEVERITIES_1_TO_4, PriorityScheme
from supportkit.tickets.workflow import Workflow, default_workflow

__all__ = ["DEFAULT_MAX_ATTACHMENT_BYTES", "Policy"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1 << 30  # 1 GB, as Open-Xchange allows


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, timedelta) and value < timedelta(0):
        raise InvalidInput(f"Policy.{attribute.name} must not be negative, got {value}")


def _calendars(value: Mapping[str, BusinessCalendar]) -> dict[str, BusinessCalendar]:
    return dict(value)


def _sla_rules(policy: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    """SLA, escalation and paging rules name known calendars and known priority levels."""
    if value is None:
        return
    if hasattr(value, "calendar_names"):
        known = {SUPPORT, ALWAYS, *policy.calendars}
        unknown = sorted(value.calendar_names() - known)
        if unknown:
            raise InvalidInput(
                f"Policy.{attribute.name} uses unknown calendars {unknown}; use "
                f"{SUPPORT!r}, {ALWAYS!r} or a key of Policy.calendars "
                f"({', '.join(sorted(policy.calendars)) or 'none'})"
            )
    entries = getattr(value, "targets", None) or getattr(value, "rules", None) or ()
    levels = [e.level for e in entries if e.level is not None]
    levels += sorted(getattr(value, "priorities", ()), key=repr)
    keys = policy.priorities.keys
    for level in levels:
        if not any(type(k) is type(level) and k == level for k in keys):
            raise InvalidInput(
                f"Policy.{attribute.name}: level {level!r} is not a key of the "
                f"{policy.priorities.name} scheme; keys: {', '.join(map(repr, keys))}"
            )


@attrs.frozen(kw_only=True)
class Policy:
    """Every rule of one support desk.

    ``reopen_window``: how long after closing a customer may reply to or reopen a ticket
    (``None``: forever). ``severity_change_roles``: roles (or actor ids) allowed to change a
    severity; empty means any support-side actor. ``channels``: intake channels accepted
    (``None``: any).

    ``calendar``: the default support-hours calendar (24x7 by default); ``calendars``: service
    level name → calendar (a ticket's ``service_level`` picks its entry). ``sla``: response,
    update and resolution targets per level; ``escalation``: when and how a customer may
    escalate; ``emergency``: which after-hours tickets page the on-call team (``None``: none).
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
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES

    # -- calendars (issue 3) ---------------------------------------------------------------
    calendar: BusinessCalendar = attrs.field(factory=BusinessCalendar.always)
    calendars: Mapping[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_calendars, hash=False  # a dict: compared, not hashed
    )

    # -- SLA, escalation and paging (issue 5) ----------------------------------------------
    sla: SlaPolicy = attrs.field(factory=SlaPolicy, validator=_sla_rules)
    escalation: EscalationPolicy = attrs.field(factory=EscalationPolicy, validator=_sla_rules)
    emergency: EmergencyPolicy | None = attrs.field(default=None, validator=_sla_rules)

    # -- entitlements and intake (issue 6) -------------------------------------------------

    # -- privacy and retention (issue 7) ---------------------------------------------------

    # -- access, routing and notifications (issue 8) ---------------------------------------
