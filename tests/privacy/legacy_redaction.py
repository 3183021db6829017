"""supportkit.privacy.redaction as it was before issue 16 (quadratic on adversarial input), kept
only so that tests can check on small inputs that the linear rewrite finds exactly the same."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable, Iterable
from email.message import EmailMessage

import attrs

from supportkit.errors import InvalidInput

__all__ = ["DETECTORS", "Redaction", "Redactor"]

# -- label words ------------------------------------------------------------------------------

#: Labels that may be followed by the secret after ``:``/``=`` or after plain whitespace.
_STRONG_LABELS = (
    r"passwords?", r"passwd", r"pwd", r"passphrase", r"pass\s?code", r"pin\s?code",
    r"passw[oö]rt", r"kennwort", r"mot\s+de\s+passe", r"mdp", r"contrase[nñ]a", r"senha",
    r"parola", r"wachtwoord", r"has[lł]o", r"l[oö]senord", r"salasana", r"heslo", r"jelsz[oó]",
    r"пароль", r"密码", r"密碼", r"パスワード", r"비밀번호", r"كلمة\s+المرور", r"סיסמה",
)
#: Labels that count only when followed by ``:`` or ``=`` ("pass the test" is not a secret).
_WEAK_LABELS = (
    r"pass", r"pw", r"secret", r"client[_-]?secret", r"api[_-]?key", r"apikey",
    r"access[_-]?key", r"secret[_-]?key", r"private[_-]?key", r"auth[_-]?token",
    r"access[_-]?token", r"refresh[_-]?token", r"token", r"aws_secret_access_key",
)
# Kept in step with one deliberate change made after the linear-time rewrite (the e-mail
# channel): a label may follow a hyphen ("-password: x", "X-Password:"), so the equivalence
# test compares the rewrite, not that rule.
_LABEL_START = r"(?<!\w)"
_LABEL_END = r"(?![\w-])[\"']?"
_NOT_MARKER = r"(?!\[redacted)"
# After ':' or '=' the secret is the rest of the line; when the line ends right there, the
# next line (minus quote markers such as '> ') is the secret.
_AFTER_COLON = (
    r"(?>[ \t]*[:=\uff1a][ \t]*(?:\r?\n[> \t]*)?)" + _NOT_MARKER + r"(?P<value>[^\s\r\n][^\r\n]*)"
)
# After plain whitespace: "password is X" / "Kennwort ist X" take X; a bare "pwd X" takes X
# only when X has a digit or symbol (so "Password reset link" stays).
_AFTER_SPACE = (
    r"(?>[ \t]+)(?:(?>(?:is|was|ist|est|es|é|:)[ \t]+)" + _NOT_MARKER
    + r"(?P<value2>[^\s\[:=]\S*)|" + _NOT_MARKER
    + r"(?=\S*[0-9!@#$%^&*_+=~|<>?/\\])(?P<value3>[^\s\[:=]\S*))"
)

_STRONG = re.compile(
    _LABEL_START + r"(?P<label>" + "|".join(_STRONG_LABELS) + r")" + _LABEL_END
    + r"(?:" + _AFTER_COLON + r"|" + _AFTER_SPACE + r")",
    re.IGNORECASE,
)
_WEAK = re.compile(
    _LABEL_START + r"(?P<label>" + "|".join(_WEAK_LABELS) + r")" + _LABEL_END
    + _AFTER_COLON,
    re.IGNORECASE,
)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?P<what>[A-Z0-9 ]*?)PRIVATE KEY-----.*?"
    r"(?:-----END (?P=what)PRIVATE KEY-----|\Z)",
    re.DOTALL,
)
_URL_CREDENTIALS = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)" + _NOT_MARKER + r"(?P<secret>[^\s/@]+)(?=@)",
    re.IGNORECASE,
)
_AWS_KEY = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AGPA)[0-9A-Z]{16}\b")
_GITHUB_TOKEN = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b")
_SLACK_TOKEN = re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}")
# Changed with issue 16 in the module too (a word followed by ':' or '=' is a label, not a
# token), so that the comparison is about the linear rewrite only.
_BEARER = re.compile(
    r"(?P<head>\b(?:Bearer|Basic|Token)[ \t]+)" + _NOT_MARKER
    + r"(?P<secret>[A-Za-z0-9\-._~+/]{8,}+=*+)(?![ \t]*[:=\uff1a])"
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")


def _whole(pattern: re.Pattern[str], kind: str) -> Callable[[str, str], tuple[str, int]]:
    def run(text: str, marker: str) -> tuple[str, int]:
        return pattern.subn(marker.format(kind=kind), text)

    return run


def _keep_head(pattern: re.Pattern[str], kind: str) -> Callable[[str, str], tuple[str, int]]:
    def run(text: str, marker: str) -> tuple[str, int]:
        return pattern.subn(lambda m: m.group("head") + marker.format(kind=kind), text)

    return run


def _labelled(pattern: re.Pattern[str]) -> Callable[[str, str], tuple[str, int]]:
    """Keep the label and separator, replace the value that follows."""

    def replace(match: re.Match[str], marker: str) -> str:
        group = next(k for k, v in match.groupdict().items() if k.startswith("value") and v)
        return match.group(0)[: match.start(group) - match.start()] + marker

    def run(text: str, marker: str) -> tuple[str, int]:
        filled = marker.format(kind="password")
        return pattern.subn(lambda m: replace(m, filled), text)

    return run


#: Detector name -> (kind reported, function). Applied in this order: multi-line and
#: token shapes first, so label rules see only what is left.
DETECTORS: dict[str, tuple[str, Callable[[str, str], tuple[str, int]]]] = {
    "private_key": ("private_key", _whole(_PRIVATE_KEY, "private_key")),
    "jwt": ("jwt", _whole(_JWT, "jwt")),
    "aws_access_key": ("aws_access_key", _whole(_AWS_KEY, "aws_access_key")),
    "github_token": ("github_token", _whole(_GITHUB_TOKEN, "github_token")),
    "slack_token": ("slack_token", _whole(_SLACK_TOKEN, "slack_token")),
    "bearer_token": ("bearer_token", _keep_head(_BEARER, "bearer_token")),
    "url_credentials": ("password", _keep_head(_URL_CREDENTIALS, "password")),
    "password": ("password", _labelled(_STRONG)),
    "credential_label": ("password", _labelled(_WEAK)),
}


def _detectors(value: Iterable[str]) -> frozenset[str]:
    names = frozenset(value)
    unknown = names - DETECTORS.keys()
    if unknown:
        raise InvalidInput(
            f"unknown redaction detector(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(DETECTORS)}"
        )
    return names


def _marker(_: object, __: attrs.Attribute[str], value: str) -> None:
    if "{kind}" not in value:
        raise InvalidInput(f"redaction marker {value!r} must contain '{{kind}}'")
    if "\n" in value:
        raise InvalidInput("redaction marker must be a single line")


@attrs.frozen
class Redaction:
    """The result of :meth:`Redactor.redact`: the cleaned text and the kinds found (sorted)."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when at least one secret was replaced."""
        return bool(self.kinds)


