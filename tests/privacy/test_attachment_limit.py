"""Open-Xchange: the customer may "add attachments up to 1GB size". An oversize upload is
refused with InvalidInput and leaves nothing behind: no blob, no ticket, no event."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from leakcheck import where_is

from supportkit import Actor, FixedClock, Helpdesk, InvalidInput, Policy, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.policy import DEFAULT_MAX_ATTACHMENT_BYTES

ALICE = Actor.customer("alice", company="acme")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Endless(io.RawIOBase):
    """A stream of ``size`` bytes that never exists in memory; counts what was read."""

    def __init__(self, size: int, fill: bytes = b"x") -> None:
        self.size, self.fill, self.read_bytes = size, fill, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = self.fill * n
        self.read_bytes += n
        return n


def test_default_limit_is_one_gigabyte() -> None:
    assert Policy().max_attachment_bytes == DEFAULT_MAX_ATTACHMENT_BYTES == 1 << 30


@pytest.mark.parametrize("limit", [1000, 64 * 1024 + 5])
def test_oversize_stream_on_open_leaves_nothing(limit: int) -> None:
    store = MemoryStore()
    desk = Helpdesk(store, Policy(max_attachment_bytes=limit), FixedClock(T0))
    big = Endless(limit + 1)
    with pytest.raises(InvalidInput, match=f"limit of {limit} bytes"):
        desk.open_ticket(ALICE, subject="dump", body="attached",
                         attachments=[Upload("small.txt", b"fits"), Upload("core", big)])
    assert big.read_bytes <= limit + 1 + 64 * 1024, "stops reading soon after the limit"
    assert desk.tickets() == []
    assert list(store.blobs.iter_digests()) == [], "the first, fitting upload is removed too"
    with store.unit_of_work() as uow:
        assert uow.records.list("blob_ref") == []


def test_oversize_reply_leaves_the_ticket_as_it_was() -> None:
    store = MemoryStore()
    desk = Helpdesk(store, Policy(max_attachment_bytes=2048), FixedClock(T0))
    t = desk.open_ticket(ALICE, subject="s", body="b", attachments=[Upload("a.txt", b"keep me")])
    with pytest.raises(InvalidInput, match="limit of 2048 bytes"):
        desk.reply(t.id, ALICE, "more", attachments=[Upload("keep.txt", b"keep me"),
                                                       Upload("big", Endless(4096))])
    assert desk.get(t.id) == t
    assert list(store.blobs.iter_digests()) == [t.messages[0].attachments[0].sha256], (
        "content shared with a stored ticket survives the clean-up"
    )


def test_exactly_the_limit_is_accepted() -> None:
    desk = Helpdesk(MemoryStore(), Policy(max_attachment_bytes=3000), FixedClock(T0))
    t = desk.open_ticket(ALICE, subject="s", body="b", attachments=[Upload("ok", Endless(3000))])
    assert t.messages[0].attachments[0].size == 3000


def test_refused_transition_removes_the_uploaded_blob() -> None:
    store = MemoryStore()
    desk = Helpdesk(store, Policy(), FixedClock(T0))
    t = desk.open_ticket(ALICE, subject="s", body="b")
    desk.close(t.id, ALICE)
    desk.archive(t.id, ALICE)
    with pytest.raises(Exception, match="not allowed"):
        desk.reply(t.id, ALICE, "late", attachments=[Upload("late.txt", b"late content")])
    assert list(store.blobs.iter_digests()) == [] and where_is(store, "late content") == []


def test_oversize_raw_email_is_refused() -> None:
    store = MemoryStore()
    desk = Helpdesk(store, Policy(max_attachment_bytes=100), FixedClock(T0))
    with pytest.raises(InvalidInput, match="raw e-mail refused"):
        desk.open_ticket(ALICE, subject="s", body="b", channel="email",
                         raw_email=Endless(101))
    assert desk.tickets() == [] and list(store.blobs.iter_digests()) == []
