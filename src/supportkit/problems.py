"""Errors as HTTP answers: RFC 9457 problem details, from the data on the error classes.

Every :class:`~supportkit.SupportkitError` class carries its HTTP status, title and problem
slug (see :mod:`supportkit.errors`); :func:`problem_details` turns an error into a
:class:`Problem`, whose public JSON form (``supportkit.to_json(problem)``, or
``to_json(error)`` directly) is the body to send with the ``application/problem+json``
media type::

    try:
        desk.escalate(ticket_id, actor)
    except SupportkitError as error:
        problem = problem_details(error)
        return JSONResponse(to_json(problem), status_code=problem.status,
                            media_type=PROBLEM_MEDIA_TYPE)

Besides ``type``, ``title``, ``status`` and ``detail``, the body carries typed extension
members where the error has them (``eligible_at`` and ``methods`` for
:class:`~supportkit.NotEligible`, ``allowed`` for :class:`~supportkit.InvalidTransition`,
``decision`` for :class:`~supportkit.NotEntitled` …); members that do not apply are left
out. The schema is ``supportkit.json_schema(Problem)``.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from supportkit.entitlements.decision import Entitlement
from supportkit.errors import (
    ConnectionLost,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    NotFound,
    SupportkitError,
)

__all__ = ["DEFAULT_TYPE_BASE", "PROBLEM_MEDIA_TYPE", "Problem", "problem_details"]

#: The media type of a problem-details body (RFC 9457, section 3).
PROBLEM_MEDIA_TYPE = "application/problem+json"
#: Where problem type URIs start unless the caller gives its own base (such as
#: ``"https://desk.example.com/problems/"``, where it documents each type).
DEFAULT_TYPE_BASE = "urn:supportkit:problem:"


@attrs.frozen(kw_only=True)
class Problem:
    """An RFC 9457 problem-details body for one error: ``type``, ``title``, ``status``,
    ``detail`` and, where they apply, typed extension members (``None`` ones are left out
    of the JSON form).

    ``error`` is the error's class name; ``ticket_id``, ``ticket_status``, ``action``,
    ``side`` and ``allowed`` describe a refused transition; ``eligible_at`` and
    ``methods`` when and how an escalation becomes possible; ``decision`` the entitlement
    decision that refused a requester; ``kind`` and ``object_id`` what was not found;
    ``in_doubt`` whether a lost connection may have committed.
    """

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    error: str
    ticket_id: str | None = None
    ticket_status: str | None = None
    action: str | None = None
    side: str | None = None
    allowed: tuple[str, ...] | None = None
    eligible_at: datetime | None = None
    methods: frozenset[str] | None = None
    decision: Entitlement | None = None
    kind: str | None = None
    object_id: str | None = None
    in_doubt: bool | None = None


def problem_details(
    error: SupportkitError, *, type_base: str = DEFAULT_TYPE_BASE, instance: str | None = None
) -> Problem:
    """The RFC 9457 problem for ``error``: its class's status, title and type
    (``type_base`` + the class's ``problem`` slug), its message as ``detail``, and the
    error's own data as extension members. ``instance``: an optional URI of this
    occurrence (the request path, for example)."""
    cls = type(error)
    extra: dict[str, object] = {}
    if isinstance(error, InvalidTransition):
        extra.update(ticket_id=error.ticket_id, ticket_status=error.status,
                     action=error.action, side=error.side, allowed=error.allowed)
    if isinstance(error, NotEligible):
        extra.update(eligible_at=error.eligible_at, methods=error.methods)
    if isinstance(error, NotEntitled):
        extra.update(decision=error.decision)
    if isinstance(error, NotFound):
        extra.update(kind=error.kind, object_id=error.object_id)
    if isinstance(error, ConnectionLost):
        extra.update(in_doubt=error.in_doubt)
    return Problem(
        type=type_base + cls.problem,
        title=cls.title,
        status=cls.http_status,
        detail=str(error),
        instance=instance,
        error=cls.__name__,
        **extra,  # type: ignore[arg-type]
    )
