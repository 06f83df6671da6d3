"""A credential rotation (`tenant rotate`) is audited as the other connection settings are (red team 86
F1/F2's follow-up): it wrote back the WHOLE tenant record it had read (a time zone set meanwhile was lost) and
audited in a second commit (a refused record left the new credential in force with no record of it). Now only
the sealed connection is written, if it is still the one read, in the audit record's transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.cli.conftest import *  # noqa: F403
from tests.cli.conftest import Cli
from tests.cli.test_audited_change import AuditDown
from tests.cli.test_tenant import _add
from tests.security.test_redteam86_audited_change import (
    _audited_zones,
    _refuse,
    _when_recorded,
    _while_sealing,
    _zone,
)


def _rotate(cli: Cli, emulator: RunningEmulator) -> tuple[int, str, str]:
    return cli("tenant", "rotate", "acme", "--certificate", str(emulator.certificate_file))


def _sealed(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> bytes | None:
    """acme's sealed connection as the store of `cli`'s home holds it (the credential in force)."""
    with monkeypatch.context() as patch:
        patch.setenv("MAILWARDEN_HOME", str(cli.home))
        workspace = Workspace.open()
        try:
            return workspace.tenant_record("acme").credential_blob
        finally:
            workspace.close()


def _audited(cli: Cli, event: str) -> int:
    _, out, _ = cli("audit", "export", "--format", "jsonl")
    return sum(event in line for line in out.splitlines())


def test_a_rotation_leaves_a_time_zone_set_meanwhile(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0

    def admin_b() -> None:
        code, _, err = cli("tenant", "time-zone", "acme", "Europe/Berlin")
        assert code == 0, err

    _while_sealing(monkeypatch, admin_b)
    code, _, err = _rotate(cli, emulator)
    monkeypatch.undo()
    assert code == 0, err
    assert _audited_zones(cli)[-1] == "Europe/Berlin"
    assert _zone(cli, "acme") == "acme: Europe/Berlin", "B's audited time zone was put back, unaudited"
    assert _audited(cli, "tenant.credential_rotated") == 1


def test_a_rotation_whose_record_is_refused_is_not_in_force(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0
    before = _sealed(cli, monkeypatch)
    _when_recorded(monkeypatch, "tenant.credential_rotated", _refuse("database is locked"))
    with pytest.raises(AuditDown):
        _rotate(cli, emulator)
    monkeypatch.undo()
    assert _sealed(cli, monkeypatch) == before, "the new credential is in force with no record of it"
    assert _audited(cli, "tenant.credential_rotated") == 0
    assert cli("tenant", "check", "--tenant", "acme", "--no-discover")[0] == 0


def test_a_tenant_whose_added_record_is_refused_is_not_added(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tenant add` stored the tenant, then wrote `tenant.added` in a second commit: a refused record left a
    tenant connected with no record of who added it or where its token may go."""
    _when_recorded(monkeypatch, "tenant.added", _refuse("database is locked"))
    with pytest.raises(AuditDown):
        _add(cli, emulator, tmp_path, "--no-discover")
    monkeypatch.undo()
    assert all(t["tenant"] != "acme" for t in cli.json("tenant", "list")), "added with no record of it"  # type: ignore[union-attr]
    assert _audited(cli, "tenant.added") == 0
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0, "the name is free to add again"
    assert _audited(cli, "tenant.added") == 1
