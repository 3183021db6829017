"""The command as people use git and gh (issue 19): environment defaults that flags
override, times on the desk's clock without microseconds, a held ticket that says why,
a retention summary for people, errors in the command's words, and "did you mean"."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from supportkit import __version__
from supportkit.cli.main import in_command_words
from supportkit.cli.output import human_bytes

Run = Callable[..., tuple[int, str, str]]
NOW = "2026-03-03T15:00:00.123456+00:00"  # a Tuesday, 10:00 in New York; with microseconds
MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d")
#: Python class names a person should never read on stderr.
CLASS_NAMES = re.compile(r"\b(?:[A-Z][a-z]+){2,}\b|Error\b|set_[a-z]+|\(\)")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUPPORTKIT_DB", "SUPPORTKIT_AS"):
        monkeypatch.delenv(name, raising=False)


def test_version(sk: Run) -> None:
    code, out, _ = sk("--version")
    assert (code, out) == (0, f"supportkit {__version__}\n")


# -- SUPPORTKIT_DB and SUPPORTKIT_AS --------------------------------------------------------


def test_environment_gives_the_desk_and_the_actor(
    new_desk: Callable[[str], str], sk: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    desk = new_desk("default")
    monkeypatch.setenv("SUPPORTKIT_DB", desk)
    monkeypatch.setenv("SUPPORTKIT_AS", "customer:alice@acme")
    monkeypatch.chdir(tmp_path)  # no ./supportkit.db to fall back on
    code, out, err = sk("open", "--subject", "Mail down", "--body", "b")
    assert (code, err) == (0, ""), err
    assert out.startswith("opened ticket 1")
    ticket = json.loads(sk("--json", "show", "1")[1])
    assert ticket["requester"]["id"] == "alice"
    # A flag wins over the environment.
    code, _, err = sk("reply", "1", "--as", "support:agent-7", "--body", "on it")
    assert (code, err) == (0, "")
    assert json.loads(sk("--json", "show", "1")[1])["messages"][-1]["author"] == "agent-7"
    other = new_desk("odin")
    assert sk("--db", other, "list")[1] == "no tickets\n", "--db wins over SUPPORTKIT_DB"
    assert sk("list", "--db", other)[1] == "no tickets\n", "after the command too"
    assert "help" in sk("open", "--help")[1] and "$SUPPORTKIT_AS" in sk("open", "--help")[1]
    assert "SUPPORTKIT_DB" in sk("--help")[1]


def test_without_an_actor_the_usage_error_names_both_ways(
    new_desk: Callable[[str], str], sk: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = new_desk("default")
    code, out, err = sk("--db", desk, "open", "--subject", "s", "--body", "b")
    assert (code, out) == (2, "")
    assert err.startswith("supportkit: open: who acts is required: give --as ACTOR")
    assert "SUPPORTKIT_AS" in err and err.count("\n") == 1
    monkeypatch.setenv("SUPPORTKIT_AS", "boss")
    code, _, err = sk("--db", desk, "open", "--subject", "s", "--body", "b")
    assert code == 2 and err.startswith("supportkit: open: SUPPORTKIT_AS: actor 'boss'")


# -- times ------------------------------------------------------------------------------------


@pytest.fixture
def interworx(new_desk: Callable[[str], str], sk: Run) -> str:
    """An InterWorx desk (New York's clock) with ticket 1 opened without its intake fields."""
    desk = new_desk("interworx")
    code, _, err = sk("--db", desk, "--now", NOW, "open", "--as", "customer:owner@acme",
                      "--subject", "Sites down", "--body", "b", "--category", "Apache")
    assert code == 0, err
    return desk


def test_times_are_on_the_desks_clock_without_microseconds(interworx: str, sk: Run) -> None:
    out = sk("--db", interworx, "show", "1")[1]
    assert "created: 2026-03-03T10:00-05:00" in out, out
    listed = sk("--db", interworx, "list")[1]
    assert "2026-03-03T10:00-05:00" in listed
    shown = sk("--db", interworx, "--now", NOW, "paging", "1")[1]
    assert not MICROSECONDS.search(out + listed + shown)


def test_tz_shows_another_clock(interworx: str, sk: Run) -> None:
    out = sk("--db", interworx, "show", "1", "--tz", "Europe/Paris")[1]
    assert "created: 2026-03-03T16:00+01:00" in out
    out = sk("--db", interworx, "--tz", "UTC", "list")[1]
    assert "2026-03-03T15:00+00:00" in out
    out = sk("--db", interworx, "--tz", "Asia/Tokyo", "calendar", "next-open",
             "2026-03-07T10:00-05:00")[1]
    assert out == "2026-03-09T21:00:00+09:00\n"  # Monday 08:00 in New York (EDT)
    code, _, err = sk("--db", interworx, "--tz", "Europe/Pari", "list")
    assert code == 2 and "did you mean 'Europe/Paris'?" in err


def test_messages_drop_microseconds() -> None:
    assert in_command_words("now 2026-12-06T07:02:07.020463+00:00") == (
        "now 2026-12-06T07:02:07+00:00")


# -- a held ticket says why -------------------------------------------------------------------


def test_show_says_what_a_held_ticket_waits_for(interworx: str, sk: Run) -> None:
    out = sk("--db", interworx, "show", "1")[1]
    (held,) = [line for line in out.splitlines() if line.strip().startswith("held:")]
    assert "awaiting information" in held
    assert "ip_or_hostname" in held and "remote_assistance_enabled" in held
    assert "supportkit supply 1" in held
    code, out, err = sk("--db", interworx, "--now", NOW, "supply", "1", "--as",
                        "customer:owner@acme", "--field", "ip_or_hostname=203.0.113.7")
    assert (code, err) == (0, "")
    assert out.startswith("ticket 1 still awaits: ")
    code, out, err = sk("--db", interworx, "--now", NOW, "supply", "1", "--as",
                        "customer:owner@acme", "--field", "remote_assistance_enabled=yes")
    assert (code, err) == (0, "") and "no longer held" in out
    assert "held:" not in sk("--db", interworx, "show", "1")[1]


# -- retention: a summary for people ----------------------------------------------------------


def test_human_bytes() -> None:
    assert [human_bytes(n) for n in (0, 1, 1023, 1024, 1536, 5 * 2**20, 3 * 2**40)] == [
        "0 bytes", "1 byte", "1023 bytes", "1.0 KiB", "1.5 KiB", "5.0 MiB", "3.0 TiB"]


def test_retention_run_summarises_and_lists_ids_only_when_asked(
    new_desk: Callable[[str], str], sk: Run, tmp_path: Path
) -> None:
    desk = new_desk("default")
    log = tmp_path / "trace.log"
    log.write_bytes(b"x" * 1536)
    start = "2026-03-02T09:00:00+00:00"
    for _ in range(2):
        code, out, err = sk("--db", desk, "--now", start, "--json", "open", "--as",
                            "customer:alice@acme", "--subject", "s", "--body", "b",
                            "--attach", str(log))
        ticket = json.loads(out)["id"]
        sk("--db", desk, "--now", start, "solve", ticket, "--as", "support:agent-7")
        sk("--db", desk, "--now", start, "confirm", ticket, "--as", "customer:alice@acme")
    later = "2026-06-30T09:00:00+00:00"
    code, out, err = sk("--db", desk, "--now", later, "retention", "run", "--dry-run")
    assert (code, err) == (0, "")
    # (one content, shared by the two tickets)
    assert out.splitlines()[0] == "would purge 2 tickets: would free 1.5 KiB in 1 file"
    assert "\ntickets:" not in out and "rule:" not in out
    code, out, _ = sk("--db", desk, "--now", later, "retention", "run", "--verbose")
    lines = out.splitlines()
    assert lines[0] == "purged 2 tickets: freed 1.5 KiB in 1 file"
    assert "tickets: 1, 2" in lines and any(line.startswith("rule: keep") for line in lines)
    out = sk("--db", desk, "--now", later, "--json", "retention", "run")[1]
    assert json.loads(out)["purged"] == []  # idempotent; --json carries the ids


# -- errors in the command's words, and "did you mean" ----------------------------------------


def test_refusals_name_the_command_not_python(interworx: str, sk: Run) -> None:
    refusals = [
        ("confirm", "1", "--as", "customer:owner@acme"),
        ("severity", "1", "urgent", "--as", "customer:owner@acme", "--reason", "r"),
        ("category", "1", "DNS", "--as", "customer:owner@acme"),
        ("eta", "1", "2020-01-01T00:00+00:00", "--as", "support:agent-7"),
        ("show", "99"),
        ("escalate", "1", "--as", "customer:owner@acme", "--method", "fax"),
    ]
    for argv in refusals:
        code, out, err = sk("--db", interworx, *argv)
        assert code == 1 and out == "", (argv, err)
        assert err.startswith(f"supportkit: {argv[0]}: "), err
        assert not CLASS_NAMES.search(err.removeprefix("supportkit: ")), err
        assert not MICROSECONDS.search(err), err
    err = sk("--db", interworx, "severity", "1", "urgent", "--as", "customer:owner@acme",
             "--reason", "r")[2]
    assert "allowed for customer in open:" in err and "set_" not in err


@pytest.mark.parametrize(("argv", "suggestion"), [
    (("shwo", "1"), "unknown command 'shwo'; did you mean 'show'?"),
    (("retention", "rnu"), "unknown action 'rnu'; did you mean 'run'?"),
    (("calendar", "next_open", "2026-03-07T10:00-05:00"),
     "unknown action 'next_open'; did you mean 'next-open'?"),
    (("list", "--status", "opne"), "unknown choice 'opne'; did you mean 'open'?"),
])
def test_a_mistyped_command_gets_did_you_mean(
    argv: tuple[str, ...], suggestion: str, sk: Run
) -> None:
    code, out, err = sk(*argv)
    assert (code, out) == (2, "") and suggestion in err and err.count("\n") == 1, err


def test_a_mistyped_preset_gets_did_you_mean(sk: Run, tmp_path: Path) -> None:
    code, _, err = sk("--db", str(tmp_path / "d.db"), "init", "--preset", "odn")
    assert code == 1
    assert err.startswith("supportkit: init: unknown preset 'odn'; did you mean 'odin'?")
    code, _, err = sk("--db", str(tmp_path / "d.db"), "init", "--preset", "zzzz")
    assert code == 1 and "did you mean" not in err and "known presets" in err


def test_library_words_become_command_words() -> None:
    said = in_command_words("ticket 1 is open: action 'set_eta' by customer is not allowed; "
                            "allowed for support in open: close, set_severity, note, solve; "
                            "see Helpdesk.supply_information()")
    assert said == ("ticket 1 is open: action 'eta' by customer is not allowed; allowed for "
                    "support in open: close, note, severity, solve; see supply")
