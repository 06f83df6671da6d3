"""Red team 82 F4: the hosts given at `tenant add --exchange-host`, where the tenant's app-only token may be
sent, are in the `tenant.added` audit record, as later changes are in `tenant.exchange_hosts_set`."""

from __future__ import annotations

import json
from pathlib import Path

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import *  # noqa: F403
from tests.cli.conftest import Cli
from tests.cli.test_tenant import _add

PROXY = "exchange-proxy.contoso.de"


def test_the_hosts_given_at_tenant_add_are_in_its_audit_record(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    code, out, err = _add(cli, emulator, tmp_path, "--exchange-host", PROXY, "--json")
    assert code == 0, err
    assert json.loads(out)["exchange_hosts_added"] == [PROXY]
    code, out, _ = cli("audit", "export", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    [added] = [r for r in records if r.get("event") == "tenant.added"]
    assert added["after"]["exchange_hosts"] == [PROXY], added
