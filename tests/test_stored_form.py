"""The stored form the SQL stores write is the one converter's, and the fast hooks of
``supportkit.serialization.stored`` do not change it: for every head and event a desk can
produce, the JSON text equals what the converter gave before them (the generic form,
rebuilt here field by field: attrs fields in order, enums as their values, instants as ISO
text with their own offset, sets as sorted lists, tuples as lists, mappings as dicts), and
the SQL adapters write exactly that text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, Helpdesk
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.postgres._rows import event_value, head_value
from supportkit.adapters.sqlite.queries import event_json, head_json
from supportkit.serialization import converter
from supportkit.testing.contract import make_ticket
from supportkit.testing.histories import policies, replay_history, ticket_histories
from supportkit.tickets.actors import Side
from supportkit.tickets.head import HeldRef, TicketHead, head_of
from supportkit.tickets.model import AttachmentRef, Event, Message, Ticket

_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _generic(value: Any) -> Any:
    """What the converter gave before the stored-form hooks (cattrs' generic hooks and
    the factory's sorted sets), written out without cattrs."""
    if attrs.has(type(value)):
        return {f.name: _generic(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, AbstractSet):
        items = [_generic(item) for item in value]
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))
    if isinstance(value, Mapping):
        return {key: _generic(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_generic(item) for item in value]
    return value


def head_data(head: TicketHead) -> Any:
    return converter.unstructure(head)


def event_data(event: Event) -> Any:
    return converter.unstructure(event)


def _same_text(ticket: Ticket) -> None:
    head = head_of(ticket)
    assert _ENCODE(head_data(head)) == _ENCODE(_generic(head)) == head_json(head)
    _same_for_postgres(head_value(head).obj, head_json(head))
    for event in ticket.events:
        assert _ENCODE(event_data(event)) == _ENCODE(_generic(event)) == event_json(event)
        _same_for_postgres(event_value(event).obj, event_json(event))


def _same_for_postgres(document: object, text: str) -> None:
    """PostgreSQL's ``jsonb`` parameter is the same text, unless it holds NUL (then wrapped
    with every string escaped)."""
    if "\\u0000" not in text and "\\ue000" not in text:
        assert document == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_stored_form_equals_the_converter_for_drawn_histories(data: st.DataObject) -> None:
    policy = data.draw(policies())
    history = data.draw(ticket_histories(policy, max_steps=8))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    _same_text(replay_history(desk, history))


def test_roles_fields_attachments_and_unusual_details_as_the_converter_writes_them() -> None:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    requester = Actor.customer("bob", company="globex", roles={"billing", "admin", "ops"})
    ticket = make_ticket("12", replies=["Fixed", "Check"], notes=["internal"],
                         category="mail", requester=requester, addressed_to="reseller-1",
                         assignee="agent-7")
    ticket = attrs.evolve(ticket, fields={"plan": "gold", "dc": "fra1"})
    _same_text(ticket)
    message = Message("bob", Side.CUSTOMER, "caf\u00e9 \udce9 \x00", "email", at,
                      (AttachmentRef("a.txt", 3, "ab" * 32, "text/plain", purged=True,
                                     kind="raw_email"),))
    odd = Event("replied", at, Actor.customer("bob", roles={"x"}),
                {"at": at, "n": 1, "flag": True, "none": None},  # type: ignore[dict-item]
                message)
    assert _ENCODE(event_data(odd)) == _ENCODE(_generic(odd))
    mixed = Event("noted", at, Actor("sys", Side.SYSTEM, roles=frozenset({1, "a"})), {})  # type: ignore[arg-type]
    assert _ENCODE(event_data(mixed)) == _ENCODE(_generic(mixed))
    head = attrs.evolve(head_of(ticket), refs=(HeldRef("cd" * 32, purged=True),),
                        etas=((at, "2026-03-02T00:00:00+00:00"), (at, None)),
                        stretches=((at, at), (at, None)))
    assert _ENCODE(head_data(head)) == _ENCODE(_generic(head))


def test_an_instant_keeps_its_own_offset_after_an_equal_utc_instant() -> None:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    paris = at.astimezone(timezone(timedelta(hours=1)))
    assert at == paris
    for when in (at, paris, at):
        event = Event("noted", when, Actor.support("agent-7"), {})
        assert event_data(event)["at"] == when.isoformat()
        assert _ENCODE(event_data(event)) == _ENCODE(_generic(event))
    assert event_data(Event("noted", paris, Actor.support("a"), {}))["at"].endswith("+01:00")


def test_stored_form_has_every_attrs_field_in_order() -> None:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    ticket = make_ticket("7", replies=["hi"])
    head = head_of(ticket)
    assert list(head_data(head)) == [f.name for f in attrs.fields(TicketHead)]
    event = ticket.events[1]
    assert event.message is not None
    assert list(event_data(event)) == [f.name for f in attrs.fields(Event)]
    data = event_data(event)
    assert list(data["message"]) == [f.name for f in attrs.fields(Message)]
    assert list(data["actor"]) == [f.name for f in attrs.fields(Actor)]
    ref = AttachmentRef("a.txt", 1, "ab" * 32)
    with_ref = Event("replied", at, Actor.customer("b"), {},
                     Message("b", Side.CUSTOMER, "x", "web", at, (ref,)))
    assert list(event_data(with_ref)["message"]["attachments"][0]) == [
        f.name for f in attrs.fields(AttachmentRef)]
    held = attrs.evolve(head, refs=(HeldRef("ab" * 32),))
    assert list(head_data(held)["refs"][0]) == [f.name for f in attrs.fields(HeldRef)]
