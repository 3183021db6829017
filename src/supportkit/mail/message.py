"""One inbound RFC 5322 message read into what the gateway decides on.

The standard library's :mod:`email` package reads the message (policy ``default``). The
subject goes through the header registry (RFC 2047 encoded-words), falling back to the raw
text when the registry fails on it; addresses, Message-IDs, content types and the loop
headers are read from the raw header text (the registry's parse of them cost more than the
rest of a small message); file names come from ``get_filename`` (RFC 2231). Nothing here
trusts the message: a part in an unknown or broken charset is read as UTF-8 with replacement
characters; sizes and counts are capped; every text search is a linear scan."""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import hashlib
import re
from collections.abc import Iterator
from email.header import decode_header, make_header

import attrs

from supportkit.entitlements.codes import LicenseKey, SupportCode
from supportkit.errors import InvalidInput, SupportkitError
from supportkit.mail.text import html_to_text

__all__ = ["Bounce", "InboundMail", "MessageInProgress", "Part", "UnusableMessage",
           "find_keys", "message_ids", "parse_message"]

#: How many Message-IDs of In-Reply-To/References are looked at (the newest).
MAX_REFERENCES = 50
MAX_PARTS = 500
_MSG_ID = re.compile(r"<([^<>\s]{1,250})>")
_BARE_ID = re.compile(r"[^<>\s@]{1,125}@[^<>\s@]{1,125}")


class UnusableMessage(InvalidInput):
    """A message the gateway can never take (empty, too large, no sender): exit status 65
    (EX_DATAERR) of ``supportkit mailgate``."""


class MessageInProgress(SupportkitError):
    """Another gateway is processing the same Message-ID right now: try again later (exit
    status 75 of ``supportkit mailgate``), so the copy is not lost should that one fail."""


@attrs.frozen
class Part:
    """An attachment or inline part: file name, content type and bytes."""

    filename: str
    content_type: str
    content: bytes = attrs.field(repr=False)
    inline: bool = False


@attrs.frozen
class Bounce:
    """What a delivery-status report says: the Message-ID it reports on (if found), the
    failed recipient and the status."""

    original_message_id: str | None
    recipient: str | None
    status: str | None
    action: str | None


@attrs.frozen(kw_only=True)
class InboundMail:
    """An inbound message, read."""

    message_id: str
    #: In-Reply-To first, then References newest first: the order threading tries them.
    thread_ids: tuple[str, ...]
    subject: str
    #: the From address as written (look-ups try it, then lower-cased)
    address: str | None
    name: str
    text: str
    html_only: bool
    parts: tuple[Part, ...]
    #: why the message is automatic (RFC 3834 and friends), or None for a person's mail.
    automatic: str | None
    #: the sender asked for no automatic answer (X-Auto-Response-Suppress, Auto-Submitted).
    no_auto_reply: bool
    bounce: Bounce | None
    support_codes: tuple[str, ...]
    license_keys: tuple[str, ...]


def _header(msg: email.message.Message, name: str) -> str:
    """A header's decoded value on one line ('' when absent); never raises."""
    try:
        value = msg.get(name)
        if value is None:
            return ""
        text = str(value)
    except Exception:  # the header parser raises assorted errors on junk
        raw = msg.get_all(name, failobj=[]) if hasattr(msg, "get_all") else []
        text = ""
        for item in raw[:1]:
            try:
                text = str(make_header(decode_header(str(item))))
            except Exception:  # as above
                text = str(item)
    return " ".join(text.split())[:10_000]


def _raw_headers(msg: email.message.Message) -> dict[str, str]:
    """The first value of each header as it was written (lower-cased names, whitespace
    collapsed), read without the header registry: for the headers whose words or ids are
    all that matter (the registry's parse costs more than the rest of a small message)."""
    found: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = str(name).lower()
        if key not in found:
            found[key] = " ".join(str(value).split())[:10_000]
    return found


def message_ids(text: str) -> list[str]:
    """The Message-IDs in a header value (``<a@b>`` forms; a bare ``a@b`` when none)."""
    found = _MSG_ID.findall(text)
    if not found:
        bare = _BARE_ID.search(text)
        found = [bare.group(0)] if bare else []
    return found


def _address(headers: dict[str, str]) -> tuple[str | None, str]:
    """The From address (as written) and display name. The address is read from the raw
    header (an address is ASCII, or UTF-8 bytes the parser kept); only the display name
    needs RFC 2047 decoding."""
    name, address = email.utils.parseaddr(headers.get("from", ""))
    address = address.strip()
    if "@" not in address or any(c.isspace() or not c.isprintable() for c in address) or len(
            address) > 254:
        return None, name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if "=?" in name:
        try:
            name = str(make_header(decode_header(name)))
        except Exception:  # a broken encoded-word: the name stays as written
            name = name.replace("=?", "= ?")
    return address, " ".join(name.split())[:200]


