"""Random account trees and tickets: every viewer sees exactly what its scopes allow, acts on
the side the hierarchy gives it, and every action outside its scopes is refused and changes
nothing. The expected answers come from a brute-force model written here, not from the
library's own scope code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import event, given
from hypothesis import strategies as st

from supportkit import (
    Account,
    AccountRole,
    Actor,
    FixedClock,
    Helpdesk,
    PermissionDenied,
    Policy,
    Scope,
    Side,
    Ticket,
)
from supportkit.adapters.memory import MemoryStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROLES = list(AccountRole)
COMPANIES = [None, "acme", "beta"]


@st.composite
def account_trees(draw: st.DrawFn) -> list[Account]:
    """Accounts in insertion order; each child's role strictly below its parent's."""
    accounts: list[Account] = []
    for i in range(draw(st.integers(1, 8))):
        # Mostly below an existing account that still has room under it; sometimes a root.
        hosts = [a for a in accounts if a.role.rank < 3]
        parent = None
        if hosts and draw(st.integers(0, 9)) > 1:
            parent = draw(st.sampled_from(hosts))
        below = [r for r in ROLES if parent is None or r.rank > parent.role.rank]
        if parent is not None:
            below = [r for r in below if r is not AccountRole.ADMIN]
        role = draw(st.sampled_from(below))
        company = draw(st.sampled_from(COMPANIES))
        accounts.append(Account(f"a{i}", role, parent=parent.id if parent else None,
                                company=company))
    return accounts


@dataclass(frozen=True)
class Opening:
    requester: int  # index into the accounts, or -1 for a plain customer "c-<company>"
    to: int | None  # index of the account to open towards (a descendant), or None
    company: str | None  # plain customers only


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Account], Policy, list[Opening]]:
    accounts = draw(account_trees())
    policy = Policy(
        routing=draw(st.sampled_from(["hierarchy", "hierarchy", "support"])),
        scopes=draw(st.just(frozenset(Scope))
                    | st.frozensets(st.sampled_from(list(Scope)), min_size=1)),
    )
    by_id = {a.id: a for a in accounts}
    openings = []
    for _ in range(draw(st.integers(1, 8))):
        requester = draw(st.integers(-1, len(accounts) - 1))
        to = None
        if requester >= 0:
            below = [j for j, a in enumerate(accounts)
                     if accounts[requester].id in _ancestors(by_id, a.id)]
            if below and draw(st.booleans()):
                to = draw(st.sampled_from(below))
        openings.append(Opening(requester, to, draw(st.sampled_from(COMPANIES))))
    return accounts, policy, openings


def _ancestors(by_id: dict[str, Account], account_id: str | None) -> list[str]:
    found = []
    current = by_id.get(account_id) if account_id is not None else None
    while current is not None and current.parent is not None:
        found.append(current.parent)
        current = by_id[current.parent]
    return found


@dataclass(frozen=True)
class Expected:
    """The model's view of one ticket."""

    requester: str
    company: str | None
    addressed_to: str | None
    client: str


def _model_ticket(accounts: list[Account], policy: Policy, o: Opening) -> Expected:
    if o.requester < 0:
        return Expected(f"c-{o.company}", o.company, None, f"c-{o.company}")
    a = accounts[o.requester]
    if o.to is not None:
        return Expected(a.id, a.company, accounts[o.to].id, accounts[o.to].id)
    addressed = a.parent if policy.routing == "hierarchy" else None
    return Expected(a.id, a.company, addressed, a.id)


def _model_scopes(
    by_id: dict[str, Account], viewer: Account | Actor, t: Expected, scopes: frozenset[Scope]
) -> set[Scope]:
    found = set()
    if t.requester == viewer.id:
        found.add(Scope.OWN)
    if viewer.company is not None and t.company == viewer.company:
        found.add(Scope.COMPANY)
    if t.addressed_to is not None and (
        t.addressed_to == viewer.id or viewer.id in _ancestors(by_id, t.addressed_to)
    ):
        found.add(Scope.HANDLED)
    return found & scopes


def _model_side(by_id: dict[str, Account], viewer: Account | Actor, t: Expected) -> Side:
    """Above the client in the tree (at or above ``addressed_to``): support; else customer."""
    above = t.addressed_to is not None and (
        t.addressed_to == viewer.id or viewer.id in _ancestors(by_id, t.addressed_to)
    )
    return Side.SUPPORT if above and viewer.id != t.client else Side.CUSTOMER


