"""The public reference semantics describe every query filter once, for every store."""

from __future__ import annotations

import attrs

from supportkit import Actor, TicketStatus
from supportkit.adapters.reference import (
    FILTER_COLUMNS,
    conditions,
    filter_values,
    matches,
)
from supportkit.adapters.sqlite.queries import TICKET_COLUMNS
from supportkit.ports import TicketQuery
from supportkit.testing.contract import make_ticket

#: Query fields that are not a test of one filter column.
_NOT_COLUMNS = {"due", "due_from", "due_before", "text", "limit", "after_id", "order",
                "after_due"}


def test_every_query_filter_field_is_described_by_a_filter_column() -> None:
    described = {c.equals for c in FILTER_COLUMNS} | {c.one_of for c in FILTER_COLUMNS}
    fields = {f.name for f in attrs.fields(TicketQuery)}
    assert fields - _NOT_COLUMNS == described - {None}


def test_sql_rows_hold_every_filter_column() -> None:
    names = [c.name for c in FILTER_COLUMNS]
    assert [c for c in TICKET_COLUMNS if c in names] == names


def test_conditions_match_filter_values() -> None:
    ticket = make_ticket("7", requester=Actor.customer("bob", company="globex"),
                         category="mail", addressed_to="reseller-1", assignee="agent-7")
    values = dict(zip([c.name for c in FILTER_COLUMNS], filter_values(ticket), strict=True))
    assert values == {"status": "open", "requester": "bob", "company": "globex",
                      "addressed_to": "reseller-1", "category": "mail", "assignee": "agent-7"}
    query = TicketQuery(statuses={TicketStatus.OPEN, TicketStatus.SOLVED}, company="globex",
                        categories_any={"web", "mail"}, assignee="agent-7")
    assert [(c.column, c.values, c.one_of) for c in conditions(query)] == [
        ("status", ("open", "solved"), True),
        ("company", ("globex",), False),
        ("category", ("mail", "web"), True),
        ("assignee", ("agent-7",), False),
    ]
    assert matches(ticket, query)
    assert not matches(ticket, attrs.evolve(query, categories_any=frozenset()))
    assert not matches(ticket, attrs.evolve(query, assignee="agent-8"))
