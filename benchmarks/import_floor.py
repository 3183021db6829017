"""Where ``supportkit import`` spends its time on SQLite, per ticket, next to the bare driver:
the floor left under the issue-15 target (import >= 0.5x a bare ``executemany``).

Run: python benchmarks/import_floor.py [--tickets 20000] [--repeat 3]

The same random tickets and JSON lines as ``bulk_bench.py``. Each step is CPU time
(``time.process_time``, best of ``--repeat``; a shared machine's load disturbs it less than
wall time), in microseconds per ticket, with the collector paused as import runs it:

- reading: parsing the lines (``read_records``, with its check that a line cannot hold a
  lone surrogate), structuring each snapshot with the validating converter, deriving its
  deadlines (``derive``) — all of it ``_snapshots``, which is what import runs;
- writing: ``add_many`` of the tickets (rows built and inserted), and the ``blob_ref``
  records of their attachments (``index_blobs_many``), each in a fresh file;
- the whole ``import_tickets``, and the bare driver inserting rows built beforehand.

It then prints the ratio bare / import, and the best ratio each part leaves on its own.
``orjson`` (not a supportkit dependency) is timed beside ``json`` when it is importable.
Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _tickets import random_ticket
from bulk_bench import paused_gc, sqlite_bare

from supportkit.adapters.sqlite import SqliteStore
from supportkit.app.blobs import index_blobs_many
from supportkit.cli.output import json_text
from supportkit.cli.transfer import _snapshots, import_tickets, read_records
from supportkit.deadlines import derive
from supportkit.policy import Policy
from supportkit.ports import BulkTicketRepository
from supportkit.serialization import structure
from supportkit.tickets.model import Ticket


def best_cpu(run: Callable[[], object], repeat: int) -> float:
    """The least CPU seconds of ``repeat`` calls of ``run`` (collector paused)."""
    times = []
    for _ in range(repeat):
        with paused_gc():
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
    return min(times)


def each(step: Callable[[Any], object], items: Sequence[Any]) -> Callable[[], None]:
    """``step`` of each item, its result dropped at once (as import streams them: keeping
    20,000 results alive would time the allocator too)."""

    def run() -> None:
        for item in items:
            step(item)

    return run


def in_fresh_store(work: Path, write: Callable[[Any], object]) -> Callable[[], object]:
    """``write(uow)`` in one unit of work of a new SQLite file (the file's creation and
    schema are not timed: only the unit of work is)."""
    count = 0

    def run() -> None:
        nonlocal count
        count += 1
        store = SqliteStore(work / f"step-{count}.db")
        try:
            with store.unit_of_work() as uow:
                write(uow)
        finally:
            store.close()

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    count, repeat = args.tickets, args.repeat
    tickets = [random_ticket(str(n)) for n in range(1, count + 1)]
    lines = [json_text(t, what=f"ticket {t.id}", indent=None) + "\n" for t in tickets]
    policy = Policy()
    parsed = [data for _, data in read_records(lines, "bench")]
    built = [structure(data, Ticket) for data in parsed]
    refs = [(t.id, [r for m in t.messages for r in m.attachments]) for t in tickets]
    refs = [(ticket_id, found) for ticket_id, found in refs if found]

    def add_many(uow: Any) -> None:
        assert isinstance(uow.tickets, BulkTicketRepository)
        uow.tickets.add_many(tickets)

    steps: list[tuple[str, Callable[[], object]]] = [
        ("json.loads of the lines alone", each(json.loads, lines)),
    ]
    try:
        import orjson  # optional: not a supportkit dependency
    except ImportError:
        pass
    else:
        steps.append(("orjson.loads of the lines alone (not used)", each(orjson.loads, lines)))
    steps += [
        ("read_records (parse + line check)",
         lambda: sum(1 for _ in read_records(lines, "bench"))),
        ("structure(data, Ticket), validating", each(lambda d: structure(d, Ticket), parsed)),
        ("derive(ticket, policy, version=1)",
         each(lambda t: derive(t, policy, version=1), built)),
        ("reading = _snapshots(read_records(...))",
         lambda: sum(1 for _ in _snapshots(read_records(lines, "bench"), policy))),
    ]
    with tempfile.TemporaryDirectory(prefix="import-floor-") as tmp:
        work = Path(tmp)
        steps += [
            ("add_many of the tickets (SQLite)", in_fresh_store(work, add_many)),
            ("blob_ref records of their attachments",
             in_fresh_store(work, lambda uow: index_blobs_many(uow, refs))),
        ]
        results = {name: best_cpu(run, repeat) for name, run in steps}
        imports = []
        for n in range(repeat):
            store = SqliteStore(work / f"import-{n}.db")
            start = time.process_time()
            import_tickets(store, policy, read_records(lines, "bench"))
            imports.append(time.process_time() - start)
            store.close()
        results["import_tickets, all of it (SQLite)"] = min(imports)
        bare = min(sqlite_bare(work / f"bare-{n}.db", tickets)[1] for n in range(repeat))
        results["bare executemany of rows built beforehand"] = bare
    report(results, count, bare)
    return 0


def report(results: dict[str, float], count: int, bare: float) -> None:
    width = max(map(len, results))
    print(f"== import on SQLite, {count:,} tickets: CPU us per ticket (best of runs)")
    for name, seconds in results.items():
        print(f"  {name:<{width}}  {seconds / count * 1e6:7.1f}")
    whole = results["import_tickets, all of it (SQLite)"]
    print(f"  import ratio (bare / import): {bare / whole:.2f}   target >= 0.5, i.e. import "
          f"<= {2 * bare / count * 1e6:.1f} us per ticket")
    parts: Sequence[str] = ("reading = _snapshots(read_records(...))",
                            "add_many of the tickets (SQLite)",
                            "blob_ref records of their attachments")
    for name in parts:
        print(f"  best ratio with {name} alone: {bare / results[name]:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
