"""Deadlines derived from a ticket's history and the policy. Never stored as truth:
recomputed after every change, so a severity or policy change recomputes them too."""

from __future__ import annotations

from typing import TypeVar

import attrs

from supportkit.policy import Policy
from supportkit.privacy.retention import retention_due
from supportkit.sla.clocks import deadlines
from supportkit.tickets.head import TicketState

__all__ = ["derive"]


S = TypeVar("S", bound=TicketState)


def derive(ticket: S, policy: Policy, *, version: int | None = None) -> S:
    """``ticket`` with its policy-dependent deadlines recomputed, and with ``version`` if
    one is given (one copy of the snapshot for both: a copy costs as much as the rest)."""
    sla = deadlines(ticket, policy)
    changes: dict[str, object] = {
        "first_response_due": sla.first_response_due,
        "next_update_due": sla.next_update_due,
        "resolution_due": sla.resolution_due,
        "escalation_eligible_at": sla.escalation_eligible_at,
        # privacy and retention (issue 7): when private data falls due for purging
        "retention_due": retention_due(ticket, policy.retention),
    }
    if version is not None:
        changes["version"] = version
    if all(getattr(ticket, name) == value for name, value in changes.items()):
        return ticket
    return attrs.evolve(ticket, **changes)  # type: ignore[arg-type]
