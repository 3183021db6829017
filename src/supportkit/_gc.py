"""The cyclic garbage collector paused while a bulk write builds its rows.

A bulk insert or import allocates tens of thousands of long-lived containers (heads, rows,
parsed records) in a loop. Each 700 allocations start a collection, and as the survivors
pile up, full collections walk every object of the process (the caller's data included),
which took 10-20 % of ``add_many``. Reference counting still frees everything the batch
drops; cycles (rare here) are left for the next collection after the block.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with automatic collection off; back on after it, if it was on."""
    if not gc.isenabled():  # already paused (nested, or by the application)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
