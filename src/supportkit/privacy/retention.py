"""How long private data is kept after a ticket closes, and when the purge runs.

Open-Xchange: "Access to privacy data is mandatory up to three months after a ticket goes
into 'closed' state ... the customer has the right to reopen tickets in this period" and "The
automatic deletion of privacy data takes place weekly at Sunday and affects tickets which are
since 90 days in a 'closed' state." A :class:`RetentionPolicy` holds exactly that: which
attachment kinds are private, the keep period (which is also the reopen window), and the
run schedule as an RFC 5545 recurrence rule evaluated on the wall clock of ``zone``.

Everything here is pure: functions of a ticket, a policy and an instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from dateutil.rrule import rrule, rrulestr

from supportkit._time import elapsed_after, require_aware
from supportkit.durations import format_duration
from supportkit.errors import InvalidInput
from supportkit.tickets.head import HeldRef, TicketState, refs_of
from supportkit.tickets.status import TicketStatus

__all__ = [
    "ATTACHMENT",
    "DEFAULT_SCHEDULE",
    "PRIVATE_KINDS",
    "RAW_EMAIL",
    "RetentionPolicy",
    "purgeable_digests",
    "retention_anchor",
    "retention_due",
]

ATTACHMENT = "attachment"
RAW_EMAIL = "raw_email"
PRIVATE_KINDS = (ATTACHMENT, RAW_EMAIL)
#: Weekly on Sunday at 02:00 (wall clock of the policy's zone).
DEFAULT_SCHEDULE = "RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0"


def _zone(_: object, __: attrs.Attribute[str], value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"retention zone {value!r} is not an IANA time zone") from exc


def _schedule(_: object, __: attrs.Attribute[str], value: str) -> None:
    try:
        rule = rrulestr(value, dtstart=datetime(2000, 1, 1, tzinfo=UTC), forceset=False)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"retention schedule {value!r} is not an RFC 5545 rule; write e.g. "
            f"{DEFAULT_SCHEDULE!r}"
        ) from exc
    if not isinstance(rule, rrule):
        raise InvalidInput(f"retention schedule {value!r} must be a single RRULE")


def _keep(_: object, __: attrs.Attribute[Any], value: timedelta | None) -> None:
    if value is not None and value < timedelta(0):
        raise InvalidInput(f"RetentionPolicy.keep must not be negative, got {value}")


def _private(value: Iterable[str]) -> frozenset[str]:
    kinds = frozenset(value)
    unknown = kinds - set(PRIVATE_KINDS)
    if unknown:
        raise InvalidInput(
            f"unknown private data kind(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(PRIVATE_KINDS)}"
        )
    return kinds


def _batch(_: object, __: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise InvalidInput(f"RetentionPolicy.batch_size must be at least 1, got {value}")


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """What is private, how long it is kept after closing, and when the purge runs.

    ``private``: attachment kinds purged (``attachment``, ``raw_email``). ``keep``: how long
    after a ticket closed (or was archived) its private data is kept; it is also the reopen
    window (``None``: keep forever, reopen forever). ``schedule``: an RFC 5545 ``RRULE``
    (a ``DTSTART`` line may anchor rules with ``INTERVAL`` > 1) on the wall clock of
    ``zone``. ``batch_size``: tickets read per batch by the run (bounded memory).

    >>> p = RetentionPolicy()
    >>> p.next_run(datetime(2026, 11, 28, 12, 0, tzinfo=UTC)).isoformat()
    '2026-11-29T02:00:00+01:00'
    """

    private: frozenset[str] = attrs.field(default=frozenset(PRIVATE_KINDS), converter=_private)
    keep: timedelta | None = attrs.field(default=timedelta(days=90), validator=_keep)
    schedule: str = attrs.field(default=DEFAULT_SCHEDULE, validator=_schedule)
    zone: str = attrs.field(default="Europe/Berlin", validator=_zone)
    batch_size: int = attrs.field(default=500, validator=_batch)

    def rule(self, after: datetime) -> rrule:
        """The schedule as a :class:`dateutil.rrule.rrule` in ``zone``, started early enough
        to yield the first run after ``after``."""
        tz = ZoneInfo(self.zone)
        local = require_aware(after, "after").astimezone(tz)
        start = datetime(local.year, local.month, local.day, tzinfo=tz) - timedelta(days=1)
        parsed = rrulestr(self.schedule, dtstart=start, forceset=False)
        assert isinstance(parsed, rrule)  # noqa: S101 - checked by the validator
        first: datetime = parsed._dtstart  # type: ignore[attr-defined]
        if first.tzinfo is None:  # a naive DTSTART line: its wall clock in zone
            parsed = parsed.replace(dtstart=first.replace(tzinfo=tz))
        return parsed

    def next_run(self, after: datetime) -> datetime:
        """The first scheduled run strictly after ``after`` (aware, in ``zone``).

        A wall-clock time that a DST change skips runs at the same UTC offset as before the
        change (02:00 on a spring-forward night is 03:00 summer time). Near the end of the
        calendar (dates end in the year 9999) no run can be scheduled: :class:`InvalidInput`.
        """
        after = require_aware(after, "after")
        try:
            found = self.rule(after).after(after, inc=False)
            normalized: datetime | None = (
                None if found is None else found.astimezone(UTC).astimezone(ZoneInfo(self.zone))
            )
        except InvalidInput:
            raise
        except (OverflowError, ValueError) as exc:
            raise InvalidInput(
                f"after: no retention run can be scheduled after {after.isoformat()} (dates "
                "end in the year 9999)"
            ) from exc
        if normalized is None:
            raise InvalidInput(
                f"retention schedule {self.schedule!r} has no run after {after.isoformat()}"
            )
        if normalized <= after:  # pragma: no cover - only on a DST gap edge
            return self.next_run(normalized + timedelta(seconds=1))
        return normalized

    def describe(self) -> str:
        """A short text for event data and reports: keep period, kinds, schedule, zone."""
        keep = "forever" if self.keep is None else format_duration(self.keep)
        return (
            f"keep {keep} after closing; private: {','.join(sorted(self.private))}; "
            f"{self.schedule} {self.zone}"
        )


def retention_anchor(ticket: TicketState) -> datetime | None:
    """When the keep period (and the reopen window) of ``ticket`` started: when it was
    closed, or archived if it was archived without closing; ``None`` while it is active."""
    if ticket.status not in (TicketStatus.CLOSED, TicketStatus.ARCHIVED):
        return None
    return ticket.closed_at or ticket.archived_at


def _private_refs(ticket: TicketState, policy: RetentionPolicy) -> Iterable[HeldRef]:
    return (ref for ref in refs_of(ticket) if ref.kind in policy.private)


def purgeable_digests(ticket: TicketState, policy: RetentionPolicy) -> frozenset[str]:
    """Digests of private, not yet purged content of ``ticket`` that no non-private
    reference of the same ticket also uses (purging marks every reference of a digest)."""
    public = {ref.sha256 for ref in refs_of(ticket) if ref.kind not in policy.private}
    return frozenset(
        ref.sha256 for ref in _private_refs(ticket, policy)
        if not ref.purged and ref.sha256 not in public
    )


def retention_due(ticket: TicketState, policy: RetentionPolicy) -> datetime | None:
    """When ``ticket``'s private data falls due for purging: closed (or archived) instant
    plus ``keep``, while it still holds unpurged private data; otherwise ``None``."""
    anchor = retention_anchor(ticket)
    if anchor is None or policy.keep is None or not purgeable_digests(ticket, policy):
        return None
    return elapsed_after(anchor, policy.keep)  # exact elapsed time, in UTC (as the window)
