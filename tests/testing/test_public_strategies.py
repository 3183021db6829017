"""The strategies DESIGN.md lists import from one public module and draw valid values.

"`supportkit.testing.strategies` is public and documented: weekly_schedules(),
holiday_sets(), calendars(), aware_datetimes(calendar=None), business_durations(),
policies(), and ticket_histories(policy)."
"""

from __future__ import annotations

import importlib
import re
import textwrap
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportkit import (
    BusinessCalendar,
    FixedClock,
    Helpdesk,
    HolidaySet,
    Policy,
    Ticket,
    WeeklySchedule,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure, unstructure
from supportkit.testing import histories
from supportkit.testing.strategies import (
    Step,
    aware_datetimes,
    business_durations,
    calendars,
    holiday_sets,
    policies,
    replay_history,
    ticket_histories,
    weekly_schedules,
)

DESIGN_LIST = (
    "weekly_schedules",
    "holiday_sets",
    "calendars",
    "aware_datetimes",
    "business_durations",
    "policies",
    "ticket_histories",
)


@pytest.mark.parametrize("name", DESIGN_LIST)
def test_every_listed_strategy_is_exported_from_strategies(name: str) -> None:
    module = importlib.import_module("supportkit.testing.strategies")
    assert name in module.__all__
    assert callable(getattr(module, name))


def test_reexports_are_the_histories_objects_whichever_module_loads_first() -> None:
    assert policies is histories.policies
    assert ticket_histories is histories.ticket_histories
    assert Step is histories.Step and replay_history is histories.replay_history
    module = importlib.import_module("supportkit.testing.strategies")
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        module.nonsense  # noqa: B018 - the lookup itself is under test


@settings(max_examples=30)
@given(schedule=weekly_schedules(), days_off=holiday_sets())
def test_schedules_and_holiday_sets_are_valid_values(
    schedule: WeeklySchedule, days_off: HolidaySet
) -> None:
    assert isinstance(schedule, WeeklySchedule) and isinstance(days_off, HolidaySet)
    assert structure(unstructure(schedule), WeeklySchedule) == schedule
    assert structure(unstructure(days_off), HolidaySet) == days_off
    assert isinstance(date(2026, 12, 25) in days_off, bool)
    assert days_off.between_years(2026, 2026) == sorted(days_off.between_years(2026, 2026))


@settings(max_examples=30)
@given(data=st.data(), cal=calendars())
def test_calendars_datetimes_and_durations_fit_together(
    data: st.DataObject, cal: BusinessCalendar
) -> None:
    t = data.draw(aware_datetimes(calendar=cal))
    d = data.draw(business_durations(min_value=timedelta(0), max_value=timedelta(days=30)))
    assert isinstance(t, datetime) and t.utcoffset() is not None
    assert timedelta(0) <= d <= timedelta(days=30)
    assert isinstance(data.draw(aware_datetimes()), datetime)
    if cal.is_open(t) or cal.schedule.intervals:
        end = cal.add(t, d)
        assert end >= t
        assert cal.elapsed(t, end) == d


@settings(max_examples=15)
@given(data=st.data())
def test_policies_and_ticket_histories_replay_to_a_ticket(data: st.DataObject) -> None:
    policy = data.draw(policies())
    assert isinstance(policy, Policy)
    history = data.draw(ticket_histories(policy))
    assert history[0].action == "open_ticket"
    assert all(isinstance(step, Step) for step in history)
    assert [s.at for s in history] == sorted(s.at for s in history)
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    ticket = replay_history(desk, history)
    assert isinstance(ticket, Ticket)
    # one event per step, plus the "paged" event an after-hours opening may add
    assert len([e for e in ticket.events if e.kind != "paged"]) == len(history)


def test_the_module_docstring_example_runs() -> None:
    module = importlib.import_module("supportkit.testing.strategies")
    example = re.search(r"Example::\n\n(.*?)\n\nEvery", module.__doc__ or "", re.DOTALL)
    assert example, "the module docstring keeps its example"
    namespace: dict[str, object] = {}
    exec(textwrap.dedent(example.group(1)), namespace)  # noqa: S102 - our own documentation
    test = namespace["test_deadline_after_start"]
    assert callable(test)
    settings(max_examples=10)(test)()
