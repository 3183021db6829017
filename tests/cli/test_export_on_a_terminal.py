"""``supportkit export > tickets.jsonl`` typed on a terminal (issue 19): the file gets every
JSON line, the terminal (stderr) gets only the progress, never the answer."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from _terminal import drain

Run = Callable[..., tuple[int, str, str]]
NOW = "2026-03-02T09:00:00+00:00"

pytestmark = pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")


def _on_a_terminal(argv: list[str], stdout: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run the real command with stdin and stderr on a pseudo-terminal and stdout redirected
    to ``stdout`` (as the shell does for ``> file``); return its status and what the terminal
    showed."""
    leader, follower = pty.openpty()
    try:
        with stdout.open("wb") as file:
            done = subprocess.run([sys.executable, "-m", "supportkit", *argv], stdin=follower,
                                  stdout=file, stderr=follower, env=env, timeout=120,
                                  check=False)
    finally:
        os.close(follower)
        shown = drain(leader)
    return done.returncode, shown.decode("utf-8", "replace")


@pytest.fixture
def desk_with_tickets(new_desk: Callable[[str], str], sk: Run) -> str:
    path = new_desk("default")
    for subject in ("Mail down", "DNS slow", "Backup failed"):
        assert sk("--db", path, "--now", NOW, "open", "--as", "customer:alice@acme",
                  "--subject", subject, "--body", "b")[0] == 0
    return path


@pytest.mark.parametrize("rich", [True, False], ids=["with-rich", "plain"])
def test_export_to_a_file_from_a_terminal_writes_the_file(
    desk_with_tickets: str, tmp_path: Path, rich: bool
) -> None:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    if not rich:  # an install without the [cli] extra: a directory that hides rich
        hide = tmp_path / "hide"
        (hide / "rich").mkdir(parents=True)
        (hide / "rich" / "__init__.py").write_text("raise ImportError('hidden')\n")
        env["PYTHONPATH"] = os.pathsep.join([str(hide), env.get("PYTHONPATH", "")])
    target = tmp_path / "tickets.jsonl"
    status, screen = _on_a_terminal(["--db", desk_with_tickets, "export"], target, env)
    assert status == 0, screen
    lines = target.read_text("utf-8").splitlines()
    assert [json.loads(line)["subject"] for line in lines] == [
        "Mail down", "DNS slow", "Backup failed"]
    assert "Mail down" not in screen and '"subject"' not in screen, "JSON leaked to the terminal"
    assert "export" in screen  # the progress was drawn, on stderr
    if rich:
        assert "━" in screen
    else:
        assert "ticket(s) handled" in screen


def test_import_and_retention_leave_stdout_to_the_answer(
    desk_with_tickets: str, tmp_path: Path
) -> None:
    env = {**os.environ, "TERM": "xterm"}
    target = tmp_path / "out.txt"
    status, screen = _on_a_terminal(["--db", desk_with_tickets, "--now", NOW, "retention",
                                     "run"], target, env)
    assert status == 0, screen
    assert target.read_text("utf-8").startswith("purged 0 ticket")
    assert "purged" not in screen
