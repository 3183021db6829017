"""The one exception tree of supportkit.

Every error a caller can see is a :class:`SupportkitError`; where a builtin fits, the error
also inherits it, so ``except ValueError`` keeps working for code that does not know us::

    SupportkitError (Exception)
    ├── InvalidInput (ValueError)          malformed or out-of-range input; naive datetimes
    ├── InvalidTransition                  the workflow refuses this action in this status
    ├── NotEntitled                        no granted entitlement; carries the decision
    │   └── OutOfScope (+ InvalidInput)    a category outside the desk's support scope
    ├── NotEligible                        escalation not (yet) allowed; says when and how
    ├── PermissionDenied (PermissionError) the actor may not see or do this
    ├── NotFound (LookupError)             no object with this id
    ├── Conflict                           a stale version or a duplicate id; nothing written
    └── StorageError (OSError)             a store cannot be used (corrupt, read-only, too new)
        └── ConnectionLost                 the database connection broke mid-action;
                                           ``in_doubt``: lost during COMMIT (outcome unknown)

Messages say what was refused, which rule refused it and what is allowed instead. Adapters
convert driver errors at their edge and chain them (``raise StorageError(...) from exc``).

Each class carries, as data, the HTTP status a web front end answers it with
(``http_status``) and the title and slug of its RFC 9457 problem type (``title``,
``problem``); :func:`supportkit.problem_details` builds the body from them. A subclass
inherits its parent's unless it says otherwise, so every error has exactly one status,
whichever action raised it:

====================  ======  ==========================================================
error                 status  why
====================  ======  ==========================================================
InvalidInput          400     malformed or out-of-range input, naive datetime
PermissionDenied      403     not yours (also for ids that do not exist: no leaks)
NotFound              404     only for viewers who may know what exists
InvalidTransition     409     the ticket's status does not allow it; ``allowed``
NotEligible           409     not yet: ``eligible_at`` and ``methods`` say when and how
Conflict              409     someone changed it meanwhile: reload and retry
NotEntitled           422     well-formed, but refused by an entitlement rule
OutOfScope            422     the category does not qualify, at opening or later
StorageError          503     the store cannot be used; retry later
ConnectionLost        503     the database connection broke; ``in_doubt``
SupportkitError       500     (any other)
====================  ======  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # the decision type lives in the domain, which imports this module
    from supportkit.entitlements.decision import Entitlement

__all__ = [
    "Conflict",
    "ConnectionLost",
    "InvalidInput",
    "InvalidTransition",
    "NotEligible",
    "NotEntitled",
    "NotFound",
    "OutOfScope",
    "PermissionDenied",
    "StorageError",
    "SupportkitError",
]


class SupportkitError(Exception):
    """Root of every error raised by supportkit."""

    #: The HTTP status a web front end answers this error with (see the module's table).
    http_status: ClassVar[int] = 500
    #: The RFC 9457 problem type's short, human-readable summary.
    title: ClassVar[str] = "Support desk error"
    #: The slug of the RFC 9457 problem type URI (``<type base><problem>``).
    problem: ClassVar[str] = "error"


class InvalidInput(SupportkitError, ValueError):
    """Input that supportkit refuses: malformed, out of range, or a naive datetime."""

    http_status = 400
    title = "Invalid input"
    problem = "invalid-input"


class InvalidTransition(SupportkitError):
    """The workflow does not allow ``action`` by ``side`` while the ticket is in ``status``."""

    http_status = 409
    title = "Action not allowed in this status"
    problem = "invalid-transition"

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
        self.ticket_id: str | None = ticket_id
        self.status: str = status
        self.action: str = action
        self.side: str = side
        self.allowed: tuple[str, ...] = tuple(sorted(set(allowed)))
        self.reason: str | None = reason
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

    http_status = 422
    title = "Not entitled to support"
    problem = "not-entitled"

    def __init__(self, message: str, decision: Entitlement | None = None) -> None:
        super().__init__(message)
        self.decision: Entitlement | None = decision


class OutOfScope(NotEntitled, InvalidInput):
    """A category outside the desk's support scope (``Policy.qualifying_categories`` /
    ``out_of_scope_categories``), whether a ticket opens with it, is moved to it or is
    supplied it: one rule, one error, one status. ``decision`` lists the qualifying topics
    in ``alternatives``. It is also an :class:`InvalidInput`, which later actions raised
    before, so existing ``except InvalidInput`` code keeps working."""

    http_status = 422
    title = "Category outside the support scope"
    problem = "out-of-scope"


class NotEligible(SupportkitError):
    """An escalation that is not (yet) allowed; ``eligible_at`` and ``methods`` say when/how."""

    http_status = 409
    title = "Not eligible yet"
    problem = "not-eligible"

    def __init__(
        self,
        message: str,
        *,
        eligible_at: datetime | None = None,
        methods: Iterable[str] = (),
    ) -> None:
        super().__init__(message)
        self.eligible_at: datetime | None = eligible_at
        self.methods: frozenset[str] = frozenset(methods)


class PermissionDenied(SupportkitError, PermissionError):
    """The actor may not see or change this object (never reveals whether it exists)."""

    http_status = 403
    title = "Permission denied"
    problem = "permission-denied"


class NotFound(SupportkitError, LookupError):
    """No object with this id exists in the store."""

    http_status = 404
    title = "Not found"
    problem = "not-found"

    def __init__(self, kind: str, object_id: str) -> None:
        super().__init__(f"no {kind} with id {object_id!r}")
        self.kind: str = kind
        self.object_id: str = object_id


class Conflict(SupportkitError):
    """A write based on a stale version, or a duplicate id. Nothing was written."""

    http_status = 409
    title = "Conflict"
    problem = "conflict"


class StorageError(SupportkitError, OSError):
    """A store cannot be opened or used: corrupt file, read-only path, newer schema."""

    http_status = 503
    title = "Storage unavailable"
    problem = "storage-unavailable"


class ConnectionLost(StorageError):
    """The connection to the database broke while a unit of work was using it.

    ``in_doubt`` is false when the connection was lost before ``COMMIT`` was sent: the
    server rolled the transaction back and nothing was written, so the action is safe to
    run again on a fresh connection. It is true when the connection was lost while
    ``COMMIT`` was under way: the transaction may or may not have been committed, and only
    reading the data again tells which. :class:`~supportkit.Helpdesk` handles both for
    the actions on tickets (see ``docs/postgres.md``, "Connection loss").
    """

    title = "Database connection lost"
    problem = "connection-lost"

    def __init__(self, message: str, *, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt: bool = in_doubt
