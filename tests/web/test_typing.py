"""Types for user code (issue 19): ``mypy --strict`` passes on examples/typed_user.py and
catches typos in the fixed sets of names; the ``Literal`` aliases match what the library
accepts at run time; optional parts name their extra when it is missing."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import pytest
from mypy import api as mypy_api

import supportkit
from supportkit import (
    AssignmentMode,
    Channel,
    EventKindName,
    InvalidInput,
    Policy,
    RoutingMode,
    Scope,
    ScopeName,
    StaffVisibility,
)
from supportkit.tickets.events import ACTION_EVENTS, EVENT_KINDS

ROOT = Path(__file__).resolve().parents[2]
TYPED_USER = ROOT / "examples" / "typed_user.py"

#: A user's code with one typo per marked line; mypy --strict must report each of them.
TYPOS = '''
from supportkit import Actor, Helpdesk, NotEligible, NotEntitled, Policy, Ticket, to_json


def typos(desk: Helpdesk, ticket: Ticket, late: NotEligible, refused: NotEntitled) -> str:
    alice = Actor.customer("alice", company="acme")
    desk.open_ticket(alice, subject="s", body="b", channel="emial")  # TYPO channel
    desk.reply(ticket.id, alice, "b", channel="slak")  # TYPO channel
    desk.tickets(alice, scope="compnay")  # TYPO scope
    Policy(routing="hierachy")  # TYPO routing
    Policy(assignment="round-robin")  # TYPO assignment
    if any(event.kind == "replyed" for event in ticket.events):  # TYPO event kind
        pass
    when = late.eligible_at.isoformat()  # TYPO may be None
    why = refused.decision.reason  # TYPO may be None
    data = to_json(ticket)
    return data["subject"].upper() + when + why  # TYPO JSON value, not str
'''


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, Path]:
    """One ``mypy --strict`` run over the typed example and the snippet with typos."""
    folder = tmp_path_factory.mktemp("typos")
    snippet = folder / "user_typos.py"
    snippet.write_text(TYPOS, encoding="utf-8")
    out, err, status = mypy_api.run([
        "--strict", "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(folder / "cache"), "--no-error-summary", "--hide-error-context",
        str(TYPED_USER), str(snippet),
    ])
    assert not err, err
    return out, status, snippet


def test_the_typed_user_script_passes_mypy_strict(mypy_report: tuple[str, int, Path]) -> None:
    out, _, _ = mypy_report
    assert "typed_user.py" not in out, out


def test_mypy_strict_reports_every_typo(mypy_report: tuple[str, int, Path]) -> None:
    out, status, snippet = mypy_report
    assert status == 1
    marked = {n for n, line in enumerate(TYPOS.splitlines(), 1) if "# TYPO" in line}
    reported = {int(m) for m in re.findall(rf"{re.escape(snippet.name)}:(\d+): error", out)}
    assert reported == marked, out
    assert "emial" in out  # the message names the misspelt value
    assert "Non-overlapping equality check" in out  # event.kind == "replyed"


def test_the_literal_aliases_are_the_names_accepted_at_run_time() -> None:
    assert set(get_args(EventKindName)) == set(EVENT_KINDS)
    assert set(ACTION_EVENTS.values()) <= set(get_args(EventKindName))
    assert set(get_args(ScopeName)) == {scope.value for scope in Scope}
    for alias, field, wrong in [(RoutingMode, "routing", "hierachy"),
                                (AssignmentMode, "assignment", "round-robin"),
                                (StaffVisibility, "staff_visibility", "some")]:
        for name in get_args(alias):
            assert getattr(Policy(**{field: name}), field) == name
        with pytest.raises(InvalidInput, match=f"Policy.{field}"):
            Policy(**{field: wrong})
    preset_channels = set().union(*(
        policy.channels or set() for policy in (
            supportkit.presets.odin.policy(), supportkit.presets.opensvc.policy(),
            supportkit.presets.open_xchange.policy(), supportkit.presets.interworx.policy(),
            supportkit.presets.ispmanager.policy())))
    assert preset_channels <= set(get_args(Channel))


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("missing,module,extra", [
    ("psycopg", "supportkit.adapters.postgres", "postgres"),
    ("hypothesis", "supportkit.testing.strategies", "strategies"),
    ("pytest", "supportkit.testing.contract", "test"),
    ("pytest", "supportkit.testing.desk", "test"),
])
def test_an_optional_part_without_its_extra_names_the_extra(
    missing: str, module: str, extra: str
) -> None:
    done = _python(f"""
        import sys
        sys.modules[{missing!r}] = None  # as if not installed
        try:
            import {module}
        except ImportError as exc:
            print(exc.name, "|", exc)
        else:
            raise SystemExit("imported without {missing}")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{missing} |"), done.stdout
    assert f"pip install 'supportkit[{extra}]'" in done.stdout


def test_the_strategies_need_hypothesis_only() -> None:
    """What the ``[strategies]`` extra installs is enough: no pytest, psycopg or rich."""
    done = _python("""
        import sys
        for name in ("pytest", "psycopg", "psycopg_pool", "rich", "jsonschema", "fastapi"):
            sys.modules[name] = None
        from supportkit.testing.strategies import calendars, policies, ticket_histories
        print(calendars().example() is not None)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_literal_typed_fields_still_read_any_stored_name() -> None:
    """Event.kind is typed EventKindName, but a kind a newer version wrote still loads
    (from the storage form and the public one); a Policy name is checked by its validator."""
    from supportkit import Actor, Event
    from supportkit.serialization import structure, structure_stored, unstructure

    event = Event("opened", datetime(2026, 3, 2, tzinfo=UTC), Actor.system())
    data = {**unstructure(event), "kind": "merged"}
    for read in (structure, structure_stored, supportkit.from_json):
        assert read(data, Event).kind == "merged"
    with pytest.raises(InvalidInput, match=r"Policy\.routing 'upwards' is not known"):
        structure({"routing": "upwards"}, Policy)
