"""A griffe extension for the API reference: supportkit's reST-flavoured docstrings, linked.

The docstrings are written for ``help()`` and Sphinx habits. Their field lists
(``:param name:``, ``:returns:``, ``:raises InvalidInput:``) are parsed by griffe's Sphinx
parser (``docstring_style: sphinx``) into the Parameters, Returns and Raises sections that
mkdocstrings renders. What griffe leaves as text, this extension turns into Markdown once the
whole package is loaded (so names resolve like Python resolves them):

- a Sphinx role such as ``:class:`~supportkit.ports.Store``` or ``:meth:`add``` becomes a
  **cross-reference** to the object it names: the name is resolved in the docstring's own
  scope (its members, its imports, its parents) to the object's full path, and written as an
  ``<autoref>`` that mkdocs-autorefs turns into a link to where that object is rendered.
  Objects the reference does not render (private helpers) keep their name in code style;
- each run of ``>>>`` doctest lines (up to the next blank line) is wrapped in a ``pycon``
  fence, which Markdown would otherwise read as nested block quotes;
- a paragraph ending in ``::`` (a reST literal block follows) ends in ``:``; the indented
  block itself is already a Markdown code block.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")
#: Resolves a role's target (``Store``, ``.progress``, ``supportkit.ports.Store``) to a full
#: path, or None.
Resolver = Callable[[str], str | None]


def _no_resolver(target: str) -> str | None:
    return target if target.startswith("supportkit.") else None


def _link(match: re.Match[str], resolve: Resolver) -> str:
    short, target = match.group(1), match.group(2).strip()
    title = target.lstrip(".")
    if short:
        title = title.rsplit(".", 1)[-1]
    path = resolve(target)
    code = f"<code>{html.escape(title)}</code>"
    if path is None:
        return code
    # ``optional``: a target that is not rendered anywhere stays plain code, silently.
    return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'


def convert(text: str, resolve: Resolver = _no_resolver) -> str:
    """``text`` (a docstring) as Markdown: roles linked, doctests fenced, ``::`` ended."""
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
            line = ROLE.sub(lambda match: _link(match, resolve), line)
            if line.endswith("::") and not line.lstrip().startswith("::"):
                line = line[:-1]
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


def resolver(scope: griffe.Object) -> Resolver:
    """Resolve role targets as Python would from ``scope``: a full dotted path as it is,
    a bare name (``Store``, ``Helpdesk.reply``) through the scope's members and imports and
    then its parents', a relative one (``.progress``) in the scope's module."""

    def resolve(target: str) -> str | None:
        name = target.lstrip(".")
        if not name:
            return None
        if name.startswith("supportkit."):
            return _canonical(scope, name)
        head, _, rest = name.partition(".")
        try:
            path = scope.resolve(head)
        except (griffe.NameResolutionError, AttributeError, KeyError):
            try:
                path = scope.module.resolve(head)
            except (griffe.NameResolutionError, AttributeError, KeyError):
                return None
        return _canonical(scope, f"{path}.{rest}" if rest else path)

    return resolve


def _canonical(scope: griffe.Object, path: str) -> str:
    """Where ``path`` is defined (``supportkit.Helpdesk.reply`` ->
    ``supportkit.service.Helpdesk.reply``): the reference renders objects there."""
    root = scope.package
    try:
        found = root[path.removeprefix(root.path + ".")] if path != root.path else root
        return str(found.canonical_path)
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return path


def _objects(root: griffe.Object) -> Iterator[griffe.Object]:
    stack: list[griffe.Object] = [root]
    while stack:
        obj = stack.pop()
        yield obj
        stack.extend(member for member in obj.members.values() if not member.is_alias)


class ReSTDocstrings(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = convert(obj.docstring.value, resolver(obj))
