"""``supportkit import`` and ``export``: ticket snapshots in the cattrs form, in bulk.

An export is JSON lines, one snapshot per line, written page by page (it never holds the
whole desk in memory). An import reads JSON lines, a JSON array, or back-to-back JSON
objects (what ``show --json`` and ``list --json`` print), so ``export`` → ``import``
round-trips. JSON lines stream in: they are parsed and written a chunk at a time, so the
memory an import needs does not grow with the file; a value spread over several lines (an
indented array or object) makes the rest of the input be read whole. An import is all or
nothing: every record is checked and written inside one unit of work, and the first bad
record — named by its line — rolls everything back. With an ``on_bad`` callback (the
command's ``--skip-bad``) a bad record is reported to it instead, with its line and the
reason, and the others are imported. With ``on_replaced`` (``--replace-invalid``) a line
that is not UTF-8 or a string that is not valid Unicode is read with U+FFFD in place of the
bad bytes or characters, and reported to it.

A bad record is: a line that is not UTF-8, text that is not JSON (or JSON nested too deeply,
or a number too long to read), a value that is not a ticket snapshot, a snapshot holding text
that is not valid Unicode (a ``\\udcXX`` escape), or a ticket id that repeats or exists.
An export writes text that is not valid Unicode (kept by earlier versions) with U+FFFD in
its place, noted for the command's warning, so its output always imports.

Imported snapshots get ``version`` 1 (the version counts saves in one database) and their
deadlines re-derived under the receiving desk's policy. Snapshots carry attachment
references, not their bytes: content missing from this desk's file store is counted.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TextIO

import attrs

from supportkit._gc import paused_gc
from supportkit.app.blobs import index_blobs_many
from supportkit.app.repositories import add_tickets
from supportkit.cli.output import json_text
from supportkit.deadlines import derive
from supportkit.errors import Conflict, InvalidInput, NotFound, SupportkitError
from supportkit.policy import Policy
from supportkit.ports import Store, TicketQuery, UnitOfWork
from supportkit.serialization import structure
from supportkit.text import invalid_text_path, is_valid_text, replace_invalid
from supportkit.tickets.model import AttachmentRef, Ticket

__all__ = [
    "BadRecord",
    "ImportReport",
    "count_records",
    "export_tickets",
    "import_tickets",
    "read_records",
    "utf8_lines",
]

#: Tickets written per ``add_many`` call (and per progress update): enough for PostgreSQL's
#: ``add_many`` to copy one slice of 1,000 while it serialises the next (at 500 it had one
#: slice per call, and serialising and copying took turns).
CHUNK = 5000
#: Tickets read per page by an export.
PAGE = 500

_DECODER = json.JSONDecoder()
_REFUSED = "nothing was imported (--skip-bad imports the other records)"
_REFUSED_TEXT = ("nothing was imported (--replace-invalid reads it with U+FFFD in place of the "
                 "bad bytes; --skip-bad imports the other records)")

#: Called with ``(where, reason)`` for each bad record that is skipped.
BadRecord = Callable[[str, str], None]

#: A JSON escape of a surrogate (``\udce9``, or half of a pair such as ``\ud83d\ude00``):
#: the only way JSON text that is valid Unicode gives a string that is not.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


class _Valid(str):
    """The ``where`` of a record :func:`read_records` parsed from one line that is valid
    Unicode and holds no surrogate escape, so no string of the record (key or value) can
    hold a lone surrogate: :func:`_snapshots` skips its walk of the record for one."""

    __slots__ = ()


def _where(source: str, number: int, line: str) -> str:
    """``where`` for a record of ``line``: a :class:`_Valid` one when the line, checked at
    C speed, cannot give a lone surrogate."""
    where = f"{source} line {number}"
    # (memchr finds no backslash at once; a "\\u" search would cost 2 us on a 2 kB line)
    if is_valid_text(line) and ("\\" not in line or _SURROGATE_ESCAPE.search(line) is None):
        return _Valid(where)
    return where


@attrs.frozen
class ImportReport:
    """What an import wrote."""

    imported: int
    #: attachment references whose content is not in this desk's file store
    missing_content: int
    #: bad records skipped (reported to ``on_bad``); 0 in an all-or-nothing import
    skipped: int = 0


class _Unreadable(Exception):
    """JSON that is well formed but cannot be read (too deep, a number too long)."""


def _decode(text: str, pos: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise _Unreadable("JSON nested too deeply to read") from None
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        raise _Unreadable("a number with more than 4300 digits") from None


def read_records(
    text: str | Iterable[str], source: str, on_bad: BadRecord | None = None
) -> Iterator[tuple[str, Any]]:
    """``(where, data)`` for each record of ``text`` (a whole text, or its lines with their
    line ends, e.g. :func:`utf8_lines` of a file); ``where`` names the line (and the array
    element) for messages. Malformed JSON raises :class:`InvalidInput`.

    JSON lines stream: one line is read, parsed and handed on at a time. A value that goes
    on past its line (an indented JSON array, ``show --json`` objects) makes the rest of the
    input be read whole and parsed from there.

    With ``on_bad``, a line that cannot be read is reported to it and skipped (in a value
    read whole, the rest of the input is); without, it raises :class:`InvalidInput`.
    """
    lines = iter(io.StringIO(text) if isinstance(text, str) else text)
    for number, line in enumerate(lines, 1):
        pos = _skip_blank(line, 0)
        while pos < len(line):
            try:
                value, end = _decode(line, pos)
            except _Unreadable as exc:
                _bad(on_bad, f"{source} line {number}", str(exc))
                break
            except json.JSONDecodeError as exc:
                if _skip_blank(line, exc.pos) < len(line):
                    _bad(on_bad, f"{source} line {number}", f"not JSON ({exc.msg})")
                    break
                # Only blanks after the error: the value goes on past this line.
                yield from _read_whole(line[pos:] + "".join(lines), source, number, on_bad)
                return
            yield from _values(value, _where(source, number, line))
            pos = _skip_blank(line, end)


def _bad(on_bad: BadRecord | None, where: str, reason: str) -> None:
    """Report a bad record to ``on_bad``, or (without one) refuse the whole import."""
    if on_bad is None:
        raise InvalidInput(f"{where}: {reason}; {_REFUSED}")
    on_bad(where, reason)


def _values(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, list):
        kind = _Valid if isinstance(where, _Valid) else str
        for index, item in enumerate(value, 1):
            yield kind(f"{where} (array element {index})"), item
    else:
        yield where, value


def _read_whole(
    text: str, source: str, first_line: int, on_bad: BadRecord | None
) -> Iterator[tuple[str, Any]]:
    """The records of ``text``, whose first line is line ``first_line`` of the input."""
    pos, line = 0, first_line
    while True:
        start = _skip_blank(text, pos)
        line += text.count("\n", pos, start)
        if start == len(text):
            return
        try:
            value, pos = _decode(text, start)
        except _Unreadable as exc:
            _bad(on_bad, f"{source} line {line}", f"{exc}; the input after it was not read")
            return
        except json.JSONDecodeError as exc:
            _bad(on_bad, f"{source} line {exc.lineno + first_line - 1}",
                 f"not JSON ({exc.msg}); the input after it was not read")
            return
        yield from _values(value, f"{source} line {line}")
        line += text.count("\n", start, pos)


def utf8_lines(
    stream: BinaryIO, source: str, on_bad: BadRecord | None = None,
    on_replaced: BadRecord | None = None,
) -> Iterator[str]:
    """The lines of a binary stream as text, one at a time; a line that is not UTF-8 is
    :class:`InvalidInput` naming it (with ``on_bad``: reported, and read as a blank line).
    With ``on_replaced`` such a line is read with U+FFFD in place of each bad byte, and
    reported to it. A UTF-8 byte-order mark at the start is dropped."""
    for number, raw in enumerate(stream, 1):
        try:
            # A byte-order mark (Windows editors write one) is not part of the first record.
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            reason = (f"not UTF-8 text ({exc.reason} at byte {exc.start} of the line, "
                      f"0x{raw[exc.start]:02x})")
            if on_replaced is not None:
                on_replaced(f"{source} line {number}",
                            f"{reason}; read with U+FFFD in place of each byte that is not")
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8", "replace")
                continue
            if on_bad is None:
                raise InvalidInput(f"{source} line {number} is {reason}; {_REFUSED_TEXT}") \
                    from None
            on_bad(f"{source} line {number}", reason)
            yield "\n"


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


def _invalid_text(data: Any) -> str | None:
    """The path (``messages[0].body``) of the first string in ``data`` that is not valid
    Unicode, or None."""
    # One C-speed pass over the whole record first (a lone surrogate stays one in the JSON
    # text); the walk below, which names the path, runs only for a record that has one.
    if is_valid_text(json.dumps(data, ensure_ascii=False)):
        return None
    return invalid_text_path(data, "the record")


def _replaced(data: Any) -> Any:
    """``data`` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(data, str):
        return replace_invalid(data)[0]
    if isinstance(data, dict):
        return {replace_invalid(str(k))[0]: _replaced(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_replaced(item) for item in data]
    return data


def _snapshots(
    records: Iterable[tuple[str, Any]], policy: Policy, on_bad: BadRecord | None = None,
    on_replaced: BadRecord | None = None,
) -> Iterator[tuple[str, Ticket]]:
    for where, data in records:
        if not isinstance(data, dict):
            _bad(on_bad, where, f"expected a ticket object, got {type(data).__name__}")
            continue
        try:
            invalid = None if type(where) is _Valid else _invalid_text(data)
            if invalid is not None and on_replaced is not None:
                data = _replaced(data)
                on_replaced(where, f"{invalid} held text that is not valid Unicode; "
                            "imported with U+FFFD in its place")
        except RecursionError:
            _bad(on_bad, where, "a value nested too deeply to read")
            continue
        if invalid is not None and on_replaced is None:
            reason = (f"{invalid} holds text that is not valid Unicode (a lone surrogate such "
                      "as \\udce9)")
            if on_bad is None:
                raise InvalidInput(f"{where}: {reason}; {_REFUSED_TEXT}")
            on_bad(where, reason)
            continue
        try:
            ticket = structure(data, Ticket)
            policy.priorities.validate(ticket.severity)
            ticket = derive(ticket, policy, version=1)
        except SupportkitError as exc:
            if on_bad is None:
                raise InvalidInput(f"{where}: {exc}; {_REFUSED}") from exc
            on_bad(where, str(exc))
            continue
        except RecursionError:
            _bad(on_bad, where, "a value nested too deeply to read")
            continue
        yield where, ticket


def import_tickets(
    store: Store,
    policy: Policy,
    records: Iterable[tuple[str, Any]],
    tick: Callable[[int], None] | None = None,
    on_bad: BadRecord | None = None,
    on_replaced: BadRecord | None = None,
) -> ImportReport:
    """Add every snapshot of ``records`` (from :func:`read_records`) as a new ticket, or (on
    any refusal) none; with ``on_bad``, every good one, reporting each bad one to it (bad
    records that :func:`read_records` and :func:`utf8_lines` skip are reported by them)."""
    seen: dict[str, str] = {}
    chunk: list[Ticket] = []
    done = missing = skipped = 0

    def refuse(where: str, reason: str) -> None:
        nonlocal skipped
        if on_bad is None:
            raise Conflict(f"{where}: {reason}; {_REFUSED}")
        skipped += 1
        on_bad(where, reason)

    def invalid(where: str, reason: str) -> None:
        nonlocal skipped
        skipped += 1
        if on_bad is not None:
            on_bad(where, reason)

    stored: dict[str, bool] = {}  # blob digest -> content in this desk's file store
    indexed: list[tuple[str, list[AttachmentRef]]] = []  # the chunk's blob references

    def has_content(sha256: str) -> bool:
        found = stored.get(sha256)
        if found is None:
            found = stored[sha256] = store.blobs.exists(sha256)
        return found

    with store.unit_of_work() as uow, paused_gc():
        # Into an empty desk (a migration), no ticket can exist but those this import adds,
        # which ``seen`` holds: the per-ticket lookup is skipped. The write unit of work
        # holds that until it ends (SQLite's write lock; on PostgreSQL a ticket another
        # writer adds meanwhile is a Conflict of add_many, and nothing is imported).
        empty = not uow.tickets.query(TicketQuery(limit=1))
        for where, ticket in _snapshots(records, policy, invalid if on_bad else None,
                                        on_replaced):
            if ticket.id in seen:
                refuse(where, f"ticket {ticket.id} appears twice (first at {seen[ticket.id]})")
                continue
            if not empty and _exists(uow, ticket.id):
                refuse(where, f"ticket {ticket.id} already exists in this database")
                continue
            seen[ticket.id] = where
            refs = [ref for message in ticket.messages for ref in message.attachments]
            missing += sum(1 for ref in refs if not has_content(ref.sha256))
            if refs:
                indexed.append((ticket.id, refs))
            chunk.append(ticket)
            if len(chunk) == CHUNK:
                index_blobs_many(uow, indexed)
                done += _add(uow, chunk)
                if tick is not None:
                    tick(done)
                chunk, indexed = [], []
        index_blobs_many(uow, indexed)
        done += _add(uow, chunk)
        if tick is not None:
            tick(done)
    return ImportReport(imported=done, missing_content=missing, skipped=skipped)


def _exists(uow: UnitOfWork, ticket_id: str) -> bool:
    try:
        uow.tickets.head(ticket_id)
    except NotFound:
        return False
    return True


def _add(uow: UnitOfWork, tickets: Sequence[Ticket]) -> int:
    add_tickets(uow.tickets, tickets)
    return len(tickets)


def export_tickets(
    store: Store, out: TextIO, query: TicketQuery, tick: Callable[[int], None] | None = None
) -> int:
    """Write every ticket matching ``query`` as JSON lines, page by page; return the count.

    Text that is not valid Unicode is written as U+FFFD and noted in
    :data:`~supportkit.cli.output.ALTERED`; the export goes on."""
    after: str | None = None
    done = 0
    while True:
        with store.unit_of_work(readonly=True) as uow:
            page = uow.tickets.query(attrs.evolve(query, limit=PAGE, after_id=after))
            tickets = [uow.tickets.get(row.id) for row in page]  # one page's histories
        for ticket in tickets:
            out.write(json_text(ticket, what=f"ticket {ticket.id}", indent=None))
            out.write("\n")
        done += len(page)
        if tick is not None:
            tick(done)
        if len(page) < PAGE:
            return done
        after = page[-1].id
