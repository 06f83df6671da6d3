"""The tenant file: a change is in it before its transaction returns (so before any answer about it), other
processes never read past a change answered for, and writes arriving together share one save."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator.state import TenantData, TenantState


def _open(path: Path) -> TenantState:
    return TenantState.load_or_create(path, lambda: seed.acme(20, 0, 0))


def _on_file(path: Path) -> TenantData:
    return TenantData.model_validate_json(path.read_bytes())


def _rename(state: TenantState, rid: str, name: str) -> None:
    with state.transaction():
        state.data.recipients[rid].display_name = name
        state.mark_dirty()


def test_every_change_is_in_the_file_when_its_transaction_returns(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    ids = sorted(state.data.recipients)[:16]
    missing: list[str] = []

    def rename(rid: str) -> None:
        _rename(state, rid, f"renamed {rid}")
        if _on_file(path).recipients[rid].display_name != f"renamed {rid}":
            missing.append(rid)

    threads = [threading.Thread(target=rename, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert missing == []
    assert all(_on_file(path).recipients[rid].display_name == f"renamed {rid}" for rid in ids)


def test_writes_arriving_together_share_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    saves = 0
    gate = threading.Barrier(8)
    original = TenantState._save

    def counted(self: TenantState) -> None:
        nonlocal saves
        saves += 1
        original(self)

    monkeypatch.setattr(TenantState, "_save", counted)
    ids = sorted(state.data.recipients)[:8]

    def rename(rid: str) -> None:
        gate.wait()
        for n in range(5):
            _rename(state, rid, f"{rid} {n}")

    threads = [threading.Thread(target=rename, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(_on_file(path).recipients[rid].display_name == f"{rid} 4" for rid in ids)
    assert saves < 40  # one per change before


def test_another_process_reading_the_file_sees_every_answered_change(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    ours, theirs = _open(path), _open(path)  # two objects lock the file as two processes do
    rid = sorted(ours.data.recipients)[0]
    _rename(ours, rid, "first")
    with theirs.transaction():
        assert theirs.data.recipients[rid].display_name == "first"
        theirs.data.recipients[rid].display_name = "second"
        theirs.mark_dirty()
    with ours.transaction():
        assert ours.data.recipients[rid].display_name == "second"


def test_an_idle_tenant_does_not_hold_the_file_lock(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "tenant.json"
    state = _open(path)
    _rename(state, sorted(state.data.recipients)[0], "x")
    with state.transaction():
        pass
    with FileLock(str(path) + ".lock", timeout=2):  # another process's filelock takes it at once
        pass


def test_a_nested_transaction_is_saved_by_the_outer_one(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    rid = sorted(state.data.recipients)[0]
    with state.transaction():
        _rename(state, rid, "inner")
    assert _on_file(path).recipients[rid].display_name == "inner"
