"""The shipped preset files load, round-trip, equal their ``policy()``; bad files say why."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import pytest

from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidInput,
    Policy,
    load_policy,
    presets,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.presets._builtin import BUILTIN
from supportkit.serialization import structure, unstructure

PRESET_DIR = Path(presets.__file__).parent

#: The guides whose first rule is an entitlement: their presets enforce it out of the box.
ENTITLED = ("odin", "opensvc", "open_xchange", "interworx")

def test_the_registry_lists_the_five_guides_and_the_default() -> None:
    assert presets.names() == tuple(sorted(
        ["default", "odin", "opensvc", "open_xchange", "interworx", "ispmanager"]))
    assert presets.get("default") == Policy()
    with pytest.raises(InvalidInput, match="unknown preset 'plesk'; known presets: default, "):
        presets.get("plesk")


@pytest.mark.parametrize("name", BUILTIN)
def test_every_shipped_file_loads_to_its_preset(name: str) -> None:
    path = PRESET_DIR / f"{name}.toml"
    assert path.is_file(), "shipped as package data (pyproject: presets/*.toml)"
    from_path = load_policy(path)
    from_text = load_policy(path.read_text(encoding="utf-8"))
    from_str_path = load_policy(str(path))
    module = getattr(presets, name)
    assert from_path == from_text == from_str_path == module.policy() == presets.get(name)
    assert from_path.name == name
    assert presets.source(name) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUILTIN)
def test_every_preset_round_trips_through_plain_data(name: str) -> None:
    policy = presets.get(name)
    data = unstructure(policy)
    assert structure(data, Policy) == policy
    assert structure(json.loads(json.dumps(data)), Policy) == policy


@pytest.mark.parametrize("name", BUILTIN)
def test_require_entitlement_is_applied_on_top_of_the_file(name: str) -> None:
    # A preset is its guide: the four guides whose first rule is an entitlement ship it on;
    # ISPmanager (registered accounts submit) ships it off. Either can be overridden.
    shipped = load_policy(presets.source(name)).require_entitlement
    assert shipped is (name in ENTITLED)
    module = getattr(presets, name)
    assert module.policy().require_entitlement is shipped
    assert presets.get(name).require_entitlement is shipped
    relaxed = module.policy(require_entitlement=False)
    strict = module.policy(require_entitlement=True)
    assert presets.get(name, require_entitlement=False) == relaxed
    assert (relaxed.require_entitlement, strict.require_entitlement) == (False, True)
    assert attrs.evolve(strict, require_entitlement=False,
                        require_entitlement_to_access=False) == relaxed
    assert relaxed.require_entitlement_to_access is False  # the opt-out serves anyone
    with pytest.raises(InvalidInput, match="True, False or None"):
        getattr(presets, name).policy(require_entitlement="yes")


def test_each_call_builds_its_own_policy() -> None:
    # A Policy holds dicts: changing one desk's copy must not change the next preset.
    first = presets.opensvc.policy()
    first.calendars.clear()  # type: ignore[attr-defined]
    assert set(presets.opensvc.policy().calendars) == {"standard", "premium"}


def test_a_copied_and_edited_preset_loads(tmp_path: Path) -> None:
    text = presets.source("odin").replace('name = "odin"', 'name = "my-odin"')
    text = text.replace('severity_change_roles = ["shift-manager"]',
                        'severity_change_roles = ["duty-manager"]')
    mine = tmp_path / "mine.toml"
    mine.write_text(text, encoding="utf-8")
    policy = load_policy(mine)
    assert policy.name == "my-odin" and policy.severity_change_roles == {"duty-manager"}
    assert attrs.evolve(policy, name="odin", severity_change_roles={"shift-manager"}) == (
        presets.odin.policy())


@pytest.mark.parametrize("name", BUILTIN)
def test_every_preset_file_can_be_copied_renamed_and_loaded(name: str, tmp_path: Path) -> None:
    text = presets.source(name)
    assert text.count(f'name = "{name}"') == 1
    mine = tmp_path / f"my-{name}.toml"
    mine.write_text(text.replace(f'name = "{name}"', 'name = "ours"'), encoding="utf-8")
    assert load_policy(mine) == attrs.evolve(presets.get(name), name="ours")


def test_an_edited_copy_changes_what_the_desk_does(tmp_path: Path) -> None:
    # InterWorx's "within the hour" after-hours promise, tightened to 30 minutes in a copy.
    text = presets.source("interworx")
    assert text.count('respond_within = "1h"') == 1
    mine = tmp_path / "iwx.toml"
    mine.write_text(text.replace('respond_within = "1h"', 'respond_within = "30m"'),
                    encoding="utf-8")
    late = datetime.fromisoformat("2026-03-02T23:00:00-05:00")
    for policy, answer_within in ((presets.interworx.policy(), 60), (load_policy(mine), 30)):
        desk = Helpdesk(MemoryStore(), policy, FixedClock(late))
        desk.add_contract(Contract(id="iwx-1", company="acme", level="standard",
                                   valid_from=late - timedelta(days=30)))
        ticket = desk.open_ticket(Actor.customer("c", company="acme"), "Down", "x",
                                  severity="urgent", category="DNS", fields={"ip_or_hostname": "h",
                                                          "remote_assistance_enabled": "yes"})
        assert desk.paging(ticket.id).respond_by == late + timedelta(minutes=answer_within)


def test_empty_text_is_the_default_policy() -> None:
    assert load_policy("") == Policy()


def test_broken_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('name = "x"\nseverity_change_roles = ["a" "b"]\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.toml: not valid TOML: .*line"):
        load_policy(bad)


def test_an_unknown_key_is_refused_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "typo.toml"
    bad.write_text('requre_entitlement = true\n[sla]\ntargets = [{ initial_respons = "2h" }]\n',
                   encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_policy(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}: policy refused:")
    assert "(top level): unknown key(s) requre_entitlement" in message
    assert "sla.targets[0]: unknown key(s) initial_respons" in message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[calendar]\nschedule = "Mon-Fri 09:00-18:00"\ntimezone = "Europe/Paris"',
         "calendar: unknown key(s) timezone in BusinessCalendar"),
        ('[calendars.premium]\nschedule = "Mon-Sun 00:00-24:00"\nzone = "Europe/Paris"',
         "calendars['premium']: unknown key(s) zone in BusinessCalendar"),
        ('[calendar]\nschedule = "Mon-Fri 08:00-16:00"\n[calendar.holidays]\n'
         'days = ["2026-12-24"]', "unknown key(s) days in holidays; allowed: countries, dates"),
        ('[calendar]\nschedule = "Mon-Fri 08:00-16:00"\n[[calendar.holidays.countries]]\n'
         'code = "US"\nname = ["Labor Day"]', "unknown key(s) name in holidays.countries[0]"),
    ],
)
def test_a_misspelt_calendar_key_is_refused_not_ignored(text: str, says: str) -> None:
    # Ignoring "timezone" would silently give a UTC calendar.
    with pytest.raises(InvalidInput) as caught:
        load_policy(text)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("text", "path", "says"),
    [
        ('[sla]\ntargets = [{ level = 1, initial_response = "2 hours" }]',
         "sla.targets[0].initial_response", "2 hours"),
        ('[escalation]\nrules = [{ level = 2, trigger = "sometimes", methods = ["phone"] }]',
         "escalation.rules[0].trigger", "'sometimes'"),
        ('[escalation]\nrules = [{ level = 9, trigger = "never" }]',
         "escalation", "level 9 is not a key of the severity scheme"),
        ('[calendar]\nschedule = "Mon-Fri 9-18"\ntz = "Europe/Paris"', "calendar", "schedule"),
        ('routing = "upwards"', "routing", "allowed: hierarchy, support"),
        ('[retention]\nkeep = "-1d"', "retention", "must not be negative"),
    ],
)
def test_a_bad_value_names_its_key(text: str, path: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_policy(text)
    message = str(caught.value)
    assert message.startswith("<text>: policy refused:")
    assert f"policy refused: {path}: " in message
    assert says in message


def test_a_missing_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"does not exist"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(InvalidInput, match=r"does not exist"):
        load_policy("nope.toml")


def test_the_docs_table_names_every_preset_test() -> None:
    # docs/presets.md maps every rule of every guide to its test: no stale or missing rows.
    import ast

    here = Path(__file__).parent
    table = (here.parent.parent / "docs" / "presets.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(test_\w+\.py)::(test_\w+)`", table))
    defined = {
        (module.name, node.name)
        for module in here.glob("test_*.py")
        for node in ast.parse(module.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }
    assert listed == defined


def test_every_choice_the_guides_leave_open_names_its_tests() -> None:
    # Every interpretation of an ambiguous rule in docs/presets.md says which tests hold
    # it; that those tests exist is checked by the table test above (names are shared).
    page = (Path(__file__).parent.parent.parent / "docs" / "presets.md").read_text(
        encoding="utf-8")
    section = page.split("## Choices the guides leave open", 1)[1].split("\n## ", 1)[0]
    choices = re.split(r"\n(?=- )", section.split("\n- ", 1)[1])
    assert len(choices) >= 28
    untested = [choice.splitlines()[0] for choice in choices
                if not re.search(r"Tests:\s+`test_\w+\.py::test_\w+`", choice)]
    assert untested == []
