"""`mailwarden drift`: scan, list with filters, the policy; admins only; and the job's scan of a tenant."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mailwarden.drift.job import scan_tenant
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.settings import load_settings
from mailwarden.workspace import Workspace
from tests.cli.conftest import Cli


def _outside_forwarding(home: Path) -> None:
    state = TenantState.load_or_create(
        home / "emulator" / "tenant.json", lambda: TenantData.model_validate({})
    )
    outside_cmdlet(
        state,
        "grace.hopper@acme.com",
        "Set-Mailbox",
        Identity="sales@acme.com",
        ForwardingSmtpAddress="smtp:drop@rival.example",
    )


def test_admin_scans_lists_by_severity_and_sets_the_policy(cli: Cli) -> None:
    first = cli.json("drift", "scan")
    assert first["first"] is True  # type: ignore[index]
    _outside_forwarding(cli.home)
    found = cli.json("drift", "scan")
    [event] = found["events"]  # type: ignore[index]
    assert (event["kind"], event["severity"], event["changed_by"]) == (
        "forwarding_external",
        "high",
        "grace.hopper@acme.com",
    )
    assert cli.json("drift", "list", "--severity", "high") == [event]
    assert cli.json("drift", "list", "--since", "2999-01-01") == []
    code, _, err = cli("drift", "list", "--since", "yesterday")
    assert code != 0
    assert "not a date" in err
    code, _out, err = cli("drift", "policy", "--set", "granted_outside=propose_revert")
    assert code == 0, err
    assert cli.json("drift", "policy")["granted_outside"] == "propose_revert"  # type: ignore[index]
    code, _, err = cli("drift", "policy", "--set", "granted_outside=shrug")
    assert code != 0
    assert "RESPONSE one of record, notify, propose_revert" in err


def test_an_employee_sees_no_drift(cli: Cli) -> None:
    code, _, err = cli("drift", "list", "--as", "tom.becker@acme.com")
    assert code != 0
    assert "Only an admin" in err


def test_the_job_scans_a_tenant_by_its_key(cli: Cli) -> None:
    cli.json("drift", "scan")  # the demo tenant's emulator state and the baseline
    _outside_forwarding(cli.home)
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(cli.home)}))
    try:
        result = asyncio.run(scan_tenant(workspace, "demo"))
    finally:
        workspace.close()
    assert [e.kind for e in result.events] == ["forwarding_external"]
