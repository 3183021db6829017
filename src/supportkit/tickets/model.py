"""The ticket snapshot and what it is made of: messages, attachments and events."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, BinaryIO, Literal, TypeAlias

import attrs

from supportkit._time import require_aware
from supportkit.errors import InvalidInput
from supportkit.inputs import describe, require_optional_name, require_text
from supportkit.tickets.actors import Actor, Side
from supportkit.tickets.events import EventKindName
from supportkit.tickets.priority import PriorityKey
from supportkit.tickets.status import TicketStatus

__all__ = [
    "AttachmentRef",
    "Channel",
    "Event",
    "EventValue",
    "Message",
    "Ticket",
    "Upload",
    "require_binary",
    "require_filename",
]

EventValue = str | int | bool | None

#: The channels supportkit and its presets name (``open_ticket(channel=...)``,
#: ``reply(channel=...)``, ``Policy.channels``), so ``mypy --strict`` catches a misspelt
#: ``channel="emial"``. At run time any name a policy accepts works as before: a desk with
#: channels of its own passes them as ``typing.cast(Channel, "teams")``.
Channel: TypeAlias = Literal["web", "email", "chat", "phone", "slack", "callback"]


def _aware(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A UTC datetime (what a desk writes and reads back) is aware: the check and the name
    # of the field for its message are skipped (a snapshot has about 15 instants).
    if value is None or (value.__class__ is datetime and value.tzinfo is UTC):
        return
    require_aware(value, f"{type(instance).__name__}.{attribute.name}")


def _filename(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    # Lenient on purpose: stored snapshots are read back through this class, and a name an
    # older version accepted must still load. New names are checked by require_filename.
    if not isinstance(value, str):
        raise InvalidInput(f"attachment filename must be text, got {describe(value)}")
    if not value or not value.strip() or "/" in value or "\\" in value or "\x00" in value:
        raise InvalidInput(
            f"attachment filename {value!r} refused: give a plain, non-empty file name "
            "without path separators"
        )


#: Longest attachment name accepted from a caller (the usual file-system limit).
MAX_FILENAME_CHARS = 255
# Path separators, C0/C1 controls, line separators and the bidirectional overrides that make
# "invoice\u202egpj.exe" display as "invoiceexe.jpg".
_BAD_FILENAME = re.compile("[/\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def require_filename(value: object, what: str = "Upload.filename") -> str:
    """An attachment name a caller may give: a plain file name of 1-255 characters, valid
    Unicode, not blank, not ``.`` or ``..``, without ``/``, ``\\``, control characters,
    line separators or bidirectional overrides."""
    name = require_text(value, what, max_chars=MAX_FILENAME_CHARS)
    if name.strip() in {".", ".."}:
        raise InvalidInput(
            f"{what} {name!r} refused: '.' and '..' name directories; give a file name "
            "such as 'log.txt'"
        )
    bad = _BAD_FILENAME.search(name)
    if bad is not None:
        raise InvalidInput(
            f"{what} {name!r} refused: U+{ord(bad.group()):04X} at position {bad.start()}; "
            "give a plain file name without path separators, control characters or "
            "direction overrides"
        )
    return name


def _upload_filename(_: object, __: attrs.Attribute[str], value: object) -> None:
    require_filename(value)


def require_binary(value: object, what: str = "Upload.content") -> bytes | BinaryIO:
    """Bytes (``bytearray``/``memoryview`` are copied to ``bytes``) or a binary stream
    (an object with ``read()`` that is not a text stream). A ``str`` is refused: encode it."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        raise InvalidInput(
            f"{what} must be bytes or a binary stream, not text; encode it first "
            "(e.g. text.encode('utf-8'))"
        )
    mode = getattr(value, "mode", "b")
    if (
        isinstance(value, io.TextIOBase)
        or (isinstance(mode, str) and "b" not in mode)
        or not callable(getattr(value, "read", None))
    ):
        raise InvalidInput(
            f"{what} must be bytes or a binary stream (a file opened with 'rb', io.BytesIO), "
            f"got {describe(value)}"
        )
    stream: BinaryIO = value  # type: ignore[assignment]
    return stream


def _refs(value: Iterable[AttachmentRef]) -> tuple[AttachmentRef, ...]:
    return tuple(value)


def _messages(value: Iterable[Message]) -> tuple[Message, ...]:
    return tuple(value)


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _content_type(value: object) -> str | None:
    return require_optional_name(value, "Upload.content_type", max_chars=255)


