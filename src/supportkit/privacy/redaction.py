"""Stripping secrets from message text before anything is stored or indexed.

Odin: "any password authentication information submitted to Odin via an email reply will be
automatically stripped from the ticket for security purposes." A :class:`Redactor` names the
channels it runs on (by default ``email``) and the detectors it uses; each secret found is
replaced by a marker such as ``[redacted: password]``. What was found is reported by kind only
(:attr:`Redaction.kinds`), never by value.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import require_name_set, require_text
from supportkit.privacy.everyday import EVERYDAY_DETECTORS
from supportkit.privacy.mime import redact_raw_email

__all__ = ["DETECTORS", "Redaction", "Redactor", "redact_fields"]

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
_LABEL_START = r"(?<!\w)"  # "-password: x", "--password x" (a command line) count too
_LABEL_END = r"(?![\w-])[\"']?"
_NOT_MARKER = r"(?!\[redacted)"
# After ':' or '=' the secret is the rest of the line; when the line ends right there, the
# next line (minus quote markers such as '> ') is the secret.
# The separator may be URL-encoded ("password%3A%20x" in an RFC 2231 file name or a log line).
_AFTER_COLON = (
    r"(?>[ \t]*(?:[:=\uff1a]|%3[AaDd])(?:[ \t]|%20)*(?:\r?\n[> \t]*)?)" + _NOT_MARKER
    + r"(?P<value>[^\s\r\n][^\r\n]*)"
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
# Credentials in a URL (``scheme://user:secret@host``). The scheme is matched from the start
# of its run of scheme characters only (the look-behind) and possessively, so a long run of
# letters, digits, ``.``, ``-`` or ``+`` is read once, not once per position in it; the
# ``\b[a-z]`` a scheme must start with is checked afterwards on that run (``_SCHEME_START``).
_URL_CREDENTIALS = re.compile(
    r"(?<![a-z0-9+.-])(?P<scheme>[a-z0-9+.-]++)://(?P<user>[^\s:/@]++):" + _NOT_MARKER
    + r"(?P<secret>[^\s/@]++)(?=@)",
    re.IGNORECASE,
)
_SCHEME_START = re.compile(r"\b[a-z]", re.IGNORECASE)
_AWS_KEY = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AGPA)[0-9A-Z]{16}\b")
_GITHUB_TOKEN = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b")
_SLACK_TOKEN = re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}")
# A word followed by ':' or '=' is a label, not a token: "Token password: x" leaves it to
# the label rules (it used to take "password" and keep the secret).
_BEARER = re.compile(
    r"(?P<head>\b(?:Bearer|Basic|Token)[ \t]+)" + _NOT_MARKER
    + r"(?P<secret>[A-Za-z0-9\-._~+/]{8,}+=*+)(?![ \t]*[:=\uff1a])"
)
# A JWT: header and payload segments that start with ``eyJ`` at a word boundary. Matching
# starts only at the start of a run of segment characters, skips to its first ``eyJ`` (the
# ``head``, kept) and reads each segment possessively: a later ``eyJ`` in the same run has a
# shorter segment and the same end, so if the first one fails they all do.
_JWT_CHAR = r"[A-Za-z0-9_-]"
_JWT = re.compile(
    r"(?<!" + _JWT_CHAR + r")(?P<head>(?:(?!\beyJ)" + _JWT_CHAR + r")*+)"
    r"\beyJ" + _JWT_CHAR + r"{5,}+\.eyJ" + _JWT_CHAR + r"{5,}+\." + _JWT_CHAR + r"*+"
)


def _whole(pattern: re.Pattern[str], kind: str) -> Callable[[str, str], tuple[str, int]]:
    def run(text: str, marker: str) -> tuple[str, int]:
        return pattern.subn(marker.format(kind=kind), text)

    return run


def _keep_head(pattern: re.Pattern[str], kind: str) -> Callable[[str, str], tuple[str, int]]:
    def run(text: str, marker: str) -> tuple[str, int]:
        return pattern.subn(lambda m: m.group("head") + marker.format(kind=kind), text)

    return run


def _url_credentials(text: str, marker: str) -> tuple[str, int]:
    filled = marker.format(kind="password")
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if _SCHEME_START.search(text, match.start("scheme"), match.end("scheme")) is None:
            return match.group(0)  # no scheme starts in that run: "1.5://x:y@z", "_a://…"
        count += 1
        return match.group(0)[: match.start("secret") - match.start()] + filled

    return _URL_CREDENTIALS.sub(replace, text), count


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
    "jwt": ("jwt", _keep_head(_JWT, "jwt")),
    "aws_access_key": ("aws_access_key", _whole(_AWS_KEY, "aws_access_key")),
    "github_token": ("github_token", _whole(_GITHUB_TOKEN, "github_token")),
    "slack_token": ("slack_token", _whole(_SLACK_TOKEN, "slack_token")),
    "bearer_token": ("bearer_token", _keep_head(_BEARER, "bearer_token")),
    "url_credentials": ("password", _url_credentials),
    "password": ("password", _labelled(_STRONG)),
    "credential_label": ("password", _labelled(_WEAK)),
}

# "Password for admin is X", "credentials: admin/X", "user admin / pass X": the everyday
# forms, after the labelled ones (see supportkit.privacy.everyday).
DETECTORS.update(EVERYDAY_DETECTORS)


def _channels(value: Iterable[str]) -> frozenset[str]:
    return require_name_set(value, "Redactor.channels", example="['email']")


def _detectors(value: Iterable[str]) -> frozenset[str]:
    names = require_name_set(value, "Redactor.detectors", example="['password', 'jwt']")
    unknown = names - DETECTORS.keys()
    if unknown:
        raise InvalidInput(
            f"unknown redaction detector(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(DETECTORS)}"
        )
    return names


def _marker(_: object, __: attrs.Attribute[str], value: str) -> None:
    require_text(value, "Redactor.marker", max_chars=200)
    if "\n" in value or "\r" in value:
        raise InvalidInput("Redactor.marker must be a single line")
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value)
                  if name is not None]
    except ValueError as exc:  # a lone '{' or '}'
        raise InvalidInput(
            f"Redactor.marker {value!r} refused: {exc}; write literal braces as '{{{{' '}}}}'"
        ) from None
    if not fields or any(f != ("kind", "", None) for f in fields):
        raise InvalidInput(
            f"Redactor.marker {value!r} must contain '{{kind}}' and no other replacement "
            "field, e.g. '[redacted: {kind}]'"
        )


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
    Both are lists of names: a lone text is refused (``channels=["email"]``, not
    ``channels="email"``, which used to be taken apart into letters). ``marker`` is one line
    with exactly the replacement field ``{kind}``. Redacting already redacted text changes
    nothing.

    >>> Redactor().redact("login: root\\npassword: hunter2").text
    'login: root\\npassword: [redacted: password]'
    """

    channels: frozenset[str] = attrs.field(default=frozenset({"email"}), converter=_channels)
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
        """A raw RFC 5322 message with secrets removed from every header and part, and the
        kinds found. Never gives up on a message: parts in unknown charsets, damaged base64
        or unknown transfer encodings are redacted as bytes (see :mod:`supportkit.privacy.mime`).
        """
        return redact_raw_email(raw, self._pair)

    def _pair(self, text: str) -> tuple[str, tuple[str, ...]]:
        result = self.redact(text)
        return result.text, result.kinds


