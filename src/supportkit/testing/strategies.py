"""Hypothesis strategies for supportkit's calendars, policies and tickets (public, documented).

Example::

    from datetime import timedelta
    from hypothesis import given, strategies as st
    from supportkit.testing.strategies import aware_datetimes, business_durations, calendars

    @given(cal=calendars(), data=st.data())
    def test_deadline_after_start(cal, data):
        t = data.draw(aware_datetimes(cal))
        d = data.draw(business_durations(min_value=timedelta(0)))
        assert cal.add(t, d) >= t

Every strategy shrinks towards simple values (UTC, 24x7, no holidays, small durations).

:func:`policies`, :func:`ticket_histories`, :class:`Step` and :func:`replay_history` live in
:mod:`supportkit.testing.histories`, the calendar strategies in
:mod:`supportkit.testing.calendar_strategies`; both are re-exported here, so every strategy
of the list in the documentation imports from this one module. Like every composite
strategy they are called without the ``draw`` argument: ``data.draw(ticket_histories(policy))``.
"""

from __future__ import annotations

from supportkit.testing.calendar_strategies import (
    DST_ZONES,
    ZONES,
    aware_datetimes,
    business_durations,
    calendars,
    holiday_sets,
    weekly_schedules,
    zones,
)
from supportkit.testing.histories import Step, policies, replay_history, ticket_histories

__all__ = [
    "DST_ZONES",
    "ZONES",
    "Step",
    "aware_datetimes",
    "business_durations",
    "calendars",
    "holiday_sets",
    "policies",
    "replay_history",
    "ticket_histories",
    "weekly_schedules",
    "zones",
]
