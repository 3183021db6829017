"""Wrong-typed plain values are refused at every public edge, never coerced.

cattrs' own hooks called the type: ``"awaiting_information": "no"`` was read as True
(``bool("no")``), ``"subject": 5`` as ``"5"``, ``"version": 3.9`` as 3. The table below is
what each edge did before (all "coerced") and what it must do now: refuse with an
:class:`~supportkit.InvalidInput` that names the field and says what is allowed.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportkit import InvalidInput, Policy, load_policy
from supportkit.cli.transfer import _snapshots, read_records
from supportkit.errors import SupportkitError
from supportkit.presets import interworx, ispmanager, odin, open_xchange, opensvc
from supportkit.serialization import (
    _structure_with,
    converter,
    from_json,
    read_converter,
    structure,
    to_json,
)
from supportkit.tickets.model import Ticket

try:
    from ._good_snapshot import GOOD
except ImportError:
    from _good_snapshot import GOOD  # type: ignore[no-redef]

#: (path in a ticket snapshot, wrong value, words the refusal must hold). Before: every
#: one of these built a ticket with the value coerced.
TICKET_TABLE: list[tuple[tuple[Any, ...], Any, str]] = [
    (("awaiting_information",), "no", "expected true or false"),
    (("awaiting_information",), 0, "expected true or false"),
    (("awaiting_information",), None, "expected true or false"),
    (("subject",), 5, "expected a text"),
    (("subject",), True, "expected a text"),
    (("version",), 3.9, "expected a whole number"),
    (("version",), True, "expected a whole number"),
    (("version",), "3", "expected a whole number"),
    (("severity",), True, "priority level"),
    (("messages", 0, "body"), 5.5, "expected a text"),
    (("messages", 0, "internal"), "false", "expected true or false"),
    (("events", 0, "actor", "id"), 7, "expected a text"),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return data


def _field(path: tuple[Any, ...]) -> str:
    text = "Ticket"
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


@pytest.mark.parametrize(("path", "value", "words"), TICKET_TABLE)
def test_structure_refuses_a_wrong_type_naming_the_field(
    path: tuple[Any, ...], value: Any, words: str
) -> None:
    data = _set(GOOD, path, value)
    with pytest.raises(InvalidInput) as caught:
        structure(data, Ticket)
    assert words in str(caught.value)
    assert _field(path) in str(caught.value)


@pytest.mark.parametrize(("path", "value", "words"), TICKET_TABLE)
def test_import_lines_refuse_a_wrong_type(path: tuple[Any, ...], value: Any, words: str) -> None:
    line = json.dumps(_set(GOOD, path, value)) + "\n"
    with pytest.raises(InvalidInput) as caught:
        list(_snapshots(read_records([line], "f.jsonl"), Policy()))
    assert "f.jsonl line 1" in str(caught.value)
    assert words in str(caught.value) and _field(path) in str(caught.value)


@pytest.mark.parametrize(("path", "value", "words"), TICKET_TABLE)
def test_public_json_refuses_a_wrong_type(path: tuple[Any, ...], value: Any, words: str) -> None:
    good = to_json(structure(GOOD, Ticket))
    assert isinstance(good, dict)
    with pytest.raises(InvalidInput) as caught:
        from_json(_set(good, path, value), Ticket)
    assert words in str(caught.value)


#: (TOML line, key the refusal names, words it must hold). Before: the first three built a
#: policy (``bool("no")`` is True, ``str(5)``, ``int(2.5)``).
POLICY_TABLE = [
    ('require_entitlement = "no"', "require_entitlement", "expected true or false"),
    ("name = 5", "name", "expected a text"),
    ("max_fields = 2.5", "max_fields", "expected a whole number"),
    ("max_fields = true", "max_fields", "expected a whole number"),
    ('max_fields = "20"', "max_fields", "expected a whole number"),
    ("hold_incomplete = 1", "hold_incomplete", "expected true or false"),
]


@pytest.mark.parametrize(("line", "key", "words"), POLICY_TABLE)
def test_policy_files_refuse_a_wrong_type(line: str, key: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_policy(line + "\n")
    assert key in str(caught.value) and words in str(caught.value)


def test_presets_still_load() -> None:
    for preset in (interworx, ispmanager, odin, open_xchange, opensvc):
        assert isinstance(preset.policy(), Policy)


def test_a_whole_number_is_taken_where_a_number_is_expected() -> None:
    assert structure(2, float) == 2.0 and type(structure(2, float)) is float
    for wrong in (True, "2.5", None, [2]):
        with pytest.raises(InvalidInput, match="expected a number"):
            structure(wrong, float)


def test_the_trusted_read_converter_is_unchanged() -> None:
    # It reads back what a store wrote, with cattrs' own (calling) hooks: no check added.
    assert read_converter.structure(5, str) == "5"
    assert read_converter.structure(ticket := GOOD, Ticket) == structure(ticket, Ticket)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [(path, value)]


#: Leaves whose type is a union where other JSON types are legitimate: an event's details
#: (text, number, flag or null) and the severity (a level's number or its name).
def _typed(path: tuple[Any, ...]) -> bool:
    return "data" not in path and path != ("severity",)


SCALAR_LEAVES = [(p, v) for p, v in _leaves(GOOD)
                 if v is not None and _typed(p) and type(v) in (str, int, bool, float)]

#: For a leaf of each JSON type, values of every other JSON type.
wrong_for = {
    str: st.integers() | st.floats(allow_nan=False) | st.booleans()
    | st.lists(st.text(max_size=3), max_size=2) | st.dictionaries(st.text(max_size=3),
                                                                  st.text(max_size=3),
                                                                  max_size=2),
    bool: st.text(max_size=5) | st.sampled_from(["no", "false", "0", "yes"])
    | st.integers() | st.floats(allow_nan=False) | st.none(),
    int: st.floats(allow_nan=False) | st.booleans() | st.integers().map(str) | st.none(),
}


@st.composite
def wrong_typed_snapshots(draw: st.DrawFn) -> tuple[Any, tuple[Any, ...]]:
    path, value = draw(st.sampled_from(SCALAR_LEAVES))
    return _set(GOOD, path, draw(wrong_for[type(value)])), path


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=wrong_typed_snapshots())
def test_any_wrong_typed_scalar_is_refused_never_coerced(drawn: tuple[Any, Any]) -> None:
    data, path = drawn
    outcomes = []
    for read in (lambda: structure(data, Ticket),
                 lambda: _structure_with(converter, data, Ticket)):
        try:
            read()
        except SupportkitError as exc:
            assert isinstance(exc, InvalidInput)
            outcomes.append(str(exc))
        else:  # pragma: no cover
            raise AssertionError(f"{_field(path)} = {data!r:.200} was built")
    # the fast pass refuses it too, and the message comes from the detailed one
    assert outcomes[0] == outcomes[1]
    assert _field(path).rsplit(".", 1)[0] in outcomes[0]


def test_text_enums_are_read_as_members_and_refuse_other_types() -> None:
    from supportkit.tickets.status import TicketStatus

    assert structure("open", TicketStatus) is TicketStatus.OPEN
    assert structure(TicketStatus.OPEN, TicketStatus) is TicketStatus.OPEN
    for wrong in (1, True, None, ["open"], "opened"):
        with pytest.raises(InvalidInput, match="expected one of 'open'"):
            structure(wrong, TicketStatus)
