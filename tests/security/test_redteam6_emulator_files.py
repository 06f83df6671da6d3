"""Red team 6: two emulator processes on one tenant file.

Each took the file to be unchanged since its own last save when the file's (mtime, size) were the same.
Many kernels stamp mtime at their clock tick (Linux before 6.13's multigrain timestamps: a jiffy, 1-10 ms),
so another process's save of the same size within that tick went unseen: the next change was made on the
stale copy, and its save overwrote the other process's change, which that process had answered for.
"""

from __future__ import annotations

import os
from pathlib import Path

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
