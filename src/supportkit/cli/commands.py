"""What each sub-command of ``supportkit`` does (the parser is in :mod:`.parser`)."""

from __future__ import annotations

import argparse
import contextlib
import stat
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from supportkit import presets
from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.app.report import GroupBy, ReportRow, SlaReport
from supportkit.calendars import BusinessCalendar
from supportkit.cli.output import (
    TICKET_COLUMNS,
    emit_json,
    human_bytes,
    one_line,
    plural,
    print_table,
    say,
    ticket_detail,
    ticket_rows,
    when,
)
from supportkit.cli.plot import PlotUnavailable, plot_report
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
from supportkit.errors import InvalidInput, NotFound, SupportkitError
from supportkit.ports import Store, TicketQuery
from supportkit.service import Helpdesk
from supportkit.sla.explain import Measure, render_explanation
from supportkit.tickets.head import TicketSummary
from supportkit.tickets.model import Ticket, Upload
from supportkit.tickets.status import TicketStatus

CONFIG_KIND, CONFIG_ID = "config", "desk"
#: Exit status of a command that finished but skipped or altered something (said on stderr).
ALTERED_STATUS = 3


class Refused(SupportkitError):
    """A command-level refusal (exit status 1)."""


def db_file(path: str) -> str | None:
    """The file behind ``--db``: the path itself, or the path of a SQLite ``file:`` URI
    (``file:desk.db?mode=ro``); None for an in-memory database."""
    if path == ":memory:":
        return None
    if not path.startswith("file:"):
        return path
    parts = urllib.parse.urlsplit(path)
    if parts.path in ("", ":memory:") or "memory" in urllib.parse.parse_qs(parts.query).get(
            "mode", []):
        return None
    return urllib.parse.unquote(parts.path)


def open_store(path: str) -> Store:
    """The SQLite store behind the command. A ``file:`` URI (e.g. ``?mode=ro`` to read a
    desk without writing, ``?immutable=1`` on a read-only medium) keeps its attachments
    beside the file it names."""
    file = db_file(path)
    if path.startswith("file:") and file is not None:
        return SqliteStore(path, blobs=FileBlobStore(file + ".blobs"))
    return SqliteStore(path)


def _preset_name(store: Store, path: str) -> str:
    # Read-only: every command reads this first, and a write unit of work would make a
    # ``list`` wait behind a retention run or an import holding SQLite's write lock.
    with store.unit_of_work(readonly=True) as uow:
        try:
            config = uow.records.get(CONFIG_KIND, CONFIG_ID)
        except NotFound:
            raise Refused(
                f"{path} is not initialised; run: supportkit --db {path} init --preset NAME "
                f"(presets: {', '.join(presets.names())})"
            ) from None
    return str(config["preset"])


def _existing_store(path: str) -> Store:
    file = db_file(path)
    if file is not None and not Path(file).exists():
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


def _zone(args: argparse.Namespace, desk: Helpdesk) -> tzinfo:
    """The clock instants are shown on: ``--tz``, else the desk's (its calendar's zone)."""
    zone: tzinfo | None = getattr(args, "tz", None)
    return zone if zone is not None else ZoneInfo(desk.policy.calendar.tz)


def _show_list(args: argparse.Namespace, desk: Helpdesk,
               tickets: Sequence[TicketSummary]) -> None:
    if args.json:
        emit_json(list(tickets))
    elif tickets:
        print_table(TICKET_COLUMNS, ticket_rows(tickets, _zone(args, desk)))
    else:
        say("no tickets")


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
    say(f"{one_line(args.db)}: support desk ready with preset {args.preset!r}")


def cmd_open(args: argparse.Namespace) -> None:
    desk = _desk(args)
    uploads = _uploads(args.attach, desk.policy.max_attachment_bytes)
    ticket = desk.open_ticket(
        args.actor, subject=args.subject, body=args.body, severity=args.severity,
        category=args.category, channel=args.channel, fields=dict(args.field),
        attachments=uploads,
    )
    if args.json:
        emit_json(ticket)
    else:
        say(f"opened ticket {one_line(ticket.id)} ({ticket.status.value}, "
            f"severity {ticket.severity})")


