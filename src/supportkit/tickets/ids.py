"""Ticket ids and their order: canonical decimal ids sort numerically, any other id after
them by code point. Every store returns tickets in this order."""

from __future__ import annotations

__all__ = ["id_sort_key", "is_numeric_id"]


def is_numeric_id(ticket_id: str) -> bool:
    """True for canonical decimal ids (``"0"``, ``"7"``, ``"42"``; not ``"007"``, not
    non-ASCII digits) that fit a signed 64-bit integer: the ids that sort numerically."""
    return (
        ticket_id.isascii()
        and ticket_id.isdigit()
        and len(ticket_id) <= 18
        and (ticket_id == "0" or not ticket_id.startswith("0"))
    )


def id_sort_key(ticket_id: str) -> tuple[int, int, str]:
    """Canonical numeric ids in numeric order, then any other ids alphabetically (by code
    point)."""
    if is_numeric_id(ticket_id):
        return (0, int(ticket_id), "")
    return (1, 0, ticket_id)
