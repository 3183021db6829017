"""Every example runs, as a user would run it."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ADAPTER = EXAMPLES / "third_party_adapter"


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
