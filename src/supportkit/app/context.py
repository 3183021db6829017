"""What every application function runs with: the store, the policy and the clock.

:class:`DeskContext` is built by :class:`~supportkit.Helpdesk` for each call (its
``store``, ``policy`` and ``clock`` attributes may be replaced between calls). It opens the
two kinds of unit of work the application uses: :meth:`reading` (read-only: never takes a
write lock) and :meth:`writing` (one write transaction per action).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from supportkit._time import require_aware
from supportkit.clock import Clock
from supportkit.policy import Policy
from supportkit.ports import Store, UnitOfWork

__all__ = ["DeskContext"]


@attrs.frozen
class DeskContext:
    """The store, policy and clock of one desk."""

    store: Store
    policy: Policy
    clock: Clock

    def now(self) -> datetime:
        """The clock's instant (an aware datetime, else :class:`InvalidInput`)."""
        return require_aware(self.clock.now(), "clock.now()")

    def reading(self) -> UnitOfWork:
        """A read-only unit of work: a consistent view that takes no write lock."""
        return self.store.unit_of_work(readonly=True)

    def writing(self) -> UnitOfWork:
        """A write unit of work (one per action; never nested inside another)."""
        return self.store.unit_of_work()
