"""The one exception tree of supportkit.

Every error a caller can see is a :class:`SupportkitError`; where a builtin fits, the error
also inherits it, so ``except ValueError`` keeps working for code that does not know us::

    SupportkitError (Exception)
    ├── InvalidInput (ValueError)          malformed or out-of-range input; naive datetimes
    ├── InvalidTransition                  the workflow refuses this action in this status
    ├── NotEntitled                        no granted entitlement; carries the decision
    ├── NotEligible                        escalation not (yet) allowed; says when and how
    ├── PermissionDenied (PermissionError) the actor may not see or do this
    ├── NotFound (LookupError)             no object with this id
    ├── Conflict                           a stale version or a duplicate id; nothing written
    └── StorageError (OSError)             a store cannot be used (corrupt, read-only, too new)
        └── ConnectionLost                 the database connection broke mid-action;
                                           ``in_doubt``: lost during COMMIT (outcome unknown)

Messages say what was refused, which rule refused it and what is allowed instead. Adapters
convert driver errors at their edge and chain them (``raise StorageError(...) from exc``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "Conflict",
    "ConnectionLost",
    "InvalidInput",
    "InvalidTransition",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "PermissionDenied",
    "StorageError",
    "SupportkitError",
]


class SupportkitError(Exception):
    """Root of every error raised by supportkit."""


class InvalidInput(SupportkitError, ValueError):
    """Input that supportkit refuses: malformed, out of range, or a naive datetime."""


class InvalidTransition(SupportkitError):
    """The workflow does not allow ``action`` by ``side`` while the ticket is in ``status``."""

    def __init__(
        self,
        *,
        ticket_id: str | None,
        status: str,
        action: str,
        side: str,
        allowed: Iterable[str],
        reason: str | None = None,
    ) -> None:
        self.ticket_id = ticket_id
        self.status = status
        self.action = action
        self.side = side
        self.allowed = tuple(sorted(set(allowed)))
        self.reason = reason
        subject = f"ticket {ticket_id}" if ticket_id is not None else "ticket"
        allowed_text = ", ".join(self.allowed) if self.allowed else "none"
        message = (
            f"{subject} is {status}: action {action!r} by {side} is not allowed"
            + (f" ({reason})" if reason else "")
            + f"; allowed for {side} in {status}: {allowed_text}"
        )
        super().__init__(message)


class NotEntitled(SupportkitError):
    """The requester has no granted entitlement; ``decision`` says why and where to go."""

    def __init__(self, message: str, decision: Any = None) -> None:
        super().__init__(message)
        self.decision = decision


class NotEligible(SupportkitError):
    """An escalation that is not (yet) allowed; ``eligible_at`` and ``methods`` say when/how."""

    def __init__(
        self, message: str, *, eligible_at: Any = None, methods: Iterable[str] = ()
    ) -> None:
        super().__init__(message)
        self.eligible_at = eligible_at
        self.methods = frozenset(methods)


class PermissionDenied(SupportkitError, PermissionError):
    """The actor may not see or change this object (never reveals whether it exists)."""


class NotFound(SupportkitError, LookupError):
    """No object with this id exists in the store."""

    def __init__(self, kind: str, object_id: str) -> None:
        super().__init__(f"no {kind} with id {object_id!r}")
        self.kind = kind
        self.object_id = object_id


class Conflict(SupportkitError):
    """A write based on a stale version, or a duplicate id. Nothing was written."""


class StorageError(SupportkitError, OSError):
    """A store cannot be opened or used: corrupt file, read-only path, newer schema."""


class ConnectionLost(StorageError):
    """The connection to the database broke while a unit of work was using it.

    ``in_doubt`` is false when the connection was lost before ``COMMIT`` was sent: the
    server rolled the transaction back and nothing was written, so the action is safe to
    run again on a fresh connection. It is true when the connection was lost while
    ``COMMIT`` was under way: the transaction may or may not have been committed, and only
    reading the data again tells which. :class:`~supportkit.Helpdesk` handles both for
    the actions on tickets (see ``docs/postgres.md``, "Connection loss").
    """

    def __init__(self, message: str, *, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt
