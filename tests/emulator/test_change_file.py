"""Saves that name what they changed append it to the change file instead of rewriting the tenant file, and
nothing acknowledged is lost: a restart (even without the emulator stopping cleanly), another process, a
line cut short by a crash, and a tenant file rewritten since all read back exactly what was answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

from mailwarden.emulator import seed
from mailwarden.emulator.change_file import changes_path, read_tenant
from mailwarden.emulator.state import ProcessLock, Recipient, TenantState
from tests.emulator.exchange_tenant import Exo
from tests.emulator.test_batch_items import _batch
from tests.emulator.test_graph import ALEX, GRACE, JANE, JOHN, OLIVIA, PHOENIX, SARAH, graph_over, make_tenant


def _open(path: Path) -> TenantState:
    return TenantState.load_or_create(path, lambda: seed.acme(20, 0, 0))


def _group_and_people(state: TenantState) -> tuple[Recipient, list[Recipient]]:
    group = next(r for r in state.recipients.values() if r.is_group)
    people = [r for r in state.recipients.values() if r.is_user and r.id not in group.members]
    return group, people


def _add(state: TenantState, group_id: str, member_id: str) -> None:
    with state.transaction():
        group = state.recipients[group_id]
        group.members.append(member_id)
        state.record_change(
            group, "exchange", "Add-DistributionGroupMember", group.primary_smtp, member=member_id
        )


def test_a_named_change_is_appended_and_kept_by_a_restart_without_a_clean_stop(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    group, people = _group_and_people(state)
    before = path.read_bytes()
    journal = len(state.data.journal)
    for person in people[:3]:
        _add(state, group.id, person.id)
    assert path.read_bytes() == before, "the whole tenant file was rewritten for a change of one group"
    assert changes_path(path).exists()
    restarted = _open(path)  # no compact(): as after a crash
    assert restarted.recipients[group.id].members == state.recipients[group.id].members
    assert [e.detail["member"] for e in restarted.data.journal[journal:]] == [p.id for p in people[:3]]
    assert restarted.recipients[group.id].members[-3:] == [p.id for p in people[:3]]


def test_another_process_sees_an_appended_change_and_appends_after_it(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    ours, theirs = _open(path), _open(path)
    group, people = _group_and_people(ours)
    _add(ours, group.id, people[0].id)
    _add(theirs, group.id, people[1].id)
    _add(ours, group.id, people[2].id)
    expected = [p.id for p in people[:3]]
    assert ours.recipients[group.id].members[-3:] == expected
    assert read_tenant(path).data.recipients[group.id].members[-3:] == expected
    seqs = [e.seq for e in read_tenant(path).data.journal]
    assert seqs == sorted(set(seqs)), "two processes journaled the same sequence number"


def test_a_line_cut_short_by_a_crash_is_skipped_and_later_saves_still_read(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    group, people = _group_and_people(state)
    _add(state, group.id, people[0].id)
    with changes_path(path).open("ab") as f:
        f.write(b'\n{"base":"x","recipients":{"')  # a save stopped half-way: never acknowledged
    other = _open(path)
    _add(other, group.id, people[1].id)
    assert _open(path).recipients[group.id].members[-2:] == [people[0].id, people[1].id]


def test_change_lines_of_an_older_tenant_file_are_not_applied_to_a_newer_one(tmp_path: Path) -> None:
    """Rewriting the tenant file and removing the change file are two steps: a stop between them, or a
    person editing the stopped tenant's file, leaves lines that must not be applied again or over it."""
    path = tmp_path / "tenant.json"
    state = _open(path)
    group, people = _group_and_people(state)
    _add(state, group.id, people[0].id)
    stale = changes_path(path).read_bytes()
    state.compact()
    assert not changes_path(path).exists()
    changes_path(path).write_bytes(stale)  # as if the removal had not happened
    members = _open(path).recipients[group.id].members
    assert members.count(people[0].id) == 1
    assert len(_open(path).data.journal) == len(state.data.journal)


def test_an_unnamed_change_rewrites_the_file_and_folds_the_change_file_in(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    group, people = _group_and_people(state)
    _add(state, group.id, people[0].id)
    with state.transaction():
        people[1].display_name = "Renamed"
        state.mark_dirty()  # which object changed is not said
    assert not changes_path(path).exists()
    on_file = read_tenant(path)
    assert on_file.changes_bytes == 0
    assert on_file.data.recipients[people[1].id].display_name == "Renamed"
    assert people[0].id in on_file.data.recipients[group.id].members


def test_the_change_file_is_folded_in_before_it_outgrows_half_the_tenant_file(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    state = _open(path)
    group, people = _group_and_people(state)
    folded = 0
    for person in people:
        before = path.stat().st_ino
        _add(state, group.id, person.id)
        folded += path.stat().st_ino != before
        if changes_path(path).exists():
            assert changes_path(path).stat().st_size <= path.stat().st_size // 2
    assert folded
    assert _open(path).recipients[group.id].members == state.recipients[group.id].members


def test_exchange_batch_adds_are_appended_and_survive_a_restart(tmp_path: Path) -> None:
    """Through the wire: an Exchange `$batch` of adds rewrites nothing, and a copy opened from the folder
    while the emulator still serves it (a restart after a crash) has every acknowledged add."""
    path = tmp_path / "tenant.json"
    exo = Exo(TenantState.load_or_create(path, seed.acme))
    with exo.state.transaction():  # saves the signing key and app the fixture made in memory
        exo.state.mark_dirty()
    before = path.read_bytes()
    members = ("sarah@acme.com", "tom.becker@acme.com")
    assert [a["status"] for a in _batch(exo, *members)] == [200, 200]
    assert path.read_bytes() == before
    restarted = TenantState.load_or_create(path, seed.acme)
    group = restarted.find("all-hands@acme.com")
    assert group is not None
    assert {restarted.find(m).id for m in members} <= set(group.members)  # type: ignore[union-attr]


def test_a_graph_batch_takes_the_file_lock_once_and_saves_each_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Graph `$batch` holds the tenant's file lock across its items (each an own request otherwise took it
    and looked for other processes' saves), and every item's change is in the files when the batch answers."""
    path = tmp_path / "tenant.json"
    state = TenantState.load_or_create(path, lambda: make_tenant(users=0).data)
    graph = graph_over(state)
    with state.transaction():  # saves the signing key the token made in memory
        state.mark_dirty()
    taken = 0
    acquire = ProcessLock.acquire

    def counted(self: ProcessLock) -> None:
        nonlocal taken
        taken += self._count == 0
        acquire(self)

    monkeypatch.setattr(ProcessLock, "acquire", counted)
    ref = "https://graph.microsoft.com/v1.0/directoryObjects/{}"
    people = [
        p for p in (SARAH, JOHN, JANE, ALEX, GRACE, OLIVIA) if p not in state.recipients[PHOENIX].members
    ][:3]
    requests = [
        {
            "id": str(i),
            "method": "POST",
            "url": f"/groups/{PHOENIX}/members/$ref",
            "body": {"@odata.id": ref.format(who)},
        }
        for i, who in enumerate(people)
    ]
    response = graph.call("POST", "/$batch", json={"requests": requests})
    assert [a["status"] for a in response.json()["responses"]] == [204, 204, 204]
    assert taken == 1
    assert len(people) == 3
    assert set(people) <= set(read_tenant(path).data.recipients[PHOENIX].members)
    # released at the batch's end: another process takes it at once
    with FileLock(str(path) + ".lock", timeout=2):
        pass
