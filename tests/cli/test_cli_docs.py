"""The shell session in docs/reference/cli.md runs as written, line by line."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "cli.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)

Run = Callable[..., tuple[int, str, str]]


def session() -> list[str]:
    lines = [line for block in BLOCK.findall(PAGE.read_text(encoding="utf-8"))
             for line in block.splitlines() if line.strip()]
    assert lines and all(line.startswith("supportkit ") for line in lines)
    return lines


def test_the_documented_session_runs(sk: Run, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = []
    for line in session():
        argv = shlex.split(line)[1:]
        target = None
        if ">" in argv:  # the one redirection the page uses
            argv, target = argv[:argv.index(">")], argv[argv.index(">") + 1]
        code, out, err = sk(*argv)
        assert (code, err) == (0, ""), (line, err)
        if target is not None:
            Path(target).write_text(out, encoding="utf-8")
        outputs.append(out)
    text = "\n".join(outputs)
    assert "escalated (phone) ticket 1" in text and "imported 1 ticket(s)" in text
    assert outputs[3].splitlines()[2].split()[:2] == ["1", "open"], "due --within lists 1"
    assert "from 2026-03-02T11:55:00+00:00 by: phone" in text
    assert "2026-03-07T10:00:00+00:00" in text  # odin is open around the clock
    assert outputs[-1] == "2026-03-09T09:00:00-04:00\n"  # the page's interworx sentence
