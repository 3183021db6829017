"""Rendering for the command line: tables for people, the cattrs form for scripts.

Tables are plain text unless stdout is a terminal and rich is installed (``supportkit[cli]``);
pipes and files always get the plain form, so scripts see stable text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TextIO

from supportkit.cli.terminal import rich_console
from supportkit.serialization import unstructure
from supportkit.tickets.model import Ticket


def emit_json(value: Any, out: TextIO | None = None) -> None:
    """Print ``value`` (any supportkit object) as JSON via the converter."""
    stream = out if out is not None else sys.stdout
    json.dump(unstructure(value), stream, indent=2, sort_keys=True, ensure_ascii=False)
    stream.write("\n")


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A left-aligned text table."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], out: TextIO | None = None
) -> None:
    """Print a table on ``out`` (default stdout): drawn by rich on a terminal, else plain."""
    stream = out if out is not None else sys.stdout
    console = rich_console(stream)
    if console is None:
        print(table(headers, rows), file=stream)
        return
    from rich.table import Table
    from rich.text import Text

    drawn = Table(*headers)
    for row in rows:  # Text, not str: a subject like "[bold]" is shown, not interpreted
        drawn.add_row(*(Text(_cell(value)) for value in row))
    console.print(drawn)


TICKET_COLUMNS = ("id", "status", "severity", "requester", "company", "subject", "updated")


def ticket_rows(tickets: Iterable[Ticket]) -> list[tuple[object, ...]]:
    return [
        (t.id, t.status.value, t.severity, t.requester.id, t.company, t.subject[:48],
         t.updated_at)
        for t in tickets
    ]


def ticket_detail(ticket: Ticket) -> str:
    """A readable page for one ticket: fields, deadlines, then the conversation."""
    fields = [
        ("ticket", ticket.id), ("subject", ticket.subject), ("status", ticket.status.value),
        ("severity", ticket.severity), ("requester", ticket.requester.id),
        ("company", ticket.company), ("category", ticket.category),
        ("created", ticket.created_at), ("first response", ticket.first_response_at),
        ("first response due", ticket.first_response_due), ("eta", ticket.eta),
        ("escalation eligible", ticket.escalation_eligible_at),
        ("solved", ticket.solved_at), ("closed", ticket.closed_at),
        ("archived", ticket.archived_at), ("version", ticket.version),
    ]
    width = max(len(name) for name, _ in fields)
    lines = [f"{name.rjust(width)}: {_cell(value)}" for name, value in fields]
    for message in ticket.messages:
        kind = "note" if message.internal else message.side.value
        lines.append("")
        lines.append(f"--- {_cell(message.at)} {message.author} ({kind}, {message.channel})")
        lines.append(message.body)
        for ref in message.attachments:
            state = " [purged]" if ref.purged else ""
            lines.append(f"    attachment: {ref.filename} ({ref.size} bytes){state}")
    return "\n".join(lines)
