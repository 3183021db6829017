"""``supportkit import`` and ``export``: ticket snapshots in the cattrs form, in bulk.

An export is JSON lines, one snapshot per line, written page by page (it never holds the
whole desk in memory). An import reads JSON lines, a JSON array, or back-to-back JSON
objects (what ``show --json`` and ``list --json`` print), so ``export`` → ``import``
round-trips. JSON lines stream in: they are parsed and written a chunk at a time, so the
memory an import needs does not grow with the file; a value spread over several lines (an
indented array or object) makes the rest of the input be read whole. An import is all or
nothing: every record is checked and written inside one unit of work, and the first bad
record — named by its line — rolls everything back.

Imported snapshots get ``version`` 1 (the version counts saves in one database) and their
deadlines re-derived under the receiving desk's policy. Snapshots carry attachment
references, not their bytes: content missing from this desk's file store is counted.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TextIO

import attrs

from supportkit.app.blobs import index_blobs
from supportkit.deadlines import derive
from supportkit.errors import Conflict, InvalidInput, NotFound, SupportkitError
from supportkit.policy import Policy
from supportkit.ports import BulkTicketRepository, Store, TicketQuery, UnitOfWork
from supportkit.serialization import structure, unstructure
from supportkit.tickets.model import Ticket

__all__ = [
    "ImportReport",
    "count_records",
    "export_tickets",
    "import_tickets",
    "read_records",
    "utf8_lines",
]

#: Tickets written per ``add_many`` call (and per progress update).
CHUNK = 500
#: Tickets read per page by an export.
PAGE = 500

_DECODER = json.JSONDecoder()


@attrs.frozen
class ImportReport:
    """What an import wrote."""

    imported: int
    #: attachment references whose content is not in this desk's file store
    missing_content: int


def read_records(text: str | Iterable[str], source: str) -> Iterator[tuple[str, Any]]:
    """``(where, data)`` for each record of ``text`` (a whole text, or its lines with their
    line ends, e.g. :func:`utf8_lines` of a file); ``where`` names the line (and the array
    element) for messages. Malformed JSON raises :class:`InvalidInput`.

    JSON lines stream: one line is read, parsed and handed on at a time. A value that goes
    on past its line (an indented JSON array, ``show --json`` objects) makes the rest of the
    input be read whole and parsed from there.
    """
    lines = iter(io.StringIO(text) if isinstance(text, str) else text)
    for number, line in enumerate(lines, 1):
        pos = _skip_blank(line, 0)
        while pos < len(line):
            try:
                value, end = _DECODER.raw_decode(line, pos)
            except json.JSONDecodeError as exc:
                if _skip_blank(line, exc.pos) < len(line):
                    raise InvalidInput(
                        f"{source} line {number}: not JSON ({exc.msg}); nothing was imported"
                    ) from None
                # Only blanks after the error: the value goes on past this line.
                yield from _read_whole(line[pos:] + "".join(lines), source, number)
                return
            yield from _values(value, f"{source} line {number}")
            pos = _skip_blank(line, end)


def _values(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            yield f"{where} (array element {index})", item
    else:
        yield where, value


def _read_whole(text: str, source: str, first_line: int) -> Iterator[tuple[str, Any]]:
    """The records of ``text``, whose first line is line ``first_line`` of the input."""
    pos, line = 0, first_line
    while True:
        start = _skip_blank(text, pos)
        line += text.count("\n", pos, start)
        if start == len(text):
            return
        try:
            value, pos = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"{source} line {exc.lineno + first_line - 1}: not JSON ({exc.msg}); "
                "nothing was imported"
            ) from None
        yield from _values(value, f"{source} line {line}")
        line += text.count("\n", start, pos)


def utf8_lines(stream: BinaryIO, source: str) -> Iterator[str]:
    """The lines of a binary stream as text, one at a time; a line that is not UTF-8 is
    :class:`InvalidInput` naming it."""
    for number, raw in enumerate(stream, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{source} line {number} is not UTF-8 text ({exc.reason} at byte "
                f"{exc.start} of the line); nothing was imported"
            ) from None


def count_records(stream: BinaryIO) -> int | None:
    """How many records a file most likely holds, for a progress bar: its lines that begin
    with ``{`` (one per JSON line, one per indented object); None when a line begins with
    ``[`` (an array: its elements are not counted without parsing)."""
    count = 0
    for raw in stream:
        if raw.startswith(b"["):
            return None
        count += raw.startswith(b"{")
    return count


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _snapshots(
    records: Iterable[tuple[str, Any]], policy: Policy
) -> Iterator[tuple[str, Ticket]]:
    for where, data in records:
        if not isinstance(data, dict):
            raise InvalidInput(
                f"{where}: expected a ticket object, got {type(data).__name__}; "
                "nothing was imported"
            )
        try:
            ticket = structure(data, Ticket)
            policy.priorities.validate(ticket.severity)
            ticket = attrs.evolve(derive(ticket, policy), version=1)
        except SupportkitError as exc:
            raise InvalidInput(f"{where}: {exc}; nothing was imported") from exc
        yield where, ticket


def import_tickets(
    store: Store,
    policy: Policy,
    records: Iterable[tuple[str, Any]],
    tick: Callable[[int], None] | None = None,
) -> ImportReport:
    """Add every snapshot of ``records`` (from :func:`read_records`) as a new ticket, or (on
    any refusal) none."""
    seen: dict[str, str] = {}
    chunk: list[Ticket] = []
    done = missing = 0
    with store.unit_of_work() as uow:
        for where, ticket in _snapshots(records, policy):
            if ticket.id in seen:
                raise Conflict(f"{where}: ticket {ticket.id} appears twice (first at "
                               f"{seen[ticket.id]}); nothing was imported")
            if _exists(uow, ticket.id):
                raise Conflict(f"{where}: ticket {ticket.id} already exists in this database; "
                               "nothing was imported")
            seen[ticket.id] = where
            refs = [ref for message in ticket.messages for ref in message.attachments]
            missing += sum(1 for ref in refs if not store.blobs.exists(ref.sha256))
            index_blobs(uow, ticket.id, refs)
            chunk.append(ticket)
            if len(chunk) == CHUNK:
                done += _add(uow, chunk)
                if tick is not None:
                    tick(done)
                chunk = []
        done += _add(uow, chunk)
        if tick is not None:
            tick(done)
    return ImportReport(imported=done, missing_content=missing)


def _exists(uow: UnitOfWork, ticket_id: str) -> bool:
    try:
        uow.tickets.get(ticket_id)
    except NotFound:
        return False
    return True


def _add(uow: UnitOfWork, tickets: Sequence[Ticket]) -> int:
    if isinstance(uow.tickets, BulkTicketRepository):
        uow.tickets.add_many(tickets)
    else:
        for ticket in tickets:
            uow.tickets.add(ticket)
    return len(tickets)


def export_tickets(
    store: Store, out: TextIO, query: TicketQuery, tick: Callable[[int], None] | None = None
) -> int:
    """Write every ticket matching ``query`` as JSON lines, page by page; return the count."""
    after: str | None = None
    done = 0
    while True:
        with store.unit_of_work() as uow:
            page = uow.tickets.query(attrs.evolve(query, limit=PAGE, after_id=after))
        for ticket in page:
            out.write(json.dumps(unstructure(ticket), sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")))
            out.write("\n")
        done += len(page)
        if tick is not None:
            tick(done)
        if len(page) < PAGE:
            return done
        after = page[-1].id
