"""The Helpdesk facade over the in-memory store: actions, derived timestamps, clear errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from supportkit import (
    Actor,
    FixedClock,
    Helpdesk,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    Policy,
    TicketStatus,
    Upload,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALICE = Actor.customer("alice", company="acme")
BOB = Actor.customer("bob", company="acme")
MALLORY = Actor.customer("mallory", company="evil")
AGENT = Actor.support("agent-7")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def desk(clock: FixedClock) -> Helpdesk:
    return Helpdesk(store=MemoryStore(), policy=Policy(), clock=clock)


def test_open_reply_solve_confirm_derives_timestamps(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="Mail down", body="Since 9:00", severity=2)
    assert (t.status, t.severity, t.created_at, t.version) == (TicketStatus.OPEN, 2, T0, 1)
    assert t.last_customer_reply_at == T0 and t.first_response_at is None
    clock.advance(timedelta(minutes=30))
    desk.note(t.id, AGENT, "looks like the MX record")
    assert desk.get(t.id).first_response_at is None, "an internal note is not a response"
    clock.advance(timedelta(minutes=30))
    desk.reply(t.id, AGENT, "Fixed the MX record")
    full = desk.get(t.id)
    assert full.first_response_at == T0 + timedelta(hours=1) == full.last_support_reply_at
    clock.advance(timedelta(hours=1))
    s = desk.solve(t.id, AGENT)
    assert s.status is TicketStatus.SOLVED
    assert desk.get(t.id).solved_at == T0 + timedelta(hours=2)
    clock.advance(timedelta(hours=1))
    s = desk.confirm(t.id, ALICE)
    assert s.status is TicketStatus.CLOSED
    assert desk.get(t.id).closed_at == T0 + timedelta(hours=3)
    # The customer's confirm returns the customer's view: no internal note counted in it.
    assert (s.message_count, s.public_message_count) == (2, 2)
    seen = desk.get(t.id, ALICE)
    assert [e.kind for e in seen.events] == ["opened", "replied", "solved", "confirmed"]
    kinds = [e.kind for e in desk.get(t.id).events]
    assert kinds == ["opened", "noted", "replied", "solved", "confirmed"]
    assert s.version == 5 == seen.version
    assert desk.tickets(ALICE) == [s]


def test_customer_reply_on_solved_reopens_and_clears_solved_at(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    desk.solve(t.id, AGENT)
    s = desk.reply(t.id, ALICE, "still broken")
    assert s.status is TicketStatus.OPEN and desk.get(t.id).solved_at is None


def test_refused_action_changes_nothing(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    with pytest.raises(InvalidTransition, match="allowed for customer in open"):
        desk.confirm(t.id, ALICE)
    assert desk.get(t.id) == t


def test_reopen_window(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    desk.close(t.id, ALICE)
    # The window is the retention keep period; its end instant is outside (data may be gone).
    clock.advance(timedelta(days=90) - timedelta(seconds=1))
    assert desk.reopen(t.id, ALICE).status is TicketStatus.OPEN
    desk.close(t.id, ALICE)
    clock.advance(timedelta(days=90))
    with pytest.raises(InvalidTransition, match=r"reopen window ended on .*follow-up"):
        desk.reply(t.id, ALICE, "hello again")
    assert desk.get(t.id).status is TicketStatus.CLOSED


def test_no_window_means_forever(clock: FixedClock) -> None:
    desk = Helpdesk(MemoryStore(), Policy(reopen_window=None), clock)
    t = desk.open_ticket(ALICE, subject="s", body="b")
    desk.close(t.id, AGENT)
    clock.advance(timedelta(days=3650))
    assert desk.reopen(t.id, AGENT).status is TicketStatus.OPEN


def test_naive_datetimes_are_refused(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    with pytest.raises(InvalidInput, match="naive"):
        desk.set_eta(t.id, AGENT, datetime(2026, 3, 3, 12, 0))  # noqa: DTZ001
    naive_clock_desk = Helpdesk(MemoryStore(), clock=_NaiveClock())
    with pytest.raises(InvalidInput, match="naive"):
        naive_clock_desk.open_ticket(ALICE, subject="s", body="b")


class _NaiveClock:
    def now(self) -> datetime:
        return datetime(2026, 1, 1)  # noqa: DTZ001


@pytest.mark.parametrize("subject", ["", "   ", None])
def test_empty_subject_is_refused(desk: Helpdesk, subject: object) -> None:
    with pytest.raises(InvalidInput, match=r"subject must be (a non-empty )?text"):
        desk.open_ticket(ALICE, subject=subject, body="b")  # type: ignore[arg-type]
    assert desk.tickets() == []


def test_unknown_ticket_id(desk: Helpdesk) -> None:
    with pytest.raises(NotFound, match="no ticket with id '404'"):
        desk.get("404")
    with pytest.raises(NotFound):
        desk.reply("404", AGENT, "hello")


def test_unknown_severity_lists_the_levels(desk: Helpdesk) -> None:
    with pytest.raises(InvalidInput, match=r"unknown severity level 7; allowed: 1 \(Urgent\)"):
        desk.open_ticket(ALICE, subject="s", body="b", severity=7)


def test_set_severity_records_reason_who_and_when(desk: Helpdesk, clock: FixedClock) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=4)
    clock.advance(timedelta(minutes=5))
    s = desk.set_severity(t.id, AGENT, 1, reason="whole cluster down")
    assert s.severity == 1
    event = desk.get(t.id).events[-1]
    assert event.kind == "severity_changed" and event.actor == AGENT
    assert event.at == T0 + timedelta(minutes=5)
    assert dict(event.data) == {"status": "open", "severity": 1, "previous": 4,
                                "reason": "whole cluster down"}
    with pytest.raises(InvalidInput, match="reason"):
        desk.set_severity(t.id, AGENT, 2, reason=" ")
    with pytest.raises(InvalidTransition):
        desk.set_severity(t.id, ALICE, 2, reason="customer cannot")


def test_severity_change_limited_to_roles(clock: FixedClock) -> None:
    desk = Helpdesk(MemoryStore(), Policy(severity_change_roles={"shift-manager"}), clock)
    t = desk.open_ticket(ALICE, subject="s", body="b", severity=3)
    with pytest.raises(PermissionDenied, match="allowed roles: shift-manager"):
        desk.set_severity(t.id, AGENT, 1, reason="r")
    manager = Actor.support("dana", roles={"shift-manager"})
    assert desk.set_severity(t.id, manager, 1, reason="r").severity == 1
    assert desk.set_severity(t.id, Actor.support("shift-manager"), 2, reason="r").severity == 2


def test_eta_must_not_be_in_the_past(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    with pytest.raises(InvalidInput, match="in the past"):
        desk.set_eta(t.id, AGENT, T0 - timedelta(hours=1))
    s = desk.set_eta(t.id, AGENT, T0 + timedelta(days=1))
    assert s.eta == T0 + timedelta(days=1) and desk.get(t.id).eta_set_at == T0


def test_attachments_are_stored_by_hash(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b", attachments=[Upload("log.txt", b"abc")])
    ref = t.messages[0].attachments[0]
    assert (ref.filename, ref.size, ref.purged) == ("log.txt", 3, False)
    assert desk.store.blobs.open(ref.sha256).read() == b"abc"


def test_attachment_over_the_limit_is_refused(clock: FixedClock) -> None:
    desk = Helpdesk(MemoryStore(), Policy(max_attachment_bytes=10), clock)
    with pytest.raises(InvalidInput, match="larger than the limit of 10 bytes"):
        desk.open_ticket(ALICE, subject="s", body="b", attachments=[Upload("x", b"0" * 11)])
    assert desk.tickets() == [] and list(desk.store.blobs.iter_digests()) == []


def test_customers_act_only_on_their_own_or_company_tickets(desk: Helpdesk) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    assert desk.reply(t.id, BOB, "colleague here").status is TicketStatus.OPEN
    with pytest.raises(PermissionDenied):
        desk.reply(t.id, MALLORY, "let me in")


def test_clock_going_backwards_never_moves_timestamps_back(
    desk: Helpdesk, clock: FixedClock
) -> None:
    t = desk.open_ticket(ALICE, subject="s", body="b")
    clock.set(T0 - timedelta(hours=2))
    s = desk.reply(t.id, AGENT, "hi")
    assert s.updated_at == T0 and desk.get(t.id).first_response_at == T0


def test_channels_limited_by_policy(clock: FixedClock) -> None:
    desk = Helpdesk(MemoryStore(), Policy(channels={"web", "email"}), clock)
    with pytest.raises(InvalidInput, match="channel 'fax' is not accepted; allowed: email, web"):
        desk.open_ticket(ALICE, subject="s", body="b", channel="fax")


def test_open_channels_limit_only_new_tickets(clock: FixedClock) -> None:
    policy = Policy(channels={"web", "email"}, open_channels={"email"})
    desk = Helpdesk(MemoryStore(), policy, clock)
    with pytest.raises(InvalidInput, match=r"cannot be opened by 'web'.*open it by: email"):
        desk.open_ticket(ALICE, subject="s", body="b", channel="web")
    assert desk.tickets() == []
    t = desk.open_ticket(ALICE, subject="s", body="b", channel="email")
    desk.reply(t.id, ALICE, "more", channel="web")
    assert desk.get(t.id).messages[-1].channel == "web"
    desk.close(t.id, ALICE)
    with pytest.raises(InvalidInput, match="cannot be opened by 'web'"):
        desk.follow_up(t.id, ALICE, body="again", channel="web")


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"channels": {"web"}, "open_channels": {"email"}}, "not in Policy.channels: email"),
        ({"open_channels": set()}, "at least one channel"),
    ],
)
def test_open_channels_must_be_accepted_channels(changes: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        Policy(**changes)  # type: ignore[arg-type]


def test_replay_rebuilds_the_snapshot_from_events(desk: Helpdesk, clock: FixedClock) -> None:
    from supportkit.tickets import replay

    t = desk.open_ticket(ALICE, subject="s", body="b", fields={"ip": "10.0.0.1"})
    clock.advance(timedelta(hours=1))
    desk.reply(t.id, AGENT, "hi")
    desk.set_eta(t.id, AGENT, T0 + timedelta(days=2))
    desk.solve(t.id, AGENT)
    t = desk.get(t.id)
    rebuilt = replay(t.id, t.events)
    assert rebuilt == attrs.evolve(t, version=0)


def test_listing_filters_refuse_bad_values_clearly(desk: Helpdesk) -> None:
    with pytest.raises(InvalidInput, match="unknown status 'bogus'; allowed: open, solved"):
        desk.tickets(status="bogus")
    with pytest.raises(InvalidInput, match="limit must be a whole number"):
        desk.tickets(limit="x")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="unknown scope 'mine'; allowed: own"):
        desk.tickets(ALICE, scope="mine")  # type: ignore[arg-type]
