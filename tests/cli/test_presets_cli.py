"""The command on the guides' presets (odin, interworx, opensvc, open_xchange), values
checked against what each guide says (see tests/presets/ for the library side)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supportkit import (
    Contract,
    EscalationDecision,
    Helpdesk,
    PagingDecision,
    RetentionReport,
    presets,
)
from supportkit.adapters.sqlite import SqliteStore
from supportkit.entitlements import Entitlement
from supportkit.serialization import structure, unstructure
from supportkit.tickets.head import TicketSummary, summary_of
from supportkit.tickets.model import Ticket

Run = Callable[..., tuple[int, str, str]]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday


def at(delta: timedelta = timedelta()) -> str:
    return (T0 + delta).isoformat()


def back_and_forth(kind: type[object], text: str) -> object:
    """Parse ``--json`` output through the converter and check it is its exact form."""
    data = json.loads(text)
    value = structure(data, kind)
    assert unstructure(value) == data
    return value


# -- odin: 2h initial response around the clock; severity 1 escalates by phone -----------


@pytest.fixture
def odin(new_desk: Callable[[str], str]) -> str:
    return new_desk("odin")


def open_odin(sk: Run, db: str, when: timedelta, severity: int = 3,
              requester: str = "customer:partner@hoster") -> str:
    code, out, err = sk("--db", db, "--now", at(when), "--json", "open", "--as", requester,
                        "--subject", "Billing run fails", "--body", "Error 500",
                        "--severity", str(severity), "--field", "description=Error 500")
    assert code == 0, err
    return str(json.loads(out)["id"])


def ids(out: str) -> list[str]:
    return [item["id"] for item in json.loads(out)]


def test_due_within_finds_the_first_response_due_in_the_window(odin: str, sk: Run) -> None:
    early = open_odin(sk, odin, timedelta())                # first response due 11:00
    late = open_odin(sk, odin, timedelta(hours=1))          # due 12:00
    code, out, _ = sk("--db", odin, "--now", at(timedelta(hours=1, minutes=50)), "--json",
                      "due", "--within", "15m")
    assert code == 0 and ids(out) == [early]
    code, out, _ = sk("--db", odin, "--now", at(timedelta(hours=1, minutes=44)), "--json",
                      "due", "--within", "15m")
    assert ids(out) == [], "11:00 is not before 10:44 + 15m"
    out = sk("--db", odin, "--now", at(timedelta(hours=2, minutes=50)), "--json",
             "due", "--within", "15m")[1]
    assert ids(out) == [early, late], "an overdue first response stays on the list"
    # answered: no longer due
    sk("--db", odin, "--now", at(timedelta(hours=1)), "reply", early, "--as", "support:agent-7",
       "--body", "Looking into it")
    out = sk("--db", odin, "--now", at(timedelta(hours=2, minutes=50)), "--json", "due",
             "--within", "15m")[1]
    assert ids(out) == [late]
    code, out, _ = sk("--db", odin, "--now", at(), "due", "--within", "15m")
    assert (code, out) == (0, "no tickets\n")


def test_severity_1_escalation_refused_then_accepted_by_phone(odin: str, sk: Run) -> None:
    # "Severity 1 | 1 hour after last support correspondence | Phone"
    ticket = open_odin(sk, odin, timedelta(), severity=1)
    sk("--db", odin, "--now", at(timedelta(minutes=30)), "reply", ticket,
       "--as", "support:agent-7", "--body", "Looking into it")
    code, out, _ = sk("--db", odin, "--now", at(timedelta(minutes=89)), "escalation", ticket)
    assert out == f"ticket {ticket} may be escalated from {at(timedelta(minutes=90))} by: phone\n"
    code, out, err = sk("--db", odin, "--now", at(timedelta(minutes=89)), "escalate", ticket,
                        "--as", "customer:partner@hoster", "--method", "phone")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("supportkit: escalate: ticket") and at(timedelta(minutes=90)) in err
    code, _, err = sk("--db", odin, "--now", at(timedelta(minutes=90)), "escalate", ticket,
                      "--as", "customer:partner@hoster", "--method", "button")
    assert code == 1 and "use phone" in err
    code, out, _ = sk("--db", odin, "--now", at(timedelta(minutes=90)), "--json", "escalation",
                      ticket)
    decision = back_and_forth(EscalationDecision, out)
    assert isinstance(decision, EscalationDecision)
    assert decision.eligible and decision.methods == {"phone"}
    code, out, _ = sk("--db", odin, "--now", at(timedelta(minutes=90)), "--json", "escalate",
                      ticket, "--as", "customer:partner@hoster", "--method", "phone")
    escalated = back_and_forth(TicketSummary, out)  # an action prints the summary row
    assert isinstance(escalated, TicketSummary) and escalated.id == ticket
    full = back_and_forth(Ticket, sk("--db", odin, "--json", "show", ticket)[1])
    assert full.events[-1].kind == "escalated" and summary_of(full) == escalated


def test_severity_4_never_escalates(odin: str, sk: Run) -> None:
    ticket = open_odin(sk, odin, timedelta(), severity=4)
    code, out, _ = sk("--db", odin, "--now", at(timedelta(days=30)), "escalation", ticket)
    assert (code, out) == (0, f"ticket {ticket} cannot be escalated under this preset\n")


def add_contracts(db: str) -> None:
    """The embedding application's part: contracts come from sales, not the command."""
    store = SqliteStore(db)
    try:
        desk = Helpdesk(store=store, policy=presets.get("odin"))
        desk.add_contract(Contract(id="odin-1", company="hoster", level="standard",
                                   valid_from=T0 - timedelta(days=30),
                                   support_code="555 123 4567"))
        desk.add_contract(Contract(id="odin-lic", company="other", level="standard",
                                   valid_from=T0 - timedelta(days=30),
                                   license_keys={"PPA-12345678-0000"}))
    finally:
        store.close()


