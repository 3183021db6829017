"""Rendering for the command line: tables for people, the cattrs form for scripts.

Tables are plain text unless stdout is a terminal and rich is installed (``supportkit[cli]``);
pipes and files always get the plain form, so scripts see stable text.

Instants are shown to people on one clock: the desk's (its calendar's time zone), or the
zone given with ``--tz``; to the second at most, never with microseconds (:func:`when`).
Sizes are shown as people read them (:func:`human_bytes`: ``1.5 MiB``).

Stored text is customer text: everything printed for people goes through
:func:`~supportkit.text.escape_controls`, so a control character, an escape sequence or a
bidi override is shown as ``\\x1b`` or ``\\u202e``, never sent to the terminal. JSON output
stays exact JSON (controls are ``\\uXXXX`` escapes). Text that is not valid Unicode (lone
surrogates, kept by earlier versions) is shown escaped, written to JSON as U+FFFD, and noted
in :data:`ALTERED` so the command can say so on stderr and exit with status 3.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Any, TextIO

from supportkit.cli.terminal import rich_console
from supportkit.entitlements.intake import IntakeReport
from supportkit.serialization import unstructure
from supportkit.text import escape_controls, escape_json_text, is_valid_text, replace_invalid
from supportkit.tickets.head import TicketSummary
from supportkit.tickets.model import Ticket


class Altered:
    """What a command printed differently from how it is stored (text that is not valid
    Unicode): ``items`` names each ticket or value, for one warning line at the end."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.replaced = 0

    def reset(self) -> None:
        self.items.clear()
        self.replaced = 0

    def note(self, what: str, count: int = 1) -> None:
        if what not in self.items:
            self.items.append(what)
        self.replaced += count


#: Filled while a command runs; :func:`supportkit.cli.main.main` reports and resets it.
ALTERED = Altered()


def say(text: str, out: TextIO | None = None) -> None:
    """Print ``text`` for a person: line feeds kept, tabs as spaces, every other control
    character escaped."""
    print(escape_controls(text, multiline=True), file=out if out is not None else sys.stdout)


def one_line(value: object) -> str:
    """``value`` as text for one line: every control (line feeds too) escaped."""
    return escape_controls(str(value))


def json_text(value: Any, *, what: str, indent: int | None = 2) -> str:
    """The JSON text of ``value`` (any supportkit object or plain data): lone surrogates
    replaced by U+FFFD (noted as ``what`` in :data:`ALTERED`), controls escaped."""
    data = unstructure(value)
    if indent is None:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False)
    if not is_valid_text(text):
        text, count = replace_invalid(text)
        ALTERED.note(what, count)
    return escape_json_text(text)


def emit_json(value: Any, out: TextIO | None = None) -> None:
    """Print ``value`` (any supportkit object) as JSON via the converter."""
    stream = out if out is not None else sys.stdout
    if isinstance(value, list) and value and all(
            isinstance(v, Ticket | TicketSummary) for v in value):
        # Ticket by ticket, so a warning names the tickets whose text was replaced.
        parts = [json_text(t, what=f"ticket {one_line(t.id)}") for t in value]
        for row in value:  # U+FFFD the store wrote in a list column for text it could not keep
            if isinstance(row, TicketSummary):
                _note_invalid(row, row.requester, row.company or "", row.subject,
                              row.category or "")
        text = "[\n" + ",\n".join(_indent(part) for part in parts) + "\n]"
    else:
        where = f"ticket {one_line(value.id)}" if isinstance(value, Ticket) else "the output"
        text = json_text(value, what=where)
    stream.write(text)
    stream.write("\n")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def when(value: datetime, zone: tzinfo | None = None, *, minutes: bool = False) -> str:
    """``value`` for a person: on ``zone``'s clock (default: its own offset), ISO 8601 to
    the second (``minutes``: to the minute), never with microseconds."""
    local = value.astimezone(zone) if zone is not None else value
    if minutes and not local.second:
        return local.isoformat(timespec="minutes")
    return local.isoformat(timespec="seconds")


