from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import InvalidInput
from supportkit.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15m", timedelta(minutes=15)), ("2h", timedelta(hours=2)),
     ("1h30m", timedelta(hours=1, minutes=30)), ("90d", timedelta(days=90)),
     ("1w", timedelta(weeks=1)), ("-2h", timedelta(hours=-2)), ("3600", timedelta(hours=1)),
     (" 1d 2h ", timedelta(days=1, hours=2)), (45, timedelta(seconds=45))],
)
def test_parse(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("bad", ["", "h", "15x", "1h junk", "soon", "1h-2m", True])
def test_parse_refuses_bad_text(bad: str) -> None:
    with pytest.raises(InvalidInput, match="duration"):
        parse_duration(bad)


@given(st.timedeltas(min_value=timedelta(days=-3000), max_value=timedelta(days=3000)))
def test_round_trip(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value
