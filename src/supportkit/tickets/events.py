"""The registry of event kinds: every kind of event a ticket's history may hold.

One table, used by the workflow actions (which kind an action writes), by the notification
outbox (who hears of a kind) and by :class:`~supportkit.Policy`, which refuses a
``notify_events`` entry that names no kind here.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final, Literal, TypeAlias, get_args

import attrs

from supportkit.tickets.workflow import Action

__all__ = [
    "ACTION_EVENTS",
    "EVENT_KINDS",
    "OPENED",
    "Audience",
    "EventKind",
    "EventKindName",
    "check_kinds",
]


class Audience(StrEnum):
    """Who is told of an event: the other side of whoever made it (a system event tells
    both sides), or the support side only (whoever made it)."""

    OTHER_SIDE = "other_side"
    SUPPORT = "support"


@attrs.frozen
class EventKind:
    """One kind of event: its name, what it records and who hears of it."""

    name: str
    description: str
    audience: Audience = Audience.OTHER_SIDE


_KINDS = (
    EventKind("opened", "the ticket was opened (subject, severity, channel, routing)"),
    EventKind("replied", "a message visible to both sides"),
    EventKind("noted", "an internal support note", Audience.SUPPORT),
    EventKind("solved", "support marked the ticket resolved"),
    EventKind("confirmed", "the customer confirmed the resolution"),
    EventKind("closed", "the ticket was closed without (further) verification"),
    EventKind("reopened", "the ticket went back to open"),
    EventKind("archived", "the ticket left the active list"),
    EventKind("severity_changed", "the severity changed (previous value, reason)"),
    EventKind("eta_set", "a resolution ETA was set"),
    EventKind("escalated", "the ticket was escalated (method, eligibility)"),
    EventKind("transferred", "support moved the ticket to another group", Audience.SUPPORT),
    EventKind("categorized", "the ticket moved to another category"),
    EventKind("retitled", "the ticket got another subject"),
    EventKind("information_supplied", "intake fields were supplied"),
    EventKind("paged", "after-hours paging of the on-call team (tells both sides)"),
    EventKind("purged", "retention purged attachments and raw e-mails"),
)

#: Every event kind by name.
EVENT_KINDS: Mapping[str, EventKind] = {kind.name: kind for kind in _KINDS}


#: The names of :data:`EVENT_KINDS`, for ``mypy --strict`` to catch a misspelt kind
#: (``event.kind == "opend"``, ``Policy(notify_events={"replyed"})``).
EventKindName: TypeAlias = Literal[
    "opened", "replied", "noted", "solved", "confirmed", "closed", "reopened", "archived",
    "severity_changed", "eta_set", "escalated", "transferred", "categorized", "retitled",
    "information_supplied", "paged", "purged",
]
if set(get_args(EventKindName)) != set(EVENT_KINDS):  # pragma: no cover - kept in step
    raise RuntimeError("EventKindName and EVENT_KINDS differ")

#: The kind of the first event of every ticket.
OPENED: Final = "opened"

#: The event kind each workflow action writes.
ACTION_EVENTS: Mapping[Action, EventKindName] = {
    Action.REPLY: "replied",
    Action.NOTE: "noted",
    Action.SOLVE: "solved",
    Action.CONFIRM: "confirmed",
    Action.CLOSE: "closed",
    Action.REOPEN: "reopened",
    Action.ARCHIVE: "archived",
    Action.SET_SEVERITY: "severity_changed",
    Action.SET_ETA: "eta_set",
    Action.ESCALATE: "escalated",
    Action.SET_CATEGORY: "categorized",
    Action.SET_SUBJECT: "retitled",
}


def check_kinds(names: frozenset[str], what: str) -> None:
    """Raise ``ValueError`` naming the unknown kinds in ``names`` and the known ones."""
    unknown = sorted(names - EVENT_KINDS.keys())
    if unknown:
        raise ValueError(
            f"{what} names unknown event kinds {', '.join(map(repr, unknown))}; "
            f"known kinds: {', '.join(sorted(EVENT_KINDS))}"
        )
