"""Accounts of a hosting control panel: admin → reseller → user → mailbox / FTP user.

An :class:`Account` names its ``parent`` (the level above it). The accounts form a tree whose
roles strictly descend: a reseller sits under an admin, a user under a reseller or an admin, a
mailbox or FTP user under any of those. :func:`check_tree` validates a whole set of accounts;
:class:`supportkit.app.repositories.AccountRepository` keeps them in a unit of work's
record port and validates each change against what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe, enum_member

__all__ = ["KIND", "Account", "AccountRole", "check_rank", "check_tree"]

KIND = "account"


class AccountRole(StrEnum):
    """The level of an account; a child's rank is strictly greater than its parent's."""

    ADMIN = "admin"
    RESELLER = "reseller"
    USER = "user"
    MAILBOX = "mailbox"
    FTP = "ftp"

    @property
    def rank(self) -> int:
        """0 for admin, 1 reseller, 2 user, 3 mailbox and FTP users."""
        return _RANKS[self]


_RANKS = {
    AccountRole.ADMIN: 0,
    AccountRole.RESELLER: 1,
    AccountRole.USER: 2,
    AccountRole.MAILBOX: 3,
    AccountRole.FTP: 3,
}


def _non_empty(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidInput(
            f"Account.{attribute.name}: a non-empty string is required, got {describe(value)}"
        )


def _role(value: Any) -> AccountRole:
    found = enum_member(value, AccountRole)
    if found is not None:
        return found
    raise InvalidInput(
        f"Account.role must be one of {', '.join(r.value for r in AccountRole)}, "
        f"got {describe(value)}"
    )


def _email(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    local, at, domain = value.partition("@") if isinstance(value, str) else ("", "", "")
    if not at or not local or not domain or any(c.isspace() for c in value):
        raise InvalidInput(
            f"Account.email {describe(value)} is not an e-mail address (name@domain)"
        )


@attrs.frozen
class Account:
    """One account of the hierarchy.

    ``parent`` is the id of the account one level above (``None`` for an admin, or for an
    account the desk serves directly); ``company`` groups accounts for company-wide views;
    ``email``, when given, receives notifications of tickets submitted to this account.
    """

    id: str = attrs.field(validator=_non_empty)
    role: AccountRole = attrs.field(converter=_role)
    parent: str | None = attrs.field(default=None, validator=_non_empty)
    company: str | None = attrs.field(default=None, validator=_non_empty)
    email: str | None = attrs.field(default=None, validator=_email)

    def __attrs_post_init__(self) -> None:
        if self.parent == self.id:
            raise InvalidInput(f"account {self.id!r} cannot be its own parent (a cycle)")
        if self.parent is not None and self.role is AccountRole.ADMIN:
            raise InvalidInput(
                f"account {self.id!r} is an admin: admins are the top of the hierarchy and "
                f"have no parent (got parent {self.parent!r})"
            )


def check_rank(child: Account, parent: Account) -> None:
    if child.role.rank <= parent.role.rank:
        raise InvalidInput(
            f"account {child.id!r} ({child.role}) cannot sit under {parent.id!r} "
            f"({parent.role}): a child's role must be strictly below its parent's "
            "(admin → reseller → user → mailbox/ftp)"
        )


def check_tree(accounts: Iterable[Account]) -> dict[str, Account]:
    """Validate a whole set of accounts; return them by id.

    :class:`InvalidInput` for a duplicate id, an unknown parent, a cycle, or a child whose
    role is not strictly below its parent's.
    """
    by_id: dict[str, Account] = {}
    for account in accounts:
        if account.id in by_id:
            raise InvalidInput(f"account id {account.id!r} appears twice")
        by_id[account.id] = account
    for account in by_id.values():
        if account.parent is not None and account.parent not in by_id:
            raise InvalidInput(
                f"account {account.id!r} names an unknown parent {account.parent!r}; "
                "add the parent first"
            )
    for account in by_id.values():
        seen = [account.id]
        current = account
        while current.parent is not None:
            if current.parent in seen:
                path = " → ".join([*seen, current.parent])
                raise InvalidInput(f"accounts form a cycle: {path}")
            seen.append(current.parent)
            current = by_id[current.parent]
    for account in by_id.values():
        if account.parent is not None:
            check_rank(account, by_id[account.parent])
    return by_id
