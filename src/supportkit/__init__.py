"""supportkit: the rules of a commercial technical-support desk, as an embeddable library.

The flat API below is what embedding code imports; optional areas live in subpackages
(``supportkit.adapters.*``, ``supportkit.testing``, ``supportkit.presets``).
"""

from supportkit.calendars import BusinessCalendar, HolidaySet, WeeklySchedule
from supportkit.clock import Clock, FixedClock, SystemClock
from supportkit.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    PermissionDenied,
    StorageError,
    SupportkitError,
)
from supportkit.policy import Policy
from supportkit.ports import TicketQuery
from supportkit.service import Helpdesk
from supportkit.sla import (
    EmergencyPolicy,
    EscalationDecision,
    EscalationPolicy,
    EscalationRule,
    PagingDecision,
    SlaPolicy,
    SlaStatus,
    SlaTarget,
)
from supportkit.tickets import (
    Action,
    Actor,
    AttachmentRef,
    Event,
    Message,
    PriorityLevel,
    PriorityScheme,
    Side,
    Ticket,
    TicketStatus,
    Transition,
    Upload,
    Workflow,
    default_workflow,
)

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Actor",
    "AttachmentRef",
    "BusinessCalendar",
    "Clock",
    "Conflict",
    "EmergencyPolicy",
    "EscalationDecision",
    "EscalationPolicy",
    "EscalationRule",
    "Event",
    "FixedClock",
    "Helpdesk",
    "HolidaySet",
    "InvalidInput",
    "InvalidTransition",
    "Message",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "PagingDecision",
    "PermissionDenied",
    "Policy",
    "PriorityLevel",
    "PriorityScheme",
    "Side",
    "SlaPolicy",
    "SlaStatus",
    "SlaTarget",
    "StorageError",
    "SupportkitError",
    "SystemClock",
    "Ticket",
    "TicketQuery",
    "TicketStatus",
    "Transition",
    "Upload",
    "WeeklySchedule",
    "Workflow",
    "default_workflow",
]
