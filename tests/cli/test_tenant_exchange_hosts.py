"""`mailwarden tenant add --exchange-host` and `mailwarden tenant exchange-hosts`: the Exchange hosts an admin
adds to a tenant's connection are checked before anything is saved, kept with the connection, audited, and
shown by the tenant's health check beside its cloud's own."""

from __future__ import annotations

import json
from pathlib import Path

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import Cli
from tests.cli.test_tenant import _add

PROXY = "exchange-proxy.contoso.de"


def test_an_admin_adds_shows_and_clears_the_tenants_exchange_hosts(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    code, _, err = _add(cli, emulator, tmp_path, "--exchange-host", "*.contoso.de", "--no-discover")
    assert code == 1
    assert "Microsoft's Exchange domains" in err
    listed = cli.json("tenant", "list")
    assert isinstance(listed, list)
    assert all(t["tenant"] != "acme" for t in listed), "nothing is saved"

    code, out, err = _add(cli, emulator, tmp_path, "--exchange-host", f"https://{PROXY}", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["exchange_hosts_added"] == [PROXY]
    assert "127.0.0.1" in report["exchange_hosts"] or "localhost" in report["exchange_hosts"]

    code, out, err = cli("tenant", "exchange-hosts", "acme")
    assert code == 0, err
    assert f"added for this tenant: {PROXY}" in " ".join(out.split())

    code, out, err = cli("tenant", "exchange-hosts", "acme", "http://elsewhere.example")
    assert code == 1
    assert "only https" in err
    code, out, err = cli("tenant", "exchange-hosts", "acme", ".eu.outlook.com", PROXY)
    assert code == 0, err
    assert f"added for this tenant: .eu.outlook.com, {PROXY}" in " ".join(out.split())
    code, out, err = cli("tenant", "check", "acme")
    assert f"added for this tenant: .eu.outlook.com, {PROXY}" in " ".join(out.split()), err

    code, out, err = cli("tenant", "exchange-hosts", "acme", "--clear")
    assert code == 0, err
    assert "added for this tenant" not in out
    code, out, _ = cli("audit", "export", "--format", "jsonl")
    changes = [json.loads(line) for line in out.splitlines() if "tenant.exchange_hosts_set" in line]
    assert [c["after"]["exchange_hosts"] for c in changes] == [[".eu.outlook.com", PROXY], []]
