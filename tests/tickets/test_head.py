"""The head a store keeps equals the head of the full ticket, and every rule reads the same
answer off either: the write path folds events into heads (``advance``), never reading a
history, so this is what makes it safe (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, Helpdesk, Policy, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.deadlines import derive
from supportkit.privacy.retention import purgeable_digests, retention_due
from supportkit.sla.escalation import escalation_decision
from supportkit.sla.paging import paging_decision
from supportkit.sla.status import sla_status
from supportkit.testing.histories import policies, replay_history, ticket_histories
from supportkit.tickets.head import (
    HeldRef,
    TicketHead,
    advance,
    etas_of,
    head_of,
    rebuild,
    refs_of,
    stretches_of,
    summary_of,
)
from supportkit.tickets.history import replay
from supportkit.tickets.model import Event
from supportkit.tickets.status import TicketStatus

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_stored_head_is_the_head_of_the_full_ticket(data: st.DataObject) -> None:
    policy = data.draw(policies())
    history = data.draw(ticket_histories(policy, max_steps=10))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    ticket = replay_history(desk, history)
    with desk.store.unit_of_work(readonly=True) as uow:
        head = uow.tickets.head(ticket.id)
    assert head == head_of(ticket)
    assert rebuild(head, ticket.events) == ticket
    # What a store keeps is what replaying the history gives (deadlines derived alike).
    replayed = attrs.evolve(derive(replay(ticket.id, ticket.events), policy),
                            version=ticket.version)
    assert replayed == ticket
    assert derive(head, policy) == head
    for at in (history[-1].at, history[-1].at + timedelta(days=3)):
        assert sla_status(head, policy, at) == sla_status(ticket, policy, at)
        assert escalation_decision(head, policy, at) == escalation_decision(ticket, policy, at)
    assert paging_decision(head, policy) == paging_decision(ticket, policy)
    assert retention_due(head, policy.retention) == retention_due(ticket, policy.retention)
    assert stretches_of(head) == stretches_of(ticket)
    assert etas_of(head) == etas_of(ticket)
    assert summary_of(head) == summary_of(ticket)


def _event(kind: str, minutes: int, **data: object) -> Event:
    return Event(kind, T0 + timedelta(minutes=minutes), Actor.support("agent-7"),
                 dict(data))  # type: ignore[arg-type]


def test_a_ticket_opened_answered_does_not_run_its_resolution_clock() -> None:
    # ISPmanager: a ticket the level above opens starts SOLVED ("answered"); its clock is
    # paused from the start (it used to run until the first status change).
    opened = Event("opened", T0, Actor.support("reseller"),
                   {"subject": "s", "severity": "normal", "status": "solved"})
    ticket = replay("1", [opened, _event("noted", 5)])
    assert ticket.status is TicketStatus.SOLVED
    assert stretches_of(ticket) == () == head_of(ticket).stretches
    reopened = replay("1", [opened, _event("reopened", 60, status="open")])
    assert stretches_of(reopened) == ((T0 + timedelta(hours=1), None),)


def test_advance_counts_messages_and_keeps_each_reference_once() -> None:
    desk = Helpdesk(MemoryStore(), Policy(), FixedClock(T0))
    alice, agent = Actor.customer("alice"), Actor.support("agent-7")
    t = desk.open_ticket(alice, "s", "b", attachments=[Upload("log.txt", b"same")])
    desk.reply(t.id, alice, "again", attachments=[Upload("log.txt", b"same")])
    desk.note(t.id, agent, "internal")
    with desk.store.unit_of_work(readonly=True) as uow:
        head = uow.tickets.head(t.id)
    assert (head.message_count, head.public_message_count, head.event_count) == (3, 2, 3)
    assert [r.filename for r in head.refs] == ["log.txt"] == [r.filename for r in refs_of(
        desk.get(t.id))]
    assert isinstance(head.refs[0], HeldRef) and head.refs[0].size == 4


def test_advance_refuses_a_second_opening() -> None:
    opened = Event("opened", T0, Actor.customer("a"), {"subject": "s", "severity": 3})
    head = head_of(replay("1", [opened]))
    assert isinstance(head, TicketHead)
    with pytest.raises(ValueError, match="opened"):
        advance(head, opened)


def test_purge_marks_follow_the_fold() -> None:
    desk = Helpdesk(MemoryStore(), Policy(), FixedClock(T0))
    alice, agent = Actor.customer("alice"), Actor.support("agent-7")
    t = desk.open_ticket(alice, "s", "b", attachments=[Upload("a.txt", b"aaa")])
    desk.close(t.id, agent)
    desk.clock.advance(timedelta(days=91))  # type: ignore[attr-defined]
    ticket = desk.get(t.id)
    assert purgeable_digests(ticket, desk.policy.retention)
    desk.run_retention()
    purged = desk.get(t.id)
    with desk.store.unit_of_work(readonly=True) as uow:
        head = uow.tickets.head(t.id)
    assert purged.messages[0].attachments[0].purged
    assert head == head_of(purged) and all(r.purged for r in head.refs)
    assert purgeable_digests(head, desk.policy.retention) == frozenset()
