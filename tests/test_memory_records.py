"""The record port of the in-memory store (the contract suite covers every adapter)."""

from __future__ import annotations

import pytest

from supportkit import NotFound
from supportkit.adapters.memory import MemoryStore


def test_records_round_trip_find_list_and_rollback() -> None:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        uow.records.put("contract", "c1", {"level": "premium"}, keys={"company": "acme"})
        uow.records.put("contract", "c2", {"level": "standard"}, keys={"company": "beta"})
    with store.unit_of_work() as uow:
        assert uow.records.get("contract", "c1") == {"level": "premium"}
        assert [rid for rid, _ in uow.records.find("contract", "company", "acme")] == ["c1"]
        uow.records.put("contract", "c1", {"level": "standard"}, keys={"company": "beta"})
        assert [rid for _, rid, _ in uow.records.list("contract")] == ["c1", "c2"]
        assert [r for r, _ in uow.records.find("contract", "company", "beta")] == ["c1", "c2"]
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.records.delete("contract", "c2")
        raise RuntimeError("boom")
    with store.unit_of_work() as uow:
        assert uow.records.get("contract", "c2") == {"level": "standard"}
        assert uow.records.delete("contract", "c2") is True
        with pytest.raises(NotFound):
            uow.records.get("contract", "c2")
    with store.unit_of_work() as uow:
        assert [rid for _, rid, _ in uow.records.list("contract")] == ["c1"]
        assert uow.records.list("account") == []
