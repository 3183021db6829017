"""SLA targets, escalation eligibility and after-hours paging: pure rules over a ticket's
event history, its policy, its calendar and an instant.

- :mod:`~supportkit.sla.targets`: :class:`SlaPolicy` / :class:`SlaTarget` (data);
- :mod:`~supportkit.sla.clocks`: deadlines derived from the history (:func:`deadlines`);
- :mod:`~supportkit.sla.status`: met / ok / at risk / breached at an instant;
- :mod:`~supportkit.sla.escalation`: :class:`EscalationPolicy` and its decisions;
- :mod:`~supportkit.sla.paging`: :class:`EmergencyPolicy` and :class:`PagingDecision`.
"""

from __future__ import annotations

from supportkit.sla.clocks import Deadlines, deadlines
from supportkit.sla.escalation import (
    EscalationDecision,
    EscalationPolicy,
    EscalationRule,
    Trigger,
    escalation_decision,
    escalation_eligible_at,
)
from supportkit.sla.paging import EmergencyPolicy, PagingDecision, paging_decision
from supportkit.sla.status import MeasureStatus, SlaState, SlaStatus, sla_status
from supportkit.sla.targets import ALWAYS, SUPPORT, SlaPolicy, SlaTarget

__all__ = [
    "ALWAYS",
    "SUPPORT",
    "Deadlines",
    "EmergencyPolicy",
    "EscalationDecision",
    "EscalationPolicy",
    "EscalationRule",
    "MeasureStatus",
    "PagingDecision",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "SlaTarget",
    "Trigger",
    "deadlines",
    "escalation_decision",
    "escalation_eligible_at",
    "paging_decision",
    "sla_status",
]
