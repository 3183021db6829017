"""Property: after a run, no private data older than the keep period remains and none younger
is missing -- checked per attachment reference against the blob store, over random histories
(shared content, reopen, archive, replies) and random run dates."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st
from retention_kit import AGENT, ALICE, BOB, RUN, clock, desk_at, state

from supportkit import InvalidTransition, Ticket, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.privacy.retention import retention_anchor

KEEP = timedelta(days=90)
POOL = [b"log A", b"log B", b"log C", b"core dump"]

HOURS = st.integers(0, 150 * 24)
#: One ticket's plan: requester, contents, by e-mail, then (action, hours after opening).
plan = st.tuples(
    st.sampled_from([ALICE, BOB]),
    st.lists(st.sampled_from(POOL), min_size=1, max_size=2),
    st.booleans(),
    HOURS,
    st.lists(st.tuples(st.sampled_from(["close", "close", "reopen", "archive", "reply"]), HOURS,
                       st.sampled_from(POOL)), max_size=4),
)


def _expired(ticket: Ticket, at: object) -> bool:
    anchor = retention_anchor(ticket)
    return anchor is not None and anchor + KEEP <= at  # type: ignore[operator]


@settings(max_examples=100)
@given(plans=st.lists(plan, min_size=1, max_size=5), data=st.data())
def test_after_a_run_exactly_the_expired_private_data_is_gone(
    plans: list[tuple], data: st.DataObject  # type: ignore[type-arg]
) -> None:
    store = MemoryStore()
    start = RUN - timedelta(days=250)
    desk = desk_at(store, start)
    timeline = []
    for n, (who, contents, by_mail, opened, actions) in enumerate(plans):
        timeline.append((opened, n, -1, ("open", who, contents, by_mail)))
        for i, (action, after, content) in enumerate(actions):
            timeline.append((opened + after, n, i, (action, content)))
    ids: dict[int, str] = {}
    for hours, n, _, step in sorted(timeline, key=lambda x: x[:3]):
        clock(desk).set(start + timedelta(hours=hours))
        try:
            if step[0] == "open":
                _, who, contents, by_mail = step
                ids[n] = desk.open_ticket(
                    who, subject="s", body="b", channel="email" if by_mail else "web",
                    attachments=[Upload(f"f{i}", c) for i, c in enumerate(contents)],
                    raw_email=(b"raw " + b"".join(contents)) if by_mail else None,
                ).id
            elif step[0] == "reply":
                desk.reply(ids[n], AGENT, "x", attachments=[Upload("r", step[1])])
            else:
                getattr(desk, step[0])(ids[n], AGENT)
        except InvalidTransition:
            pass
    # Run dates: right at, just before or just after some ticket's end of keep, or anywhere.
    everything = [desk.get(t.id) for t in desk.tickets()]
    ends = sorted({a + KEEP for t in everything if (a := retention_anchor(t)) is not None})
    second = timedelta(seconds=1)
    near = [e + d for e in ends for d in (-second, timedelta(0), second)]
    now = desk.clock.now()
    runs = data.draw(st.lists(
        st.sampled_from(near) | st.integers(0, 200 * 24).map(lambda h: now + timedelta(hours=h))
        if near else st.integers(0, 200 * 24).map(lambda h: now + timedelta(hours=h)),
        min_size=1, max_size=2,
    ))
    for at in sorted(runs):
        clock(desk).set(max(at, desk.clock.now()))
        now = desk.clock.now()
        desk.run_retention()
        tickets = [desk.get(t.id) for t in desk.tickets()]
        holders: dict[str, bool] = {}
        for ticket in tickets:
            for ref in (a for m in ticket.messages for a in m.attachments):
                holders[ref.sha256] = holders.get(ref.sha256, False) or not ref.purged
        for ticket in tickets:
            expired = _expired(ticket, now)
            for ref in (a for m in ticket.messages for a in m.attachments):
                present = store.blobs.exists(ref.sha256)
                if expired:
                    assert ref.purged, f"ticket {ticket.id} expired but {ref.filename} kept"
                    assert not present or holders[ref.sha256], "orphaned private content"
                else:
                    assert not ref.purged and present, f"ticket {ticket.id} lost {ref.filename}"
        if any(_expired(t, now) for t in tickets):
            event("some ticket expired")
            if any(not _expired(t, now) for t in tickets):
                event("expired and kept tickets side by side")
        before = state(store)
        assert desk.run_retention().purged == ()
        assert state(store) == before, "a second run at the same instant changes nothing"
