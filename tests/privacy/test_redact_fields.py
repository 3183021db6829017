"""Issue 16: secrets in the intake ``fields`` of an e-mail ticket were stored as given.

:func:`supportkit.privacy.redact_fields` is the pure function the desk calls for
``open_ticket(fields=...)`` and ``supply_information``; ``screen(fields=...)`` runs it with the
rest of a message.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import InvalidInput
from supportkit.privacy import PrivacyPolicy, Redactor, redact_fields
from supportkit.privacy.screening import screen

SECRET = "Hunter2Zebra"  # noqa: S105 - the secret the tests look for


@pytest.mark.parametrize(
    "key", ["password", "root_password", "db.passwd", "api_key", "API-Key", "token", "pwd"]
)
def test_a_field_named_like_a_secret_has_its_value_replaced(key: str) -> None:
    fields, kinds = redact_fields(Redactor(), "email", {key: SECRET, "os": "Debian 12"})
    assert fields == {key: "[redacted: password]", "os": "Debian 12"}
    assert kinds == ("password",)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (f"login root / password: {SECRET}", "password"),
        (f"https://admin:{SECRET}@panel.example.com", "password"),
        ("AKIAIOSFODNN7EXAMPLE", "aws_access_key"),
    ],
)
def test_a_secret_inside_any_field_value_is_redacted(value: str, kind: str) -> None:
    fields, kinds = redact_fields(Redactor(), "email", {"notes": value})
    assert SECRET not in fields["notes"] and "AKIA" not in fields["notes"]
    assert kind in kinds


def test_ordinary_fields_and_other_channels_are_left_alone() -> None:
    ordinary = {
        "ip_or_hostname": "203.0.113.7",
        "remote_assistance_enabled": "yes",
        "passport": "X123",
        "password_reset": "",
    }
    assert redact_fields(Redactor(), "email", ordinary) == (ordinary, ())
    secret = {"password": SECRET}
    assert redact_fields(Redactor(), "web", secret) == (secret, ())
    assert redact_fields(Redactor(channels={"web"}), "web", secret)[0] == {
        "password": "[redacted: password]"
    }


def test_detectors_and_marker_are_the_redactor_s() -> None:
    only_keys = Redactor(detectors={"aws_access_key"}, marker="<{kind}>")
    fields, kinds = redact_fields(
        only_keys, "email", {"password": SECRET, "k": "AKIAIOSFODNN7EXAMPLE"}
    )
    assert fields == {"password": SECRET, "k": "<aws_access_key>"}
    assert kinds == ("aws_access_key",)


def test_fields_that_are_not_text_are_refused() -> None:
    with pytest.raises(InvalidInput, match="must be text"):
        redact_fields(Redactor(), "email", {"password": 1234})  # type: ignore[dict-item]
    with pytest.raises(InvalidInput, match="must be text"):
        redact_fields(Redactor(), "email", {7: "x"})  # type: ignore[dict-item]


@given(
    st.dictionaries(
        st.sampled_from(["password", "notes", "os", "token", "x"]),
        st.sampled_from([SECRET, f"pwd {SECRET}!", "Debian 12", "", "password: x9"]),
    )
)
def test_redacting_fields_twice_finds_nothing_new(fields: dict[str, str]) -> None:
    once, _ = redact_fields(Redactor(), "email", fields)
    twice, kinds = redact_fields(Redactor(), "email", once)
    assert (twice, kinds) == (once, ())
    assert once.keys() == fields.keys()
    if fields.get("password"):
        assert SECRET not in once["password"]


def test_screen_redacts_fields_with_the_message() -> None:
    screened = screen(
        Redactor(), PrivacyPolicy(), "email", subject="s", body="nothing secret",
        max_raw_bytes=1000, fields={"root_password": SECRET, "os": "Debian"},
    )
    assert screened.fields == {"root_password": "[redacted: password]", "os": "Debian"}
    assert screened.data["redacted"] == "password"
    plain = screen(Redactor(), PrivacyPolicy(), "web", subject="s", body="b",
                   max_raw_bytes=1000, fields={"root_password": SECRET})
    assert plain.fields == {"root_password": SECRET} and "redacted" not in plain.data