def _raw(part: email.message.Message, name: str) -> str | None:
    for key, value in part.raw_items():
        if str(key).lower() == name:
            return " ".join(str(value).split())[:2000]
    return None


_CHARSET = re.compile(r"charset[ \t]{0,5}=[ \t]{0,5}\"?([A-Za-z0-9_.:+\-]{1,60})", re.IGNORECASE)


_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+\-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+\-]{0,126}")


def _content_type(part: email.message.Message) -> str:
    """``part.get_content_type()`` read from the raw header (the same answer: the value
    before ``;``, lower-cased; the default type when missing or not ``type/subtype``)."""
    raw = _raw(part, "content-type")
    if raw is None:
        return part.get_default_type()
    kind = raw.split(";", 1)[0].strip().lower()
    return kind if _MIME_TYPE.fullmatch(kind) else "text/plain"


def _disposition(part: email.message.Message) -> str:
    raw = _raw(part, "content-disposition")
    return raw.split(";", 1)[0].strip().lower() if raw else ""


#: C0 control characters and DEL but tab and line breaks: never part of what a person wrote,
#: and one inside a word ("p\x01assword: …") would hide a secret from the redactor while
#: a terminal or a browser shows the word whole. Removed from every text part.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text_of(part: email.message.Message) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    found = _CHARSET.search(_raw(part, "content-type") or "")
    charset = found.group(1).lower() if found else "utf-8"
    try:
        text = data.decode(charset, errors="replace")
    except (LookupError, ValueError):  # unknown charset: UTF-8, as the redactor reads it too
        text = data.decode("utf-8", errors="replace")
    return _CONTROLS.sub("", text)


def _walk(msg: email.message.Message) -> Iterator[email.message.Message]:
    """The leaf parts, depth first, at most :data:`MAX_PARTS` (message/rfc822 parts are
    leaves: a forwarded message is kept as an attachment)."""
    stack = [msg]
    seen = 0
    while stack and seen < MAX_PARTS:
        part = stack.pop()
        seen += 1
        payload = part.get_payload()
        if _content_type(part).startswith("multipart/") and isinstance(payload, list):
            stack.extend(p for p in reversed(payload) if isinstance(p, email.message.Message))
        else:
            yield part


_SAFE_NAME = re.compile(r"[^\w.\- ()+,@=\[\]]", re.UNICODE)
_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
               "text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf",
               "message/rfc822": ".eml", "text/rfc822-headers": ".txt"}


def _filename(part: email.message.Message, number: int, content_type: str) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # a broken RFC 2231 parameter
        name = ""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", " ".join(name.split())).strip(" .")[:200]
    if not name or name in (".", ".."):
        name = f"part-{number}{_EXTENSIONS.get(content_type, '.bin')}"
    return name


def _content(part: email.message.Message) -> bytes:
    if _content_type(part) == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], email.message.Message):
            try:
                return inner[0].as_bytes(policy=email.policy.compat32)
            except Exception:  # the generator fails on some broken messages
                return str(inner[0]).encode("utf-8", "replace")
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _bounce(msg: email.message.Message, address: str | None) -> Bounce | None:
    content_type = _content_type(msg)
    report = content_type == "multipart/report" and (
        str(msg.get_param("report-type") or "").lower() == "delivery-status")
    local = (address or "").partition("@")[0].lower()
    daemon = local in ("mailer-daemon", "postmaster")
    if not (report or daemon):
        return None
    original: str | None = None
    recipient = status = action = None
    for part in _walk(msg):
        kind = _content_type(part)
        if kind == "message/delivery-status":
            text = _delivery_status_text(part)
            for line in text.splitlines()[:200]:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                value = " ".join(value.split())[:300]
                if key == "final-recipient" and recipient is None:
                    recipient = value.partition(";")[2].strip() or value
                elif key == "status" and status is None:
                    status = value
                elif key == "action" and action is None:
                    action = value
        elif kind in ("message/rfc822", "text/rfc822-headers") and original is None:
            original = _original_id(part)
        elif kind == "text/plain" and original is None and not report:
            original = _id_in_text(_text_of(part))
    return Bounce(original, recipient, status, action)


def _delivery_status_text(part: email.message.Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):  # the parser read the status groups as header blocks
        return "\n".join(f"{k}: {v}" for block in payload if isinstance(
            block, email.message.Message) for k, v in block.items())
    return _text_of(part)


def _original_id(part: email.message.Message) -> str | None:
    inner = part.get_payload()
    if isinstance(inner, list) and inner and isinstance(inner[0], email.message.Message):
        ids = message_ids(_header(inner[0], "Message-ID"))
        return ids[0] if ids else None
    return _id_in_text(_text_of(part))


_ID_LINE = re.compile(r"^message-id:[ \t]{0,20}(\S{1,1000})", re.IGNORECASE | re.MULTILINE)


