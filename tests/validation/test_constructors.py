"""Issue 16: wrong constructor arguments are InvalidInput at construction, naming the argument.

Each row builds one object with one bad argument; the error must be :class:`InvalidInput`
(never a raw ``AttributeError``/``TypeError``/``RecursionError``) and its message must name
the argument. Before issue 16 many rows were accepted and failed later (in ``add``,
``is_open``, serialization, uploads) or failed with a raw builtin error.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from supportkit import (
    BusinessCalendar,
    HolidaySet,
    InvalidInput,
    Policy,
    Redactor,
    Upload,
    WeeklySchedule,
    from_json,
    load_policy,
)
from supportkit.calendars import CountryHolidays
from supportkit.serialization import structure, unstructure

ALWAYS = WeeklySchedule.always()
T = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _deep() -> list[Any]:
    value: list[Any] = []
    for _ in range(100_000):
        value = [value]
    return value


DEEP = _deep()

CASES: list[tuple[str, Callable[[], object], str]] = [
    # -- BusinessCalendar ----------------------------------------------------------------
    ("cal schedule None", lambda: BusinessCalendar(None), "BusinessCalendar.schedule"),
    ("cal schedule int", lambda: BusinessCalendar(5), "BusinessCalendar.schedule"),
    ("cal schedule list", lambda: BusinessCalendar([(0, 0, 60)]), "BusinessCalendar.schedule"),
    ("cal schedule bad text", lambda: BusinessCalendar("Funday 09:00-10:00"), "schedule"),
    ("cal schedule empty text", lambda: BusinessCalendar(""), "schedule"),
    ("cal schedule deep", lambda: BusinessCalendar(DEEP), "BusinessCalendar.schedule"),
    ("cal tz unknown", lambda: BusinessCalendar(ALWAYS, tz="Mars/Olympus"), "Mars/Olympus"),
    ("cal tz int", lambda: BusinessCalendar(ALWAYS, tz=1), "BusinessCalendar.tz"),
    ("cal tz None", lambda: BusinessCalendar(ALWAYS, tz=None), "BusinessCalendar.tz"),
    ("cal tz empty", lambda: BusinessCalendar(ALWAYS, tz=""), "BusinessCalendar.tz"),
    ("cal tz path", lambda: BusinessCalendar(ALWAYS, tz="../../etc/passwd"), "BusinessCalendar.tz"),
    ("cal tz newline", lambda: BusinessCalendar(ALWAYS, tz="UTC\n"), "BusinessCalendar.tz"),
    ("cal tz surrogate", lambda: BusinessCalendar(ALWAYS, tz="\ud800"), "BusinessCalendar.tz"),
    ("cal tz long", lambda: BusinessCalendar(ALWAYS, tz="a" * 5000), "BusinessCalendar.tz"),
    ("cal tz deep", lambda: BusinessCalendar(ALWAYS, tz=DEEP), "BusinessCalendar.tz"),
    ("cal holidays str",
     lambda: BusinessCalendar(ALWAYS, holidays="US"),
     "BusinessCalendar.holidays"),
    ("cal holidays int",
     lambda: BusinessCalendar(ALWAYS, holidays=2026),
     "BusinessCalendar.holidays"),
    ("cal holidays datetimes",
     lambda: BusinessCalendar(ALWAYS, holidays=[T]),
     "BusinessCalendar.holidays"),
    ("cal holidays dict",
     lambda: BusinessCalendar(ALWAYS, holidays={date(2026, 1, 1): "x"}),
     "BusinessCalendar.holidays"),
    ("cal holidays texts",
     lambda: BusinessCalendar(ALWAYS, holidays=["2026-12-24"]),
     "BusinessCalendar.holidays"),
    # -- WeeklySchedule -------------------------------------------------------------------
    ("schedule None", lambda: WeeklySchedule(None), "WeeklySchedule.intervals"),
    ("schedule int", lambda: WeeklySchedule(5), "WeeklySchedule.intervals"),
    ("schedule bytes", lambda: WeeklySchedule(b"Mon 09:00-10:00"), "WeeklySchedule.intervals"),
    ("schedule pair", lambda: WeeklySchedule([(0, 60)]), "WeeklySchedule.intervals[0]"),
    ("schedule floats", lambda: WeeklySchedule([(0, 60.0, 120.0)]), "WeeklySchedule.intervals[0]"),
    ("schedule bools", lambda: WeeklySchedule([(True, 60, 120)]), "WeeklySchedule.intervals[0]"),
    ("schedule text items",
     lambda: WeeklySchedule([("Mon", "09:00", "10:00")]),
     "WeeklySchedule.intervals[0]"),
    ("schedule day 7", lambda: WeeklySchedule([(7, 60, 120)]), "schedule interval"),
    ("schedule deep", lambda: WeeklySchedule(DEEP), "WeeklySchedule.intervals[0]"),
    ("schedule parse bytes", lambda: WeeklySchedule.parse(b"Mon 09:00-10:00"), "schedule"),
    # -- HolidaySet / CountryHolidays -----------------------------------------------------
    ("holidays days None", lambda: HolidaySet(days=None), "holiday dates"),
    ("holidays days text", lambda: HolidaySet(days="2026-12-24"), "holiday dates"),
    ("holidays days ints", lambda: HolidaySet(days=[20261224]), "holiday date"),
    ("holidays days deep", lambda: HolidaySet(days=DEEP), "holiday date"),
    ("holidays dates() datetime", lambda: HolidaySet.dates([T]), "holiday date"),
    ("holidays exceptions int", lambda: HolidaySet(exceptions=1), "HolidaySet.exceptions"),
    ("holidays countries text", lambda: HolidaySet(countries="US"), "HolidaySet.countries"),
    ("holidays countries items", lambda: HolidaySet(countries=["US"]), "HolidaySet.countries"),
    ("holidays countries None", lambda: HolidaySet(countries=None), "HolidaySet.countries"),
    ("holidays rules text",
     lambda: HolidaySet(rules="DTSTART:20260101T000000\nRRULE:FREQ=YEARLY"),
     "HolidaySet.rules"),
    ("holidays rules int", lambda: HolidaySet(rules=5), "HolidaySet.rules"),
    ("holidays rules items", lambda: HolidaySet(rules=[5]), "holiday rule"),
    ("holidays rule huge",
     lambda: HolidaySet.rule("DTSTART:20260101T000000\n" + "x" * 5000),
     "holiday rule"),
    ("country code int", lambda: CountryHolidays(1), "CountryHolidays.code"),
    ("country code empty", lambda: HolidaySet.country(""), "CountryHolidays.code"),
    ("country subdiv int", lambda: HolidaySet.country("US", subdiv=5), "CountryHolidays.subdiv"),
    ("country names text",
     lambda: HolidaySet.country("US", names="Christmas Day"),
     "holiday names"),
    ("country names ints", lambda: HolidaySet.country("US", names=[1]), "holiday names[0]"),
    ("country categories text",
     lambda: HolidaySet.country("US", categories="public"),
     "holiday categories"),
    ("country observed text",
     lambda: HolidaySet.country("US", observed="no"),
     "CountryHolidays.observed"),
    # -- Policy ---------------------------------------------------------------------------
    ("policy max_attachment_bytes None",
     lambda: Policy(max_attachment_bytes=None),
     "Policy.max_attachment_bytes"),
    ("policy max_attachment_bytes text",
     lambda: Policy(max_attachment_bytes="100"),
     "Policy.max_attachment_bytes"),
    ("policy max_attachment_bytes 0",
     lambda: Policy(max_attachment_bytes=0),
     "Policy.max_attachment_bytes"),
    ("policy max_attachment_bytes float",
     lambda: Policy(max_attachment_bytes=1.5),
     "Policy.max_attachment_bytes"),
    ("policy max_attachment_bytes bool",
     lambda: Policy(max_attachment_bytes=True),
     "Policy.max_attachment_bytes"),
    ("policy max_body_chars negative", lambda: Policy(max_body_chars=-1), "Policy.max_body_chars"),
    ("policy max_subject_chars text",
     lambda: Policy(max_subject_chars="500"),
     "Policy.max_subject_chars"),
    ("policy max_fields None", lambda: Policy(max_fields=None), "Policy.max_fields"),
    ("policy max_field_chars 0", lambda: Policy(max_field_chars=0), "Policy.max_field_chars"),
    ("policy max_attachments float", lambda: Policy(max_attachments=2.0), "Policy.max_attachments"),
    ("policy name None", lambda: Policy(name=None), "Policy.name"),
    ("policy name newline", lambda: Policy(name="a\nb"), "Policy.name"),
    ("policy workflow text", lambda: Policy(workflow="default"), "Policy.workflow"),
    ("policy priorities None", lambda: Policy(priorities=None), "Policy.priorities"),
    ("policy priorities list", lambda: Policy(priorities=[1, 2, 3]), "Policy.priorities"),
    ("policy roles text",
     lambda: Policy(severity_change_roles="shift-manager"),
     "Policy.severity_change_roles"),
    ("policy roles None",
     lambda: Policy(severity_change_roles=None),
     "Policy.severity_change_roles"),
    ("policy roles int", lambda: Policy(severity_change_roles=5), "Policy.severity_change_roles"),
    ("policy roles deep",
     lambda: Policy(severity_change_roles=DEEP),
     "Policy.severity_change_roles[0]"),
    ("policy channels text", lambda: Policy(channels="email"), "Policy.channels"),
    ("policy channels ints", lambda: Policy(channels=[1]), "Policy.channels[0]"),
    ("policy open_channels text", lambda: Policy(open_channels="email"), "Policy.open_channels"),
    ("policy calendar text", lambda: Policy(calendar="Mon-Fri 09:00-17:00"), "Policy.calendar"),
    ("policy calendars list", lambda: Policy(calendars=["premium"]), "Policy.calendars"),
    ("policy calendars value",
     lambda: Policy(calendars={"premium": ALWAYS}),
     "Policy.calendars['premium']"),
    ("policy calendars key",
     lambda: Policy(calendars={1: BusinessCalendar.always()}),
     "Policy.calendars key"),
    ("policy sla None", lambda: Policy(sla=None), "Policy.sla"),
    ("policy escalation dict", lambda: Policy(escalation={}), "Policy.escalation"),
    ("policy emergency text", lambda: Policy(emergency="night"), "Policy.emergency"),
    ("policy require_entitlement text",
     lambda: Policy(require_entitlement="no"),
     "Policy.require_entitlement"),
    ("policy hold_incomplete int", lambda: Policy(hold_incomplete=1), "Policy.hold_incomplete"),
    ("policy direct_only None", lambda: Policy(direct_only=None), "Policy.direct_only"),
    ("policy registered_only text",
     lambda: Policy(registered_only="yes"),
     "Policy.registered_only"),
    ("policy service_levels list",
     lambda: Policy(service_levels=["premium"]),
     "Policy.service_levels"),
    ("policy service_levels None", lambda: Policy(service_levels=None), "Policy.service_levels"),
    ("policy qualifying text",
     lambda: Policy(qualifying_categories="hosting"),
     "Policy.qualifying_categories"),
    ("policy out_of_scope int",
     lambda: Policy(out_of_scope_categories=3),
     "Policy.out_of_scope_categories"),
    ("policy intake text", lambda: Policy(intake="hostname"), "Policy.intake"),
    ("policy free_resources text",
     lambda: Policy(free_resources="https://kb"),
     "Policy.free_resources"),
    ("policy free_resources ints", lambda: Policy(free_resources=[1]), "Policy.free_resources[0]"),
    ("policy redaction text", lambda: Policy(redaction="email"), "Policy.redaction"),
    ("policy privacy None", lambda: Policy(privacy=None), "Policy.privacy"),
    ("policy retention dict", lambda: Policy(retention={"keep": "90d"}), "Policy.retention"),
    ("policy reopen_window text", lambda: Policy(reopen_window="90d"), "Policy.reopen_window"),
    ("policy reopen_window int", lambda: Policy(reopen_window=90), "Policy.reopen_window"),
    ("policy reopen_window negative",
     lambda: Policy(reopen_window=timedelta(-1)),
     "Policy.reopen_window"),
    ("policy routing deep", lambda: Policy(routing=DEEP), "Policy.routing"),
    ("policy routing unknown", lambda: Policy(routing="nearest"), "Policy.routing"),
    ("policy assignment int", lambda: Policy(assignment=1), "Policy.assignment"),
    ("policy scopes text", lambda: Policy(scopes="own"), "Policy.scopes"),
    ("policy scopes unknown", lambda: Policy(scopes=["everything"]), "Policy.scopes[0]"),
    ("policy scopes deep", lambda: Policy(scopes=DEEP), "Policy.scopes[0]"),
    ("policy category_staff list",
     lambda: Policy(category_staff=["billing"]),
     "Policy.category_staff"),
    ("policy category_staff members",
     lambda: Policy(category_staff={"billing": 5}),
     "Policy.category_staff['billing']"),
    ("policy category_staff text",
     lambda: Policy(category_staff={"billing": "agent-1"}),
     "Policy.category_staff['billing']"),
    ("policy staff roles text",
     lambda: Policy(staff_unrestricted_roles="lead"),
     "Policy.staff_unrestricted_roles"),
    ("policy notify_events None", lambda: Policy(notify_events=None), "Policy.notify_events"),
    # -- Redactor -------------------------------------------------------------------------
    ("redactor channels text", lambda: Redactor(channels="email"), "Redactor.channels"),
    ("redactor channels None", lambda: Redactor(channels=None), "Redactor.channels"),
    ("redactor channels int", lambda: Redactor(channels=1), "Redactor.channels"),
    ("redactor channels items", lambda: Redactor(channels=[None]), "Redactor.channels[0]"),
    ("redactor detectors text", lambda: Redactor(detectors="password"), "Redactor.detectors"),
    ("redactor detectors bytes", lambda: Redactor(detectors=b"jwt"), "Redactor.detectors"),
    ("redactor detectors unknown", lambda: Redactor(detectors=["pasword"]), "redaction detector"),
    ("redactor marker None", lambda: Redactor(marker=None), "Redactor.marker"),
    ("redactor marker int", lambda: Redactor(marker=5), "Redactor.marker"),
    ("redactor marker no kind", lambda: Redactor(marker="[removed]"), "Redactor.marker"),
    ("redactor marker positional", lambda: Redactor(marker="{kind} {0}"), "Redactor.marker"),
    ("redactor marker lone brace", lambda: Redactor(marker="{kind}}"), "Redactor.marker"),
    ("redactor marker attribute", lambda: Redactor(marker="{kind.__class__}"), "Redactor.marker"),
    ("redactor marker newline", lambda: Redactor(marker="{kind}\n"), "Redactor.marker"),
    # -- Upload ---------------------------------------------------------------------------
    ("upload name dot", lambda: Upload(".", b"x"), "Upload.filename"),
    ("upload name dotdot", lambda: Upload("..", b"x"), "Upload.filename"),
    ("upload name slash", lambda: Upload("../etc/passwd", b"x"), "Upload.filename"),
    ("upload name backslash", lambda: Upload("..\\boot.ini", b"x"), "Upload.filename"),
    ("upload name NUL", lambda: Upload("a\x00.txt", b"x"), "Upload.filename"),
    ("upload name newline", lambda: Upload("a\n.txt", b"x"), "Upload.filename"),
    ("upload name ESC", lambda: Upload("a\x1b[31m.txt", b"x"), "Upload.filename"),
    ("upload name DEL", lambda: Upload("a\x7f.txt", b"x"), "Upload.filename"),
    ("upload name bidi override", lambda: Upload("invoice\u202egpj.exe", b"x"), "Upload.filename"),
    ("upload name empty", lambda: Upload("", b"x"), "Upload.filename"),
    ("upload name blank", lambda: Upload("   ", b"x"), "Upload.filename"),
    ("upload name long", lambda: Upload("a" * 256, b"x"), "Upload.filename"),
    ("upload name surrogate", lambda: Upload("a\udcff.txt", b"x"), "Upload.filename"),
    ("upload name bytes", lambda: Upload(b"log.txt", b"x"), "Upload.filename"),
    ("upload name None", lambda: Upload(None, b"x"), "Upload.filename"),
    ("upload content text", lambda: Upload("a.txt", "hello"), "Upload.content"),
    ("upload content None", lambda: Upload("a.txt", None), "Upload.content"),
    ("upload content int", lambda: Upload("a.txt", 5), "Upload.content"),
    ("upload content text stream", lambda: Upload("a.txt", io.StringIO("x")), "Upload.content"),
    ("upload content list", lambda: Upload("a.txt", [b"x"]), "Upload.content"),
    ("upload content_type header",
     lambda: Upload("a.txt", b"x", "text/plain\r\nX-Evil: 1"),
     "Upload.content_type"),
    ("upload content_type int", lambda: Upload("a.txt", b"x", 5), "Upload.content_type"),
]


@pytest.mark.parametrize(("build", "names"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_argument_is_invalid_input_naming_it(build: Callable[[], object], names: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        build()
    message = str(refused.value)
    assert names in message
    assert len(message) < 600  # bounded, even for a 100 000-deep list


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


# -- what is accepted, and means what a user expects -------------------------------------------


def test_calendar_holidays_none_means_no_holidays() -> None:
    cal = BusinessCalendar(ALWAYS, holidays=None)
    assert cal == BusinessCalendar(ALWAYS)
    assert cal.add(T, timedelta(hours=1)) == T + timedelta(hours=1)


def test_calendar_holidays_list_of_dates_is_a_date_set() -> None:
    day = date(2026, 1, 5)
    cal = BusinessCalendar("Mon-Fri 09:00-17:00", holidays=[day])
    assert cal.holidays == HolidaySet.dates([day])
    assert not cal.is_open(T)
    assert cal.next_open(T) == datetime(2026, 1, 6, 9, tzinfo=UTC)
    assert structure(unstructure(cal), BusinessCalendar) == cal


def test_calendar_text_schedule_is_parsed() -> None:
    cal = BusinessCalendar("Mon-Fri 09:00-17:00", tz="Europe/Paris")
    assert cal.schedule == WeeklySchedule.parse("Mon-Fri 09:00-17:00")
    assert cal.elapsed(T, T + timedelta(days=1)) == timedelta(hours=8)
    assert structure(unstructure(cal), BusinessCalendar) == cal


def test_calendar_zone_objects_are_kept_as_keys() -> None:
    assert BusinessCalendar(ALWAYS, tz=ZoneInfo("Europe/Paris")).tz == "Europe/Paris"
    assert BusinessCalendar(ALWAYS, tz=UTC).tz == "UTC"


def test_weekly_schedule_takes_its_text_form_and_lists() -> None:
    parsed = WeeklySchedule.parse("Mon 09:00-10:00")
    assert WeeklySchedule("Mon 09:00-10:00") == parsed
    assert WeeklySchedule([[0, 540, 600]]) == parsed


def test_redactor_with_a_list_of_channels_redacts_email() -> None:
    redactor = Redactor(channels=["email"])
    assert redactor.applies_to("email")
    assert not redactor.applies_to("e")
    assert Redactor(channels=frozenset({"email", "web"})).applies_to("web")


def test_upload_accepts_bytes_like_and_binary_streams() -> None:
    assert Upload("a.txt", bytearray(b"ab")).content == b"ab"
    assert Upload("a.txt", memoryview(b"ab")).content == b"ab"
    stream = io.BytesIO(b"ab")
    assert Upload("résumé v2.pdf", stream).content is stream
    assert Upload(".hidden", b"").filename == ".hidden"
    assert Upload("a" * 255, b"").content_type is None


def test_policy_limits_have_defaults_and_round_trip() -> None:
    policy = Policy()
    assert policy.max_body_chars == 256 * 1024
    assert policy.max_subject_chars == 500
    assert policy.max_fields == 50
    assert policy.max_field_chars == 4096
    assert policy.max_attachments == 100
    custom = Policy(max_body_chars=1000, max_subject_chars=80, max_fields=3,
                    max_field_chars=10, max_attachments=2)
    assert structure(unstructure(custom), Policy) == custom


def test_policy_limits_load_from_toml() -> None:
    policy = load_policy("max_body_chars = 1000\nmax_fields = 5\n")
    assert (policy.max_body_chars, policy.max_fields) == (1000, 5)
    with pytest.raises(InvalidInput, match="max_body_chars"):
        load_policy("max_body_chars = 0\n")
    with pytest.raises(InvalidInput, match=r"Redactor\.marker"):
        load_policy('[redaction]\nmarker = "{kind} {0}"\n')


@pytest.mark.parametrize(
    "text", ['channels = "email"', '[redaction]\nchannels = "email"', 'notify_events = "opened"']
)
def test_a_lone_text_for_a_set_is_refused_in_toml_too(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"channels|notify_events"):
        load_policy(text + "\n")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("channels = [1]", "channels"),
        ("channels = [[]]", "channels"),
        ('[redaction]\nchannels = [["email"]]', "redaction.channels"),  # e-mail unredacted
        ("notify_events = [1]", "notify_events"),
        ("[redaction]\ndetectors = [true]", "redaction.detectors"),
    ],
)
def test_a_set_in_toml_takes_texts_only(text: str, names: str) -> None:
    # cattrs made each item a text with str(): [["email"]] became the channel "['email']"
    with pytest.raises(InvalidInput, match=rf"{names}: give a list of names \(texts\)"):
        load_policy(text + "\n")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("max_fields = 1" + "0" * 5000, "more than 4300 digits"),
        ("channels = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("channels = " + "{a=" * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ],
    ids=["5000-digit number", "deep arrays", "deep inline tables"],
)
def test_absurd_toml_is_invalid_input(text: str, needle: str) -> None:
    # tomllib raised a raw ValueError (int() of more than 4300 digits) or RecursionError
    with pytest.raises(InvalidInput, match=needle) as refused:
        load_policy(text + "\n")
    assert str(refused.value).startswith("<text>: ") and len(str(refused.value)) < 200


@pytest.mark.parametrize("limit", [1_000, 50_000])
@pytest.mark.parametrize(
    "text",
    ["channels = " + "[" * 5000 + "]" * 5000, "channels = " + "{a=" * 5000 + "1" + "}" * 5000],
    ids=["deep arrays", "deep inline tables"],
)
def test_deep_toml_gets_one_answer_whatever_the_recursion_limit(text: str, limit: int) -> None:
    # with a raised recursion limit tomllib read 5000 levels, and the refusal became
    # "channels: give a list of names, got dict": the answer depended on the test order
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        with pytest.raises(InvalidInput, match="nested too deeply"):
            load_policy(text + "\n")
    finally:
        sys.setrecursionlimit(before)


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ("x", "Policy"),
        ([[]], "Policy"),
        (None, "Policy"),
        ({"redaction": "x"}, "Redactor"),
        ({"redaction": ["email"]}, "Redactor"),
        ({"retention": 90}, "RetentionPolicy"),
        ({"escalation": [1]}, "EscalationPolicy"),
    ],
)
def test_from_json_takes_an_object_for_a_class_of_fields(data: object, names: str) -> None:
    # cattrs looked each field up with ``in``: from_json("x", Policy) was Policy() and
    # {"redaction": "x"} the default redactor, so a malformed body became the defaults
    with pytest.raises(InvalidInput, match=rf"{names}: give an object of its fields"):
        from_json(data, Policy)


def test_classes_read_from_text_still_are() -> None:
    assert from_json("Mon-Fri 09:00-17:00", WeeklySchedule) == WeeklySchedule.parse(
        "Mon-Fri 09:00-17:00")
    assert from_json({}, Policy) == Policy()
