"""JSON documents for ``jsonb`` columns, including text PostgreSQL cannot hold.

``jsonb`` refuses the NUL character (``\\u0000``), which a ticket's subject or body may
contain. A document that has one is stored wrapped as ``{"$escaped": ...}`` with every
affected string (and every string that could be mistaken for an escaped one) rewritten:
``ESC + text`` where NUL -> ``ESC NUL_MARK`` and ``ESC`` -> ``ESC ESC_MARK``. Ordinary
documents are stored as they are, so the escape costs one substring test.

:func:`encode_stored` takes a ticket's head or event as
:func:`~supportkit.serialization.stored_json_bytes` writes it (UTF-8, ``\\u0000`` for NUL,
ESC as its UTF-8 bytes) and falls back to :func:`encode` of its data when it needs the
escape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from psycopg.types.json import Jsonb

from supportkit.errors import InvalidInput

__all__ = ["decode", "encode", "escape_str", "unescape_str"]

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


def encode_stored(text: bytes, document: Callable[[], Any]) -> Jsonb:
    """The ``jsonb`` parameter of JSON ``text`` (UTF-8, as ``orjson`` writes it) of a
    document that is never wrapped itself (a head, an event); ``document()`` gives its data
    when a NUL or ESC in it needs the escape of :func:`encode`."""
    if _NUL_ESCAPED in text or _ESC_UTF8 in text or b"\\ue000" in text:
        return encode(document())
    return Jsonb(text, dumps=_dumps_text)


def _is_wrapped(document: Any) -> bool:
    return isinstance(document, dict) and len(document) == 1 and _WRAP in document


def decode(document: Any) -> Any:
    """The document :func:`encode` was given."""
    if _is_wrapped(document):
        return _walk(document[_WRAP], unescape_str)
    return document
