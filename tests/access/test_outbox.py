"""The notification outbox is written in the ticket change's own unit of work: exactly one
set of entries per committed change, none for a change that rolled back, and a consumer that
dies before acknowledging reads the same pending entries again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit import (
    Account,
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    NotFound,
    Policy,
    Side,
    StorageError,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.app.outbox import notifications_for
from supportkit.deadlines import derive
from supportkit.tickets import Event, replay
from supportkit.tickets.events import EVENT_KINDS

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class _CrashingUnitOfWork:
    def __init__(self, store: CrashingStore, inner: Any) -> None:
        self._store = store
        self._inner = inner

    def __enter__(self) -> Any:
        return self._inner.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        crash, self._store.crash = self._store.crash, None
        if exc_type is not None or crash is None:
            self._inner.__exit__(exc_type, exc, tb)
            return
        if crash == "before_commit":
            # The transaction never commits: the inner unit of work sees an exception.
            failure = StorageError("disk full while committing")
            self._inner.__exit__(StorageError, failure, None)
            raise failure
        self._inner.__exit__(None, None, None)
        raise StorageError("the process died right after the commit")


class CrashingStore:
    """A memory store whose next write unit of work fails before or right after its commit
    (read-only units of work pass through: they commit nothing)."""

    def __init__(self) -> None:
        self.inner = MemoryStore()
        self.crash: str | None = None

    @property
    def blobs(self) -> Any:
        return self.inner.blobs

    def unit_of_work(self, *, readonly: bool = False) -> Any:
        if readonly:
            return self.inner.unit_of_work(readonly=True)
        return _CrashingUnitOfWork(self, self.inner.unit_of_work())

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def store() -> CrashingStore:
    return CrashingStore()


@pytest.fixture
def desk(store: CrashingStore) -> Helpdesk:
    desk = Helpdesk(store, Policy(), FixedClock(T0))  # type: ignore[arg-type]
    desk.add_account(Account("root", "admin", email="root@panel.example"))
    desk.add_account(Account("res", "reseller", parent="root", email="res@host.example"))
    desk.add_account(Account("u1", "user", parent="res", email="u1@acme.example"))
    return desk


def test_opening_notifies_the_level_above_with_its_email(desk: Helpdesk) -> None:
    # ISPmanager: "If a user has provided his e-mail address in the Control panel settings,
    # all the tickets submitted to him by other accounts will be automatically sent to a
    # specified e-mail address."
    t = desk.open_ticket(desk.actor_for("u1"), subject="Mail down", body="b")
    [note] = desk.outbox.pending()
    assert (note.id, note.event, note.recipient, note.email) == (
        f"{t.id}/1/res", "opened", "res", "res@host.example")
    assert (note.recipient_side, note.actor, note.subject) == (Side.SUPPORT, "u1", "Mail down")


def test_notes_never_notify_and_support_replies_notify_the_client(desk: Helpdesk) -> None:
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    desk.outbox.mark_sent(n.id for n in desk.outbox.pending())
    res = desk.actor_for("res", t.id)
    desk.note(t.id, res, "internal only")
    assert desk.outbox.pending() == []
    # Even a policy that lists 'noted' never sends an internal note to the customer side.
    noisy = Helpdesk(desk.store, Policy(notify_events={"noted"}), desk.clock)
    noisy.note(t.id, res, "still internal")
    assert desk.outbox.pending() == []
    desk.reply(t.id, res, "fixed")
    [note] = desk.outbox.pending()
    assert (note.event, note.recipient, note.email, note.recipient_side) == (
        "replied", "u1", "u1@acme.example", Side.CUSTOMER)


def test_event_kinds_come_from_the_policy(store: CrashingStore) -> None:
    desk = Helpdesk(store, Policy(notify_events={"solved"}), FixedClock(T0))  # type: ignore[arg-type]
    t = desk.open_ticket(Actor.customer("alice"), subject="s", body="b")
    desk.reply(t.id, Actor.support("agent"), "hi")
    assert desk.outbox.pending() == []
    desk.solve(t.id, Actor.support("agent"))
    assert [(n.event, n.recipient) for n in desk.outbox.pending()] == [("solved", "alice")]


def test_a_registered_event_kind_notifies_without_code_changes(desk: Helpdesk) -> None:
    # 'escalated', 'paged' and 'purged' land in other areas; any listed kind notifies.
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    paged = Event("paged", T0, Actor.system("pager"), {})
    ticket = attrs.evolve(t, version=2)
    with desk.store.unit_of_work() as uow:
        notes = notifications_for(uow.records, desk.policy, ticket, paged)
    assert [(n.recipient, n.recipient_side) for n in notes] == [
        ("u1", Side.CUSTOMER), ("res", Side.SUPPORT)]


def test_notify_events_must_name_registered_kinds() -> None:
    with pytest.raises(InvalidInput, match=r"unknown event kinds 'replyed'; known kinds: .*"):
        Policy(notify_events=["opened", "replyed"])
    assert set(EVENT_KINDS) >= Policy().notify_events


def test_commit_failure_leaves_no_change_and_no_notification(
    desk: Helpdesk, store: CrashingStore
) -> None:
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    pending = desk.outbox.pending()
    rows = desk.tickets()
    assert [row.id for row in rows] == [t.id]
    user, reseller = desk.actor_for("u1"), desk.actor_for("res", t.id)
    store.crash = "before_commit"
    with pytest.raises(StorageError, match="disk full"):
        desk.reply(t.id, reseller, "answer")
    assert desk.get(t.id) == t and desk.outbox.pending() == pending
    store.crash = "before_commit"
    with pytest.raises(StorageError):
        desk.open_ticket(user, subject="s2", body="b")
    assert desk.tickets() == rows and desk.outbox.pending() == pending


def test_death_after_commit_keeps_exactly_one_notification(
    desk: Helpdesk, store: CrashingStore
) -> None:
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    reseller = desk.actor_for("res", t.id)
    store.crash = "after_commit"
    with pytest.raises(StorageError, match="died right after the commit"):
        desk.reply(t.id, reseller, "answer")
    assert desk.get(t.id).version == 2
    assert [n.id for n in desk.outbox.pending()] == [f"{t.id}/1/res", f"{t.id}/2/u1"]


def test_consumer_dying_before_mark_sent_rereads_the_same_entries(desk: Helpdesk) -> None:
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    desk.reply(t.id, desk.actor_for("res", t.id), "answer")
    first = desk.outbox.pending(limit=1)
    assert [n.id for n in first] == [f"{t.id}/1/res"]
    # ... the mailer sends, then dies before acknowledging: the same entries come back.
    assert desk.outbox.pending(limit=1) == first
    assert desk.outbox.mark_sent([first[0].id]) == 1
    assert desk.outbox.mark_sent([first[0].id]) == 0, "acknowledging twice is harmless"
    assert [n.id for n in desk.outbox.pending()] == [f"{t.id}/2/u1"]
    assert desk.outbox.get(first[0].id).sent_at == T0
    with pytest.raises(NotFound, match="no notification with id 'nope'"):
        desk.outbox.mark_sent([f"{t.id}/2/u1", "nope"])
    assert [n.id for n in desk.outbox.pending()] == [f"{t.id}/2/u1"], "all or nothing"


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["reply_up", "reply_down", "solve", "close", "reopen", "archive"]),
        st.sampled_from([None, None, "before_commit", "after_commit"]),
    ),
    max_size=12,
)


@given(steps=STEPS, consume=st.lists(st.booleans(), max_size=12))
def test_outbox_holds_exactly_the_notifications_of_committed_changes(
    steps: list[tuple[str, str | None]], consume: list[bool]
) -> None:
    store = CrashingStore()
    clock = FixedClock(T0)
    desk = Helpdesk(store, Policy(), clock)  # type: ignore[arg-type]
    desk.add_account(Account("res", "reseller", email="res@host.example"))
    desk.add_account(Account("u1", "user", parent="res"))
    t = desk.open_ticket(desk.actor_for("u1"), subject="s", body="b")
    up, down = desk.actor_for("u1", t), desk.actor_for("res", t)
    acknowledged: set[str] = set()
    for n, (step, crash) in enumerate(steps):
        clock.advance(timedelta(minutes=1))
        store.crash = crash
        try:
            match step:
                case "reply_up":
                    desk.reply(t.id, up, "more")
                case "reply_down":
                    desk.reply(t.id, down, "answer")
                case "solve":
                    desk.solve(t.id, down)
                case "close":
                    desk.close(t.id, up)
                case "reopen":
                    desk.reopen(t.id, up)
                case _:
                    desk.archive(t.id, down)
        except (StorageError, InvalidTransition):
            store.crash = None
        if n < len(consume) and consume[n]:
            batch = [x.id for x in desk.outbox.pending(limit=2)]
            desk.outbox.mark_sent(batch)
            acknowledged.update(batch)

    final = desk.get(t.id)
    expected = []
    with store.unit_of_work() as uow:
        for version in range(1, final.version + 1):
            snapshot = derive(replay(t.id, final.events[:version]), desk.policy)
            snapshot = attrs.evolve(snapshot, version=version)
            expected += notifications_for(
                uow.records, desk.policy, snapshot, final.events[version - 1])
        stored = sorted(rid for _, rid, _ in uow.records.list("outbox"))
    assert stored == sorted(n.id for n in expected), "exactly one set per committed change"
    assert {n.id for n in desk.outbox.pending()} == set(stored) - acknowledged


def test_round_robin_position_rolls_back_with_the_ticket(store: CrashingStore) -> None:
    desk = Helpdesk(store, Policy(category_staff={"tech": ["ann", "bo"]}),  # type: ignore[arg-type]
                    FixedClock(T0))
    alice = Actor.customer("alice")
    store.crash = "before_commit"
    with pytest.raises(StorageError):
        desk.open_ticket(alice, subject="s", body="b", category="tech")
    assert desk.tickets() == [] and desk.outbox.pending() == []
    assert desk.open_ticket(alice, subject="s", body="b", category="tech").assignee == "ann"
    assert desk.open_ticket(alice, subject="s", body="b", category="tech").assignee == "bo"
