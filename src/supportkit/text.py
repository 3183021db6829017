"""Text safety for what supportkit stores and shows: valid Unicode, and terminal-safe display.

Customers write the text a desk stores, so a subject may carry terminal escape sequences
(``ESC [ 2 J`` clears an operator's screen, ``ESC ] 0 ;`` retitles the window), bell or
carriage-return tricks, or bidirectional overrides that make ``exe.txt`` read as
``txt.exe``. :func:`escape_controls` writes every such character as a visible escape
(``\\x1b``, ``\\u202e``) so that text can be printed to a terminal as data, never as
instructions. :func:`is_valid_text` tells whether a string can be stored as UTF-8 (no lone
surrogates, which Python produces from undecodable bytes with ``surrogateescape``), and
:func:`replace_invalid` replaces them with U+FFFD.

Pure functions over ``str``; no imports beyond the standard library.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "REPLACEMENT",
    "escape_controls",
    "escape_json_text",
    "first_invalid",
    "invalid_text_path",
    "is_valid_text",
    "replace_invalid",
    "shorten",
]

#: What :func:`replace_invalid` puts in place of a lone surrogate.
REPLACEMENT = "\ufffd"

# C0 controls, DEL and C1 controls (Unicode category Cc); the bidirectional embeddings,
# overrides, isolates and marks (they reorder what a terminal shows); the line and paragraph
# separators (some terminals break lines on them); and lone surrogates (not Unicode text).
_UNSAFE_CLASS = (
    "\x00-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029"
    "\ud800-\udfff"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# The same without line feed and tab.
_UNSAFE_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f" + _UNSAFE_CLASS[len("\x00-\x1f"):] + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In JSON text these can only stand inside strings, where \\uXXXX says the same thing.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control, bidi and separator character and every lone surrogate
    written as a visible escape (``\\x1b``, ``\\r``, ``\\u202e``, ``\\udce9``).

    With ``multiline=True`` line feeds stay (a body stays readable on several lines), a CRLF
    line end becomes a plain line feed and tabs become spaces (tab stops every 8 columns), so
    the result holds no control character but the line feed; otherwise line feeds and tabs
    are escaped too (``\\n``, ``\\t``), for one-line places such as table cells. Backslashes
    are left alone: the result is for reading, not for parsing back.
    """
    if text.isascii() and text.isprintable():
        return text
    if multiline:
        kept = _UNSAFE_BUT_LINES.sub(_escape, text.replace("\r\n", "\n"))
        return kept.expandtabs() if "\t" in kept else kept
    return _UNSAFE.sub(_escape, text)


def is_valid_text(text: str) -> bool:
    """True when ``text`` is valid Unicode: it holds no lone surrogate (U+D800 to U+DFFF), so it
    encodes to UTF-8."""
    return text.isascii() or _SURROGATE.search(text) is None


def first_invalid(text: str) -> int | None:
    """The index of the first lone surrogate in ``text``, or None when it is valid."""
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else found.start()


def invalid_text_path(data: Any, root: str) -> str | None:
    """The path (``messages[0].body``, ``fields.plan``, ``a key in fields``) of the first
    text in the plain data ``data`` (lists, dicts and their keys, in order) that is not
    valid Unicode; ``root`` when ``data`` itself is such a text; None when every text is
    valid. It walks with its own stack: nesting as deep as a JSON parser allows is fine."""
    # (value, where, whether value is a key of the dict at where), next one last
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        value, where, is_key = stack.pop()
        if isinstance(value, str):
            if not is_valid_text(value):
                if is_key:
                    return f"a key in {where}" if where else "a key"
                return where or root
        elif isinstance(value, dict):
            entries: list[tuple[Any, str, bool]] = []
            for key, item in value.items():
                entries.append((key, where, True))
                entries.append((item, f"{where}.{key}" if where else str(key), False))
            stack.extend(reversed(entries))
        elif isinstance(value, list | tuple):
            stack.extend(reversed([(item, f"{where}[{n}]", False)
                                   for n, item in enumerate(value)]))
    return None


def replace_invalid(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate replaced by U+FFFD, and how many were replaced."""
    if text.isascii():
        return text, 0
    return _SURROGATE.subn(REPLACEMENT, text)


def escape_json_text(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with DEL, the C1
    controls, the bidi controls and the line/paragraph separators written as ``\\uXXXX``
    escapes: the same JSON value, safe to show on a terminal (``json.dumps`` already escapes
    the C0 controls)."""
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, limit: int = 80) -> str:
    """``text``, or its beginning and end around a note of how much was left out when it is
    longer than ``limit`` characters (for quoting user input in one-line messages)."""
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 0)
    return f"{text[:head]}…[{len(text) - head - tail} characters]…{text[len(text) - tail:]}"
