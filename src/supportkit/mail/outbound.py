"""Outbound mail: the notification outbox drained to SMTP.

:class:`MailSender` reads the pending notifications, composes one message for each
(:func:`compose`) and sends them inside :meth:`Outbox.batch`, so an entry is marked sent
only in the unit of work that claimed it, after the SMTP server accepted it.

Every message has a **stable Message-ID** derived from the notification id
(:func:`message_id_for`), recorded with its ticket before it is sent, so replies thread back
(``In-Reply-To``/``References``) and a message sent twice has the same id. The subject
carries the ticket token (``[#<id>]``); ``Reply-To`` is the desk's address; automatic mail
(the auto-reply with the ticket's direct link, a refusal's answer) is marked
``Auto-Submitted: auto-replied``, status news ``auto-generated`` (RFC 3834), and both ask
Exchange for no automatic answers (``X-Auto-Response-Suppress: All``).

**At least once.** A crash after the SMTP server accepted a message and before the batch's
unit of work committed leaves the entry pending: it is sent again on the next run, with the
same Message-ID (the duplicate window is one batch: at most ``limit`` messages). A receiving
supportkit gateway processes a Message-ID once, so it drops the copy.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from typing import Literal

import attrs

from supportkit.app.mail import Direction, MailRecord, MailRepository
from supportkit.app.outbox import Notification
from supportkit.errors import NotFound, PermissionDenied
from supportkit.mail.settings import MailSettings
from supportkit.service import Helpdesk
from supportkit.tickets.model import Ticket

__all__ = ["MailSender", "SendReport", "SmtpTransport", "compose", "message_id_for"]

#: Sends one composed message (raise to leave its notification pending).
Transport = Callable[[EmailMessage], None]

_ID_SAFE = re.compile(r"[^A-Za-z0-9_.\-]")
MAX_REFERENCES = 20


def message_id_for(notification_id: str, ticket_id: str, settings: MailSettings) -> str:
    """The stable Message-ID (without angle brackets) of the mail for a notification."""
    digest = hashlib.sha256(notification_id.encode("utf-8", "surrogatepass")).hexdigest()
    ticket = _ID_SAFE.sub("_", ticket_id)[:40] or "desk"
    return f"sk.{ticket}.{digest[:24]}@{settings.domain}"


def _one_line(text: str, most: int = 300) -> str:
    return " ".join(text.split())[:most]


def _is_address(text: str | None) -> bool:
    """An ASCII ``local@domain`` (internationalised addresses need SMTPUTF8: not sent)."""
    if not text or "@" not in text or len(text) > 254 or not text.isascii():
        return False
    return email.utils.parseaddr(text)[1] == text and not any(c.isspace() for c in text)


def _body(note: Notification, ticket: Ticket | None) -> str:
    if note.event == "refused":
        return (f"Your message could not be taken:\n\n{note.text or ''}\n\n"
                "This is an automatic answer.")
    if note.link is not None:
        return (f"Thank you for your message. It is registered as ticket #{note.ticket_id}: "
                f"{_one_line(note.subject)}\n\nFollow it here: {note.link}\n\nReply to this "
                "e-mail to add to the ticket.")
    if ticket is not None and note.event in ("replied", "opened"):
        for message in reversed(ticket.messages):
            if message.author == note.actor and message.at == note.at and not message.internal:
                return message.body
    status = note.status.value
    return (f"Ticket #{note.ticket_id} ({_one_line(note.subject)}) is {status}: "
            f"{note.event.replace('_', ' ')} by {note.actor}.")


def compose(
    note: Notification,
    *,
    settings: MailSettings,
    to: str,
    thread: Sequence[str] = (),
    ticket: Ticket | None = None,
) -> EmailMessage:
    """The message announcing ``note`` to ``to``. ``thread``: the ticket's Message-IDs,
    oldest first (the last one is answered); ``ticket``: the ticket, for a reply's text."""
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((settings.name, settings.address))
    msg["To"] = to
    msg["Reply-To"] = settings.address
    answered = note.in_reply_to or (thread[-1] if thread else None)
    subject = _one_line(note.subject) or "(no subject)"
    if note.ticket_id:
        subject = f"{settings.token(note.ticket_id)} {subject}"
    msg["Subject"] = f"Re: {subject}" if answered else subject
    msg["Date"] = email.utils.format_datetime(note.at)
    msg["Message-ID"] = f"<{message_id_for(note.id, note.ticket_id, settings)}>"
    if answered:
        msg["In-Reply-To"] = f"<{answered}>"
        references = [*thread[:1], *thread[1:][-(MAX_REFERENCES - 1):]]
        if note.in_reply_to and note.in_reply_to not in references:
            references.append(note.in_reply_to)
        msg["References"] = " ".join(f"<{r}>" for r in references)
    automatic = note.event == "refused" or note.link is not None
    if automatic:
        msg["Auto-Submitted"] = "auto-replied"
    elif note.event not in ("replied", "opened"):
        msg["Auto-Submitted"] = "auto-generated"
    if "Auto-Submitted" in msg:
        msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(_body(note, ticket))
    return msg


