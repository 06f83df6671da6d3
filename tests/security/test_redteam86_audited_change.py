"""Red team 86 F1/F2: a settings change (`policy set`, `tenant time-zone`, `tenant exchange-hosts`) and its
audit record are one transaction (tenants/audited.py), so the store holds only what the signed log tells:

- F1 (b): a record refused because the store is unavailable had an undo writing to the same store, which
  could fail as well and leave the change in force with no record;
- F1 (c): the change was committed before its record was written, so a process killed in between (kill -9,
  power loss) left it unaudited; here the store is read, as another process would, while the record is
  being written;
- F2: the undo wrote back what was read before, over a second admin's audited change, and `exchange-hosts`
  wrote back the whole tenant record it read (a time zone or credential changed meanwhile was lost even
  with no failure); it now writes only the sealed connection, if it is still the one read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from mailwarden.audit.chain import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.policy import DEFAULT_POLICY
from mailwarden.policy.store import PolicyStore
from mailwarden.store.tenants import TenantRegistry
from mailwarden.tenants.credentials import Keyring
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.cli.conftest import *  # noqa: F403
from tests.cli.conftest import Cli
from tests.cli.test_audited_change import AuditDown
from tests.cli.test_tenant import _add
from tests.cli.test_tenant_exchange_hosts import PROXY
from tests.policy.test_cli import PERMIT_ALL, home, invoke  # noqa: F401


def _when_recorded(monkeypatch: pytest.MonkeyPatch, event: str, then: Callable[[], None]) -> None:
    """Run `then()` when a record of `event` is about to be written (once), before the log writes it."""
    append_many = AuditLog.append_many
    state = {"done": False}

    def hooked(self: AuditLog, entries: Iterable[Mapping[str, Any]], **kwargs: Any) -> Any:
        entries = list(entries)
        if not state["done"] and any(entry.get("event") == event for entry in entries):
            state["done"] = True
            then()
        return append_many(self, entries, **kwargs)

    monkeypatch.setattr(AuditLog, "append_many", hooked)


def _zone(cli: Cli, key: str) -> str:
    code, out, err = cli("tenant", "time-zone", key)
    assert code == 0, err
    return out.strip()


def _audited_zones(cli: Cli) -> list[str]:
    _, out, _ = cli("audit", "export", "--format", "jsonl")
    return [
        json.loads(line)["after"]["time_zone"] for line in out.splitlines() if "tenant.time_zone_set" in line
    ]


def _hosts(cli: Cli, key: str) -> str:
    code, out, err = cli("tenant", "exchange-hosts", key)
    assert code == 0, err
    return " ".join(out.split())


def _refuse(event: str) -> Callable[[], None]:
    def refuse() -> None:
        raise AuditDown(event)

    return refuse


# ---- F1 (c): killed between the change and its record --------------------------------------------------


def test_the_time_zone_is_not_changed_before_its_record_is_written(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _zone(cli, "demo")
    seen: list[str] = []
    _when_recorded(monkeypatch, "tenant.time_zone_set", lambda: seen.append(_zone(cli, "demo")))
    code, _, err = cli("tenant", "time-zone", "demo", "Pacific/Kiritimati")
    assert code == 0, err
    monkeypatch.undo()
    assert seen == [before], "killed here, the zone stays changed with no audit record of it"
    assert _zone(cli, "demo") == "demo: Pacific/Kiritimati"
    assert _audited_zones(cli)[-1] == "Pacific/Kiritimati"


def _policy() -> str:
    workspace = Workspace.open()
    try:
        return workspace.policies.text(DEMO_TENANT)
    finally:
        workspace.close()


def _set_permit_all(tmp_path: Path) -> Any:
    """`policy set` of a permit-all policy file for the demo tenant, as an admin: the CLI's result."""
    policy = tmp_path / "all.cedar"
    policy.write_text(PERMIT_ALL)
    return invoke("set", str(policy), "--as", "grace.hopper@acme.com")


