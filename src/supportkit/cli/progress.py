"""A progress line on stderr for long runs, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_line(label: str, *, enabled: bool) -> Iterator[Callable[[int], None]]:
    """Yield a callback taking the count done so far; redraws ``label: N`` in place."""
    drawn = False

    def tick(done: int) -> None:
        nonlocal drawn
        if enabled:
            sys.stderr.write(f"\r{label}: {done} ticket(s) handled")
            sys.stderr.flush()
            drawn = True

    try:
        yield tick
    finally:
        if drawn:
            sys.stderr.write("\n")