@attrs.frozen
class SendReport:
    """What one :meth:`MailSender.send_pending` run did: ``sent`` messages, notifications
    ``skipped`` (no address, suppressed: marked sent without mail), ``failed`` (left
    pending for the next run)."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0


class MailSender:
    """Drains ``desk.outbox`` to ``transport`` (an :class:`SmtpTransport`, or any callable
    taking an :class:`~email.message.EmailMessage`)."""

    def __init__(self, desk: Helpdesk, settings: MailSettings, transport: Transport) -> None:
        self.desk = desk
        self.settings = settings
        self.transport = transport
        self._mail = MailRepository(desk.store)

    def _address(self, note: Notification) -> str | None:
        if _is_address(note.email):
            return note.email
        if _is_address(note.recipient):
            return note.recipient
        if note.recipient is None and note.recipient_side.value == "support":
            return self.settings.support_address
        return None

    def _prepare(self, notes: Sequence[Notification]) -> dict[str, EmailMessage | str]:
        """A message for each note, or the reason it is not mailed; the messages'
        Message-IDs are recorded with their tickets before anything is sent."""
        prepared: dict[str, EmailMessage | str] = {}
        suppressed = self._mail.suppressed(n.id for n in notes)
        threads: dict[str, list[str]] = {}
        tickets: dict[str, Ticket | None] = {}
        records: list[MailRecord] = []
        for note in notes:
            to = self._address(note)
            if note.id in suppressed:
                prepared[note.id] = suppressed[note.id]
                continue
            if to is None:
                prepared[note.id] = "no e-mail address"
                continue
            thread: list[str] = []
            if note.ticket_id:
                if note.ticket_id not in threads:
                    threads[note.ticket_id] = [r.message_id for r in
                                               self._mail.thread(note.ticket_id)]
                    tickets[note.ticket_id] = self._ticket(note.ticket_id)
                thread = threads[note.ticket_id]
            own = message_id_for(note.id, note.ticket_id, self.settings)
            try:
                prepared[note.id] = compose(note, settings=self.settings, to=to,
                                            thread=[t for t in thread if t != own],
                                            ticket=tickets.get(note.ticket_id))
            except (ValueError, TypeError) as exc:  # a header the email package refuses
                prepared[note.id] = f"cannot be composed: {exc}"
                continue
            if note.ticket_id:
                records.append(MailRecord(message_id=own, direction=Direction.OUT,
                                          ticket=note.ticket_id, at=note.at))
        if records:
            self._mail.remember(records)
        return prepared

    def _ticket(self, ticket_id: str) -> Ticket | None:
        try:
            return self.desk.get(ticket_id)
        except (NotFound, PermissionDenied):
            return None

    def send_pending(self, limit: int = 100) -> SendReport:
        """Send up to ``limit`` pending notifications; see the module docstring."""
        prepared = self._prepare(self.desk.outbox.pending(limit))
        sent = skipped = failed = 0
        with self.desk.outbox.batch(limit) as batch:
            broken = False
            for note in batch:
                message = prepared.get(note.id)
                if message is None or broken:  # arrived after the preparation: next run
                    batch.release(note)
                    failed += message is not None
                    continue
                if isinstance(message, str):
                    skipped += 1
                    continue
                try:
                    self.transport(message)
                except (smtplib.SMTPException, OSError):
                    batch.release(note)
                    failed += 1
                    broken = True  # the connection is gone: keep the rest for next time
                    continue
                sent += 1
        return SendReport(sent, skipped, failed)


class SmtpTransport:
    """Sends through one SMTP connection, opened on the first message (``smtplib``).

    ``security``: ``"none"``, ``"starttls"`` (upgrade a plain connection) or ``"ssl"``
    (implicit TLS, port 465); ``context``: the TLS settings (default: the system's trusted
    certificates, host name checked). ``user``/``password``: log in when given. Use as a
    context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        security: Literal["none", "starttls", "ssl"] = "none",
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.context = context
        self.user, self.password, self.timeout = user, password, timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = self.context if self.context is not None else ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.security == "starttls":
                smtp.starttls(context=context)
        if self.user is not None:
            smtp.login(self.user, self.password or "")
        return smtp

    def __call__(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        self._smtp.send_message(message)

    def close(self) -> None:
        """Say QUIT and close the connection (if one was opened)."""
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
