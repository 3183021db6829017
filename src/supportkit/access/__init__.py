"""Access: the account hierarchy, scopes, routing and the ISPmanager workflow.

See ``docs/access.md``.
"""

from supportkit.access.accounts import Account, AccountRole, check_tree
from supportkit.access.scopes import ALL_SCOPES, Scope, Viewer, ViewerKind
from supportkit.access.workflows import ispmanager_workflow

__all__ = [
    "ALL_SCOPES",
    "Account",
    "AccountRole",
    "Scope",
    "Viewer",
    "ViewerKind",
    "check_tree",
    "ispmanager_workflow",
]
