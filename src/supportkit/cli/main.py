"""Entry point of the ``supportkit`` command: parse, run, turn refusals into exit statuses.

Exit status: 0 done; 1 refused by a rule or not possible (one line on stderr); 2 usage error.
A person never sees a traceback: set ``SUPPORTKIT_TRACEBACK=1`` to get one for a bug report.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from supportkit.cli.parser import build_parser
from supportkit.errors import SupportkitError


def _say(text: str) -> None:
    print("supportkit: " + " ".join(text.split()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()
    except SupportkitError as refused:
        _say(f"{type(refused).__name__}: {refused}")
        return 1
    except BrokenPipeError:  # e.g. `supportkit export | head`: the reader has had enough
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        _say(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
        return 1
    except KeyboardInterrupt:
        _say("interrupted; a unit of work that was not finished was rolled back")
        return 130
    except Exception as exc:
        if os.environ.get("SUPPORTKIT_TRACEBACK"):
            raise
        _say(f"unexpected error {type(exc).__name__}: {exc} (a bug: please report it; "
             "SUPPORTKIT_TRACEBACK=1 shows where)")
        return 1
    return int(status or 0)


__all__ = ["build_parser", "main"]
