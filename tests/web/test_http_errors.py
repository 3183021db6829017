"""Errors map to HTTP once, as data (issue 19): a status for every SupportkitError class,
an RFC 9457 problem-details body, and one status per rule whichever action applies it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from jsonschema import Draft202012Validator

import supportkit
from supportkit import (
    Actor,
    Conflict,
    ConnectionLost,
    Entitlement,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    OutOfScope,
    PermissionDenied,
    Policy,
    Problem,
    StorageError,
    SupportkitError,
    json_schema,
    problem_details,
    to_json,
)
from supportkit import errors as errors_module
from supportkit.adapters.memory import MemoryStore
from supportkit.entitlements import Refusal
from supportkit.serialization.strict import StrictStructureError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

#: The whole tree of errors.py, with the status and problem slug each class answers with.
TABLE: dict[type[SupportkitError], tuple[int, str]] = {
    SupportkitError: (500, "error"),
    InvalidInput: (400, "invalid-input"),
    InvalidTransition: (409, "invalid-transition"),
    NotEntitled: (422, "not-entitled"),
    OutOfScope: (422, "out-of-scope"),
    NotEligible: (409, "not-eligible"),
    PermissionDenied: (403, "permission-denied"),
    NotFound: (404, "not-found"),
    Conflict: (409, "conflict"),
    StorageError: (503, "storage-unavailable"),
    ConnectionLost: (503, "connection-lost"),
}


def tree(cls: type[SupportkitError]) -> Iterator[type[SupportkitError]]:
    yield cls
    for sub in cls.__subclasses__():
        yield from tree(sub)


def example(cls: type[SupportkitError]) -> SupportkitError:
    """One instance of ``cls`` with every attribute it carries."""
    if cls is InvalidTransition:
        return InvalidTransition(ticket_id="7", status="closed", action="solve",
                                 side="support", allowed=["reopen", "archive"])
    if issubclass(cls, NotEntitled):
        return cls("refused", Entitlement(granted=False, reason="no contract",
                                          refusal=Refusal.UNKNOWN))
    if cls is NotEligible:
        return NotEligible("not yet", eligible_at=T0, methods={"phone"})
    if cls is NotFound:
        return NotFound("ticket", "7")
    if cls is ConnectionLost:
        return ConnectionLost("lost", in_doubt=True)
    if cls is StrictStructureError:
        return StrictStructureError([("sla.targets[0].after", "bad duration")])
    return cls("refused")


def test_the_table_covers_the_whole_tree_of_errors_py() -> None:
    in_module = {cls for cls in tree(SupportkitError) if cls.__module__ == errors_module.__name__}
    assert in_module == set(TABLE)
    assert set(errors_module.__all__) == {cls.__name__ for cls in TABLE}


@pytest.mark.parametrize("cls", list(TABLE), ids=lambda cls: cls.__name__)
def test_every_error_class_has_its_status_and_problem_body(cls: type[SupportkitError]) -> None:
    status, slug = TABLE[cls]
    error = example(cls)
    assert cls.http_status == status
    problem = problem_details(error, instance="/tickets/7")
    assert (problem.status, problem.type) == (status, f"urn:supportkit:problem:{slug}")
    assert problem.title == cls.title and problem.detail == str(error)
    assert to_json(error) == {k: v for k, v in to_json(problem).items() if k != "instance"}
    body = json.loads(json.dumps(to_json(problem)))
    assert body["instance"] == "/tickets/7"
    Draft202012Validator(json_schema(Problem)).validate(body)
    assert {"type", "title", "status", "detail"} <= set(body)
    assert all(value is not None for value in body.values())  # members that apply only


def test_every_subclass_anywhere_gets_a_status_from_its_nearest_parent() -> None:
    for cls in tree(SupportkitError):
        assert 400 <= cls.http_status <= 599, cls
        parent = next(c for c in cls.__mro__[1:] if c in TABLE) if cls not in TABLE else cls
        if cls not in TABLE:
            assert cls.http_status == TABLE[parent][0], cls
    assert StrictStructureError.http_status == 400


def test_extension_members_are_typed_data() -> None:
    body = to_json(example(NotEligible))
    assert (body["eligible_at"], body["methods"]) == ("2026-03-02T09:00:00Z", ["phone"])
    body = to_json(example(InvalidTransition))
    assert body["allowed"] == ["archive", "reopen"] and body["ticket_status"] == "closed"
    body = to_json(example(NotEntitled))
    assert body["decision"]["refusal"] == "unknown" and body["decision"]["granted"] is False
    assert to_json(example(ConnectionLost))["in_doubt"] is True
    assert to_json(example(NotFound))["object_id"] == "7"
    body = to_json(problem_details(Conflict("stale"), type_base="https://desk.example/p/"))
    assert body["type"] == "https://desk.example/p/conflict"
    assert set(body) == {"type", "title", "status", "detail", "error"}


def test_a_category_rule_gives_the_same_status_when_opening_changing_or_supplying() -> None:
    """Before: 422 (NotEntitled) at opening, 400 (InvalidInput) when changed or supplied."""
    desk = Helpdesk(MemoryStore(), Policy(qualifying_categories={"mail", "dns"}),
                    FixedClock(T0))
    alice, agent = Actor.customer("alice", company="acme"), Actor.support("agent-7")
    raised: list[SupportkitError] = []
    with pytest.raises(OutOfScope) as opening:
        desk.open_ticket(alice, subject="s", body="b", category="billing")
    raised.append(opening.value)
    ticket = desk.open_ticket(alice, subject="s", body="b")
    with pytest.raises(OutOfScope) as supplying:
        desk.supply_information(ticket.id, alice, {"category": "billing"})
    raised.append(supplying.value)
    desk.supply_information(ticket.id, alice, {"category": "mail"})
    with pytest.raises(OutOfScope) as changing:
        desk.set_category(ticket.id, agent, "billing")
    raised.append(changing.value)
    assert {problem_details(e).status for e in raised} == {422}
    assert {problem_details(e).type for e in raised} == {"urn:supportkit:problem:out-of-scope"}
    for error in raised:
        assert isinstance(error, NotEntitled) and isinstance(error, InvalidInput)  # as before
        assert isinstance(error, OutOfScope) and error.decision is not None
        assert error.decision.alternatives == ("dns", "mail")
        assert to_json(error)["decision"]["refusal"] == "out_of_scope"


def test_problem_details_is_in_the_flat_api() -> None:
    for name in ("problem_details", "Problem", "to_json", "json_schema", "OutOfScope"):
        assert name in supportkit.__all__
