"""What each sub-command of ``supportkit`` does (the parser is in :mod:`.parser`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from supportkit import presets
from supportkit.adapters.sqlite import SqliteStore
from supportkit.calendars import BusinessCalendar
from supportkit.cli.output import (
    TICKET_COLUMNS,
    emit_json,
    print_table,
    ticket_detail,
    ticket_rows,
)
from supportkit.cli.progress import progress
from supportkit.cli.terminal import is_terminal
from supportkit.cli.transfer import (
    count_records,
    export_tickets,
    import_tickets,
    read_records,
    utf8_lines,
)
from supportkit.clock import Clock, FixedClock, SystemClock
from supportkit.durations import format_duration
from supportkit.errors import NotFound, SupportkitError
from supportkit.ports import Store, TicketQuery
from supportkit.service import Helpdesk
from supportkit.tickets.model import Ticket, Upload
from supportkit.tickets.status import TicketStatus

CONFIG_KIND, CONFIG_ID = "config", "desk"


class Refused(SupportkitError):
    """A command-level refusal (exit status 1)."""


def open_store(path: str) -> Store:
    """The SQLite store behind the command."""
    return SqliteStore(path)


def _preset_name(store: Store, path: str) -> str:
    with store.unit_of_work() as uow:
        try:
            config = uow.records.get(CONFIG_KIND, CONFIG_ID)
        except NotFound:
            raise Refused(
                f"{path} is not initialised; run: supportkit --db {path} init --preset NAME "
                f"(presets: {', '.join(presets.names())})"
            ) from None
    return str(config["preset"])


def _existing_store(path: str) -> Store:
    if path != ":memory:" and not Path(path).exists():
        raise Refused(
            f"no database at {path}; create one with: supportkit --db {path} init --preset NAME "
            "(see: supportkit presets)"
        )
    return open_store(path)


def _desk(args: argparse.Namespace) -> Helpdesk:
    store = _existing_store(args.db)
    clock: Clock = FixedClock(args.now) if args.now is not None else SystemClock()
    # The command line has no way to load contracts yet, so its desks opt out of the
    # presets' entitlement rule (``entitlement`` still answers who would be granted).
    policy = presets.get(_preset_name(store, args.db), require_entitlement=False)
    return Helpdesk(store=store, policy=policy, clock=clock)


def _show(args: argparse.Namespace, ticket: Ticket) -> None:
    if args.json:
        emit_json(ticket)
    else:
        print(ticket_detail(ticket))


def _show_list(args: argparse.Namespace, tickets: Sequence[Ticket]) -> None:
    if args.json:
        emit_json(list(tickets))
    elif tickets:
        print_table(TICKET_COLUMNS, ticket_rows(tickets))
    else:
        print("no tickets")


# -- commands ---------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    presets.get(args.preset)  # refuses unknown names with the list
    store = open_store(args.db)
    with store.unit_of_work() as uow:
        try:
            current = uow.records.get(CONFIG_KIND, CONFIG_ID)
        except NotFound:
            current = None
        if current is not None and current.get("preset") != args.preset and not args.force:
            raise Refused(
                f"{args.db} already uses preset {current.get('preset')!r}; "
                "pass --force to switch presets"
            )
        uow.records.put(CONFIG_KIND, CONFIG_ID, {"preset": args.preset})
    print(f"{args.db}: support desk ready with preset {args.preset!r}")


def cmd_open(args: argparse.Namespace) -> None:
    desk = _desk(args)
    uploads = _uploads(args.attach)
    ticket = desk.open_ticket(
        args.actor, subject=args.subject, body=args.body, severity=args.severity,
        category=args.category, channel=args.channel, fields=dict(args.field),
        attachments=uploads,
    )
    if args.json:
        emit_json(ticket)
    else:
        print(f"opened ticket {ticket.id} ({ticket.status.value}, severity {ticket.severity})")


def _uploads(paths: Sequence[str]) -> list[Upload]:
    uploads = []
    for name in paths:
        try:
            uploads.append(Upload(Path(name).name, Path(name).read_bytes()))
        except OSError as exc:
            raise Refused(f"cannot read the file to attach {name!r}: {exc.strerror}") from None
    return uploads


def cmd_reply(args: argparse.Namespace) -> None:
    desk = _desk(args)
    uploads = _uploads(args.attach)
    ticket = desk.reply(args.id, args.actor, args.body, channel=args.channel,
                        attachments=uploads)
    _done(args, ticket, "replied to")


def cmd_note(args: argparse.Namespace) -> None:
    _done(args, _desk(args).note(args.id, args.actor, args.body), "noted on")


def _transition(name: str) -> Callable[[argparse.Namespace], None]:
    def run(args: argparse.Namespace) -> None:
        ticket = getattr(_desk(args), name)(args.id, args.actor)
        _done(args, ticket, f"{name}d" if name.endswith("e") else f"{name}ed")

    return run


def _done(args: argparse.Namespace, ticket: Ticket, verb: str) -> None:
    if args.json:
        emit_json(ticket)
    else:
        print(f"{verb} ticket {ticket.id}: now {ticket.status.value}")


def cmd_severity(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_severity(args.id, args.actor, args.level, reason=args.reason)
    _done(args, ticket, f"set severity {ticket.severity} on")


def cmd_category(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_category(args.id, args.actor, args.category, reason=args.reason)
    if args.json:
        emit_json(ticket)
    else:
        print(f"moved ticket {ticket.id} to category {ticket.category!r}; "
              f"assigned to {ticket.assignee or 'nobody'}")


def cmd_subject(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_subject(args.id, args.actor, args.subject, reason=args.reason)
    if args.json:
        emit_json(ticket)
    else:
        print(f"retitled ticket {ticket.id}: {ticket.subject!r}")


def cmd_eta(args: argparse.Namespace) -> None:
    _done(args, _desk(args).set_eta(args.id, args.actor, args.eta), "set the ETA of")


def cmd_show(args: argparse.Namespace) -> None:
    _show(args, _desk(args).get(args.id))


def cmd_list(args: argparse.Namespace) -> None:
    desk = _desk(args)
    query = TicketQuery(
        statuses=frozenset({TicketStatus(args.status)}) if args.status else None,
        company=args.company,
        due=args.deadline if args.due_before else None,
        due_before=args.due_before,
        limit=args.limit,
    )
    _show_list(args, desk.tickets(query))


def cmd_due(args: argparse.Namespace) -> None:
    desk = _desk(args)
    now = desk.clock.now()
    query = TicketQuery(
        statuses=frozenset({TicketStatus.OPEN}), due=args.deadline,
        due_before=now + args.within, limit=args.limit,
    )
    _show_list(args, desk.tickets(query))


def cmd_escalate(args: argparse.Namespace) -> None:
    desk = _desk(args)
    ticket = desk.escalate(args.id, args.actor, method=args.method, target=args.target)
    _done(args, ticket, f"escalated ({args.method})")


def cmd_escalation(args: argparse.Namespace) -> None:
    decision = _desk(args).escalation(args.id)
    if args.json:
        emit_json(decision)
        return
    if decision.eligible:
        print(f"ticket {args.id} may be escalated now by: {', '.join(sorted(decision.methods))}")
    elif decision.eligible_at is not None:
        print(f"ticket {args.id} may be escalated from {decision.eligible_at.isoformat()} by: "
              f"{', '.join(sorted(decision.methods))}")
    else:
        print(f"ticket {args.id} cannot be escalated under this preset")


def cmd_paging(args: argparse.Namespace) -> None:
    decision = _desk(args).paging(args.id)
    if args.json:
        emit_json(decision)
        return
    by = decision.respond_by.isoformat() if decision.respond_by is not None else "-"
    if decision.page:
        print(f"page the on-call team: respond by {by}")
    else:
        print(f"no page; respond by {by}")


def cmd_entitlement(args: argparse.Namespace) -> int:
    desk = _desk(args)
    decision = desk.entitlement(
        support_code=args.code, license_key=args.license, customer=args.customer,
        asset=args.asset, product=args.product, channel=args.channel,
    )
    if args.json:
        emit_json(decision)
    else:
        verdict = "granted" if decision.granted else "refused"
        print(f"{verdict}: {decision.reason}")
        for name in ("contract_id", "level", "calendar", "redirect_to"):
            value = getattr(decision, name)
            if value is not None:
                print(f"  {name.replace('_', ' ')}: {value}")
        for hint in decision.alternatives:
            print(f"  instead: {hint}")
    if decision.granted:
        return 0
    # The decision itself is the answer (stdout); the refusal's reason also goes to stderr,
    # like every other rule that says no, so a script sees it without parsing the answer.
    print(f"supportkit: not entitled: {decision.reason}", file=sys.stderr)
    return 1


def cmd_retention_run(args: argparse.Namespace) -> None:
    desk = _desk(args)
    with progress("retention") as tick:
        report = desk.run_retention(dry_run=args.dry_run, progress=tick)
    if args.json:
        emit_json(report)
        return
    verb = "would purge" if report.dry_run else "purged"
    print(f"{verb} {len(report.purged)} ticket(s), {report.bytes_freed} bytes in "
          f"{report.blobs_deleted} file(s) ({report.rule})")
    if report.purged:
        print("tickets: " + ", ".join(report.purged))
    print(f"next scheduled run: {desk.next_retention_run().isoformat()}")


def _calendar(args: argparse.Namespace) -> BusinessCalendar:
    policy = _desk(args).policy
    if args.level is None:
        return policy.calendar
    try:
        return policy.calendars[args.level]
    except KeyError:
        known = ", ".join(sorted(policy.calendars)) or "none"
        raise Refused(f"no calendar for level {args.level!r}; levels: {known}") from None


def _local(calendar: BusinessCalendar, instant: datetime) -> datetime:
    """``instant`` on the calendar's own clock: an opening reads 09:00-04:00 (summer time),
    not the same instant written 08:00-05:00 after the offset of a winter-time START."""
    return instant.astimezone(ZoneInfo(calendar.tz))


def _answer(args: argparse.Namespace, value: datetime | timedelta) -> None:
    if args.json:
        emit_json(value)
    elif isinstance(value, datetime):
        print(value.isoformat())
    else:
        print(format_duration(value))


def cmd_calendar_add(args: argparse.Namespace) -> None:
    calendar = _calendar(args)
    _answer(args, _local(calendar, calendar.add(args.start, args.duration)))


def cmd_calendar_elapsed(args: argparse.Namespace) -> None:
    _answer(args, _calendar(args).elapsed(args.start, args.end))


def cmd_calendar_next_open(args: argparse.Namespace) -> None:
    calendar = _calendar(args)
    _answer(args, _local(calendar, calendar.next_open(args.start)))


def cmd_presets(args: argparse.Namespace) -> None:
    rows = []
    for name in presets.names():
        policy = presets.get(name)
        scheme = policy.priorities
        keys = ", ".join(f"{k}*" if k == scheme.default else str(k) for k in scheme.keys)
        hours = f"{policy.calendar.schedule} {policy.calendar.tz}"
        rows.append((name, f"{scheme.name}: {keys}", hours, ", ".join(sorted(policy.calendars))))
    if args.json:
        emit_json([{"name": r[0], "levels": r[1], "hours": r[2], "calendar_levels": r[3]}
                   for r in rows])
        return
    print_table(("preset", "levels (* default)", "hours", "--level calendars"), rows)


def cmd_import(args: argparse.Namespace) -> None:
    desk = _desk(args)
    with contextlib.ExitStack() as stack:
        total: int | None = None
        if args.file == "-":
            source = "stdin"
            binary = getattr(sys.stdin, "buffer", None)
            lines: Iterable[str] = sys.stdin if binary is None else utf8_lines(binary, source)
        else:
            source = args.file
            try:
                stream = stack.enter_context(Path(args.file).open("rb"))
            except OSError as exc:
                raise Refused(f"cannot read {args.file!r}: {exc.strerror}") from None
            if is_terminal(sys.stderr):  # a progress bar is drawn: count its end first
                total = count_records(stream)
                stream.seek(0)
            lines = utf8_lines(stream, source)
        with progress("import", total=total) as tick:
            report = import_tickets(desk.store, desk.policy, read_records(lines, source), tick)
    if report.missing_content:
        print(f"supportkit: note: {report.missing_content} attachment(s) have no content in "
              "this desk's file store (snapshots carry references, not bytes)", file=sys.stderr)
    if args.json:
        emit_json({"imported": report.imported, "missing_content": report.missing_content})
    else:
        print(f"imported {report.imported} ticket(s) from {source}")


def cmd_export(args: argparse.Namespace) -> None:
    desk = _desk(args)
    query = TicketQuery(
        statuses=frozenset({TicketStatus(args.status)}) if args.status else None,
        company=args.company,
    )
    with progress("export") as tick:
        export_tickets(desk.store, sys.stdout, query, tick)
