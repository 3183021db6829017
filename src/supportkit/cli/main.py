"""Entry point of the ``supportkit`` command: parse, run, turn refusals into exit statuses.

Exit status: 0 done; 1 refused by a rule or not possible (one line on stderr); 2 usage error;
3 done, but some stored text is not valid Unicode and was printed replaced or escaped (one
warning line on stderr names the tickets), or ``import --skip-bad`` skipped records or
``import --replace-invalid`` replaced bytes that are not UTF-8 (each named on stderr).
A person never sees a traceback: set ``SUPPORTKIT_TRACEBACK=1`` to get one for a bug report.

A refusal speaks the command's words: ``supportkit: solve: ticket 1 is open: ...``, naming
the command that was refused and, where the library names an action or method
(``set_severity``), the command that does it (``severity``); never a Python class name, and
instants without microseconds.

Arguments must be UTF-8 text: one that is not (Python hands its undecodable bytes over as
lone surrogates) is refused before anything runs, naming the argument. Everything written to
stderr is escaped like the rest of the output: a control character quoted from customer text
or from an argument is shown as ``\\x1b``, never sent to the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import sqlite3
import sys
from collections.abc import Sequence

from supportkit.cli.actors import parse_actor
from supportkit.cli.commands import ALTERED_STATUS, db_file
from supportkit.cli.output import ALTERED
from supportkit.cli.parser import build_parser
from supportkit.errors import StorageError, SupportkitError
from supportkit.text import escape_controls, first_invalid, shorten

#: The longest line written to stderr; user text quoted in a message is cut in the middle.
MAX_LINE = 2000


def _say(text: str) -> None:
    if sys.stderr is None:  # started with stderr closed: the exit status has to do
        return
    line = escape_controls(" ".join(text.split()))
    print("supportkit: " + shorten(line, MAX_LINE), file=sys.stderr)


#: The library's names for what a command does (workflow actions, Helpdesk methods), in the
#: command's words.
COMMAND_WORDS = {
    "set_severity": "severity",
    "set_eta": "eta",
    "set_category": "category",
    "set_subject": "subject",
    "open_ticket": "open",
    "supply_information": "supply",
    "run_retention": "retention run",
    "collect_garbage": "gc",
    "next_open": "calendar next-open",
}
_WORDS = re.compile(r"\b(?:Helpdesk\.|desk\.)?(" + "|".join(COMMAND_WORDS) + r")\b(?:\(\))?")
#: The list of allowed actions in a refusal, sorted again once renamed.
_ALLOWED = re.compile(r"(allowed for \w+ in \w+: )([a-z -]+(?:, [a-z -]+)*)")
#: Sub-second digits of an ISO instant quoted in a message (``09:00:07.020463+00:00``).
_FRACTION = re.compile(r"(T\d{2}:\d{2}:\d{2})\.\d+")


def in_command_words(text: str) -> str:
    """A library message as the command line says it: action and method names replaced by
    the commands that do them, instants without their fraction of a second."""
    text = _WORDS.sub(lambda match: COMMAND_WORDS[match.group(1)], text)
    text = _ALLOWED.sub(lambda match: match.group(1) + ", ".join(
        sorted(match.group(2).split(", "))), text)
    return _FRACTION.sub(r"\1", text)


def command_name(args: argparse.Namespace) -> str:
    """``solve``, ``retention run``, ``calendar add``: the command as it was typed."""
    words = [str(getattr(args, "command", "") or "")]
    for sub in ("retention_command", "calendar_command"):
        if getattr(args, sub, None):
            words.append(str(getattr(args, sub)))
    return " ".join(word for word in words if word)


def resolve_actor(args: argparse.Namespace) -> str | None:
    """Fill ``args.actor`` from ``SUPPORTKIT_AS`` when the command takes ``--as`` and it was
    not given (the flag wins); the usage error when neither is there or the variable is not
    an actor."""
    if not hasattr(args, "actor") or args.actor is not None:
        return None
    name = command_name(args)
    text = os.environ.get("SUPPORTKIT_AS", "")
    if not text.strip():
        return (f"{name}: who acts is required: give --as ACTOR (e.g. --as support:agent-7) "
                f"or set SUPPORTKIT_AS; see: supportkit {name} --help")
    try:
        args.actor = parse_actor(text)
    except argparse.ArgumentTypeError as exc:
        return f"{name}: SUPPORTKIT_AS: {exc}; or give --as ACTOR"
    return None


def _check_arguments(argv: Sequence[str]) -> str | None:
    """Why ``argv`` cannot be used (an argument that is not UTF-8 text), or None."""
    for number, arg in enumerate(argv, 1):
        where = first_invalid(arg)
        if where is None:
            continue
        option, sep, _ = arg.partition("=")
        if arg.startswith("--") and sep:
            name = f"the value of {option}"
        elif number > 1 and argv[number - 2].startswith("-") and "=" not in argv[number - 2]:
            name = f"argument {number} (the value of {argv[number - 2]})"
        else:
            name = f"argument {number}"
        code = ord(arg[where])
        byte = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        return (f"{escape_controls(name)} is not UTF-8 text ({byte} at character {where + 1} "
                f"of '{shorten(escape_controls(arg))}'); arguments must be UTF-8: re-encode "
                "it (e.g. with iconv -f latin1 -t utf-8) and try again; nothing was changed")
    return None


def _read_only(exc: BaseException) -> str | None:
    """The driver's words when ``exc`` or an error it was raised from says the medium is
    read-only, else None."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, OSError) and seen.errno == errno.EROFS:
            return seen.strerror or str(seen)
        if isinstance(seen, sqlite3.Error):
            text = str(seen)
            if "readonly" in text.lower() or "read-only" in text.lower():
                return text
        seen = seen.__cause__ or seen.__context__
    return None


