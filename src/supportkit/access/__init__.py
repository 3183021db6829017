"""Access: the account hierarchy, scopes, routing and the ISPmanager workflow.

See ``docs/access.md``.
"""

from supportkit.access.accounts import Account, AccountRepository, AccountRole, check_tree
from supportkit.access.scopes import ALL_SCOPES, Scope, Viewer, ViewerKind

__all__ = [
    "ALL_SCOPES",
    "Account",
    "AccountRepository",
    "AccountRole",
    "Scope",
    "Viewer",
    "ViewerKind",
    "check_tree",
]
