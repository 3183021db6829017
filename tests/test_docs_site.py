"""The documentation site's sources stay consistent without building it (`make docs` builds
it strictly, but is not part of `make test`): every API-reference directive names an
importable object, every nav entry is a page, and every page is reachable from the index."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DIRECTIVE = re.compile(r"^::: ([\w.]+)\s*$", re.MULTILINE)
NAV_ENTRY = re.compile(r"^\s+- (?:[^:\n]+: )?([\w/.-]+\.md)\s*$", re.MULTILINE)
REFERENCE_TARGETS = sorted(
    {target for page in (DOCS / "reference").glob("*.md")
     for target in DIRECTIVE.findall(page.read_text(encoding="utf-8"))}
)


def _resolve(target: str) -> object:
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(target)


def test_the_reference_has_directives() -> None:
    assert len(REFERENCE_TARGETS) >= 20


@pytest.mark.parametrize("target", REFERENCE_TARGETS)
def test_reference_directive_names_an_importable_object(target: str) -> None:
    obj = _resolve(target)
    assert getattr(obj, "__doc__", None), f"{target} has no docstring to render"


def test_every_nav_entry_is_a_page() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    entries = NAV_ENTRY.findall(nav)
    assert "index.md" in entries and "quickstart.md" in entries
    missing = [entry for entry in entries if not (DOCS / entry).is_file()]
    assert missing == []


def test_every_concept_and_howto_page_is_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w/.-]+\.md)", index))
    pages = {"quickstart.md", "concepts.md", "calendars.md", "storage.md", "changelog.md",
             *(f"howto/{p.name}" for p in (DOCS / "howto").glob("*.md"))}
    assert pages - linked == set()


def test_the_index_and_the_nav_list_the_same_pages() -> None:
    """A page the index links is in the site's navigation, and every page of the
    navigation is linked from the index (reference pages: from the reference index)."""
    nav = set(NAV_ENTRY.findall(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]))
    index = set(re.findall(r"\]\(([\w/.-]+\.md)", (DOCS / "index.md").read_text(encoding="utf-8")))
    reference = {f"reference/{page}" for page in re.findall(
        r"\]\(([\w/.-]+\.md)", (DOCS / "reference" / "index.md").read_text(encoding="utf-8"))}
    assert index - nav == set()
    assert nav - index - reference - {"index.md"} == set()
