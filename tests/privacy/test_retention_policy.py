"""RetentionPolicy as data: the Sunday schedule in its zone, validation, cattrs round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import (
    InvalidInput,
    Policy,
    PrivacyAction,
    PrivacyPolicy,
    Redactor,
    RetentionPolicy,
)
from supportkit.serialization import structure, unstructure

BERLIN = ZoneInfo("Europe/Berlin")


NAIVE_MIN = datetime(2000, 1, 1)  # noqa: DTZ001 - hypothesis bounds are naive by design
NAIVE_MAX = datetime(2090, 1, 1)  # noqa: DTZ001


@given(st.datetimes(min_value=NAIVE_MIN, max_value=NAIVE_MAX, timezones=st.just(UTC)))
def test_next_run_is_the_first_sunday_two_oclock_after(after: datetime) -> None:
    run = RetentionPolicy().next_run(after)
    local = run.astimezone(BERLIN)
    assert run > after and local.weekday() == 6
    assert (local.hour, local.minute) in {(2, 0), (3, 0)}  # 03:00 only on spring-forward night
    assert run - after <= timedelta(days=7, hours=1)


def test_dst_nights() -> None:
    p = RetentionPolicy()
    spring = p.next_run(datetime(2027, 3, 27, 12, tzinfo=UTC))  # clocks skip 02:00-03:00
    assert spring.astimezone(UTC) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    autumn = p.next_run(datetime(2026, 10, 24, 12, tzinfo=UTC))  # 02:00 happens twice
    assert autumn.astimezone(UTC) == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)


def test_zone_and_rule_are_fields() -> None:
    p = RetentionPolicy(schedule="RRULE:FREQ=DAILY;BYHOUR=23;BYMINUTE=30", zone="Asia/Tokyo")
    run = p.next_run(datetime(2026, 1, 1, 15, 0, tzinfo=UTC))  # 00:00 on Jan 2 in Tokyo
    assert run.isoformat() == "2026-01-02T23:30:00+09:00"
    biweekly = RetentionPolicy(
        schedule="DTSTART:20260104T020000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"
    )
    first = biweekly.next_run(datetime(2026, 1, 5, tzinfo=UTC))
    assert first.date().isoformat() == "2026-01-18"
    assert biweekly.next_run(first).date().isoformat() == "2026-02-01"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"schedule": "every sunday"}, "not an RFC 5545 rule"),
        ({"zone": "Mars/Olympus"}, "not an IANA time zone"),
        ({"keep": timedelta(days=-1)}, "must not be negative"),
        ({"private": {"logs"}}, "unknown private data kind"),
        ({"batch_size": 0}, "at least 1"),
    ],
)
def test_bad_policies_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        RetentionPolicy(**kwargs)  # type: ignore[arg-type]


def test_naive_after_is_refused() -> None:
    with pytest.raises(InvalidInput, match="naive"):
        RetentionPolicy().next_run(datetime(2026, 1, 1))  # noqa: DTZ001


@given(
    keep=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
    private=st.frozensets(st.sampled_from(["attachment", "raw_email"])),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "America/New_York"]),
    action=st.sampled_from(PrivacyAction),
    channels=st.frozensets(st.sampled_from(["email", "web", "chat"])),
    names=st.frozensets(st.text(min_size=1, max_size=10)),
)
def test_policy_with_privacy_fields_round_trips(
    keep: timedelta | None, private: frozenset[str], zone: str, action: PrivacyAction,
    channels: frozenset[str], names: frozenset[str],
) -> None:
    policy = Policy(
        redaction=Redactor(channels=channels, detectors={"password", "jwt"}),
        privacy=PrivacyPolicy(action=action, names=names),
        retention=RetentionPolicy(keep=keep, private=private, zone=zone),
    )
    data = json.loads(json.dumps(unstructure(policy)))
    assert "reopen_window" not in data and "_reopen_window" not in data
    again = structure(data, Policy)
    assert again == policy and again.reopen_window == keep


def test_toml_shaped_data_reads() -> None:
    data = {
        "retention": {"keep": "90d", "schedule": "RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2",
                      "zone": "Europe/Berlin", "private": ["attachment", "raw_email"]},
        "privacy": {"action": "refuse"},
        "redaction": {"channels": ["email"]},
    }
    policy = structure(data, Policy)
    assert policy.privacy.action is PrivacyAction.REFUSE
    assert policy.reopen_window == timedelta(days=90)
    with pytest.raises(InvalidInput, match="cannot read Policy"):
        structure({"retention": {"schedule": "sometimes"}}, Policy)


def test_no_run_after_the_end_of_the_calendar_is_invalid_input() -> None:
    """The rule itself says so (it was an OverflowError the desk had to translate)."""
    with pytest.raises(InvalidInput, match="dates end in the year 9999"):
        RetentionPolicy().next_run(datetime.max.replace(tzinfo=UTC))
