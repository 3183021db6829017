"""Shared set-up for the entitlement tests: a fixed clock and a desk factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from supportkit import FixedClock, Helpdesk, Policy
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

MakeDesk = Callable[[Policy], Helpdesk]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def make_desk(clock: FixedClock) -> MakeDesk:
    def make(policy: Policy) -> Helpdesk:
        return Helpdesk(store=MemoryStore(), policy=policy, clock=clock)

    return make