def _readable(name: str, what: str) -> Path:
    """``name`` as a path that can be read as a stream: a regular file or a pipe (``<(...)``),
    not a directory or a device (``/dev/zero`` never ends)."""
    path = Path(name)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise Refused(f"cannot read {what}{name!r}: {exc.strerror}") from None
    except ValueError:  # a NUL character in the name
        raise Refused(f"cannot read {what}{name!r}: a file name cannot hold NUL") from None
    if stat.S_ISDIR(mode):
        raise Refused(f"cannot read {what}{name!r}: it is a directory; give a file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise Refused(f"cannot read {what}{name!r}: it is a device, not a file or a pipe")
    return path


def _uploads(paths: Sequence[str], limit: int) -> list[Upload]:
    uploads = []
    for name in paths:
        path = _readable(name, "the file to attach ")
        try:
            with path.open("rb") as stream:
                data = stream.read(limit + 1)
        except OSError as exc:
            raise Refused(f"cannot read the file to attach {name!r}: {exc.strerror}") from None
        if len(data) > limit:
            raise Refused(f"cannot attach {name!r}: it is larger than this desk's limit of "
                          f"{limit} bytes per attachment; nothing was changed")
        uploads.append(Upload(path.name, data))
    return uploads


def cmd_reply(args: argparse.Namespace) -> None:
    desk = _desk(args)
    uploads = _uploads(args.attach, desk.policy.max_attachment_bytes)
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


def _done(args: argparse.Namespace, ticket: Ticket | TicketSummary, verb: str) -> None:
    if args.json:
        emit_json(ticket)
    else:
        say(f"{verb} ticket {one_line(ticket.id)}: now {ticket.status.value}")


def cmd_severity(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_severity(args.id, args.actor, args.level, reason=args.reason)
    _done(args, ticket, f"set severity {ticket.severity} on")


def cmd_category(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_category(args.id, args.actor, args.category, reason=args.reason)
    if args.json:
        emit_json(ticket)
    else:
        say(f"moved ticket {one_line(ticket.id)} to category {ticket.category!r}; "
              f"assigned to {one_line(ticket.assignee or 'nobody')}")


def cmd_subject(args: argparse.Namespace) -> None:
    ticket = _desk(args).set_subject(args.id, args.actor, args.subject, reason=args.reason)
    if args.json:
        emit_json(ticket)
    else:
        say(f"retitled ticket {one_line(ticket.id)}: {ticket.subject!r}")


def cmd_eta(args: argparse.Namespace) -> None:
    _done(args, _desk(args).set_eta(args.id, args.actor, args.eta), "set the ETA of")


def cmd_show(args: argparse.Namespace) -> None:
    desk = _desk(args)
    ticket = desk.get(args.id)
    if args.json:
        emit_json(ticket)
        return
    intake = desk.intake_report(args.id) if ticket.awaiting_information else None
    say(ticket_detail(ticket, _zone(args, desk), intake))


def cmd_supply(args: argparse.Namespace) -> None:
    desk = _desk(args)
    ticket = desk.supply_information(args.id, args.actor, dict(args.field))
    if args.json:
        emit_json(ticket)
        return
    if ticket.awaiting_information:
        report = desk.intake_report(args.id)
        still = "; ".join(report.labels) if report is not None else "more information"
        say(f"ticket {one_line(ticket.id)} still awaits: {one_line(still)}")
    else:
        say(f"ticket {one_line(ticket.id)} has the information it needs: "
            f"{ticket.status.value}, no longer held")


def _list_statuses(desk: Helpdesk, status: str | None) -> frozenset[TicketStatus] | None:
    """``active`` (the default): the policy's active list; ``all``: every status."""
    if status is None or status == "all":
        return None
    if status == "active":
        return desk.policy.active_list
    return frozenset({TicketStatus(status)})


def cmd_list(args: argparse.Namespace) -> None:
    desk = _desk(args)
    query = TicketQuery(
        statuses=_list_statuses(desk, args.status),
        company=args.company,
        due=args.deadline if args.due_before else None,
        due_before=args.due_before,
        limit=args.limit,
    )
    _show_list(args, desk, desk.tickets(query))


def cmd_due(args: argparse.Namespace) -> None:
    desk = _desk(args)
    now = desk.clock.now()
    try:
        before = now + args.within
    except OverflowError:
        raise InvalidInput(
            f"--within {format_duration(args.within)} from {when(now)} falls outside "
            "the years 1-9999; give a shorter duration"
        ) from None
    query = TicketQuery(
        statuses=frozenset({TicketStatus.OPEN}), due=args.deadline,
        due_before=before, limit=args.limit,
    )
    _show_list(args, desk, desk.tickets(query))


def cmd_escalate(args: argparse.Namespace) -> None:
    desk = _desk(args)
    ticket = desk.escalate(args.id, args.actor, method=args.method, target=args.target)
    _done(args, ticket, f"escalated ({one_line(args.method)})")


def cmd_escalation(args: argparse.Namespace) -> None:
    desk = _desk(args)
    decision = desk.escalation(args.id)
    if args.json:
        emit_json(decision)
        return
    ticket, methods = one_line(args.id), ", ".join(sorted(decision.methods))
    if decision.eligible:
        say(f"ticket {ticket} may be escalated now by: {methods}")
    elif decision.eligible_at is not None:
        say(f"ticket {ticket} may be escalated from "
            f"{when(decision.eligible_at, _zone(args, desk))} by: "
            f"{methods}")
    else:
        say(f"ticket {ticket} cannot be escalated under this preset")


def cmd_paging(args: argparse.Namespace) -> None:
    desk = _desk(args)
    decision = desk.paging(args.id)
    if args.json:
        emit_json(decision)
        return
    by = when(decision.respond_by, _zone(args, desk)) if decision.respond_by else "-"
    if decision.page:
        say(f"page the on-call team: respond by {by}")
    else:
        say(f"no page; respond by {by}")


def cmd_explain(args: argparse.Namespace) -> None:
    desk = _desk(args)
    measures = [Measure(args.measure)] if args.measure else list(Measure)
    found = [desk.explain(args.id, m) for m in measures]
    if args.json:
        emit_json(found[0] if args.measure else found)
        return
    say("\n\n".join(render_explanation(e) for e in found))


def _bound(desk: Helpdesk, value: date | datetime) -> datetime:
    """A period bound: an instant as given, a date as its midnight on the desk's calendar."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tzinfo=ZoneInfo(desk.policy.calendar.tz))


def _report_rows(rows: Iterable[ReportRow]) -> list[tuple[object, ...]]:
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}%"

    def span(value: timedelta | None) -> str:
        return "-" if value is None else format_duration(value)

    return [(r.group, r.measure, r.met, r.breached, r.pending, pct(r.attainment),
             span(r.median), span(r.p90)) for r in rows]


REPORT_COLUMNS = ("group", "measure", "met", "breached", "pending", "attainment", "median",
                  "p90")


def cmd_report(args: argparse.Namespace) -> None:
    desk = _desk(args)
    start, end = _bound(desk, args.start), _bound(desk, args.end)
    by = GroupBy(args.by)
    wanted = [by, GroupBy.WEEK, GroupBy.PRIORITY] if args.plot else [by]
    if args.plot:
        target = Path(args.plot)
        if target.suffix.lower() != ".png":
            raise Refused(f"--plot writes a PNG image: name the file FILE.png, not "
                          f"{one_line(args.plot)!r}")
    reports = desk.reports(start, end, wanted)
    report: SlaReport = reports[by]
    if args.plot:
        try:
            plot_report(reports[GroupBy.WEEK], reports[GroupBy.PRIORITY], target,
                        [str(k) for k in desk.policy.priorities.keys])
        except PlotUnavailable as exc:
            raise Refused(str(exc)) from None
        except OSError as exc:
            raise Refused(f"cannot write the plot to {one_line(args.plot)!r}: "
                          f"{exc.strerror or exc}") from None
    if args.json:
        emit_json(report)
        return
    say(f"tickets created {start.isoformat()} to {end.isoformat()}: {report.tickets}, "
        f"as of {report.as_of.isoformat(timespec='minutes')}, by {by.value}")
    if report.rows:
        print_table(REPORT_COLUMNS, _report_rows(report.rows))
    else:
        say("no SLA targets to report on")
    if args.plot:
        say(f"plot written to {one_line(args.plot)}")


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
        say(f"{verdict}: {one_line(decision.reason)}")
        for name in ("contract_id", "level", "calendar", "redirect_to"):
            value = getattr(decision, name)
            if value is not None:
                say(f"  {name.replace('_', ' ')}: {one_line(value)}")
        for hint in decision.alternatives:
            say(f"  instead: {one_line(hint)}")
    if decision.granted:
        return 0
    # The decision itself is the answer (stdout); the refusal's reason also goes to stderr,
    # like every other rule that says no, so a script sees it without parsing the answer.
    say(f"supportkit: not entitled: {one_line(decision.reason)}", sys.stderr)
    return 1


def cmd_retention_run(args: argparse.Namespace) -> None:
    desk = _desk(args)
    with progress("retention") as tick:
        report = desk.run_retention(dry_run=args.dry_run, progress=tick)
    if args.json:
        emit_json(report)
        return
    verb = "would purge" if report.dry_run else "purged"
    freed = "would free" if report.dry_run else "freed"
    say(f"{verb} {plural(len(report.purged), 'ticket')}: {freed} "
        f"{human_bytes(report.bytes_freed)} in {plural(report.blobs_deleted, 'file')}")
    if args.verbose:
        say(f"rule: {one_line(report.rule)}")
        if report.purged:
            say("tickets: " + ", ".join(one_line(t) for t in report.purged))
    say(f"next scheduled run: {when(desk.next_retention_run(), _zone(args, desk))}")


def cmd_gc(args: argparse.Namespace) -> None:
    report = _desk(args).collect_garbage(dry_run=args.dry_run)
    if args.json:
        emit_json(report)
        return
    verb = "would remove" if report.dry_run else "removed"
    print(f"{verb} {report.blobs_deleted} unreferenced attachment(s) of "
          f"{report.blobs_checked} ({human_bytes(report.bytes_freed)}), "
          f"{report.leases_expired} expired lease(s), {report.temp_files_removed} "
          f"temporary file(s) ({human_bytes(report.temp_bytes_freed)}); kept "
          f"{report.blobs_kept_leased} held by uploads in progress")


def _calendar(args: argparse.Namespace) -> BusinessCalendar:
    policy = _desk(args).policy
    if args.level is None:
        return policy.calendar
    try:
        return policy.calendars[args.level]
    except KeyError:
        known = ", ".join(sorted(policy.calendars)) or "none"
        raise Refused(f"no calendar for level {args.level!r}; levels: {known}") from None


def _local(args: argparse.Namespace, calendar: BusinessCalendar, instant: datetime) -> datetime:
    """``instant`` on the calendar's own clock (or ``--tz``'s): an opening reads 09:00-04:00
    (summer time), not the same instant written 08:00-05:00 after the offset of a
    winter-time START."""
    zone: tzinfo | None = getattr(args, "tz", None)
    return instant.astimezone(zone if zone is not None else ZoneInfo(calendar.tz))


def _answer(args: argparse.Namespace, value: datetime | timedelta) -> None:
    if args.json:
        emit_json(value)
    elif isinstance(value, datetime):
        say(when(value))
    else:
        say(format_duration(value))


def cmd_calendar_add(args: argparse.Namespace) -> None:
    calendar = _calendar(args)
    try:
        end = calendar.add(args.start, args.duration)
    except OverflowError:
        raise InvalidInput(
            f"{when(args.start)} plus {format_duration(args.duration)} of business time "
            "falls outside the years 1-9999; give a shorter duration"
        ) from None
    _answer(args, _local(args, calendar, end))


def cmd_calendar_elapsed(args: argparse.Namespace) -> None:
    _answer(args, _calendar(args).elapsed(args.start, args.end))


def cmd_calendar_next_open(args: argparse.Namespace) -> None:
    calendar = _calendar(args)
    _answer(args, _local(args, calendar, calendar.next_open(args.start)))


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


def cmd_import(args: argparse.Namespace) -> int:
    desk = _desk(args)
    skipped: list[str] = []

    def skip(where: str, reason: str) -> None:
        skipped.append(where)
        say(f"supportkit: skipped {one_line(where)}: {one_line(reason)}", sys.stderr)

    replaced: list[str] = []

    def replace(where: str, reason: str) -> None:
        replaced.append(where)
        say(f"supportkit: replaced {one_line(where)}: {one_line(reason)}", sys.stderr)

    on_bad = skip if args.skip_bad else None
    on_replaced = replace if args.replace_invalid else None
    with contextlib.ExitStack() as stack:
        total: int | None = None
        if args.file == "-":
            source = "stdin"
            if sys.stdin is None:
                raise Refused("cannot read stdin: it is closed; give a FILE or pipe the "
                              "snapshots in")
            binary = getattr(sys.stdin, "buffer", None)
            lines: Iterable[str] = (sys.stdin if binary is None
                                    else utf8_lines(binary, source, on_bad, on_replaced))
        else:
            source = args.file
            path = _readable(args.file, "")
            try:
                stream = stack.enter_context(path.open("rb"))
            except OSError as exc:
                raise Refused(f"cannot read {args.file!r}: {exc.strerror}") from None
            if is_terminal(sys.stderr) and stream.seekable():  # a bar: count its end first
                total = count_records(stream)
                stream.seek(0)
            lines = utf8_lines(stream, source, on_bad, on_replaced)
        with progress("import", total=total) as tick:
            report = import_tickets(desk.store, desk.policy,
                                    read_records(lines, source, on_bad), tick, on_bad,
                                    on_replaced)
    if report.missing_content:
        say(f"supportkit: note: {report.missing_content} attachment(s) have no content in "
            "this desk's file store (snapshots carry references, not bytes)", sys.stderr)
    if args.json:
        emit_json({"imported": report.imported, "missing_content": report.missing_content,
                   "skipped": len(skipped), "replaced": len(replaced)})
    else:
        notes = [f"skipped {len(skipped)} bad record(s)"] if skipped else []
        notes += [f"replaced invalid text in {len(replaced)} record(s)"] if replaced else []
        said = f"; {', '.join(notes)}, each named on stderr" if notes else ""
        say(f"imported {report.imported} ticket(s) from {one_line(source)}{said}")
    return ALTERED_STATUS if skipped or replaced else 0


def cmd_export(args: argparse.Namespace) -> None:
    desk = _desk(args)
    query = TicketQuery(
        statuses=frozenset({TicketStatus(args.status)}) if args.status else None,
        company=args.company,
    )
    out = sys.stdout  # taken before the bar starts: the answer goes where stdout points
    with progress("export") as tick:
        export_tickets(desk.store, out, query, tick)
