"""One call the :class:`~supportkit.Helpdesk` makes before it stores a message: redact
secrets (on the redactor's channels), then look for personal data (report, refuse or
redact it). What was found is returned as event data, by kind only, never by value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import BinaryIO

import attrs

from supportkit.errors import InvalidInput
from supportkit.privacy.findings import (
    PrivacyAction,
    PrivacyFinding,
    PrivacyPolicy,
    redact_findings,
    refusal,
)
from supportkit.privacy.quoting import mask_history
from supportkit.privacy.redaction import Redactor, redact_fields
from supportkit.tickets.model import EventValue, Upload

__all__ = ["Screened", "read_limited", "screen"]


@attrs.frozen(kw_only=True)
class Screened:
    """A message after screening: the texts, intake fields and uploads to store, the raw
    e-mail bytes to keep (already redacted), the findings, and the event data that records
    what happened."""

    subject: str | None
    body: str
    uploads: tuple[Upload, ...]
    raw_email: bytes | None
    findings: tuple[PrivacyFinding, ...] = ()
    data: dict[str, EventValue] = attrs.field(factory=dict)
    fields: dict[str, str] = attrs.field(factory=dict)


def read_limited(content: bytes | BinaryIO, limit: int) -> bytes:
    """All of ``content`` as bytes; :class:`InvalidInput` when it exceeds ``limit``."""
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
    else:
        data = content.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            f"raw e-mail refused: larger than the limit of {limit} bytes; "
            "keep the large parts as attachments"
        )
    return data


def screen(
    redactor: Redactor,
    privacy: PrivacyPolicy,
    channel: str,
    *,
    subject: str | None,
    body: str,
    uploads: Iterable[Upload] = (),
    raw_email: bytes | BinaryIO | None = None,
    max_raw_bytes: int,
    names: Iterable[str] = (),
    reply: bool = False,
    fields: Mapping[str, str] | None = None,
) -> Screened:
    """Redact, then scan; raise :class:`InvalidInput` when ``privacy`` refuses.

    For a ``reply`` only its new text is scanned: the quoted history and the attribution
    line (:func:`~supportkit.privacy.quoting.mask_history`) were written before.
    ``fields`` (intake fields of a ticket) are redacted with :func:`redact_fields`; the kinds
    found there join those of subject, body and raw e-mail in ``data["redacted"]``.
    """
    uploads = tuple(uploads)
    screened_fields, field_kinds = redact_fields(redactor, channel, fields or {})
    redacted: set[str] = set(field_kinds)
    raw = None if raw_email is None else read_limited(raw_email, max_raw_bytes)
    if redactor.applies_to(channel):
        if subject is not None:
            result = redactor.redact(subject)
            subject, redacted = result.text, redacted | set(result.kinds)
        result = redactor.redact(body)
        body = result.text
        redacted |= set(result.kinds)
        if raw is not None:
            raw, kinds = redactor.redact_email(raw)
            redacted |= set(kinds)
    data: dict[str, EventValue] = {}
    if redacted:
        data["redacted"] = ",".join(sorted(redacted))
    findings: tuple[PrivacyFinding, ...] = ()
    if privacy.applies_to(channel):
        texts = [("body", mask_history(body) if reply else body)]
        if subject is not None:
            texts.insert(0, ("subject", subject))
        texts += [(f"attachment:{i}", u.filename) for i, u in enumerate(uploads)]
        findings = privacy.scan(texts, names=names)
    if findings:
        if privacy.action is PrivacyAction.REFUSE:
            raise refusal(findings)
        data["privacy"] = ",".join(sorted({f.kind for f in findings}))
        data["privacy_action"] = privacy.action.value
        if privacy.action is PrivacyAction.REDACT:
            def clean(where: str, text: str) -> str:
                found = [f for f in findings if f.where == where]
                return redact_findings(text, found, privacy.marker) if found else text

            subject = None if subject is None else clean("subject", subject)
            body = clean("body", body)
            uploads = tuple(
                attrs.evolve(u, filename=clean(f"attachment:{i}", u.filename))
                for i, u in enumerate(uploads)
            )
    return Screened(
        subject=subject, body=body, uploads=uploads, raw_email=raw,
        findings=findings, data=data, fields=screened_fields,
    )