def _id_in_text(text: str) -> str | None:
    found = _ID_LINE.search(text[:200_000])
    if found is None:
        return None
    ids = message_ids(found.group(1))
    return ids[0] if ids else None


def _automatic(headers: dict[str, str]) -> str | None:
    auto = headers.get("auto-submitted", "").lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto[:50]}"
    precedence = headers.get("precedence", "").lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    if headers.get("list-id"):
        return "mailing-list mail (List-Id)"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if headers.get(name.lower()):
            return f"{name} header"
    if headers.get("x-loop"):
        return "X-Loop header"
    return None


_SUPPRESS = ("all", "oof", "autoreply")


def _no_auto_reply(headers: dict[str, str]) -> bool:
    suppress = headers.get("x-auto-response-suppress", "").lower()
    return any(word in suppress for word in _SUPPRESS)


#: punctuation around a word (not a secret)
_TOKEN_EDGE = "\"'()[]{}<>,;:!?"  # noqa: S105


def find_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Support codes and license keys written in ``text``: a ten-digit code after the words
    "support code", and license keys after "license key" or containing ``-SUP-``/``-SaaS-``
    (Open-Xchange). Linear: one pass over the words."""
    words = text[:200_000].split()
    codes: list[str] = []
    keys: list[str] = []
    lowered = [w.lower().strip(_TOKEN_EDGE + ".") for w in words]
    for i, word in enumerate(words[:20_000]):
        token = word.strip(_TOKEN_EDGE + ".")
        if len(token) > 200:
            continue
        previous = " ".join(lowered[max(0, i - 2):i])
        if "support code" in previous or previous.endswith("support-code"):
            digits = "".join(words[i:i + 3])[:24]
            for end in range(len(digits), 0, -1):
                candidate = digits[:end].strip(_TOKEN_EDGE + ".")
                try:
                    code = str(SupportCode.parse(candidate))
                except InvalidInput:
                    continue
                if code not in codes:
                    codes.append(code)
                break
        if ("-SUP-" in token or "-SaaS-" in token or "licen" in previous) and "-" in token:
            try:
                key = str(LicenseKey.parse(token))
            except InvalidInput:
                continue
            if key not in keys:
                keys.append(key)
    return tuple(codes[:5]), tuple(keys[:5])


def parse_message(raw: bytes, *, max_bytes: int) -> InboundMail:
    """Read ``raw``; :class:`UnusableMessage` when it can never be taken (empty, larger
    than ``max_bytes``, no header block, no sender address)."""
    if not isinstance(raw, bytes | bytearray):
        raise UnusableMessage("a message is bytes (the raw RFC 5322 source)")
    if not raw.strip():
        raise UnusableMessage("the message is empty")
    if len(raw) > max_bytes:
        raise UnusableMessage(f"the message has {len(raw)} bytes; at most {max_bytes} are "
                              "taken")
    try:
        msg = email.message_from_bytes(bytes(raw), policy=email.policy.default)
    except Exception as exc:  # the parser's failures on hostile input
        raise UnusableMessage(f"the message cannot be read: {type(exc).__name__}") from None
    if not msg.keys():
        raise UnusableMessage("the message has no header block")
    headers = _raw_headers(msg)
    address, name = _address(headers)
    if address is None:
        raise UnusableMessage("the message has no sender address (From)")
    ids = message_ids(headers.get("message-id", ""))
    message_id = ids[0] if ids else (
        "sha256-" + hashlib.sha256(bytes(raw)).hexdigest() + "@no-message-id")
    thread: list[str] = message_ids(headers.get("in-reply-to", ""))[:1]
    references = message_ids(headers.get("references", ""))[-MAX_REFERENCES:]
    thread += [r for r in reversed(references) if r not in thread]
    subject = _header(msg, "Subject")

    plain: str | None = None
    markup: str | None = None
    parts: list[Part] = []
    for number, part in enumerate(_walk(msg), 1):
        kind = _content_type(part)
        disposition = _disposition(part)
        if kind == "text/plain" and disposition != "attachment" and plain is None:
            plain = _text_of(part)
        elif kind == "text/html" and disposition != "attachment" and markup is None:
            markup = _text_of(part)
        elif kind in ("message/delivery-status",) or (
                kind.startswith("text/") and disposition != "attachment"
                and not part.get_filename()):
            continue  # another alternative of the body, or a report's machine part
        else:
            parts.append(Part(_filename(part, number, kind), kind, _content(part),
                              inline=disposition != "attachment"))
    html_only = plain is None and markup is not None
    text = plain if plain is not None else html_to_text(markup or "")
    codes, keys = find_keys(f"{subject}\n{text}")
    return InboundMail(
        message_id=message_id, thread_ids=tuple(thread), subject=subject, address=address,
        name=name, text=text, html_only=html_only, parts=tuple(parts),
        automatic=_automatic(headers), no_auto_reply=_no_auto_reply(headers),
        bounce=_bounce(msg, address), support_codes=codes, license_keys=keys,
    )
