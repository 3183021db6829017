"""A random walk through the lifecycle, checked against a hand-written model of the table.

Only table transitions ever happen, refused actions leave the ticket exactly as it was,
timestamps never go backwards, and every snapshot survives the cattrs round trip.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from supportkit import (
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    Policy,
    Ticket,
    TicketStatus,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure, unstructure

WINDOW = timedelta(days=90)
CUSTOMER = Actor.customer("alice", company="acme")
SUPPORT = Actor.support("agent")
SYSTEM = Actor.system()
ACTORS = {"customer": CUSTOMER, "support": SUPPORT, "system": SYSTEM}

O, S, C, A = "open", "solved", "closed", "archived"
# status -> action -> side -> (target, windowed). Independent of the library's table.
MODEL: dict[str, dict[str, dict[str, tuple[str, bool]]]] = {
    O: {"reply": {"customer": (O, False), "support": (O, False)},
        "solve": {"support": (S, False)},
        "close": {"customer": (C, False), "support": (C, False)}},
    S: {"reply": {"customer": (O, False), "support": (S, False)},
        "confirm": {"customer": (C, False)},
        "close": {"customer": (C, False), "system": (C, False)},
        "reopen": {"customer": (O, False), "support": (O, False)},
        "archive": {"customer": (A, False), "support": (A, False), "system": (A, False)}},
    C: {"reply": {"customer": (O, True)},
        "reopen": {"customer": (O, True), "support": (O, True)},
        "archive": {"customer": (A, False), "support": (A, False), "system": (A, False)}},
    A: {"reopen": {"customer": (O, True), "support": (O, True)}},
}


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
        self.desk = Helpdesk(MemoryStore(), Policy(reopen_window=WINDOW), self.clock)
        self.status = O
        self.ended_at: datetime | None = None  # when it last became closed/archived
        self.previous: Ticket | None = None

    @initialize()
    def open_ticket(self) -> None:
        self.ticket_id = self.desk.open_ticket(CUSTOMER, subject="s", body="b").id

    @rule(delta=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120)))
    def time_passes(self, delta: timedelta) -> None:
        self.clock.advance(delta)

    @rule(back=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=2)))
    def clock_goes_back(self, back: timedelta) -> None:
        self.clock.advance(-back)

    @rule(
        action=st.sampled_from(["reply", "solve", "confirm", "close", "reopen", "archive"]),
        side=st.sampled_from(sorted(ACTORS)),
    )
    def act(self, action: str, side: str) -> None:
        before = self.desk.get(self.ticket_id)
        actor = ACTORS[side]
        allowed = MODEL[self.status].get(action, {}).get(side)
        at = max(self.clock.now(), before.updated_at)
        if allowed is not None and allowed[1] and self.ended_at is not None:
            if at >= self.ended_at + WINDOW:  # the end instant is outside the window
                allowed = None
        try:
            if action == "reply":
                after = self.desk.reply(self.ticket_id, actor, "text")
            else:
                after = getattr(self.desk, action)(self.ticket_id, actor)
        except InvalidTransition:
            assert allowed is None, f"{action} by {side} in {self.status} was refused"
            assert self.desk.get(self.ticket_id) == before
            return
        assert allowed is not None, f"{action} by {side} in {self.status} was accepted"
        target = allowed[0]
        assert after.status.value == target
        if target in (C, A) and self.status not in (C, A):
            self.ended_at = at
        elif target == C:
            self.ended_at = at
        self.status = target

    # Valid text: no lone surrogate, no NUL (refused at the edge, see tests/validation).
    @rule(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                       min_size=1, max_size=20).filter(str.strip))
    @precondition(lambda self: self.status in (O, S, C))
    def note(self, text: str) -> None:
        before = self.desk.get(self.ticket_id)
        summary = self.desk.note(self.ticket_id, SUPPORT, text)
        assert summary.status == before.status
        assert summary.message_count == len(before.messages) + 1
        after = self.desk.get(self.ticket_id)
        assert after.first_response_at == before.first_response_at

    @rule(category=st.sampled_from(["mail", "dns", "billing"]),
          side=st.sampled_from(sorted(ACTORS)))
    def set_category(self, category: str, side: str) -> None:
        before = self.desk.get(self.ticket_id)
        allowed = side == "support" and self.status in (O, S)  # like set_severity
        try:
            summary = self.desk.set_category(self.ticket_id, ACTORS[side], category)
        except InvalidTransition:
            assert not allowed, f"set_category by {side} in {self.status} was refused"
            assert self.desk.get(self.ticket_id) == before
            return
        except InvalidInput:
            assert allowed and before.category == category, "only the same category is refused"
            assert self.desk.get(self.ticket_id) == before
            return
        assert allowed, f"set_category by {side} in {self.status} was accepted"
        assert (summary.category, summary.status) == (category, before.status)
        after = self.desk.get(self.ticket_id)
        assert (after.category, after.status) == (category, before.status)
        assert after.events[-1].data["previous"] == before.category
        assert after.first_response_at == before.first_response_at

    @rule(subject=st.sampled_from(["Mail down", "MX stale", "  MX stale  "]),
          side=st.sampled_from(sorted(ACTORS)))
    def set_subject(self, subject: str, side: str) -> None:
        before = self.desk.get(self.ticket_id)
        allowed = side == "support" and self.status in (O, S)  # like set_category
        try:
            summary = self.desk.set_subject(self.ticket_id, ACTORS[side], subject)
        except InvalidTransition:
            assert not allowed, f"set_subject by {side} in {self.status} was refused"
            assert self.desk.get(self.ticket_id) == before
            return
        except InvalidInput:
            assert allowed and before.subject == subject.strip(), "only the same is refused"
            assert self.desk.get(self.ticket_id) == before
            return
        assert allowed, f"set_subject by {side} in {self.status} was accepted"
        assert (summary.subject, summary.status) == (subject.strip(), before.status)
        after = self.desk.get(self.ticket_id)
        assert (after.subject, after.status) == (subject.strip(), before.status)
        assert after.events[-1].data["previous"] == before.subject
        assert after.first_response_at == before.first_response_at

    @invariant()
    def snapshot_is_consistent(self) -> None:
        ticket = self.desk.get(self.ticket_id)
        assert ticket.status.value == self.status
        assert ticket.version == len(ticket.events)
        stamps = [e.at for e in ticket.events]
        assert stamps == sorted(stamps), "timestamps never go backwards"
        assert ticket.updated_at == stamps[-1]
        for field in ("first_response_at", "solved_at", "closed_at", "archived_at"):
            value = getattr(ticket, field)
            assert value is None or ticket.created_at <= value <= ticket.updated_at
        if ticket.status is TicketStatus.SOLVED:
            assert ticket.solved_at is not None
        if ticket.status is TicketStatus.OPEN:
            assert (ticket.solved_at, ticket.closed_at, ticket.archived_at) == (None,) * 3
        assert (ticket.closed_at is not None) <= (
            ticket.status in (TicketStatus.CLOSED, TicketStatus.ARCHIVED)
        )
        assert structure(unstructure(ticket), Ticket) == ticket
        if self.previous is not None:
            assert ticket.updated_at >= self.previous.updated_at
        self.previous = ticket


TestLifecycle = Lifecycle.TestCase