def _read_only_message(db: str, why: str) -> str:
    file = db_file(db) or db
    tip = ("" if db.startswith("file:") else
           f"; to only read a desk on a read-only medium, use --db 'file:{file}?immutable=1'")
    return (f"{db} is read-only (the file or its directory; {why}): nothing was written. "
            "Give a writable database file in a writable directory, or copy it to one" + tip)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if argv is None:  # the real command: a terminal that cannot show a character gets \uXXXX
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    refused = _check_arguments(arguments)
    if refused is not None:
        _say(refused)
        return 2
    if sys.stdout is None:
        _say("stdout is closed: the answer could not be written anywhere; nothing was run "
             "(redirect it to /dev/null to throw the answer away)")
        return 1
    ALTERED.reset()
    try:
        args = build_parser().parse_args(arguments)
    except RecursionError:  # argparse on absurd inputs; never seen, but never a traceback
        _say("the arguments could not be read (nested too deeply)")
        return 2
    missing = resolve_actor(args)
    if missing is not None:
        _say(missing)
        return 2
    name = command_name(args)
    try:
        status = args.func(args)
        sys.stdout.flush()
    except StorageError as exc:
        why = _read_only(exc)
        if why is not None:
            _say(_read_only_message(str(args.db), why))
        else:
            _say(f"{name}: {in_command_words(str(exc))}")
        return 1
    except SupportkitError as exc:
        hint = ""
        if isinstance(exc.__cause__, UnicodeError):
            # The arguments were checked above: the text that is not valid Unicode is stored.
            hint = ("; the text that is not valid Unicode is already stored in the ticket (by "
                    "an earlier version): it can still be read (show, list, export, with "
                    "U+FFFD or escapes) but not changed; to repair it, export the desk (which "
                    "writes U+FFFD in its place) and import that into a new desk")
        _say(f"{name}: {in_command_words(str(exc))}{hint}")
        return 1
    except BrokenPipeError:  # e.g. `supportkit export | head`: the reader has had enough
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        why = _read_only(exc)
        if why is not None:
            _say(_read_only_message(str(args.db), why))
        else:
            _say(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
        return 1
    except KeyboardInterrupt:
        _say("interrupted; a unit of work that was not finished was rolled back")
        return 130
    except RecursionError:
        if os.environ.get("SUPPORTKIT_TRACEBACK"):
            raise
        _say("the input is nested too deeply to be read; nothing was changed")
        return 1
    except OverflowError as exc:
        _say(f"a number, instant or duration is out of range ({exc}); nothing was changed")
        return 1
    except MemoryError:
        _say("not enough memory for this input; nothing was changed")
        return 1
    except Exception as exc:
        if os.environ.get("SUPPORTKIT_TRACEBACK"):
            raise
        if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
            _say("a number has more than 4300 digits; nothing was changed")
            return 1
        if isinstance(exc, ValueError) and "null" in str(exc):
            _say(f"a path or text holds a NUL character, which cannot be used ({exc}); "
                 "nothing was changed")
            return 1
        _say(f"unexpected error {type(exc).__name__}: {exc} (a bug: please report it; "
             "SUPPORTKIT_TRACEBACK=1 shows where)")
        return 1
    if ALTERED.items:
        items = ALTERED.items
        if len(items) > 1 and all(item.startswith("ticket ") for item in items):
            items = [f"tickets {items[0].removeprefix('ticket ')}",
                     *(item.removeprefix("ticket ") for item in items[1:])]
        shown = ", ".join(items[:10])
        more = f" and {len(items) - 10} more" if len(items) > 10 else ""
        verb = "holds" if len(ALTERED.items) == 1 else "hold"
        _say(f"warning: {shown}{more} {verb} text that is not valid Unicode (stored by an "
             "earlier version); it was printed with U+FFFD (JSON) or as \\udcXX escapes (text) "
             "in its place; everything else was printed as stored")
        return ALTERED_STATUS
    return int(status or 0)


__all__ = ["build_parser", "main"]
