"""supportkit.privacy.findings as it was before issue 16 (quadratic on adversarial input), kept
only so that tests can check on small inputs that the linear rewrite finds exactly the same."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum

import attrs

from supportkit.errors import InvalidInput

__all__ = [
    "FINDING_KINDS",
    "PrivacyAction",
    "PrivacyFinding",
    "PrivacyPolicy",
    "redact_findings",
    "scan",
]

FINDING_KINDS = ("email", "ipv4", "ipv6", "phone", "name")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)"
)
_PHONE = re.compile(r"(?<![\w+(])(?:\+|\b00|\()?\d[\d \t().\-/]{5,}\d(?![\w])")
# A link ("provided by projected download links" is a transfer channel for privacy data):
# the digit runs in its path are ids and dates, not phone numbers.
_URL = re.compile(r"\b(?:https?|ftps?|sftp)://[^\s<>\"']+", re.IGNORECASE)
_DATE_LIKE = re.compile(
    r"^(?:19|20)\d{2}-[01]\d-[0-3]\d|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$|^\d{1,2}:\d{2}"
)


class PrivacyAction(StrEnum):
    """What a desk does with personal data in subject, body or attachment names."""

    OFF = "off"  # do not scan
    REPORT = "report"  # record the kinds found in the event data; accept
    REFUSE = "refuse"  # InvalidInput: move the data into an attachment
    REDACT = "redact"  # replace it with a marker, record the kinds


@attrs.frozen
class PrivacyFinding:
    """One piece of personal data: its kind, where (``subject``, ``body`` or
    ``attachment:<index>``), its span in that text, and the text itself (returned to the
    caller, never stored)."""

    kind: str
    where: str
    start: int
    end: int
    text: str = attrs.field(repr=False)


def _phone(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15 or _DATE_LIKE.match(candidate):
        return False
    if candidate.startswith(("+", "00")):
        return True
    return digits >= 9 and "." not in candidate


def _ipv6(candidate: str) -> bool:
    # a digit is required: "a::b" (C++ scopes, Perl packages) is valid IPv6 but rarely one
    if candidate.count(":") < 2 or not any(c.isdigit() for c in candidate):
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True


def _ipv4(candidate: str) -> bool:
    try:
        ipaddress.IPv4Address(candidate)
    except ValueError:
        return False
    return True


def _spans(
    text: str, kinds: frozenset[str], names: Iterable[str]
) -> Iterator[tuple[str, int, int]]:
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def found(kind: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
        if free(start, end):
            taken.append((start, end))
            yield kind, start, end

    if "email" in kinds:
        for m in _EMAIL.finditer(text):
            yield from found("email", *m.span())
    if "ipv6" in kinds:
        for m in _IPV6.finditer(text):
            if _ipv6(m.group()):
                yield from found("ipv6", *m.span())
    if "ipv4" in kinds:
        for m in _IPV4.finditer(text):
            if _ipv4(m.group()):
                yield from found("ipv4", *m.span())
    if "phone" in kinds:
        links = [u.span() for u in _URL.finditer(text)]
        for m in _PHONE.finditer(text):
            start, end = m.span()
            in_link = any(s <= start and end <= e for s, e in links)
            if _phone(m.group()) and not in_link:
                yield from found("phone", start, end)
    if "name" in kinds:
        for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
            pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
            for m in pattern.finditer(text):
                yield from found("name", *m.span())


def scan(
    texts: Iterable[tuple[str, str]],
    *,
    kinds: Iterable[str] = FINDING_KINDS,
    names: Iterable[str] = (),
) -> tuple[PrivacyFinding, ...]:
    """Personal data in ``texts`` (pairs of where and text), in order of appearance.

    >>> [f.kind for f in scan([("body", "mail bob@example.com from 10.0.0.1")])]
    ['email', 'ipv4']
    """
    wanted = frozenset(kinds)
    names = tuple(names)
    findings: list[PrivacyFinding] = []
    for where, text in texts:
        spans = sorted(_spans(text, wanted, names), key=lambda s: s[1])
        findings.extend(PrivacyFinding(k, where, s, e, text[s:e]) for k, s, e in spans)
    return tuple(findings)


def redact_findings(text: str, findings: Iterable[PrivacyFinding], marker: str) -> str:
    """``text`` with each finding's span replaced by ``marker`` (``{kind}`` filled in)."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + marker.format(kind=finding.kind) + text[finding.end :]
    return text


def _kinds(value: Iterable[str]) -> frozenset[str]:
    result = frozenset(value)
    unknown = result - set(FINDING_KINDS)
    if unknown:
        raise InvalidInput(
            f"unknown privacy finding kind(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(FINDING_KINDS)}"
        )
    return result


@attrs.frozen(kw_only=True)
class PrivacyPolicy:
    """What to look for in subject, body and attachment names, and what to do about it.

    ``action``: ``off``, ``report`` (default: the kinds found go into the event data as
    ``"privacy"``), ``refuse`` (:class:`~supportkit.InvalidInput` telling the author to move
    the data into an attachment) or ``redact``. ``channels``: where it applies (``None``: every
    channel). ``names``: people's names to look for (besides any given per call).
    """

    action: PrivacyAction = attrs.field(default=PrivacyAction.REPORT, converter=PrivacyAction)
    kinds: frozenset[str] = attrs.field(default=frozenset(FINDING_KINDS), converter=_kinds)
    names: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    marker: str = "[personal data: {kind}]"

    def applies_to(self, channel: str) -> bool:
        """True when this policy checks messages on ``channel``."""
        return self.action is not PrivacyAction.OFF and (
            self.channels is None or channel in self.channels
        )

    def scan(
        self, texts: Iterable[tuple[str, str]], *, names: Iterable[str] = ()
    ) -> tuple[PrivacyFinding, ...]:
        """:func:`scan` with this policy's kinds and names (plus ``names``)."""
        return scan(texts, kinds=self.kinds, names=(*self.names, *names))


def refusal(findings: Iterable[PrivacyFinding]) -> InvalidInput:
    """The error for ``refuse``: where the data is and what to do instead (no values)."""
    places: dict[str, set[str]] = {}
    for finding in findings:
        places.setdefault(finding.where, set()).add(finding.kind)
    where = "; ".join(f"{w}: {', '.join(sorted(k))}" for w, k in sorted(places.items()))
    return InvalidInput(
        f"personal data found ({where}); privacy data belongs only in attachments, not in "
        "subject, body or attachment names: move it into an attachment and try again"
    )
