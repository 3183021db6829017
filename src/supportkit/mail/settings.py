"""The e-mail channel's settings (the desk's rules stay in :class:`~supportkit.Policy`)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = ["MailSettings"]


def _address(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None and attribute.name != "address":
        return
    local, at, domain = value.partition("@") if isinstance(value, str) else ("", "", "")
    if not (at and local and domain) or any(c.isspace() or not c.isprintable() for c in value):
        raise InvalidInput(f"MailSettings.{attribute.name} must be an e-mail address such as "
                           f"'support@desk.example', got {describe(value)}")


def _token(_: object, __: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or value.count("{id}") != 1 or len(value) > 50 or any(
            c.isspace() for c in value.replace("{id}", "")) or value.strip() == "{id}":
        raise InvalidInput("MailSettings.subject_token must hold '{id}' once with some text "
                           f"around it and no spaces, e.g. '[#{{id}}]', got {describe(value)}")


def _positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    positive = (value > timedelta(0) if isinstance(value, timedelta) else
                isinstance(value, int) and not isinstance(value, bool) and value > 0)
    if not positive:
        raise InvalidInput(f"MailSettings.{attribute.name} must be above 0, got "
                           f"{describe(value)}")


@attrs.frozen(kw_only=True)
class MailSettings:
    """How the desk speaks e-mail.

    ``address``: the desk's own address (From and Reply-To of what it sends; mail *from* it
    is never taken, a loop guard). ``name``: the display name it sends under.
    ``subject_token``: the ticket mark in subjects (``{id}``: the ticket id).
    ``auto_reply_limit`` per ``auto_reply_window``: how many automatic answers (the
    auto-reply with the ticket link, refusals) one sender address gets at most.
    ``max_message_bytes``: larger messages are refused (exit 65 in ``mailgate``).
    ``claim_lease``: how long a message being processed blocks a second delivery of the same
    Message-ID before a crashed gateway's claim is taken over. ``gateway_actor``: the
    support-side id bounce notes are written as. ``support_address``: where notifications
    for the support side without an address of their own go (None: not mailed).
    """

    address: str = attrs.field(default="support@localhost", validator=_address)
    name: str = "Support"
    subject_token: str = attrs.field(default="[#{id}]", validator=_token)
    auto_reply_limit: int = attrs.field(default=5, validator=_positive)
    auto_reply_window: timedelta = attrs.field(default=timedelta(hours=1), validator=_positive)
    max_message_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    claim_lease: timedelta = attrs.field(default=timedelta(minutes=10), validator=_positive)
    gateway_actor: str = "mail-gateway"
    support_address: str | None = attrs.field(default=None, validator=_address)

    @property
    def domain(self) -> str:
        """The domain of :attr:`address` (the right side of the desk's Message-IDs)."""
        return self.address.rpartition("@")[2].lower()

    def token(self, ticket_id: str) -> str:
        """The subject token of ``ticket_id``."""
        return self.subject_token.replace("{id}", ticket_id)

    def token_pattern(self) -> re.Pattern[str]:
        """A pattern finding subject tokens; group 1 is the id (linear: no nested repeats)."""
        before, _, after = self.subject_token.partition("{id}")
        return re.compile(re.escape(before) + r"([A-Za-z0-9_.\-]{1,64}?)" + re.escape(after))
