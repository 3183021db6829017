"""The store adapter contract suite: every :class:`~supportkit.ports.Store` passes it.

It pins down what the ports promise, so the in-memory store, the SQLite store and any
third-party adapter behave the same: round trips, ``NotFound``, optimistic concurrency,
atomic units of work, ticket queries, records and blobs, and units of work against each other
(the nesting rule, read-only units of work, overlapping writers, ``for_update``).

Use it from your adapter's test module (pytest and hypothesis installed; nothing from
supportkit's own ``conftest.py`` is needed)::

    # tests/test_my_store_contract.py
    from supportkit.testing.contract import StoreContract

    class TestMyStore(StoreContract):
        persistent = True                     # data survives closing and reopening
        supports_concurrent_processes = True  # two stores on one location see each other
        supports_claims = True                # the optional work-queue claim protocols
        serializes_writers = False            # True: a second writer waits to begin

        def make_store(self, tmp_path):
            return MyStore(tmp_path / "data")  # same tmp_path -> same location

pytest collects the inherited ``test_*`` methods. ``make_store(tmp_path)`` must return a
new, open store; for a persistent store, calling it again with the same ``tmp_path`` opens
the same data. The parts can be used alone: :class:`TicketRepositoryContract`,
:class:`RecordRepositoryContract`, :class:`BlobStoreContract`, :class:`UnitOfWorkContract`,
:class:`ClaimContract`, :class:`TransactionContract` (each needs only ``make_store``). The
capability flags are listed on :class:`StoreFactory`.

Query results are compared with the reference semantics of
:func:`supportkit.adapters.reference.matches` (the in-memory store's evaluation), so an adapter
that passes returns exactly what every other adapter returns.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import attrs

from supportkit._extras import missing_extra
from supportkit.app.repositories import add_tickets

try:
    import pytest
except ImportError as exc:
    raise missing_extra("pytest", "test", "the supportkit contract suites") from exc

from supportkit.adapters.reference import (
    DEADLINE_COLUMNS,
    ORDERS,
    append_each,
    deadline,
    delete_each,
    matches,
    put_each,
    searchable_words,
    select_tickets,
    sort_key,
)
from supportkit.errors import Conflict, InvalidInput, NotFound, StorageError
from supportkit.ports import (
    BatchDeletingBlobStore,
    BulkAppendTicketRepository,
    BulkRecordRepository,
    BulkTicketRepository,
    ClaimingRecordRepository,
    ClaimingTicketRepository,
    RecordPut,
    Store,
    SweepingBlobStore,
    TicketQuery,
    UnitOfWork,
)
from supportkit.testing.contract_transactions import TransactionContract
from supportkit.testing.store_factory import (
    AGENT,
    T0,
    StoreFactory,
    bump,
    changed,
    in_thread,
    make_ticket,
    save,
)
from supportkit.tickets.actors import Actor
from supportkit.tickets.head import TicketHead, TicketSummary, head_of, summary_of
from supportkit.tickets.history import apply
from supportkit.tickets.model import Event, Message, Ticket
from supportkit.tickets.status import TicketStatus

__all__ = [
    "BlobStoreContract",
    "ClaimContract",
    "RecordRepositoryContract",
    "StoreContract",
    "StoreFactory",
    "TicketRepositoryContract",
    "TransactionContract",
    "UnitOfWorkContract",
    "keyset_ids",
    "make_ticket",
]

def _statuses(*statuses: TicketStatus) -> Any:
    # TicketQuery converts with ``frozenset``, whose generic signature mypy cannot check.
    return frozenset(statuses)


def _ids(tickets: Sequence[Ticket | TicketHead | TicketSummary]) -> list[str]:
    return [t.id for t in tickets]


def keyset_ids(store: Store, query: TicketQuery, limit: int = 2) -> list[str]:
    """The ids of every ticket ``query`` finds, read in keyset pages of ``limit`` (each page
    after the last id of the one before, as a panel pages), one unit of work per page."""
    seen: list[str] = []
    page_query = attrs.evolve(query, limit=limit)
    while True:
        with store.unit_of_work(readonly=True) as uow:
            page = _ids(uow.tickets.query(page_query))
        if not page:
            return seen
        seen += page
        page_query = attrs.evolve(page_query, after_id=page[-1])


def _corpus() -> list[Ticket]:
    """Tickets that differ in every filterable field, for query comparisons."""
    acme = Actor.customer("alice", company="acme")
    bob = Actor.customer("bob", company="acme")
    carol = Actor.customer("carol", company="beta")
    dave = Actor.customer("dave")
    hour = timedelta(hours=1)
    return [
        make_ticket("1", subject="Mail delivery stopped", requester=acme, category="mail",
                    assignee="agent-7",
                    deadlines={"first_response_due": T0 + 2 * hour,
                               "resolution_due": T0 + 8 * hour}),
        make_ticket("2", subject="DNS zone not updating", body="The MX record is stale",
                    requester=bob, category="dns", addressed_to="reseller-1",
                    assignee="agent-9",
                    deadlines={"first_response_due": T0 + hour, "eta": T0 + 24 * hour,
                               "next_update_due": T0 + 2 * hour}),
        make_ticket("3", subject="Backup failed", body="Backup job exits with 137",
                    requester=carol, status=TicketStatus.SOLVED, replies=["Raised memory"],
                    notes=["customer uses an old agent"],
                    deadlines={"escalation_eligible_at": T0 + 3 * hour}),
        make_ticket("4", subject="Ünïcode Straße subject", body="naïve café résumé",
                    requester=dave, status=TicketStatus.CLOSED, addressed_to="reseller-1",
                    deadlines={"retention_due": T0 + 90 * 24 * hour,
                               "first_response_due": T0 + 2 * hour}),
        make_ticket("10", subject="mail bounce loop", body="\"quoted\" 100% NEAR(mail*) a:b",
                    requester=acme, category="mail", status=TicketStatus.ARCHIVED,
                    deadlines={"eta": T0 + 2 * hour, "retention_due": T0}),
        make_ticket("11", subject="Certificate expired", body="'; DROP TABLE tickets; --",
                    requester=carol, notes=["internal-only secret word zebra"],
                    deadlines={"first_response_due": T0 + 30 * timedelta(minutes=1)}),
        make_ticket("ext-7", subject="Imported from the old desk", body="legacy mail",
                    requester=bob, category="legacy"),
        make_ticket("abc", subject="Another import", body="legacy dns",
                    requester=dave, status=TicketStatus.SOLVED),
    ]


def _ordered_queries() -> list[TicketQuery]:
    """Queries in every order, with keyset cursors inside and past the rows."""
    hour = timedelta(hours=1)
    queries = [TicketQuery(order=order) for order in ORDERS]
    queries += [
        TicketQuery(order="newest", limit=3),
        TicketQuery(order="newest", after_id="10"),
        TicketQuery(order="newest", after_id="abc", limit=2),
        TicketQuery(order="newest", text="mail"),
        TicketQuery(order="first_response_due", limit=2),
        TicketQuery(order="first_response_due", after_due=T0 + hour, after_id="2"),
        TicketQuery(order="first_response_due", after_due=T0 + 2 * hour, after_id="1"),
        TicketQuery(order="retention_due", company="acme"),
        TicketQuery(order="eta", after_due=T0, after_id="1"),
        TicketQuery(order="resolution_due", statuses=_statuses(TicketStatus.OPEN)),
    ]
    return queries


def _queries() -> list[TicketQuery]:
    hour = timedelta(hours=1)
    queries = [
        TicketQuery(),
        TicketQuery(statuses=_statuses(TicketStatus.OPEN)),
        TicketQuery(statuses=_statuses(TicketStatus.OPEN, TicketStatus.SOLVED)),
        TicketQuery(statuses=_statuses()),
        TicketQuery(requester="alice"),
        TicketQuery(company="acme"),
        TicketQuery(company="acme", statuses=_statuses(TicketStatus.OPEN)),
        TicketQuery(company="nobody"),
        TicketQuery(addressed_to="reseller-1"),
        TicketQuery(category="mail"),
        TicketQuery(category="mail", requester="alice", company="acme"),
        TicketQuery(addressed_to_any=frozenset({"reseller-1", "nobody"})),
        TicketQuery(addressed_to_any=frozenset()),
        TicketQuery(categories_any=frozenset({"mail", "legacy"})),
        TicketQuery(categories_any=frozenset({"dns"}), statuses=_statuses(TicketStatus.OPEN)),
        TicketQuery(assignee="agent-7"),
        TicketQuery(assignee="agent-9", company="acme"),
        TicketQuery(assignee="nobody"),
        TicketQuery(text="mail"),
        TicketQuery(text="MAIL Delivery"),
        TicketQuery(text="delivery mail stopped nothing"),
        TicketQuery(text="straße"),
        TicketQuery(text="STRASSE"),
        TicketQuery(text="café"),
        TicketQuery(text="cafe"),
        TicketQuery(text="raised"),
        TicketQuery(text="zebra"),  # only in an internal note: never found
        TicketQuery(text='"quoted"'),
        TicketQuery(text="100%"),
        TicketQuery(text="NEAR(mail*)"),
        TicketQuery(text="a:b"),
        TicketQuery(text="mail*"),
        TicketQuery(text="'; DROP TABLE tickets; --"),
        TicketQuery(text="\" OR 1=1 --"),
        TicketQuery(text="   "),
        TicketQuery(text="*"),
        TicketQuery(text="legacy", company="acme"),
        TicketQuery(text="mail", limit=2),
        TicketQuery(text="mail", after_id="10"),
        TicketQuery(text="mail", after_id="abc"),
        TicketQuery(text="mail legacy", after_id="0", limit=5),
        TicketQuery(text="legacy", after_id="3", limit=1),
        TicketQuery(limit=3),
        TicketQuery(limit=0),
        TicketQuery(after_id="2"),
        TicketQuery(after_id="4", limit=2),
        TicketQuery(after_id="11"),
        TicketQuery(after_id="abc"),
        TicketQuery(after_id="0"),
    ]
    for column in DEADLINE_COLUMNS:
        queries += [
            TicketQuery(due=column),
            TicketQuery(due=column, due_before=T0 + 2 * hour),
            TicketQuery(due=column, due_from=T0 + hour, due_before=T0 + 3 * hour),
            TicketQuery(due=column, due_from=T0 + 2 * hour),
            TicketQuery(due=column, due_before=T0 + 3 * hour, limit=1),
            TicketQuery(due=column, due_from=T0, after_id="2", limit=2),
            TicketQuery(due=column, due_before=T0 + 2 * hour,
                        statuses=_statuses(TicketStatus.OPEN)),
        ]
    return queries


class TicketRepositoryContract(StoreFactory):
    """Tickets: round trips, NotFound, versions, duplicates, queries, paging."""

    def test_next_id_hands_out_sequential_new_ids(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            first = uow.tickets.next_id()
            second = uow.tickets.next_id()
        assert (first, second) == ("1", "2")
        with store.unit_of_work() as uow:
            assert uow.tickets.next_id() == "3"

    def test_next_id_passes_numeric_ids_added_one_by_one(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("7"))
            uow.tickets.add(make_ticket("1000"))
            inside = uow.tickets.next_id()
        assert int(inside) > 1000, "the counter passes ids added in the same unit of work"
        with store.unit_of_work() as uow:
            after = uow.tickets.next_id()
        assert int(after) > int(inside)
        assert not {inside, after} & {"7", "1000"}

    def test_next_id_passes_numeric_ids_added_in_bulk(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            if not isinstance(uow.tickets, BulkTicketRepository):
                pytest.skip("this adapter has no bulk import")
            uow.tickets.add_many([make_ticket("1000"), make_ticket("7"), make_ticket("ext-9")])
        with store.unit_of_work() as uow:
            issued = [uow.tickets.next_id() for _ in range(3)]
        assert all(int(i) > 1000 for i in issued), issued
        assert len(set(issued)) == 3

    def test_non_numeric_and_lower_ids_leave_the_counter_alone(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            assert [uow.tickets.next_id() for _ in range(3)] == ["1", "2", "3"]
            # "007" and "0" are not ids next_id could hand out; "2" lies below the counter.
            for ticket_id in ("ext-7", "007", "0", "2", "1" * 19):
                uow.tickets.add(make_ticket(ticket_id))
        with store.unit_of_work() as uow:
            assert uow.tickets.next_id() == "4", "the counter neither jumped nor went back"

    def test_rollback_never_makes_the_counter_reuse_committed_ids(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("50"))
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1000"))
            uow.tickets.next_id()
            raise RuntimeError("roll back")
        with store.unit_of_work() as uow:
            issued = uow.tickets.next_id()
            assert int(issued) > 50
            with pytest.raises(NotFound):
                uow.tickets.get(issued)
            uow.tickets.add(make_ticket("60"))
            uow.tickets.add(make_ticket(issued))
        with store.unit_of_work() as uow:
            again = uow.tickets.next_id()
        assert int(again) > max(60, int(issued))

    def test_refused_bulk_add_never_makes_the_counter_reuse_ids(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            if not isinstance(uow.tickets, BulkTicketRepository):
                pytest.skip("this adapter has no bulk import")
            uow.tickets.add_many([make_ticket("30")])
            with pytest.raises(Conflict):
                uow.tickets.add_many([make_ticket("2000"), make_ticket("30")])
            issued = uow.tickets.next_id()
        assert int(issued) > 30
        with store.unit_of_work() as uow:
            with pytest.raises(NotFound):
                uow.tickets.get(issued)
            assert int(uow.tickets.next_id()) > int(issued)

    def test_add_then_get_round_trips_equal(self, store: Store) -> None:
        ticket = make_ticket("1", replies=["Looking into it"], notes=["check the relay"],
                             category="mail", deadlines={"eta": T0 + timedelta(days=2)})
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
            assert uow.tickets.get("1") == ticket, "a unit of work reads its own writes"
        with store.unit_of_work() as uow:
            got = uow.tickets.get("1")
        assert got == ticket
        assert got.messages[0].attachments == ticket.messages[0].attachments
        assert [e.kind for e in got.events] == ["opened", "replied", "noted"]

    def test_every_corpus_ticket_round_trips(self, store: Store) -> None:
        corpus = _corpus()
        with store.unit_of_work() as uow:
            for ticket in corpus:
                uow.tickets.add(ticket)
        with store.unit_of_work() as uow:
            assert [uow.tickets.get(t.id) for t in corpus] == corpus

    def test_unknown_id_is_not_found(self, store: Store) -> None:
        with store.unit_of_work() as uow, pytest.raises(NotFound):
            uow.tickets.get("404")
        with store.unit_of_work() as uow, pytest.raises(NotFound):
            save(uow, bump(make_ticket("404")))

    def test_duplicate_add_is_a_conflict(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
        with store.unit_of_work() as uow:
            with pytest.raises(Conflict):
                uow.tickets.add(make_ticket("1", subject="an impostor"))
            assert uow.tickets.get("1").subject == "Mail delivery stopped"

    def test_add_requires_version_one(self, store: Store) -> None:
        with store.unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.tickets.add(attrs.evolve(make_ticket("1"), version=2))

    def test_save_increments_version_and_round_trips(self, store: Store) -> None:
        ticket = make_ticket("1")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        changed = bump(ticket, subject="Mail delivery stopped again",
                        status=TicketStatus.SOLVED, eta=T0 + timedelta(hours=5))
        with store.unit_of_work() as uow:
            save(uow, changed)
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1") == changed
            solved = TicketQuery(statuses=_statuses(TicketStatus.SOLVED))
            assert _ids(uow.tickets.query(solved)) == ["1"]
            assert _ids(uow.tickets.query(TicketQuery(text="again"))) == ["1"]
            assert _ids(uow.tickets.query(TicketQuery(due="eta"))) == ["1"]

    def test_save_moves_the_ticket_to_its_new_category(self, store: Store) -> None:
        # Helpdesk.set_category: the ``category`` filter column follows the snapshot.
        ticket = make_ticket("1", category="billing", assignee="agent-9")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        moved = changed(ticket, "categorized", {"category": "mail", "previous": "billing",
                                                  "assignee": "agent-7"})
        with store.unit_of_work() as uow:
            save(uow, moved)
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1") == moved and moved.category == "mail"
            for query, expected in [
                (TicketQuery(category="mail"), ["1"]),
                (TicketQuery(category="billing"), []),
                (TicketQuery(categories_any=frozenset({"mail", "dns"})), ["1"]),
                (TicketQuery(categories_any=frozenset({"billing"})), []),
                (TicketQuery(assignee="agent-7"), ["1"]),
                (TicketQuery(assignee="agent-9"), []),
            ]:
                assert _ids(uow.tickets.query(query)) == expected, query

    def test_save_reindexes_the_text_of_a_new_subject(self, store: Store) -> None:
        # Helpdesk.set_subject: search finds the new subject's words, and still the former
        # subject's (the index grows as events are appended; it never re-reads a history).
        ticket = make_ticket("1", subject="Mail delivery stopped", body="No mail since 08:30.")
        other = make_ticket("2", subject="Delivery report", body="weekly")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
            uow.tickets.add(other)
        retitled = changed(ticket, "retitled", {"subject": "Certificate expired",
                                                 "previous": ticket.subject})
        with store.unit_of_work() as uow:
            save(uow, retitled)
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1") == retitled and retitled.subject == "Certificate expired"
            for text, expected in [
                ("certificate", ["1"]),
                ("EXPIRED certificate", ["1"]),
                ("certificate mail", ["1"]),
                ("delivery", ["1", "2"]),
                ("stopped", ["1"]),
                ("mail stopped", ["1"]),
                ("mail", ["1"]),
                ("certif exp", ["1"]),
            ]:
                assert _ids(uow.tickets.query(TicketQuery(text=text))) == expected, text

    @pytest.mark.parametrize("version", [1, 2, 4, 9])
    def test_stale_version_is_a_conflict_and_writes_nothing(
        self, store: Store, version: int
    ) -> None:
        ticket = make_ticket("1")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
            save(uow, second := bump(ticket, subject="second"))
        stale = attrs.evolve(ticket, subject="stale write", version=version)
        with store.unit_of_work() as uow:
            with pytest.raises(Conflict):
                save(uow, stale)
            assert uow.tickets.get("1") == second
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1") == second
            assert uow.tickets.query(TicketQuery(text="stale")) == []

    def test_lost_update_between_two_units_of_work_is_refused(self, store: Store) -> None:
        ticket = make_ticket("1")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        with store.unit_of_work() as uow:
            read_a = uow.tickets.get("1")
        with store.unit_of_work() as uow:
            read_b = uow.tickets.get("1")
        with store.unit_of_work() as uow:
            save(uow, bump(read_a, subject="from a"))
        with pytest.raises(Conflict), store.unit_of_work() as uow:
            save(uow, bump(read_b, subject="from b"))
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1").subject == "from a"

    def test_queries_match_the_reference_semantics(self, store: Store) -> None:
        corpus = _corpus()
        with store.unit_of_work() as uow:
            for ticket in corpus:
                uow.tickets.add(ticket)
        by_id = {t.id: t for t in corpus}
        words = {t.id: searchable_words(t) for t in corpus}
        heads = [head_of(t) for t in corpus]
        non_empty = 0
        for query in [*_queries(), *_ordered_queries()]:
            expected = [by_id[h.id] for h in select_tickets(heads, query,
                                                           lambda h: words[h.id])]
            with store.unit_of_work() as uow:
                got = uow.tickets.query(query)
                got_heads = uow.tickets.heads(query)
            assert _ids(got) == _ids(expected), query
            assert list(got) == [summary_of(t) for t in expected], query
            assert list(got_heads) == [head_of(t) for t in expected], query
            non_empty += bool(expected)
        assert non_empty >= 40, "the corpus must exercise the filters"

    @pytest.mark.parametrize("order", ORDERS)
    def test_keyset_pages_visit_every_ticket_once_in_each_order(
        self, store: Store, order: str
    ) -> None:
        # Ties on every deadline (n % 3 hours), ids that sort as numbers and as text, and
        # tickets without the deadline (left out of a deadline order).
        corpus = [
            make_ticket(tid, subject=f"ticket {tid}", deadlines=(
                {} if n % 4 == 3 else
                {col: T0 + timedelta(hours=n % 3) for col in DEADLINE_COLUMNS}))
            for n, tid in enumerate(["1", "2", "3", "9", "10", "11", "20", "abc", "ext-7"])
        ]
        with store.unit_of_work() as uow:
            for ticket in corpus:
                uow.tickets.add(ticket)
        base = TicketQuery(order=order)
        with store.unit_of_work() as uow:
            everything = _ids(uow.tickets.query(base))
        seen: list[str] = []
        query = attrs.evolve(base, limit=2)
        while True:
            with store.unit_of_work() as uow:
                page = uow.tickets.query(query)
            if not page:
                break
            seen += _ids(page)
            last = page[-1]
            query = attrs.evolve(query, after_id=last.id, after_due=(
                deadline(last, order) if order in DEADLINE_COLUMNS else None))
        assert seen == everything
        assert len(everything) == len(set(everything)) >= 7, order
        if order == "newest":
            assert everything == _ids(sorted(corpus, key=sort_key, reverse=True))

    def test_head_is_the_head_of_the_full_ticket(self, store: Store) -> None:
        corpus = _corpus()
        with store.unit_of_work() as uow:
            for ticket in corpus:
                uow.tickets.add(ticket)
        with store.unit_of_work(readonly=True) as uow:
            for ticket in corpus:
                assert uow.tickets.head(ticket.id) == head_of(ticket)
                assert uow.tickets.get(ticket.id) == ticket
            with pytest.raises(NotFound):
                uow.tickets.head("404")

    def test_append_adds_events_and_replaces_the_head(self, store: Store) -> None:
        ticket = make_ticket("1", replies=["first answer"])
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        later = changed(changed(ticket, "noted", {}), "retitled", {"subject": "Renamed"})
        later = attrs.evolve(later, version=ticket.version + 1)
        with store.unit_of_work() as uow:
            head = uow.tickets.head("1", for_update=True)
            assert head == head_of(ticket)
            uow.tickets.append(head_of(later), later.events[len(ticket.events):])
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.get("1") == later
            assert uow.tickets.head("1") == head_of(later)
            assert uow.tickets.head("1").event_count == len(later.events)

    def test_append_checks_the_version_before_the_event_count(self, store: Store) -> None:
        ticket = make_ticket("1")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        head = head_of(ticket)
        event = changed(ticket, "noted", {}).events[-1]
        with store.unit_of_work() as uow:
            with pytest.raises(Conflict):  # stale version, whatever the count says
                uow.tickets.append(attrs.evolve(head, version=head.version), [event])
            with pytest.raises(InvalidInput):  # the head does not count the new event
                uow.tickets.append(bump(head), [event])
            with pytest.raises(NotFound):
                uow.tickets.append(bump(attrs.evolve(head, id="404")), [])
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.get("1") == ticket

    def test_append_many_equals_the_reference(self, store: Store) -> None:
        """The optional :class:`~supportkit.ports.BulkAppendTicketRepository` stores what
        one ``append`` per change (:func:`~supportkit.adapters.reference.append_each`)
        stores: events, heads, search words (a new subject too), a ticket changed twice;
        a stale version in the batch is a :class:`Conflict`."""
        with store.unit_of_work(readonly=True) as uow:
            if not isinstance(uow.tickets, BulkAppendTicketRepository):
                pytest.skip("the ticket repository has no append_many")
        tickets = [make_ticket(f"{n}", replies=["first answer"]) for n in range(1, 7)]
        with store.unit_of_work() as uow:
            for ticket in tickets:
                uow.tickets.add(ticket)

        Change = tuple[TicketHead, Sequence[Event]]

        def batches(trio: Sequence[Ticket]) -> tuple[list[Change], list[Change]]:
            """Three tickets changed once each, then one changed twice in a batch."""
            first = changed(trio[0], "noted", {})
            twice = changed(first, "retitled", {"subject": "Zebracrossing"})
            titled = bump(head_of(trio[1]), subject="Quokka")  # a head alone: no event
            plain = bump(head_of(trio[2]))
            return (
                [(head_of(first), first.events[-1:]), (titled, []), (plain, [])],
                [(head_of(twice), twice.events[-1:]), (bump(plain), []),
                 (bump(bump(plain)), [])],
            )

        bulk, each = batches(tickets[:3]), batches(tickets[3:])
        with store.unit_of_work() as uow:
            repo = uow.tickets
            assert isinstance(repo, BulkAppendTicketRepository)
            for bulk_batch, each_batch in zip(bulk, each, strict=True):
                repo.append_many(bulk_batch)
                append_each(repo, each_batch)
            repo.append_many([])
        with store.unit_of_work(readonly=True) as uow:
            for a, b in zip(tickets[:3], tickets[3:], strict=True):
                assert attrs.evolve(uow.tickets.get(a.id), id=b.id) == uow.tickets.get(b.id)
            for word in ("zebracrossing", "quokka"):
                assert len(uow.tickets.query(TicketQuery(text=word))) == 2, word
        with pytest.raises(Conflict), store.unit_of_work() as uow:  # rolled back
            cast(BulkAppendTicketRepository, uow.tickets).append_many(
                [(bump(uow.tickets.head("2")), []), (head_of(tickets[0]), [])])
        with store.unit_of_work(readonly=True) as uow:
            assert uow.tickets.head("2").version == 2

    def test_query_order_is_numeric_then_text(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            for ticket in reversed(_corpus()):
                uow.tickets.add(ticket)
        with store.unit_of_work() as uow:
            assert _ids(uow.tickets.query(TicketQuery())) == [
                "1", "2", "3", "4", "10", "11", "abc", "ext-7"]

    def test_text_search_is_word_based_and_ignores_internal_notes(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            for ticket in _corpus():
                uow.tickets.add(ticket)
        with store.unit_of_work() as uow:
            search = uow.tickets.query
            assert _ids(search(TicketQuery(text="MAIL"))) == ["1", "10", "ext-7"]
            assert _ids(search(TicketQuery(text="raised memory"))) == ["3"]
            assert search(TicketQuery(text="zebra")) == []
            assert _ids(search(TicketQuery(text="mai"))) == ["1", "10", "ext-7"], "prefixes"
            assert _ids(search(TicketQuery(text="raise mem"))) == ["3"]
            assert search(TicketQuery(text="ail")) == [], "a word's beginning, not its middle"
            assert _ids(search(TicketQuery(text="DROP tickets"))) == ["11"]
            assert search(TicketQuery(text="   ")) == []

    def test_paging_with_after_id_visits_every_ticket_once(self, store: Store) -> None:
        tickets = [make_ticket(str(n), subject=f"ticket {n}") for n in range(1, 26)]
        with store.unit_of_work() as uow:
            for ticket in tickets:
                uow.tickets.add(ticket)
        seen: list[str] = []
        after: str | None = None
        while True:
            with store.unit_of_work() as uow:
                page = uow.tickets.query(TicketQuery(limit=7, after_id=after))
            if not page:
                break
            seen += _ids(page)
            after = page[-1].id
        assert seen == [str(n) for n in range(1, 26)]

    def test_search_pages_follow_every_write(self, store: Store) -> None:
        """Every keyset page of a search, in both orders, finds what the reference finds
        after each way words reach a store: ``add``, ``add_many``, a reply (words new to the
        ticket and words it has), a retitle, a head-only change of subject (no event), a
        thread with more words than one row of a store's index holds, an internal note
        (never found). Prefixes begin several words of one ticket."""
        long_body = " ".join(f"filler{n:03d}" for n in range(300))
        first = [
            make_ticket("1", subject="Webmail quota", body="mailbox full"),
            make_ticket("2", subject="DNS zone", body="mail exchanger missing"),
            make_ticket("3", subject="Long thread", body=long_body),
            make_ticket("abc", subject="Mailer daemon", body="webmail login"),
            make_ticket("10", subject="Disk quota", body="mail webmail", notes=["secretword"]),
        ]
        bulk = [make_ticket(str(n), subject=f"bulk {n} mailq", body=f"quota filler{n:03d}")
                for n in range(20, 26)]
        with store.unit_of_work() as uow:
            for ticket in first:
                uow.tickets.add(ticket)
            add_tickets(uow.tickets, bulk)

        def replied(ticket: Ticket, body: str, minutes: int) -> Ticket:
            at = T0 + timedelta(minutes=minutes)
            message = Message(AGENT.id, AGENT.side, body, "web", at)
            return bump(apply(ticket, Event("replied", at, AGENT, {"status": "open"}, message)))

        with store.unit_of_work() as uow:
            save(uow, replied(first[0], "mailbox again webmaster", 10))
            save(uow, changed(first[3], "retitled", {"subject": "Daemon restarted",
                                                      "previous": first[3].subject}))
            save(uow, replied(first[2], f"filler001 filler299 {long_body.upper()} tail", 10))
            save(uow, bump(head_of(first[1]), subject="DNS zone webmaster"))
            save(uow, replied(bulk[0], "mail quota", 10))
        with store.unit_of_work(readonly=True) as uow:
            ids = _ids(uow.tickets.query(TicketQuery()))
            stored = [uow.tickets.get(ticket_id) for ticket_id in ids]
        heads = [head_of(t) for t in stored]
        words = {t.id: searchable_words(t) for t in stored}
        found = 0
        for text in ("mail", "webm", "quota", "mail quota", "filler001", "filler2",
                     "webmail quota", "zone webmaster", "mailer restarted", "tail filler",
                     "secretword", "again mailbox", "mailq quota", "daemon", "nothing"):
            for order in ("id", "newest"):
                query = TicketQuery(text=text, order=order)
                expected = _ids(select_tickets(heads, query, lambda h: words[h.id]))
                with store.unit_of_work(readonly=True) as uow:
                    assert _ids(uow.tickets.query(query)) == expected, query
                assert keyset_ids(store, query) == expected, query
                found += len(expected)
        assert found >= 60, "the searches must find tickets"

    def test_invalid_queries_are_refused(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            with pytest.raises(InvalidInput):
                uow.tickets.query(TicketQuery(due="created_at"))
            with pytest.raises(InvalidInput):
                uow.tickets.query(TicketQuery(due="eta", due_before=datetime(2026, 1, 1)))  # noqa: DTZ001
            with pytest.raises(InvalidInput):
                uow.tickets.query(TicketQuery(limit=-1))

    def test_add_many_is_all_or_nothing(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            if not isinstance(uow.tickets, BulkTicketRepository):
                pytest.skip("this adapter has no bulk import")
            uow.tickets.add_many(_corpus())
        with store.unit_of_work() as uow:
            assert isinstance(uow.tickets, BulkTicketRepository)
            assert [uow.tickets.get(t.id) for t in _corpus()] == _corpus()
            with pytest.raises(Conflict):
                uow.tickets.add_many([make_ticket("500"), make_ticket("1")])
            with pytest.raises(NotFound):
                uow.tickets.get("500")

    def test_add_and_add_many_refuse_a_lone_surrogate(self, store: Store) -> None:
        """A new ticket holding a lone surrogate (text no UTF-8 store can hold) is
        :class:`InvalidInput` naming the field, from ``add`` and ``add_many`` alike, and
        nothing of it or of its batch is written; a character beyond the BMP is kept."""
        cases = {
            "subject": make_ticket("600", subject="caf\udce9"),
            "events[0].message.body": make_ticket("601", body="x \udce9 y"),
            "fields.plan": attrs.evolve(make_ticket("602"), fields={"plan": "\ud800"}),
        }
        for field, ticket in cases.items():
            refused = f"ticket {ticket.id} cannot be added: {field} holds text that is not"
            with store.unit_of_work() as uow:
                with pytest.raises(InvalidInput, match=re.escape(refused)):
                    uow.tickets.add(ticket)
                if isinstance(uow.tickets, BulkTicketRepository):
                    with pytest.raises(InvalidInput, match=re.escape(refused)):
                        uow.tickets.add_many([make_ticket("603"), ticket])
        kept = make_ticket("604", subject="smile \U0001f600", body="\U0001f600 \\udce9")
        with store.unit_of_work() as uow:
            uow.tickets.add(kept)
        with store.unit_of_work() as uow:
            assert uow.tickets.get("604") == kept
            for ticket_id in ("600", "601", "602", "603"):
                with pytest.raises(NotFound):
                    uow.tickets.get(ticket_id)

    def test_add_and_add_many_keep_or_refuse_what_json_cannot_say_alike(
        self, store: Store
    ) -> None:
        """What a compiled JSON encoder handles differently from the standard one is kept
        or refused as before: an integer beyond 64 bits in an event's details is kept
        exactly, a NaN or an infinity is :class:`InvalidInput` (no JSON number) from ``add``
        and ``add_many`` alike and nothing of its batch is written; an instant in a zone
        other than UTC (with an offset in seconds, too) reads back as the same instant."""
        opened = make_ticket("610").events[0]

        def with_detail(ticket_id: str, value: Any) -> Ticket:
            ticket = make_ticket(ticket_id)
            first = attrs.evolve(opened, data={**opened.data, "x": value})
            return attrs.evolve(ticket, events=(first, *ticket.events[1:]))

        for value in (math.nan, math.inf, -math.inf):
            with store.unit_of_work() as uow:
                with pytest.raises(InvalidInput, match="give a finite number"):
                    uow.tickets.add(with_detail("611", value))
                if isinstance(uow.tickets, BulkTicketRepository):
                    with pytest.raises(InvalidInput, match="give a finite number"):
                        uow.tickets.add_many([make_ticket("612"), with_detail("611", value)])
        odd_zone = timezone(timedelta(hours=5, minutes=30, seconds=15))
        big = with_detail("613", 2**70)
        zoned = make_ticket("614", at=datetime(2026, 3, 1, 9, tzinfo=odd_zone))
        with store.unit_of_work() as uow:
            uow.tickets.add(big)
            add_tickets(uow.tickets, [zoned])
        with store.unit_of_work() as uow:
            assert uow.tickets.get("613") == big
            assert uow.tickets.get("613").events[0].data["x"] == 2**70
            back = uow.tickets.get("614")
            assert back == zoned
            assert back.created_at.utcoffset() == odd_zone.utcoffset(None)
            for ticket_id in ("611", "612"):
                with pytest.raises(NotFound):
                    uow.tickets.get(ticket_id)

    def test_count_ignores_limit_and_cursor(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            for ticket in _corpus():
                uow.tickets.add(ticket)
            for query in _queries():
                expected = [t for t in _corpus() if matches(t, query)]
                assert uow.tickets.count(query) == len(expected), query

    def test_persistent_store_keeps_tickets_after_reopening(
        self, store: Store, tmp_path: Path
    ) -> None:
        if not self.persistent:
            pytest.skip("not a persistent store")
        corpus = _corpus()
        with store.unit_of_work() as uow:
            for ticket in corpus:
                uow.tickets.add(ticket)
            uow.tickets.next_id()
        again = self.reopen(store, tmp_path)
        try:
            with again.unit_of_work() as uow:
                assert [uow.tickets.get(t.id) for t in corpus] == corpus
                assert _ids(uow.tickets.query(TicketQuery(text="mail"))) == ["1", "10", "ext-7"]
                top = max(int(t.id) for t in corpus if t.id.isdigit())
                assert uow.tickets.next_id() == str(top + 2), "the counter passed the ids"
        finally:
            again.close()

    def test_two_stores_on_one_location_detect_lost_updates(
        self, store: Store, tmp_path: Path
    ) -> None:
        if not self.supports_concurrent_processes:
            pytest.skip("one store per location only")
        other = self.make_store(tmp_path)
        try:
            ticket = make_ticket("1")
            with store.unit_of_work() as uow:
                uow.tickets.add(ticket)
            with other.unit_of_work() as uow:
                assert uow.tickets.get("1") == ticket
                save(uow, bump(ticket, subject="from the other store"))
            with pytest.raises(Conflict), store.unit_of_work() as uow:
                save(uow, bump(ticket, subject="stale"))
            with store.unit_of_work() as uow:
                assert uow.tickets.get("1").subject == "from the other store"
        finally:
            other.close()


class UnitOfWorkContract(StoreFactory):
    """A unit of work that raises leaves no trace; one that ends normally commits."""

    def test_failed_unit_of_work_leaves_no_ticket(self, store: Store) -> None:
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
            raise RuntimeError("boom")
        with store.unit_of_work() as uow:
            with pytest.raises(NotFound):
                uow.tickets.get("1")
            assert uow.tickets.query(TicketQuery()) == []
            assert uow.tickets.query(TicketQuery(text="mail")) == []

    def test_failed_unit_of_work_leaves_a_saved_ticket_unchanged(self, store: Store) -> None:
        ticket = make_ticket("1")
        with store.unit_of_work() as uow:
            uow.tickets.add(ticket)
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            save(uow, bump(ticket, subject="half done", status=TicketStatus.CLOSED))
            uow.records.put("audit", "a1", {"what": "half done"})
            raise RuntimeError("boom")
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1") == ticket
            assert uow.tickets.query(TicketQuery(statuses=_statuses(TicketStatus.CLOSED))) == []
            assert uow.tickets.query(TicketQuery(text="half")) == []
            with pytest.raises(NotFound):
                uow.records.get("audit", "a1")

    def test_failed_unit_of_work_leaves_records_unchanged(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"level": "premium"}, keys={"company": "acme"})
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"level": "none"}, keys={"company": "beta"})
            uow.records.put("contract", "c2", {"level": "standard"})
            uow.records.delete("contract", "c1")
            raise RuntimeError("boom")
        with store.unit_of_work() as uow:
            assert uow.records.get("contract", "c1") == {"level": "premium"}
            assert [rid for rid, _ in uow.records.find("contract", "company", "acme")] == ["c1"]
            assert [rid for _, rid, _ in uow.records.list("contract")] == ["c1"]

    def test_commit_makes_every_write_visible(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.tickets.add(make_ticket("1"))
            uow.records.put("contract", "c1", {"level": "premium"})
        with store.unit_of_work() as uow:
            assert uow.tickets.get("1").id == "1"
            assert uow.records.get("contract", "c1") == {"level": "premium"}


class RecordRepositoryContract(StoreFactory):
    """Generic records: put/get/find/list/delete by kind, id and lookup keys."""

    def test_put_get_round_trips_json_data(self, store: Store) -> None:
        data = {"level": "premium", "n": 3, "ok": True, "none": None, "tags": ["a", "b"],
                "nested": {"x": 1.5, "ü": "ß"}}
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", data)
        with store.unit_of_work() as uow:
            assert uow.records.get("contract", "c1") == data

    def test_unknown_record_is_not_found(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"a": 1})
        with store.unit_of_work() as uow:
            with pytest.raises(NotFound):
                uow.records.get("contract", "nope")
            with pytest.raises(NotFound):
                uow.records.get("account", "c1")  # same id, other kind
            assert uow.records.delete("contract", "nope") is False

    def test_find_by_keys_and_replace_keys(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"n": 1}, keys={"company": "acme", "code": "1"})
            uow.records.put("contract", "c2", {"n": 2}, keys={"company": "beta"})
            uow.records.put("account", "a1", {"n": 3}, keys={"company": "acme"})
        with store.unit_of_work() as uow:
            assert uow.records.find("contract", "company", "acme") == [("c1", {"n": 1})]
            assert uow.records.find("contract", "code", "1") == [("c1", {"n": 1})]
            assert uow.records.find("account", "company", "acme") == [("a1", {"n": 3})]
            assert uow.records.find("contract", "company", "gamma") == []
            uow.records.put("contract", "c1", {"n": 10}, keys={"company": "beta"})
        with store.unit_of_work() as uow:
            assert uow.records.find("contract", "company", "acme") == []
            assert uow.records.find("contract", "code", "1") == []
            assert uow.records.find("contract", "company", "beta") == [
                ("c1", {"n": 10}), ("c2", {"n": 2})]

    def test_find_with_a_limit_returns_the_first_by_seq(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            for n in range(5):
                uow.records.put("contract", f"c{n}", {"n": n}, keys={"company": "acme"})
        with store.unit_of_work() as uow:
            assert [rid for rid, _ in uow.records.find("contract", "company", "acme",
                                                      limit=2)] == ["c0", "c1"]
            assert uow.records.find("contract", "company", "acme", limit=0) == []
            assert len(uow.records.find("contract", "company", "acme", limit=9)) == 5
            with pytest.raises(InvalidInput):
                uow.records.find("contract", "company", "acme", limit=-1)

    def test_list_in_insertion_order_stable_across_updates_with_paging(
        self, store: Store
    ) -> None:
        with store.unit_of_work() as uow:
            for n in range(5):
                uow.records.put("outbox", f"m{n}", {"n": n})
            uow.records.put("other", "x", {"n": -1})
        with store.unit_of_work() as uow:
            uow.records.put("outbox", "m1", {"n": 100})
            listed = uow.records.list("outbox")
            assert [rid for _, rid, _ in listed] == ["m0", "m1", "m2", "m3", "m4"]
            assert listed[1][2] == {"n": 100}
            seqs = [seq for seq, _, _ in listed]
            assert seqs == sorted(seqs) and len(set(seqs)) == 5
            page = uow.records.list("outbox", after_seq=seqs[1], limit=2)
            assert [rid for _, rid, _ in page] == ["m2", "m3"]
            assert uow.records.list("outbox", limit=0) == []
            assert uow.records.list("nothing") == []

    def test_put_many_and_delete_many_equal_the_reference(self, store: Store) -> None:
        """The optional :class:`~supportkit.ports.BulkRecordRepository` leaves exactly what
        the reference (:func:`~supportkit.adapters.reference.put_each` and
        :func:`~supportkit.adapters.reference.delete_each`: one call each) leaves: data,
        keys, listing order (a replaced record keeps its place) and the count removed."""
        with store.unit_of_work(readonly=True) as uow:
            if not isinstance(uow.records, BulkRecordRepository):
                pytest.skip("the record repository has no put_many/delete_many")

        def writes(kind: str) -> list[RecordPut]:
            return [
                RecordPut(kind, "r1", {"n": 1}, {"company": "acme", "state": "pending"}),
                RecordPut(kind, "r2", {"n": 2}, {"company": "acme"}),
                RecordPut(kind, "r3", {"n": 3}),
                RecordPut(kind, "r1", {"n": 10}, {"company": "beta"}),  # replaced in batch
                RecordPut(kind, "r0", {"n": 0}, {"state": "pending"}),
            ]

        def seen(uow: UnitOfWork, kind: str) -> list[object]:
            return [
                [(rid, data) for _, rid, data in uow.records.list(kind)],
                [uow.records.find(kind, key, value) for key, value in (
                    ("company", "acme"), ("company", "beta"), ("state", "pending"))],
            ]

        with store.unit_of_work() as uow:
            bulk = uow.records
            assert isinstance(bulk, BulkRecordRepository)
            bulk.put("bulk", "r2", {"n": -2}, keys={"state": "pending"})  # exists before
            put_each(bulk, [RecordPut("each", "r2", {"n": -2}, {"state": "pending"})])
            bulk.put_many(writes("bulk"))
            put_each(bulk, writes("each"))
            bulk.put_many([])
            assert seen(uow, "bulk") == seen(uow, "each")
        with store.unit_of_work() as uow:
            bulk = uow.records
            assert isinstance(bulk, BulkRecordRepository)
            assert bulk.delete_many("bulk", ["r1", "nope", "r3"]) == 2
            assert delete_each(bulk, "each", ["r1", "nope", "r3"]) == 2
            assert bulk.delete_many("bulk", []) == 0
        with store.unit_of_work(readonly=True) as uow:
            assert seen(uow, "bulk") == seen(uow, "each")
            assert [rid for _, rid, _ in uow.records.list("bulk")] == ["r2", "r0"]
            assert uow.records.get("bulk", "r2") == {"n": 2}
            with pytest.raises(StorageError):
                cast(BulkRecordRepository, uow.records).delete_many("bulk", ["r2"])

    def test_delete_removes_record_and_its_keys(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"n": 1}, keys={"company": "acme"})
        with store.unit_of_work() as uow:
            assert uow.records.delete("contract", "c1") is True
            assert uow.records.find("contract", "company", "acme") == []
        with store.unit_of_work() as uow:
            with pytest.raises(NotFound):
                uow.records.get("contract", "c1")
            assert uow.records.list("contract") == []
            uow.records.put("contract", "c1", {"n": 2})
            assert uow.records.get("contract", "c1") == {"n": 2}

    def test_returned_data_is_a_copy(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.records.put("contract", "c1", {"tags": ["a"]})
        with store.unit_of_work() as uow:
            data = uow.records.get("contract", "c1")
            data["tags"].append("mutated")
        with store.unit_of_work() as uow:
            assert uow.records.get("contract", "c1") == {"tags": ["a"]}


class _Stream(io.RawIOBase):
    """A binary stream of ``size`` bytes that never exists in memory whole."""

    def __init__(self, size: int, seed: int = 7) -> None:
        self.remaining = size
        self.block = bytes((seed + i) % 251 for i in range(4096))
        self.largest_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.remaining, len(self.block))
        self.largest_read = max(self.largest_read, len(buffer))
        buffer[:n] = self.block[:n]
        self.remaining -= n
        return n


def _stream_digest(size: int) -> str:
    digest = hashlib.sha256()
    stream = _Stream(size)
    while chunk := stream.read(1 << 16):
        digest.update(chunk)
    return digest.hexdigest()


class BlobStoreContract(StoreFactory):
    """Attachment content: put/open/exists/delete/iter_digests, size limits, streaming."""

    def test_put_open_exists_round_trip(self, store: Store) -> None:
        content = b"550 relay denied\n" * 100
        stored = store.blobs.put(content)
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        assert stored.size == len(content)
        assert store.blobs.exists(stored.sha256)
        with store.blobs.open(stored.sha256) as handle:
            assert handle.read() == content

    def test_same_content_is_stored_once(self, store: Store) -> None:
        first = store.blobs.put(b"same")
        second = store.blobs.put(io.BytesIO(b"same"))
        assert first == second
        assert list(store.blobs.iter_digests()) == [first.sha256]

    def test_empty_content(self, store: Store) -> None:
        stored = store.blobs.put(b"")
        assert stored.size == 0
        with store.blobs.open(stored.sha256) as handle:
            assert handle.read() == b""

    def test_unknown_digest_is_not_found(self, store: Store) -> None:
        missing = hashlib.sha256(b"never stored").hexdigest()
        assert not store.blobs.exists(missing)
        with pytest.raises(NotFound):
            store.blobs.open(missing)
        with pytest.raises(NotFound):
            store.blobs.open("../../etc/passwd")
        assert store.blobs.delete(missing) == 0

    def test_delete_frees_bytes_once(self, store: Store) -> None:
        stored = store.blobs.put(b"x" * 1000)
        assert store.blobs.delete(stored.sha256) == 1000
        assert store.blobs.delete(stored.sha256) == 0
        assert not store.blobs.exists(stored.sha256)
        with pytest.raises(NotFound):
            store.blobs.open(stored.sha256)
        assert list(store.blobs.iter_digests()) == []

    def test_iter_digests_lists_every_blob(self, store: Store) -> None:
        digests = {store.blobs.put(f"blob {n}".encode()).sha256 for n in range(20)}
        assert set(store.blobs.iter_digests()) == digests
        assert len(list(store.blobs.iter_digests())) == 20

    @pytest.mark.parametrize("as_stream", [False, True])
    def test_max_size_refusal_leaves_nothing_behind(
        self, store: Store, as_stream: bool
    ) -> None:
        kept = store.blobs.put(b"kept")
        content = b"y" * 10_001
        with pytest.raises(InvalidInput):
            store.blobs.put(io.BytesIO(content) if as_stream else content, max_size=10_000)
        assert not store.blobs.exists(hashlib.sha256(content).hexdigest())
        assert list(store.blobs.iter_digests()) == [kept.sha256]
        exact = store.blobs.put(content[:10_000], max_size=10_000)
        assert exact.size == 10_000

    def test_large_stream_is_read_in_chunks(self, store: Store) -> None:
        size = 5 * (1 << 20) + 17
        stream = _Stream(size)
        stored = store.blobs.put(stream)  # type: ignore[arg-type]
        assert stored.size == size
        assert stored.sha256 == _stream_digest(size)
        assert stream.largest_read <= 1 << 20, "content must be read piecewise"
        digest = hashlib.sha256()
        with store.blobs.open(stored.sha256) as handle:
            while chunk := handle.read(1 << 16):
                digest.update(chunk)
        assert digest.hexdigest() == stored.sha256

    def test_sweep_temp_never_touches_stored_content(self, store: Store) -> None:
        """The optional :class:`~supportkit.ports.SweepingBlobStore`: a finished or refused
        upload leaves no temporary file, and a sweep (even with a cutoff far ahead) removes
        no stored content."""
        blobs = store.blobs
        if not isinstance(blobs, SweepingBlobStore):
            pytest.skip("the blob store keeps no temporary files (no sweep_temp)")
        kept = blobs.put(b"kept")
        with pytest.raises(InvalidInput):
            blobs.put(b"y" * 11, max_size=10)
        far = T0 + timedelta(days=365 * 100)
        assert blobs.sweep_temp(far, dry_run=True) == (0, 0)
        assert blobs.sweep_temp(far) == (0, 0)
        assert list(blobs.iter_digests()) == [kept.sha256]
        with blobs.open(kept.sha256) as handle:
            assert handle.read() == b"kept"

    def test_delete_many_equals_one_delete_each(self, store: Store) -> None:
        """The optional :class:`~supportkit.ports.BatchDeletingBlobStore`: ``delete_many``
        frees what ``delete`` of each digest would (0 for content already gone or never
        stored), and removes nothing else."""
        blobs = store.blobs
        if not isinstance(blobs, BatchDeletingBlobStore):
            pytest.skip("the blob store has no delete_many (collectors delete one by one)")
        kept = blobs.put(b"kept")
        gone = [blobs.put(b"gone %d" % n * (n + 1)) for n in range(12)]
        missing = hashlib.sha256(b"never stored").hexdigest()
        wanted = [g.sha256 for g in gone] + [missing, gone[0].sha256]
        freed = blobs.delete_many(wanted)
        assert dict(freed) == {**{g.sha256: g.size for g in gone}, missing: 0}
        assert list(blobs.iter_digests()) == [kept.sha256]
        assert dict(blobs.delete_many([gone[1].sha256])) == {gone[1].sha256: 0}
        assert dict(blobs.delete_many([])) == {}

    def test_streamed_refusal_stops_early(self, store: Store) -> None:
        stream = _Stream(50 * (1 << 20))
        with pytest.raises(InvalidInput):
            store.blobs.put(stream, max_size=1 << 20)  # type: ignore[arg-type]
        assert stream.remaining > 40 * (1 << 20), "refused while streaming, not after"
        assert list(store.blobs.iter_digests()) == []


# --- work-queue claims (queues area) --------------------------------------------------------


def _claiming(uow: UnitOfWork) -> tuple[ClaimingTicketRepository, ClaimingRecordRepository]:
    tickets, records = uow.tickets, uow.records
    assert isinstance(tickets, ClaimingTicketRepository), "supports_claims: claim_due missing"
    assert isinstance(records, ClaimingRecordRepository), "supports_claims: claim missing"
    return tickets, records


class ClaimContract(StoreFactory):
    """Work-queue claims (optional, ``supports_claims``): a claimed ticket or record belongs
    to its unit of work until it ends; clearing the deadline (or changing the key) in that
    unit of work takes it off the queue, a rollback puts it back. Another worker claiming
    meanwhile never gets it (it skips it, or — SQLite's single writer — waits for the end)."""

    @pytest.fixture(autouse=True)
    def _needs_claims(self, request: pytest.FixtureRequest) -> None:
        # Autouse fixtures of a mixin apply to every test of the combined class: skip only
        # this class's own tests.
        own = request.function.__qualname__.startswith("ClaimContract.")
        if own and not self.supports_claims:
            pytest.skip("the store does not implement the claim protocols")

    def _due(self, store: Store, hours: Sequence[int]) -> list[str]:
        with store.unit_of_work() as uow:
            for n, h in enumerate(hours, 1):
                uow.tickets.add(make_ticket(
                    str(n), deadlines={"retention_due": T0 + timedelta(hours=h)}))
        return [str(n) for n in range(1, len(hours) + 1)]

    def test_claim_due_earliest_first_within_the_window(self, store: Store) -> None:
        self._due(store, [5, 1, 3, 3, 2, 100])
        before = T0 + timedelta(hours=10)
        with store.unit_of_work() as uow:
            tickets, _ = _claiming(uow)
            claimed = tickets.claim_due("retention_due", before, limit=10)
            assert _ids(claimed) == ["2", "5", "3", "4", "1"]  # by deadline, then by id
            assert claimed[0] == uow.tickets.head("2") == head_of(uow.tickets.get("2"))
            assert _ids(tickets.claim_due("retention_due", before, limit=2)) == ["2", "5"]
            window = tickets.claim_due("retention_due", T0 + timedelta(hours=5), limit=10,
                                       due_from=T0 + timedelta(hours=2))
            assert _ids(window) == ["5", "3", "4"]  # [due_from, before)
            assert tickets.claim_due("retention_due", before, limit=0) == []
            with pytest.raises(InvalidInput):
                tickets.claim_due("lunch", before, limit=1)
            with pytest.raises(InvalidInput):
                tickets.claim_due("retention_due", before.replace(tzinfo=None), limit=1)
            with pytest.raises(InvalidInput):
                tickets.claim_due("retention_due", before, limit=-1)

    def test_clearing_the_deadline_dequeues_and_a_rollback_requeues(self, store: Store) -> None:
        self._due(store, [1, 2, 3])
        before = T0 + timedelta(hours=10)
        with store.unit_of_work() as uow:
            tickets, _ = _claiming(uow)
            for t in tickets.claim_due("retention_due", before, limit=2):
                save(uow, bump(t, retention_due=None))
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            tickets, _ = _claiming(uow)
            for t in tickets.claim_due("retention_due", before, limit=5):
                save(uow, bump(t, retention_due=None))
            raise RuntimeError("the worker died")
        with store.unit_of_work() as uow:
            tickets, _ = _claiming(uow)
            assert _ids(tickets.claim_due("retention_due", before, limit=5)) == ["3"]

    def test_records_are_claimed_by_key_in_order_and_requeued_on_rollback(
        self, store: Store
    ) -> None:
        with store.unit_of_work() as uow:
            for n in range(5):
                uow.records.put("outbox", f"m{n}", {"n": n}, keys={"state": "pending"})
            uow.records.put("outbox", "old", {"n": -1}, keys={"state": "sent"})
        with store.unit_of_work() as uow:
            _, records = _claiming(uow)
            claimed = records.claim("outbox", "state", "pending", limit=2)
            assert [(rid, data) for _, rid, data in claimed] == [("m0", {"n": 0}),
                                                                 ("m1", {"n": 1})]
            assert claimed[0][0] < claimed[1][0]  # by seq
            for _, rid, data in claimed:
                records.put("outbox", rid, data, keys={"state": "sent"})
        with pytest.raises(RuntimeError), store.unit_of_work() as uow:
            _, records = _claiming(uow)
            for _, rid, data in records.claim("outbox", "state", "pending", limit=9):
                records.put("outbox", rid, data, keys={"state": "sent"})
            raise RuntimeError("the sender died")
        with store.unit_of_work() as uow:
            _, records = _claiming(uow)
            pending = records.claim("outbox", "state", "pending", limit=9)
            assert [rid for _, rid, _ in pending] == ["m2", "m3", "m4"]
            with pytest.raises(InvalidInput):
                records.claim("outbox", "state", "pending", limit=-1)

    def test_another_worker_never_gets_what_a_live_unit_of_work_holds(
        self, store: Store
    ) -> None:
        ids = self._due(store, [1, 2, 3, 4, 5, 6])
        with store.unit_of_work() as uow:
            for n in range(6):
                uow.records.put("outbox", f"m{n}", {"n": n}, keys={"state": "pending"})
        before = T0 + timedelta(hours=10)

        def other_worker() -> tuple[list[str], list[str]]:
            with store.unit_of_work() as uow:
                tickets, records = _claiming(uow)
                got = tickets.claim_due("retention_due", before, limit=10)
                for t in got:
                    save(uow, bump(t, retention_due=None))
                rows = records.claim("outbox", "state", "pending", limit=10)
                for _, rid, data in rows:
                    records.put("outbox", rid, data, keys={"state": "sent"})
                return _ids(got), [rid for _, rid, _ in rows]

        with store.unit_of_work() as uow:
            tickets, records = _claiming(uow)
            mine = tickets.claim_due("retention_due", before, limit=3)
            mine_rows = records.claim("outbox", "state", "pending", limit=3)
            thread, out = in_thread(other_worker)
            thread.join(0.3)  # skips what this unit of work holds, or waits for its end
            for t in mine:
                save(uow, bump(t, retention_due=None))
            for _, rid, data in mine_rows:
                records.put("outbox", rid, data, keys={"state": "sent"})
        thread.join(30)
        assert len(out) == 1 and not isinstance(out[0], BaseException), out
        theirs, their_rows = out[0]
        assert _ids(mine) == ids[:3]
        assert sorted(_ids(mine) + theirs) == sorted(ids)  # each ticket exactly once
        assert sorted([rid for _, rid, _ in mine_rows] + their_rows) == [
            f"m{n}" for n in range(6)
        ]
        with store.unit_of_work() as uow:
            tickets, records = _claiming(uow)
            assert tickets.claim_due("retention_due", before, limit=10) == []
            assert records.claim("outbox", "state", "pending", limit=10) == []


# --- end work-queue claims -----------------------------------------------------------------


class StoreContract(
    TicketRepositoryContract, UnitOfWorkContract, RecordRepositoryContract, BlobStoreContract,
    ClaimContract, TransactionContract,
):
    """Every part of the contract: subclass this in an adapter's test module."""