@attrs.frozen(kw_only=True)
class Redactor:
    """Replaces secrets in text with ``marker`` (``{kind}`` is filled in).

    ``channels``: the message channels it runs on (``email`` by default: e-mail replies and
    e-mail-opened tickets); ``detectors``: which of :data:`DETECTORS` to use (all by default).
    Redacting already redacted text changes nothing.

    >>> Redactor().redact("login: root\\npassword: hunter2").text
    'login: root\\npassword: [redacted: password]'
    """

    channels: frozenset[str] = attrs.field(default=frozenset({"email"}), converter=frozenset)
    detectors: frozenset[str] = attrs.field(default=frozenset(DETECTORS), converter=_detectors)
    marker: str = attrs.field(default="[redacted: {kind}]", validator=_marker)

    def applies_to(self, channel: str) -> bool:
        """True when messages on ``channel`` are redacted."""
        return channel in self.channels

    def redact(self, text: str) -> Redaction:
        """``text`` with every detected secret replaced, and the kinds that were found."""
        kinds: set[str] = set()
        for name, (kind, run) in DETECTORS.items():
            if name not in self.detectors:
                continue
            text, count = run(text, self.marker)
            if count:
                kinds.add(kind)
        return Redaction(text, tuple(sorted(kinds)))

    def redact_email(self, raw: bytes) -> tuple[bytes, tuple[str, ...]]:
        """A raw RFC 5322 message with secrets removed from its headers and text parts
        (including base64 / quoted-printable encoded ones), and the kinds found."""
        kinds: set[str] = set()
        try:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if isinstance(message, EmailMessage):
                kinds |= self._redact_mime(message)
                raw = message.as_bytes()
        except (ValueError, TypeError, LookupError, AttributeError):
            pass  # unparsable MIME: the textual pass below still runs over the source
        cleaned = self.redact(raw.decode("utf-8", "surrogateescape"))
        kinds.update(cleaned.kinds)
        return cleaned.text.encode("utf-8", "surrogateescape"), tuple(sorted(kinds))

    def _redact_mime(self, message: EmailMessage) -> set[str]:
        kinds: set[str] = set()
        subject = message.get("Subject")
        if subject is not None:
            result = self.redact(str(subject))
            if result.changed:
                kinds.update(result.kinds)
                message.replace_header("Subject", result.text)
        for part in message.walk():
            if part.is_multipart() or part.get_content_maintype() != "text":
                continue
            if not isinstance(part, EmailMessage):  # pragma: no cover - policy.default parts
                continue
            result = self.redact(str(part.get_content()))
            if result.changed:
                kinds.update(result.kinds)
                part.set_content(
                    result.text,
                    subtype=part.get_content_subtype(),
                    disposition=part.get_content_disposition(),
                    filename=part.get_filename(),
                )
        return kinds
