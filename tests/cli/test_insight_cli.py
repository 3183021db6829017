"""``supportkit explain`` and ``supportkit report`` (issue 20)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]

FRIDAY = "2026-03-06T15:00-05:00"


def _desk(sk: Run, new_desk: Callable[[str], str]) -> str:
    db = new_desk("odin")
    code, _, err = sk("--db", db, "--now", FRIDAY, "open", "--as", "customer:alice@acme",
                      "--subject", "Mail down", "--body", "since 9", "--severity", "2")
    assert code == 0, err
    code, _, err = sk("--db", db, "--now", "2026-03-06T18:00-05:00", "reply", "1", "--as",
                      "support:agent-7", "--body", "looking")
    assert code == 0, err
    return db


def test_explain_prints_the_derivation_and_its_json(sk: Run, new_desk: Callable[[str], str]
                                                    ) -> None:
    db = _desk(sk, new_desk)
    code, out, err = sk("--db", db, "explain", "1", "--measure", "first_response")
    assert (code, err) == (0, "")
    assert "2h of the 24x7 calendar" in out and "met:" in out and "(late)" in out
    code, out, _ = sk("--db", db, "--json", "explain", "1", "--measure", "first_response")
    data = json.loads(out)
    assert data["measure"] == "first_response" and data["target"] == "2h"
    code, out, _ = sk("--db", db, "--json", "explain", "1")
    assert [e["measure"] for e in json.loads(out)] == [
        "first_response", "next_update", "resolution", "escalation", "paging"]
    code, _, err = sk("--db", db, "explain", "1", "--measure", "nope")
    assert code == 2 and "first_response" in err
    code, _, err = sk("--db", db, "explain", "99")
    assert code == 1 and "99" in err


def test_report_prints_a_table_json_and_a_plot(sk: Run, new_desk: Callable[[str], str],
                                               tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    db = _desk(sk, new_desk)
    plot = tmp_path / "sla.png"
    code, out, err = sk("--db", db, "--now", "2026-03-09T10:00-05:00", "report", "--from",
                        "2026-03-01", "--to", "2026-04-01", "--plot", str(plot))
    assert (code, err) == (0, ""), err
    assert "first_response" in out and "0.0%" in out and "plot written" in out
    assert plot.read_bytes().startswith(b"\x89PNG")
    code, out, _ = sk("--db", db, "--now", "2026-03-09T10:00-05:00", "--json", "report",
                      "--from", "2026-03-01", "--to", "2026-04-01T00:00+00:00", "--by", "company")
    data = json.loads(out)
    assert data["by"] == "company" and data["tickets"] == 1
    (row,) = data["rows"]
    assert (row["group"], row["breached"], row["median"]) == ("acme", 1, "3h")


def test_report_names_the_extra_when_matplotlib_is_missing(
    sk: Run, new_desk: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _desk(sk, new_desk)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    plot = tmp_path / "sla.png"
    code, out, err = sk("--db", db, "report", "--from", "2026-03-01", "--to", "2026-04-01",
                        "--plot", str(plot))
    assert code == 1 and out == ""
    assert "pip install 'supportkit[plot]'" in err and not plot.exists()


def test_report_refuses_bad_bounds_and_plot_names(sk: Run, new_desk: Callable[[str], str]
                                                  ) -> None:
    db = _desk(sk, new_desk)
    code, _, err = sk("--db", db, "report", "--from", "2026-03-01", "--to", "yesterday")
    assert code == 2 and "not a date" in err
    code, _, err = sk("--db", db, "report", "--from", "2026-04-01", "--to", "2026-03-01")
    assert code == 1 and "after start" in err
    code, _, err = sk("--db", db, "report", "--from", "2026-03-01", "--to", "2026-04-01",
                      "--plot", "sla.svg")
    assert code == 1 and "PNG" in err
    code, _, err = sk("--db", db, "report", "--from", "2026-03-01", "--to", "2026-04-01",
                      "--by", "\x1b[31m")
    assert code == 2 and "\x1b" not in err
