"""The `supportkit` command, used as a person or a script would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from supportkit.cli import main

NOW = "2026-03-02T09:00:00+00:00"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "desk.db")
    code, out, _ = run(capsys, "--db", path, "init", "--preset", "default")
    assert code == 0 and "ready" in out
    return path


def test_a_ticket_through_its_life(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "--now", NOW, "--json", "open",
                       "--as", "customer:alice@acme", "--subject", "Mail down",
                       "--body", "since 9", "--severity", "2")
    assert code == 0
    ticket = json.loads(out)
    assert (ticket["id"], ticket["status"], ticket["severity"]) == ("1", "open", 2)
    assert run(capsys, "--db", db, "reply", "1", "--as", "support:agent-7",
               "--body", "on it")[0] == 0
    code, out, _ = run(capsys, "--db", db, "solve", "1", "--as", "support:agent-7")
    assert (code, out.strip()) == (0, "solved ticket 1: now solved")
    code, out, _ = run(capsys, "--db", db, "confirm", "1", "--as", "customer:alice@acme")
    assert "now closed" in out
    code, out, _ = run(capsys, "--db", db, "show", "1")
    assert "Mail down" in out and "on it" in out and "closed" in out
    code, out, _ = run(capsys, "--db", db, "list", "--status", "closed")
    assert code == 0 and "Mail down" in out


def test_refusals_exit_1_with_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "open", "--as", "customer:alice", "--subject", "s", "--body", "b")
    code, out, err = run(capsys, "--db", db, "confirm", "1", "--as", "customer:alice")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "allowed" in err
    assert err.startswith("supportkit: confirm: ticket 1 is open")
    assert "InvalidTransition" not in err, "the command's words, not the class name"
    code, _, err = run(capsys, "--db", db, "show", "42")
    assert code == 1 and "no ticket with id '42'" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["init", "--preset", "nope"], "unknown preset 'nope'"),
        (["--now", "2026-03-02T09:00", "show", "1"], "naive"),
        (["due", "--within", "soon"], "duration 'soon' refused"),
        (["open", "--as", "boss", "--subject", "s", "--body", "b"], "actor 'boss'"),
    ],
)
def test_bad_input_is_one_readable_line(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    try:
        code = main(["--db", db, *argv])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code in (1, 2) and needle in err
    assert "Traceback" not in err


def test_a_missing_database_is_explained_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.db"
    code, _, err = run(capsys, "--db", str(path), "list")
    assert code == 1 and "init --preset NAME" in err and "no database at" in err
    assert not path.exists(), "a mistyped --db must not leave an empty file behind"


def test_an_uninitialised_database_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "x.db")
    from supportkit.adapters.sqlite import SqliteStore

    SqliteStore(path).close()  # a supportkit database without a desk configuration
    code, _, err = run(capsys, "--db", path, "list")
    assert code == 1 and f"{path} is not initialised; run: supportkit --db {path} init" in err


def test_calendar_arithmetic_on_the_default_24x7_calendar(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", db, "calendar", "add", NOW, "2h30m")
    assert (code, out.strip()) == (0, "2026-03-02T11:30:00+00:00")
    code, out, _ = run(capsys, "--db", db, "calendar", "elapsed", NOW,
                       "2026-03-03T10:00:00+00:00")
    assert (code, out.strip()) == (0, "1d1h")
    code, out, _ = run(capsys, "--db", db, "calendar", "next-open", NOW)
    assert out.strip() == NOW
    code, _, err = run(capsys, "--db", db, "calendar", "add", NOW, "1h", "--level", "gold")
    assert code == 1 and "no calendar for level 'gold'" in err


def test_entitlement_refusal_exits_1_with_reason(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", db, "entitlement", "--code", "123 456 7890")
    assert code == 1 and out.startswith("refused:")
    reason = out.splitlines()[0].removeprefix("refused: ")
    assert err == f"supportkit: not entitled: {reason}\n", "the reason, once, on stderr"
    code, _, err = run(capsys, "--db", db, "entitlement", "--code", "12345")
    assert code == 1 and "a support code has exactly ten" in err


def test_retention_dry_run_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "--now", NOW, "open", "--as", "customer:a", "--subject", "s",
        "--body", "b")
    code, out, _ = run(capsys, "--db", db, "--now", NOW, "retention", "run", "--dry-run")
    assert code == 0 and out.startswith("would purge 0 tickets")
    assert "next scheduled run: " in out
    code, out, _ = run(capsys, "--db", db, "--now", NOW, "--json", "retention", "run")
    report = json.loads(out)
    assert report["purged"] == [] and report["dry_run"] is False


def test_paging_and_escalation_without_rules(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "--now", NOW, "open", "--as", "customer:a", "--subject", "s",
        "--body", "b")
    code, out, _ = run(capsys, "--db", db, "--now", NOW, "paging", "1")
    assert code == 0 and out.startswith("no page")
    code, out, _ = run(capsys, "--db", db, "--now", NOW, "escalation", "1")
    assert code == 0 and "1" in out


def test_python_dash_m_and_help(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "supportkit", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Exit status" in done.stdout
    for command in ["init", "open", "reply", "list", "due", "show"]:
        done = subprocess.run([sys.executable, "-m", "supportkit", command, "--help"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0 and "usage:" in done.stdout, command
