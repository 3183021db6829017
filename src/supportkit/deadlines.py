"""Deadlines derived from a ticket's history and the policy. Never stored as truth:
recomputed after every change, so a severity or policy change recomputes them too."""

from __future__ import annotations

import attrs

from supportkit.policy import Policy
from supportkit.privacy.retention import retention_due
from supportkit.tickets.model import Ticket

__all__ = ["derive"]


def derive(ticket: Ticket, policy: Policy) -> Ticket:
    """``ticket`` with its policy-dependent deadlines recomputed."""
    # -- privacy and retention (issue 7): when private data falls due for purging ------------
    purge_at = retention_due(ticket, policy.retention)
    if purge_at != ticket.retention_due:
        ticket = attrs.evolve(ticket, retention_due=purge_at)
    # -- end privacy and retention -------------------------------------------------------------
    due = None
    if policy.first_response is not None:
        due = ticket.created_at + policy.first_response
    if due == ticket.first_response_due:
        return ticket
    return attrs.evolve(ticket, first_response_due=due)
