"""The inbound gateway: one RFC 5322 message in, one desk action (or none) out.

:meth:`MailGateway.handle` returns a :class:`MailOutcome`:

* ``opened`` — a new ticket (its id);
* ``replied`` — a reply on an existing ticket (its id);
* ``ignored`` — nothing done, with the reason: automatic mail (RFC 3834 ``Auto-Submitted``,
  ``Precedence: bulk/list/junk``, ``List-Id``, ``X-Autoreply``…), a bounce (recorded on the
  ticket of the message it reports on, as an internal note), the desk's own mail, a
  Message-ID already processed;
* ``refused`` — the desk's rules refused it (unknown sender where only registered ones may
  write, e-mail not an opening channel, no entitlement, a closed ticket past its reopen
  window …): the reason, and an answer to the sender in the outbox (rate-limited).

Threading, in this order: the ``In-Reply-To`` and ``References`` Message-IDs the desk sent or
received (stored per message, :class:`~supportkit.app.mail.MailRepository`); then the
subject token (``[#<id>]``); then a new ticket. Whatever found the ticket, the sender must be
allowed to act on it (its scopes, :meth:`Helpdesk.get` with the sender as viewer): a message
from someone without rights never lands on another person's ticket, it opens its own.

A Message-ID is processed once: it is claimed before the desk acts and finished after; a
second delivery while the first is being handled, or after, is ``ignored``. A crash between
the desk's action and the finish leaves the claim, which another delivery takes over after
``MailSettings.claim_lease``: the action may then run twice (at-least-once, like the outbox).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Literal

import attrs

from supportkit.app.mail import Direction, MailRecord, MailRepository
from supportkit.app.outbox import Notification
from supportkit.errors import (
    InvalidInput,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    PermissionDenied,
)
from supportkit.mail.message import InboundMail, MessageInProgress, parse_message
from supportkit.mail.settings import MailSettings
from supportkit.mail.text import clean_subject, reply_text
from supportkit.service import Helpdesk
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.model import Upload
from supportkit.tickets.status import TicketStatus

__all__ = [
    "MailGateway",
    "MailOutcome",
    "SenderResolver",
    "registered_accounts",
]

OutcomeKind = Literal["opened", "replied", "ignored", "refused"]

#: The account or actor an address acts as (None: the desk does not take mail from it).
SenderResolver = Callable[[Helpdesk, str, str], Actor | None]

_REFUSALS = (NotEntitled, PermissionDenied, InvalidTransition, NotEligible, InvalidInput,
             NotFound)


@attrs.frozen
class MailOutcome:
    """What the gateway made of one message: ``outcome`` (``opened``, ``replied``,
    ``ignored``, ``refused``), the ticket it went to (if any), the reason (ignored, refused)
    and the Message-ID. ``answer``: the id of the outbox entry answering a refusal, when one
    was written."""

    outcome: OutcomeKind
    ticket: str | None = None
    reason: str | None = None
    message_id: str | None = None
    answer: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """The ``--json`` form of ``supportkit mailgate``."""
        return {"outcome": self.outcome, "ticket": self.ticket, "reason": self.reason,
                "message_id": self.message_id}


def registered_accounts(unknown: Literal["customer", "refuse"] = "customer") -> SenderResolver:
    """The default resolver: an address of a registered account acts as that account; any
    other address acts as a customer whose id is the address (``unknown="customer"``: the
    policy then decides, e.g. ``registered_only`` or ``require_entitlement`` refuse it) or
    is refused outright (``unknown="refuse"``)."""

    def resolve(desk: Helpdesk, address: str, name: str) -> Actor | None:
        accounts = MailRepository(desk.store).accounts_by_email(address)
        if accounts:
            return desk.actor_for(accounts[0])
        return Actor.customer(address.lower()) if unknown == "customer" else None

    return resolve


class MailGateway:
    """Turns inbound messages into desk actions (see the module docstring)::

        gateway = MailGateway(desk, MailSettings(address="support@desk.example"))
        outcome = gateway.handle(raw_bytes)
    """

    def __init__(
        self,
        desk: Helpdesk,
        settings: MailSettings | None = None,
        resolver: SenderResolver | None = None,
    ) -> None:
        self.desk = desk
        self.settings = settings if settings is not None else MailSettings()
        self.resolver = resolver if resolver is not None else registered_accounts()
        self._mail = MailRepository(desk.store)
        self._token = self.settings.token_pattern()

    def handle(self, raw: bytes) -> MailOutcome:
        """Process one message.

        Raises :class:`~supportkit.mail.UnusableMessage` when it can never be taken;
        :class:`~supportkit.mail.MessageInProgress` while another gateway processes the
        same Message-ID, and :class:`~supportkit.StorageError` (or ``OSError``) when the
        store failed: try again later (nothing was recorded as processed)."""
        mail = parse_message(raw, max_bytes=self.settings.max_message_bytes)
        now = self.desk.clock.now()
        known = self._mail.claim(mail.message_id, now, self.settings.claim_lease)
        if known is not None:
            if known.direction is Direction.IN and known.state != "done":
                raise MessageInProgress(
                    f"message {mail.message_id!r} is being processed by another gateway "
                    f"(since {known.at.isoformat()}); try again later")
            why = ("the desk's own message" if known.direction is Direction.OUT else
                   "this Message-ID was processed already")
            return MailOutcome("ignored", known.ticket, why, mail.message_id)
        try:
            outcome = self._decide(mail, bytes(raw))
        except BaseException:
            self._mail.release(mail.message_id)
            raise
        self._mail.remember([MailRecord(
            message_id=mail.message_id, direction=Direction.IN, ticket=outcome.ticket,
            at=now, outcome=outcome.outcome)])
        return outcome

    # -- deciding ----------------------------------------------------------------------------

    def _decide(self, mail: InboundMail, raw: bytes) -> MailOutcome:
        address = mail.address or ""
        if address.lower() == self.settings.address.lower():
            return self._ignored(mail, "mail from the desk's own address (a loop)")
        if mail.bounce is not None:
            return self._record_bounce(mail)
        if mail.automatic is not None:
            return self._ignored(mail, f"automatic mail ({mail.automatic})")
        actor = self.resolver(self.desk, address, mail.name)
        if actor is None:
            return self._refuse(mail, f"{address} is not a registered sender of this desk")
        # an account's actor carries its role; a plain actor without roles is no account
        account = bool(actor.roles) and self._is_account(actor.id)
        for ticket_id in self._candidates(mail):
            on_ticket = self._actor_on(actor, ticket_id, account)
            if on_ticket is None:
                continue
            uploads, note, kept_raw = self._uploads(mail, raw)
            try:
                self.desk.reply(ticket_id, on_ticket, self._reply_body(mail, note),
                                channel="email", attachments=uploads, raw_email=kept_raw)
            except (PermissionDenied, NotFound):  # not this sender's ticket (or none)
                continue
            except _REFUSALS as exc:
                return self._refuse(mail, str(exc), ticket_id)
            return MailOutcome("replied", ticket_id, None, mail.message_id)
        return self._open(mail, actor, raw)

    def _ignored(self, mail: InboundMail, reason: str, ticket: str | None = None) -> MailOutcome:
        return MailOutcome("ignored", ticket, reason, mail.message_id)

    def _candidates(self, mail: InboundMail) -> list[str]:
        found = self._mail.tickets_of(mail.thread_ids)
        for match in self._token.finditer(mail.subject[:2000]):
            if match.group(1) not in found:
                found.append(match.group(1))
            if len(found) > 20:
                break
        return found

    def _actor_on(self, actor: Actor, ticket_id: str, account: bool) -> Actor | None:
        """The actor ``actor`` is on ``ticket_id`` (an account's side depends on the
        ticket), or None when it may not act there. A plain actor is checked by the reply
        itself (:class:`PermissionDenied`, the same for unknown and forbidden tickets)."""
        if not account:
            return actor
        try:
            return self.desk.actor_for(actor.id, ticket_id)
        except (PermissionDenied, NotFound, InvalidInput):
            return None

    def _is_account(self, actor_id: str) -> bool:
        try:
            self.desk.get_account(actor_id)
        except (NotFound, InvalidInput):
            return False
        return True

    # -- content -----------------------------------------------------------------------------

    def _limit(self, text: str) -> str:
        most = self.desk.policy.max_body_chars
        if len(text) <= most:
            return text
        note = "\n[cut: the full message is kept with the ticket's raw e-mail]"
        return text[:max(0, most - len(note))] + note

    def _reply_body(self, mail: InboundMail, note: str) -> str:
        text = reply_text(mail.text) or ("(attachments only)" if mail.parts else mail.text)
        return self._limit((text.strip() or "(empty message)") + note)

    def _uploads(self, mail: InboundMail, raw: bytes) -> tuple[list[Upload], str, bytes | None]:
        """The parts the policy takes as uploads, a note naming those left out, and the raw
        source to keep (None when it is larger than the policy's attachment limit)."""
        policy = self.desk.policy
        kept: list[Upload] = []
        left: list[str] = []
        for part in mail.parts:
            if len(part.content) > policy.max_attachment_bytes:
                left.append(f"{part.filename} ({len(part.content)} bytes: larger than "
                            f"{policy.max_attachment_bytes})")
            elif len(kept) >= policy.max_attachments:
                left.append(f"{part.filename} (more than {policy.max_attachments} "
                            "attachments)")
            else:
                kept.append(Upload(part.filename, part.content, part.content_type))
        kept_raw: bytes | None = raw
        if len(raw) > policy.max_attachment_bytes:
            kept_raw = None
            left.append(f"the raw e-mail ({len(raw)} bytes: larger than "
                        f"{policy.max_attachment_bytes})")
        note = ""
        if left:
            shown = "; ".join(left[:10]) + (f"; and {len(left) - 10} more" if len(left) > 10
                                             else "")
            note = f"\n\n[attachments not kept: {shown}]"
        return kept, note, kept_raw

    def _subject(self, mail: InboundMail) -> str:
        subject = clean_subject(self._token.sub("", mail.subject)) or "(no subject)"
        return subject[:self.desk.policy.max_subject_chars]

    # -- opening -----------------------------------------------------------------------------

    def _open(self, mail: InboundMail, actor: Actor, raw: bytes) -> MailOutcome:
        policy = self.desk.policy
        allowed = policy.open_channels if policy.open_channels is not None else policy.channels
        if allowed is not None and "email" not in allowed:
            return self._refuse(mail, "this desk does not open tickets by e-mail; use "
                                f"{', '.join(sorted(allowed))}")
        forwarded = mail.subject.lower().lstrip().startswith(("fwd:", "fw:", "wg:", "tr:"))
        body = mail.text.strip() if forwarded else reply_text(mail.text) or mail.text.strip()
        license_key = mail.license_keys[0] if mail.license_keys else None
        support_code = (mail.support_codes[0] if mail.support_codes and license_key is None
                        else None)
        uploads, note, kept_raw = self._uploads(mail, raw)
        try:
            ticket = self.desk.open_ticket(
                actor, self._subject(mail), self._limit((body or "(empty message)") + note),
                channel="email", attachments=uploads, raw_email=kept_raw,
                license_key=license_key, support_code=support_code)
        except _REFUSALS as exc:
            return self._refuse(mail, str(exc))
        if mail.no_auto_reply or not self._auto_reply_allowed(mail):
            why = ("the sender asked for no automatic answer" if mail.no_auto_reply else
                   "the sender's automatic-answer limit was reached")
            for note_id in self._mail.auto_replies_of(ticket.id):
                self._mail.suppress(note_id, why)
        return MailOutcome("opened", ticket.id, None, mail.message_id)

    def _auto_reply_allowed(self, mail: InboundMail) -> bool:
        if self.desk.policy.auto_reply_link is None:
            return True
        settings = self.settings
        return self._mail.take_auto_reply((mail.address or "").lower(), self.desk.clock.now(),
                                          settings.auto_reply_window, settings.auto_reply_limit)

    def _refuse(self, mail: InboundMail, reason: str, ticket: str | None = None) -> MailOutcome:
        answer: str | None = None
        settings = self.settings
        if not mail.no_auto_reply and self._mail.take_auto_reply(
                (mail.address or "").lower(), self.desk.clock.now(), settings.auto_reply_window,
                settings.auto_reply_limit):
            digest = hashlib.sha256(mail.message_id.encode("utf-8", "replace")).hexdigest()
            note = Notification(
                id=f"mail-refused/{digest[:32]}", ticket_id=ticket or "", version=0,
                event="refused", at=self.desk.clock.now(), actor=settings.gateway_actor,
                recipient=mail.address, recipient_side=Side.CUSTOMER, email=mail.address,
                subject=self._subject(mail), status=TicketStatus.OPEN, text=reason[:4000],
                in_reply_to=mail.message_id)
            self._mail.write_answer(note)
            answer = note.id
        return MailOutcome("refused", ticket, reason, mail.message_id, answer)

    # -- bounces -----------------------------------------------------------------------------

    def _record_bounce(self, mail: InboundMail) -> MailOutcome:
        bounce = mail.bounce
        if bounce is None:  # pragma: no cover - the caller checked
            return self._ignored(mail, "not a bounce")
        ids = [bounce.original_message_id] if bounce.original_message_id else []
        tickets = self._mail.tickets_of([*ids, *mail.thread_ids])
        if not tickets:
            return self._ignored(mail, "a bounce for no message of this desk")
        ticket = tickets[0]
        text = (f"Mail delivery failed: {bounce.recipient or 'a recipient'} did not receive "
                f"the desk's message {bounce.original_message_id or ''} (status "
                f"{bounce.status or 'unknown'}, action {bounce.action or 'unknown'}).")
        try:
            self.desk.note(ticket, Actor.support(self.settings.gateway_actor), text[:2000])
        except _REFUSALS as exc:
            return self._ignored(mail, f"a bounce, not recorded on ticket {ticket}: {exc}",
                                 ticket)
        return self._ignored(mail, "a bounce (recorded on the ticket)", ticket)

