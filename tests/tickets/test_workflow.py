"""The default lifecycle is exactly the table of DESIGN.md, row by row."""

from __future__ import annotations

import itertools

import pytest

from supportkit import InvalidInput, InvalidTransition, Side, TicketStatus, default_workflow
from supportkit.tickets import Action, Transition, Workflow

O, S, C, A = TicketStatus.OPEN, TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.ARCHIVED
CUST, SUPP, SYS = Side.CUSTOMER, Side.SUPPORT, Side.SYSTEM

# (status, action, side) -> (target, windowed); written out by hand from the design table.
EXPECTED = {
    (O, "reply", CUST): (O, False), (O, "reply", SUPP): (O, False),
    (O, "solve", SUPP): (S, False),
    (O, "close", CUST): (C, False), (O, "close", SUPP): (C, False),
    (S, "reply", CUST): (O, False), (S, "reply", SUPP): (S, False),
    (S, "confirm", CUST): (C, False),
    (S, "close", CUST): (C, False), (S, "close", SYS): (C, False),
    (S, "reopen", CUST): (O, False), (S, "reopen", SUPP): (O, False),
    (S, "archive", CUST): (A, False), (S, "archive", SUPP): (A, False),
    (S, "archive", SYS): (A, False),
    (C, "reply", CUST): (O, True),
    (C, "reopen", CUST): (O, True), (C, "reopen", SUPP): (O, True),
    (C, "archive", CUST): (A, False), (C, "archive", SUPP): (A, False),
    (C, "archive", SYS): (A, False),
    (A, "reopen", CUST): (O, True), (A, "reopen", SUPP): (O, True),
    # status-keeping actions
    (O, "note", SUPP): (O, False), (S, "note", SUPP): (S, False), (C, "note", SUPP): (C, False),
    (O, "set_severity", SUPP): (O, False), (S, "set_severity", SUPP): (S, False),
    (O, "set_eta", SUPP): (O, False), (S, "set_eta", SUPP): (S, False),
    (O, "set_category", SUPP): (O, False), (S, "set_category", SUPP): (S, False),
    (O, "set_subject", SUPP): (O, False), (S, "set_subject", SUPP): (S, False),
    (O, "escalate", CUST): (O, False), (O, "escalate", SUPP): (O, False),
}


@pytest.mark.parametrize(
    ("status", "action", "side"),
    list(itertools.product(TicketStatus, Action, Side)),
    ids=lambda v: str(v),
)
def test_default_table_cell(status: TicketStatus, action: Action, side: Side) -> None:
    workflow = default_workflow()
    expected = EXPECTED.get((status, action.value, side))
    if expected is None:
        with pytest.raises(InvalidTransition) as info:
            workflow.transition(status, action, side, ticket_id="7")
        message = str(info.value)
        assert status.value in message and action.value in message
        assert info.value.allowed == workflow.allowed(status, side)
    else:
        row = workflow.transition(status, action, side)
        assert (row.target, row.windowed) == expected


def test_refusal_names_what_is_allowed() -> None:
    with pytest.raises(InvalidTransition, match=r"allowed for customer in closed: archive, "
                       r"reopen, reply"):
        default_workflow().transition(C, Action.SOLVE, CUST, ticket_id="9")


def test_workflow_is_data_that_presets_can_change() -> None:
    base = default_workflow()
    changed = base.replace([Transition(O, Action.REPLY, SUPP, S)])
    assert changed.transition(O, Action.REPLY, SUPP).target is S
    assert base.transition(O, Action.REPLY, SUPP).target is O
    smaller = base.without(O, Action.CLOSE, CUST)
    with pytest.raises(InvalidTransition):
        smaller.transition(O, Action.CLOSE, CUST)


def test_duplicate_rows_are_refused() -> None:
    with pytest.raises(InvalidInput, match="two rows"):
        Workflow((Transition(O, "reply", CUST, O), Transition(O, "reply", CUST, S)))
