"""The stored form the SQL stores write is the one converter's, and the fast hooks of
``supportkit.serialization.stored`` do not change it: for every head and event a desk can
produce, the JSON text equals what the converter gave before them (the generic form,
rebuilt here field by field: attrs fields in order, enums as their values, instants as ISO
text with their own offset, sets as sorted lists, tuples as lists, mappings as dicts), and
the SQL adapters write that JSON value (``orjson``'s text: the same keys in the same order,
non-ASCII text as UTF-8; the standard encoder gives the old text back from it)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, Helpdesk
from supportkit.adapters.memory import MemoryStore
from supportkit.adapters.postgres._rows import event_value, head_value
from supportkit.adapters.sqlite.queries import event_json, head_json
from supportkit.errors import InvalidInput
from supportkit.serialization import converter, stored_json, stored_json_bytes
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


def _stored_as_before(stored: str, before: str) -> None:
    """``stored`` holds the JSON value of ``before`` (the standard encoder's text), keys in
    the same order: re-encoded by that encoder it is ``before`` again, byte for byte."""
    assert _ENCODE(json.loads(stored)) == before
    if before.isascii() and "\\u" not in before:  # nothing for orjson to write otherwise
        assert stored == before


def _same_text(ticket: Ticket) -> None:
    head = head_of(ticket)
    before = _ENCODE(_generic(head))
    assert _ENCODE(head_data(head)) == before
    _stored_as_before(head_json(head), before)
    _same_for_postgres(head_value(head).obj, head_json(head))
    for event in ticket.events:
        before = _ENCODE(_generic(event))
        assert _ENCODE(event_data(event)) == before
        _stored_as_before(event_json(event), before)
        _same_for_postgres(event_value(event).obj, event_json(event))


def _same_for_postgres(document: object, text: str) -> None:
    """PostgreSQL's ``jsonb`` parameter is the same text (as UTF-8), unless it holds NUL
    (then wrapped with every string escaped)."""
    if "\\u0000" not in text and "\ue000" not in text and "\\ue000" not in text:
        assert document == text.encode()


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


def test_stored_json_writes_what_orjson_refuses_as_the_standard_encoder_did() -> None:
    """A lone surrogate, an integer beyond 64 bits, a key that is not text: ``orjson``
    refuses them, and :func:`stored_json` writes the standard encoder's text (the text the
    stores wrote before; a lone surrogate as its ``\\udXXX`` escape, which they refuse by
    name). The bytes form is the same text."""
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    actor = Actor.customer("bob")
    odd = [
        Event("noted", at, actor, {"x": "caf\u00e9 \udce9"}),
        Event("noted", at, actor, {"x": 2**64}),
        Event("noted", at, actor, {"x": -(2**63) - 1}),
        Event("noted", at, actor, {5: "five"}),  # type: ignore[dict-item]
    ]
    for event in odd:
        before = _ENCODE(_generic(event))
        assert stored_json(event) == before
        assert stored_json_bytes(event) == before.encode()
    assert "\\udce9" in stored_json(odd[0])
    assert json.loads(stored_json(Event("noted", at, actor, {"x": 2**64 - 1})))["data"] == {
        "x": 2**64 - 1}


def test_stored_json_refuses_nan_and_infinities() -> None:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for value in (math.nan, math.inf, -math.inf):
        event = Event("noted", at, Actor.customer("bob"), {"x": value})  # type: ignore[dict-item]
        with pytest.raises(InvalidInput, match="give a finite number"):
            stored_json(event)
        ticket = attrs.evolve(make_ticket("1"), fields={"plan": value})  # type: ignore[dict-item]
        with pytest.raises(InvalidInput, match="give a finite number"):
            stored_json(head_of(ticket))
        with pytest.raises(InvalidInput, match="give a finite number"):
            stored_json(attrs.evolve(head_of(ticket), fields={}, severity=value))
    with pytest.raises(InvalidInput, match="cannot store"):
        stored_json(Event("noted", at, Actor.customer("bob"), {"x": object()}))  # type: ignore[dict-item]


def test_stored_json_writes_every_instant_as_isoformat() -> None:
    """UTC instants are written by ``orjson`` itself, others (whose offset may hold seconds,
    which ``orjson`` rounds) by ``isoformat``: the text is ``isoformat``'s either way."""
    zones = [UTC, UTC, timezone(timedelta(hours=-3)), ZoneInfo("Europe/Paris"),
             timezone(timedelta(hours=5, minutes=30, seconds=15))]
    for zone in zones:
        for when in (datetime(2026, 3, 1, 9, 0, 0, 1, tzinfo=zone),
                     datetime(1850, 1, 1, tzinfo=zone), datetime(9999, 12, 31, 23, tzinfo=zone)):
            event = Event("noted", when, Actor.support("a"), {})
            assert json.loads(stored_json(event))["at"] == when.isoformat()


def test_stored_json_refuses_what_the_standard_encoder_refused_though_orjson_writes_it() -> None:
    """``orjson`` writes a UUID; the stored form refuses it in a ticket's details, as the
    standard encoder did, rather than store a text (a dataclass is the converter's dict,
    before and now)."""
    import dataclasses
    import uuid

    @dataclasses.dataclass
    class Point:
        x: int

    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    event = Event("noted", at, Actor.customer("bob"), {"x": uuid.UUID(int=1)})  # type: ignore[dict-item]
    with pytest.raises(InvalidInput, match="cannot store"):
        stored_json(event)
    event = Event("noted", at, Actor.customer("bob"), {"x": Point(1)})  # type: ignore[dict-item]
    assert stored_json(event) == _ENCODE(converter.unstructure(event))
