"""A real crash: a ``run_retention`` child process is killed with SIGKILL mid-run on a SQLite
file; re-running it must give exactly the state of one clean, uninterrupted run.

Activates once ``supportkit.adapters.sqlite`` (``SqliteStore(path)``) is merged.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sqlite = pytest.importorskip("supportkit.adapters.sqlite")

from retention_kit import state  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

TICKETS = 240
CHILD = r"""
import sys
from datetime import UTC, datetime, timedelta

from supportkit import Actor, FixedClock, Helpdesk, Upload
from supportkit.adapters.sqlite import SqliteStore

mode, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
run = datetime(2026, 6, 7, 0, 0, tzinfo=UTC)
store = SqliteStore(path)
if mode == "create":
    clock = FixedClock(run - timedelta(days=200))
    desk = Helpdesk(store, clock=clock)
    agent = Actor.support("agent-7")
    for n in range(count):
        # every third ticket closes late enough to keep its data; all share one log
        clock.set(run - timedelta(days=200 if n % 3 else 30, minutes=n))
        who = Actor.customer(f"c{n % 7}", company=f"co{n % 3}")
        t = desk.open_ticket(
            who, subject=f"ticket {n}", body="logs attached", channel="email",
            attachments=[Upload("shared.log", b"shared log " * 100),
                         Upload(f"own-{n}.log", f"own log {n} ".encode() * 50)],
            raw_email=f"Subject: ticket {n}\r\n\r\nlogs attached\r\n".encode(),
        )
        desk.close(t.id, agent)
    print("created", flush=True)
else:
    desk = Helpdesk(store, clock=FixedClock(run))
    print("running", flush=True)
    report = desk.run_retention()
    print("done", len(report.purged), flush=True)
store.close()
"""


def _child(mode: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(path), str(TICKETS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _finish(mode: str, path: Path) -> str:
    proc = _child(mode, path)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def _state_of(path: Path) -> dict[str, Any]:
    store = sqlite.SqliteStore(str(path))
    try:
        return state(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A created stock (directory, so side files and blob folders are copied too) and the
    state after one clean run on a copy of it."""
    base = tmp_path_factory.mktemp("stock")
    assert "created" in _finish("create", base / "support.db")
    clean_dir = tmp_path_factory.mktemp("clean")
    shutil.copytree(base, clean_dir, dirs_exist_ok=True)
    assert "done" in _finish("run", clean_dir / "support.db")
    clean = _state_of(clean_dir / "support.db")
    purged = [t for t in clean["tickets"]
              if any(a["purged"] for m in t["messages"] for a in m["attachments"])]
    assert 0 < len(purged) < TICKETS
    return base, clean


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.1, 0.3, 0.8])
def test_sigkill_mid_run_then_rerun_equals_clean_run(
    delay: float, prepared: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    base, clean = prepared
    shutil.copytree(base, tmp_path, dirs_exist_ok=True)
    db = tmp_path / "support.db"
    proc = _child("run", db)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "running"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    assert "done" in _finish("run", db)
    assert _state_of(db) == clean, f"after SIGKILL at {delay}s (killed mid-run: {killed})"
    if delay == 0.0:
        assert killed, "the run must still be going right after it started"