def test_entitlement_by_support_code_and_license(odin: str, sk: Run) -> None:
    add_contracts(odin)
    code, out, _ = sk("--db", odin, "--now", at(), "entitlement", "--code", "555-123-4567")
    assert code == 0 and out.startswith("granted:") and "contract id: odin-1" in out
    code, out, _ = sk("--db", odin, "--now", at(), "--json", "entitlement",
                      "--license", "PPA-12345678-0000")
    granted = back_and_forth(Entitlement, out)
    assert isinstance(granted, Entitlement)
    assert code == 0 and granted.granted and granted.contract_id == "odin-lic"
    # "If you choose not to purchase a support contract ... free resources"
    code, out, _ = sk("--db", odin, "--now", at(), "entitlement", "--code", "111 222 3333")
    assert code == 1 and out.startswith("refused:")
    assert "  instead: http://kb.odin.com/" in out.splitlines()


def test_list_filters_by_status_company_and_due_before(odin: str, sk: Run) -> None:
    first = open_odin(sk, odin, timedelta())
    second = open_odin(sk, odin, timedelta(hours=1), requester="customer:ops@other")
    third = open_odin(sk, odin, timedelta(hours=2))
    sk("--db", odin, "--now", at(timedelta(hours=3)), "solve", third, "--as", "support:a")
    out = sk("--db", odin, "--json", "list", "--status", "open")[1]
    assert ids(out) == [first, second]
    out = sk("--db", odin, "--json", "list", "--company", "hoster")[1]
    assert ids(out) == [first, third]
    out = sk("--db", odin, "--json", "list", "--due-before", at(timedelta(hours=2, minutes=1)))[1]
    assert ids(out) == [first], "11:00 is before 11:01; 12:00 is not; solved has no due"
    out = sk("--db", odin, "--json", "list", "--company", "other", "--due-before",
             at(timedelta(hours=4)))[1]
    assert ids(out) == [second]
    code, out, _ = sk("--db", odin, "list", "--company", "hoster")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4 and lines[2].split()[:5] == [
        first, "open", "3", "partner", "hoster"]
    shown = [back_and_forth(TicketSummary, json.dumps(item))  # list rows are summaries
             for item in json.loads(sk("--db", odin, "--json", "list")[1])]
    assert [t.id for t in shown if isinstance(t, TicketSummary)] == [first, second, third]
    again = back_and_forth(Ticket, sk("--db", odin, "--json", "show", first)[1])
    assert summary_of(again) == shown[0]


# -- interworx: Mon-Fri 8-4 Eastern, six holidays, after-hours pages for high/urgent ------


@pytest.fixture
def interworx(new_desk: Callable[[str], str]) -> str:
    return new_desk("interworx")


def open_iwx(sk: Run, db: str, when: str, priority: str) -> str:
    code, out, err = sk("--db", db, "--now", when, "--json", "open",
                        "--as", "customer:owner@direct-co", "--subject", "Sites down",
                        "--body", "all of them", "--severity", priority, "--category", "DNS",
                        "--field", "ip_or_hostname=203.0.113.7",
                        "--field", "remote_assistance_enabled=yes")
    assert code == 0, err
    return str(json.loads(out)["id"])


