"""Support codes and license keys: the grammar of what a requester presents."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import InvalidInput, LicenseKey, LicenseKind, SupportCode

# Odin: "The support code is a ten-digit code provided to you by your Sales Representative"


@pytest.mark.parametrize("text", ["1234567890", "123 456 7890", "123-456-7890",
                                  " 12-34 56-7890 ", "1-2-3-4-5-6-7-8-9-0"])
def test_ten_digits_with_spaces_or_dashes_between_groups(text: str) -> None:
    code = SupportCode.parse(text)
    assert str(code) == "1234567890"
    assert code == SupportCode("1234567890")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("123456789", "9 digits"),
        ("12345678901", "11 digits"),
        ("123  456 7890", "only digits"),
        ("123--4567890", "only digits"),
        ("-1234567890", "only digits"),
        ("1234567890-", "only digits"),
        ("123_456_7890", "only digits"),
        ("12345a7890", "only digits"),
        ("١٢٣٤٥٦٧٨٩٠", "only digits"),  # Arabic-Indic digits are not ASCII digits
        ("", "empty"),
    ],
)
def test_anything_else_is_invalid_input_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        SupportCode.parse(text)


def test_the_constructor_wants_the_normalised_digits() -> None:
    with pytest.raises(InvalidInput, match=r"SupportCode\.parse"):
        SupportCode("123 456 7890")


_groups = st.lists(st.text("0123456789", min_size=1, max_size=10), min_size=1, max_size=10)


@given(groups=_groups, seps=st.lists(st.sampled_from([" ", "-"]), min_size=9, max_size=9))
def test_grouped_digits_parse_iff_there_are_ten(groups: list[str], seps: list[str]) -> None:
    text = groups[0] + "".join(s + g for s, g in zip(seps, groups[1:], strict=False))
    digits = "".join(groups)
    if len(digits) == 10:
        code = SupportCode.parse(text)
        assert str(code) == digits
        assert SupportCode.parse(str(code)) == code  # parse/str round trip
    else:
        with pytest.raises(InvalidInput, match="digits"):
            SupportCode.parse(text)


_GROUPED = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
_junk = st.text(max_size=30) | st.text("0123456789 -_a.\t", max_size=16)


@given(_junk)
def test_random_junk_never_parses_unless_ten_digits_in_allowed_grouping(text: str) -> None:
    # The oracle, spelled out: after trimming outer whitespace, ASCII digit groups joined by
    # single spaces or dashes, ten digits in all.
    core = text.strip()
    allowed = bool(_GROUPED.fullmatch(core)) and sum(c.isdigit() for c in core) == 10
    try:
        code = SupportCode.parse(text)
    except InvalidInput:
        assert not allowed
    else:
        assert allowed
        assert str(code) == core.replace(" ", "").replace("-", "")


@given(st.text("0123456789", min_size=10, max_size=10))
def test_str_round_trip(digits: str) -> None:
    assert str(SupportCode.parse(str(SupportCode(digits)))) == digits


# Open-Xchange: "If you do not own or activate a valid support key (not maintenance), you don't
# have access rights to the ticket system ... check ... for a valid license key with '-SaaS-'
# or '-SUP-' pattern"


@pytest.mark.parametrize(
    ("text", "kind", "grants"),
    [
        ("OX-SUP-1234-ABCD", LicenseKind.SUPPORT, True),
        ("OX-SaaS-77-XY", LicenseKind.SAAS, True),
        ("OX-MAINT-1234-ABCD", LicenseKind.MAINTENANCE, False),
        ("OX-1234-ABCD", LicenseKind.MAINTENANCE, False),
        # strict markers, exactly as the guide writes them:
        ("OX-sup-1234", LicenseKind.MAINTENANCE, False),
        ("OX-SAAS-1234", LicenseKind.MAINTENANCE, False),
        ("SUP-1234", LicenseKind.MAINTENANCE, False),
        ("OX-SUPER-1", LicenseKind.MAINTENANCE, False),
        ("PPA.12345678.0000", LicenseKind.MAINTENANCE, False),
    ],
)
def test_license_key_kinds(text: str, kind: LicenseKind, grants: bool) -> None:
    key = LicenseKey.parse(f"  {text} ")
    assert str(key) == text
    assert key.kind is kind
    assert key.grants_support is grants
    if grants:
        assert key.reason is None
    else:
        assert key.reason is not None
        assert "only license keys containing -SUP- or -SaaS- give ticket access" in key.reason
        assert "maintenance keys do not" in key.reason


@pytest.mark.parametrize("text", ["", "OX--SUP-1", "-OX-SUP-1", "OX SUP 1", "OX/SUP/1", "é-SUP-1",
                                  "A" * 201])
def test_malformed_license_keys_are_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a license key"):
        LicenseKey.parse(text)


@given(st.text(max_size=40))
def test_a_key_grants_support_iff_it_contains_a_marker(text: str) -> None:
    try:
        key = LicenseKey.parse(text)
    except InvalidInput:
        return
    assert key.grants_support == ("-SUP-" in key.text or "-SaaS-" in key.text)
