"""Keyed locks owned by units of work: the in-memory store's row locks.

A key (``("ticket", id)`` or ``("record", kind, id)``) is held by at most one owner (a unit
of work) until that owner releases everything it holds. :meth:`KeyLocks.hold` waits for the
holder, like PostgreSQL's ``SELECT … FOR UPDATE``; :meth:`KeyLocks.try_hold` skips a held
key, like ``SKIP LOCKED`` (work-queue claims). Two owners waiting for each other is a
deadlock: the one that would close the cycle gets :class:`~supportkit.errors.Conflict`
instead of waiting, as PostgreSQL's deadlock detector answers.
"""

from __future__ import annotations

import threading
import time

from supportkit.errors import Conflict, StorageError

__all__ = ["Key", "KeyLocks"]

Key = tuple[str, ...]


class KeyLocks:
    """Exclusive holds on keys, each owned by one unit of work until it ends."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._cond = threading.Condition()
        self._holders: dict[Key, object] = {}
        self._waiting: dict[object, Key] = {}  # owner -> the key it waits for

    def try_hold(self, key: Key, owner: object) -> bool:
        """Hold ``key`` for ``owner`` unless another owner holds it; never waits."""
        with self._cond:
            holder = self._holders.setdefault(key, owner)
            return holder is owner

    def hold(self, key: Key, owner: object, what: str) -> None:
        """Hold ``key`` for ``owner``, waiting (up to ``timeout`` seconds) for its holder to
        end. ``what`` names the object in errors (``"ticket 7"``)."""
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while True:
                holder = self._holders.setdefault(key, owner)
                if holder is owner:
                    return
                if self._closes_cycle(holder, owner):
                    raise Conflict(
                        f"waiting for {what} would deadlock with the unit of work holding it "
                        "(each waits for the other); this one was refused, retry it"
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StorageError(
                        f"{what} stayed held by another unit of work for more than "
                        f"{self.timeout:g} s; retry later or raise the store's timeout"
                    )
                self._waiting[owner] = key
                try:
                    self._cond.wait(remaining)
                finally:
                    del self._waiting[owner]

    def _closes_cycle(self, holder: object, owner: object) -> bool:
        """True when ``holder`` waits, directly or through others, for ``owner``."""
        seen: set[int] = set()
        current: object | None = holder
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            key = self._waiting.get(current)
            if key is None:
                return False
            current = self._holders.get(key)
            if current is owner:
                return True
        return False

    def release(self, owner: object) -> None:
        """Release every key ``owner`` holds and wake the waiters."""
        with self._cond:
            for key in [k for k, v in self._holders.items() if v is owner]:
                del self._holders[key]
            self._cond.notify_all()
