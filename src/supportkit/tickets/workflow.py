"""The lifecycle as data: a transition table keyed by status, action and side.

The default table (see ``docs/lifecycle.md``)::

    from \\ action  reply(cust) reply(supp) solve   confirm close         reopen  archive
    OPEN            OPEN        OPEN        SOLVED  -       CLOSED (c,s)  -       -
    SOLVED          OPEN        SOLVED      -       CLOSED  CLOSED (c,sys) OPEN   ARCHIVED
    CLOSED          OPEN (win)  -           -       -       -             OPEN(win) ARCHIVED
    ARCHIVED        -           -           -       -       -             OPEN(win) -

``(win)`` marks transitions allowed only inside the policy's reopen window. Notes, severity,
category, subject and ETA changes, and escalations are rows too, so a preset can change who
may do them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

import attrs

from supportkit.errors import InvalidInput, InvalidTransition
from supportkit.tickets.actors import Side
from supportkit.tickets.status import TicketStatus

__all__ = ["Action", "Transition", "Workflow", "default_workflow"]


class Action(StrEnum):
    """Everything a workflow can allow or refuse."""

    REPLY = "reply"
    NOTE = "note"
    SOLVE = "solve"
    CONFIRM = "confirm"
    CLOSE = "close"
    REOPEN = "reopen"
    ARCHIVE = "archive"
    SET_SEVERITY = "set_severity"
    SET_ETA = "set_eta"
    ESCALATE = "escalate"
    SET_CATEGORY = "set_category"
    SET_SUBJECT = "set_subject"


@attrs.frozen
class Transition:
    """One row: ``side`` may do ``action`` in ``source``, which leads to ``target``.

    ``windowed`` rows are allowed only inside the policy's reopen window, counted from the
    moment the ticket was closed (or archived, when it never closed).
    """

    source: TicketStatus = attrs.field(converter=TicketStatus)
    action: Action = attrs.field(converter=Action)
    side: Side = attrs.field(converter=Side)
    target: TicketStatus = attrs.field(converter=TicketStatus)
    windowed: bool = False


def _index(
    transitions: tuple[Transition, ...],
) -> Mapping[tuple[TicketStatus, Action, Side], Transition]:
    index: dict[tuple[TicketStatus, Action, Side], Transition] = {}
    for row in transitions:
        key = (row.source, row.action, row.side)
        if key in index:
            raise InvalidInput(
                f"workflow has two rows for {row.action} by {row.side} in {row.source}"
            )
        index[key] = row
    return index


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(value)


@attrs.frozen
class Workflow:
    """A transition table. Anything not in the table is refused."""

    transitions: tuple[Transition, ...] = attrs.field(converter=_transitions)
    _index: Mapping[tuple[TicketStatus, Action, Side], Transition] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _index(self.transitions))

    def find(self, status: TicketStatus, action: Action | str, side: Side) -> Transition | None:
        """The row for this status, action and side, or None."""
        return self._index.get((status, Action(action), side))

    def allowed(self, status: TicketStatus, side: Side) -> tuple[str, ...]:
        """Actions ``side`` may take in ``status``, sorted."""
        return tuple(
            sorted({row.action.value for row in self.transitions
                    if row.source is status and row.side is side})
        )

    def transition(
        self,
        status: TicketStatus,
        action: Action | str,
        side: Side,
        *,
        ticket_id: str | None = None,
    ) -> Transition:
        """The row for this move, or :class:`InvalidTransition` naming what is allowed."""
        row = self.find(status, action, side)
        if row is None:
            raise InvalidTransition(
                ticket_id=ticket_id,
                status=status.value,
                action=str(Action(action)),
                side=side.value,
                allowed=self.allowed(status, side),
            )
        return row

    def replace(self, rows: Iterable[Transition]) -> Workflow:
        """A copy where ``rows`` replace rows with the same status, action and side."""
        new = {(r.source, r.action, r.side): r for r in self.transitions}
        for row in rows:
            new[(row.source, row.action, row.side)] = row
        return Workflow(tuple(new.values()))

    def without(self, status: TicketStatus, action: Action | str, side: Side) -> Workflow:
        """A copy without the row for this status, action and side."""
        key = (status, Action(action), side)
        return Workflow(
            tuple(r for r in self.transitions if (r.source, r.action, r.side) != key)
        )


def _rows(
    source: TicketStatus,
    action: Action,
    sides: Iterable[Side],
    target: TicketStatus,
    *,
    windowed: bool = False,
) -> list[Transition]:
    return [Transition(source, action, side, target, windowed) for side in sides]


def default_workflow() -> Workflow:
    """The default lifecycle of ``DESIGN.md``."""
    O_, S, C, A = (  # table shorthand
        TicketStatus.OPEN,
        TicketStatus.SOLVED,
        TicketStatus.CLOSED,
        TicketStatus.ARCHIVED,
    )
    cust, supp, sys_ = Side.CUSTOMER, Side.SUPPORT, Side.SYSTEM
    rows: list[Transition] = []
    # OPEN
    rows += _rows(O_, Action.REPLY, [cust, supp], O_)
    rows += _rows(O_, Action.SOLVE, [supp], S)
    rows += _rows(O_, Action.CLOSE, [cust, supp], C)
    # SOLVED
    rows += _rows(S, Action.REPLY, [cust], O_)
    rows += _rows(S, Action.REPLY, [supp], S)
    rows += _rows(S, Action.CONFIRM, [cust], C)
    rows += _rows(S, Action.CLOSE, [cust, sys_], C)
    rows += _rows(S, Action.REOPEN, [cust, supp], O_)
    rows += _rows(S, Action.ARCHIVE, [cust, supp, sys_], A)
    # CLOSED
    rows += _rows(C, Action.REPLY, [cust], O_, windowed=True)
    rows += _rows(C, Action.REOPEN, [cust, supp], O_, windowed=True)
    rows += _rows(C, Action.ARCHIVE, [cust, supp, sys_], A)
    # ARCHIVED
    rows += _rows(A, Action.REOPEN, [cust, supp], O_, windowed=True)
    # Actions that keep the status: internal notes, severity, category, subject and ETA,
    # escalation.
    for status in (O_, S, C):
        rows += _rows(status, Action.NOTE, [supp], status)
    for status in (O_, S):
        rows += _rows(status, Action.SET_SEVERITY, [supp], status)
        rows += _rows(status, Action.SET_ETA, [supp], status)
        rows += _rows(status, Action.SET_CATEGORY, [supp], status)
        rows += _rows(status, Action.SET_SUBJECT, [supp], status)
    rows += _rows(O_, Action.ESCALATE, [cust, supp], O_)
    return Workflow(tuple(rows))
