"""Issue 16: the desk's edge refuses the same bad input the same way on every store.

Before, an int ticket id was written on SQLite, ``NotFound`` in memory and ``StorageError``
on PostgreSQL; lone surrogates were stored by memory and SQLite (and broke ``export``,
``show`` and ``list --json`` afterwards) while PostgreSQL refused them; attachment names
``.`` and ``..`` and a 10 MB body were accepted. Each call below must raise
``InvalidInput`` naming the argument, on the memory store, a SQLite file and PostgreSQL (when
a server answers), and leave the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import _pg  # tests/adapters/_pg.py, on the path through tests/conftest.py
import pytest

from supportkit import FixedClock, Helpdesk, InvalidInput, Policy, Ticket, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.ports import Store
from supportkit.testing.desk import AGENT, ALICE, T0

TEN_MB = "x" * 10_000_000

STORES: dict[str, Callable[[Path], Store]] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda tmp: SqliteStore(tmp / "desk.db"),
    "postgres": lambda _: _pg.fresh_store(),  # (skips without a server)
}

#: (what, the call on a desk holding ``ticket``, text the refusal must contain)
Call = Callable[[Helpdesk, Ticket], object]
CASES: dict[str, tuple[Call, str]] = {
    "reply to an int id": (lambda d, t: d.reply(int(t.id), ALICE, "x"), "ticket_id"),  # type: ignore[arg-type]
    "note on an int id": (lambda d, t: d.note(int(t.id), AGENT, "x"), "ticket_id"),  # type: ignore[arg-type]
    "get an int id": (lambda d, t: d.get(int(t.id)), "ticket_id"),  # type: ignore[arg-type]
    "close an int id": (lambda d, t: d.close(int(t.id), AGENT), "ticket_id"),  # type: ignore[arg-type]
    "subject with a lone surrogate": (
        lambda d, t: d.open_ticket(ALICE, subject="login \ud800", body="b"), "subject"),
    "body with a lone surrogate": (
        lambda d, t: d.open_ticket(ALICE, subject="s", body="caf\udce9"), "body"),
    "reply with a lone surrogate": (lambda d, t: d.reply(t.id, ALICE, "x\udfff"), "body"),
    "note with a lone surrogate": (lambda d, t: d.note(t.id, AGENT, "\ud83d"), "body"),
    "field with a lone surrogate": (
        lambda d, t: d.open_ticket(ALICE, subject="s", body="b", fields={"os": "\ud800"}),
        "fields['os']"),
    "category with a lone surrogate": (
        lambda d, t: d.set_category(t.id, AGENT, "mail\ud800", reason="r"), "category"),
    "attachment named '.'": (
        lambda d, t: d.reply(t.id, ALICE, "x", attachments=[Upload(".", b"x")]), "'.'"),
    "attachment named '..'": (
        lambda d, t: d.reply(t.id, ALICE, "x", attachments=[Upload("..", b"x")]), "'..'"),
    "a 10 MB body": (lambda d, t: d.open_ticket(ALICE, subject="s", body=TEN_MB), "body"),
    "a 10 MB reply": (lambda d, t: d.reply(t.id, ALICE, TEN_MB), "body"),
}


@pytest.fixture(params=sorted(STORES))
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Helpdesk]:
    store = STORES[request.param](tmp_path)
    yield Helpdesk(store, Policy(), FixedClock(T0))
    store.close()  # type: ignore[attr-defined]


def _held(desk: Helpdesk) -> list[Any]:
    return [desk.get(row.id) for row in desk.tickets()]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_invalid_input_naming_it_and_writes_nothing(
    desk: Helpdesk, case: str
) -> None:
    call, names = CASES[case]
    ticket = desk.open_ticket(ALICE, subject="Mail bounces", body="since 9:00")
    before = _held(desk)
    with pytest.raises(InvalidInput) as refused:
        call(desk, ticket)
    assert names in str(refused.value)
    assert _held(desk) == before
