"""Rich tables and progress on a terminal (``supportkit[cli]``); plain text everywhere else."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from _terminal import drain

from supportkit.cli.output import print_table
from supportkit.cli.progress import progress

Run = Callable[..., tuple[int, str, str]]
NOW = "2026-03-02T09:00:00+00:00"
RICH = ("rich", "rich.console", "rich.table", "rich.text", "rich.progress")


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def xterm(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same terminal for rich wherever the tests run (CI may have TERM=dumb)."""
    monkeypatch.setenv("TERM", "xterm")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import rich`` fail, as on an install without the ``cli`` extra."""
    for name in RICH:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def listed(new_desk: Callable[[str], str], sk: Run) -> str:
    path = new_desk("default")
    for subject in ("Mail down", "[bold]not markup[/bold]"):
        assert sk("--db", path, "--now", NOW, "open", "--as", "customer:alice@acme",
                  "--subject", subject, "--body", "b")[0] == 0
    return path


def test_piped_output_is_the_plain_table(listed: str, sk: Run) -> None:
    code, out, _ = sk("--db", listed, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "status", "severity", "requester", "company", "subject",
                                "updated"]
    assert set(lines[1]) == {"-", " "}
    assert "[bold]not markup[/bold]" in lines[3]
    assert "\x1b" not in out and "━" not in out


def test_a_terminal_gets_a_rich_table(listed: str, sk: Run,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "160")
    assert sk("--db", listed, "list")[0] == 0
    drawn = screen.getvalue()
    assert "━" in drawn and "│" in drawn  # rich's box, not the plain dashes
    assert "Mail down" in drawn and "[bold]not markup[/bold]" in drawn  # text, not markup


def test_without_rich_a_terminal_gets_the_plain_table(
    listed: str, sk: Run, monkeypatch: pytest.MonkeyPatch, no_rich: None
) -> None:
    piped = sk("--db", listed, "list")[1]
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert sk("--db", listed, "list")[0] == 0
    assert screen.getvalue() == piped
    with pytest.raises(ImportError):
        import rich.console  # noqa: F401 - the fixture really hides it


def test_progress_draws_only_on_a_terminal(no_rich: None) -> None:
    pipe = io.StringIO()
    with progress("import", total=3, stream=pipe) as tick:
        tick(1)
        tick(3)
    assert pipe.getvalue() == ""
    screen = Terminal()
    with progress("import", total=3, stream=screen) as tick:
        tick(1)
        tick(3)
    assert screen.getvalue() == ("\rimport: 0/3 ticket(s) handled\rimport: 1/3 ticket(s) handled"
                                 "\rimport: 3/3 ticket(s) handled\n")


def test_progress_uses_a_rich_bar_when_rich_is_there() -> None:
    screen = Terminal()
    with progress("retention", stream=screen) as tick:
        tick(500)
    drawn = screen.getvalue()
    assert "retention" in drawn and "500" in drawn and "━" in drawn
    assert "ticket(s) handled" not in drawn


def test_print_table_to_a_file_is_plain() -> None:
    out = io.StringIO()
    print_table(("a", "b"), [(1, None)], out)
    assert out.getvalue() == "a  b\n-  -\n1  -\n"


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_the_real_command_on_a_pseudo_terminal(listed: str, tmp_path: Path) -> None:
    def run(*argv: str, tty: bool) -> str:
        env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
        if not tty:
            done = subprocess.run([sys.executable, "-m", "supportkit", *argv],
                                  capture_output=True, check=True, env=env, timeout=120)
            return done.stdout.decode()
        leader, follower = pty.openpty()
        try:
            done = subprocess.run([sys.executable, "-m", "supportkit", *argv],
                                  stdout=follower, stderr=subprocess.PIPE, check=True,
                                  env=env, timeout=120)
        finally:
            os.close(follower)
            shown = drain(leader)
        assert done.stderr == b""
        return shown.decode()

    on_screen = run("--db", listed, "list", tty=True)
    in_pipe = run("--db", listed, "list", tty=False)
    assert "━" in on_screen and "Mail down" in on_screen
    assert "━" not in in_pipe and in_pipe.splitlines()[0].startswith("id  status")


def test_retention_progress_goes_to_a_terminal_stderr_only(
    listed: str, sk: Run, monkeypatch: pytest.MonkeyPatch, no_rich: None
) -> None:
    code, out, err = sk("--db", listed, "--now", NOW, "retention", "run")
    assert code == 0 and err == "" and out.startswith("purged 0 tickets")
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    code, again, _ = sk("--db", listed, "--now", NOW, "retention", "run")
    assert code == 0 and again == out, "stdout is the same with or without a terminal"
    assert screen.getvalue() == "\rretention: 0 ticket(s) handled\n"
