"""Redaction and privacy scanning on adversarial text: is the work linear in the input?

Each family repeats a short unit that used to make a pattern rescan the rest of the input
(runs of scheme characters before a ``://`` that never comes, JWT-looking segments, local
parts without a domain, colon runs, labels without values, long digit and blank runs, and a
mix). For 10 KB, 100 KB and 1 MB of each, the script times ``Redactor().redact`` (all
detectors), ``scan`` (personal-data findings) and ``Redactor().redact_email`` (the raw-e-mail
pass on a message whose body is that text). Every cell runs in a child process with a
timeout, so a quadratic case shows as ``> Ns`` instead of holding the run; once a size times
out, larger sizes of that family are skipped.

Run: ``.venv/bin/python benchmarks/redaction_adversarial.py [--timeout 20] [--sizes 10000,...]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import time
from collections.abc import Callable

from supportkit.privacy import Redactor, scan

KB = 1000


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


def _redact_email(text: str) -> None:
    raw = ("From: a@example.com\r\nSubject: s\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "\r\n" + text).encode()
    Redactor().redact_email(raw)


FUNCTIONS: dict[str, Callable[[str], None]] = {
    "redact": _redact,
    "scan": _scan,
    "redact_email": _redact_email,
}


def _child(function: str, family: str, size: int, out: multiprocessing.Queue[float]) -> None:
    text = FAMILIES[family](size)
    start = time.process_time()
    FUNCTIONS[function](text)
    out.put(time.process_time() - start)


def measure(function: str, family: str, size: int, timeout: float) -> float | None:
    """CPU seconds of one call in a child process; ``None`` when it ran out of time."""
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[float] = context.Queue()
    child = context.Process(target=_child, args=(function, family, size, out))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return out.get(timeout=5) if child.exitcode == 0 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--sizes", default=f"{10 * KB},{100 * KB},{1000 * KB}")
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    functions = args.functions.split(",")
    labels = [f"{s // KB} KB" if s < 1000 * KB else f"{s // (1000 * KB)} MB" for s in sizes]
    print(f"| family | function | {' | '.join(labels)} |")
    print(f"|---|---|{'---|' * len(sizes)}")
    for family in FAMILIES:
        for function in functions:
            cells: list[str] = []
            gave_up = False
            for size in sizes:
                if gave_up:
                    cells.append("skipped")
                    continue
                seconds = measure(function, family, size, args.timeout)
                if seconds is None:
                    cells.append(f"> {args.timeout:g} s")
                    gave_up = True
                else:
                    cells.append(f"{seconds * 1000:.1f} ms")
            print(f"| {family} | {function} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