def test_a_policy_is_not_in_force_before_its_record_is_written(
    tmp_path: Path,
    home: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    _when_recorded(monkeypatch, "policy.set", lambda: seen.append(_policy()))
    result = _set_permit_all(tmp_path)
    assert result.exit_code == 0, result.output
    assert seen == [DEFAULT_POLICY], "killed here, permit-all is in force with no audit record of it"
    assert _policy() == PERMIT_ALL


# ---- F1 (b): the record refused and the store unavailable -------------------------------------------------


def test_a_time_zone_whose_record_and_undo_both_fail_is_not_set(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _zone(cli, "demo")
    set_zone = TenantRegistry.set_time_zone
    calls = {"n": 0}

    def second_fails(self: TenantRegistry, key: str, zone: str) -> Any:  # the old undo
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database is locked")
        return set_zone(self, key, zone)

    _when_recorded(monkeypatch, "tenant.time_zone_set", _refuse("database is locked"))
    monkeypatch.setattr(TenantRegistry, "set_time_zone", second_fails)
    with pytest.raises((AuditDown, RuntimeError)):  # the undo's error replaced the record's
        cli("tenant", "time-zone", "demo", "Pacific/Kiritimati")
    monkeypatch.undo()
    assert _zone(cli, "demo") == before, "the time zone changed with no audit record of it"


def test_a_policy_whose_record_and_undo_both_fail_is_not_in_force(
    tmp_path: Path,
    home: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(*_: Any) -> None:  # the old undo
        raise RuntimeError("database is locked")

    _when_recorded(monkeypatch, "policy.set", _refuse("database is locked"))
    monkeypatch.setattr(PolicyStore, "restore", locked)
    result = _set_permit_all(tmp_path)
    assert result.exit_code != 0, result.output
    assert _policy() == DEFAULT_POLICY, "permit-all is in force and the audit log has no record of it"


# ---- F2: another admin's audited change is never written over --------------------------------------------


def test_a_refused_zone_change_leaves_a_second_admins_audited_zone(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def admin_b_then_refused() -> None:
        code, _, err = cli("tenant", "time-zone", "demo", "Europe/Berlin")  # admin B, audited
        assert code == 0, err
        raise AuditDown("A's record")

    _when_recorded(monkeypatch, "tenant.time_zone_set", admin_b_then_refused)
    with pytest.raises(AuditDown):
        cli("tenant", "time-zone", "demo", "Pacific/Kiritimati")
    monkeypatch.undo()
    assert _audited_zones(cli)[-1] == "Europe/Berlin"
    assert _zone(cli, "demo") == "demo: Europe/Berlin", "the store's zone is not the last one audited"


def _hosts_set_while(
    cli: Cli, emulator: RunningEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *admin_b: str
) -> tuple[int, str]:
    """Admin A sets acme's Exchange hosts to .eu.outlook.com; admin B's audited `admin_b` command runs
    after A read the tenant (while A seals the changed connection). A's exit code and stderr."""
    code, _, err = _add(cli, emulator, tmp_path, "--exchange-host", f"https://{PROXY}", "--no-discover")
    assert code == 0, err

    def run_b() -> None:
        code, _, err = cli(*admin_b)
        assert code == 0, err

    _while_sealing(monkeypatch, run_b)
    code, _, err = cli("tenant", "exchange-hosts", "acme", ".eu.outlook.com")
    monkeypatch.undo()
    return code, err


def _while_sealing(monkeypatch: pytest.MonkeyPatch, then: Callable[[], None]) -> None:
    """Run `then()` (once) while `exchange-hosts` seals the changed connection, after it read the tenant."""
    seal = Keyring.seal
    state = {"done": False}

    def racing(self: Keyring, *args: Any, **kwargs: Any) -> Any:
        if not state["done"]:
            state["done"] = True
            then()
        return seal(self, *args, **kwargs)

    monkeypatch.setattr(Keyring, "seal", racing)


def test_exchange_hosts_leave_a_time_zone_set_meanwhile(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _hosts_set_while(
        cli, emulator, tmp_path, monkeypatch, "tenant", "time-zone", "acme", "Europe/Berlin"
    )
    assert code == 0, err
    assert "added for this tenant: .eu.outlook.com" in _hosts(cli, "acme")
    assert _audited_zones(cli)[-1] == "Europe/Berlin"
    assert _zone(cli, "acme") == "acme: Europe/Berlin", "B's audited time zone was put back, unaudited"


def test_exchange_hosts_refuse_when_the_connection_changed_meanwhile(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Admin B sets other hosts (a credential rotated the same way: a new sealed connection) after A read
    the tenant: A's write would put back the connection A read, B's change in it lost. A is refused."""
    b_sets = ("tenant", "exchange-hosts", "acme", ".de.outlook.com")
    code, err = _hosts_set_while(cli, emulator, tmp_path, monkeypatch, *b_sets)
    assert code != 0, "A's stale connection was written over B's audited one"
    assert "changed meanwhile" in err
    assert "try again" in err
    assert "added for this tenant: .de.outlook.com" in _hosts(cli, "acme")
