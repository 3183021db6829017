"""The unit-of-work rules of :mod:`supportkit.ports`, with the one wording every store uses.

A read-only unit of work refuses writes, and a write unit of work refuses a nested write
unit of work in the same thread (the nesting rule of :mod:`supportkit.ports`). Every bundled
store raises the errors built here, so a caller sees the same message whatever the store; a
third-party adapter can use them too, and :class:`WriterSlots` to track the write units of
work open in each thread.
"""

from __future__ import annotations

import threading

from supportkit.errors import StorageError

__all__ = ["WriterSlots", "nested_write_refused", "readonly_refused"]


def readonly_refused(what: str) -> StorageError:
    """The error for ``what`` (``"save ticket 7"``, ``"put record contract c1"`` …) tried
    through a read-only unit of work."""
    return StorageError(
        f"{what} refused: this unit of work is read-only; "
        "write in store.unit_of_work() (readonly=False)"
    )


def nested_write_refused() -> StorageError:
    """The error for opening a write unit of work inside an open one in the same thread."""
    return StorageError(
        "opening a write unit of work refused: this thread already has one open on this store "
        "(one writer per thread); do the work in the open unit of work, or open "
        "store.unit_of_work(readonly=True) to read committed data"
    )


class WriterSlots:
    """Which threads have a write unit of work open on one store."""

    def __init__(self) -> None:
        self._local = threading.local()

    def enter(self, owner: object) -> None:
        """Mark ``owner`` as this thread's open write unit of work; refuse a second one."""
        if getattr(self._local, "owner", None) is not None:
            raise nested_write_refused()
        self._local.owner = owner

    def leave(self, owner: object) -> None:
        """Clear the mark set by :meth:`enter` for ``owner`` (no-op for any other object)."""
        if getattr(self._local, "owner", None) is owner:
            self._local.owner = None
