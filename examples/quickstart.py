"""The `make demo` story: one Odin support request, from the entitlement check to the purge.

Run: python examples/quickstart.py [--db demo.db]

The desk runs the Odin preset (seed guide 000), which refuses requesters without a support
option, on an SQLite file. Every fact printed — deadlines, refusals, redactions, what the
purge freed — is computed by supportkit; the script only moves a fixed clock and calls the
desk.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

from supportkit import (
    Actor,
    Contract,
    FixedClock,
    Helpdesk,
    InvalidTransition,
    NotEligible,
    NotEntitled,
    Upload,
    presets,
)
from supportkit.adapters.sqlite import SqliteStore
from supportkit.durations import format_duration

CODE = "555 123 4567"  # the partner's ten-digit Odin support code


def fresh_store(db: Path) -> SqliteStore:
    """The demo database, recreated on every run (with its WAL files and blob folder)."""
    stale = [p for p in (db, *(Path(f"{db}{s}") for s in ("-wal", "-shm"))) if p.exists()]
    blobs = Path(f"{db}.blobs")
    if stale or blobs.exists():
        print(f"starting fresh: deleting the previous demo database {db} and {blobs}/")
        for path in stale:
            path.unlink()
        shutil.rmtree(blobs, ignore_errors=True)
    print(f"tickets go to {db}, attachments to {blobs}/")
    return SqliteStore(db)


def odin_desk(store: SqliteStore, clock: FixedClock) -> Helpdesk:
    """The Odin preset, refusing requesters without a support option. Odin's guide sets no
    retention rule (the preset purges nothing), so this desk adds one: attachments and raw
    e-mails go once the keep period (which is also the reopen window) has passed."""
    odin = presets.odin.policy()
    retention = attrs.evolve(odin.retention, private={"attachment", "raw_email"},
                             zone=odin.calendar.tz)
    return Helpdesk(store=store, policy=attrs.evolve(odin, retention=retention), clock=clock)


def say(clock: FixedClock, text: str) -> None:
    """One line of the story, stamped with the desk's clock and wrapped to be readable."""
    print(textwrap.fill(text, width=100, initial_indent=f"[{clock.now():%a %d %b %H:%M}] ",
                        subsequent_indent=" " * 19))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="demo.db", help="SQLite file, recreated on every run")
    args = parser.parse_args(argv)

    store = fresh_store(Path(args.db))
    clock = FixedClock(datetime(2026, 3, 6, 17, 50, tzinfo=UTC))  # a Friday evening
    desk = odin_desk(store, clock)
    policy = desk.policy
    desk.add_contract(Contract(id="odin-1", company="hoster", level="standard",
                               valid_from=datetime(2026, 1, 1, tzinfo=UTC), support_code=CODE))
    partner = Actor.customer("partner-admin", company="hoster")
    agent = Actor.support("agent-7")
    say(clock, f"desk runs the {policy.name!r} preset; entitlement required: "
               f"{policy.require_entitlement}")
    say(clock, f"retention added to it: {policy.retention.describe()}")

    # 1. Entitlement: "you are first required to have valid support options".
    try:
        desk.open_ticket(Actor.customer("walk-in"), "Help", "Panel is slow",
                         fields={"description": "slow"})
    except NotEntitled as refused:
        say(clock, f"refused: {refused}")
    say(clock, f"support code {CODE}: {desk.entitlement(support_code=CODE).reason}")

    # 2. Open with the support code, the required details and a log file.
    clock.advance(timedelta(minutes=10))
    ticket = desk.open_ticket(
        partner, subject="Billing run fails", body="Every invoice run stops with error 500.",
        severity=1, support_code=CODE,
        fields={"description": "Error 500 on the Billing > Invoices page",
                "steps": "Billing > Invoices > Run now"},
        attachments=[Upload("billing.log", b"2026-03-06 17:41 ERROR 500 invoice run\n" * 40)],
    )
    log = ticket.messages[0].attachments[0]
    target = policy.sla.target(ticket.severity)
    assert target is not None and target.initial_response is not None
    say(clock, f"#{ticket.id} opened: {ticket.subject!r}, severity {ticket.severity} "
               f"({policy.priorities.label(ticket.severity)}), contract {ticket.contract_id}, "
               f"{log.filename} ({log.size} bytes) attached")
    say(clock, f"first response due {ticket.first_response_due:%a %H:%M}: "
               f"{format_duration(target.initial_response)} on the {target.calendar!r} "
               "calendar, Friday evening or not")
    intake = desk.intake_report(ticket.id)
    if intake is not None:
        say(clock, f"intake: required details missing: {list(intake.missing) or 'none'}; "
                   f"{len(intake.hints)} more would help, e.g. {intake.hints[0]!r}")

    # 3. The first response; the partner answers by e-mail, with a password in it.
    clock.advance(timedelta(minutes=40))
    desk.reply(ticket.id, agent, "Looking at the invoice run; please fill in the "
                                 "Support Permission Agreement Form for server access.")
    ticket = desk.get(ticket.id)  # actions return a summary; get reads the whole ticket
    waited = (ticket.first_response_at or clock.now()) - ticket.created_at
    say(clock, f"agent-7 replied: first response after {format_duration(waited)} "
               f"({desk.sla(ticket.id).first_response.state.value})")
    clock.advance(timedelta(minutes=10))
    desk.reply(ticket.id, partner, "Server access: root\npassword: Hunter2!x", channel="email")
    ticket = desk.get(ticket.id)
    stored = ticket.messages[-1].body.splitlines()[-1]
    say(clock, f"stored {stored!r} from the partner's e-mail reply (it held the root password)")

    # 4. Escalation: severity 1, by phone, an hour after the last support correspondence.
    clock.advance(timedelta(minutes=20))
    try:
        desk.escalate(ticket.id, partner, method="phone")
    except NotEligible as early:
        say(clock, f"escalation refused: {early}")
        clock.set(early.eligible_at or clock.now())
    row = desk.escalate(ticket.id, partner, method="phone")
    method = desk.get(ticket.id).events[-1].data["method"]
    say(clock, f"escalated by {method}; status {row.status.value}")

    # 5. Resolution, then the customer's confirmation closes the ticket.
    clock.advance(timedelta(minutes=50))
    desk.reply(ticket.id, agent, "Fixed: the invoice template referenced a deleted tax rule.")
    row = desk.solve(ticket.id, agent)
    say(clock, f"agent-7 solved #{row.id} ({row.status.value})")
    clock.set(datetime(2026, 3, 7, 9, 0, tzinfo=UTC))
    row = desk.confirm(ticket.id, partner)
    assert row.retention_due is not None
    say(clock, f"partner confirmed: {row.status.value}; {log.filename} kept until "
               f"{row.retention_due:%a %d %b %H:%M} (reopen window "
               f"{format_duration(policy.reopen_window or timedelta(0))})")

    # 6. The keep period ends; the next scheduled retention run purges the log.
    clock.set(desk.next_retention_run(after=row.retention_due))
    report = desk.run_retention()
    ticket = desk.get(ticket.id)
    purged = ticket.messages[0].attachments[0]
    say(clock, f"retention run purged tickets {list(report.purged)}: {report.bytes_freed} "
               f"bytes freed in {report.blobs_deleted} blob(s); {purged.filename} purged="
               f"{purged.purged}, content still stored: {store.blobs.exists(purged.sha256)}")
    try:
        desk.reopen(ticket.id, partner)
    except InvalidTransition as refused:
        say(clock, f"reopen refused: {refused}")

    say(clock, "history: " + ", ".join(event.kind for event in ticket.events))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
