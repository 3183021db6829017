"""The account hierarchy: admin → reseller → user → mailbox / FTP user, as a validated tree.

ISPmanager (seed 004): "There are four user types that may submit tickets to the Support
center": control panel administrator, reseller, user, and "FTP accounts and Mailbox users".
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from supportkit import Account, AccountRole, Helpdesk, InvalidInput, NotFound, Policy, Scope
from supportkit.access import check_tree
from supportkit.adapters.memory import MemoryStore
from supportkit.app.outbox import Notification, NotificationState
from supportkit.serialization import structure, unstructure
from supportkit.tickets import Side, TicketStatus

ADMIN = Account("root", AccountRole.ADMIN, email="root@panel.example")
RESELLER = Account("res", AccountRole.RESELLER, parent="root")
USER = Account("u1", AccountRole.USER, parent="res", company="acme")
MAILBOX = Account("mb", AccountRole.MAILBOX, parent="u1")


def test_ranks_strictly_descend() -> None:
    assert [r.rank for r in AccountRole] == [0, 1, 2, 3, 3]
    assert check_tree([MAILBOX, USER, ADMIN, RESELLER])["mb"] == MAILBOX


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        ([RESELLER], r"unknown parent 'root'; add the parent first"),
        ([ADMIN, ADMIN], r"account id 'root' appears twice"),
        (
            [Account("a", "user", parent="b"), Account("b", "user", parent="a")],
            r"cycle: a → b → a",
        ),
        (
            [ADMIN, Account("r1", "reseller", parent="root"),
             Account("r2", "reseller", parent="r1")],
            r"'r2' \(reseller\) cannot sit under 'r1' \(reseller\): a child's role must be "
            r"strictly below",
        ),
        (
            [ADMIN, RESELLER, USER, MAILBOX, Account("x", "user", parent="mb")],
            r"'x' \(user\) cannot sit under 'mb' \(mailbox\)",
        ),
        (
            [ADMIN, RESELLER, USER, Account("f", "ftp", parent="u1"),
             Account("m", "mailbox", parent="f")],
            r"'m' \(mailbox\) cannot sit under 'f' \(ftp\)",
        ),
    ],
)
def test_invalid_trees(accounts: list[Account], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_tree(accounts)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "a", "role": "admin", "parent": "b"}, "admins are the top of the hierarchy"),
        ({"id": "a", "role": "user", "parent": "a"}, "cannot be its own parent"),
        ({"id": " ", "role": "user"}, "non-empty string"),
        ({"id": "a", "role": "owner"}, "owner"),
        ({"id": "a", "role": "user", "email": "not-an-address"}, "is not an e-mail address"),
    ],
)
def test_invalid_accounts(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises((InvalidInput, ValueError), match=message):
        Account(**kwargs)  # type: ignore[arg-type]


@pytest.fixture
def desk() -> Helpdesk:
    desk = Helpdesk(MemoryStore(), Policy())
    for account in (ADMIN, RESELLER, USER, MAILBOX):
        desk.add_account(account)
    return desk


def test_repository_checks_each_change_against_the_stored_tree(desk: Helpdesk) -> None:
    assert desk.get_account("u1") == USER
    with pytest.raises(InvalidInput, match="unknown parent 'ghost'"):
        desk.add_account(Account("x", "user", parent="ghost"))
    with pytest.raises(InvalidInput, match="cannot sit under 'u1'"):
        desk.add_account(Account("x", "reseller", parent="u1"))
    # Demoting u1 to a mailbox would leave its mailbox child at the same rank.
    with pytest.raises(InvalidInput, match=r"'mb' \(mailbox\) cannot sit under 'u1' \(mailbox\)"):
        desk.add_account(Account("u1", "mailbox", parent="res"))
    with pytest.raises(NotFound, match="no account with id 'ghost'"):
        desk.get_account("ghost")
    # Moving the user straight under the admin is fine and keeps its children.
    desk.add_account(Account("u1", "user", parent="root", company="acme"))
    assert desk.get_account("u1").parent == "root" and desk.get_account("mb").parent == "u1"
    assert desk.tickets() == []


def test_lookup_keys_and_tree_walks(desk: Helpdesk) -> None:
    from supportkit.app.repositories import AccountRepository

    with desk.store.unit_of_work() as uow:
        repo = AccountRepository(uow.records)
        assert [a.id for a in repo.children("root")] == ["res"]
        assert [a.id for a in repo.ancestors("mb")] == ["u1", "res", "root"]
        assert [a.id for a in repo.descendants("root")] == ["res", "u1", "mb"]
        assert repo.subtree("res") == {"res", "u1", "mb"}
        assert [a.id for a in repo.by_company("acme")] == ["u1"]
        assert [a.id for a in repo.by_email("root@panel.example")] == ["root"]


def test_access_types_round_trip_through_json() -> None:
    for account in (ADMIN, RESELLER, USER, MAILBOX):
        assert structure(json.loads(json.dumps(unstructure(account))), Account) == account
    note = Notification(
        id="1/1/res", ticket_id="1", version=1, event="opened",
        at=datetime(2026, 1, 1, tzinfo=UTC), actor="u1", recipient="res",
        recipient_side=Side.SUPPORT, email=None, subject="s", status=TicketStatus.OPEN,
    )
    data = json.loads(json.dumps(unstructure(note)))
    assert data["state"] == NotificationState.PENDING.value
    assert structure(data, Notification) == note


def test_access_policy_fields_round_trip() -> None:
    policy = Policy(
        routing="support", scopes={"own", "handled"}, category_staff={"tech": ["ann", "bo"]},
        assignment="least_loaded", staff_visibility="categories",
        staff_unrestricted_roles={"lead"}, notify_events={"opened", "escalated"},
    )
    data = json.loads(json.dumps(unstructure(policy)))
    assert data["scopes"] == ["handled", "own"]
    assert data["category_staff"] == {"tech": ["ann", "bo"]}
    assert structure(data, Policy) == policy
    assert policy.scopes == {Scope.OWN, Scope.HANDLED}
    assert structure(unstructure(Policy()), Policy) == Policy()
    assert hash(policy) == hash(structure(data, Policy)), "a policy stays hashable"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"routing": "sideways"}, "Policy.routing 'sideways' is not known; allowed: hierarchy"),
        ({"assignment": "random"}, "allowed: round_robin, least_loaded"),
        ({"staff_visibility": "none"}, "allowed: all, categories"),
        ({"scopes": {"everything"}}, "allowed: own, company, handled"),
        ({"category_staff": {"tech": []}}, "needs distinct staff ids"),
        ({"category_staff": {"tech": ["a", "a"]}}, "needs distinct staff ids"),
        ({"category_staff": {"tech": "ann"}}, "give a list of staff ids, not the text 'ann'"),
        ({"notify_events": "opened"}, "give a list of names, not the text 'opened'"),
        ({"scopes": "own"}, "give a list of scopes"),
    ],
)
def test_bad_access_policy(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        Policy(**kwargs)  # type: ignore[arg-type]