ACTIONS: list[Callable[[Helpdesk, str, Actor], object]] = [
    lambda d, i, a: d.reply(i, a, "hello"),
    lambda d, i, a: d.note(i, a, "psst"),
    lambda d, i, a: d.solve(i, a),
    lambda d, i, a: d.confirm(i, a),
    lambda d, i, a: d.close(i, a),
    lambda d, i, a: d.reopen(i, a),
    lambda d, i, a: d.archive(i, a),
    lambda d, i, a: d.set_severity(i, a, 1, reason="r"),
    lambda d, i, a: d.set_eta(i, a, T0 + timedelta(days=1)),
    lambda d, i, a: d.get(i, a),
]


def _state(desk: Helpdesk) -> tuple[list[Ticket], list[object]]:
    return list(desk.tickets()), list(desk.outbox.pending())


@given(scenarios())
def test_viewers_see_and_act_exactly_within_their_scopes(
    scenario: tuple[list[Account], Policy, list[Opening]],
) -> None:
    accounts, policy, openings = scenario
    by_id = {a.id: a for a in accounts}
    desk = Helpdesk(MemoryStore(), policy, FixedClock(T0))
    for account in accounts:
        desk.add_account(account)
    tickets: dict[str, Expected] = {}
    for o in openings:
        if o.requester < 0:
            actor = Actor.customer(f"c-{o.company}", company=o.company)
        else:
            actor = desk.actor_for(accounts[o.requester].id)
        to = accounts[o.to].id if o.to is not None else None
        t = desk.open_ticket(actor, subject="s", body="b", to=to)
        expected = _model_ticket(accounts, policy, o)
        assert (t.requester.id, t.addressed_to) == (expected.requester, expected.addressed_to)
        tickets[t.id] = expected

    before = _state(desk)
    # Plain customers (not accounts) are viewers too: own and company only.
    plain = [Actor.customer(f"c-{c}", company=c) for c in COMPANIES]
    viewers: list[Account | Actor] = [*accounts, *plain]
    for n, viewer in enumerate(viewers):
        who: str | Actor = viewer.id if isinstance(viewer, Account) else viewer
        visible: dict[str, set[Scope]] = {
            tid: s for tid, t in tickets.items()
            if (s := _model_scopes(by_id, viewer, t, policy.scopes))
        }
        # Listing: all scopes together, then each scope on its own.
        assert [t.id for t in desk.tickets(who)] == sorted(visible, key=int)
        for scope in policy.scopes:
            want = sorted((tid for tid, s in visible.items() if scope in s), key=int)
            assert [t.id for t in desk.tickets(who, scope=scope)] == want
        for i, (tid, t) in enumerate(tickets.items()):
            if tid in visible:
                side = _model_side(by_id, viewer, t)
                event(f"visible as {side.value}" + (" (downward)" if t.client != t.requester
                                                    else ""))
                assert desk.get(tid, who).id == tid
                if isinstance(viewer, Actor):
                    # A plain customer acts as itself; a support-side actor that is not an
                    # account is staff, trusted by the embedding application.
                    assert side is Side.CUSTOMER
                    continue
                assert desk.actor_for(viewer.id, tid).side is side
                # Claiming the other side is refused, too.
                other = Side.CUSTOMER if side is Side.SUPPORT else Side.SUPPORT
                action = ACTIONS[(n + i) % (len(ACTIONS) - 1)]
                try:
                    action(desk, tid, Actor(viewer.id, other))
                except PermissionDenied as refused:
                    assert f"acts as {side.value}" in str(refused)
                else:
                    raise AssertionError(f"{viewer.id} acted on {tid} as {other}")
                continue
            for side in (Side.CUSTOMER, Side.SUPPORT):
                action = ACTIONS[(n + i) % len(ACTIONS)]
                if isinstance(viewer, Actor) and side is Side.SUPPORT:
                    continue  # staff, see above
                try:
                    action(desk, tid, Actor(viewer.id, side, viewer.company))
                except PermissionDenied as refused:
                    # Same words as for a ticket that does not exist.
                    try:
                        desk.get("404", who)
                    except PermissionDenied as unknown:
                        assert str(unknown) == str(refused).replace(repr(tid), "'404'")
                    else:
                        raise AssertionError("an unknown id must be refused like this one")
                else:
                    raise AssertionError(f"{viewer.id} reached ticket {tid} as {side}")
    assert _state(desk) == before, "refused actions changed nothing"
