"""A new user's first contact: every ``--help`` is complete, every mistake is one line."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from supportkit.cli.parser import build_parser

Run = Callable[..., tuple[int, str, str]]

NOW = "2026-03-02T09:00:00+00:00"


def walk(parser: argparse.ArgumentParser,
         path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from walk(child, (*path, name))


COMMANDS = [path for path, _ in walk(build_parser())]


def test_the_tree_has_every_documented_command() -> None:
    for path in [("init",), ("open",), ("reply",), ("note",), ("solve",), ("confirm",),
                 ("close",), ("reopen",), ("archive",), ("escalate",), ("escalation",),
                 ("show",), ("list",), ("due",), ("paging",), ("entitlement",),
                 ("retention", "run"), ("calendar", "add"), ("calendar", "elapsed"),
                 ("calendar", "next-open"), ("import",), ("export",), ("presets",)]:
        assert path in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "supportkit")
def test_every_help_runs_and_every_argument_is_explained(path: tuple[str, ...],
                                                        sk: Run) -> None:
    code, out, err = sk(*path, "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: supportkit") and "  -h, --help" in out
    parser = dict(walk(build_parser()))[path]
    assert parser.description, path
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help, (path, choice.dest)
                assert choice.dest in out
            continue
        assert action.help and action.help.strip(), (path, action.dest)
        takes_value = action.nargs != 0
        if takes_value:  # a metavar that says what to give, or the list of choices
            assert action.metavar or action.choices, (path, action.dest)
        shown = action.metavar if isinstance(action.metavar, str) else action.dest
        assert str(shown) in out or any(o in out for o in action.option_strings)


def test_metavars_say_what_is_expected(sk: Run) -> None:
    _, out, _ = sk("open", "--help")
    assert "--as ACTOR" in out and "customer:ID[@COMPANY]" in out and "--severity LEVEL" in out
    _, out, _ = sk("due", "--help")
    assert "--within DURATION" in out and "15m" in out
    _, out, _ = sk("calendar", "add", "--help")
    assert "START DURATION" in out and "+01:00" in out and "example:" in out
    _, out, _ = sk("--help")
    assert "Exit status" in out and "supportkit[cli]" in out


def one_line(err: str) -> None:
    assert err.startswith("supportkit: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.fixture
def desk(new_desk: Callable[[str], str], sk: Run) -> str:
    path = new_desk("default")
    code, _, _ = sk("--db", path, "--now", NOW, "open", "--as", "customer:alice@acme",
                    "--subject", "s", "--body", "b")
    assert code == 0
    return path


@pytest.mark.parametrize(
    ("argv", "status", "needle"),
    [
        (["init", "--preset", "nope"], 1, "unknown preset 'nope'"),
        (["due", "--within", "soon"], 2, "duration 'soon' refused"),
        (["due", "--within", "2x"], 2, "duration '2x' refused"),
        (["--now", "2026-03-02T09:00", "show", "1"], 2, "naive"),
        (["calendar", "add", "2026-03-02T09:00", "1h"], 2, "naive"),
        (["list", "--due-before", "tomorrow"], 2, "not an ISO-8601 instant"),
        (["show", "42"], 1, "no ticket with id '42'"),
        (["solve", "42", "--as", "support:a"], 1, "no ticket with id '42'"),
        (["confirm", "1", "--as", "customer:alice@acme"], 1, "confirm: ticket 1 is open"),
        (["calendar", "add", NOW, "1h", "--level", "gold"], 1, "no calendar for level 'gold'"),
        (["open", "--as", "boss", "--subject", "s", "--body", "b"], 2, "actor 'boss'"),
        (["open", "--as", "customer:a", "--subject", "s", "--body", "b",
          "--attach", "no-such-file.txt"], 1, "cannot read the file to attach"),
        (["open", "--as", "customer:a", "--subject", "s", "--body", "b", "--severity", "9"],
         1, "unknown severity level 9"),
        (["open", "--as", "customer:a", "--subject", "s"], 2, "--body"),
        (["reopen", "1"], 2, "--as"),
        (["frobnicate"], 2, "unknown command 'frobnicate'"),
        (["calendar"], 2, "ACTION"),
        (["list", "--limit", "0"], 2, "whole number"),
        (["import", "no-such-file.jsonl"], 1, "cannot read 'no-such-file.jsonl'"),
        (["entitlement", "--code", "12345"], 1, "exactly ten"),
    ],
)
def test_wrong_input_is_one_line_and_a_nonzero_status(
    desk: str, sk: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    argv: list[str], status: int, needle: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = sk("--db", desk, *argv)
    assert code == status and out == ""
    one_line(err)
    assert needle in err


def test_database_paths_that_cannot_work(tmp_path: Path, sk: Run) -> None:
    missing_dir = str(tmp_path / "no" / "such" / "dir" / "desk.db")
    code, _, err = sk("--db", missing_dir, "init", "--preset", "odin")
    assert code == 1 and "cannot open SQLite database" in err
    one_line(err)
    code, _, err = sk("--db", missing_dir, "list")
    assert code == 1 and "no database at" in err
    one_line(err)
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("shopping list\n" * 100)
    code, _, err = sk("--db", str(not_sqlite), "list")
    assert code == 1 and "not a readable SQLite database" in err
    one_line(err)
    assert not_sqlite.read_text() == "shopping list\n" * 100, "a foreign file is left alone"


def python_m(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "supportkit", *argv], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=120)


def test_no_traceback_reaches_a_user_of_the_real_command(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"\x00garbage" * 64)
    cases = [
        (["--db", "junk.db", "list"], 1),
        (["--db", "nowhere/desk.db", "init", "--preset", "default"], 1),
        (["--db", "d.db", "init", "--preset", "nope"], 1),
        (["--db", "d.db", "due", "--within", "soon"], 2),
        (["--db", "d.db", "--now", "2026-03-02T09:00", "list"], 2),
        (["--db", "d.db", "list"], 1),
    ]
    for argv, status in cases:
        done = python_m(*argv, cwd=tmp_path)
        assert done.returncode == status, (argv, done.stderr)
        one_line(done.stderr)
    assert python_m("--db", "d.db", "init", "--preset", "odin", cwd=tmp_path).returncode == 0
    done = python_m("--db", "d.db", "show", "7", cwd=tmp_path)
    assert done.returncode == 1 and "no ticket with id '7'" in done.stderr
    one_line(done.stderr)


def test_global_options_work_before_or_after_the_command(desk: str, sk: Run) -> None:
    before = sk("--db", desk, "--json", "--now", NOW, "list")
    after = sk("list", "--db", desk, "--json", "--now", NOW)
    mixed = sk("--db", desk, "list", "--json")
    assert before == after == mixed and before[0] == 0 and before[1].startswith("[")
    code, out, _ = sk("--db", desk, "calendar", "add", NOW, "1h", "--json")
    assert (code, out) == (0, '"2026-03-02T10:00:00+00:00"\n')
    code, out, _ = sk("--db", desk, "--json", "calendar", "elapsed", NOW, "2026-03-03T10:30Z")
    assert (code, out) == (0, '"1d1h30m"\n')
    assert sk("--db", desk, "retention", "run", "--dry-run", "--now", NOW)[0] == 0
