"""Every ```python block in README.md and docs/ runs; blocks of one page share a namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"doc:{page.name}"}
    for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), 1):
        code = compile(block, f"{page.name}[block {number}]", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point


#: Pages whose every block must run on its own, pasted into a fresh interpreter.
STANDALONE = [ROOT / "docs" / "quickstart.md"]


@pytest.mark.parametrize(
    ("page", "number", "block"),
    [(page, number, block) for page in STANDALONE
     for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), 1)],
    ids=lambda value: value.name if isinstance(value, Path) else (
        f"block{value}" if isinstance(value, int) else ""),
)
def test_each_quickstart_block_runs_alone(
    page: Path, number: int, block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code = compile(block, f"{page.name}[block {number}]", "exec")
    exec(code, {"__name__": f"doc:{page.name}:{number}"})  # noqa: S102 - a fresh namespace
