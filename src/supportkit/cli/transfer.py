"""``supportkit import`` and ``export``: ticket snapshots in the cattrs form, in bulk.

An export is JSON lines, one snapshot per line, written page by page (it never holds the
whole desk in memory). An import reads JSON lines, a JSON array, or back-to-back JSON
objects (what ``show --json`` and ``list --json`` print), so ``export`` → ``import``
round-trips. An import is all or nothing: every record is checked and written inside one
unit of work, and the first bad record — named by its line — rolls everything back.

Imported snapshots get ``version`` 1 (the version counts saves in one database) and their
deadlines re-derived under the receiving desk's policy. Snapshots carry attachment
references, not their bytes: content missing from this desk's file store is counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

import attrs

from supportkit.deadlines import derive
from supportkit.errors import Conflict, InvalidInput, NotFound, SupportkitError
from supportkit.policy import Policy
from supportkit.ports import BulkTicketRepository, Store, TicketQuery, UnitOfWork
from supportkit.privacy.purge import index_blobs
from supportkit.serialization import structure, unstructure
from supportkit.tickets.model import Ticket

__all__ = ["ImportReport", "export_tickets", "import_tickets", "read_records"]

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


def read_records(text: str, source: str) -> Iterator[tuple[str, Any]]:
    """``(where, data)`` for each record of ``text``; ``where`` names the line (and the
    array element) for messages. Malformed JSON raises :class:`InvalidInput`."""
    pos, line = 0, 1
    while True:
        start = _skip_blank(text, pos)
        line += text.count("\n", pos, start)
        if start == len(text):
            return
        try:
            value, pos = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"{source} line {exc.lineno}: not JSON ({exc.msg}); nothing was imported"
            ) from None
        if isinstance(value, list):
            for index, item in enumerate(value, 1):
                yield f"{source} line {line} (array element {index})", item
        else:
            yield f"{source} line {line}", value
        line += text.count("\n", start, pos)


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
