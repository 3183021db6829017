"""A retention run interrupted at any point converges on re-run to the state of one clean run.

Crashes are simulated at every deletion (a blob store that raises after k deletions) and at
every commit (a store whose unit of work fails on the k-th commit). Content is shared between
tickets that must be purged and tickets that must keep it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import TracebackType
from typing import Any, BinaryIO, Self

import pytest
from retention_kit import AGENT, ALICE, BOB, RUN, clock, desk_at, state

from supportkit import Helpdesk, Upload
from supportkit.adapters.memory import MemoryStore
from supportkit.ports import BlobStore, StoredBlob, UnitOfWork

DAY = timedelta(days=1)


class Crash(Exception):
    """The simulated power cut."""


class CrashingBlobs:
    """A blob store that raises after ``allowed`` successful deletions."""

    def __init__(self, inner: BlobStore, allowed: int) -> None:
        self.inner, self.allowed = inner, allowed

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        return self.inner.put(content, max_size=max_size)

    def open(self, sha256: str) -> BinaryIO:
        return self.inner.open(sha256)

    def exists(self, sha256: str) -> bool:
        return self.inner.exists(sha256)

    def delete(self, sha256: str) -> int:
        if self.allowed <= 0:
            raise Crash(f"crash before deleting {sha256[:8]}")
        self.allowed -= 1
        return self.inner.delete(sha256)

    def iter_digests(self) -> Iterator[str]:
        return self.inner.iter_digests()


class _CrashingUnit:
    def __init__(self, store: CrashingStore) -> None:
        self._store = store
        self._inner = store.inner.unit_of_work()

    def __enter__(self) -> Self:
        self._inner.__enter__()
        self.tickets = self._inner.tickets
        self.records = self._inner.records
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None and self._store.commits_left is not None:
            if self._store.commits_left <= 0:
                self._inner.__exit__(Crash, Crash(), None)  # rolled back
                raise Crash("crash at commit")
            self._store.commits_left -= 1
        self._inner.__exit__(exc_type, exc, tb)


class CrashingStore:
    """Wraps a MemoryStore: the unit of work fails on commit number ``commits + 1`` and the
    blob store after ``deletions`` deletions (None: never)."""

    def __init__(self, inner: MemoryStore, *, commits: int | None = None,
                 deletions: int | None = None) -> None:
        self.inner = inner
        self.commits_left = commits
        self._blobs: BlobStore = (
            inner.blobs if deletions is None else CrashingBlobs(inner.blobs, deletions)
        )

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def unit_of_work(self, *, readonly: bool = False) -> UnitOfWork:
        if readonly:  # commits nothing, so it cannot crash at commit
            return self.inner.unit_of_work(readonly=True)
        return _CrashingUnit(self)  # type: ignore[return-value]

    def close(self) -> None:
        self.inner.close()


def build() -> MemoryStore:
    """Due and not-due tickets sharing content, an archived one, a reopened one."""
    store = MemoryStore()
    desk = desk_at(store, RUN - 200 * DAY)
    shared, other = b"shared log" * 50, b"other log" * 20

    def closed(content: list[bytes], who: Any = ALICE) -> str:
        t = desk.open_ticket(who, subject="logs", body="attached",
                             attachments=[Upload(f"f{i}.log", c) for i, c in enumerate(content)],
                             channel="email",
                             raw_email=f"Subject: logs {who.id}\r\n\r\n{content}\r\n".encode())
        desk.reply(t.id, AGENT, "thanks", attachments=[Upload("fix.patch", b"patch " + content[0])])
        return desk.close(t.id, AGENT).id

    closed([shared, other])
    closed([shared], BOB)
    archived = closed([b"archived only"])
    desk.archive(archived, AGENT)
    clock(desk).set(RUN - 95 * DAY)
    reopened = closed([other])
    clock(desk).set(RUN - 6 * DAY)  # day 89 after closing
    desk.reopen(reopened, ALICE)
    clock(desk).set(RUN - 30 * DAY)
    closed([shared])  # young: keeps the shared log
    return store


def _run(store: Any) -> None:
    Helpdesk(store, clock=desk_at(store, RUN).clock).run_retention()


@pytest.fixture(scope="module")
def clean() -> dict[str, Any]:
    store = build()
    _run(store)
    result = state(store)
    assert result["records"]["retention_pending"] == []
    return result


def _count_of(kind: str) -> int:
    """How many deletions / commits one clean run makes."""
    store = build()
    counting = CrashingStore(store, commits=10**6, deletions=10**6)
    _run(counting)
    if kind == "commits":
        assert counting.commits_left is not None
        return 10**6 - counting.commits_left
    blobs = counting.blobs
    assert isinstance(blobs, CrashingBlobs)
    return 10**6 - blobs.allowed


def test_clean_run_purges_what_is_due_and_keeps_the_rest(clean: dict[str, Any]) -> None:
    purged = {t["id"]: [a["purged"] for m in t["messages"] for a in m["attachments"]]
              for t in clean["tickets"]}
    assert all(purged["1"]) and all(purged["2"]) and all(purged["3"])
    assert len(purged["1"]) == 4, "two logs, the raw e-mail and the reply's patch"
    assert not any(purged["4"]) and not any(purged["5"]), "reopened and young keep theirs"
    kept = {a["sha256"] for t in clean["tickets"] if t["id"] in ("4", "5")
            for m in t["messages"] for a in m["attachments"]}
    assert kept <= set(clean["blobs"]), "shared content a keeper needs is still there"


@pytest.mark.parametrize("kind", ["deletions", "commits"])
def test_crash_at_every_point_then_rerun_equals_clean(kind: str, clean: dict[str, Any]) -> None:
    total = _count_of(kind)
    assert total >= 4, "the scenario exercises several deletions and commits"
    for k in range(total):
        store = build()
        crashing = CrashingStore(store, **{kind: k})  # type: ignore[arg-type]
        with pytest.raises(Crash):
            _run(crashing)
        _run(store)
        assert state(store) == clean, f"crash after {k} {kind}"
        _run(store)  # and once more: nothing left to do
        assert state(store) == clean


def test_crash_twice_in_a_row(clean: dict[str, Any]) -> None:
    store = build()
    with pytest.raises(Crash):
        _run(CrashingStore(store, deletions=1))
    with pytest.raises(Crash):
        _run(CrashingStore(store, commits=2))
    _run(store)
    assert state(store) == clean


def test_dry_run_predicts_the_real_run() -> None:
    store = build()
    desk = Helpdesk(store, clock=desk_at(store, RUN).clock)
    before = state(store)
    dry = desk.run_retention(dry_run=True)
    assert state(store) == before
    real = desk.run_retention()
    assert (dry.purged, dry.bytes_freed, dry.blobs_deleted, dry.blobs_kept_shared) == (
        real.purged, real.bytes_freed, real.blobs_deleted, real.blobs_kept_shared)
    assert real.blobs_kept_shared > 0 and real.blobs_deleted > 0
