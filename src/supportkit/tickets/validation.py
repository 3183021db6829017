"""The argument checks the application edge (:class:`~supportkit.Helpdesk`) runs first.

Pure functions, no I/O: each returns what it accepted or raises
:class:`~supportkit.InvalidInput` naming the argument and what is allowed, before any store
is touched, so a wrong argument is refused the same way on every store. The text checks
(:func:`require_text`, :func:`require_name`, :func:`require_mapping_of_text`, the numbers)
are those of :mod:`supportkit.inputs`, re-exported here; the ones below know the ticket
domain's types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from supportkit.errors import InvalidInput
from supportkit.inputs import (
    MAX_NAME_CHARS,
    describe,
    require_bool,
    require_duration,
    require_instance,
    require_int,
    require_mapping_of_text,
    require_name,
    require_name_set,
    require_non_negative_int,
    require_optional_name,
    require_optional_text,
    require_positive_int,
    require_text,
)
from supportkit.tickets.actors import Actor
from supportkit.tickets.model import Upload, require_binary

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_TICKET_ID_CHARS",
    "describe",
    "require_actor",
    "require_binary",
    "require_bool",
    "require_duration",
    "require_instance",
    "require_int",
    "require_mapping_of_text",
    "require_name",
    "require_name_set",
    "require_non_negative_int",
    "require_optional_binary",
    "require_optional_name",
    "require_optional_text",
    "require_positive_int",
    "require_text",
    "require_ticket_id",
    "require_uploads",
    "require_viewer",
]

#: Longest ticket id accepted (stores hand out short decimal ids; a foreign id is a name).
MAX_TICKET_ID_CHARS = MAX_NAME_CHARS


def require_ticket_id(value: object, what: str = "ticket_id") -> str:
    """A ticket id: a non-blank text on one line (``"42"``), never an ``int``.

    Stores hand out ids as text; ``42`` (an int) was written by SQLite, not found by the
    memory store and refused by PostgreSQL, so it is refused here, for every store alike.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        example = str(value) if value.bit_length() <= 128 else "42"
        raise InvalidInput(
            f"{what} must be text such as {example!r} (ticket ids are strings), "
            f"got {describe(value)}"
        )
    return require_name(value, what, max_chars=MAX_TICKET_ID_CHARS)


def require_actor(value: object, what: str = "actor") -> Actor:
    """An :class:`~supportkit.Actor` (not an account id or a name)."""
    if not isinstance(value, Actor):
        hint = (
            "; for an account id use Helpdesk.actor_for(account_id)"
            if isinstance(value, str) else ""
        )
        raise InvalidInput(
            f"{what} must be an Actor, e.g. Actor.customer('alice') or "
            f"Actor.support('agent-7'){hint}, got {describe(value)}"
        )
    return value


def require_viewer(value: object, what: str = "viewer") -> Actor | str | None:
    """Who reads: an :class:`~supportkit.Actor`, an account id (a name) or ``None``
    (system access)."""
    if value is None or isinstance(value, Actor):
        return value
    if isinstance(value, str):
        return require_name(value, f"{what} (an account id)")
    raise InvalidInput(
        f"{what} must be an Actor, an account id (text) or None, got {describe(value)}"
    )


def require_uploads(
    value: object, what: str = "attachments", *, max_count: int | None = None
) -> tuple[Upload, ...]:
    """A list of :class:`~supportkit.Upload` objects (``None`` is the empty list); bytes,
    a text or a lone ``Upload`` are refused, not iterated."""
    if value is None:
        return ()
    if isinstance(value, Upload):
        raise InvalidInput(f"{what} must be a list of Upload objects; wrap the one in [...]")
    if isinstance(value, str | bytes | bytearray | memoryview | Mapping) or not isinstance(
        value, Iterable
    ):
        raise InvalidInput(
            f"{what} must be a list of Upload objects, e.g. [Upload('log.txt', data)], got "
            f"{describe(value)}"
        )
    items: list[Any] = []
    for index, item in enumerate(value):
        if max_count is not None and index >= max_count:
            raise InvalidInput(
                f"{what}: more than {max_count} attachments; at most {max_count} are accepted "
                "per message"
            )
        if not isinstance(item, Upload):
            raise InvalidInput(
                f"{what}[{index}] must be an Upload, e.g. Upload('log.txt', data), got "
                f"{describe(item)}"
            )
        items.append(item)
    return tuple(items)


def require_optional_binary(value: object, what: str = "raw_email") -> bytes | BinaryIO | None:
    """:func:`require_binary`, keeping ``None``."""
    if value is None:
        return None
    return require_binary(value, what)

