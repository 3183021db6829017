"""Ticket statuses of the default lifecycle."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["TicketStatus"]


class TicketStatus(StrEnum):
    """Where a ticket is in its lifecycle.

    ``OPEN`` is being worked on; ``SOLVED`` has a resolution awaiting the customer;
    ``CLOSED`` is finished (confirmed by the customer, or closed without verification);
    ``ARCHIVED`` is out of the active list.
    """

    OPEN = "open"
    SOLVED = "solved"
    CLOSED = "closed"
    ARCHIVED = "archived"

