"""The :class:`Policy` bundle: every rule a :class:`~supportkit.Helpdesk` runs with, as data.

``Policy()`` alone is valid: the default workflow, severities 1-4 (Normal by default), a
90-day reopen window, no entitlement required. Presets in :mod:`supportkit.presets` build
complete policies for the five seed support guides.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, Literal, TypeAlias, TypeVar, get_args

import attrs

from supportkit.access.scopes import ALL_SCOPES, Scope
from supportkit.calendars import BusinessCalendar
from supportkit.entitlements.intake import RequiredInformation
from supportkit.entitlements.levels import ServiceLevel, levels_by_name
from supportkit.errors import InvalidInput
from supportkit.inputs import (
    describe,
    require_bool,
    require_instance,
    require_name,
    require_name_set,
    require_name_tuple,
    require_optional_name_set,
    require_positive_int,
    require_text,
)
from supportkit.privacy.findings import PrivacyPolicy
from supportkit.privacy.redaction import Redactor
from supportkit.privacy.retention import RetentionPolicy
from supportkit.sla.escalation import EscalationPolicy
from supportkit.sla.paging import EmergencyPolicy
from supportkit.sla.targets import ALWAYS, SUPPORT, SlaPolicy
from supportkit.tickets.events import check_kinds
from supportkit.tickets.priority import SEVERITIES_1_TO_4, PriorityScheme
from supportkit.tickets.status import TicketStatus
from supportkit.tickets.workflow import Workflow, default_workflow

__all__ = [
    "DEFAULT_MAX_ATTACHMENTS",
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "DEFAULT_MAX_BODY_CHARS",
    "DEFAULT_MAX_FIELDS",
    "DEFAULT_MAX_FIELD_CHARS",
    "DEFAULT_MAX_SUBJECT_CHARS",
    "AssignmentMode",
    "Policy",
    "RoutingMode",
    "StaffVisibility",
]

#: ``Policy.routing``: ``"hierarchy"`` (to the level above) or ``"support"``.
RoutingMode: TypeAlias = Literal["hierarchy", "support"]
#: ``Policy.assignment``: how a category's staff member is picked.
AssignmentMode: TypeAlias = Literal["round_robin", "least_loaded"]
#: ``Policy.staff_visibility``: what staff not mapped to accounts see.
StaffVisibility: TypeAlias = Literal["all", "categories"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1 << 30  # 1 GB, as Open-Xchange allows
#: 256 Ki characters (~100 printed pages, 0.25-1 MB of UTF-8): far above any reply a person
#: writes, and what a full log paste needs; more belongs in an attachment, which is streamed
#: to the blob store instead of being held, redacted, screened and indexed in memory (a
#: 10 MB body cost 210-300 MB of memory).
DEFAULT_MAX_BODY_CHARS = 256 * 1024
#: A subject is one line people scan in a list; e-mail clients show ~80 characters, issue
#: trackers allow ~255. 500 leaves room for long "Re: Fwd:" chains and follow-up prefixes.
DEFAULT_MAX_SUBJECT_CHARS = 500
#: Intake fields are short facts (a host name, an IP, a yes/no): 50 of them is more than
#: any preset's checklist asks for (InterWorx asks for 2).
DEFAULT_MAX_FIELDS = 50
#: One field value: a host list or a short description, not a document.
DEFAULT_MAX_FIELD_CHARS = 4096
#: Attachments per message (each is also limited by ``max_attachment_bytes``).
DEFAULT_MAX_ATTACHMENTS = 100


#: A string enum (statuses, scopes) whose values a policy file lists.
E = TypeVar("E", bound=enum.Enum)


def _one_of(names: Any) -> Any:
    """A validator accepting the names of the ``Literal`` alias ``names``."""
    allowed: tuple[str, ...] = get_args(names)

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) and len(value) < 100 else describe(value)
            raise InvalidInput(
                f"Policy.{attribute.name} {shown} is not known; allowed: {', '.join(allowed)}"
            )

    return check


# -- converters and validators: every field is checked when the Policy is built, so a wrong
# -- type fails here, naming the field, not later inside a ticket action. Fields holding a
# -- set of names refuse a lone text (it would be taken apart into letters).


def _severity_change_roles(value: Any) -> frozenset[str]:
    return require_name_set(value, "Policy.severity_change_roles", example="['shift-manager']")


def _channels(value: Any) -> frozenset[str] | None:
    return require_optional_name_set(value, "Policy.channels", example="['web', 'email']")


def _open_channel_names(value: Any) -> frozenset[str] | None:
    return require_optional_name_set(value, "Policy.open_channels", example="['email']")


def _qualifying_categories(value: Any) -> frozenset[str] | None:
    return require_optional_name_set(value, "Policy.qualifying_categories", example="['hosting']")


def _out_of_scope_categories(value: Any) -> frozenset[str]:
    return require_name_set(value, "Policy.out_of_scope_categories", example="['development']")


def _staff_unrestricted_roles(value: Any) -> frozenset[str]:
    return require_name_set(value, "Policy.staff_unrestricted_roles", example="['supervisor']")


def _notify_events(value: Any) -> frozenset[str]:
    names = require_name_set(value, "Policy.notify_events", example="['opened', 'replied']")
    try:
        check_kinds(names, "Policy.notify_events")
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return names


def _is(cls: type, hint: str = "") -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        require_instance(value, cls, f"Policy.{attribute.name}", hint)

    return check


def _is_optional(cls: type, hint: str = "") -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            require_instance(value, cls, f"Policy.{attribute.name}", hint + " or None")

    return check


def _link_template(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    where = f"Policy.{attribute.name}"
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise InvalidInput(f"{where} must be a link without spaces, e.g. "
                           f"'https://desk.example.com/tickets/{{id}}', got {value!r}")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise InvalidInput(f"{where} {value!r} refused: {exc}") from None
    if fields != {"id"}:
        raise InvalidInput(f"{where} {value!r} must contain '{{id}}' (the ticket id) and no "
                           "other replacement field")


def _flag(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    require_bool(value, f"Policy.{attribute.name}")


#: The largest limit a policy takes (a 64-bit count: what every store and JSON reader
#: holds; an int of thousands of digits cannot even be printed).
MAX_LIMIT = 2**63 - 1


def _limit(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    require_positive_int(value, f"Policy.{attribute.name}", maximum=MAX_LIMIT)


def _policy_name(_: object, __: attrs.Attribute[Any], value: Any) -> None:
    require_name(value, "Policy.name")


def _mapping(value: Any, name: str, example: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(
            f"Policy.{name} must be a mapping such as {example}, got {describe(value)}"
        )
    return value


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(
        require_text(item, f"Policy.free_resources[{index}]", max_chars=2000)
        for index, item in enumerate(_listed(value, "Policy.free_resources"))
    )


def _qualifying_topics(value: Any) -> tuple[str, ...]:
    return tuple(
        require_name(item, f"Policy.qualifying_topics[{index}]")
        for index, item in enumerate(_listed(value, "Policy.qualifying_topics"))
    )


#: The statuses on the active list by default: the tickets not finished (``Ticket.is_active``).
DEFAULT_ACTIVE_LIST = frozenset({TicketStatus.OPEN, TicketStatus.SOLVED})


def _members(value: Any, kind: type[E], field: str, noun: str) -> frozenset[E]:
    """The members of the string enum ``kind`` that ``value`` (a list of their values)
    names; :class:`InvalidInput` naming the entry that is not one."""
    known = {member.value: member for member in kind}
    found = set()
    for index, item in enumerate(_listed(value, f"Policy.{field}", f"{noun}s")):
        member = known.get(item) if isinstance(item, str) else None
        if member is None:
            raise InvalidInput(
                f"Policy.{field}[{index}] {describe(item)} is not a {noun}; "
                f"allowed: {', '.join(known)}"
            )
        found.add(member)
    return frozenset(found)


def _active_list(value: Any) -> frozenset[TicketStatus]:
    found = _members(value, TicketStatus, "active_list", "status")
    if not found:
        raise InvalidInput("Policy.active_list must name at least one status, e.g. ['open']")
    return found


def _scope_set(value: Any) -> frozenset[Scope]:
    return _members(value, Scope, "scopes", "scope")


def _listed(value: Any, what: str, noun: str = "texts") -> list[Any]:
    if isinstance(value, str):
        raise InvalidInput(f"{what}: give a list of {noun}, not the text {value[:100]!r}")
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise InvalidInput(f"{what} must be a list of {noun}, got {describe(value)}")
    return list(value)


def _category_staff(value: Any) -> dict[str, tuple[str, ...]]:
    staff = {}
    for category, members in _mapping(
        value, "category_staff", "{'billing': ['agent-1', 'agent-2']}"
    ).items():
        name = require_name(category, "Policy.category_staff key (a category)")
        staff[name] = require_name_tuple(
            members, f"Policy.category_staff[{name!r}]", example="['agent-1', 'agent-2']",
            noun="staff ids",
        )
    for category, members in staff.items():
        if not members or len(set(members)) != len(members):
            raise InvalidInput(
                f"Policy.category_staff[{category!r}] needs distinct staff ids, got {members!r}"
            )
    return staff


def _service_levels(value: Any) -> dict[str, ServiceLevel]:
    return dict(_mapping(value, "service_levels", "{'premium': ServiceLevel(name='premium')}"))


#: Event kinds that notify the other party by default (``noted`` never does: internal).
DEFAULT_NOTIFY_EVENTS = frozenset(
    {"opened", "replied", "solved", "confirmed", "closed", "reopened", "archived",
     "escalated", "paged", "purged", "information_supplied"}
)
class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET


def _open_channels(policy: Policy, _: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not value:
        raise InvalidInput("Policy.open_channels must name at least one channel (or be left out)")
    if policy.channels is not None and not value <= policy.channels:
        extra = ", ".join(sorted(value - policy.channels))
        raise InvalidInput(
            f"Policy.open_channels names channels not in Policy.channels: {extra}; "
            f"allowed: {', '.join(sorted(policy.channels))}"
        )


def _calendars(value: Mapping[str, BusinessCalendar]) -> dict[str, BusinessCalendar]:
    calendars = {}
    for name, calendar in _mapping(
        value, "calendars", "{'premium': BusinessCalendar.always()}"
    ).items():
        key = require_name(name, "Policy.calendars key (a service level's calendar name)")
        calendars[key] = require_instance(
            calendar, BusinessCalendar, f"Policy.calendars[{key!r}]",
            "BusinessCalendar('Mon-Fri 09:00-17:00', tz='Europe/Paris')",
        )
    return calendars


def _sla_rules(policy: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    """SLA, escalation and paging rules name known calendars and known priority levels."""
    if value is None:
        return
    if hasattr(value, "calendar_names"):
        known = {SUPPORT, ALWAYS, *policy.calendars}
        unknown = sorted(value.calendar_names() - known)
        if unknown:
            raise InvalidInput(
                f"Policy.{attribute.name} uses unknown calendars {unknown}; use "
                f"{SUPPORT!r}, {ALWAYS!r} or a key of Policy.calendars "
                f"({', '.join(sorted(policy.calendars)) or 'none'})"
            )
    entries = getattr(value, "targets", None) or getattr(value, "rules", None) or ()
    levels = [e.level for e in entries if e.level is not None]
    levels += sorted(getattr(value, "priorities", ()), key=repr)
    keys = policy.priorities.keys
    for level in levels:
        if not any(type(k) is type(level) and k == level for k in keys):
            raise InvalidInput(
                f"Policy.{attribute.name}: level {level!r} is not a key of the "
                f"{policy.priorities.name} scheme; keys: {', '.join(map(repr, keys))}"
            )


@attrs.frozen(kw_only=True)
class Policy:
    """Every rule of one support desk.

    ``reopen_window``: how long after closing a customer may reply to or reopen a ticket
    (``None``: forever); it is ``retention.keep`` (one value: private data is kept exactly as
    long as a ticket may come back), and ``Policy(reopen_window=...)`` sets
    ``retention.keep``. ``severity_change_roles``: roles (or actor ids) allowed to change a
    severity; empty means any support-side actor. ``channels``: channels accepted for
    messages (``None``: any); ``open_channels``: those a new ticket may arrive on (``None``:
    the same). ``redaction``: secrets stripped from messages on its channels (e-mail by
    default); ``privacy``: what to do with personal data in subject, body and attachment
    names; ``retention``: private data kept after closing, and the purge schedule.

    Limits on what one call may bring in (each a whole number of at least 1; the
    :class:`~supportkit.Helpdesk` refuses more with :class:`InvalidInput`):
    ``max_body_chars`` (256 Ki characters), ``max_subject_chars`` (500), ``max_fields``
    (50 intake fields), ``max_field_chars`` (4096 per field value), ``max_attachments``
    (100 per message) and ``max_attachment_bytes`` (1 GB per attachment).

    Every field is checked when the policy is built: a wrong type or value is
    :class:`InvalidInput` naming the field and what is allowed. Fields holding a set of
    names (``channels``, ``severity_change_roles``, ``notify_events`` …) take a list; a lone
    text such as ``channels="email"`` is refused rather than taken apart into letters.

    ``calendar``: the default support-hours calendar (24x7 by default); ``calendars``: service
    level name → calendar (a ticket's ``service_level`` picks its entry). ``sla``: response,
    update and resolution targets per level; ``escalation``: when and how a customer may
    escalate; ``emergency``: which after-hours tickets page the on-call team (``None``: none).
    """

    name: str = attrs.field(default="default", validator=_policy_name)
    workflow: Workflow = attrs.field(
        factory=default_workflow, validator=_is(Workflow, "default_workflow()")
    )
    priorities: PriorityScheme = attrs.field(
        default=SEVERITIES_1_TO_4, validator=_is(PriorityScheme, "SEVERITIES_1_TO_4")
    )
    severity_change_roles: frozenset[str] = attrs.field(
        default=frozenset(), converter=_severity_change_roles
    )
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=_channels
    )
    #: channels a *new* ticket may arrive on (``None``: every accepted channel); replies
    #: may use any of ``channels`` (Open-Xchange: incidents start by e-mail, the web portal
    #: is for replies).
    open_channels: frozenset[str] | None = attrs.field(
        default=None, converter=_open_channel_names,
        validator=_open_channels,
    )
    max_attachment_bytes: int = attrs.field(
        default=DEFAULT_MAX_ATTACHMENT_BYTES, validator=_limit
    )

    # -- input limits (issue 16): what one message may hold ---------------------------------
    #: longest message body (reply, note, opening text) in characters.
    max_body_chars: int = attrs.field(default=DEFAULT_MAX_BODY_CHARS, validator=_limit)
    #: longest subject in characters.
    max_subject_chars: int = attrs.field(default=DEFAULT_MAX_SUBJECT_CHARS, validator=_limit)
    #: most intake fields one call may give (``open_ticket``/``supply_information``).
    max_fields: int = attrs.field(default=DEFAULT_MAX_FIELDS, validator=_limit)
    #: longest intake field value in characters.
    max_field_chars: int = attrs.field(default=DEFAULT_MAX_FIELD_CHARS, validator=_limit)
    #: most attachments on one message.
    max_attachments: int = attrs.field(default=DEFAULT_MAX_ATTACHMENTS, validator=_limit)

    # -- calendars (issue 3) ---------------------------------------------------------------
    calendar: BusinessCalendar = attrs.field(
        factory=BusinessCalendar.always,
        validator=_is(BusinessCalendar, "BusinessCalendar('Mon-Fri 09:00-17:00')"),
    )
    calendars: Mapping[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_calendars, hash=False  # a dict: compared, not hashed
    )

    # -- SLA, escalation and paging (issue 5) ----------------------------------------------
    sla: SlaPolicy = attrs.field(
        factory=SlaPolicy, validator=[_is(SlaPolicy, "SlaPolicy(targets=[...])"), _sla_rules]
    )
    escalation: EscalationPolicy = attrs.field(
        factory=EscalationPolicy,
        validator=[_is(EscalationPolicy, "EscalationPolicy(rules=[...])"), _sla_rules],
    )
    emergency: EmergencyPolicy | None = attrs.field(
        default=None,
        validator=[_is_optional(EmergencyPolicy, "EmergencyPolicy(priorities=[1])"), _sla_rules],
    )

    # -- entitlements and intake (issue 6) -------------------------------------------------
    # require_entitlement: open_ticket refuses requesters without a granted entitlement.
    # service_levels: level name -> ServiceLevel (empty: any level name a contract gives).
    # qualifying_categories (None: any) / out_of_scope_categories: the support scope.
    # qualifying_topics: examples of what qualifies, named in an out-of-scope refusal when
    # qualifying_categories is None (advice, not a whitelist: InterWorx's "such as").
    # intake + hold_incomplete: the checklist, and whether incomplete tickets are held.
    # direct_only: reseller-bought contracts are sent to their reseller (InterWorx).
    # support_key_markers: license keys need -SUP-/-SaaS- (Open-Xchange); False: any key on
    # a valid contract (Odin). free_resources: where refused requesters are pointed.
    require_entitlement: bool = attrs.field(default=False, validator=_flag)
    service_levels: Mapping[str, ServiceLevel] = attrs.field(  # a dict: left out of hash()
        factory=dict, converter=_service_levels, validator=levels_by_name, hash=False
    )
    qualifying_categories: frozenset[str] | None = attrs.field(
        default=None, converter=_qualifying_categories
    )
    out_of_scope_categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_out_of_scope_categories
    )
    qualifying_topics: tuple[str, ...] = attrs.field(default=(), converter=_qualifying_topics)
    intake: RequiredInformation | None = attrs.field(
        default=None,
        validator=_is_optional(RequiredInformation, "RequiredInformation(items=[...])"),
    )
    hold_incomplete: bool = attrs.field(default=False, validator=_flag)
    direct_only: bool = attrs.field(default=False, validator=_flag)
    support_key_markers: bool = attrs.field(default=True, validator=_flag)
    free_resources: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    # require_entitlement_to_access: a customer-side reader or actor on an existing ticket
    # (view, reply, close, reopen ...) needs a granted entitlement of its company at that
    # instant too, not only to open one (Open-Xchange: no valid support key, no access).
    require_entitlement_to_access: bool = attrs.field(default=False, validator=_flag)

    # -- privacy and retention (issue 7) ---------------------------------------------------
    redaction: Redactor = attrs.field(
        factory=Redactor, validator=_is(Redactor, "Redactor(channels=['email'])")
    )
    privacy: PrivacyPolicy = attrs.field(
        factory=PrivacyPolicy, validator=_is(PrivacyPolicy, "PrivacyPolicy()")
    )
    retention: RetentionPolicy = attrs.field(
        factory=RetentionPolicy, validator=_is(RetentionPolicy, "RetentionPolicy()")
    )
    # Init-only alias kept for ``Policy(reopen_window=...)``: folded into ``retention.keep``.
    _reopen_window: timedelta | _Unset | None = attrs.field(
        default=UNSET, alias="reopen_window", eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        # -- privacy and retention (issue 7): one source of truth for the reopen window --
        window = self._reopen_window
        if not isinstance(window, _Unset):
            if window is not None and not isinstance(window, timedelta):
                raise InvalidInput(
                    "Policy.reopen_window must be a datetime.timedelta (e.g. "
                    f"timedelta(days=90)) or None (forever), got {describe(window)}"
                )
            if window is not None and window < timedelta(0):
                raise InvalidInput(f"Policy.reopen_window must not be negative, got {window}")
            object.__setattr__(self, "retention", attrs.evolve(self.retention, keep=window))
            object.__setattr__(self, "_reopen_window", UNSET)

    @property
    def reopen_window(self) -> timedelta | None:
        """How long after closing a ticket may be reopened: ``retention.keep``."""
        return self.retention.keep

    # -- access, routing and notifications (issue 8) ---------------------------------------
    #: ``"hierarchy"``: a ticket goes to the requester's parent account (the level above);
    #: ``"support"``: every ticket goes to the support organisation (``addressed_to`` None).
    routing: RoutingMode = attrs.field(default="hierarchy", validator=_one_of(RoutingMode))
    #: only requesters with an account (``Helpdesk.add_account``) may open tickets
    #: (ISPmanager: "Registered users can submit trouble tickets").
    registered_only: bool = attrs.field(default=False, validator=_flag)
    #: the scopes viewers may use (``own``, ``company``, ``handled``); see docs/access.md.
    scopes: frozenset[Scope] = attrs.field(default=ALL_SCOPES, converter=_scope_set)
    #: the statuses on the active list, what ``Helpdesk.tickets(viewer, status="active")``
    #: and ``supportkit list --status active`` show (OPEN and SOLVED by default; ISPmanager:
    #: OPEN, "not answered yet" — answered and archived tickets are its "Closed tickets").
    active_list: frozenset[TicketStatus] = attrs.field(
        default=DEFAULT_ACTIVE_LIST, converter=_active_list
    )
    #: category → the staff ids a new ticket of that category is assigned to.
    category_staff: dict[str, tuple[str, ...]] = attrs.field(  # a dict: left out of hash()
        factory=dict, converter=_category_staff, hash=False
    )
    #: how a category's staff member is picked: ``"round_robin"`` or ``"least_loaded"``.
    assignment: AssignmentMode = attrs.field(
        default="round_robin", validator=_one_of(AssignmentMode)
    )
    #: ``"all"``: staff not mapped to accounts see every ticket; ``"categories"``: only
    #: tickets of their categories and tickets assigned to them (or that they opened).
    staff_visibility: StaffVisibility = attrs.field(
        default="all", validator=_one_of(StaffVisibility)
    )
    #: roles (or staff ids) that see every ticket even when ``staff_visibility`` restricts.
    staff_unrestricted_roles: frozenset[str] = attrs.field(
        default=frozenset(), converter=_staff_unrestricted_roles
    )
    #: event kinds written to the notification outbox (``noted`` is never sent to customers);
    #: each must be a kind of :data:`supportkit.tickets.events.EVENT_KINDS`.
    notify_events: frozenset[str] = attrs.field(
        default=DEFAULT_NOTIFY_EVENTS, converter=_notify_events
    )
    #: the direct link to a ticket, ``{id}`` filled in (``"https://desk.example/t/{id}"``):
    #: when set, a ticket opened by e-mail writes an auto-reply carrying it to the outbox,
    #: addressed to the requester (Open-Xchange: "a direct link to the ticket within the
    #: auto reply after your initial reporting email"). ``None``: no auto-reply.
    auto_reply_link: str | None = attrs.field(default=None, validator=_link_template)
