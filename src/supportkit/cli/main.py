"""Argument parsing and dispatch for the ``supportkit`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from supportkit import presets
from supportkit._time import require_aware
from supportkit.calendars import BusinessCalendar
from supportkit.cli.actors import parse_actor
from supportkit.cli.output import TICKET_COLUMNS, emit_json, table, ticket_detail, ticket_rows
from supportkit.cli.progress import progress_line
from supportkit.clock import Clock, FixedClock, SystemClock
from supportkit.durations import format_duration, parse_duration
from supportkit.errors import InvalidInput, NotFound, SupportkitError
from supportkit.ports import Store, TicketQuery
from supportkit.service import Helpdesk
from supportkit.tickets.model import Ticket, Upload
from supportkit.tickets.status import TicketStatus

CONFIG_KIND, CONFIG_ID = "config", "desk"
DEADLINES = ("first_response_due", "eta", "escalation_eligible_at", "retention_due")


class Refused(SupportkitError):
    """A command-level refusal (exit status 1)."""


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant such as 2026-03-02T09:00+01:00"
        ) from exc
    try:
        return require_aware(value, "instant")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _severity(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text


def _field(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"field {text!r} must look like key=value")
    return key, value


def open_store(path: str) -> Store:
    """The SQLite store behind the command."""
    from supportkit.adapters.sqlite import SqliteStore

    return SqliteStore(path)


def _preset_name(store: Store) -> str:
    with store.unit_of_work() as uow:
        try:
            config = uow.records.get(CONFIG_KIND, CONFIG_ID)
        except NotFound:
            raise Refused(
                "this database is not initialised; run: supportkit init --preset NAME "
                f"(presets: {', '.join(presets.names())})"
            ) from None
    return str(config["preset"])


def _desk(args: argparse.Namespace) -> Helpdesk:
    store = open_store(args.db)
    clock: Clock = FixedClock(args.now) if args.now is not None else SystemClock()
    return Helpdesk(store=store, policy=presets.get(_preset_name(store)), clock=clock)


def _show(args: argparse.Namespace, ticket: Ticket) -> None:
    if args.json:
        emit_json(ticket)
    else:
        print(ticket_detail(ticket))


def _show_list(args: argparse.Namespace, tickets: Sequence[Ticket]) -> None:
    if args.json:
        emit_json(list(tickets))
    elif tickets:
        print(table(TICKET_COLUMNS, ticket_rows(tickets)))
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
    uploads = [Upload(Path(p).name, Path(p).read_bytes()) for p in args.attach]
    ticket = desk.open_ticket(
        args.actor, subject=args.subject, body=args.body, severity=args.severity,
        category=args.category, channel=args.channel, fields=dict(args.field),
        attachments=uploads,
    )
    if args.json:
        emit_json(ticket)
    else:
        print(f"opened ticket {ticket.id} ({ticket.status.value}, severity {ticket.severity})")


def cmd_reply(args: argparse.Namespace) -> None:
    desk = _desk(args)
    uploads = [Upload(Path(p).name, Path(p).read_bytes()) for p in args.attach]
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
    return 0 if decision.granted else 1


def cmd_retention_run(args: argparse.Namespace) -> None:
    desk = _desk(args)
    with progress_line("retention", enabled=sys.stderr.isatty()) as tick:
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


def cmd_calendar_add(args: argparse.Namespace) -> None:
    print(_calendar(args).add(args.start, args.duration).isoformat())


def cmd_calendar_elapsed(args: argparse.Namespace) -> None:
    print(format_duration(_calendar(args).elapsed(args.start, args.end)))


def cmd_calendar_next_open(args: argparse.Namespace) -> None:
    print(_calendar(args).next_open(args.start).isoformat())


# -- parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supportkit",
        description="A technical-support desk in a SQLite file: tickets, SLA, escalation, "
        "paging, entitlements and retention, with the rules of a preset.",
        epilog="Exit status: 0 done, 1 refused by a rule (reason on stderr), 2 usage error.",
    )
    parser.add_argument("--db", default="./supportkit.db",
                        help="SQLite file (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON (the cattrs form)")
    parser.add_argument("--now", type=_instant, default=None, metavar="INSTANT",
                        help="act as if it were this aware ISO-8601 instant (scripts, replays)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, func: Callable[[argparse.Namespace], int | None], text: str,
                *, ticket: bool = False, actor: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        if ticket:
            p.add_argument("id", help="ticket id")
        if actor:
            p.add_argument("--as", dest="actor", type=parse_actor, required=True,
                           metavar="ACTOR",
                           help="who acts: customer:ID[@COMPANY], support:ID[+ROLE], system")
        return p

    p = command("init", cmd_init, "create or open the database with a preset's rules")
    p.add_argument("--preset", required=True, help=f"one of: {', '.join(presets.names())}")
    p.add_argument("--force", action="store_true", help="switch an existing desk's preset")

    p = command("open", cmd_open, "open a ticket", actor=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--body", required=True)
    p.add_argument("--severity", type=_severity, default=None,
                   help="priority/severity key of the preset (default: the preset's default)")
    p.add_argument("--category", default=None)
    p.add_argument("--channel", default="web")
    p.add_argument("--field", type=_field, action="append", default=[], metavar="KEY=VALUE",
                   help="intake field (repeatable)")
    p.add_argument("--attach", action="append", default=[], metavar="FILE")

    p = command("reply", cmd_reply, "reply to a ticket", ticket=True, actor=True)
    p.add_argument("--body", required=True)
    p.add_argument("--channel", default="web")
    p.add_argument("--attach", action="append", default=[], metavar="FILE")

    p = command("note", cmd_note, "add an internal support note", ticket=True, actor=True)
    p.add_argument("--body", required=True)

    for name, text in [
        ("solve", "mark a ticket solved (support)"),
        ("confirm", "confirm the resolution and close (customer)"),
        ("close", "close a ticket"),
        ("reopen", "reopen a ticket (within the reopen window)"),
        ("archive", "archive a ticket"),
    ]:
        command(name, _transition(name), text, ticket=True, actor=True)

    p = command("severity", cmd_severity, "change the severity (reason recorded)",
                ticket=True, actor=True)
    p.add_argument("level", type=_severity)
    p.add_argument("--reason", required=True)

    p = command("eta", cmd_eta, "set the resolution ETA", ticket=True, actor=True)
    p.add_argument("eta", type=_instant, help="aware ISO-8601 instant")

    command("show", cmd_show, "show one ticket with its conversation", ticket=True)

    p = command("list", cmd_list, "list tickets")
    p.add_argument("--status", choices=[s.value for s in TicketStatus])
    p.add_argument("--company")
    p.add_argument("--due-before", type=_instant, default=None, metavar="INSTANT")
    p.add_argument("--deadline", choices=DEADLINES, default="first_response_due")
    p.add_argument("--limit", type=int, default=None)

    p = command("escalate", cmd_escalate, "escalate a ticket (refused before it is eligible)",
                ticket=True, actor=True)
    p.add_argument("--method", default="button", help="phone or button (default: %(default)s)")
    p.add_argument("--target", default=None, help="senior group to move the ticket to")

    command("escalation", cmd_escalation, "when and how a ticket may be escalated", ticket=True)
    command("paging", cmd_paging, "whether a ticket pages the on-call team, and respond-by",
            ticket=True)

    p = command("entitlement", cmd_entitlement,
                "is a support code, license, customer or asset entitled to support?")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--code", help="ten-digit support code")
    who.add_argument("--license", help="product license key")
    who.add_argument("--customer", type=parse_actor, metavar="ACTOR",
                     help="customer:ID@COMPANY (entitled through the company's contract)")
    who.add_argument("--asset", help="a node or service")
    p.add_argument("--product", default=None)
    p.add_argument("--channel", default=None)

    retention = sub.add_parser("retention", help="the privacy retention run",
                               description="Purge private data kept past the policy's period.")
    retention_sub = retention.add_subparsers(dest="retention_command", metavar="ACTION",
                                             required=True)
    p = retention_sub.add_parser("run", help="purge attachments and raw e-mails now due",
                                 description="Purge attachments and raw e-mails of tickets "
                                 "closed for at least the keep period.")
    p.set_defaults(func=cmd_retention_run)
    p.add_argument("--dry-run", action="store_true", help="report what would go; change nothing")

    calendar = sub.add_parser("calendar", help="business-time arithmetic on the preset's hours",
                              description="Business-time arithmetic on the preset's calendar.")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", metavar="ACTION",
                                           required=True)
    for name, func, text in [
        ("add", cmd_calendar_add, "START plus DURATION of business time"),
        ("elapsed", cmd_calendar_elapsed, "business time between START and END"),
        ("next-open", cmd_calendar_next_open, "the first open instant at or after START"),
    ]:
        p = calendar_sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        p.add_argument("start", type=_instant, help="aware ISO-8601 instant")
        if name == "add":
            p.add_argument("duration", type=_duration, help="e.g. 2h, -30m, 3d")
        if name == "elapsed":
            p.add_argument("end", type=_instant, help="aware ISO-8601 instant")
        p.add_argument("--level", default=None,
                       help="a service level's calendar (e.g. premium) instead of the default")

    p = command("due", cmd_due, "open tickets whose deadline falls within a duration from now")
    p.add_argument("--within", type=_duration, required=True, help="e.g. 15m, 2h, 1d")
    p.add_argument("--deadline", choices=DEADLINES, default="first_response_due")
    p.add_argument("--limit", type=int, default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except SupportkitError as refused:
        print(f"supportkit: {type(refused).__name__}: {refused}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"supportkit: {exc}", file=sys.stderr)
        return 1
    return int(status or 0)


__all__ = ["build_parser", "main"]
