"""The e-mail channel: a gateway in (one RFC 5322 message -> one desk action) and a sender
out (the notification outbox -> SMTP). See ``docs/howto/connect-your-mail-server.md``.

>>> from supportkit import Helpdesk
>>> from supportkit.adapters.memory import MemoryStore
>>> from supportkit.mail import MailGateway, MailSettings
>>> desk = Helpdesk(store=MemoryStore())
>>> gateway = MailGateway(desk, MailSettings(address="help@desk.example"))
>>> gateway.handle(b"From: ann@example.com\\r\\nSubject: VPN down\\r\\n\\r\\nSince 9\\r\\n").outcome
'opened'
"""

from supportkit.mail.fetching import Fetched, ImapClient, fetch_imap, fetch_maildir
from supportkit.mail.gateway import MailGateway, MailOutcome, SenderResolver, registered_accounts
from supportkit.mail.message import (
    Bounce,
    InboundMail,
    MessageInProgress,
    Part,
    UnusableMessage,
    parse_message,
)
from supportkit.mail.outbound import (
    MailSender,
    SendReport,
    SmtpTransport,
    compose,
    message_id_for,
)
from supportkit.mail.settings import MailSettings
from supportkit.mail.text import clean_subject, html_to_text, reply_text

__all__ = [
    "Bounce",
    "Fetched",
    "ImapClient",
    "InboundMail",
    "MailGateway",
    "MailOutcome",
    "MailSender",
    "MailSettings",
    "MessageInProgress",
    "Part",
    "SendReport",
    "SenderResolver",
    "SmtpTransport",
    "UnusableMessage",
    "clean_subject",
    "compose",
    "fetch_imap",
    "fetch_maildir",
    "html_to_text",
    "message_id_for",
    "parse_message",
    "registered_accounts",
    "reply_text",
]
