"""The ``supportkit`` argument parser: every command, argument and help text.

A usage error is one line on stderr starting ``supportkit:`` and exit status 2; a mistyped
command, action or choice is answered with the closest one ("did you mean 'show'?").

As with git and gh, the environment gives defaults that a flag overrides:
``SUPPORTKIT_DB`` for ``--db`` and ``SUPPORTKIT_AS`` for ``--as`` (see :data:`ENVIRONMENT`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, NoReturn

from supportkit import __version__
from supportkit._time import require_aware
from supportkit.app.report import GroupBy
from supportkit.cli import commands as c
from supportkit.cli import mail as m
from supportkit.cli.actors import parse_actor
from supportkit.durations import parse_duration
from supportkit.errors import InvalidInput
from supportkit.sla.explain import Measure
from supportkit.text import escape_controls, shorten
from supportkit.tickets.status import TicketStatus

ACTOR_HELP = ("who acts: customer:ID[@COMPANY], support:ID[+ROLE...] or system (default: "
              "$SUPPORTKIT_AS)")
#: Environment variables read as defaults; a flag on the command line wins.
ENVIRONMENT = {
    "SUPPORTKIT_DB": "--db: the desk's SQLite file",
    "SUPPORTKIT_AS": "--as: who acts",
}
DEFAULT_DB = "./supportkit.db"
INSTANT = "INSTANT"
INSTANT_HELP = "an ISO-8601 instant with its offset, e.g. 2026-03-02T09:00+01:00"
DURATION_HELP = "numbers with units w, d, h, m, s, e.g. 15m, 2h, 1h30m, 3d"
LEVEL_HELP = ("a priority key of the desk's preset: 1..4 for severities (1 most urgent), "
              "or a name such as urgent, high, medium (see: supportkit presets)")
DEADLINES = ("first_response_due", "next_update_due", "resolution_due", "eta",
             "escalation_eligible_at", "retention_due")
DEADLINE_HELP = "which deadline to look at: %(choices)s (default: %(default)s)"
#: The largest --limit (SQLite's and PostgreSQL's 64-bit integers).
MAX_LIMIT = 2**63 - 1

Command = Callable[[argparse.Namespace], int | None]


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line, not the usage block."""

    def error(self, message: str) -> NoReturn:
        sub = self.prog.removeprefix("supportkit").strip()
        where = f"{sub}: " if sub else ""
        # The message may quote an argument: shown escaped, and cut when it is huge.
        text = shorten(escape_controls(" ".join(message.split())), 2000)
        self.exit(2, f"supportkit: {where}{text}; see: {self.prog} --help\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value outside ``action.choices``: named as an unknown command (or action, or
        choice) with the closest known one, as git does for ``git stauts``."""
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        what = "choice"
        if isinstance(action, argparse._SubParsersAction):
            what = "command" if action.dest == "command" else "action"
        shown = shorten(escape_controls(str(value)))
        message = f"unknown {what} {shown!r}{did_you_mean(str(value), names)}"
        if what == "choice":
            message = f"{message} (choose from {', '.join(names)})"
            raise argparse.ArgumentError(action, message)
        raise argparse.ArgumentError(None, message)


def did_you_mean(text: str, known: Iterable[str]) -> str:
    """``"; did you mean 'show'?"`` for the closest of ``known`` to ``text``, or ``""``."""
    names = list(known)
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    if not close:
        folded = {name.casefold(): name for name in names}
        close = [folded[match] for match in difflib.get_close_matches(
            text.casefold(), list(folded), n=1, cutoff=0.6)]
    return f"; did you mean {close[0]!r}?" if close else ""


# -- argument types: a refusal becomes a usage error (exit 2) ---------------------------------


def instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant such as 2026-03-02T09:00+01:00"
        ) from None
    try:
        return require_aware(value, "instant")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def zone(text: str) -> zoneinfo.ZoneInfo:
    """An IANA time zone name (``Europe/Paris``, ``UTC``)."""
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        hint = did_you_mean(text, zoneinfo.available_timezones())
        raise argparse.ArgumentTypeError(
            f"{shorten(text)!r} is not a time zone; give an IANA name such as "
            f"Europe/Paris, America/New_York or UTC{hint}") from None


PERIOD_HELP = ("a date (midnight on the preset's calendar) or an instant, e.g. 2026-03-01 "
               "or 2026-03-01T09:00+01:00")


def period_bound(text: str) -> date | datetime:
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    try:
        return instant(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{shorten(text)!r} is not a date such as 2026-03-01 or an instant such as "
            "2026-03-01T09:00+01:00"
        ) from None


def duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except (OverflowError, ValueError):  # beyond timedelta's range, or an absurd number
        raise argparse.ArgumentTypeError(
            f"duration {shorten(text)!r} is too long: at most 999999999 days (2739726w)"
        ) from None


def severity(text: str) -> int | str:
    if text.lstrip("-").isascii() and text.lstrip("-").isdigit():
        if len(text) > 30:
            raise argparse.ArgumentTypeError(
                f"level {shorten(text)!r} is not a priority key (a number that long is none)")
        return int(text)
    return text


def field(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"field {text!r} must look like key=value")
    return key, value


def count(text: str) -> int:
    digits = text.strip().lstrip("0")
    if not (text.strip().isascii() and text.strip().isdigit()) or not digits:
        raise argparse.ArgumentTypeError(
            f"{shorten(text)!r} is not a whole number of tickets above 0")
    if len(digits) > 19 or int(digits) > MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{shorten(text)!r} is too large: give at most {MAX_LIMIT} (or leave --limit out "
            "for every ticket)")
    return int(digits)


# -- the parser --------------------------------------------------------------------------------

EPILOG = """\
examples:
  supportkit --db desk.db init --preset interworx
  supportkit --db desk.db open --as customer:alice@acme --subject "Mail down" --body "Since 9"
  supportkit --db desk.db reply 1 --as support:agent-7 --body "Looking into it"
  supportkit --db desk.db due --within 15m
  supportkit --db desk.db --json show 1

