"""Issue 16: the pure argument checks of ``supportkit.inputs`` / ``supportkit.tickets.validation``.

Text that a store keeps must be valid Unicode (UTF-8 encodable: no lone surrogates) and hold
no NUL; everything else of type ``str`` within the limits is accepted unchanged.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import Actor, InvalidInput, Upload
from supportkit.inputs import (
    MAX_NAME_CHARS,
    describe,
    require_bool,
    require_duration,
    require_instance,
    require_int,
    require_mapping_of_text,
    require_name,
    require_name_set,
    require_name_tuple,
    require_non_negative_int,
    require_optional_name,
    require_optional_name_set,
    require_optional_text,
    require_positive_int,
    require_text,
)
from supportkit.tickets.validation import (
    require_actor,
    require_binary,
    require_optional_binary,
    require_ticket_id,
    require_uploads,
    require_viewer,
)

#: Every code point, lone surrogates included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- require_text ------------------------------------------------------------------------------


@given(ANY_TEXT)
def test_text_is_accepted_exactly_when_it_is_storable(text: str) -> None:
    storable = _encodable(text) and "\x00" not in text
    try:
        accepted = require_text(text, "body", allow_empty=True)
    except InvalidInput as exc:
        assert not storable
        assert str(exc).startswith("body: U+")
        assert "at position" in str(exc)
    else:
        assert storable
        assert accepted is text


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")), st.integers(0, 40))
def test_a_lone_surrogate_is_refused_at_its_position(prefix: str, low: int) -> None:
    surrogate = chr(0xD800 + low * 0x1F)
    with pytest.raises(InvalidInput) as refused:
        require_text(prefix + surrogate + "tail", "subject", allow_empty=True)
    message = str(refused.value)
    assert f"U+{ord(surrogate):04X} at position {len(prefix)}" in message
    assert message.startswith("subject:")
    assert "surrogate" in message


def test_surrogateescaped_bytes_are_refused() -> None:
    text = b"caf\xe9 password".decode("utf-8", "surrogateescape")
    with pytest.raises(InvalidInput, match=r"body: U\+DCE9 at position 3.*decode input strictly"):
        require_text(text, "body")


def test_a_nul_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"body: U\+0000 at position 2 is a NUL"):
        require_text("ab\x00c", "body")


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1)
       .filter(str.strip), st.integers(0, 50))
def test_length_limit(text: str, limit: int) -> None:
    if len(text) <= limit:
        assert require_text(text, "body", max_chars=limit) == text
    else:
        with pytest.raises(InvalidInput,
                           match=rf"body is too long: {len(text)} .* at most {limit}"):
            require_text(text, "body", max_chars=limit)


def test_length_is_checked_before_the_content_is_scanned() -> None:
    huge = "\ud800" * 1_000_000
    with pytest.raises(InvalidInput, match="too long: 1000000 characters; at most 10"):
        require_text(huge, "body", max_chars=10)


@pytest.mark.parametrize("value", [None, 5, 1.5, b"hello", bytearray(b"x"), ["a"], {"a": 1},
                                   object(), True])
def test_non_text_is_refused_naming_the_argument(value: object) -> None:
    with pytest.raises(InvalidInput, match=r"^subject must be text \(str\)"):
        require_text(value, "subject")


def test_bytes_get_a_hint_to_decode() -> None:
    with pytest.raises(InvalidInput, match=r"decode bytes first"):
        require_text(b"hi", "body")


@pytest.mark.parametrize("value", ["", "   ", "\n\t"])
def test_empty_or_blank_text(value: str) -> None:
    with pytest.raises(InvalidInput, match="body must be a non-empty text"):
        require_text(value, "body")
    assert require_text(value, "body", allow_empty=True) == value


def test_control_characters_are_allowed_in_text_but_not_in_names() -> None:
    text = "line 1\r\nline 2\ttab \x1b[31mred\x1b[0m \x07"
    assert require_text(text, "body") == text
    with pytest.raises(InvalidInput, match=r"channel: U\+000A at position 3 is a control"):
        require_name("web\n", "channel")


def test_optional_text() -> None:
    assert require_optional_text(None, "category") is None
    assert require_optional_text("x", "category") == "x"
    with pytest.raises(InvalidInput, match="category"):
        require_optional_text(3, "category")


# -- names -------------------------------------------------------------------------------------


@given(ANY_TEXT)
def test_names_are_one_storable_line(text: str) -> None:
    try:
        require_name(text, "category")
    except InvalidInput as exc:
        assert str(exc).startswith("category")
    else:
        assert _encodable(text)
        assert text.strip()
        assert len(text) <= MAX_NAME_CHARS
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text)
        assert "\u2028" not in text and "\u2029" not in text


@pytest.mark.parametrize("value", ["a\u2028b", "x" * (MAX_NAME_CHARS + 1), "\x7f", "\x85"])
def test_bad_names(value: str) -> None:
    with pytest.raises(InvalidInput, match=r"^role"):
        require_name(value, "role")
    assert require_optional_name(None, "role") is None


@pytest.mark.parametrize("value", ["email", b"email", bytearray(b"e")])
def test_a_lone_text_is_not_a_set_of_names(value: object) -> None:
    with pytest.raises(InvalidInput, match=r"channels: give a list of names, not the text"):
        require_name_set(value, "channels", example="['email']")


@pytest.mark.parametrize("value", [None, 3, {"email": True}, object()])
def test_a_set_of_names_needs_an_iterable(value: object) -> None:
    with pytest.raises(InvalidInput, match="channels must be a list of names"):
        require_name_set(value, "channels")


def test_name_sets_and_tuples() -> None:
    assert require_name_set(["a", "b", "a"], "roles") == frozenset({"a", "b"})
    assert require_name_set(frozenset({"x"}), "roles") == frozenset({"x"})
    assert require_name_set((n for n in ["g"]), "roles") == frozenset({"g"})
    assert require_name_tuple(["b", "a"], "list") == ("b", "a")
    assert require_optional_name_set(None, "roles") is None
    with pytest.raises(InvalidInput, match=r"roles\[1\] must be text"):
        require_name_set(["a", 2], "roles")
    with pytest.raises(InvalidInput, match="roles has 3 items; at most 2"):
        require_name_set(["a", "b", "c"], "roles", max_items=2)


# -- mappings of text --------------------------------------------------------------------------


@given(st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=5))
def test_mapping_of_text_accepts_exactly_storable_entries(fields: dict[str, str]) -> None:
    def ok_key(key: str) -> bool:
        try:
            require_name(key, "k")
        except InvalidInput:
            return False
        return True

    storable = all(ok_key(k) and _encodable(v) and "\x00" not in v for k, v in fields.items())
    try:
        result = require_mapping_of_text(fields, "fields")
    except InvalidInput as exc:
        assert not storable
        assert str(exc).startswith("fields")
    else:
        assert storable
        assert result == fields
        assert result is not fields


def test_mapping_of_text_limits_and_types() -> None:
    assert require_mapping_of_text(None, "fields") == {}
    assert require_mapping_of_text({"host": ""}, "fields") == {"host": ""}
    with pytest.raises(InvalidInput, match="fields must be a mapping"):
        require_mapping_of_text([("host", "web1")], "fields")
    with pytest.raises(InvalidInput, match="fields has 3 entries; at most 2"):
        require_mapping_of_text({"a": "1", "b": "2", "c": "3"}, "fields", max_items=2)
    with pytest.raises(InvalidInput, match=r"fields\['host'\] must be text"):
        require_mapping_of_text({"host": 1}, "fields")
    with pytest.raises(InvalidInput, match=r"fields\['host'\] is too long: 5 characters"):
        require_mapping_of_text({"host": "web01"}, "fields", max_value_chars=4)
    with pytest.raises(InvalidInput, match="fields key must be text"):
        require_mapping_of_text({1: "x"}, "fields")
    with pytest.raises(InvalidInput, match="fields key is too long"):
        require_mapping_of_text({"abc": "x"}, "fields", max_key_chars=2)


# -- numbers, flags, durations, instances --------------------------------------------------------


@given(st.integers(-(2**120), 2**120))
def test_positive_int(value: int) -> None:
    if value >= 1:
        assert require_positive_int(value, "limit") == value
    else:
        with pytest.raises(InvalidInput, match=f"limit must be at least 1, got {value}"):
            require_positive_int(value, "limit")


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None, 10**3 + 0.5])
def test_whole_numbers_only(value: object) -> None:
    with pytest.raises(InvalidInput, match=r"limit must be a whole number \(int\)"):
        require_int(value, "limit")


def test_int_ranges() -> None:
    assert require_non_negative_int(0, "n") == 0
    with pytest.raises(InvalidInput, match="n must be at least 0"):
        require_non_negative_int(-1, "n")
    with pytest.raises(InvalidInput, match="n must be at most 10"):
        require_int(11, "n", maximum=10)
    with pytest.raises(InvalidInput, match="n must be at most 10, got a number of about 5001"):
        require_positive_int(10**5000, "n", maximum=10)
    with pytest.raises(InvalidInput, match="n must be at least 1, got a number of about"):
        require_positive_int(-(10**5000), "n")
    assert describe(10**5000) == "int a number of about 5001 digits"


@pytest.mark.parametrize("value", ["no", 0, 1, None, "True"])
def test_bool_only(value: object) -> None:
    with pytest.raises(InvalidInput, match="flag must be True or False"):
        require_bool(value, "flag")
    assert require_bool(True, "flag") is True


def test_durations() -> None:
    assert require_duration(timedelta(hours=1), "keep") == timedelta(hours=1)
    assert require_duration(timedelta(-1), "shift", allow_negative=True) == timedelta(-1)
    with pytest.raises(InvalidInput, match="keep must not be negative"):
        require_duration(timedelta(-1), "keep")
    with pytest.raises(InvalidInput, match=r"keep must be a datetime\.timedelta"):
        require_duration("90d", "keep")


def test_instances() -> None:
    actor = Actor.customer("alice")
    assert require_instance(actor, Actor, "actor") is actor
    with pytest.raises(InvalidInput, match=r"actor must be a Actor \(e.g. Actor.customer"):
        require_instance("alice", Actor, "actor", "Actor.customer('alice')")


# -- describe ------------------------------------------------------------------------------------


def test_describe_is_bounded_and_never_recurses() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    assert len(describe(deep)) < 130
    assert len(describe("x" * 10**6)) < 130
    assert describe(5) == "int 5"

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert describe(Hostile()).startswith("Hostile ")


# -- the Helpdesk-edge checks --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "42", "T-2026-0001", "ticket/ü"])
def test_ticket_ids_are_text(value: str) -> None:
    assert require_ticket_id(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (42, r"ticket_id must be text such as '42' \(ticket ids are strings\), got int 42"),
        (None, "ticket_id must be text"),
        (True, "ticket_id must be text"),
        (4.2, "ticket_id must be text"),
        (b"42", "ticket_id must be text"),
        ("", "ticket_id must be a non-empty text"),
        ("4\n2", r"ticket_id: U\+000A"),
        ("4\ud8002", r"ticket_id: U\+D800 at position 1"),
        ("1" * 201, "ticket_id is too long"),
    ],
)
def test_bad_ticket_ids(value: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        require_ticket_id(value)


def test_actor_and_viewer() -> None:
    alice = Actor.customer("alice")
    assert require_actor(alice) is alice
    with pytest.raises(InvalidInput, match=r"actor must be an Actor.*Helpdesk.actor_for"):
        require_actor("alice")
    with pytest.raises(InvalidInput, match="requester must be an Actor"):
        require_actor(None, "requester")
    assert require_viewer(None) is None
    assert require_viewer(alice) is alice
    assert require_viewer("acct-1") == "acct-1"
    with pytest.raises(InvalidInput, match=r"viewer \(an account id\)"):
        require_viewer("acct\x00")
    with pytest.raises(InvalidInput, match="viewer must be an Actor, an account id"):
        require_viewer(7)


def test_uploads() -> None:
    one = Upload("a.txt", b"x")
    assert require_uploads([one, one]) == (one, one)
    assert require_uploads(None) == ()
    assert require_uploads(iter([one])) == (one,)
    with pytest.raises(InvalidInput, match=r"wrap the one in \[...\]"):
        require_uploads(one)
    for value in (b"data", "a.txt", {"a.txt": b"x"}, 5):
        with pytest.raises(InvalidInput, match="attachments must be a list of Upload"):
            require_uploads(value)
    with pytest.raises(InvalidInput, match=r"attachments\[1\] must be an Upload"):
        require_uploads([one, ("a.txt", b"x")])
    with pytest.raises(InvalidInput, match="more than 2 attachments"):
        require_uploads([one] * 3, max_count=2)


def test_binary_content() -> None:
    assert require_binary(b"x") == b"x"
    assert require_binary(bytearray(b"x")) == b"x"
    stream = io.BytesIO(b"x")
    assert require_binary(stream) is stream
    assert require_optional_binary(None) is None
    with pytest.raises(InvalidInput, match=r"raw_email must be bytes or a binary stream, not text"):
        require_optional_binary("From: a", "raw_email")
    with pytest.raises(InvalidInput, match="raw_email must be bytes or a binary stream"):
        require_binary(io.StringIO("x"), "raw_email")
    with pytest.raises(InvalidInput, match="raw_email must be bytes or a binary stream"):
        require_binary(12, "raw_email")
