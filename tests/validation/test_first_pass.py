"""Hostile ticket snapshots (what ``supportkit import`` reads) through the quick paths give
exactly what the slow ones gave: the same ticket, or the same refusal with the same words.

- :func:`~supportkit.serialization.structure` reads with a converter without cattrs'
  detailed validation first and re-reads only refused data with the detailed one;
- ``import`` skips its walk for lone surrogates on a record whose JSON line cannot hold one.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportkit import InvalidInput, Policy
from supportkit.cli.transfer import _snapshots, read_records
from supportkit.errors import SupportkitError
from supportkit.serialization import _structure_with, converter, structure
from supportkit.tickets.model import Ticket

try:
    from ._good_snapshot import GOOD
except ImportError:
    from _good_snapshot import GOOD  # type: ignore[no-redef]

#: What hostile JSON can hold in place of any value.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["2026-03-02T09:00:00+00:00",
                                              "2026-03-02T09:00:00", "open", "customer",
                                              "replied", "1h", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def broken_snapshots(draw: st.DrawFn) -> Any:
    """The good snapshot with a few values replaced, keys dropped or keys added."""
    data = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return data


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "built", read()
    except SupportkitError as exc:
        return type(exc).__name__, str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=broken_snapshots())
def test_first_pass_builds_and_refuses_as_the_detailed_converter(data: Any) -> None:
    quick = _outcome(lambda: structure(data, Ticket))
    detailed = _outcome(lambda: _structure_with(converter, data, Ticket))
    assert quick == detailed


def test_a_refusal_still_names_every_bad_path() -> None:
    data = {**GOOD, "created_at": "yesterday", "messages": [{"author": "x"}]}
    try:
        structure(data, Ticket)
    except InvalidInput as exc:
        message = str(exc)
    else:  # pragma: no cover
        raise AssertionError("refused data was built")
    assert message.startswith("cannot read Ticket: ")
    assert "Ticket.created_at" in message and "Ticket.messages[0]" in message


#: Texts for the subject: plain, non-ASCII, a lone surrogate, a pair, a backslash before u.
texts = st.text(max_size=6) | st.sampled_from(
    ["caf\udce9", "\ud83d\ude00", "\U0001f600", "\\udce9", "\\\\udce9", "a\\u"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=texts, body=texts, ascii_only=st.booleans(), upper=st.booleans())
def test_import_lines_read_as_records_from_elsewhere(
    subject: str, body: str, ascii_only: bool, upper: bool
) -> None:
    """A record read from its own line (whose check may skip the walk for lone surrogates)
    is refused, replaced or built as the same record handed over by another caller."""
    data = copy.deepcopy(GOOD)
    data["subject"] = subject
    data["messages"][0]["body"] = body
    line = json.dumps(data, ensure_ascii=ascii_only)
    if upper:  # JSON escapes in capitals (\uDCE9) are the same characters
        line = line.replace("\\ud", "\\uD")
    line += "\n"

    def run(records: Any, replace: bool) -> list[tuple[str, Any]]:
        replaced: list[tuple[str, str]] = []
        try:
            found = [(str(where), ticket) for where, ticket in _snapshots(
                records, Policy(), on_replaced=(lambda *a: replaced.append(a)) if replace
                else None)]
        except SupportkitError as exc:
            return [("refused", str(exc))]
        return [*found, *(("replaced", str(w), r) for w, r in replaced)]  # type: ignore[list-item]

    for replace in (False, True):
        read = run(read_records([line], "f"), replace)
        elsewhere = run([("f line 1", json.loads(line))], replace)
        assert read == elsewhere