@attrs.frozen
class Upload:
    """An attachment as the caller hands it in: a name and bytes or a binary stream.

    Streams are read in chunks and never held in memory whole. Checked when built
    (:class:`InvalidInput` otherwise): ``filename`` is a plain file name (see
    :func:`require_filename`: no ``.``/``..``, separators, control characters, at most 255
    characters); ``content`` is bytes (a ``bytearray`` is copied) or a binary stream, never
    text; ``content_type`` is ``None`` or one line such as ``"text/plain"``.
    """

    filename: str = attrs.field(validator=_upload_filename)
    content: bytes | BinaryIO = attrs.field(eq=False, converter=require_binary)
    content_type: str | None = attrs.field(default=None, converter=_content_type)


@attrs.frozen
class AttachmentRef:
    """What a message keeps of an attachment: its name, size and content hash.

    The content itself lives in the store's blob store under ``sha256``; ``purged`` is true
    once retention removed it. ``kind`` is ``"attachment"`` for an uploaded file and
    ``"raw_email"`` for the kept raw source of an inbound e-mail (private content that
    retention purges; front ends may want to list it apart from the attachments).
    """

    filename: str = attrs.field(validator=_filename)
    size: int
    sha256: str
    content_type: str | None = None
    purged: bool = False
    kind: str = "attachment"


@attrs.frozen
class Message:
    """A reply or an internal note on a ticket."""

    author: str
    side: Side = attrs.field(converter=Side)
    body: str
    channel: str
    at: datetime = attrs.field(validator=_aware)
    attachments: tuple[AttachmentRef, ...] = attrs.field(default=(), converter=_refs)
    internal: bool = False


@attrs.frozen
class Event:
    """One accepted change, in order. A ticket is its events plus a derived snapshot.

    ``kind`` names the change (``opened``, ``replied``, ``noted``, ``solved`` …); ``data``
    holds its scalar details (for status changes, ``status`` is the status after it);
    ``message`` is set for events that add one.
    """

    kind: EventKindName
    at: datetime = attrs.field(validator=_aware)
    actor: Actor
    data: Mapping[str, EventValue] = attrs.field(factory=dict)
    message: Message | None = None


@attrs.frozen(kw_only=True)
class Ticket:
    """A frozen snapshot of one ticket, derived from its events.

    Timestamps (``first_response_at``, ``solved_at`` …) are read off the events; deadlines
    (``first_response_due``, ``next_update_due``, ``resolution_due``, ``eta``,
    ``escalation_eligible_at``, ``retention_due``) are computed from the events and the
    policy; SLA deadlines are the *pending* ones (``None`` once met or while paused).
    ``awaiting_information`` holds a ticket until the customer supplies what the intake
    checklist misses (a customer reply releases it); ``support_group`` is the team working
    on it (escalations move it). ``version`` counts the saves of this ticket and guards
    against lost updates.
    """

    id: str
    subject: str
    status: TicketStatus
    severity: PriorityKey
    requester: Actor
    category: str | None = None
    channel: str = "web"
    fields: Mapping[str, str] = attrs.field(factory=dict)
    created_at: datetime = attrs.field(validator=_aware)
    updated_at: datetime = attrs.field(validator=_aware)
    first_response_at: datetime | None = attrs.field(default=None, validator=_aware)
    first_response_due: datetime | None = attrs.field(default=None, validator=_aware)
    last_support_reply_at: datetime | None = attrs.field(default=None, validator=_aware)
    last_customer_reply_at: datetime | None = attrs.field(default=None, validator=_aware)
    eta: datetime | None = attrs.field(default=None, validator=_aware)
    eta_set_at: datetime | None = attrs.field(default=None, validator=_aware)
    solved_at: datetime | None = attrs.field(default=None, validator=_aware)
    closed_at: datetime | None = attrs.field(default=None, validator=_aware)
    archived_at: datetime | None = attrs.field(default=None, validator=_aware)
    escalation_eligible_at: datetime | None = attrs.field(default=None, validator=_aware)
    next_update_due: datetime | None = attrs.field(default=None, validator=_aware)
    resolution_due: datetime | None = attrs.field(default=None, validator=_aware)
    retention_due: datetime | None = attrs.field(default=None, validator=_aware)
    assignee: str | None = None
    addressed_to: str | None = None
    follow_up_of: str | None = None
    support_group: str | None = None
    service_level: str | None = None
    contract_id: str | None = None
    awaiting_information: bool = False
    messages: tuple[Message, ...] = attrs.field(default=(), converter=_messages)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    version: int = 0

    @property
    def company(self) -> str | None:
        """The requester's company, if any."""
        return self.requester.company

    @property
    def is_active(self) -> bool:
        """True for OPEN and SOLVED tickets: not finished (the default active list; a
        policy's ``active_list`` may be narrower, e.g. ISPmanager lists OPEN only)."""
        return self.status in (TicketStatus.OPEN, TicketStatus.SOLVED)

    def public_messages(self) -> tuple[Message, ...]:
        """Messages a customer-side reader may see: everything but internal notes."""
        return tuple(m for m in self.messages if not m.internal)
