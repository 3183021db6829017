"""The :class:`Policy` bundle: every rule a :class:`~supportkit.Helpdesk` runs with, as data.

``Policy()`` alone is valid: the default workflow, severities 1-4 (Normal by default), a
90-day reopen window, no entitlement required. Presets in :mod:`supportkit.presets` build
complete policies for the five seed support guides.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.privacy.findings import PrivacyPolicy
from supportkit.privacy.redaction import Redactor
from supportkit.privacy.retention import RetentionPolicy
from supportkit.tickets.priority import SEVERITIES_1_TO_4, PriorityScheme
from supportkit.tickets.workflow import Workflow, default_workflow

__all__ = ["DEFAULT_MAX_ATTACHMENT_BYTES", "Policy"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1 << 30  # 1 GB, as Open-Xchange allows


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, timedelta) and value < timedelta(0):
        raise InvalidInput(f"Policy.{attribute.name} must not be negative, got {value}")


@attrs.frozen(kw_only=True)
class Policy:
    """Every rule of one support desk.

    ``reopen_window``: how long after closing a customer may reply to or reopen a ticket
    (``None``: forever); it is ``retention.keep`` (one value: private data is kept exactly as
    long as a ticket may come back), and ``Policy(reopen_window=...)`` sets
    ``retention.keep``. ``severity_change_roles``: roles (or actor ids) allowed to change a
    severity; empty means any support-side actor. ``channels``: intake channels accepted
    (``None``: any). ``first_response``: initial-response target on a 24x7 clock.
    ``redaction``: secrets stripped from messages on its channels (e-mail by default);
    ``privacy``: what to do with personal data in subject, body and attachment names;
    ``retention``: private data kept after closing, and the purge schedule.
    """

    name: str = "default"
    workflow: Workflow = attrs.field(factory=default_workflow)
    priorities: PriorityScheme = SEVERITIES_1_TO_4
    severity_change_roles: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    first_response: timedelta | None = attrs.field(default=None, validator=_non_negative)
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES

    # -- calendars (issue 3) ---------------------------------------------------------------

    # -- SLA, escalation and paging (issue 5) ----------------------------------------------

    # -- entitlements and intake (issue 6) -------------------------------------------------

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
