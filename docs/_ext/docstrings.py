"""A griffe extension for the API reference: render supportkit's reST-flavoured docstrings.

The docstrings are written for ``help()`` and Sphinx habits; before mkdocstrings renders
them as Markdown this extension

- wraps each run of ``>>>`` doctest lines (up to the next blank line) in a ``pycon`` fence,
  which Markdown would otherwise read as nested block quotes (and ``[...]`` as links);
- turns Sphinx roles such as ``:class:`~supportkit.ports.Store``` into inline code
  (``Store``; the ``~`` form keeps the last component, as Sphinx shows it);
- turns a paragraph ending in ``::`` (a reST literal block follows) into one ending in ``:``;
  the indented block itself is already a Markdown code block.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def convert(text: str) -> str:
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
        if not in_code and not inside:
            line = ROLE.sub(_role, line)
            if line.endswith("::") and not line.lstrip().startswith("::"):
                line = line[:-1]
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class ReSTDocstrings(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
