"""Issue 16: the kept raw e-mail holds no secret, whatever shape the message is in.

``docs/privacy.md`` promises the secret is in no blob. For every message of the corpus in
``mime_corpus`` (unknown charsets, damaged base64, unknown transfer encodings, soft line
breaks through the secret, encoded-words in any header, RFC 2231 names, nesting ...) the secret
is readable in the original and in no readable form of the redacted message, while ordinary
text survives and the result still parses into the same parts.
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest
from leakcheck import where_is
from mime_corpus import KEEP, SECRET, VARIANTS, holds

from supportkit import Actor, FixedClock, Helpdesk, Policy
from supportkit.adapters.memory import MemoryStore
from supportkit.privacy import PrivacyPolicy, Redactor
from supportkit.privacy.screening import screen

NAMES = sorted(VARIANTS)


def test_the_corpus_is_large_enough() -> None:
    assert len(VARIANTS) >= 16


def _leaves(raw: bytes) -> int:
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    return sum(1 for part in message.walk() if not part.is_multipart())


@pytest.mark.parametrize("name", NAMES)
def test_secret_is_in_no_readable_form_of_the_kept_message(name: str) -> None:
    raw = VARIANTS[name]()
    assert holds(raw, SECRET), "the variant must hide a readable secret"
    cleaned, kinds = Redactor().redact_email(raw)
    assert SECRET.encode() not in cleaned
    assert holds(cleaned, SECRET) == []
    assert kinds and set(kinds) <= {"password", "bearer_token"}
    assert holds(cleaned, KEEP) or KEEP not in "".join(holds(raw, KEEP)), "ordinary text kept"
    assert _leaves(cleaned) == _leaves(raw)


@pytest.mark.parametrize("name", NAMES)
def test_redacting_again_changes_nothing(name: str) -> None:
    once, _ = Redactor().redact_email(VARIANTS[name]())
    twice, kinds = Redactor().redact_email(once)
    assert (twice, kinds) == (once, ())


def test_a_message_without_secrets_is_kept_byte_for_byte() -> None:
    for name in NAMES:
        raw = VARIANTS[name]().replace(SECRET.encode(), b"").replace(b"password", b"greeting")
        cleaned, kinds = Redactor().redact_email(raw)
        if not kinds:
            assert cleaned == raw, name


def test_screening_keeps_the_raw_e_mail_redacted() -> None:
    for name in NAMES:
        screened = screen(
            Redactor(), PrivacyPolicy(action="off"), "email", subject="s", body="b",
            raw_email=VARIANTS[name](), max_raw_bytes=10_000_000,
        )
        assert screened.raw_email is not None
        assert holds(screened.raw_email, SECRET) == [], name
        assert "password" in str(screened.data["redacted"])


def test_the_desk_stores_no_secret_from_any_variant() -> None:
    store = MemoryStore()
    desk = Helpdesk(store, Policy(), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    alice = Actor.customer("alice", company="acme")
    ticket = desk.open_ticket(alice, subject="mail", body="see below", channel="email")
    for name in NAMES:
        desk.reply(ticket.id, alice, f"variant {name}", channel="email",
                   raw_email=VARIANTS[name]())
    assert where_is(store, SECRET) == []
