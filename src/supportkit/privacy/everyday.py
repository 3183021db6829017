"""Everyday ways of writing a password in a mail, as redaction detectors.

Odin: "any password authentication information submitted to Odin via an email reply will be
automatically stripped". People rarely write ``password: X``; they write

- ``Password for admin is X`` / ``the password of user admin: X``  (``password_for``)
- ``credentials: admin/X`` / ``login/password: admin / X``         (``credential_pair``)
- ``user admin / pass X`` / ``username: admin; password X``         (``user_then_password``)

Each pattern keeps everything up to the secret and replaces the secret (one token) with the
marker. They are written so they cannot backtrack beyond a constant: every quantifier is
bounded, no repetition is nested, and neighbouring pieces use disjoint character classes
(a token never contains the separator that ends it), so the work per start position is
bounded and a whole text is scanned in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["EVERYDAY_DETECTORS"]

_START = r"(?<![\w-])"
_NOT_MARKER = r"(?!\[redacted)"
_WORD = r"[^\s\[:=]\S{0,199}"
_SECRET = r"(?P<value>" + _WORD + r")"
#: Without ':' or '=' the token must hold a digit or symbol ("pass the test" stays).
_SYMBOLIC = r"(?=\S{0,199}[0-9!@#$%^&*_+=~|<>?/\\])(?P<value2>" + _WORD + r")"
_PW_LABELS = r"(?:passwords?|passwd|pwd|passphrase|pass)"

_PASSWORD_FOR = re.compile(
    _START + _PW_LABELS
    + r"[ \t]{1,5}(?:for|of)[ \t]{1,5}"
    + r"(?:(?:the[ \t]{1,5})?(?:user|account|login)[ \t]{1,5})?"
    + r"[\"']?[^\s:=\"']{1,100}[\"']?"
    + r"(?:[ \t]{1,5}(?:is|was)[ \t]{1,5}|[ \t]{0,5}[:=][ \t]{0,5})"
    + _NOT_MARKER + _SECRET,
    re.IGNORECASE,
)
_CREDENTIAL_PAIR = re.compile(
    _START
    + r"(?:credentials?|creds|(?:login|user(?:name)?)[ \t]{0,3}/[ \t]{0,3}pass(?:word)?)"
    + r"[ \t]{0,5}[:=][ \t]{0,5}"
    + r"[^\s/:\[]{1,100}[ \t]{0,3}/[ \t]{0,3}"
    + _NOT_MARKER + _SECRET,
    re.IGNORECASE,
)
_USER_THEN_PASSWORD = re.compile(
    _START + r"(?:user(?:name)?|login)"
    + r"[ \t]{0,5}[:=]?[ \t]{0,5}[^\s/;|:=]{1,100}[ \t]{0,5}[/;|][ \t]{0,5}"
    + r"(?:pass(?:word)?|passwd|pwd|pw)(?![\w-])"
    + r"(?:[ \t]{0,5}[:=][ \t]{0,5}" + _NOT_MARKER + _SECRET
    + r"|[ \t]{1,5}" + _NOT_MARKER + _SYMBOLIC + r")",
    re.IGNORECASE,
)


def _secret_only(pattern: re.Pattern[str]) -> Callable[[str, str], tuple[str, int]]:
    """Keep the text before the secret, replace the secret with the marker."""

    def run(text: str, marker: str) -> tuple[str, int]:
        filled = marker.format(kind="password")
        def replace(match: re.Match[str]) -> str:
            group = "value" if match.group("value") is not None else "value2"
            return match.group(0)[: match.start(group) - match.start()] + filled

        return pattern.subn(replace, text)

    return run


#: Detector name -> (kind reported, function), applied after the labelled forms.
EVERYDAY_DETECTORS: dict[str, tuple[str, Callable[[str, str], tuple[str, int]]]] = {
    "password_for": ("password", _secret_only(_PASSWORD_FOR)),
    "credential_pair": ("password", _secret_only(_CREDENTIAL_PAIR)),
    "user_then_password": ("password", _secret_only(_USER_THEN_PASSWORD)),
}
