"""Privacy and retention: secrets stripped from messages, personal data found in the
readable part of tickets, and private content purged on schedule after the keep period.

* :class:`Redactor` (``redaction``) — Odin: passwords in e-mail replies are stripped;
  :func:`redact_fields` does the same for a ticket's intake fields, and ``mime`` for the
  kept raw e-mail.
* :class:`PrivacyPolicy`, :func:`scan`, :class:`PrivacyFinding` (``findings``) —
  Open-Xchange: privacy data belongs only in attachments.
* :class:`RetentionPolicy`, :func:`retention_due` (``retention``; the run itself is
  :mod:`supportkit.app.retention`) — Open-Xchange: weekly Sunday purge of attachments
  and raw e-mails of tickets closed for 90 days; reopen only within those 90 days.
"""

from supportkit.privacy.findings import (
    FINDING_KINDS,
    PrivacyAction,
    PrivacyFinding,
    PrivacyPolicy,
    scan,
)
from supportkit.privacy.redaction import DETECTORS, Redaction, Redactor, redact_fields
from supportkit.privacy.retention import (
    ATTACHMENT,
    PRIVATE_KINDS,
    RAW_EMAIL,
    RetentionPolicy,
    retention_due,
)

__all__ = [
    "ATTACHMENT",
    "DETECTORS",
    "FINDING_KINDS",
    "PRIVATE_KINDS",
    "RAW_EMAIL",
    "PrivacyAction",
    "PrivacyFinding",
    "PrivacyPolicy",
    "Redaction",
    "Redactor",
    "RetentionPolicy",
    "redact_fields",
    "retention_due",
    "scan",
]
