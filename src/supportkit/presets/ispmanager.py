"""ISPmanager (seed 004, "Support center").

Accounts form the hierarchy admin -> reseller -> user -> FTP/mailbox; a ticket goes to the
level above, and each level handles its children's tickets; visibility follows the
hierarchy, not the company (scopes ``own`` and ``handled``). A reply from above marks the
ticket solved ("answered"), a reply from below makes it open again, also from closed and
archived. The active list is the open tickets, "not answered yet" (``active_list``);
answered, closed and archived tickets are the guide's "Closed tickets". Priorities high /
normal / low; categories can be assigned to staff (``category_staff``); notifications
carry the recipient's e-mail address when the account has one.

The policy is built from ``ispmanager.toml`` next to this module (copy it to edit;
:func:`supportkit.load_policy` reads the copy).
"""

from __future__ import annotations

from supportkit.policy import Policy
from supportkit.presets._builtin import build

__all__ = ["NAME", "policy"]

NAME = "ispmanager"


def policy(*, require_entitlement: bool | None = None) -> Policy:
    """The ISPmanager preset (its guide has no entitlement rule: registered accounts
    submit); ``require_entitlement=True`` makes ``open_ticket``
    refuse requesters without a granted entitlement (:class:`~supportkit.NotEntitled`)."""
    return build(NAME, require_entitlement=require_entitlement)
