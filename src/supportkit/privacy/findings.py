"""Personal data in the readable part of a ticket: subject, body and attachment names.

Open-Xchange: "customers and support agents have to keep the readable ticket communication,
in form of email/article body, subject or attachment names, free from any privacy data ...
This privacy data only has to be hand over in form of attachments." :func:`scan` finds
e-mail addresses, IPv4/IPv6 addresses (validated with :mod:`ipaddress`), phone numbers and
given names; a :class:`PrivacyPolicy` decides whether findings are reported, refused or
redacted.
"""

from __future__ import annotations

import ipaddress
import itertools
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
# The two runs are bounded: the longest IPv6 address is 45 characters, and a candidate that
# ends inside a longer run of hex digits and colons fails the look-ahead anyway. Unbounded, a
# long run of "1:1:…" followed by a letter was tried in O(n²) splits.
_IPV6 = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f:]{0,45}:[0-9A-Fa-f:]{0,45}(?:\d{1,3}(?:\.\d{1,3}){3})?"
    r"(?![\w:]|\.\d)"
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


#: A dotted quad right after one of these words is a version or build number
#: ("build 7.8.4.12", "v7.8.4.12", "version: 7.8.4.12", "update to 7.8.4.12"), not an IPv4
#: address; a quad followed by another ".number" is never one either. Read on the
#: (at most 24) characters before the quad, anchored at its start: linear, no backtracking
#: beyond that window.
_VERSION_LABEL = re.compile(
    r"(?<![\w-])(?:versions?|vers?|build|release|rev|revision|patch(?:level)?|"
    r"(?:up(?:date|grade)|downgrade)d?|"
    r"v)\.?(?:[ \t]{1,3}to)?[ \t:#]{0,3}\Z",
    re.IGNORECASE,
)


def _version_number(text: str, start: int) -> bool:
    """True when the dotted quad at ``start`` is labelled as a version or build number."""
    return _VERSION_LABEL.search(text[max(0, start - 24) : start]) is not None


def _accepted(
    taken: list[tuple[int, int]], spans: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Those of ``spans`` (in order, not overlapping each other) that overlap nothing in
    ``taken`` (sorted, not overlapping); one walk over both lists, not a scan per span."""
    accepted: list[tuple[int, int]] = []
    i = 0
    for start, end in spans:
        while i < len(taken) and taken[i][1] <= start:
            i += 1
        if i < len(taken) and taken[i][0] < end:
            continue
        accepted.append((start, end))
    return accepted


def _outside_links(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Those of ``spans`` (in order) that are not inside a link."""
    links = [u.span() for u in _URL.finditer(text)]
    j = -1
    for start, end in spans:
        while j + 1 < len(links) and links[j + 1][0] <= start:
            j += 1
        if not (j >= 0 and end <= links[j][1]):
            yield start, end


def _spans(
    text: str, kinds: frozenset[str], names: Iterable[str]
) -> Iterator[tuple[str, int, int]]:
    passes: list[tuple[str, Iterable[tuple[int, int]]]] = []
    if "email" in kinds:
        passes.append(("email", (m.span() for m in _EMAIL.finditer(text))))
    if "ipv6" in kinds:
        passes.append(("ipv6", (m.span() for m in _IPV6.finditer(text) if _ipv6(m.group()))))
    if "ipv4" in kinds:
        passes.append(("ipv4", (m.span() for m in _IPV4.finditer(text)
                                if _ipv4(m.group()) and not _version_number(text, m.start()))))
    if "phone" in kinds:
        phones = (m.span() for m in _PHONE.finditer(text) if _phone(m.group()))
        passes.append(("phone", _outside_links(text, phones)))
    if "name" in kinds:
        for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
            pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
            passes.append(("name", (m.span() for m in pattern.finditer(text))))
    taken: list[tuple[int, int]] = []
    for kind, spans in passes:
        accepted = _accepted(taken, spans)
        for start, end in accepted:
            yield kind, start, end
        taken = sorted(taken + accepted)  # two sorted runs: a linear merge


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
    ordered = sorted(findings, key=lambda f: f.start)
    if any(a.end > b.start for a, b in itertools.pairwise(ordered)):
        for finding in sorted(ordered, key=lambda f: f.start, reverse=True):  # as given: one by one
            text = text[: finding.start] + marker.format(kind=finding.kind) + text[finding.end :]
        return text
    pieces: list[str] = []
    at = 0
    for finding in ordered:
        pieces += (text[at : finding.start], marker.format(kind=finding.kind))
        at = finding.end
    pieces.append(text[at:])
    return "".join(pieces)


def _kinds(value: Iterable[str]) -> frozenset[str]:
    result = frozenset(value)
    unknown = result - set(FINDING_KINDS)
    if unknown:
        raise InvalidInput(
            f"unknown privacy finding kind(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(FINDING_KINDS)}"
        )
    return result


def _addresses(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInput(f"give a list of addresses, not the text {value!r}")
    found = frozenset(a.strip().casefold() for a in value)
    bad = sorted(a for a in found if "@" not in a or any(c.isspace() for c in a))
    if bad:
        raise InvalidInput(
            f"PrivacyPolicy.own_addresses: {', '.join(bad)} is not an address or @domain; "
            "give e.g. ['support@example.com', '@example.com']"
        )
    return found


@attrs.frozen(kw_only=True)
class PrivacyPolicy:
    """What to look for in subject, body and attachment names, and what to do about it.

    ``action``: ``off``, ``report`` (default: the kinds found go into the event data as
    ``"privacy"``), ``refuse`` (:class:`~supportkit.InvalidInput` telling the author to move
    the data into an attachment) or ``redact``. ``channels``: where it applies (``None``: every
    channel). ``names``: people's names to look for (besides any given per call).
    ``own_addresses``: the desk's own e-mail addresses (``support@example.com``) or domains
    (``@example.com``), which are not personal data of a third person.
    """

    action: PrivacyAction = attrs.field(default=PrivacyAction.REPORT, converter=PrivacyAction)
    kinds: frozenset[str] = attrs.field(default=frozenset(FINDING_KINDS), converter=_kinds)
    names: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    channels: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    marker: str = "[personal data: {kind}]"
    own_addresses: frozenset[str] = attrs.field(default=frozenset(), converter=_addresses)

    def applies_to(self, channel: str) -> bool:
        """True when this policy checks messages on ``channel``."""
        return self.action is not PrivacyAction.OFF and (
            self.channels is None or channel in self.channels
        )

    def scan(
        self, texts: Iterable[tuple[str, str]], *, names: Iterable[str] = ()
    ) -> tuple[PrivacyFinding, ...]:
        """:func:`scan` with this policy's kinds and names (plus ``names``), without the
        desk's own addresses."""
        found = scan(texts, kinds=self.kinds, names=(*self.names, *names))
        return tuple(f for f in found if not self.is_own_address(f))

    def is_own_address(self, finding: PrivacyFinding) -> bool:
        """True when ``finding`` is one of the desk's own addresses (or domains)."""
        if finding.kind != "email" or not self.own_addresses:
            return False
        address = finding.text.casefold()
        domain = address[address.rfind("@"):]
        return address in self.own_addresses or domain in self.own_addresses


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