def human_bytes(size: int) -> str:
    """A size as people read it: ``512 bytes``, ``1 byte``, ``2.0 KiB``, ``1.5 MiB``."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.1f} {unit}"


def plural(count: int, noun: str) -> str:
    """``1 ticket``, ``2 tickets``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _cell(value: object, zone: tzinfo | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return when(value, zone, minutes=True)
    return escape_controls(str(value))


def _note_invalid(ticket: Ticket | TicketSummary, *texts: str) -> None:
    # A summary's columns hold U+FFFD where the store could not keep text an earlier
    # release let in (a lone surrogate): that row was altered for display too.
    replaced = isinstance(ticket, TicketSummary) and any("\ufffd" in t for t in texts)
    if replaced or not all(is_valid_text(text) for text in texts):
        ALTERED.note(f"ticket {one_line(ticket.id)}")


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


def ticket_rows(tickets: Iterable[TicketSummary], zone: tzinfo | None = None
                ) -> list[tuple[object, ...]]:
    """Rows of :data:`TICKET_COLUMNS`, instants on ``zone``'s clock."""
    rows: list[tuple[object, ...]] = []
    for t in tickets:
        row = (t.id, t.status.value, t.severity, t.requester, t.company, t.subject[:48],
               _cell(t.updated_at, zone))
        _note_invalid(t, t.id, t.requester, t.company or "", t.subject[:48])
        rows.append(row)
    return rows


def held_line(ticket: Ticket, report: IntakeReport | None) -> str | None:
    """Why ``ticket`` is held (awaiting information), with what to do; None when not held."""
    if not ticket.awaiting_information:
        return None
    if report is None or report.complete:  # (the checklist changed since: a reply frees it)
        return "awaiting information (a reply from the customer releases it)"
    keys = " ".join(f"--field {key}=..." for key in report.missing)
    return (f"awaiting information: {'; '.join(report.labels)} (missing: "
            f"{', '.join(report.missing)}); give it with: supportkit supply {ticket.id} "
            f"--as ACTOR {keys}")


def ticket_detail(ticket: Ticket, zone: tzinfo | None = None,
                  intake: IntakeReport | None = None) -> str:
    """A readable page for one ticket: fields, deadlines, then the conversation; instants on
    ``zone``'s clock; a held ticket says what it waits for (``intake``: what it misses)."""
    held = held_line(ticket, intake)
    fields = [
        ("ticket", ticket.id), ("subject", ticket.subject), ("status", ticket.status.value),
        *((("held", held),) if held is not None else ()),
        ("severity", ticket.severity), ("requester", ticket.requester.id),
        ("company", ticket.company), ("category", ticket.category),
        ("created", ticket.created_at), ("first response", ticket.first_response_at),
        ("first response due", ticket.first_response_due), ("eta", ticket.eta),
        ("escalation eligible", ticket.escalation_eligible_at),
        ("solved", ticket.solved_at), ("closed", ticket.closed_at),
        ("archived", ticket.archived_at), ("version", ticket.version),
        *((f"field {escape_controls(key)}", value) for key, value in ticket.fields.items()),
    ]
    width = max(len(name) for name, _ in fields)
    lines = [f"{name.rjust(width)}: {_cell(value, zone)}" for name, value in fields]
    raw: list[str] = [*ticket.fields, *(str(value) for _, value in fields)]
    for message in ticket.messages:
        kind = "note" if message.internal else message.side.value
        lines.append("")
        lines.append(f"--- {_cell(message.at, zone)} {_cell(message.author)} ({kind}, "
                     f"{_cell(message.channel)})")
        lines.append(escape_controls(message.body, multiline=True))
        raw += [message.author, message.channel, message.body]
        for ref in message.attachments:
            state = " [purged]" if ref.purged else ""
            lines.append(f"    attachment: {_cell(ref.filename)} ({ref.size} bytes){state}")
            raw.append(ref.filename)
    _note_invalid(ticket, *raw)
    return "\n".join(lines)
