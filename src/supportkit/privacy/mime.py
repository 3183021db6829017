"""Secrets removed from a raw RFC 5322 message, part by part, whatever state it is in.

The pass never gives up on a whole message (issue 16). Every header of every part is decoded
(RFC 2047 encoded-words, RFC 2231 parameters such as ``filename*=``) and redacted; every leaf
part is decoded from its transfer encoding and redacted:

* ``base64`` is decoded leniently (junk characters skipped, padding repaired, each ``=``-ended
  chunk on its own, and line by line when that reads differently), ``quoted-printable`` with
  its soft line breaks joined, ``x-uuencode`` with the standard library; any other or unknown
  transfer encoding is taken as raw bytes. The encoded source is searched too.
* The bytes are read in the part's declared charset when Python knows it, and always also as
  UTF-8 with undecodable bytes kept as-is (``surrogateescape``): an unknown charset
  (``unknown-8bit``, ``x-unknown``, ``x-user-defined``) or none at all still gets every ASCII
  and UTF-8 secret found.
* Text that a broken header block pushed into a body is read the way it was meant: base64
  and quoted-printable in a part that does not declare them, base64 lines inside text,
  unlabelled (or line-break-shifted) UTF-16, percent-encoded lines and encoded-words.
* A part that changed is re-encoded in its own transfer encoding (damaged base64 comes out
  clean), so the stored message stays a valid message; parts and headers that did not change
  keep their bytes, and a message with nothing to redact is returned unchanged.
* ``message/*`` parts that the parser left encoded are redacted as messages of their own.

If the ``email`` parser or generator fails on the input (e.g. nesting too deep to recurse),
the source is redacted as bytes the same way (base64 blocks, UTF-16, percent-encoding,
encoded-words, quoted-printable); the pass still returns. Every reading is linear in the size
of the message.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.utils
import io
import re
import urllib.parse
from collections.abc import Callable, Iterator
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.policy import Compat32

__all__ = ["RedactText", "decode_header_text", "redact_raw_email"]

#: A text redactor: the text with secrets replaced, and the kinds found (empty: none).
RedactText = Callable[[str], tuple[str, tuple[str, ...]]]

_MAX_DEPTH = 8  # message/* parts inside message/* parts that are decoded and redacted again
_MAX_ROUNDS = 4  # redact-and-re-encode rounds per part (each round removes what it finds)


class _Verbatim(Compat32):
    """compat32, but a header that is a string is written exactly as it was read (or as this
    module built it, already folded): unchanged headers keep their bytes."""

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if isinstance(value, str):
            return f"{name}: {value}{self.linesep}"
        folded: str = super()._fold(name, value, sanitize)  # type: ignore[misc]
        return folded


_POLICY = _Verbatim()


class _Generator(BytesGenerator):
    """A multipart part whose parts were not found (no boundary) keeps its raw payload; the
    standard generator would read it through ``get_payload()``, which turns 8-bit bytes into
    replacement characters it then cannot write."""

    def _handle_multipart(self, msg: Message) -> None:
        payload = vars(msg).get("_payload")
        if isinstance(payload, str):
            self.write(payload)
            return
        super()._handle_multipart(msg)  # type: ignore[misc]


_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_UTF16_LE_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){4}")
_UTF16_BE_RUN = re.compile(rb"(?:\x00[\x20-\x7e]){4}")
_UNFOLD = re.compile(r"\r?\n(?=[ \t])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# An encoded-word; one cut short (truncated message: "?" or nothing instead of "?=") is read
# up to the next blank.
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*+)(?:\?=?|(?=\s)|\Z)")
_ENCODED_WORD_BYTES = re.compile(rb"=\?[^?\s]{1,75}\?[bBqQ]\?")
_QP_ESCAPE = re.compile(rb"=(?:[0-9A-Fa-f]{2}|\r?\n)")
_PERCENT_SEPARATOR = re.compile(rb"%(?:3[aAdD]|20)")
_PERCENT_LINE = re.compile(rb"(?m)^[^\n]*%(?:3[aAdD]|20)[^\n]*")
_BETWEEN_WORDS = re.compile(r"\?=(?:\r?\n)?[ \t]++(?==\?)")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]+")
_VALID_BASE64 = re.compile(rb"[A-Za-z0-9+/]*+={0,2}")
_BASE64_CHUNK = re.compile(rb"[A-Za-z0-9+/]+")
_BASE64_BLOCK = re.compile(rb"(?m)(?:^[A-Za-z0-9+/]{16,}+={0,2}[ \t]*\r?(?:\n|\Z))+")
_PARAM_HEADERS = frozenset({"content-type", "content-disposition"})
_SAFE_PARAM = re.compile(r"[!#$%&'*+.0-9A-Z^_`a-z|~ -]*\Z")


def redact_raw_email(raw: bytes, redact: RedactText) -> tuple[bytes, tuple[str, ...]]:
    """``raw`` with secrets removed from every header and part, and the kinds found."""
    kinds: set[str] = set()
    return _message(raw, redact, kinds, 0), tuple(sorted(kinds))


def _message(raw: bytes, redact: RedactText, kinds: set[str], depth: int) -> bytes:
    found: set[str] = set()
    try:
        result = _structured(raw, redact, found, depth)
    except Exception:  # any failure of the email package on hostile input: fall back
        found = set()
        try:
            result = _unstructured(raw, redact, found)
        except Exception:  # last resort, should a reading fail too: the bytes as Latin-1 text
            cleaned, kinds_found = redact(raw.decode("latin-1"))
            found = set(kinds_found)
            result = cleaned.encode("latin-1", "replace")
    kinds |= found
    return result


# -- decoding helpers ---------------------------------------------------------------------------


def _decode(data: bytes, charset: str | None) -> str | None:
    """``data`` in ``charset`` (undecodable bytes escaped); ``None`` when Python does not
    know the charset or it is not a text encoding."""
    if not charset:
        return None
    try:
        return data.decode(charset.strip().strip("\"'"), "surrogateescape")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None


def _encode(text: str, charset: str) -> bytes | None:
    try:
        return text.encode(charset.strip().strip("\"'"), "surrogateescape")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None


def _readable(data: bytes) -> str:
    """Bytes of unknown encoding as text: UTF-8 if they are, else Latin-1 (never fails)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _raw_bytes(text: str) -> bytes:
    """A string read by the bytes parser (ASCII plus escaped bytes) back to its bytes; text
    decoded from a charset that yields lone surrogates (UTF-7) gets U+FFFD for them."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8", "surrogateescape")


def _parser_text(data: bytes) -> str:
    """Bytes as the bytes parser holds them: ASCII, other bytes escaped."""
    return data.decode("ascii", "surrogateescape")


def _b64decode(data: bytes, *, padding: bool = True) -> bytes:
    """Lenient base64: junk skipped, padding repaired, a dangling sixth bit dropped. With
    ``padding`` each ``=``-ended chunk is decoded on its own (joined encodings); without, an
    ``=`` counts as junk too (a stray one in the middle)."""
    out: list[bytes] = []
    clean = _NOT_BASE64.sub(b"", data)
    for chunk in _BASE64_CHUNK.findall(clean if padding else clean.replace(b"=", b"")):
        if len(chunk) % 4 == 1:
            chunk = chunk[:-1]
        try:
            out.append(binascii.a2b_base64(chunk + b"=" * (-len(chunk) % 4)))
        except binascii.Error:  # pragma: no cover - repaired chunks always decode
            continue
    return b"".join(out)


def _b64_views(data: bytes) -> list[bytes]:
    """The readings of damaged base64: whole and line by line (a line that lost a character
    misaligns only itself), ``=`` as padding and as junk. Distinct readings only."""
    whole = data.translate(None, b"\r\n")
    if len(whole) % 4 == 0 and _VALID_BASE64.fullmatch(whole):
        return [binascii.a2b_base64(whole)]  # undamaged: there is only one reading
    lines = data.splitlines()
    views: list[bytes] = []
    for padding in (True, False):
        for view in (
            _b64decode(data, padding=padding),
            b"".join(_b64decode(line, padding=padding) for line in lines),
        ):
            if view not in views:
                views.append(view)
    return views


# -- text redaction on bytes --------------------------------------------------------------------


def _same_as_utf8(charset: str | None) -> bool:
    """True when reading in ``charset`` finds nothing the UTF-8 reading does not."""
    if charset is None:
        return True
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name in ("utf-8", "ascii")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return True  # unknown: there is no reading in it


def _utf16_readings(data: bytes) -> list[tuple[str, int]]:
    """The UTF-16 byte orders and offsets (0 or 1) at which ``data`` holds a run of UTF-16
    text (four printable ASCII characters in a row): unlabelled, or shifted by a line break,
    anywhere in the part. Random binary data practically never holds one."""
    found: list[tuple[str, int]] = []
    for codec, pattern in (("utf-16-le", _UTF16_LE_RUN), ("utf-16-be", _UTF16_BE_RUN)):
        for match in pattern.finditer(data):
            reading = (codec, match.start() % 2)
            if reading not in found:
                found.append(reading)
            if (codec, 0) in found and (codec, 1) in found:
                break
    return found


def _redact_bytes(
    data: bytes,
    redact: RedactText,
    kinds: set[str],
    charset: str | None = None,
    *,
    blocks: bool = True,
) -> tuple[bytes, str | None] | None:
    """``data`` with secrets removed and the charset it is now in (``None``: unchanged), or
    ``None`` when nothing was found. Read in ``charset`` when known, then always as UTF-8 with
    undecodable bytes escaped, so ASCII and UTF-8 secrets are found under any label; then, where
    the bytes hold them, base64 lines (``blocks``), UTF-16, percent-encoding and encoded-words."""
    changed = False
    new_charset: str | None = None
    if charset is not None and not _same_as_utf8(charset):
        text = _decode(data, charset)
        if text is not None:
            cleaned, found = redact(text)
            if found:
                kinds.update(found)
                encoded = _encode(cleaned, charset)
                if encoded is None:
                    encoded, new_charset = _raw_bytes(cleaned), "utf-8"
                data, changed = encoded, True
    cleaned, found = redact(data.decode("utf-8", "surrogateescape"))
    if found:
        kinds.update(found)
        data, changed = _raw_bytes(cleaned), True
    if blocks and _BASE64_BLOCK.search(data):  # base64 lines inside text
        replaced = _redact_base64_blocks(data, redact, kinds)
        if replaced is not None:
            data, changed = replaced, True
    if b"\x00" in data:  # UTF-16 without a label, or with line breaks that shifted it
        for codec, offset in _utf16_readings(data):
            cleaned, found = redact(data[offset:].decode(codec, "replace"))
            if found:
                kinds.update(found)
                data = data[:offset] + cleaned.encode(codec, "replace")
                changed = True
    if _PERCENT_SEPARATOR.search(data):  # an RFC 2231 value or a URL outside its header
        replaced = _redact_percent_lines(data, redact, kinds)
        if replaced is not None:
            data, changed = replaced, True
    if _ENCODED_WORD_BYTES.search(data):  # encoded-words outside a header
        cleaned, found = redact(_decode_words(data.decode("utf-8", "surrogateescape")))
        if found:
            kinds.update(found)
            data, changed = _raw_bytes(cleaned), True
    return (data, new_charset) if changed else None


def _decode_words(text: str) -> str:
    """``text`` with each RFC 2047 encoded-word decoded in place (adjacent words joined)."""
    text = _BETWEEN_WORDS.sub("?=", text)
    return _ENCODED_WORD.sub(lambda m: _decode_word(m[1], m[2], m[3]), text)


def _redact_base64_blocks(data: bytes, redact: RedactText, kinds: set[str]) -> bytes | None:
    """``data`` with each run of base64-looking lines that decodes to a secret replaced by
    the base64 of its redacted form, or ``None`` when there is none."""
    changed = False

    def block(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        for view in _b64_views(match.group()):
            cleaned, found = redact(view.decode("utf-8", "surrogateescape"))
            if found:
                kinds.update(found)
                changed = True
                end = b"\r\n" if match.group().endswith(b"\r\n") else b"\n"
                return base64.encodebytes(_raw_bytes(cleaned)).replace(b"\n", end)
        return match.group()

    data = _BASE64_BLOCK.sub(block, data)
    return data if changed else None


def _redact_percent_lines(data: bytes, redact: RedactText, kinds: set[str]) -> bytes | None:
    """``data`` with each line that holds a percent-encoded separator (``%3A``, ``%3D``,
    ``%20``) and, decoded, a secret replaced by its decoded, redacted form; ``None`` when
    there is none. Line by line, so stray ``%20`` in binary data costs only its line."""
    changed = False

    def line(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        text = match.group().decode("utf-8", "surrogateescape")
        cleaned, found = redact(urllib.parse.unquote(text, errors="surrogateescape"))
        if not found:
            return match.group()
        kinds.update(found)
        changed = True
        return _raw_bytes(cleaned)

    data = _PERCENT_LINE.sub(line, data)
    return data if changed else None


def _redact_str(text: str, redact: RedactText, kinds: set[str]) -> str | None:
    """A string of the bytes parser (ASCII plus escaped bytes) redacted, or ``None``."""
    result = _redact_bytes(_raw_bytes(text), redact, kinds)
    return None if result is None else _parser_text(result[0])


# -- headers ------------------------------------------------------------------------------------


def _decode_word(charset: str, encoding: str, text: str) -> str:
    data = _raw_bytes(text)
    if encoding in "bB":
        data = _b64decode(data)
    else:
        data = binascii.a2b_qp(data, header=True)
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix
    try:
        return data.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return _readable(data)


def decode_header_text(value: str) -> str:
    """A header value as readable text: folds joined, RFC 2047 encoded-words decoded (also in
    charsets Python does not know, and with damaged base64), raw 8-bit bytes read as UTF-8 or
    Latin-1. Whitespace between adjacent encoded-words is dropped, as RFC 2047 says."""
    value = _UNFOLD.sub("", value)
    pieces: list[str] = []
    at = 0
    after_word = False
    for match in _ENCODED_WORD.finditer(value):
        between = value[at : match.start()]
        if not (after_word and not between.strip(" \t")):
            pieces.append(_readable(_raw_bytes(between)))
        pieces.append(_decode_word(match[1], match[2], match[3]))
        at, after_word = match.end(), True
    pieces.append(_readable(_raw_bytes(value[at:])))
    return "".join(pieces)


def _params(name: str, value: str) -> list[tuple[str, str]] | None:
    """The parameters of a Content-Type / Content-Disposition value, RFC 2231 decoded."""
    probe = Message()
    probe[name] = _UNFOLD.sub("", value)
    params = probe.get_params(header=name)
    if not params:
        return None
    return [(key, email.utils.collapse_rfc2231_value(val)) for key, val in params]


def _param_header(params: list[tuple[str, str]]) -> str:
    pieces: list[str] = []
    for key, val in params:
        if not val:
            pieces.append(key)
        elif val.isascii() and _SAFE_PARAM.match(val):
            pieces.append(f'{key}="{val}"')
        else:
            pieces.append(f"{key}*=utf-8''{urllib.parse.quote(val, safe='')}")
    return "; ".join(pieces)


def _header_text(name: str, text: str, linesep: str) -> str:
    """A header value built from text: one line if ASCII, else folded encoded-words."""
    text = _LONE_SURROGATE.sub("\ufffd", _LINE_BREAK.sub(" ", text))
    if text.isascii():
        return text
    return Header(text, "utf-8", header_name=name).encode(linesep=linesep)


def _redact_header(
    name: str, value: str, redact: RedactText, kinds: set[str], linesep: str
) -> tuple[str, str] | None:
    """The header with secrets removed from its decoded text, its parameters and its raw
    form, or ``None`` when it has none."""
    decoded = decode_header_text(value)
    changed = False
    if name.lower() in _PARAM_HEADERS:
        try:
            params = _params(name, value)
        except Exception:  # unparsable parameters: the text pass below still runs
            params = None
        if params:
            cleaned_params: list[tuple[str, str]] = []
            for key, val in params:
                cleaned, found = redact(val)
                if found:
                    kinds.update(found)
                    changed = True
                cleaned_params.append((key, cleaned))
            if changed:
                decoded = _param_header(cleaned_params)
    line, found = redact(f"{name}: {decoded}")
    if found:
        kinds.update(found)
        changed = True
        head, sep, rest = line.partition(": ")
        name, decoded = (head, rest) if sep and head == name else ("X-Redacted", line)
    new_value = _header_text(name, decoded, linesep) if changed else value
    again = _redact_str(f"{name}: {new_value}", redact, kinds)
    if again is not None:
        changed = True
        head, sep, rest = again.partition(": ")
        name, new_value = (head, rest) if sep and head == name else ("X-Redacted", again)
        new_value = _LINE_BREAK.sub(" ", new_value)
    return (name, new_value) if changed else None


def _headers(part: Message, redact: RedactText, kinds: set[str], linesep: str) -> bool:
    # raw_items: the values as read (items() would turn 8-bit bytes into a Header object)
    items = [(name, str(value)) for name, value in part.raw_items()]
    cleaned: list[tuple[str, str]] = []
    changed = False
    for name, value in items:
        result = _redact_header(name, value, redact, kinds, linesep)
        if result is not None:
            changed = True
            name, value = result
        cleaned.append((name, value))
    if changed:
        for name in {name for name, _ in items}:
            del part[name]
        for name, value in cleaned:
            part[name] = value
    return changed


# -- bodies -------------------------------------------------------------------------------------


def _views(cte: str, data: bytes) -> Iterator[tuple[bytes, str]]:
    """Decoded forms of a payload, each with how to encode it back: ``cte`` names the
    transfer encoding, ``raw`` the payload as it is, ``base64-text`` base64 found in a part
    that does not say so (a part that lost its headers, stray characters and all); such a
    part is read as quoted-printable too."""
    if cte == "base64":
        for view in _b64_views(data):
            yield view, "base64"
    elif cte == "quoted-printable":
        yield binascii.a2b_qp(data), "quoted-printable"
    elif cte in ("x-uuencode", "uuencode", "x-uue", "uue"):
        probe = Message()
        probe["Content-Transfer-Encoding"] = cte
        probe.set_payload(_parser_text(data))
        decoded = probe.get_payload(decode=True)
        if isinstance(decoded, bytes) and decoded != data:
            yield decoded, "base64"
    yield data, "raw"
    if cte not in ("base64", "quoted-printable"):
        for view in _b64_views(data):
            yield view, "base64-text"
        if _QP_ESCAPE.search(data):
            yield binascii.a2b_qp(data), "quoted-printable"


def _encode_body(data: bytes, how: str) -> bytes:
    if how in ("base64", "base64-text"):
        return base64.encodebytes(data)
    if how == "quoted-printable":
        return binascii.b2a_qp(data)
    return data


def _body(
    part: Message, redact: RedactText, kinds: set[str], depth: int
) -> bool:
    payload = vars(part).get("_payload")  # get_payload() would turn 8-bit bytes into "?"
    if not isinstance(payload, str):
        return False
    data = _raw_bytes(payload)
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    charset = part.get_content_charset()
    nested = part.get_content_maintype() == "message" and depth < _MAX_DEPTH
    changed = False
    encoding = cte
    for _ in range(_MAX_ROUNDS):
        for view, how in _views(encoding, data):
            result: tuple[bytes, str | None] | None
            if nested and how != "raw":
                found: set[str] = set()
                cleaned = _message(view, redact, found, depth + 1)
                result = (cleaned, None) if found else None
                kinds |= found
            else:
                blocks = not (how == "raw" and encoding == "base64")  # decoded views cover it
                result = _redact_bytes(view, redact, kinds, charset, blocks=blocks)
            if result is not None:
                new, new_charset = result
                data = _encode_body(new, how)
                if how == "base64" and encoding != "base64":
                    encoding = "base64"
                    del part["Content-Transfer-Encoding"]
                    part["Content-Transfer-Encoding"] = "base64"
                if new_charset is not None:
                    part.set_param("charset", new_charset)
                    charset = new_charset
                changed = True
                break
        else:
            break
    if changed:
        part.set_payload(_parser_text(data))
    return changed


# -- the whole message --------------------------------------------------------------------------


def _linesep(raw: bytes) -> str:
    end = raw.find(b"\n")
    return "\r\n" if end > 0 and raw[end - 1 : end] == b"\r" else "\n"


def _structured(raw: bytes, redact: RedactText, kinds: set[str], depth: int) -> bytes:
    message = email.message_from_bytes(raw, policy=_POLICY)
    linesep = _linesep(raw)
    changed = False
    unixfrom = message.get_unixfrom()
    if unixfrom:
        cleaned = _redact_str(unixfrom, redact, kinds)
        if cleaned is not None:
            message.set_unixfrom(_LINE_BREAK.sub(" ", cleaned))
            changed = True
    for part in message.walk():
        changed |= _headers(part, redact, kinds, linesep)
        if part.is_multipart():
            for where in ("preamble", "epilogue"):
                text = getattr(part, where)
                if text:
                    cleaned = _redact_str(text, redact, kinds)
                    if cleaned is not None:
                        setattr(part, where, cleaned)
                        changed = True
        else:
            changed |= _body(part, redact, kinds, depth)
    if not changed:
        return raw
    out = io.BytesIO()
    generator = _Generator(out, mangle_from_=False, policy=_POLICY.clone(linesep=linesep))
    generator.flatten(message, unixfrom=bool(message.get_unixfrom()))
    return out.getvalue()


def _unstructured(raw: bytes, redact: RedactText, kinds: set[str]) -> bytes:
    """The fallback when the parser fails: the whole source redacted as bytes (base64-looking
    blocks decoded), and as quoted-printable text."""

    result = _redact_bytes(raw, redact, kinds)
    if result is not None:
        raw = result[0]
    unfolded = binascii.a2b_qp(raw)
    if unfolded != raw:
        result = _redact_bytes(unfolded, redact, kinds)
        if result is not None:
            raw = result[0]
    return raw

