"""A change of a tenant's settings that cannot be audited does not happen (tenants/audited.py
`audited_change`): with the audit log refusing the record, `tenant exchange-hosts` and `tenant time-zone`
fail and leave the setting as it was, as `policy set` leaves the policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mailwarden.audit.chain import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import Cli
from tests.cli.test_tenant import _add
from tests.cli.test_tenant_exchange_hosts import PROXY


class AuditDown(Exception):
    """The audit log refused the record (its database or signing key unavailable)."""


def _audit_refuses(monkeypatch: pytest.MonkeyPatch, event: str) -> None:
    append = AuditLog.append

    def refusing(self: AuditLog, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("event") == event:
            raise AuditDown(event)
        return append(self, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "append", refusing)


def _not_set_until_audited(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, event: str, change: tuple[str, ...], read: Callable[[], str]
) -> str:
    """Run `change` with the audit log refusing `event`: it fails and `read()` says what it said before;
    then with the log back: it happens. What `read()` says then."""
    before = read()
    _audit_refuses(monkeypatch, event)
    with pytest.raises(AuditDown):
        cli(*change)
    assert read() == before, "the setting as it was"
    monkeypatch.undo()
    code, _, err = cli(*change)
    assert code == 0, err
    return read()


def _hosts(cli: Cli) -> str:
    code, out, err = cli("tenant", "exchange-hosts", "acme")
    assert code == 0, err
    return " ".join(out.split())


def test_exchange_hosts_that_cannot_be_audited_are_not_set(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _add(cli, emulator, tmp_path, "--exchange-host", f"https://{PROXY}", "--no-discover")
    assert code == 0, err
    assert f"added for this tenant: {PROXY}" in _hosts(cli)
    change = ("tenant", "exchange-hosts", "acme", ".eu.outlook.com")
    after = _not_set_until_audited(cli, monkeypatch, "tenant.exchange_hosts_set", change, lambda: _hosts(cli))
    assert "added for this tenant: .eu.outlook.com" in after


def _zone(cli: Cli) -> str:
    code, out, err = cli("tenant", "time-zone", "demo")
    assert code == 0, err
    return out.strip()


def test_a_time_zone_that_cannot_be_audited_is_not_set(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    change = ("tenant", "time-zone", "demo", "Pacific/Kiritimati")
    after = _not_set_until_audited(cli, monkeypatch, "tenant.time_zone_set", change, lambda: _zone(cli))
    assert after == "demo: Pacific/Kiritimati"
