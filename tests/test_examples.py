"""Every example runs, as a user would run it."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from supportkit import Helpdesk, TicketStatus
from supportkit.adapters.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ADAPTER = EXAMPLES / "third_party_adapter"
DEMO_OUTPUT = re.compile(r"^```console\n\$ make demo\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(script)])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(script), run_name="__main__")
    assert done.value.code in (0, None)
    assert capsys.readouterr().out.strip(), f"{script.name} printed nothing"


def test_third_party_adapter_runs_as_a_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ADAPTER))
    monkeypatch.setattr(sys, "argv", [str(ADAPTER / "toy_store.py")])
    runpy.run_path(str(ADAPTER / "toy_store.py"), run_name="__main__")
    assert "stored as JSON" in capsys.readouterr().out


def test_third_party_adapter_passes_the_contract_suite(tmp_path: Path) -> None:
    """The toy store's own test module, run by pytest the way an outside package runs it:
    the inherited contract tests must be collected and pass."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
         str(ADAPTER), "-c", os.devnull, "-W", "error", str(ADAPTER)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed and int(passed.group(1)) >= 30, done.stdout
    assert "failed" not in done.stdout and "error" not in done.stdout.lower(), done.stdout


def run_quickstart(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main = runpy.run_path(str(EXAMPLES / "quickstart.py"))["main"]
    assert main(["--db", str(db)]) == 0
    return capsys.readouterr().out.splitlines()


def test_quickstart_tells_the_odin_story_and_leaves_it_in_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `make demo` prints happened: checked in the SQLite file it leaves behind."""
    db = tmp_path / "demo.db"
    run_quickstart(db, capsys)
    out = "\n".join(run_quickstart(db, capsys))  # a second run starts from an empty file
    assert "starting fresh" in out
    store = SqliteStore(db)
    try:
        [row] = Helpdesk(store).tickets()  # the walk-in without a support code: refused
        ticket = Helpdesk(store).get(row.id)
        log = ticket.messages[0].attachments[0]
        assert log.purged and not store.blobs.exists(log.sha256)
    finally:
        store.close()
    assert [e.kind for e in ticket.events] == [
        "opened", "replied", "replied", "escalated", "replied", "solved", "confirmed", "purged"]
    assert ticket.status is TicketStatus.CLOSED and ticket.contract_id == "odin-1"
    first_reply, escalated = ticket.events[1], ticket.events[3]
    # Severity 1 escalates by phone one hour after the last support correspondence.
    assert escalated.data["method"] == "phone"
    assert escalated.at - first_reply.at == timedelta(hours=1)
    assert "Hunter2!x" not in str(ticket.messages) and "[redacted: password]" in out
    for told in ("refused: walk-in may not open a ticket", "escalation refused:",
                 f"{log.size} bytes freed", "purged=True", "reopen refused:"):
        assert told in out


def test_the_quickstart_page_shows_what_make_demo_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `$ make demo` block of docs/quickstart.md is an excerpt of the real output: its
    lines appear in the output, in order ("..." stands for lines left out)."""
    [block] = DEMO_OUTPUT.findall((ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8"))
    shown = [line for line in block.splitlines() if line.strip() not in ("", "...")]
    output = iter(line.rstrip() for line in run_quickstart(tmp_path / "demo.db", capsys))
    missing = [line for line in shown if line.rstrip() not in output]
    assert len(shown) > 5 and missing == []
