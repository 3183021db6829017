"""What the API fuzz suite (``test_api_fuzz.py``) found, one regression test each.

Before the fixes each call below escaped with a raw ``TypeError``, ``AttributeError``,
``ValueError`` (Python refuses to print an int of more than 4300 digits), ``RecursionError``
(an error message that repr'd a deeply nested list, or Enum's own message doing so) or
``OverflowError``, or raised different errors on different stores.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from supportkit import (
    Account,
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    Policy,
    SupportCode,
    to_json,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.tickets.validation import require_ticket_id

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HUGE = 10**5000


def _nested(depth: int = 3000) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture
def desk() -> Helpdesk:
    made = Helpdesk(store=MemoryStore(), policy=Policy(), clock=FixedClock(T0))
    made.open_ticket(Actor.customer("alice"), subject="Mail bounces", body="since 9:00")
    return made


DESK_CALLS: dict[str, Callable[[Helpdesk], object]] = {
    # NotFound on memory and SQLite, StorageError on PostgreSQL
    "contract id an int": lambda d: d.contract(0),  # type: ignore[arg-type]
    "account id an int": lambda d: d.get_account(0),  # type: ignore[arg-type]
    "contracts of an int company": lambda d: d.contracts(5),  # type: ignore[arg-type]
    "asset history of an int": lambda d: d.asset_history(5),  # type: ignore[arg-type]
    "actor for an int account": lambda d: d.actor_for(5),  # type: ignore[arg-type]
    "tag an int asset": lambda d: d.tag_asset(5, "premium", Actor.support("a")),  # type: ignore[arg-type]
    # ValueError: an int too long to print
    "huge ticket id": lambda d: d.get(HUGE),  # type: ignore[arg-type]
    "huge ticket id in a command": lambda d: d.reopen(HUGE, Actor.support("a")),  # type: ignore[arg-type]
    "huge category filter": lambda d: d.tickets(category=HUGE),  # type: ignore[arg-type]
    # RecursionError
    "nested ticket id in a command": lambda d: d.archive(_nested(), Actor.support("a")),  # type: ignore[arg-type]
    "nested status filter": lambda d: d.tickets(status=_nested()),  # type: ignore[arg-type]
    # TypeError
    "int status filter": lambda d: d.tickets(status=0),  # type: ignore[arg-type]
    # AttributeError
    "escalate by a text actor": lambda d: d.escalate("1", "alice"),  # type: ignore[arg-type]
    "transfer by None": lambda d: d.transfer("1", None, "tier-2", reason="x"),  # type: ignore[arg-type]
    "add a None account": lambda d: d.add_account(None),  # type: ignore[arg-type]
    # stored by memory and SQLite, StorageError on PostgreSQL (an index row of 1 MB)
    "a service of 1 MB": lambda d: d.place_service("x" * 1_000_000, "node"),
    # RecursionError / ValueError in the priority scheme's message
    "nested severity": lambda d: d.set_severity("1", Actor.support("a"), _nested(),  # type: ignore[arg-type]
                                                reason="r"),
    "huge severity": lambda d: d.set_severity("1", Actor.support("a"), HUGE, reason="r"),
    # RecursionError (a repr of the nested value) / TypeError (unhashable statuses); issue 15
    "nested list order": lambda d: d.tickets(order=_nested()),  # type: ignore[arg-type]
    "nested due column": lambda d: d.due(_nested(), T0),  # type: ignore[arg-type]
    "unhashable due statuses": lambda d: d.due("eta", T0, statuses=[[1]]),  # type: ignore[list-item]
    "due statuses one text": lambda d: d.due("eta", T0, statuses="open"),  # type: ignore[arg-type]
    "keyset after_due naive": lambda d: d.tickets(order="eta", after_id="1",
                                                  after_due=datetime(2026, 3, 2)),  # noqa: DTZ001
    # OverflowError / ValueError from date arithmetic at the end of the calendar
    "retention run after datetime.max": lambda d: d.next_retention_run(
        datetime.max.replace(tzinfo=UTC)),
}


@pytest.mark.parametrize("name", sorted(DESK_CALLS))
def test_desk_refuses_with_invalid_input(desk: Helpdesk, name: str) -> None:
    with pytest.raises(InvalidInput):
        DESK_CALLS[name](desk)


CONSTRUCTIONS: dict[str, Callable[[], object]] = {
    "Account role None": lambda: Account("bob", None),  # type: ignore[arg-type]
    "Account role nested": lambda: Account("bob", _nested()),  # type: ignore[arg-type]
    "Account id huge": lambda: Account(HUGE, "user"),  # type: ignore[arg-type]
    "Actor company a list": lambda: Actor.customer("x", company=[1]),  # type: ignore[arg-type]
    "Actor company nested": lambda: Actor.customer("x", company=_nested()),  # type: ignore[arg-type]
    "Actor side unknown": lambda: Actor("x", "alien"),  # type: ignore[arg-type]
    "Actor side nested": lambda: Actor("x", _nested()),  # type: ignore[arg-type]
    "JSON form in a nested zone": lambda: to_json(Actor.support("a"), zone=_nested()),  # type: ignore[arg-type]
    "Actor id huge": lambda: Actor.support(HUGE),  # type: ignore[arg-type]
    "Contract id huge": lambda: Contract(id=HUGE, company="acme", level="gold",  # type: ignore[arg-type]
                                         valid_from=T0),
    "SupportCode huge": lambda: SupportCode(HUGE),  # type: ignore[arg-type]
    "Policy limit huge": lambda: Policy(max_attachment_bytes=HUGE),
    "Policy limit past 64 bits": lambda: Policy(max_body_chars=2**63),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_constructors_refuse_with_invalid_input(name: str) -> None:
    with pytest.raises(InvalidInput):
        CONSTRUCTIONS[name]()


def test_ticket_id_message_describes_a_huge_int_without_printing_it() -> None:
    with pytest.raises(InvalidInput, match="a number of about 5001 digits"):
        require_ticket_id(HUGE)


def test_actor_company_may_still_be_empty_text() -> None:
    assert Actor.customer("x", company="").company == ""
    assert Policy(max_body_chars=2**63 - 1).max_body_chars == 2**63 - 1
