"""Embedding supportkit in a hosting control panel that already has its own accounts.

The panel keeps its users in its own database; supportkit only mirrors the hierarchy
(admin → reseller → user → mailbox) so it can route tickets to the level above, decide who
sees what, and tell people by e-mail. Run: python examples/control_panel.py [--db panel.db]
"""

from __future__ import annotations

import argparse
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportkit import (
    Account,
    AccountRole,
    FixedClock,
    Helpdesk,
    PermissionDenied,
    Policy,
    Scope,
    TicketSummary,
)
from supportkit.access.workflows import ispmanager_workflow
from supportkit.adapters.sqlite import SqliteStore

# The control panel's own account table, as its database would hand it over:
# (login, level, parent login, customer company, notification address).
PANEL_ACCOUNTS = [
    ("root", "admin", None, None, "support@panel.example"),
    ("hostco", "reseller", "root", "hostco", "help@hostco.example"),
    ("webfirm", "reseller", "root", "webfirm", None),  # no address: nobody is mailed
    ("ann", "user", "hostco", "acme", "ann@acme.example"),
    ("ann-info", "mailbox", "ann", "acme", None),
    ("ben", "user", "hostco", "bakery", "ben@bakery.example"),
    ("cid", "user", "webfirm", "cidco", "cid@cidco.example"),
]


def mirror_accounts(desk: Helpdesk) -> None:
    """Copy the panel's hierarchy into supportkit; safe to re-run after every panel change
    (``add_account`` adds or updates, and refuses a tree that would not be a hierarchy)."""
    for login, level, parent, company, email in PANEL_ACCOUNTS:  # parents come first
        desk.add_account(Account(login, AccountRole(level), parent=parent, company=company,
                                 email=email))


def deliver_mail(desk: Helpdesk) -> None:
    """The panel's mail job: send what the outbox holds, then mark it sent."""
    pending = desk.outbox.pending(limit=100)
    for note in pending:
        if note.email is None:
            print(f"    (no address for {note.recipient or 'the support queue'}: "
                  f"{note.event} on #{note.ticket_id} stays in the panel only)")
            continue
        print(f"    mail to {note.email}: [#{note.ticket_id}] {note.subject} — "
              f"{note.event} by {note.actor}, now {note.status.value}")
    desk.outbox.mark_sent(n.id for n in pending)


def show(desk: Helpdesk, login: str, scope: Scope) -> list[str]:
    visible = [f"#{t.id} {t.subject}" for t in desk.tickets(login, scope=scope)]
    print(f"  {login:8} {scope.value:8} sees {visible or 'nothing'}")
    return visible


def say(clock: FixedClock, text: str) -> None:
    print(f"[{clock.now():%a %H:%M}] {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="panel.db", help="SQLite file, recreated every run")
    db = Path(parser.parse_args(argv).db)
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(f"{db}.blobs", ignore_errors=True)  # attachments of the previous run

    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    store = SqliteStore(db)
    # ISPmanager-style rules: a reply from above marks a ticket answered (SOLVED), a reply
    # from below brings it back, even from the archive.
    desk = Helpdesk(store, Policy(workflow=ispmanager_workflow()), clock)
    mirror_accounts(desk)
    print(f"mirrored {len(PANEL_ACCOUNTS)} panel accounts into {db}")

    # A mailbox user writes to the level above it: the user account that owns the mailbox.
    quota = desk.open_ticket(desk.actor_for("ann-info"), subject="Mailbox full",
                             body="info@acme.example bounces: quota exceeded")
    say(clock, f"ann-info opened #{quota.id}, addressed to {quota.addressed_to}")
    # The user writes to her reseller; the reseller's own tickets go to the admin.
    dns = desk.open_ticket(desk.actor_for("ann"), subject="DNS not updating",
                           body="The new MX record is not served")
    say(clock, f"ann opened #{dns.id}, addressed to {dns.addressed_to}")
    billing = desk.open_ticket(desk.actor_for("hostco"), subject="Invoice question",
                               body="Why did the licence price change?")
    say(clock, f"hostco opened #{billing.id}, addressed to {billing.addressed_to}")
    deliver_mail(desk)

    clock.advance(timedelta(minutes=25))
    # Each level processes its children's tickets, acting on the side the ticket gives it.
    reply_as = desk.actor_for("ann", quota)
    desk.reply(quota.id, reply_as, "Raised the quota to 5 GB.")
    say(clock, f"ann answered #{quota.id} as {reply_as.side.value}")
    answered: TicketSummary = desk.reply(dns.id, desk.actor_for("hostco", dns),
                                         "Zone reloaded.")
    say(clock, f"hostco answered #{dns.id}: {answered.status.value}")
    deliver_mail(desk)

    clock.advance(timedelta(hours=3))
    back = desk.reply(dns.id, desk.actor_for("ann", dns), "Still the old MX from here.")
    say(clock, f"ann wrote again on #{dns.id}: back to {back.status.value}")
    deliver_mail(desk)

    print("who sees what (scopes are enforced by supportkit, not by the panel):")
    assert show(desk, "ann", Scope.OWN) == [f"#{dns.id} DNS not updating"]
    show(desk, "ann", Scope.HANDLED)
    show(desk, "hostco", Scope.HANDLED)
    show(desk, "root", Scope.HANDLED)
    assert show(desk, "webfirm", Scope.HANDLED) == []
    assert show(desk, "cid", Scope.COMPANY) == []

    # A customer of another reseller guessing ids learns nothing: a forbidden ticket and a
    # missing one are refused with the same message.
    messages = set()
    for ticket_id in (dns.id, "999"):
        try:
            desk.get(ticket_id, "cid")
        except PermissionDenied as refused:
            messages.add(str(refused).replace(repr(ticket_id), "<id>"))
    assert len(messages) == 1
    print(f"cid asking for #{dns.id} or #999: {messages.pop()}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
