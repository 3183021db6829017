"""Follow-up tickets: the way to continue a conversation after the reopen window ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from retention_kit import AGENT, ALICE, RUN, desk_at

from supportkit import Actor, InvalidInput, PermissionDenied, TicketQuery
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure, unstructure
from supportkit.tickets import Ticket
from supportkit.tickets.head import summary_of


def test_follow_up_links_and_carries_over() -> None:
    desk = desk_at(MemoryStore(), RUN)
    old = desk.open_ticket(ALICE, subject="DNS", body="b", severity=2, category="dns")
    desk.close(old.id, AGENT)
    new = desk.follow_up(old.id, ALICE, "DNS again", body="it is back", channel="email")
    assert (new.follow_up_of, new.subject, new.severity, new.category) == (old.id, "DNS again",
                                                                          2, "dns")
    assert new.channel == "email" and new.requester == ALICE
    assert structure(unstructure(new), Ticket) == new
    assert desk.tickets(TicketQuery(requester="alice")) == [
        summary_of(desk.get(old.id)), summary_of(new)]


def test_follow_up_of_an_open_ticket_is_refused() -> None:
    desk = desk_at(MemoryStore(), RUN)
    old = desk.open_ticket(ALICE, subject="s", body="b")
    with pytest.raises(InvalidInput, match="still open: reply to it"):
        desk.follow_up(old.id, ALICE, body="x")
    assert len(desk.tickets()) == 1


def test_follow_up_checks_access() -> None:
    desk = desk_at(MemoryStore(), RUN)
    old = desk.open_ticket(ALICE, subject="s", body="b")
    desk.close(old.id, AGENT)
    with pytest.raises(PermissionDenied):
        desk.follow_up(old.id, Actor.customer("mallory", company="evil"), body="x")


def test_follow_up_after_the_purge_works() -> None:
    desk = desk_at(MemoryStore(), RUN - timedelta(days=100))
    old = desk.open_ticket(ALICE, subject="s", body="b")
    desk.close(old.id, AGENT)
    desk.clock.set(RUN)  # type: ignore[attr-defined]
    desk.run_retention()
    assert desk.follow_up(old.id, AGENT, body="from support").follow_up_of == old.id
