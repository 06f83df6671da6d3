"""Many tenants in one emulator: an idle tenant holds no file descriptor, and another process's save is still
seen when stat cannot tell the files apart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator.state import TenantData, TenantState

_FDS = Path("/proc/self/fd")


def _open(path: Path) -> TenantState:
    return TenantState.load_or_create(path, lambda: seed.acme(5, 0, 0))


def _rename(state: TenantState, rid: str, name: str) -> None:
    with state.transaction():
        state.data.recipients[rid].display_name = name
        state.mark_dirty()


@pytest.mark.skipif(not _FDS.is_dir(), reason="counts this process's descriptors in /proc")
def test_open_tenants_that_are_idle_hold_no_file_descriptors(tmp_path: Path) -> None:
    """A thousand-tenant emulator held two descriptors per tenant (its lock file and its last saved file),
    about 2,000, past the usual soft limit of 1,024; served, read and written, idle tenants hold none."""
    before = len(os.listdir(_FDS))
    tenants = [_open(tmp_path / f"{n:03d}" / "tenant.json") for n in range(40)]
    for n, state in enumerate(tenants):
        _rename(state, sorted(state.data.recipients)[0], f"renamed {n}")
        with state.transaction():
            pass
    held = len(os.listdir(_FDS)) - before
    assert held <= 2, f"{held} descriptors held by 40 idle tenants"


def test_another_process_save_is_seen_when_stat_cannot_tell_the_files_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same inode number (reused once the old file is gone), size and mtime tick: the generation each
    save writes under the file lock still tells the copy it is stale, so no answered change is overwritten."""
    path = tmp_path / "tenant.json"
    one, other = _open(path), _open(path)  # two open tenants: two processes' locks and copies
    first, second = sorted(one.data.recipients)[:2]
    monkeypatch.setattr(TenantState, "_stamp", lambda self: (1, 2, 3, 4))
    _rename(one, first, "one 1")
    _rename(other, second, "two 1")
    _rename(one, first, "one 2")
    on_file = TenantData.model_validate_json(path.read_bytes())
    assert on_file.recipients[second].display_name == "two 1", "another process's answered change was lost"
    assert on_file.recipients[first].display_name == "one 2"
