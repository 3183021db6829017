"""Redaction and privacy scanning on adversarial text: is the work linear in the input?

Each family repeats a short unit that used to make a pattern rescan the rest of the input
(runs of scheme characters before a ``://`` that never comes, JWT-looking segments, local
parts without a domain, colon runs, labels without values, long digit and blank runs, and a
mix). For 10 KB, 100 KB and 1 MB of each, the script times ``Redactor().redact`` (all
detectors), ``scan`` (personal-data findings) and ``Redactor().redact_email`` (the raw-e-mail
pass on a message whose body is that text), in CPU seconds. Every cell runs in a child
process with a CPU-time limit (``--timeout``, enforced by the kernel, so a loaded machine
does not cut a cell short; ``--wall`` is a last resort), so a quadratic case shows as
``> N s`` instead of holding the run; once a size times out, larger sizes of that family are
skipped.

``--legacy`` adds a "before" row under each family and function: the same calls on the
patterns as they were before issue 16, kept for the equivalence tests in
``tests/privacy/legacy_redaction.py`` and ``legacy_findings.py`` (imported from there only
with this option; they are not part of the package).

Run: ``.venv/bin/python benchmarks/redaction_adversarial.py [--timeout 20] [--wall 200]
[--sizes 10000,...] [--families "a. repeated,mixed"] [--legacy]``
"""

from __future__ import annotations

import argparse
import importlib
import math
import multiprocessing
import random
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supportkit.privacy import Redactor, scan

KB = 1000
#: Where the pre-issue-16 patterns are kept (test helpers, not part of the package).
LEGACY_DIR = Path(__file__).resolve().parent.parent / "tests" / "privacy"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _mixed(n: int) -> str:
    rng = random.Random(16)
    units = ["a.", "eyJ.", "aaaa", "@", "://", ":", "/", "password:", "1234567", " ",
             "eyJhbGciOi-", "1:", "xoxb-", "Token ", "-----BEGIN ", "=?utf-8?q?", "\n"]
    parts: list[str] = []
    size = 0
    while size < n:
        unit = rng.choice(units) * rng.randint(1, 40)
        parts.append(unit)
        size += len(unit)
    return "".join(parts)[:n]


FAMILIES: dict[str, Callable[[int], str]] = {
    "a. repeated": _repeat("a."),
    "eyJ. repeated": _repeat("eyJ."),
    "eyJ…- segments": _repeat("eyJhbGciOi-"),
    "aaaa…@": lambda n: "a" * (n - 1) + "@",
    ":/ runs": _repeat(":/"),
    "hex:… then g": lambda n: _repeat("1:")(n - 1) + "g",
    "password: repeated": _repeat("password:"),
    "long digits": _repeat("1234567890"),
    "long whitespace": lambda n: "pwd" + " " * (n - 4) + "x",
    "e-mail addresses": _repeat("a@b.cc "),
    "links and phones": _repeat("http://x.io/1 +49 30 1234567 "),
    "mixed": _mixed,
}


def _redact(text: str) -> None:
    Redactor().redact(text)


def _scan(text: str) -> None:
    scan([("body", text)])


def _message(text: str) -> bytes:
    return ("From: a@example.com\r\nSubject: s\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "\r\n" + text).encode()


def _redact_email(text: str) -> None:
    Redactor().redact_email(_message(text))


def _legacy() -> tuple[Any, Any]:
    """The modules ``legacy_redaction`` and ``legacy_findings`` (imported on first use)."""
    if str(LEGACY_DIR) not in sys.path:
        sys.path.insert(0, str(LEGACY_DIR))
    return (importlib.import_module("legacy_redaction"),
            importlib.import_module("legacy_findings"))


def _legacy_redact(text: str) -> None:
    redaction, _ = _legacy()
    redaction.Redactor().redact(text)


def _legacy_scan(text: str) -> None:
    _, findings = _legacy()
    findings.scan([("body", text)])


def _legacy_redact_email(text: str) -> None:
    redaction, _ = _legacy()
    redaction.Redactor().redact_email(_message(text))


FUNCTIONS: dict[str, Callable[[str], None]] = {
    "redact": _redact,
    "scan": _scan,
    "redact_email": _redact_email,
}
LEGACY: dict[str, Callable[[str], None]] = {
    "redact": _legacy_redact,
    "scan": _legacy_scan,
    "redact_email": _legacy_redact_email,
}


def _child(function: str, family: str, size: int, legacy: bool, timeout: float,
           out: multiprocessing.Queue[float]) -> None:
    text = FAMILIES[family](size)
    call = (LEGACY if legacy else FUNCTIONS)[function]
    if legacy:
        _legacy()  # the import is not part of the time
    start = time.process_time()
    # The CPU budget is enforced by the kernel (SIGXCPU), so a loaded machine, which
    # stretches wall time, does not cut a cell short.
    limit = math.ceil(start + timeout)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
    call(text)
    out.put(time.process_time() - start)


def measure(function: str, family: str, size: int, timeout: float, wall: float,
            legacy: bool = False) -> float | str:
    """CPU seconds of one call in a child process, or the cell's text when it ran out of
    ``timeout`` CPU seconds (or of ``wall`` seconds on the clock). ``legacy``: the
    pre-issue-16 patterns instead of the package's."""
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[float] = context.Queue()
    child = context.Process(target=_child,
                            args=(function, family, size, legacy, timeout, out))
    child.start()
    child.join(wall)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"> {wall:g} s wall"
    if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"> {timeout:g} s"
    return out.get(timeout=5) if child.exitcode == 0 else float("nan")


def _cells(function: str, family: str, sizes: list[int], timeout: float, wall: float,
           legacy: bool) -> list[str]:
    cells: list[str] = []
    gave_up = False
    for size in sizes:
        if gave_up:
            cells.append("skipped")
            continue
        seconds = measure(function, family, size, timeout, wall, legacy)
        if isinstance(seconds, str):
            cells.append(seconds)
            gave_up = True
        else:
            cells.append(f"{seconds * 1000:.1f} ms")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="CPU seconds per cell before it shows as '> N s'")
    parser.add_argument("--wall", type=float, default=None,
                        help="wall seconds per cell (default: 10 x --timeout)")
    parser.add_argument("--sizes", default=f"{10 * KB},{100 * KB},{1000 * KB}")
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    parser.add_argument("--families", default=None,
                        help="comma-separated family names (default: all)")
    parser.add_argument("--legacy", action="store_true",
                        help="also time the pre-issue-16 patterns (a 'before' row per row)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    wall = args.wall if args.wall is not None else 10 * args.timeout
    functions = args.functions.split(",")
    families = args.families.split(",") if args.families else list(FAMILIES)
    labels = [f"{s // KB} KB" if s < 1000 * KB else f"{s / (1000 * KB):g} MB" for s in sizes]
    print(f"| family | function | code | {' | '.join(labels)} |")
    print(f"|---|---|---|{'---|' * len(sizes)}")
    for family in families:
        for function in functions:
            rows = [("before", True), ("after", False)] if args.legacy else [("after", False)]
            for code, legacy in rows:
                cells = _cells(function, family, sizes, args.timeout, wall, legacy)
                print(f"| {family} | {function} | {code} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
