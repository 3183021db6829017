"""The public JSON form against its generated JSON Schema (issue 19).

Every public attrs type has a schema; what ``supportkit.to_json`` writes for drawn values
(the public strategies) and for real desk objects validates against it, with ``jsonschema``;
instants are UTC ``Z`` text (or rendered in a given zone), durations ISO 8601, and the
public form reads back to equal objects. The storage form is left as it was.
"""

from __future__ import annotations

import inspect
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import supportkit
from supportkit import (
    Account,
    AccountRole,
    Actor,
    BusinessCalendar,
    Contract,
    EscalationDecision,
    FixedClock,
    Helpdesk,
    HolidaySet,
    InvalidInput,
    NotEligible,
    PagingDecision,
    Policy,
    Problem,
    SlaStatus,
    Ticket,
    Upload,
    WeeklySchedule,
    from_json,
    json_schema,
    presets,
    to_json,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.durations import format_iso_duration, parse_iso_duration
from supportkit.serialization import unstructure
from supportkit.testing.strategies import (
    business_durations,
    calendars,
    holiday_sets,
    policies,
    replay_history,
    ticket_histories,
    weekly_schedules,
)

Z_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
EASTERN = ZoneInfo("America/New_York")

#: Input only, never written as JSON: an upload's bytes or binary stream.
NOT_JSON = {"Upload"}
#: Every attrs class of the flat API that is data (not a service or a clock).
PUBLIC_TYPES = sorted(
    (value for name in supportkit.__all__
     if inspect.isclass(value := getattr(supportkit, name)) and attrs.has(value)
     and name not in NOT_JSON),
    key=lambda cls: cls.__name__,
)


def check(obj: object, *, zone: str | None = None) -> Any:
    """``to_json(obj)`` as sent over the wire, validated against its class's schema."""
    data = json.loads(json.dumps(to_json(obj, zone=zone)))
    schema = json_schema(type(obj))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        data
    )
    return data


def instants(data: Any) -> list[str]:
    """Every value in ``data`` that looks like an instant."""
    if isinstance(data, dict):
        return [i for v in data.values() for i in instants(v)]
    if isinstance(data, list):
        return [i for v in data for i in instants(v)]
    if isinstance(data, str) and re.match(r"^\d{4}-\d\d-\d\dT", data):
        return [data]
    return []


def test_the_list_covers_the_types_the_issue_names() -> None:
    names = {cls.__name__ for cls in PUBLIC_TYPES}
    assert {"Ticket", "Message", "Event", "AttachmentRef", "EscalationDecision",
            "PagingDecision", "Entitlement", "SlaStatus", "RetentionReport", "Problem",
            "Policy", "Contract", "Account", "Notification", "IntakeReport"} <= names


@pytest.mark.parametrize("cls", PUBLIC_TYPES, ids=lambda cls: cls.__name__)
def test_every_public_type_has_a_valid_schema(cls: type) -> None:
    schema = json_schema(cls)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == cls.__name__
    # refs resolve inside the document
    text = json.dumps(schema)
    for ref in re.findall(r'"\$ref": "#/\$defs/(\w+)"', text):
        assert ref in schema["$defs"], ref


