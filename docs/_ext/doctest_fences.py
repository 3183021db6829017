"""A griffe extension for the API reference: show docstring doctests as code.

supportkit's docstrings keep examples as plain ``>>>`` doctest lines; Markdown would read them
as nested block quotes (and ``[...]`` output as links). This wraps each doctest run, up to the
next blank line, in a ``pycon`` fence before mkdocstrings renders the docstring.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence(text: str) -> str:
    out: list[str] = []
    inside = False
    in_code = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
        if not in_code and not inside and stripped.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not stripped:
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence(obj.docstring.value)
