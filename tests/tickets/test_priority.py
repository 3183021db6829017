from __future__ import annotations

import pytest

from supportkit import InvalidInput, PriorityLevel, PriorityScheme
from supportkit.tickets import HIGH_NORMAL_LOW, INFORMATION_TO_URGENT, SEVERITIES_1_TO_4


def test_odin_severities() -> None:
    assert SEVERITIES_1_TO_4.keys == (1, 2, 3, 4)
    assert [SEVERITIES_1_TO_4.label(k) for k in (1, 2, 3, 4)] == [
        "Urgent", "High", "Normal", "Minor"]
    assert SEVERITIES_1_TO_4.more_urgent(1, 2) and not SEVERITIES_1_TO_4.more_urgent(4, 3)


def test_interworx_priorities_default_to_medium() -> None:
    assert INFORMATION_TO_URGENT.default == "medium"
    assert INFORMATION_TO_URGENT.validate("Urgent") == "urgent"  # labels are accepted
    assert INFORMATION_TO_URGENT.rank("urgent") < INFORMATION_TO_URGENT.rank("information")


def test_ispmanager_priorities() -> None:
    assert HIGH_NORMAL_LOW.keys == ("high", "normal", "low")
    assert HIGH_NORMAL_LOW.default == "normal"


@pytest.mark.parametrize("bad", [0, 5, "1", "critical", None, True, 2.0])
def test_unknown_levels_are_refused(bad: object) -> None:
    with pytest.raises(InvalidInput, match="allowed: 1 \\(Urgent\\), 2 \\(High\\)"):
        SEVERITIES_1_TO_4.validate(bad)


def test_scheme_must_be_consistent() -> None:
    with pytest.raises(InvalidInput, match="default 'x'"):
        PriorityScheme("p", (PriorityLevel("a", "A"),), "x")
    with pytest.raises(InvalidInput, match="duplicate"):
        PriorityScheme("p", (PriorityLevel("a", "A"), PriorityLevel("a", "B")), "a")
    with pytest.raises(InvalidInput, match="at least one"):
        PriorityScheme("p", (), "a")
