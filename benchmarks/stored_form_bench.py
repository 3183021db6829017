"""Stored-form benchmark: microseconds per ticket to turn a ticket's head and events into the
JSON text the SQL stores write (``head_json`` + ``event_json`` of the SQLite adapter, which
both SQL stores' row builders share the dict-building of).

Run: python benchmarks/stored_form_bench.py [--tickets 5000] [--rounds 5]

It times the same random tickets as ``bulk_bench.py`` (``_tickets.random_ticket``, two
replies and a note each) in one process: the stored form as the adapters build it, and for
reference ``json(converter.unstructure(...))`` of the one converter, so a run on an older
checkout (``PYTHONPATH=<checkout>/src``) gives that checkout's figures to compare. It prints
the best of ``--rounds`` rounds. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable

import attrs
from _tickets import random_ticket

from supportkit.adapters.sqlite.queries import event_json, head_json
from supportkit.serialization import converter
from supportkit.tickets.head import TicketHead, head_of
from supportkit.tickets.model import Event, Ticket

_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _tickets(count: int) -> list[tuple[TicketHead, tuple[Event, ...]]]:
    out = []
    for n in range(count):
        ticket: Ticket = random_ticket(str(n + 1))
        ticket = attrs.evolve(ticket, fields={"plan": "gold", "dc": "fra1"})
        out.append((head_of(ticket), ticket.events))
    return out


def _best(rounds: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tickets = _tickets(args.tickets)
    events = sum(len(e) for _, e in tickets)

    def adapters() -> None:
        for head, evs in tickets:
            head_json(head)
            for event in evs:
                event_json(event)

    def plain_converter() -> None:
        for head, evs in tickets:
            _ENCODE(converter.unstructure(head))
            for event in evs:
                _ENCODE(converter.unstructure(event))

    print(f"{args.tickets:,} tickets, {events / args.tickets:.1f} events each; "
          f"CPU µs per ticket (head + events to JSON text), best of {args.rounds}")
    base = _best(args.rounds, adapters)
    print(f"  adapters' stored form (head_json + event_json): "
          f"{base / args.tickets * 1e6:7.1f} µs")
    conv = _best(args.rounds, plain_converter)
    print(f"  json(converter.unstructure(...)):               "
          f"{conv / args.tickets * 1e6:7.1f} µs  (x{conv / base:.2f} of the adapters')")


if __name__ == "__main__":
    main()
