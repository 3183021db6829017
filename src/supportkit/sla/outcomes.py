"""How one ticket did on its SLA targets, and a bounded-memory sketch of durations: the
pure pieces of the SLA report (:mod:`supportkit.app.report`).

:func:`outcomes` classifies each measure with a target as ``met``, ``breached`` or
``pending`` at an instant, with the business time it took when it is done:

- **first response**: met / breached once a support-side reply was given (on time or not),
  breached while none was given and the due instant has passed, pending otherwise;
- **resolution**: done once the ticket left OPEN (solved, closed, archived) with its clock
  stopped — met when the business time counted stayed within the target; breached as soon as
  the target was used up (running or not); pending while OPEN (or awaiting information).

:class:`DurationSketch` keeps counts in logarithmic buckets (relative accuracy
:data:`RELATIVE_ACCURACY`), so a median or 90th percentile over a million tickets needs a
few kilobytes, not a million values.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from supportkit.sla.status import SlaState, sla_status
from supportkit.tickets.head import TicketState
from supportkit.tickets.status import TicketStatus

if TYPE_CHECKING:
    from supportkit.policy import Policy

__all__ = [
    "RELATIVE_ACCURACY",
    "DurationSketch",
    "Outcome",
    "OutcomeState",
    "outcomes",
]

#: A sketch's quantile is within this fraction of the true value (or within a second).
RELATIVE_ACCURACY = 0.01
_GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)
_LOG_GAMMA = math.log(_GAMMA)


class OutcomeState(StrEnum):
    """Where a measure of one ticket stands for the report."""

    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"


@attrs.frozen
class Outcome:
    """One measure of one ticket: its state and, once done, the business time it took."""

    measure: str
    state: OutcomeState
    business: timedelta | None = None


def outcomes(ticket: TicketState, policy: Policy, now: datetime) -> tuple[Outcome, ...]:
    """The first-response and resolution outcomes of ``ticket`` at ``now`` (a measure
    without a target for the ticket's level is left out)."""
    status = sla_status(ticket, policy, now)
    found: list[Outcome] = []
    first = status.first_response
    if first.state is not SlaState.NONE:
        answered = ticket.first_response_at is not None and ticket.first_response_at <= now
        if first.state is SlaState.MET:
            found.append(Outcome("first_response", OutcomeState.MET, first.consumed))
        elif first.state is SlaState.BREACHED:
            found.append(Outcome("first_response", OutcomeState.BREACHED,
                                 first.consumed if answered else None))
        else:
            found.append(Outcome("first_response", OutcomeState.PENDING))
    resolution = status.resolution
    if resolution.state is not SlaState.NONE:
        done = ticket.status is not TicketStatus.OPEN and ticket.updated_at <= now
        if resolution.state is SlaState.BREACHED:
            found.append(Outcome("resolution", OutcomeState.BREACHED,
                                 resolution.consumed if done else None))
        elif done and resolution.state in (SlaState.MET, SlaState.PAUSED):
            found.append(Outcome("resolution", OutcomeState.MET, resolution.consumed))
        else:
            found.append(Outcome("resolution", OutcomeState.PENDING))
    return tuple(found)


def _bucket(seconds: float) -> int:
    return math.ceil(math.log(seconds) / _LOG_GAMMA)


def bucket_value(index: int) -> float:
    """The value (seconds) a bucket stands for: within the relative accuracy of every value
    it holds. Index ``-1 << 40`` stands for zero (anything under a second)."""
    if index == _ZERO:
        return 0.0
    return 2 * _GAMMA**index / (_GAMMA + 1)


_ZERO = -(1 << 40)


@attrs.define
class DurationSketch:
    """Counts of durations in logarithmic buckets (a DDSketch without collapsing: the number
    of buckets grows with the log of the range, ~1,000 from one second to ten years). Each
    bucket keeps the least and greatest value it holds too, so a bucket of equal values
    answers exactly."""

    #: bucket index -> [count, least seconds, greatest seconds]
    buckets: dict[int, list[float]] = attrs.field(factory=dict)
    n: int = 0

    def add(self, value: timedelta) -> None:
        """Count one duration (negative ones count as zero)."""
        seconds = max(value.total_seconds(), 0.0)
        index = _bucket(seconds) if seconds >= 1 else _ZERO
        found = self.buckets.get(index)
        if found is None:
            self.buckets[index] = [1, seconds, seconds]
        else:
            found[0] += 1
            found[1] = min(found[1], seconds)
            found[2] = max(found[2], seconds)
        self.n += 1

    def merge(self, other: DurationSketch) -> None:
        """Add every count of ``other``."""
        for index, (count, low, high) in other.buckets.items():
            found = self.buckets.get(index)
            if found is None:
                self.buckets[index] = [count, low, high]
            else:
                found[:] = [found[0] + count, min(found[1], low), max(found[2], high)]
        self.n += other.n

    def quantile(self, q: float) -> timedelta | None:
        """The nearest-rank ``q`` quantile (``None`` when empty), to the relative accuracy
        (values under a second read as zero)."""
        if self.n == 0:
            return None
        rank = max(1, math.ceil(q * self.n))
        seen = 0
        for index in sorted(self.buckets):
            count, low, high = self.buckets[index]
            seen += int(count)
            if seen >= rank:
                value = min(max(bucket_value(index), low), high)
                return timedelta(seconds=round(value))
        return None  # unreachable: the counts add up to n
