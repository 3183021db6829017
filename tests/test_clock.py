from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supportkit import FixedClock, InvalidInput, SystemClock


def test_fixed_clock_moves_only_when_told() -> None:
    t0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    clock = FixedClock(t0)
    assert clock.now() == t0
    assert clock.advance(timedelta(hours=1)) == t0 + timedelta(hours=1)
    clock.set(t0)
    assert clock.now() == t0


def test_fixed_clock_refuses_naive() -> None:
    with pytest.raises(InvalidInput, match="naive"):
        FixedClock(datetime(2026, 1, 5, 9, 0))  # noqa: DTZ001
    clock = FixedClock(datetime(2026, 1, 5, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="naive"):
        clock.set(datetime(2026, 1, 5))  # noqa: DTZ001


def test_system_clock_is_aware() -> None:
    assert SystemClock().now().tzinfo is not None
