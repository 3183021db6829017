"""The :class:`Policy` bundle: every rule a :class:`~supportkit.Helpdesk` runs with, as data.

``Policy()`` alone is valid: the default workflow, severities 1-4 (Normal by default), a
90-day reopen window, no entitlement required. Presets in :mod:`supportkit.presets` build
complete policies for the five seed support guides.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import attrs

from supportkit.access.scopes import ALL_SCOPES, Scope
from supportkit.calendars import BusinessCalendar
from supportkit.entitlements.intake import RequiredInformation
from supportkit.entitlements.levels import (
    ServiceLevel,
    levels_by_name,
    name_set,
    optional_name_set,
    text_tuple,
)
from supportkit.errors import InvalidInput
from supportkit.privacy.findings import PrivacyPolicy
from supportkit.privacy.redaction import Redactor
from supportkit.privacy.retention import RetentionPolicy
from supportkit.sla.escalation import EscalationPolicy
from supportkit.sla.paging import EmergencyPolicy
from supportkit.sla.targets import ALWAYS, SUPPORT, SlaPolicy
from supportkit.tickets.priority import SEVERITIES_1_TO_4, PriorityScheme
from supportkit.tickets.workflow import Workflow, default_workflow

__all__ = ["DEFAULT_MAX_ATTACHMENT_BYTES", "Policy"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1 << 30  # 1 GB, as Open-Xchange allows


def _one_of(*allowed: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in allowed:
            raise InvalidInput(
                f"Policy.{attribute.name} {value!r} is not known; allowed: {', '.join(allowed)}"
            )

    return check


def _names(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInput(f"give a list of names, not the text {value!r}")
    return frozenset(value)


def _scope_set(value: Any) -> frozenset[Scope]:
    if isinstance(value, str):
        raise InvalidInput(f"Policy.scopes: give a list of scopes, not the text {value!r}")
    try:
        return frozenset(Scope(v) for v in value)
    except ValueError as exc:
        allowed = ", ".join(s.value for s in Scope)
        raise InvalidInput(f"Policy.scopes: {exc}; allowed: {allowed}") from exc


def _category_staff(value: Any) -> dict[str, tuple[str, ...]]:
    staff = {}
    for category, members in dict(value).items():
        if isinstance(members, str):
            raise InvalidInput(
                f"Policy.category_staff[{category!r}]: give a list of staff ids, "
                f"not the text {members!r}"
            )
        staff[str(category)] = tuple(members)
    for category, members in staff.items():
        if not members or len(set(members)) != len(members):
            raise InvalidInput(
                f"Policy.category_staff[{category!r}] needs distinct staff ids, got {members!r}"
            )
    return staff


#: Event kinds that notify the other party by default (``noted`` never does: internal).
DEFAULT_NOTIFY_EVENTS = frozenset(
    {"opened", "replied", "solved", "confirmed", "closed", "reopened", "archived",
     "escalated", "paged", "purged"}
)
class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, timedelta) and value < timedelta(0):
        raise InvalidInput(f"Policy.{attribute.name} must not be negative, got {value}")


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
    return dict(value)


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

    ``calendar``: the default support-hours calendar (24x7 by default); ``calendars``: service
    level name → calendar (a ticket's ``service_level`` picks its entry). ``sla``: response,
    update and resolution targets per level; ``escalation``: when and how a customer may
    escalate; ``emergency``: which after-hours tickets page the on-call team (``None``: none).
    """

    name: str = "default"
    workflow: Workflow = attrs.field(factory=default_workflow)
    priorities: PriorityScheme = SEVERITIES_1_TO_4
    severity_change_roles: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    #: channels a *new* ticket may arrive on (``None``: every accepted channel); replies
    #: may use any of ``channels`` (Open-Xchange: incidents start by e-mail, the web portal
    #: is for replies).
    open_channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset), validator=_open_channels
    )
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES

    # -- calendars (issue 3) ---------------------------------------------------------------
    calendar: BusinessCalendar = attrs.field(factory=BusinessCalendar.always)
    calendars: Mapping[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_calendars, hash=False  # a dict: compared, not hashed
    )

    # -- SLA, escalation and paging (issue 5) ----------------------------------------------
    sla: SlaPolicy = attrs.field(factory=SlaPolicy, validator=_sla_rules)
    escalation: EscalationPolicy = attrs.field(factory=EscalationPolicy, validator=_sla_rules)
    emergency: EmergencyPolicy | None = attrs.field(default=None, validator=_sla_rules)

    # -- entitlements and intake (issue 6) -------------------------------------------------
    # require_entitlement: open_ticket refuses requesters without a granted entitlement.
    # service_levels: level name -> ServiceLevel (empty: any level name a contract gives).
    # qualifying_categories (None: any) / out_of_scope_categories: the support scope.
    # intake + hold_incomplete: the checklist, and whether incomplete tickets are held.
    # direct_only: reseller-bought contracts are sent to their reseller (InterWorx).
    # support_key_markers: license keys need -SUP-/-SaaS- (Open-Xchange); False: any key on
    # a valid contract (Odin). free_resources: where refused requesters are pointed.
    require_entitlement: bool = False
    service_levels: Mapping[str, ServiceLevel] = attrs.field(  # a dict: left out of hash()
        factory=dict, converter=dict, validator=levels_by_name, hash=False
    )
    qualifying_categories: frozenset[str] | None = attrs.field(
        default=None, converter=optional_name_set
    )
    out_of_scope_categories: frozenset[str] = attrs.field(default=frozenset(), converter=name_set)
    intake: RequiredInformation | None = None
    hold_incomplete: bool = False
    direct_only: bool = False
    support_key_markers: bool = True
    free_resources: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)

    # -- privacy and retention (issue 7) ---------------------------------------------------
    redaction: Redactor = attrs.field(factory=Redactor)
    privacy: PrivacyPolicy = attrs.field(factory=PrivacyPolicy)
    retention: RetentionPolicy = attrs.field(factory=RetentionPolicy)
    # Init-only alias kept for ``Policy(reopen_window=...)``: folded into ``retention.keep``.
    _reopen_window: timedelta | _Unset | None = attrs.field(
        default=UNSET, alias="reopen_window", eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        # -- privacy and retention (issue 7): one source of truth for the reopen window --
        window = self._reopen_window
        if not isinstance(window, _Unset):
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
    routing: str = attrs.field(default="hierarchy", validator=_one_of("hierarchy", "support"))
    #: only requesters with an account (``Helpdesk.add_account``) may open tickets
    #: (ISPmanager: "Registered users can submit trouble tickets").
    registered_only: bool = False
    #: the scopes viewers may use (``own``, ``company``, ``handled``); see docs/access.md.
    scopes: frozenset[Scope] = attrs.field(default=ALL_SCOPES, converter=_scope_set)
    #: category → the staff ids a new ticket of that category is assigned to.
    category_staff: dict[str, tuple[str, ...]] = attrs.field(  # a dict: left out of hash()
        factory=dict, converter=_category_staff, hash=False
    )
    #: how a category's staff member is picked: ``"round_robin"`` or ``"least_loaded"``.
    assignment: str = attrs.field(
        default="round_robin", validator=_one_of("round_robin", "least_loaded")
    )
    #: ``"all"``: staff not mapped to accounts see every ticket; ``"categories"``: only
    #: tickets of their categories and tickets assigned to them (or that they opened).
    staff_visibility: str = attrs.field(default="all", validator=_one_of("all", "categories"))
    #: roles (or staff ids) that see every ticket even when ``staff_visibility`` restricts.
    staff_unrestricted_roles: frozenset[str] = attrs.field(
        default=frozenset(), converter=_names
    )
    #: event kinds written to the notification outbox (``noted`` is never sent to customers).
    notify_events: frozenset[str] = attrs.field(default=DEFAULT_NOTIFY_EVENTS, converter=_names)
