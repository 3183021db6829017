"""Stored-form benchmark: CPU microseconds per ticket to turn a ticket's head and events into
the JSON text the SQL stores write.

Run: python benchmarks/stored_form_bench.py [--tickets 5000] [--rounds 7] [--hand-built FILE]

The tickets are ``bulk_bench.py``'s (``_tickets.random_ticket``, 1.7 events each on average)
with two custom fields. Rows, timed in turns in one process, best of ``--rounds``:

- ``head_json`` + ``event_json`` of the SQLite adapter (what both SQL stores build on);
- ``json(converter.unstructure(...))`` of the one converter;
- with ``--hand-built FILE``: the ``head_data``/``event_data`` of a module loaded from
  ``FILE``, e.g. the hand-built stored form this benchmark replaced
  (``git show cb1c53a:src/supportkit/serialization/stored.py > /tmp/hand_built.py``).

Run it on an older checkout (``PYTHONPATH=<checkout>/src``) for that checkout's converter
(before 6a4bf1b: the converter without the stored-form hooks). Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import time
from collections.abc import Callable
from typing import Any

import attrs
from _tickets import random_ticket

from supportkit.adapters.sqlite.queries import event_json, head_json
from supportkit.serialization import converter
from supportkit.tickets.head import TicketHead, head_of
from supportkit.tickets.model import Event

_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
Tickets = list[tuple[TicketHead, tuple[Event, ...]]]


def _tickets(count: int) -> Tickets:
    out = []
    for n in range(count):
        ticket = attrs.evolve(random_ticket(str(n + 1)), fields={"plan": "gold", "dc": "fra1"})
        out.append((head_of(ticket), ticket.events))
    return out


def _writer(head: Callable[[TicketHead], Any], event: Callable[[Event], Any],
            tickets: Tickets) -> Callable[[], None]:
    def run() -> None:
        for one, events in tickets:
            head(one)
            for item in events:
                event(item)

    return run


def _load(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("hand_built_stored_form", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--hand-built", metavar="FILE")
    args = parser.parse_args()
    tickets = _tickets(args.tickets)
    events = sum(len(e) for _, e in tickets)
    unstructure = converter.unstructure
    rows = {
        "adapters (head_json + event_json)": _writer(head_json, event_json, tickets),
        "json(converter.unstructure(...))": _writer(
            lambda h: _ENCODE(unstructure(h)), lambda e: _ENCODE(unstructure(e)), tickets),
    }
    if args.hand_built:
        module = _load(args.hand_built)
        rows["hand-built (--hand-built FILE)"] = _writer(
            lambda h: _ENCODE(module.head_data(h)), lambda e: _ENCODE(module.event_data(e)),
            tickets)
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.rounds):
        for name, run in rows.items():
            gc.collect()
            start = time.process_time()
            run()
            times[name].append(time.process_time() - start)
    print(f"{args.tickets:,} tickets, {events / args.tickets:.1f} events each; CPU µs per "
          f"ticket (head + events to JSON text), best of {args.rounds}, rounds in turns")
    base = min(times["adapters (head_json + event_json)"])
    for name, spent in times.items():
        print(f"  {name:36s} {min(spent) / args.tickets * 1e6:7.1f} µs  "
              f"(x{min(spent) / base:.2f} of the adapters')")


if __name__ == "__main__":
    main()
