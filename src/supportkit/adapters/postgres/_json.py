"""JSON documents for ``jsonb`` columns, including text PostgreSQL cannot hold.

``jsonb`` refuses the NUL character (``\\u0000``), which a ticket's subject or body may
contain. A document that has one is stored wrapped as ``{"$escaped": ...}`` with every
affected string (and every string that could be mistaken for an escaped one) rewritten:
``ESC + text`` where NUL -> ``ESC NUL_MARK`` and ``ESC`` -> ``ESC ESC_MARK``. Ordinary
documents are stored as they are, so the escape costs one substring test.

A ticket's head or event comes as :func:`~supportkit.serialization.stored_json_bytes`
writes it (UTF-8, ``\\u0000`` for NUL, ESC as its UTF-8 bytes): :func:`stored` passes that
text as it is, unless it :func:`needs_escape` (then its data goes through :func:`encode`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from psycopg.types.json import Jsonb

from supportkit.errors import InvalidInput

__all__ = ["decode", "encode", "escape_str", "needs_escape", "stored", "unescape_str"]

_WRAP = "$escaped"
_ESC, _ESC_MARK, _NUL_MARK = "\ue000", "\ue001", "\ue002"
_UNESCAPE = re.compile(f"{_ESC}(.)", re.DOTALL)
_BACK = {_ESC_MARK: _ESC, _NUL_MARK: "\x00"}
# Compact (jsonb keeps no whitespace anyway): less to build and to send. ensure_ascii stays
# on, so NUL shows as \\u0000 and ESC as \\ue000 in the text.
_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _dumps_text(text: str | bytes) -> str | bytes:
    return text


_NUL_ESCAPED = b"\\u0000"
_ESC_UTF8 = _ESC.encode()


def escape_str(text: str) -> str:
    if "\x00" not in text and not text.startswith(_ESC):
        return text
    return _ESC + text.replace(_ESC, _ESC + _ESC_MARK).replace("\x00", _ESC + _NUL_MARK)


def unescape_str(text: str) -> str:
    """The text :func:`escape_str` was given (a text column that may hold NUL)."""
    if not text.startswith(_ESC):
        return text
    return _UNESCAPE.sub(lambda m: _BACK[m.group(1)], text[1:])


def _walk(value: Any, fix: Any) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, dict):
        return {fix(k): _walk(v, fix) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, fix) for v in value]
    return value


def encode(document: Any) -> Jsonb:
    """``document`` ready for a ``jsonb`` parameter (serialised once)."""
    try:
        text = _ENCODE(document)
        if "\\u0000" in text or "\\ue000" in text or _is_wrapped(document):
            text = _ENCODE({_WRAP: _walk(document, escape_str)})
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"cannot store {document!r:.200} as JSON: {exc}") from exc
    return Jsonb(text, dumps=_dumps_text)


def needs_escape(text: bytes) -> bool:
    """Whether JSON ``text`` (UTF-8, as ``orjson`` or the standard encoder writes it) holds
    a NUL or an ESC: then its document goes through :func:`encode`."""
    # One-byte searches (memchr) first: most texts have no backslash and no U+E000-U+EFFF.
    if b"\\" in text and (_NUL_ESCAPED in text or b"\\ue000" in text):
        return True
    return b"\xee" in text and _ESC_UTF8 in text


def stored(text: bytes) -> Jsonb:
    """The ``jsonb`` parameter of JSON ``text`` that does not :func:`needs_escape`."""
    return Jsonb(text, dumps=_dumps_text)


def _is_wrapped(document: Any) -> bool:
    return isinstance(document, dict) and len(document) == 1 and _WRAP in document


def decode(document: Any) -> Any:
    """The document :func:`encode` was given."""
    if _is_wrapped(document):
        return _walk(document[_WRAP], unescape_str)
    return document