environment (a flag wins):
  SUPPORTKIT_DB   the desk's file, instead of --db
  SUPPORTKIT_AS   who acts, instead of --as (e.g. support:agent-7)

Times are shown on the desk's clock (its calendar's time zone); --tz ZONE shows another.
Exit status: 0 done; 1 refused by a rule or not possible (the reason is one line on stderr);
2 usage error. Tables and progress bars use rich on a terminal when it is installed
(pip install 'supportkit[cli]'); pipes and files always get plain text.
"""


def _global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """--db, --json, --now and --tz: before the command, or (``defaults=False``) after it
    too, where an option left out does not reset what was given before the command."""
    keep = argparse.SUPPRESS
    db = os.environ.get("SUPPORTKIT_DB") or DEFAULT_DB
    parser.add_argument("--db", default=db if defaults else keep,
                        metavar="FILE", help="the desk's SQLite file (default: "
                        f"$SUPPORTKIT_DB, else {DEFAULT_DB})")
    parser.add_argument("--json", action="store_true", default=False if defaults else keep,
                        help="print JSON (the library's cattrs form) instead of text")
    parser.add_argument("--now", type=instant, default=None if defaults else keep,
                        metavar=INSTANT, help="act as if it were this instant (scripts, "
                        "replays); " + INSTANT_HELP)
    parser.add_argument("--tz", type=zone, default=None if defaults else keep,
                        metavar="ZONE", help="show times on this time zone's clock, e.g. "
                        "Europe/Paris (default: the desk's, its calendar's zone)")


def _common() -> Parser:
    common = Parser(add_help=False)
    _global_options(common, defaults=False)
    return common


def build_parser() -> argparse.ArgumentParser:
    """The parser of the ``supportkit`` command."""
    parser = Parser(
        prog="supportkit",
        description="A technical-support desk in a SQLite file: tickets, SLA, escalation,\n"
        "paging, entitlements and retention, with the rules of a preset.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(parser, defaults=True)
    parser.add_argument("--version", action="version", version=f"supportkit {__version__}",
                        help="print the installed version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=Parser)

    def command(name: str, func: Command, text: str, *, ticket: bool = False,
                actor: bool = False, epilog: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                           epilog=epilog, parents=[_common()],
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        if ticket:
            p.add_argument("id", metavar="ID", help="the ticket's id, e.g. 1")
        if actor:  # required: given here or by SUPPORTKIT_AS (see main.resolve_actor)
            p.add_argument("--as", dest="actor", type=parse_actor, default=None,
                           metavar="ACTOR", help=ACTOR_HELP)
        return p

    p = command("init", c.cmd_init, "create the database with a preset's rules",
                epilog="example:\n  supportkit --db desk.db init --preset odin")
    p.add_argument("--preset", required=True, metavar="NAME",
                   help="the rules to use: default, interworx, ispmanager, odin, open_xchange "
                   "or opensvc (see: supportkit presets)")
    p.add_argument("--force", action="store_true",
                   help="switch an existing desk to another preset")

    command("presets", c.cmd_presets,
            "list the presets with their priority keys, hours and per-level calendars")
    _tickets(command)
    _queries(command)
    _bulk(command)
    _retention(sub)
    p = command("gc", c.cmd_gc, "remove attachment content no ticket references, expired "
                "upload leases and a killed writer's temporary files",
                epilog="safe while the desk is in use; example:\n"
                "  supportkit --db desk.db gc --dry-run")
    p.add_argument("--dry-run", action="store_true",
                   help="report what would be removed; change nothing")
    _calendar(sub)
    _mail(command, sub)
    return parser


Adder = Callable[..., argparse.ArgumentParser]


def _tickets(command: Adder) -> None:
    p = command("open", c.cmd_open, "open a ticket", actor=True,
                epilog="example:\n  supportkit open --as customer:alice@acme --subject "
                "'Mail down' --body 'Since 9' --severity 1 --attach log.txt")
    p.add_argument("--subject", required=True, metavar="TEXT", help="the ticket's subject")
    p.add_argument("--body", required=True, metavar="TEXT", help="the first message")
    p.add_argument("--severity", type=severity, default=None, metavar="LEVEL",
                   help=LEVEL_HELP + "; default: the preset's default")
    p.add_argument("--category", default=None, metavar="NAME",
                   help="the ticket's category or topic, e.g. DNS")
    p.add_argument("--channel", default="web", metavar="CHANNEL",
                   help="where the request came from: web, email, phone, chat ... as the "
                   "preset allows (default: %(default)s)")
    p.add_argument("--field", type=field, action="append", default=[], metavar="KEY=VALUE",
                   help="an intake field such as ip_or_hostname=203.0.113.7 (repeatable)")
    p.add_argument("--attach", action="append", default=[], metavar="FILE",
                   help="attach this file (repeatable)")

    p = command("reply", c.cmd_reply, "add a reply to a ticket's conversation",
                ticket=True, actor=True)
    p.add_argument("--body", required=True, metavar="TEXT", help="the reply")
    p.add_argument("--channel", default="web", metavar="CHANNEL",
                   help="web, email, phone ... as the preset allows (default: %(default)s)")
    p.add_argument("--attach", action="append", default=[], metavar="FILE",
                   help="attach this file (repeatable)")

    p = command("supply", c.cmd_supply, "give the information a held ticket waits for "
                "(see: supportkit show ID)", ticket=True, actor=True,
                epilog="example:\n  supportkit supply 1 --as customer:alice@acme "
                "--field ip_or_hostname=203.0.113.7")
    p.add_argument("--field", type=field, action="append", required=True, metavar="KEY=VALUE",
                   help="an intake field such as ip_or_hostname=203.0.113.7 (repeatable)")

    p = command("note", c.cmd_note, "add an internal note (support only; customers never "
                "see it)", ticket=True, actor=True)
    p.add_argument("--body", required=True, metavar="TEXT", help="the note")

    for name, text in [
        ("solve", "mark a ticket solved (support side)"),
        ("confirm", "confirm a solved ticket's resolution, which closes it (the customer)"),
        ("close", "close a ticket"),
        ("reopen", "reopen a solved or closed ticket (within the preset's reopen window)"),
        ("archive", "archive a closed ticket"),
    ]:
        command(name, c._transition(name), text, ticket=True, actor=True)

    p = command("severity", c.cmd_severity, "change a ticket's severity or priority (the "
                "reason is recorded)", ticket=True, actor=True)
    p.add_argument("level", metavar="LEVEL", type=severity, help=LEVEL_HELP)
    p.add_argument("--reason", required=True, metavar="TEXT", help="why it changes")

    p = command("category", c.cmd_category, "move a ticket to another category; its "
                "staff member is picked again from the preset", ticket=True, actor=True)
    p.add_argument("category", metavar="NAME",
                   help="the new category (a qualifying topic where the preset lists them)")
    p.add_argument("--reason", default=None, metavar="TEXT", help="why it changes (optional)")

    p = command("subject", c.cmd_subject, "give a ticket another subject (screened as "
                "the subject of a new ticket is)", ticket=True, actor=True)
    p.add_argument("subject", metavar="TEXT", help="the new subject")
    p.add_argument("--reason", default=None, metavar="TEXT", help="why it changes (optional)")

    p = command("eta", c.cmd_eta, "set when the ticket should be resolved", ticket=True,
                actor=True)
    p.add_argument("eta", type=instant, metavar=INSTANT, help=INSTANT_HELP)

    p = command("escalate", c.cmd_escalate, "escalate a ticket (refused before it is "
                "eligible; see: supportkit escalation ID)", ticket=True, actor=True)
    p.add_argument("--method", default="button", metavar="METHOD",
                   help="how: button or phone, as the preset allows (default: %(default)s)")
    p.add_argument("--target", default=None, metavar="GROUP",
                   help="the senior support group to move the ticket to")


def _queries(command: Adder) -> None:
    command("show", c.cmd_show, "show one ticket: fields, deadlines and conversation",
            ticket=True)

    p = command("list", c.cmd_list, "list the active tickets (or --status), by id",
                epilog="example:\n  supportkit list --status open --company acme "
                "--due-before 2026-03-02T12:00+00:00")
    p.add_argument("--status", choices=[*(s.value for s in TicketStatus), "active", "all"],
                   default="active", metavar="STATUS",
                   help="only tickets in this status: %(choices)s (default: active, the "
                   "preset's active list; all: every status)")
    p.add_argument("--company", metavar="COMPANY", help="only this company's tickets")
    p.add_argument("--due-before", type=instant, default=None, metavar=INSTANT,
                   help="only tickets whose --deadline falls before this; " + INSTANT_HELP)
    p.add_argument("--deadline", choices=DEADLINES, default="first_response_due",
                   metavar="DEADLINE", help=DEADLINE_HELP)
    p.add_argument("--limit", type=count, default=None, metavar="N",
                   help="at most N tickets")

    p = command("due", c.cmd_due, "open tickets whose deadline falls within a duration "
                "from now", epilog="example:\n  supportkit due --within 15m")
    p.add_argument("--within", type=duration, required=True, metavar="DURATION",
                   help=DURATION_HELP)
    p.add_argument("--deadline", choices=DEADLINES, default="first_response_due",
                   metavar="DEADLINE", help=DEADLINE_HELP)
    p.add_argument("--limit", type=count, default=None, metavar="N", help="at most N tickets")

    command("escalation", c.cmd_escalation, "when and how a ticket may be escalated",
            ticket=True)
    command("paging", c.cmd_paging, "whether a ticket pages the on-call team now, and by "
            "when it should be answered", ticket=True)

    p = command("explain", c.cmd_explain, "why a ticket's SLA deadlines fall when they do: "
                "the hours counted, the nights, weekends and holidays skipped, the pauses "
                "and overrides", ticket=True,
                epilog="example:\n  supportkit explain 1 --measure resolution")
    p.add_argument("--measure", choices=[m.value for m in Measure], default=None,
                   metavar="MEASURE",
                   help="only this measure: %(choices)s (default: every one)")

    p = command("report", c.cmd_report, "how the desk did on the tickets created in a "
                "period: SLA met, breached and pending, attainment, median and p90 business "
                "time, per group",
                epilog="example:\n  supportkit report --from 2026-03-01 --to 2026-04-01 "
                "--by company --plot sla.png\n--plot needs matplotlib: "
                "pip install 'supportkit[plot]'")
    p.add_argument("--from", dest="start", type=period_bound, required=True, metavar="D",
                   help=PERIOD_HELP + " (included)")
    p.add_argument("--to", dest="end", type=period_bound, required=True, metavar="D",
                   help=PERIOD_HELP + " (excluded)")
    p.add_argument("--by", choices=[g.value for g in GroupBy], default="priority",
                   metavar="FIELD", help="group by: %(choices)s (default: %(default)s)")
    p.add_argument("--plot", default=None, metavar="FILE.png",
                   help="also draw attainment per week and breaches per priority into this "
                   "PNG (needs the [plot] extra: matplotlib)")

    p = command("entitlement", c.cmd_entitlement,
                "check whether a support code, license, customer or asset is entitled to "
                "support (exit status 1 when not)",
                epilog="examples:\n  supportkit entitlement --code '555 123 4567'\n"
                "  supportkit entitlement --license PPA-12345678-0000")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--code", metavar="CODE",
                     help="a ten-digit support code; spaces or dashes allowed")
    who.add_argument("--license", metavar="KEY", help="a product license key")
    who.add_argument("--customer", type=parse_actor, metavar="ACTOR",
                     help="customer:ID@COMPANY (entitled through the company's contract)")
    who.add_argument("--asset", metavar="NAME", help="a node or service")
    p.add_argument("--product", default=None, metavar="NAME",
                   help="the product the request is about")
    p.add_argument("--channel", default=None, metavar="CHANNEL",
                   help="the channel the request would come by")


def _bulk(command: Adder) -> None:
    p = command("import", c.cmd_import,
                "add tickets from snapshots in the --json form: all of them, or none",
                epilog="FILE holds JSON lines, a JSON array or back-to-back objects, as "
                "printed by export,\nlist --json or show --json. A bad record (named by its "
                "line) or an id that exists\nrefuses the whole file; with --skip-bad the "
                "other records are imported, each bad\none is named on stderr and the exit "
                "status is 3. Versions restart at 1;\ndeadlines follow this desk's preset.\n"
                "example:\n"
                "  supportkit --db old.db export > tickets.jsonl\n"
                "  supportkit --db new.db import tickets.jsonl")
    p.add_argument("file", metavar="FILE", help="the snapshots to read, or - for stdin")
    p.add_argument("--skip-bad", action="store_true",
                   help="import the good records and name each bad one on stderr (exit "
                   "status 3) instead of refusing the whole file")
    p.add_argument("--replace-invalid", action="store_true",
                   help="read a line that is not UTF-8 (or a \\udcXX escape) with U+FFFD in "
                   "place of the bad bytes instead of refusing it; each such line is named "
                   "on stderr (exit status 3)")

    p = command("export", c.cmd_export,
                "write tickets as JSON lines (one snapshot per line) to stdout")
    p.add_argument("--status", choices=[s.value for s in TicketStatus], metavar="STATUS",
                   help="only tickets in this status: %(choices)s")
    p.add_argument("--company", metavar="COMPANY", help="only this company's tickets")


def _retention(sub: argparse._SubParsersAction[Parser]) -> None:
    retention = sub.add_parser("retention", help="the privacy retention run",
                               description="Purge private data kept past the preset's period.")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION",
                                       required=True, parser_class=Parser)
    p = actions.add_parser("run", help="purge attachments and raw e-mails now due",
                           parents=[_common()],
                           description="Purge the attachments and raw e-mails of tickets "
                           "closed for at least the preset's keep period.")
    p.set_defaults(func=c.cmd_retention_run)
    p.add_argument("--dry-run", action="store_true",
                   help="report what would be purged; change nothing")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also print the rule and the id of every purged ticket (--json "
                   "always has them)")


def _calendar(sub: argparse._SubParsersAction[Parser]) -> None:
    calendar = sub.add_parser(
        "calendar", help="business-time arithmetic on the preset's support hours",
        description="Business-time arithmetic on the preset's calendar (or a service "
        "level's, with --level). Instants are printed on the calendar's own clock "
        "(its time zone).",
    )
    actions = calendar.add_subparsers(dest="calendar_command", metavar="ACTION",
                                      required=True, parser_class=Parser)
    for name, func, text, example in [
        ("add", c.cmd_calendar_add, "START plus DURATION of business time",
         "2026-03-06T15:00-05:00 2h"),
        ("elapsed", c.cmd_calendar_elapsed, "the business time between START and END",
         "2026-03-06T15:00-05:00 2026-03-09T09:00-05:00"),
        ("next-open", c.cmd_calendar_next_open, "the first open instant at or after START",
         "2026-03-07T10:00-05:00"),
    ]:
        p = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                               parents=[_common()],
                               epilog=f"example:\n  supportkit calendar {name} {example}",
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        p.add_argument("start", type=instant, metavar="START", help=INSTANT_HELP)
        if name == "add":
            p.add_argument("duration", type=duration, metavar="DURATION",
                           help=DURATION_HELP + "; a negative one goes back (write -- before it: "
                           "-- -3h)")
        if name == "elapsed":
            p.add_argument("end", type=instant, metavar="END", help=INSTANT_HELP)
        p.add_argument("--level", default=None, metavar="LEVEL",
                       help="use this service level's calendar (e.g. premium on opensvc) "
                       "instead of the preset's default")


ADDRESS_HELP = ("the desk's own e-mail address (From/Reply-To of what it sends; mail from "
                "it is never taken); default: $SUPPORTKIT_MAIL_ADDRESS or support@localhost")


def _mail(command: Adder, sub: argparse._SubParsersAction[Parser]) -> None:
    p = command("mailgate", m.cmd_mailgate,
                "take one e-mail message on stdin (an MTA pipe) and turn it into a ticket "
                "action",
                epilog="Exit status (sysexits): 0 handled (opened, replied, ignored or "
                "refused); 75 try again\nlater (the MTA keeps the message); 65 the message "
                "can never be taken.\nexample (Postfix /etc/aliases):\n"
                "  support: \"|supportkit --db /var/lib/desk.db mailgate --address "
                "support@desk.example\"")
    p.add_argument("--address", default=None, metavar="ADDR", help=ADDRESS_HELP)

    mail = sub.add_parser("mail", help="fetch e-mail from a Maildir, send the outbox by SMTP",
                          description="The e-mail channel: fetch from a Maildir, send by SMTP.")
    actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True,
                                  parser_class=Parser)
    p = actions.add_parser("fetch", help="take every new message of a Maildir or IMAP folder",
                           parents=[_common()],
                           description="Take every message in the Maildir's new/ folder "
                           "(handled ones move to cur/) or every unseen message of an IMAP "
                           "folder (handled ones are marked seen).",
                           epilog="examples:\n  supportkit --db desk.db mail fetch --maildir "
                           "/var/mail/support\n  IMAP_PASSWORD=... supportkit --db desk.db "
                           "mail fetch --imap imap.example.com:993 --ssl --user desk "
                           "--password-env IMAP_PASSWORD",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=m.cmd_mail_fetch)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--maildir", metavar="DIR", help="the Maildir to read")
    source.add_argument("--imap", default=None, metavar="HOST:PORT",
                        help="the IMAP server to read")
    p.add_argument("--folder", default="INBOX", metavar="NAME",
                   help="the IMAP folder (default: %(default)s)")
    imap_tls = p.add_mutually_exclusive_group()
    imap_tls.add_argument("--starttls", action="store_true", help="IMAP: upgrade with STARTTLS")
    imap_tls.add_argument("--ssl", action="store_true", help="IMAP: implicit TLS (port 993)")
    p.add_argument("--user", default=None, metavar="NAME", help="IMAP: log in as NAME")
    p.add_argument("--password-env", default=None, metavar="VAR",
                   help="IMAP: the environment variable holding the password")
    p.add_argument("--address", default=None, metavar="ADDR", help=ADDRESS_HELP)

    p = actions.add_parser("send", help="send the pending notifications by SMTP",
                           parents=[_common()],
                           description="Send the outbox's pending notifications by SMTP "
                           "(at least once: a crash may repeat the last batch, with the same "
                           "Message-IDs).",
                           epilog="example:\n  SMTP_PASSWORD=... supportkit --db desk.db mail "
                           "send --smtp mail.example:587 --starttls --user desk "
                           "--password-env SMTP_PASSWORD",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=m.cmd_mail_send)
    p.add_argument("--smtp", required=True, metavar="HOST:PORT", help="the SMTP server")
    tls = p.add_mutually_exclusive_group()
    tls.add_argument("--starttls", action="store_true", help="upgrade with STARTTLS")
    tls.add_argument("--ssl", action="store_true", help="implicit TLS (port 465)")
    p.add_argument("--user", default=None, metavar="NAME", help="log in as NAME")
    p.add_argument("--password-env", default=None, metavar="VAR",
                   help="the environment variable holding the password (never on the "
                   "command line)")
    p.add_argument("--address", default=None, metavar="ADDR", help=ADDRESS_HELP)
    p.add_argument("--support-address", default=None, metavar="ADDR",
                   help="where notifications for the support side without an address go")
    p.add_argument("--limit", type=count, default=100, metavar="N",
                   help="notifications per batch (default: %(default)s)")


__all__ = ["Parser", "build_parser"]