def test_paging_an_urgent_after_hours_ticket_and_not_a_low_one(interworx: str, sk: Run) -> None:
    # "Outside of normal InterWorx Support hours, tickets that are marked with High or
    #  Urgent priorities send an alert"; "submitted before Midnight ... within the hour"
    evening = "2026-03-02T17:00:00-05:00"
    urgent = open_iwx(sk, interworx, evening, "urgent")
    low = open_iwx(sk, interworx, evening, "low")
    code, out, _ = sk("--db", interworx, "paging", urgent)
    assert (code, out) == (0, "page the on-call team: respond by 2026-03-02T18:00:00-05:00\n")
    code, out, _ = sk("--db", interworx, "paging", low)
    assert (code, out) == (0, "no page; respond by 2026-03-03T08:00:00-05:00\n")
    decision = back_and_forth(PagingDecision, sk("--db", interworx, "--json", "paging", low)[1])
    assert isinstance(decision, PagingDecision) and decision.page is False
    # inside hours nobody is paged
    morning = open_iwx(sk, interworx, "2026-03-03T10:00:00-05:00", "urgent")
    assert sk("--db", interworx, "paging", morning)[1].startswith("no page")


def test_category_change_by_support_only_and_to_a_qualifying_topic(
    interworx: str, sk: Run
) -> None:
    # "What Qualifies for InterWorx Direct Support": the category is the ticket's topic.
    ticket = open_iwx(sk, interworx, "2026-03-03T10:00:00-05:00", "medium")
    code, _, err = sk("--db", interworx, "category", ticket, "Apache", "--as",
                      "customer:owner@direct-co")
    assert code == 1 and err.startswith("supportkit: category: ticket")
    assert len(err.splitlines()) == 1 and "set_category" not in err
    code, _, err = sk("--db", interworx, "category", ticket, "Softaculous", "--as",
                      "support:agent-7")
    assert code == 1 and "category 'Softaculous' refused" in err
    code, out, err = sk("--db", interworx, "category", ticket, "Apache", "--as",
                        "support:agent-7", "--reason", "it is the web server")
    assert (code, err) == (0, "")
    assert out.startswith(f"moved ticket {ticket} to category 'Apache'; assigned to ")
    moved = back_and_forth(Ticket, sk("--db", interworx, "--json", "show", ticket)[1])
    assert isinstance(moved, Ticket) and moved.category == "Apache"
    last = moved.events[-1]
    assert last.kind == "categorized" and last.actor.id == "agent-7"
    assert (last.data["previous"], last.data["reason"]) == ("DNS", "it is the web server")


def test_subject_change_by_support_only_and_to_a_non_empty_text(
    interworx: str, sk: Run
) -> None:
    ticket = open_iwx(sk, interworx, "2026-03-03T10:00:00-05:00", "medium")
    code, _, err = sk("--db", interworx, "subject", ticket, "Still broken", "--as",
                      "customer:owner@direct-co")
    assert code == 1 and err.startswith("supportkit: subject: ticket")
    assert len(err.splitlines()) == 1
    code, _, err = sk("--db", interworx, "subject", ticket, "  ", "--as", "support:agent-7")
    assert code == 1 and "subject must be a non-empty text" in err
    code, out, err = sk("--db", interworx, "subject", ticket, "Zone transfer refused",
                        "--as", "support:agent-7", "--reason", "name the symptom")
    assert (code, err, out) == (0, "", f"retitled ticket {ticket}: 'Zone transfer refused'\n")
    renamed = back_and_forth(Ticket, sk("--db", interworx, "--json", "show", ticket)[1])
    assert isinstance(renamed, Ticket) and renamed.subject == "Zone transfer refused"
    last = renamed.events[-1]
    assert (last.kind, last.actor.id, last.data["reason"]) == (
        "retitled", "agent-7", "name the symptom")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # Friday 15:00 + 2h: one hour to the 4PM close, one from Monday 8AM (now EDT)
        (["add", "2026-03-06T15:00-05:00", "2h"], "2026-03-09T09:00:00-04:00"),
        (["add", "2026-03-02T10:00-05:00", "--", "-3h"], "2026-02-27T15:00:00-05:00"),
        (["elapsed", "2026-03-06T15:00-05:00", "2026-03-09T09:00-04:00"], "2h"),
        (["elapsed", "2026-03-02T08:00-05:00", "2026-03-07T08:00-05:00"], "1d16h"),  # 5 x 8h
        (["next-open", "2026-03-07T10:00-05:00"], "2026-03-09T08:00:00-04:00"),  # Saturday
        (["next-open", "2026-12-25T10:00-05:00"], "2026-12-28T08:00:00-05:00"),  # Christmas
        (["next-open", "2026-11-26T09:00-05:00"], "2026-11-27T08:00:00-05:00"),  # Thanksgiving
        (["next-open", "2026-01-19T09:00-05:00"], "2026-01-19T09:00:00-05:00"),  # MLK: open
    ],
)
def test_interworx_calendar(interworx: str, sk: Run, argv: list[str], expected: str) -> None:
    code, out, err = sk("--db", interworx, "calendar", *argv)
    assert (code, out, err) == (0, expected + "\n", "")


