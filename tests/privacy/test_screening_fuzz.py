"""Issue 16: fuzzing the screening entry point with MIME-ish and adversarial input.

``screen`` (what the desk runs before it stores a message) must always return or raise
:class:`InvalidInput` (a privacy refusal), never anything else, and a secret planted after a
label (``password: <secret>``) in the subject, the body or anywhere readable in the raw e-mail
— any header, any part, any charset or transfer encoding, damaged or truncated — must be in
none of the results. Runs in the ``dev`` and ``ci`` hypothesis profiles of ``conftest.py``.
"""

from __future__ import annotations

import base64
import quopri
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mime_corpus import holds

from supportkit import InvalidInput
from supportkit.privacy import PrivacyAction, PrivacyPolicy, Redactor
from supportkit.privacy.screening import screen

# The secret: a prefix no other generated text contains ("Zq7"), then letters and digits.
secrets = st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXY23456789", min_size=6, max_size=14).map(
    lambda s: "Zq7" + s
)
# Surrounding text: adversarial pieces and noise, without "Z" (so never the secret's prefix).
noise = st.lists(
    st.sampled_from(["a.", "eyJ.", "://", "@", ":", " ", "\t", "1:", "xoxb-", "Token ", "=",
                     "=?utf-8?q?", "?=", "--", "é", "日本", ">", "\r", "\n"])
    | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="Zz"), max_size=8),
    max_size=12,
).map("".join)
LABELS = ["password", "Passwort", "pwd", "passwd", "mot de passe", "api_key", "token"]
CHARSETS = [None, "utf-8", "us-ascii", "iso-8859-1", "windows-1252", "unknown-8bit",
            "x-unknown", "x-user-defined", "utf-16", "utf-7", "koi8-r", "bogus-\u00e9"]
ENCODINGS = [None, "7bit", "8bit", "binary", "base64", "BASE64", "quoted-printable",
             "x-gzip64", "x-uuencode"]
TYPES = [None, "text/plain", "text/html", "application/octet-stream", "message/rfc822"]


def _bytes(text: str, charset: str | None) -> bytes:
    try:
        return text.encode(charset or "utf-8")
    except (LookupError, UnicodeError):
        return text.encode("utf-8")


@st.composite
def _leaf(draw: st.DrawFn, secret: str, linesep: str) -> str:
    planted = draw(st.booleans())
    label = draw(st.sampled_from(LABELS))
    text = draw(noise) + (f"\n{label}: {secret}\n" if planted else "\n") + draw(noise)
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    kind = draw(st.sampled_from(TYPES))
    data = _bytes(text, charset)
    if encoding and encoding.lower() == "base64":
        body = base64.encodebytes(data).decode()
        if draw(st.booleans()):  # damage: junk, lost padding, a lost character
            at = draw(st.integers(0, len(body)))
            body = body[:at] + draw(st.sampled_from(["!", "*", "", "=", "\n", "é"])) + body[at:]
            body = body.rstrip("=\n") if draw(st.booleans()) else body
    elif encoding == "quoted-printable":
        body = quopri.encodestring(data).decode()
    else:
        body = data.decode("utf-8", "surrogateescape")
    headers = []
    if kind is not None:
        params = f"; charset={charset}" if charset else ""
        if draw(st.booleans()):
            name = urllib.parse.quote(f"{label}: {secret}.txt" if planted else "notes.txt")
            params += f";{linesep} name*=utf-8''{name}"
        headers.append(f"Content-Type: {kind}{params}")
    if encoding is not None:
        headers.append(f"Content-Transfer-Encoding: {encoding}")
    return linesep.join(headers) + linesep + linesep + body.replace("\n", linesep)


def _word(text: str, charset: str, how: str) -> str:
    data = _bytes(text, charset)
    if how == "b":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    return f"=?{charset}?Q?{quopri.encodestring(data, header=True).decode()}?="


@st.composite
def _part(draw: st.DrawFn, secret: str, linesep: str, depth: int) -> str:
    if depth >= 2 or draw(st.integers(0, 2)) > 0:
        return draw(_leaf(secret, linesep))
    boundary = "b" + draw(st.text(alphabet="0123456789abc'()+_,-./:=?", min_size=1, max_size=12))
    children = draw(st.lists(_part(secret, linesep, depth + 1), min_size=0, max_size=3))
    preamble = draw(noise)
    inner = "".join(f"--{boundary}{linesep}{child}{linesep}" for child in children)
    end = f"--{boundary}--{linesep}" if draw(st.booleans()) else ""
    return (f'Content-Type: multipart/mixed; boundary="{boundary}"{linesep}{linesep}'
            f"{preamble}{linesep}{inner}{end}{draw(noise)}")


@st.composite
def raw_emails(draw: st.DrawFn, secret: str) -> bytes:
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return draw(st.binary(max_size=300))
    if shape == 1:
        return (draw(noise) + f"\npassword: {secret}\n" + draw(noise)).encode()
    linesep = draw(st.sampled_from(["\r\n", "\n"]))
    headers = [f"From: {draw(noise).strip()} <alice@example.com>", "MIME-Version: 1.0"]
    for name in draw(st.lists(st.sampled_from(["To", "Reply-To", "Subject", "X-Note", "Cc"]),
                              max_size=3)):
        how = draw(st.sampled_from(["b", "q", "plain"]))
        text = f"{draw(st.sampled_from(LABELS))}: {secret}"
        charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "x-unknown", "unknown-8bit",
                                        "utf-7"]))
        value = text if how == "plain" else _word(text, charset, how)
        headers.append(f"{name}: {value}")
    top = linesep.join(headers) + linesep
    raw = (top + draw(_part(secret, linesep, 0))).encode("utf-8", "surrogateescape")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    data=st.data(),
    secret=secrets,
    action=st.sampled_from(list(PrivacyAction)),
    channel=st.sampled_from(["email", "web"]),
)
def test_screen_returns_or_refuses_and_no_planted_secret_survives(
    data: st.DataObject, secret: str, action: PrivacyAction, channel: str
) -> None:
    raw = data.draw(raw_emails(secret), label="raw_email")
    subject = data.draw(noise, label="subject").replace("\n", " ") + f" password: {secret}"
    body = data.draw(noise, label="body") + f"\npwd: {secret}\n" + data.draw(noise)
    fields = {"root_password": secret, "notes": f"token: {secret}"}
    redactor = Redactor(channels={"email"})
    try:
        screened = screen(
            redactor, PrivacyPolicy(action=action), channel, subject=subject, body=body,
            raw_email=raw, max_raw_bytes=1_000_000, fields=fields,
        )
    except InvalidInput:
        assert action is PrivacyAction.REFUSE
        return
    if channel != "email":
        assert screened.raw_email == raw  # not a redacted channel: kept as given
        return
    assert screened.subject is not None and secret not in screened.subject
    assert secret not in screened.body
    assert not any(secret in value for value in screened.fields.values())
    assert screened.raw_email is not None
    assert secret.encode() not in screened.raw_email
    assert holds(screened.raw_email, secret) == []


@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8",
                                                                                "surrogatepass")))
def test_any_bytes_are_screened_without_error(raw: bytes) -> None:
    screened = screen(Redactor(), PrivacyPolicy(), "email", subject=None, body="",
                      raw_email=raw, max_raw_bytes=1_000_000)
    assert screened.raw_email is not None
