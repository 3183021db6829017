"""A corpus of raw e-mails that each hide one secret (``password: <SECRET>``) somewhere a MIME
pass can miss it, plus a lenient decoder that finds every readable form of a message.

Issue 16: an unknown charset (``unknown-8bit``, ``x-unknown``, ``x-user-defined``), damaged
base64 or an unknown transfer encoding made the MIME pass give up, and encoded-words outside
Subject were never decoded. :func:`decoded_forms` uses only the standard library plus a
base64 reader of its own (whole and line by line, junk skipped), independent of
``supportkit.privacy.mime``.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.header
import email.policy
import email.utils
import quopri
import re
from collections.abc import Callable, Iterator
from email.message import Message
from typing import TypeVar

T = TypeVar("T")

SECRET = "Zq7-Hunter2-Xy"  # noqa: S105 - what must not survive
KEEP = "Kept-Line-7781"  # ordinary text that must survive
LABELLED = f"password: {SECRET}"
RU_LABEL = "пароль"  # "password" in Russian
RU_HELLO = "Привет"


def _b64(data: bytes) -> str:
    return base64.encodebytes(data).decode().replace("\n", "\r\n")


def _message(headers: str, body: str, *, crlf: bool = True) -> bytes:
    text = headers.strip("\n") + "\n\n" + body
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("utf-8", "surrogateescape")


def _word(text: str, charset: str = "utf-8", how: str = "b") -> str:
    data = text.encode("utf-8")
    if how == "b":
        return f"=?{charset}?b?{base64.b64encode(data).decode()}?="
    q = quopri.encodestring(data, header=True).decode()
    return f"=?{charset}?q?{q}?="


_TOP = "From: alice@example.com\nTo: support@example.com\nSubject: login fails\nMIME-Version: 1.0\n"
_BODY = f"Hello,\n{KEEP}\n{LABELLED}\nRegards\n"


def _plain_crlf() -> bytes:
    return _message(_TOP + "Content-Type: text/plain; charset=us-ascii", _BODY)


def _plain_lf() -> bytes:
    return _message(_TOP + "Content-Type: text/plain", _BODY, crlf=False)


def _base64_utf8() -> bytes:
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
        _b64((_BODY + "Grüße\n").encode()),
    )


def _base64_unknown_8bit() -> bytes:
    return _message(
        _TOP + "Content-Type: text/plain; charset=unknown-8bit\n"
        "Content-Transfer-Encoding: base64",
        _b64((_BODY + "Gr\xfc\xdfe\n").encode("latin-1")),
    )


def _eightbit_x_unknown() -> bytes:
    body = (_BODY + "caf\xe9\n").encode("latin-1").decode("utf-8", "surrogateescape")
    return _message(
        _TOP + "Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: 8bit",
        body,
    )


def _x_user_defined_base64() -> bytes:
    return _message(
        _TOP + 'Content-Type: text/plain; charset="x-user-defined"\n'
        "Content-Transfer-Encoding: BASE64",
        _b64(_BODY.encode()),
    )


def _damaged_base64_junk() -> bytes:
    encoded = base64.b64encode(_BODY.encode()).decode()
    damaged = encoded[:7] + "!*" + encoded[7:30] + "\r\n" + encoded[30:].rstrip("=")
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
        damaged + "\r\n",
    )


def _damaged_base64_misaligned() -> bytes:
    lines = [base64.b64encode(line.encode()).decode() for line in
             ("first line of the note ok\n", f"{KEEP}\n", f"{LABELLED}\n")]
    lines[0] = lines[0][:5] + lines[0][6:]  # one character lost: the rest misaligns
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
        "\r\n".join(lines) + "\r\n",
    )


def _unknown_transfer_encoding() -> bytes:
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: x-gzip64",
        _BODY,
    )


def _qp_soft_break_in_secret() -> bytes:
    body = f"Hello,\n{KEEP}\npassword: {SECRET[:5]}=\n{SECRET[5:]}\nRegards\n"
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable",
        body,
    )


def _qp_soft_break_in_label() -> bytes:
    body = f"Hello,\n{KEEP}\npass=\nword=3A {SECRET[:3]}=\n{SECRET[3:]}\nRegards\n"
    return _message(
        _TOP + "Content-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable",
        body,
    )


def _encoded_words_in_address_headers() -> bytes:
    headers = (
        f"From: {_word(LABELLED)} <alice@example.com>\n"
        f"To: {_word('Support ' + LABELLED, how='q')} <support@example.com>\n"
        f"Reply-To: {_word(LABELLED, 'iso-8859-1', 'q')} <alice@example.com>\n"
        f"Subject: {KEEP}\nMIME-Version: 1.0\nContent-Type: text/plain\n"
    )
    return _message(headers, "see subject\n")


def _encoded_words_in_x_headers() -> bytes:
    headers = (
        _TOP
        + f"X-Note: {_word(LABELLED, 'x-unknown', 'q')}\n"
        + f"X-Split: {_word('pass')} {_word('word: ' + SECRET[:4])}\n {_word(SECRET[4:])}\n"
        + f"X-Damaged: =?utf-8?b?{base64.b64encode(LABELLED.encode()).decode().rstrip('=')}?=\n"
        + "Content-Type: text/plain\n"
    )
    return _message(headers, f"{KEEP}\n")


def _raw_8bit_header() -> bytes:
    headers = _TOP.replace("Subject: login fails", f"Subject: {RU_LABEL}: {SECRET}")
    return _message(headers + "Content-Type: text/plain; charset=utf-8", f"{KEEP}\n")


def _nested_multipart() -> bytes:
    html = f"<p>{KEEP}</p><p>{LABELLED}</p>".replace(" ", "=20", 1)
    body = (
        "--outer\n"
        "Content-Type: multipart/alternative; boundary=inner\n\n"
        "--inner\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(_BODY.encode()).decode()
        + "--inner\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        + html + "\n--inner--\n"
        "--outer\n"
        "Content-Type: application/octet-stream; name=notes.log\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(f"2026-03-02 {LABELLED}\n".encode()).decode()
        + "--outer--\n"
    )
    return _message(_TOP + 'Content-Type: multipart/mixed; boundary="outer"', body)


def _forwarded_message() -> bytes:
    inner = _message(
        "From: bob@example.com\nSubject: creds\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64",
        _b64(_BODY.encode()),
    ).decode()
    body = (
        f"--b1\nContent-Type: text/plain\n\n{KEEP}\n"
        f"--b1\nContent-Type: message/rfc822\n\n{inner}\n--b1--\n"
    )
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b1", body)


def _forwarded_message_base64() -> bytes:
    inner = _message("From: bob@example.com\nSubject: creds\nContent-Type: text/plain", _BODY)
    body = (
        f"--b1\nContent-Type: text/plain\n\n{KEEP}\n"
        "--b1\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(inner).decode() + "--b1--\n"
    )
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b1", body)


def _attachment_rfc2231_name() -> bytes:
    body = (
        f"--b2\nContent-Type: text/plain\n\n{KEEP}\n"
        "--b2\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Disposition: attachment;\n"
        f" filename*=utf-8''password%3A%20{SECRET}.txt\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(f"{LABELLED}\n".encode()).decode()
        + "--b2\nContent-Type: application/octet-stream;\n"
        f" name*0*=utf-8''password%3A%20{SECRET[:4]};\n name*1*={SECRET[4:]}\n\nxx\n"
        "--b2--\n"
    )
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b2", body)


def _eightbit_no_charset() -> bytes:
    return _message(
        _TOP + "Content-Type: text/plain\nContent-Transfer-Encoding: 8bit",
        f"{RU_HELLO},\n{KEEP}\n{RU_LABEL}: {SECRET}\n",
    )


def _koi8_r() -> bytes:
    body = f"{KEEP}\n{RU_LABEL}: {SECRET}\n".encode("koi8-r").decode("utf-8", "surrogateescape")
    return _message(
        _TOP + "Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit",
        body,
    )


def _utf16_base64() -> bytes:
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64",
        _b64(_BODY.encode("utf-16")),
    )


def _preamble_and_epilogue() -> bytes:
    body = (
        f"{LABELLED}\n--b3\nContent-Type: text/plain\n\n{KEEP}\n--b3--\n"
        f"token: {SECRET}\n"
    )
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b3", body)


def _truncated_multipart() -> bytes:
    body = (
        "--b4\nContent-Type: text/plain; charset=unknown-8bit\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(_BODY.encode()).decode()[:-10]
    )
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b4", body)


def _beside_a_base64_part(odd_part_headers: str) -> bytes:
    """Issue 16's case: one part Python cannot decode (an unknown charset or transfer
    encoding, ordinary text itself) beside a base64 part that holds the secret."""
    body = (
        "--b5\n" + odd_part_headers + "\n\n"
        f"{KEEP}\ncaf\xe9 au lait\n"
        "--b5\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(_BODY.encode()).decode()
        + "--b5--\n"
    ).encode("latin-1").decode("utf-8", "surrogateescape")
    return _message(_TOP + "Content-Type: multipart/mixed; boundary=b5", body)


def _unknown_charset_beside_base64() -> bytes:
    return _beside_a_base64_part(
        "Content-Type: text/plain; charset=unknown-8bit\nContent-Transfer-Encoding: 8bit")


def _x_unknown_beside_base64() -> bytes:
    return _beside_a_base64_part(
        "Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: 8bit")


def _unknown_transfer_encoding_holding_base64() -> bytes:
    # a misspelt name: Python's parser does not know it, so it hands back the base64 text
    return _message(
        _TOP + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base-64",
        _b64(_BODY.encode()),
    )


def _broken_headers() -> bytes:
    return _message(
        "From alice Mon Mar  2 09:00:00 2026\nFrom: alice@example.com\n"
        f"this line has no colon {KEEP}\nX-Empty:\nContent-Type: text/plain; charset=\"utf-8",
        _BODY,
    )


def _url_and_bearer_in_html() -> bytes:
    html = (
        f"<p>{KEEP}</p><a href=3D\"https://admin:{SECRET}@panel.example.com/\">x</a>=\n"
        f"<pre>Authorization: Bearer {SECRET}</pre>\n"
    )
    return _message(
        _TOP + "Content-Type: text/html; charset=windows-1252\n"
        "Content-Transfer-Encoding: quoted-printable",
        html,
    )


def _utf7_lone_surrogate() -> bytes:
    word = "=?utf-7?q?+2AA-_" + LABELLED.replace(" ", "_") + "?="  # +2AA- is a lone U+D800
    headers = _TOP.replace("Subject: login fails", f"Subject: {word}")
    return _message(headers + "Content-Type: text/plain; charset=utf-7",
                    f"{KEEP}\n+2AA- {LABELLED}\n")


def _uuencoded() -> bytes:
    lines = [binascii.b2a_uu(_BODY.encode()[i : i + 45]).decode()
             for i in range(0, len(_BODY.encode()), 45)]
    return _message(
        _TOP + "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode",
        "begin 644 note.txt\n" + "".join(lines) + "`\nend\n",
    )


VARIANTS: dict[str, Callable[[], bytes]] = {
    "plain CRLF": _plain_crlf,
    "plain LF": _plain_lf,
    "base64 utf-8": _base64_utf8,
    "base64 unknown-8bit": _base64_unknown_8bit,
    "8bit x-unknown": _eightbit_x_unknown,
    "base64 x-user-defined": _x_user_defined_base64,
    "damaged base64 (junk, no padding)": _damaged_base64_junk,
    "damaged base64 (misaligned)": _damaged_base64_misaligned,
    "unknown transfer encoding": _unknown_transfer_encoding,
    "qp soft break in the secret": _qp_soft_break_in_secret,
    "qp soft break in the label": _qp_soft_break_in_label,
    "encoded-words in From/To/Reply-To": _encoded_words_in_address_headers,
    "encoded-words in X-headers": _encoded_words_in_x_headers,
    "raw 8-bit header": _raw_8bit_header,
    "nested multipart": _nested_multipart,
    "forwarded message/rfc822": _forwarded_message,
    "forwarded message/rfc822 in base64": _forwarded_message_base64,
    "attachment names in RFC 2231": _attachment_rfc2231_name,
    "8bit without charset": _eightbit_no_charset,
    "koi8-r": _koi8_r,
    "utf-16 in base64": _utf16_base64,
    "preamble and epilogue": _preamble_and_epilogue,
    "truncated multipart": _truncated_multipart,
    "broken headers": _broken_headers,
    "URL credentials and bearer in HTML": _url_and_bearer_in_html,
    "x-uuencode": _uuencoded,
    "UTF-7 with a lone surrogate": _utf7_lone_surrogate,
    "unknown-8bit part beside a base64 part": _unknown_charset_beside_base64,
    "x-unknown part beside a base64 part": _x_unknown_beside_base64,
    "unknown transfer encoding holding base64": _unknown_transfer_encoding_holding_base64,
}


# -- every readable form of a message ----------------------------------------------------------


def _attempt(work: Callable[[], T]) -> T | None:
    """``work()``, or ``None`` when the standard library refuses the input."""
    try:
        return work()
    except Exception:  # hostile input: any error just means this form is not readable
        return None


def _b64_forms(data: bytes) -> Iterator[bytes]:
    def lenient(chunk: bytes) -> bytes:
        chunk = re.sub(rb"[^A-Za-z0-9+/]", b"", chunk)
        chunk = chunk[: len(chunk) - len(chunk) % 4 if len(chunk) % 4 == 1 else len(chunk)]
        return binascii.a2b_base64(chunk + b"=" * (-len(chunk) % 4)) if chunk else b""

    yield lenient(data)
    yield b"".join(lenient(line) for line in data.splitlines())


def _texts(data: bytes, charset: str | None) -> Iterator[str]:
    yield data.decode("utf-8", "replace")
    yield data.decode("latin-1")
    for name in (charset, "utf-16", "koi8-r"):
        if name:
            try:
                yield data.decode(name, "replace")
            except (LookupError, UnicodeError, ValueError):
                pass


def _payload_forms(part: Message) -> Iterator[bytes]:
    payload = vars(part).get("_payload")  # get_payload() turns 8-bit bytes into "?"
    if not isinstance(payload, str):
        return
    raw = payload.encode("utf-8", "surrogateescape")
    yield raw
    yield from _b64_forms(raw)
    yield quopri.decodestring(raw)
    try:
        decoded = part.get_payload(decode=True)
    except Exception:
        decoded = None
    if isinstance(decoded, bytes):
        yield decoded


def _header_forms(part: Message) -> Iterator[str]:
    items = _attempt(part.items) or _attempt(part.raw_items) or []
    for name, value in items:
        text = str(value)
        yield f"{name}: {text}"
        unfolded = re.sub(r"\r?\n[ \t]", " ", text)
        yield from _header_forms_of(unfolded)
        for match in re.finditer(r"=\?([^?]*)\?([bBqQ])\?([^?]*)\?=", unfolded):
            data = match[3].encode("utf-8", "surrogateescape")
            words = (_b64_forms(data) if match[2] in "bB"
                     else [quopri.decodestring(data.replace(b"_", b" "))])
            for word in words:
                yield from _texts(word, match[1])
        joined = re.sub(r"\?=\s+=\?[^?]*\?[bBqQ]\?", "", unfolded)
        if joined != unfolded:
            yield from _header_forms_of(joined)
    for header in ("content-type", "content-disposition"):
        for param in ("name", "filename"):
            value = _attempt(lambda: part.get_param(param, header=header))  # noqa: B023
            if value is not None:
                yield str(email.utils.collapse_rfc2231_value(value))


def _header_forms_of(value: str) -> Iterator[str]:
    try:
        yield str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return


def decoded_forms(raw: bytes, depth: int = 0) -> Iterator[str]:
    """Every readable form of ``raw``: the source, each header decoded, each part's payload
    raw and decoded (stdlib, lenient base64 whole and per line, quoted-printable) read as UTF-8,
    Latin-1 and its declared charset; ``message/*`` payloads recursively."""
    yield from _texts(raw, None)
    for parse_policy in (email.policy.compat32, email.policy.default):
        parts = _attempt(
            lambda: list(email.message_from_bytes(raw, policy=parse_policy).walk())  # noqa: B023
        )
        for part in parts or ():
            yield from _header_forms(part)
            for name in ("preamble", "epilogue"):
                text = getattr(part, name, None)
                if text:
                    yield text
            charset = _attempt(part.get_content_charset)
            for data in _payload_forms(part):
                yield from _texts(data, charset)
                if depth < 2 and part.get_content_maintype() == "message":
                    yield from decoded_forms(data, depth + 1)


def holds(raw: bytes, needle: str) -> list[str]:
    """The readable forms of ``raw`` that contain ``needle`` (shortened)."""
    return [form[:200] for form in decoded_forms(raw) if needle in form]
