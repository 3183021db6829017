"""Open-Xchange worked cases.

"Access to privacy data is mandatory up to three months after a ticket goes into 'closed'
state ... the customer has the right to reopen tickets in this period."
"The automatic deletion of privacy data takes place weekly at Sunday and affects tickets
which are since 90 days in a 'closed' state. This deletion process checks and handles the
hole ticket stock, regardless on queues or if they are proceeded before."
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from retention_kit import AGENT, ALICE, BOB, KEEP, RUN, clock, desk_at, state

from supportkit import (
    Helpdesk,
    InvalidTransition,
    Policy,
    RetentionPolicy,
    Ticket,
    TicketStatus,
    Upload,
)
from supportkit.adapters.memory import MemoryStore

DAY = timedelta(days=1)


def _closed_ticket(desk: Helpdesk, content: bytes, *, category: str | None = None,
                   requester=ALICE) -> Ticket:  # type: ignore[no-untyped-def]
    t = desk.open_ticket(requester, subject="Mail logs", body="see the attached log",
                         category=category, attachments=[Upload("maillog.txt", content)],
                         channel="email", raw_email=b"Subject: Mail logs\r\n\r\nsee log\r\n")
    desk.close(t.id, AGENT)
    return desk.get(t.id)


def _blobs_present(desk: Helpdesk, ticket_id: str) -> list[bool]:
    refs = [a for m in desk.get(ticket_id).messages for a in m.attachments]
    assert refs, "the ticket has private data to look at"
    return [desk.store.blobs.exists(a.sha256) for a in refs]


def test_the_run_is_weekly_on_sunday_at_two_in_berlin() -> None:
    desk = desk_at(MemoryStore(), RUN - 3 * DAY)
    first = desk.next_retention_run()
    assert first == RUN and first.strftime("%A %H:%M %Z") == "Sunday 02:00 CEST"
    assert desk.next_retention_run(first) == RUN + 7 * DAY


def test_closed_89_days_before_the_run_is_kept() -> None:
    desk = desk_at(MemoryStore(), RUN - 89 * DAY)
    t = _closed_ticket(desk, b"log 89")
    clock(desk).set(RUN)
    report = desk.run_retention()
    assert report.purged == () and _blobs_present(desk, t.id) == [True, True]
    assert desk.get(t.id).retention_due == RUN + DAY


def test_closed_90_days_before_the_run_is_purged() -> None:
    desk = desk_at(MemoryStore(), RUN - 90 * DAY)
    t = _closed_ticket(desk, b"log 90")
    clock(desk).set(RUN)
    report = desk.run_retention()
    assert report.purged == (t.id,) and report.blobs_deleted == 2
    after = desk.get(t.id)
    assert _blobs_present(desk, t.id) == [False, False]
    assert all(a.purged for m in after.messages for a in m.attachments)
    purge = after.events[-1]
    assert purge.kind == "purged" and purge.actor.id == "system" and purge.at == RUN
    assert purge.data["keep"] == "90d" and purge.data["bytes"] == report.bytes_freed
    assert "BYDAY=SU" in str(purge.data["rule"])
    assert after.retention_due is None and after.status is TicketStatus.CLOSED
    # the readable conversation stays
    assert after.messages[0].body == "see the attached log"


def test_reopened_on_day_89_is_kept_and_stays_reopenable() -> None:
    desk = desk_at(MemoryStore(), RUN - 90 * DAY)
    t = _closed_ticket(desk, b"log reopened")
    clock(desk).set(RUN - DAY)
    assert desk.reopen(t.id, ALICE).status is TicketStatus.OPEN
    clock(desk).set(RUN)
    assert desk.run_retention().purged == ()
    assert _blobs_present(desk, t.id) == [True, True]
    desk.close(t.id, AGENT)  # a new 90 days start now
    clock(desk).set(RUN + 89 * DAY)
    assert desk.reopen(t.id, ALICE).status is TicketStatus.OPEN


def test_reply_on_day_91_is_refused_with_follow_up_advice() -> None:
    desk = desk_at(MemoryStore(), RUN - 91 * DAY)
    t = _closed_ticket(desk, b"log 91")
    clock(desk).set(RUN)
    ended = (RUN - DAY).isoformat()
    refused = rf"window ended on {re.escape(ended)}.*follow-up"
    with pytest.raises(InvalidTransition, match=refused) as err:
        desk.reply(t.id, ALICE, "it broke again")
    assert "follow_up('1'" in str(err.value)
    assert desk.get(t.id).status is TicketStatus.CLOSED
    follow = desk.follow_up(t.id, ALICE, body="it broke again")
    assert follow.follow_up_of == t.id and follow.id != t.id
    assert follow.subject == f"Follow-up to #{t.id}: Mail logs"
    assert follow.events[0].data["follow_up_of"] == t.id


def test_whole_stock_regardless_of_queue_category_or_company() -> None:
    desk = desk_at(MemoryStore(), RUN - 120 * DAY)
    ids = [
        _closed_ticket(desk, b"a", category="billing").id,
        _closed_ticket(desk, b"b", category="dns", requester=BOB).id,
        _closed_ticket(desk, b"c").id,
    ]
    archived = _closed_ticket(desk, b"d")
    desk.archive(archived.id, AGENT)  # archived after closing: counted from closing
    clock(desk).set(RUN)
    assert desk.run_retention().purged == (*ids, archived.id)


def test_shared_content_is_deleted_only_when_no_ticket_keeps_it() -> None:
    desk = desk_at(MemoryStore(), RUN - 100 * DAY)
    old = _closed_ticket(desk, b"the same log file")
    clock(desk).set(RUN - 10 * DAY)
    young = _closed_ticket(desk, b"the same log file")
    sha = old.messages[0].attachments[0].sha256
    clock(desk).set(RUN)
    report = desk.run_retention()
    assert report.purged == (old.id,) and report.blobs_kept_shared == 2
    assert desk.get(old.id).messages[0].attachments[0].purged
    assert desk.store.blobs.exists(sha), "the young ticket must keep its log"
    clock(desk).set(RUN + 84 * DAY)
    assert desk.run_retention().purged == (young.id,)
    assert not desk.store.blobs.exists(sha)


def test_only_private_kinds_are_purged() -> None:
    policy = Policy(retention=RetentionPolicy(private={"raw_email"}))
    desk = desk_at(MemoryStore(), RUN - 90 * DAY, policy)
    t = _closed_ticket(desk, b"log kept")
    clock(desk).set(RUN)
    assert desk.run_retention().purged == (t.id,)
    kinds = {a.kind: a.purged for a in desk.get(t.id).messages[0].attachments}
    assert kinds == {"attachment": False, "raw_email": True}
    assert _blobs_present(desk, t.id) == [True, False]


def test_dry_run_changes_nothing_and_runs_are_idempotent() -> None:
    desk = desk_at(MemoryStore(), RUN - 95 * DAY)
    t = _closed_ticket(desk, b"dry")
    clock(desk).set(RUN)
    before = state(desk.store)
    dry = desk.run_retention(dry_run=True)
    assert dry.dry_run and dry.purged == (t.id,) and dry.blobs_deleted == 2
    assert state(desk.store) == before
    real = desk.run_retention()
    assert (real.purged, real.bytes_freed) == (dry.purged, dry.bytes_freed)
    after = state(desk.store)
    again = desk.run_retention()
    assert again.purged == () and again.bytes_freed == 0 and state(desk.store) == after


def test_keep_forever_never_purges_and_never_ends_the_window() -> None:
    desk = desk_at(MemoryStore(), RUN - 3650 * DAY, Policy(reopen_window=None))
    t = _closed_ticket(desk, b"forever")
    assert desk.policy.retention.keep is None and desk.get(t.id).retention_due is None
    clock(desk).set(RUN)
    assert desk.run_retention().purged == ()
    assert desk.reopen(t.id, ALICE).status is TicketStatus.OPEN


def test_reopen_window_is_the_keep_period() -> None:
    assert Policy().reopen_window == Policy().retention.keep == KEEP
    short = Policy(retention=RetentionPolicy(keep=timedelta(days=30)))
    assert short.reopen_window == timedelta(days=30)
    assert Policy(reopen_window=timedelta(days=7)).retention.keep == timedelta(days=7)


def test_shortening_keep_needs_one_recheck_all_run() -> None:
    store = MemoryStore()
    long_keep = Policy(retention=RetentionPolicy(keep=timedelta(days=180)))
    desk = desk_at(store, RUN - 100 * DAY, long_keep)
    t = _closed_ticket(desk, b"kept for 180 days")
    assert desk.get(t.id).retention_due == RUN + 80 * DAY
    short = desk_at(store, RUN)  # the default 90 days now
    assert short.run_retention().purged == (), "stored deadlines follow the old policy"
    assert short.run_retention(recheck_all=True).purged == (t.id,)
    assert _blobs_present(short, t.id) == [False, False]


def test_the_run_streams_in_batches() -> None:
    """Bounded memory: every read the run makes asks for at most batch_size tickets."""
    store = MemoryStore()
    policy = Policy(retention=RetentionPolicy(batch_size=3))
    desk = desk_at(store, RUN - 100 * DAY, policy)
    ids = [_closed_ticket(desk, f"log {n}".encode()).id for n in range(10)]
    seen: list[tuple[int | None, int]] = []
    real_uow = store.unit_of_work

    def spying_uow(readonly=False):  # type: ignore[no-untyped-def]
        uow = real_uow(readonly=readonly)
        query = uow.tickets.query

        def spy(q):  # type: ignore[no-untyped-def]
            found = query(q)
            seen.append((q.limit, len(found)))
            return found

        # The memory store claims due tickets (several workers may run retention at once):
        # each claim asks for at most batch_size tickets too.
        claim_due = uow.tickets.claim_due

        def claim_spy(column, before, *, limit, due_from=None):  # type: ignore[no-untyped-def]
            found = claim_due(column, before, limit=limit, due_from=due_from)
            seen.append((limit, len(found)))
            return found

        uow.tickets.query = spy  # type: ignore[method-assign]
        uow.tickets.claim_due = claim_spy  # type: ignore[method-assign]
        return uow

    store.unit_of_work = spying_uow  # type: ignore[method-assign]
    clock(desk).set(RUN)
    assert desk.run_retention().purged == tuple(ids)
    assert seen and all(limit == 3 and size <= 3 for limit, size in seen)
    assert len(seen) >= 4, "ten due tickets take at least four batches"
