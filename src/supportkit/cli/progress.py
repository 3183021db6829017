"""Progress on stderr for long runs (retention, import, export), drawn only when stderr is a
terminal. It never touches stdout: ``supportkit export > file`` on a terminal writes the file.

With rich installed (``supportkit[cli]``) it is a rich progress bar; without it, one line
redrawn in place. When stderr is not a terminal nothing is written at all, so logs and
scripts see only the command's own output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from supportkit.cli.terminal import is_terminal, rich_console

Tick = Callable[[int], None]


def _ignore(done: int) -> None:
    del done


@contextmanager
def progress(label: str, *, total: int | None = None,
             stream: TextIO | None = None) -> Iterator[Tick]:
    """Yield a callback taking the number of tickets handled so far."""
    out = stream if stream is not None else sys.stderr
    if not is_terminal(out):
        yield _ignore
        return
    console = rich_console(out)
    if console is None:
        with _plain_line(label, total, out) as tick:
            yield tick
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    # rich redirects sys.stdout into its console by default: that would send the command's
    # own output (``export > file``) to the terminal's stderr. Never: stdout stays the
    # command's answer, the bar is drawn on stderr only.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, redirect_stdout=False,
                  redirect_stderr=False) as bar:
        task = bar.add_task(label, total=total)

        def tick(done: int) -> None:
            bar.update(task, completed=done)

        yield tick


@contextmanager
def _plain_line(label: str, total: int | None, out: TextIO) -> Iterator[Tick]:
    of = f"/{total}" if total is not None else ""

    def tick(done: int) -> None:
        out.write(f"\r{label}: {done}{of} ticket(s) handled")
        out.flush()

    tick(0)  # shown at once: a long run says it has started
    try:
        yield tick
    finally:
        out.write("\n")
        out.flush()
