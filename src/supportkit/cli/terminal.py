"""Whether to draw for a person: rich (the optional ``supportkit[cli]`` extra) on a terminal.

Everything here is decided per stream: a pipe or a file always gets plain text, so scripts
read the same stable output whether rich is installed or not. rich is imported only here,
lazily, and only when the stream is a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal (False for pipes, files, closed)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def rich_console(stream: TextIO) -> Console | None:
    """A rich console drawing on ``stream``, or None (not a terminal, or rich not installed)."""
    if not is_terminal(stream):
        return None
    try:
        from rich.console import Console
    except ImportError:
        return None
    return Console(file=stream, highlight=False)
