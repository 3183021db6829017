"""supportkit: the rules of a commercial technical-support desk, as an embeddable library.

The flat API below is what embedding code imports; optional areas live in subpackages
(``supportkit.adapters.*``, ``supportkit.testing``, ``supportkit.presets``).
"""

from supportkit import presets
from supportkit.access import Account, AccountRole, Scope
from supportkit.access.scopes import ScopeName
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
    OutOfScope,
    PermissionDenied,
    StorageError,
    SupportkitError,
)
from supportkit.loading import load_policy
from supportkit.mail import MailGateway, MailOutcome, MailSender, MailSettings, SmtpTransport
from supportkit.policy import AssignmentMode, Policy, RoutingMode, StaffVisibility
from supportkit.ports import TicketQuery
from supportkit.privacy import (
    PrivacyAction,
    PrivacyFinding,
    PrivacyPolicy,
    Redaction,
    Redactor,
    RetentionPolicy,
)
from supportkit.problems import Problem, problem_details
from supportkit.serialization import JSON, from_json, to_json
from supportkit.serialization.schema import json_schema
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
from supportkit.tickets.events import EventKindName
from supportkit.tickets.head import TicketHead, TicketSummary
from supportkit.tickets.model import Channel

__version__ = "0.1.0"

__all__ = [
    "JSON",
    "Account",
    "AccountRole",
    "Action",
    "Actor",
    "AssignmentMode",
    "AttachmentRef",
    "BusinessCalendar",
    "Channel",
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
    "EventKindName",
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
    "MailGateway",
    "MailOutcome",
    "MailSender",
    "MailSettings",
    "Measure",
    "Message",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "Notification",
    "OutOfScope",
    "PagingDecision",
    "PermissionDenied",
    "Policy",
    "PriorityLevel",
    "PriorityScheme",
    "PrivacyAction",
    "PrivacyFinding",
    "PrivacyPolicy",
    "Problem",
    "Purchase",
    "Redaction",
    "Redactor",
    "Refusal",
    "ReportRow",
    "RequiredInformation",
    "RetentionPolicy",
    "RetentionReport",
    "RoutingMode",
    "Scope",
    "ScopeName",
    "ServiceLevel",
    "Side",
    "SlaExplanation",
    "SlaPolicy",
    "SlaReport",
    "SlaStatus",
    "SlaTarget",
    "SmtpTransport",
    "StaffVisibility",
    "StorageError",
    "SupportCode",
    "SupportkitError",
    "SystemClock",
    "TagEvent",
    "Ticket",
    "TicketHead",
    "TicketQuery",
    "TicketStatus",
    "TicketSummary",
    "Transition",
    "Upload",
    "WeeklySchedule",
    "Workflow",
    "default_workflow",
    "from_json",
    "json_schema",
    "load_policy",
    "presets",
    "problem_details",
    "render_explanation",
    "to_json",
]
