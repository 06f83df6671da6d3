"""Red team 6: two emulator processes on one tenant file.

Each took the file to be unchanged since its own last save when the file's (mtime, size) were the same.
Many kernels stamp mtime at their clock tick (Linux before 6.13's multigrain timestamps: a jiffy, 1-10 ms),
so another process's save of the same size within that tick went unseen: the next change was made on the
stale copy, and its save overwrote the other process's change, which that process had answered for.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from pathlib import Path

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator.state import TenantData, TenantState


def _open(path: Path) -> TenantState:
    return TenantState.load_or_create(path, lambda: seed.acme(5, 0, 0))


def _rename(state: TenantState, rid: str, name: str) -> None:
    with state.transaction():
        state.data.recipients[rid].display_name = name
        state.mark_dirty()


def test_a_save_by_another_process_in_the_same_clock_tick_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    one, other = _open(path), _open(path)  # two open tenants: two processes' locks and copies
    first, second = sorted(one.data.recipients)[:2]

    _rename(one, second, "two 0")
    _rename(one, first, "one 1")
    tick = os.stat(path).st_mtime_ns
    _rename(other, second, "two 1")  # the file keeps its size...
    os.utime(path, ns=(tick, tick))  # ...and, saved in the same clock tick, its mtime
    _rename(one, first, "one 2")

    on_file = TenantData.model_validate_json(path.read_bytes())
    assert on_file.recipients[second].display_name == "two 1", "another process's answered change was lost"


def _failing_saves(monkeypatch: pytest.MonkeyPatch, state: TenantState, times: int) -> None:
    real = TenantState._save
    left = {"n": times}

    def save(self: TenantState) -> None:
        if self is state and left["n"]:
            left["n"] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self)

    monkeypatch.setattr(TenantState, "_save", save)


def test_a_failed_save_keeps_nothing_it_was_to_save_and_lets_other_processes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change whose save failed was answered with an error: it must not be saved later by another
    request's save, and the file lock must not stay held until this process's next request."""
    path = tmp_path / "tenant.json"
    one, other = _open(path), _open(path)
    rid = sorted(one.data.recipients)[0]
    before = one.data.recipients[rid].display_name
    _failing_saves(monkeypatch, one, 1)
    with pytest.raises(OSError, match="No space"):
        _rename(one, rid, "answered with an error")

    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.append(_name(other, rid)), daemon=True)
    reader.start()
    reader.join(5)
    assert seen == [before], "another process still waits for the file lock (or read the failed change)"
    assert _name(one, rid) == before
    assert TenantData.model_validate_json(path.read_bytes()).recipients[rid].display_name == before


def test_no_transaction_of_a_group_whose_save_failed_returns_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    ids = sorted(state.data.recipients)[:8]
    _failing_saves(monkeypatch, state, 1)
    returned: list[str] = []
    gate = threading.Barrier(len(ids))

    def rename(rid: str) -> None:
        gate.wait()
        with contextlib.suppress(OSError):
            _rename(state, rid, f"renamed {rid}")
            returned.append(rid)

    threads = [threading.Thread(target=rename, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    on_file = TenantData.model_validate_json(path.read_bytes())
    unsaved = [rid for rid in returned if on_file.recipients[rid].display_name != f"renamed {rid}"]
    assert unsaved == [], "a transaction returned (its answer sent) with its change not in the file"
    failed = [rid for rid in ids if rid not in returned]
    assert failed, "the failed save failed no transaction"
    assert all(on_file.recipients[rid].display_name != f"renamed {rid}" for rid in failed)
    assert all(state.data.recipients[rid].display_name != f"renamed {rid}" for rid in failed)


def _name(state: TenantState, rid: str) -> str:
    with state.transaction():
        return state.data.recipients[rid].display_name
