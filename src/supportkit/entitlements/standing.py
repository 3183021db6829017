"""Whether a customer still stands entitled when acting on an existing ticket.

Open-Xchange: "Customer with valid support license have access to all their tickets"; "If
you do not own or activate a valid support key (not maintenance), you don't have access
rights to the ticket system." With ``Policy.require_entitlement_to_access`` the desk asks,
before a customer-side reader or actor touches an existing ticket, for the entitlement of
the customer's company at that instant (the application layer looks the contracts up) and
this pure rule turns a refusal into :class:`~supportkit.NotEntitled`. Support staff and the
system are never refused here.
"""

from __future__ import annotations

from supportkit.entitlements.decision import Entitlement
from supportkit.errors import NotEntitled
from supportkit.tickets.actors import Actor, Side

__all__ = ["check_standing", "needs_standing"]


def needs_standing(required: bool, actor: Actor) -> bool:
    """True when ``actor``'s entitlement must be checked: the policy asks for it and the
    actor is on the customer side."""
    return required and actor.side is Side.CUSTOMER


def check_standing(decision: Entitlement, ticket_id: str, actor: Actor, what: str) -> None:
    """:class:`NotEntitled` (carrying ``decision``) unless ``decision`` grants support.

    ``what`` names the refused action ("reply to", "view" ...)."""
    if decision.granted:
        return
    raise NotEntitled(
        f"{actor.id} may not {what} ticket {ticket_id}: access to existing tickets needs a "
        f"valid support option, and {decision.reason}; renew the support contract or "
        "activate a support key (not maintenance) to regain access",
        decision,
    )
