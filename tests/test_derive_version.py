"""``derive(..., version=n)``: the deadlines and the version in one copy of the snapshot."""

from __future__ import annotations

import attrs

from supportkit import Policy
from supportkit.deadlines import derive
from supportkit.testing.contract import make_ticket


def test_derive_sets_the_version_with_the_deadlines() -> None:
    ticket = attrs.evolve(make_ticket("3", replies=["hi"]), version=7)
    derived = derive(ticket, Policy(), version=1)
    assert derived == attrs.evolve(derive(ticket, Policy()), version=1)
    assert derived.version == 1
    assert derive(derived, Policy(), version=1) is derived  # nothing to change: no copy
    assert derive(ticket, Policy()).version == 7  # without it, the version stays
