"""``supportkit.text``: what may reach a terminal, and what is valid Unicode."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit.text import (
    REPLACEMENT,
    escape_controls,
    escape_json_text,
    first_invalid,
    invalid_text_path,
    is_valid_text,
    replace_invalid,
    shorten,
)

every_char = st.characters(codec=None, exclude_categories=())
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def unsafe(char: str) -> bool:
    return (unicodedata.category(char) in ("Cc", "Cs") or char in BIDI
            or char in "\u2028\u2029")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("bell\x07", "bell\\x07"),
        ("a\rb", "a\\rb"),
        ("a\nb\tc", "a\\nb\\tc"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe"),
        ("\u2066x\u2069\u200f", "\\u2066x\\u2069\\u200f"),
        ("line\u2028sep", "line\\u2028sep"),
        ("caf\udce9", "caf\\udce9"),
        ("plain ascii", "plain ascii"),
        ("caf\u00e9 \u65e5\u672c \U0001f600 \u200d", "caf\u00e9 \u65e5\u672c \U0001f600 \u200d"),
        ("C:\\path\\x1b", "C:\\path\\x1b"),  # backslashes are shown as they are
    ],
)
def test_escape_controls_on_one_line(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


def test_multiline_keeps_line_feeds_and_turns_tabs_and_crlf_into_plain_text() -> None:
    assert escape_controls("a\r\nb\tc\rd\x1b", multiline=True) == "a\nb       c\\rd\\x1b"


@given(st.text(every_char))
def test_escaped_text_holds_nothing_unsafe(text: str) -> None:
    assert not any(unsafe(c) for c in escape_controls(text))
    assert not any(unsafe(c) and c != "\n" for c in escape_controls(text, multiline=True))


@given(st.text(every_char))
def test_validity_and_replacement_agree_with_the_utf8_codec(text: str) -> None:
    try:
        text.encode("utf-8")
        encodes = True
    except UnicodeEncodeError:
        encodes = False
    assert is_valid_text(text) is encodes
    assert (first_invalid(text) is None) is encodes
    fixed, count = replace_invalid(text)
    assert is_valid_text(fixed) and len(fixed) == len(text)
    assert count == sum(1 for c in text if unicodedata.category(c) == "Cs")
    if count:
        assert fixed[first_invalid(text) or 0] == REPLACEMENT


@given(st.recursive(st.none() | st.text(every_char.filter(lambda c: not unsafe(c)
                                                          or unicodedata.category(c) == "Cc")),
                    lambda inner: st.lists(inner, max_size=3), max_leaves=8))
def test_json_escaping_keeps_the_same_value(value: object) -> None:
    text = escape_json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert not any(unsafe(c) for c in text)


def test_shorten_keeps_short_text_and_says_how_much_was_cut() -> None:
    assert shorten("abc") == "abc"
    long = "9" * 5000
    cut = shorten(long)
    assert len(cut) < 120 and "[4921 characters]" in cut
    assert cut.startswith("9" * 53) and cut.endswith("9" * 26)


def test_invalid_text_path_names_the_first_bad_text_in_order() -> None:
    bad = "a\udce9b"
    assert invalid_text_path({"subject": "ok", "fields": {"plan": "x"}}, "the text") is None
    assert invalid_text_path(bad, "the record") == "the record"
    data = {"subject": "ok", "messages": [{"body": "fine"}, {"body": bad}], "z": bad}
    assert invalid_text_path(data, "the record") == "messages[1].body"
    # A key is checked before its value, and before the entries after it.
    assert invalid_text_path({"fields": {bad: "v", "w": bad}}, "") == "a key in fields"
    assert invalid_text_path({bad: 1}, "") == "a key"
    assert invalid_text_path((["ok", bad],), "") == "[0][1]"
    # Nesting deeper than the recursion limit is walked, not a RecursionError.
    deep: object = bad
    for _ in range(5000):
        deep = [deep]
    assert invalid_text_path(deep, "") == "[0]" * 5000
