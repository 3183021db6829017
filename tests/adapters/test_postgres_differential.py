"""The PostgreSQL store behaves exactly like the in-memory store under the same random
actions: the storage area's differential machine (``test_differential.TwoDesks``, written
for SQLite) with PostgreSQL as the second store, plus random-Unicode search agreement.

The machine builds its SQLite store in ``__init__``; this subclass replaces only that (the
rules and invariants compare ``self.memory`` with ``self.disk``).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

from supportkit import FixedClock, Helpdesk, Policy, SlaPolicy, SlaTarget
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.reference import words
from supportkit.ports import TicketQuery
from supportkit.testing.contract import make_ticket

try:
    from . import _pg
    from .test_differential import T0, TwoDesks, texts, unicode_text
except ImportError:
    import _pg  # type: ignore[no-redef]
    from test_differential import T0, TwoDesks, texts, unicode_text  # type: ignore[no-redef]


class MemoryAndPostgres(TwoDesks):
    def __init__(self) -> None:
        RuleBasedStateMachine.__init__(self)
        self.clock = FixedClock(T0)
        policy = Policy(sla=SlaPolicy(targets=[SlaTarget(initial_response=timedelta(hours=2))]))
        self.postgres = _pg.fresh_store()
        self.memory = Helpdesk(MemoryStore(), policy=policy, clock=self.clock)
        self.disk = Helpdesk(self.postgres, policy=policy, clock=self.clock)
        self.ids: list[str] = []
        self.seen_words: list[str] = []

    def teardown(self) -> None:
        self.postgres.close()


MemoryAndPostgres.TestCase.settings = settings(stateful_step_count=20, max_examples=40)
test_memory_and_postgres_desks_agree = MemoryAndPostgres.TestCase


@settings(max_examples=60)
@given(subjects=st.lists(texts, min_size=1, max_size=4), query=texts | unicode_text)
def test_search_agrees_on_random_unicode(subjects: list[str], query: str) -> None:
    """Word-array search returns exactly what the word-set semantics of ``reference`` return,
    for any Unicode text (NUL included: it is escaped inside the jsonb snapshot)."""
    tickets = [make_ticket(str(n), subject=s, body=subjects[-n])
               for n, s in enumerate(subjects, 1)]
    probes = [query, *subjects, *(" ".join(sorted(words(s))[:2]) for s in subjects)]
    memory, postgres = MemoryStore(), _pg.fresh_store()
    for store in (memory, postgres):
        with store.unit_of_work() as uow:
            for ticket in tickets:
                uow.tickets.add(ticket)
    with postgres.unit_of_work() as uow:
        assert [uow.tickets.get(t.id) for t in tickets] == tickets
    for text in probes:
        results = []
        for store in (memory, postgres):
            with store.unit_of_work() as uow:
                results.append([t.id for t in uow.tickets.query(TicketQuery(text=text))])
        assert results[0] == results[1], text
