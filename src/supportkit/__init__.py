"""supportkit: the rules of a commercial technical-support desk, as an embeddable library.

The flat API below is what embedding code imports; optional areas live in subpackages
(``supportkit.adapters.*``, ``supportkit.testing``, ``supportkit.presets``).
"""

from supportkit import presets
from supportkit.access import Account, AccountRole, Scope
from supportkit.app.outbox import Notification
from supportkit.app.report import GroupBy, ReportRow, SlaReport
from supportkit.app.retention import RetentionReport
from supportkit.calendars import BusinessCalendar, HolidaySet, WeeklySchedule
from supportkit.clock import Clock, FixedClock, SystemClock
from supportkit.entitlements import (
    Contract,
    Entitlement,
    InformationItem,
    IntakeReport,
    LicenseKey,
    LicenseKind,
    Purchase,
    Refusal,
    RequiredInformation,
    ServiceLevel,
    SupportCode,
    TagEvent,
)
from supportkit.errors import (
    Conflict,
    ConnectionLost,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    PermissionDenied,
    StorageError,
    SupportkitError,
)
from supportkit.loading import load_policy
from supportkit.policy import Policy
from supportkit.ports import TicketQuery
from supportkit.privacy import (
    PrivacyAction,
    PrivacyFinding,
    PrivacyPolicy,
    Redaction,
    Redactor,
    RetentionPolicy,
)
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
from supportkit.sla.explain import Measure, SlaExplanation, render_explanation
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
    "Account",
    "AccountRole",
    "Action",
    "Actor",
    "AttachmentRef",
    "BusinessCalendar",
    "Clock",
    "Conflict",
    "ConnectionLost",
    "Contract",
    "EmergencyPolicy",
    "Entitlement",
    "EscalationDecision",
    "EscalationPolicy",
    "EscalationRule",
    "Event",
    "FixedClock",
    "GroupBy",
    "Helpdesk",
    "HolidaySet",
    "InformationItem",
    "IntakeReport",
    "InvalidInput",
    "InvalidTransition",
    "LicenseKey",
    "LicenseKind",
    "Measure",
    "Message",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "Notification",
    "PagingDecision",
    "PermissionDenied",
    "Policy",
    "PriorityLevel",
    "PriorityScheme",
    "PrivacyAction",
    "PrivacyFinding",
    "PrivacyPolicy",
    "Purchase",
    "Redaction",
    "Redactor",
    "Refusal",
    "ReportRow",
    "RequiredInformation",
    "RetentionPolicy",
    "RetentionReport",
    "Scope",
    "ServiceLevel",
    "Side",
    "SlaExplanation",
    "SlaPolicy",
    "SlaReport",
    "SlaStatus",
    "SlaTarget",
    "StorageError",
    "SupportCode",
    "SupportkitError",
    "SystemClock",
    "TagEvent",
    "Ticket",
    "TicketQuery",
    "TicketStatus",
    "Transition",
    "Upload",
    "WeeklySchedule",
    "Workflow",
    "default_workflow",
    "load_policy",
    "presets",
    "render_explanation",
]