# -- opensvc: per-level calendars (Standard Mon-Fri 9-18 Paris, Premium 24x7) -----------


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ([], "2026-03-09T10:00:00+01:00"),                     # the default is Standard
        (["--level", "standard"], "2026-03-09T10:00:00+01:00"),
        (["--level", "premium"], "2026-03-06T19:00:00+01:00"),  # "Premium: 24x7"
    ],
)
def test_opensvc_calendar_per_level(new_desk: Callable[[str], str], sk: Run,
                                    level: list[str], expected: str) -> None:
    db = new_desk("opensvc")
    code, out, _ = sk("--db", db, "calendar", "add", "2026-03-06T17:00+01:00", "2h", *level)
    assert (code, out) == (0, expected + "\n")
    code, out, _ = sk("--db", db, "calendar", "elapsed", "2026-03-07T00:00+01:00",
                      "2026-03-08T00:00+01:00", *level)
    assert out == ("1d\n" if level == ["--level", "premium"] else "0s\n")  # a Saturday
    code, _, err = sk("--db", db, "calendar", "next-open", "2026-03-07T10:00+01:00",
                      "--level", "gold")
    assert code == 1 and "levels: premium, standard" in err


# -- open_xchange: attachments and raw e-mails purged 90 days after closing -------------


def test_retention_dry_run_then_real_run(new_desk: Callable[[str], str], sk: Run,
                                         tmp_path: Path) -> None:
    db = new_desk("open_xchange")  # incidents open by e-mail under this guide
    log = tmp_path / "trace.log"
    log.write_bytes(b"x" * 1000)
    ticket = json.loads(sk("--db", db, "--now", at(), "--json", "open", "--as",
                           "customer:c1@oxco", "--subject", "Login fails",
                           "--body", "see trace", "--channel", "email",
                           "--attach", str(log))[1])["id"]
    sk("--db", db, "--now", at(), "solve", ticket, "--as", "support:agent-7")
    code, out, err = sk("--db", db, "--now", at(), "confirm", ticket, "--as", "customer:c1@oxco")
    assert code == 0, err
    code, out, _ = sk("--db", db, "--now", at(timedelta(days=89)), "retention", "run")
    assert out.startswith("purged 0 tickets"), "kept 90 days after closing"
    code, out, _ = sk("--db", db, "--now", at(timedelta(days=91)), "retention", "run",
                      "--dry-run")
    assert code == 0 and out.startswith("would purge 1 ticket: would free 1000 bytes in 1 file")
    assert f"tickets: {ticket}" not in out and "next scheduled run: " in out
    out = sk("--db", db, "--now", at(timedelta(days=91)), "retention", "run", "--dry-run",
             "--verbose")[1]
    assert f"tickets: {ticket}" in out, "--verbose lists the ids"
    assert "[purged]" not in sk("--db", db, "show", ticket)[1], "a dry run changes nothing"
    code, out, _ = sk("--db", db, "--now", at(timedelta(days=91)), "--json", "retention", "run")
    report = back_and_forth(RetentionReport, out)
    assert isinstance(report, RetentionReport)
    assert list(report.purged) == [ticket]
    assert report.dry_run is False and report.bytes_freed == 1000
    assert "trace.log (1000 bytes) [purged]" in sk("--db", db, "show", ticket)[1]
    out = sk("--db", db, "--now", at(timedelta(days=92)), "retention", "run")[1]
    assert out.startswith("purged 0 tickets"), "idempotent"
