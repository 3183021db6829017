"""The application side of :mod:`supportkit.entitlements.standing`: look the customer's
company contracts up in the unit of work and let the pure rule decide."""

from __future__ import annotations

from datetime import datetime

from supportkit.app.admission import entitle
from supportkit.entitlements.standing import check_standing, needs_standing
from supportkit.policy import Policy
from supportkit.ports import UnitOfWork
from supportkit.tickets.actors import Actor

__all__ = ["require_standing"]


def require_standing(
    uow: UnitOfWork, policy: Policy, at: datetime, actor: Actor, ticket_id: str, what: str
) -> None:
    """:class:`~supportkit.NotEntitled` when the policy requires entitlement to access
    existing tickets and ``actor`` (customer side) has none at ``at``; else nothing."""
    if not needs_standing(policy.require_entitlement_to_access, actor):
        return
    decision = entitle(uow.records, policy, at, customer=actor)
    check_standing(decision, ticket_id, actor, what)