_KEY_SEPARATORS = re.compile(r"[_.\s]+")


def _secret_key(redactor: Redactor, key: str) -> tuple[str, ...]:
    """The kinds a field *name* announces ("password", "root_password", "api_key",
    "db.passwd" ...): its value is then a secret whatever it looks like."""
    for name in (key, _KEY_SEPARATORS.sub(" ", key)):
        probe = redactor.redact(f"{name}: probe-value")
        if "probe-value" not in probe.text:
            return probe.kinds
    return ()


def redact_fields(
    redactor: Redactor, channel: str, fields: Mapping[str, str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Secrets removed from the values of intake ``fields`` on the redactor's channels, and
    the kinds found (sorted; empty when nothing was found or the channel is not redacted).

    A value is redacted like a message text; in addition, a field whose *name* is a secret's
    label (``password``, ``root_password``, ``api_key``, ``token`` ...) has its whole value
    replaced. Names are kept, so intake checks still see every field. Not a text value or
    name: :class:`InvalidInput`.

    >>> redact_fields(Redactor(), "email", {"root_password": "hunter2", "os": "Debian 12"})
    ({'root_password': '[redacted: password]', 'os': 'Debian 12'}, ('password',))
    """
    for key, value in fields.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidInput(
                f"field {key!r}: names and values must be text, got "
                f"{type(key).__name__} -> {type(value).__name__}"
            )
    if not redactor.applies_to(channel):
        return dict(fields), ()
    kinds: set[str] = set()
    cleaned: dict[str, str] = {}
    for key, value in fields.items():
        by_name = _secret_key(redactor, key) if value.strip() else ()
        if by_name:
            marker = redactor.marker.format(kind=by_name[0])
            if value != marker:  # already redacted: nothing new found
                kinds.update(by_name)
            cleaned[key] = marker
            continue
        result = redactor.redact(value)
        kinds.update(result.kinds)
        cleaned[key] = result.text
    return cleaned, tuple(sorted(kinds))