def test_the_schema_is_generated_from_fields_and_hints() -> None:
    ticket = json_schema(Ticket)
    fields = [f.name for f in attrs.fields(Ticket)]
    assert list(ticket["properties"]) == fields and ticket["required"] == fields
    assert ticket["additionalProperties"] is False
    assert ticket["properties"]["created_at"] == {"type": "string", "format": "date-time"}
    assert ticket["properties"]["eta"] == {
        "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}
    assert ticket["properties"]["status"] == {"$ref": "#/$defs/TicketStatus"}
    assert ticket["$defs"]["TicketStatus"]["enum"] == [s.value for s in supportkit.TicketStatus]
    assert ticket["properties"]["messages"]["items"] == {"$ref": "#/$defs/Message"}
    problem = json_schema(Problem)
    assert problem["required"] == ["type", "title", "status", "detail", "error"]


def test_openapi_refs_can_point_at_components() -> None:
    schema = json_schema(Ticket, ref_template="#/components/schemas/{name}")
    assert schema["properties"]["requester"] == {"$ref": "#/components/schemas/Actor"}
    assert "Actor" in schema["$defs"]


def test_json_schema_refuses_what_is_not_an_attrs_class() -> None:
    with pytest.raises(InvalidInput, match="attrs class"):
        json_schema(dict)


# -- real desk objects ----------------------------------------------------------------------

@pytest.fixture
def desk() -> tuple[Helpdesk, FixedClock]:
    """The README's InterWorx desk: Friday evening before a DST change (8 March 2026)."""
    clock = FixedClock(datetime(2026, 3, 6, 17, 30, tzinfo=EASTERN))
    desk = Helpdesk(MemoryStore(), presets.interworx.policy(), clock)
    desk.add_contract(Contract(id="iwx-1", company="acme", level="standard",
                               valid_from=datetime(2026, 1, 1, tzinfo=EASTERN)))
    return desk, clock


def test_real_desk_objects_validate(desk: tuple[Helpdesk, FixedClock]) -> None:
    helpdesk, clock = desk
    owner, agent = Actor.customer("owner", company="acme"), Actor.support("agent-7")
    server = {"ip_or_hostname": "203.0.113.7", "remote_assistance_enabled": "yes"}
    slow = helpdesk.open_ticket(owner, subject="Webmail slow", body="Since noon",
                                category="Webmail", fields=server,
                                attachments=[Upload("maillog.txt", b"timeout")]).id
    down = helpdesk.open_ticket(owner, subject="Sites down", body="All of them",
                                severity="urgent", category="Apache", fields={}).id
    clock.advance(timedelta(minutes=20))
    helpdesk.reply(down, agent, "Apache restarted; please check.")
    helpdesk.set_eta(down, agent, clock.now() + timedelta(days=3))
    helpdesk.solve(down, agent)
    helpdesk.confirm(down, owner)
    objects: list[object] = [
        helpdesk.get(slow), helpdesk.get(down), helpdesk.paging(slow), helpdesk.paging(down),
        helpdesk.escalation(slow), helpdesk.sla(slow), helpdesk.sla(down),
        helpdesk.entitlement(customer=owner), helpdesk.contract("iwx-1"),
        helpdesk.intake_report(down), helpdesk.run_retention(dry_run=True),
        helpdesk.collect_garbage(dry_run=True), helpdesk.policy, Policy(),
        presets.odin.policy(), presets.opensvc.policy(), presets.open_xchange.policy(),
        presets.ispmanager.policy(),
    ]
    objects += list(helpdesk.get(slow).messages) + list(helpdesk.get(down).events)
    for obj in objects:
        assert obj is not None
        data = check(obj)
        assert all(Z_INSTANT.match(i) for i in instants(data)), (type(obj), instants(data))
    assert check(helpdesk.get(slow), zone="America/New_York")


def test_instants_are_utc_z_or_rendered_in_the_zone_asked_for(
    desk: tuple[Helpdesk, FixedClock],
) -> None:
    """The issue's case: the clock is Eastern (-05:00 in winter) and a deadline falls
    after the DST change; the public form says Z, and in the zone asked for, -04:00."""
    helpdesk, _ = desk
    ticket_id = helpdesk.open_ticket(Actor.customer("owner", company="acme"), subject="DST",
                                     body="b", category="Webmail", fields={}).id
    agent = Actor.support("agent-7")
    helpdesk.set_eta(ticket_id, agent, datetime(2026, 3, 10, 9, 0, tzinfo=EASTERN))
    ticket = helpdesk.get(ticket_id)
    assert to_json(ticket)["eta"] == "2026-03-10T13:00:00Z"
    assert to_json(ticket)["created_at"] == "2026-03-06T22:30:00Z"
    local = to_json(ticket, zone="America/New_York")
    assert local["eta"] == "2026-03-10T09:00:00-04:00"
    assert local["created_at"] == "2026-03-06T17:30:00-05:00"
    assert to_json(ticket, zone=ZoneInfo("Europe/Paris"))["eta"] == "2026-03-10T14:00:00+01:00"
    with pytest.raises(InvalidInput, match="IANA"):
        to_json(ticket, zone="Mars/Olympus")
    # the storage form is unchanged: the offset the caller used, durations as before
    assert unstructure(ticket)["eta"] == "2026-03-10T09:00:00-04:00"
    [eta_set] = [e for e in to_json(ticket)["events"] if e["kind"] == "eta_set"]
    assert eta_set["data"]["eta"] == "2026-03-10T13:00:00Z"  # event data too


@pytest.mark.parametrize("zone", ["", "../etc/passwd", "x" * 5000, "Mars/Olympus", "UTC\x00",
                                  5, object()])
def test_a_bad_zone_is_invalid_input(zone: object) -> None:
    decision = PagingDecision(page=True, respond_by=datetime(2026, 7, 1, 12, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="zone"):
        to_json(decision, zone=zone)  # type: ignore[arg-type]


def test_fixed_offsets_and_utc_render_too() -> None:
    decision = PagingDecision(page=True, respond_by=datetime(2026, 7, 1, 12, tzinfo=UTC))
    assert to_json(decision, zone=UTC)["respond_by"] == "2026-07-01T12:00:00Z"
    assert to_json(decision, zone=timezone(timedelta(hours=2)))["respond_by"] == (
        "2026-07-01T14:00:00+02:00")


def test_durations_are_iso_8601() -> None:
    policy = to_json(presets.odin.policy())
    assert policy["retention"]["keep"] == "P90D"
    assert policy["sla"]["targets"][0]["initial_response"] == "PT2H"
    assert unstructure(presets.odin.policy())["sla"]["targets"][0]["initial_response"] == "2h"
    for text, value in [("PT1H", timedelta(hours=1)), ("P3D", timedelta(days=3)),
                        ("P1DT2H30M", timedelta(days=1, hours=2, minutes=30)),
                        ("PT0S", timedelta(0)), ("-PT15M", -timedelta(minutes=15)),
                        ("PT0.25S", timedelta(milliseconds=250))]:
        assert format_iso_duration(value) == text
        assert parse_iso_duration(text) == value
    assert parse_iso_duration("P2W") == timedelta(days=14)


@pytest.mark.parametrize("bad", ["", "P", "PT", "P1Y", "P1M", "1h", "PT1H2", "P1DT",
                                 "P" + "9" * 80 + "D", "P999999999W", 5, None, "PT1.5.5S"])
def test_bad_iso_durations_are_invalid_input(bad: object) -> None:
    with pytest.raises(InvalidInput, match="duration"):
        parse_iso_duration(bad)


def test_the_public_form_reads_back(desk: tuple[Helpdesk, FixedClock]) -> None:
    helpdesk, _ = desk
    ticket = helpdesk.get(helpdesk.open_ticket(Actor.customer("owner", company="acme"),
                                               subject="x", body="y", category="Webmail",
                                               fields={}).id)
    assert from_json(json.loads(json.dumps(to_json(ticket))), Ticket) == ticket
    policy = presets.opensvc.policy()
    assert from_json(to_json(policy), Policy) == policy
    with pytest.raises(InvalidInput, match="naive"):
        from_json({**to_json(ticket), "created_at": "2026-03-06T17:30:00"}, Ticket)


def test_errors_are_written_as_problem_details() -> None:
    error = NotEligible("not yet", eligible_at=datetime(2026, 3, 2, 14, tzinfo=UTC),
                        methods={"phone", "button"})
    data = check(supportkit.problem_details(error))
    assert data == to_json(error) == {
        "type": "urn:supportkit:problem:not-eligible", "title": "Not eligible yet",
        "status": 409, "detail": "not yet", "error": "NotEligible",
        "eligible_at": "2026-03-02T14:00:00Z", "methods": ["button", "phone"]}


# -- drawn values (the public strategies) ---------------------------------------------------

@settings(max_examples=25)
@given(data=st.data())
def test_drawn_tickets_validate_and_read_back(data: st.DataObject) -> None:
    policy = data.draw(policies())
    history = data.draw(ticket_histories(policy))
    desk = Helpdesk(MemoryStore(), policy, FixedClock(history[0].at))
    ticket = replay_history(desk, history)
    check(ticket)
    check(ticket, zone="Australia/Lord_Howe")
    check(desk.sla(ticket.id))
    check(desk.escalation(ticket.id))
    check(desk.paging(ticket.id))
    # Read back: the same instants (event data keeps them as text, in Z form)
    again = from_json(to_json(ticket), Ticket)
    assert to_json(again) == to_json(ticket)
    assert attrs.evolve(again, events=ticket.events) == ticket


@settings(max_examples=40)
@given(policy=policies())
def test_drawn_policies_validate(policy: Policy) -> None:
    check(policy)


@settings(max_examples=40)
@given(calendar=calendars(), schedule=weekly_schedules(), holidays=holiday_sets(),
       duration=business_durations())
def test_drawn_calendars_and_durations_validate(
    calendar: BusinessCalendar, schedule: WeeklySchedule, holidays: HolidaySet,
    duration: timedelta,
) -> None:
    policy = Policy(calendar=calendar)
    check(policy)
    assert to_json(calendar) == to_json(policy)["calendar"]
    assert to_json(schedule) == str(schedule) and isinstance(to_json(holidays), dict)
    assert parse_iso_duration(to_json(duration)) == duration


@settings(max_examples=60)
@given(moment=st.datetimes(timezones=st.timezones()))
def test_every_instant_is_written_in_z_form(moment: datetime) -> None:
    decision = EscalationDecision(eligible=False, eligible_at=moment, methods=frozenset())
    text = check(decision)["eligible_at"]
    assert Z_INSTANT.match(text) and datetime.fromisoformat(text) == moment.astimezone(UTC)
    assert check(PagingDecision(page=True, respond_by=moment))["respond_by"] == text


def test_accounts_and_sla_status_validate() -> None:
    check(Account(id="u1", role=AccountRole.USER, parent=None, email="u1@example.com"))
    assert set(json_schema(SlaStatus)["properties"]) == {
        "first_response", "next_update", "resolution"}
