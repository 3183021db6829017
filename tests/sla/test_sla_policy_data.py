"""SLA, escalation and paging policies are data: they load from TOML and refuse bad input."""

from __future__ import annotations

import tomllib
from datetime import time, timedelta

import pytest

from supportkit import (
    EmergencyPolicy,
    EscalationPolicy,
    EscalationRule,
    InvalidInput,
    Policy,
)
from supportkit.serialization import structure, unstructure
from supportkit.sla import Trigger

ODIN_TOML = """
name = "odin-like"

[sla]
at_risk = 0.8
[[sla.targets]]
initial_response = "2h"
calendar = "24x7"

[[escalation.rules]]
level = 1
trigger = "since_support_reply"
after = "1h"
methods = ["phone"]

[[escalation.rules]]
level = 2
trigger = "eta_fraction"
fraction = 0.5
methods = ["button", "phone"]

[[escalation.rules]]
level = 3
trigger = "eta_missed"
methods = ["button", "phone"]

[[escalation.rules]]
level = 4
trigger = "never"

[emergency]
priorities = [1, 2]
categories = ["services down"]
morning = "07:30"
"""


def test_an_odin_like_policy_loads_from_toml() -> None:
    policy = structure(tomllib.loads(ODIN_TOML), Policy)
    target = policy.sla.target(3)
    assert target is not None and target.initial_response == timedelta(hours=2)
    assert policy.sla.at_risk == 0.8
    rule = policy.escalation.rule(2)
    assert rule is not None and rule.trigger is Trigger.ETA_FRACTION and rule.fraction == 0.5
    assert policy.escalation.rule(1).methods == {"phone"}  # type: ignore[union-attr]
    assert policy.emergency == EmergencyPolicy(
        priorities={1, 2}, categories={"services down"}, morning=time(7, 30)
    )
    assert structure(unstructure(policy), Policy) == policy


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trigger": "since_support_reply", "methods": {"phone"}}, "needs 'after'"),
        ({"trigger": "eta_fraction", "fraction": 1.5, "methods": {"phone"}}, r"\(0, 1\]"),
        ({"trigger": "eta_missed"}, "give the methods"),
        ({"trigger": "sometimes", "methods": {"phone"}}, "use one of since_support_reply"),
        ({"trigger": "since_support_reply", "after": timedelta(0), "methods": {"x"}},
         "positive duration"),
    ],
)
def test_bad_escalation_rules_say_what_to_give(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        EscalationRule(level=1, **kwargs)  # type: ignore[arg-type]


def test_bad_policies_are_refused_with_the_rule_named() -> None:
    with pytest.raises(InvalidInput, match="two rules for the same level"):
        EscalationPolicy(rules=[EscalationRule(level=1, trigger="never"),
                                EscalationRule(level=1, trigger="never")])
    with pytest.raises(InvalidInput, match="unknown calendars"):
        Policy(escalation=EscalationPolicy(
            rules=[EscalationRule(trigger="eta_missed", methods={"button"}, calendar="gold")]))
    with pytest.raises(InvalidInput, match="not a key"):
        Policy(escalation=EscalationPolicy(rules=[EscalationRule(level=9, trigger="never")]))
    with pytest.raises(InvalidInput, match="cutoff"):
        EmergencyPolicy(priorities={1}, cutoff=time(7, 0))
    with pytest.raises(InvalidInput, match="at least one level"):
        EmergencyPolicy(priorities=set())
    with pytest.raises(InvalidInput, match="cannot read Policy"):
        structure({"emergency": {"priorities": [1], "morning": "8 o'clock"}}, Policy)
