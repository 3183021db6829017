"""The ticket domain: actors, statuses, snapshots, events, workflow and priority schemes."""

from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.head import TicketHead, TicketSummary, advance, head_of, rebuild
from supportkit.tickets.history import apply, replay
from supportkit.tickets.model import AttachmentRef, Event, EventValue, Message, Ticket, Upload
from supportkit.tickets.priority import (
    HIGH_NORMAL_LOW,
    INFORMATION_TO_URGENT,
    SEVERITIES_1_TO_4,
    PriorityKey,
    PriorityLevel,
    PriorityScheme,
)
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Action, Transition, Workflow, default_workflow

__all__ = [
    "HIGH_NORMAL_LOW",
    "INFORMATION_TO_URGENT",
    "SEVERITIES_1_TO_4",
    "Action",
    "Actor",
    "AttachmentRef",
    "Event",
    "EventValue",
    "Message",
    "PriorityKey",
    "PriorityLevel",
    "PriorityScheme",
    "Side",
    "Ticket",
    "TicketHead",
    "TicketStatus",
    "TicketSummary",
    "Transition",
    "Upload",
    "Workflow",
    "advance",
    "apply",
    "default_workflow",
    "head_of",
    "rebuild",
    "replay",
]
