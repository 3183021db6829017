"""The documentation site as a reader sees it (issue 19): `make docs` builds with --strict,
the API reference cross-links the names its docstrings mention and shows Parameters,
Returns and Raises, code blocks wrap instead of being clipped, and the how-tos say what
embedders, adapter authors and property testers need.

The build takes a few seconds (mkdocs is in the test extra); it runs once per session.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _extension() -> Any:
    spec = importlib.util.spec_from_file_location("docs_ext", DOCS / "_ext" / "docstrings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-5000:]
    return out


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


# -- the extension: references become links, not plain text ----------------------------------


def test_roles_become_cross_references() -> None:
    ext = _extension()
    text = ext.convert("See :class:`~supportkit.ports.Store` and :meth:`Helpdesk.reply`.",
                       lambda target: {"Helpdesk.reply": "supportkit.service.Helpdesk.reply"}
                       .get(target, target))
    assert '<autoref identifier="supportkit.ports.Store" optional><code>Store</code>' in text
    assert ('<autoref identifier="supportkit.service.Helpdesk.reply" optional>'
            "<code>Helpdesk.reply</code></autoref>") in text
    # an unknown name stays readable code, never a broken link
    assert ext.convert(":func:`nowhere`", lambda target: None) == "<code>nowhere</code>"


def test_doctests_and_literal_blocks_still_render() -> None:
    ext = _extension()
    assert ext.convert("Example::\n\n    code\n>>> 1 + 1\n2\n") == (
        "Example:\n\n    code\n```pycon\n>>> 1 + 1\n2\n```")


# -- the built site ---------------------------------------------------------------------------


def test_the_reference_links_what_docstrings_name(site: Path) -> None:
    helpdesk = _page(site, "reference/helpdesk")
    # Helpdesk's docstring names :class:`~supportkit.ports.Store`: a link to the storage page
    assert re.search(r'<a class="autorefs autorefs-internal"[^>]*'
                     r'href="\.\./storage/#supportkit\.ports\.Store"', helpdesk)
    links = sum(_page(site, f"reference/{p.stem}").count("autorefs-internal")
                for p in (DOCS / "reference").glob("*.md") if p.stem != "index")
    assert links > 200, "the reference is cross-linked throughout"
    assert ":class:`" not in helpdesk and "&lt;autoref" not in helpdesk


def test_the_reference_has_parameters_returns_and_raises(site: Path) -> None:
    helpdesk = _page(site, "reference/helpdesk")
    start = helpdesk.index('id="supportkit.service.Helpdesk.open_ticket"')
    section = helpdesk[start:helpdesk.index('id="supportkit.service.Helpdesk.follow_up"')]
    for heading in ("Parameters", "Returns", "Raises"):
        assert f">{heading}" in section, heading
    assert "subject" in section and "NotEntitled" in section
    assert 'href="../errors/#supportkit.errors.NotEntitled"' in section, "Raises links"
    calendars = _page(site, "reference/calendars")
    assert calendars.count(">Raises") >= 6


def test_code_blocks_wrap_instead_of_being_clipped(site: Path) -> None:
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert re.search(r"pre > code\s*\{[^}]*white-space:\s*pre-wrap", css)
    assert 'href="../stylesheets/extra.css"' in _page(site, "quickstart")


def test_the_embedding_howto_includes_the_custom_frontend(site: Path) -> None:
    page = _page(site, "howto/embed-control-panel")
    assert "examples/custom_frontend.py" in page and "error_response" in page


# -- what the how-tos say ----------------------------------------------------------------------


def test_the_embedding_howto_covers_what_embedders_ask() -> None:
    text = (DOCS / "howto" / "embed-control-panel.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \d+\. (.+)$", text, re.MULTILINE)
    for topic in ("threads", "JSON", "zone", "view", "HTTP"):
        assert any(topic in heading for heading in headings), (topic, headings)
    assert "supportkit.serialization.unstructure" in text
    assert '--8<-- "examples/custom_frontend.py"' in text


def test_the_adapter_howto_names_the_errors_the_contract_suite_expects() -> None:
    text = (DOCS / "howto" / "write-an-adapter.md").read_text(encoding="utf-8")
    contract = (ROOT / "src" / "supportkit" / "testing" / "contract.py").read_text("utf-8")
    contract += (ROOT / "src" / "supportkit" / "testing" / "contract_transactions.py"
                 ).read_text("utf-8")
    expected = set(re.findall(r"pytest\.raises\((\w+)\)", contract)) - {"RuntimeError"}
    assert expected >= {"NotFound", "Conflict", "InvalidInput", "StorageError"}
    table = text.split("## The errors the contract suite expects", 1)[1]
    for error in expected:
        assert f"| `{error}` |" in table, error
    for test in re.findall(r"`(test_\w+)`", table):
        assert f"def {test}(" in contract, f"the how-to names a test that does not exist: {test}"


def test_the_property_howto_covers_paging_and_the_first_response() -> None:
    text = (DOCS / "howto" / "property-test-your-sla.md").read_text(encoding="utf-8")
    section = text.split("### When paging overrides the first-response deadline", 1)[1]
    assert "first_response_due" in section and "respond_by" in section
    assert "EmergencyPolicy" in section
