"""Two apps per tenant, as the setup guide describes: an existing Graph app, and a dedicated Exchange app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mailwarden.emulator.credentials import new_client_secret, register_app
from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, ClientSecret, TenantState
from mailwarden.tenants.requirements import degrading_permissions, readme_permissions
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import Cli

REQUIRED, _, _ = readme_permissions()
ASKED = [*REQUIRED, *(permission for permission, _, _ in degrading_permissions())]


def _file(tmp_path: Path, name: str, secret: str) -> str:
    path = tmp_path / name
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return str(path)


def _apps(tenant: TenantState) -> tuple[tuple[str, str], tuple[str, str]]:
    """A Graph app without Exchange.ManageAsApp, and an Exchange app with no Graph permission at all."""
    graph, graph_secret = register_app(
        tenant, "m365 connection", graph_permissions=ASKED, manage_as_app=False
    )
    exchange, exchange_secret = register_app(
        tenant, "exchange", graph_permissions=[], directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE]
    )
    return (graph.app_id, graph_secret), (exchange.app_id, exchange_secret)


def _add(
    cli: Cli,
    em: RunningEmulator,
    tmp_path: Path,
    graph: tuple[str, str],
    exchange: tuple[str, str],
    *extra: str,
) -> tuple[int, str, str]:
    return cli(
        "tenant", "add", "acme", "--cloud", "emulator", "--url", em.url, "--ca-file", str(em.ca_file),
        "--tenant-id", em.tenant_domain, "--client-id", graph[0],
        "--client-secret-file", _file(tmp_path, "graph.txt", graph[1]),
        "--exchange-client-id", exchange[0],
        "--exchange-secret-file", _file(tmp_path, "exchange.txt", exchange[1]),
        *extra,
    )  # fmt: skip


def test_a_tenant_with_a_graph_app_and_an_exchange_app(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """Each API is called as its own app; the badges say which app each check is about."""
    graph, exchange = _apps(tenant)
    code, out, err = _add(cli, emulator, tmp_path, graph, exchange, "--json", "--no-discover")
    assert code == 0, err
    report = json.loads(out)
    assert {c["id"]: c["badge"] for c in report["capabilities"]} == {
        "directory": "green",
        "membership": "green",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    checks = {c["name"]: c for cap in report["capabilities"] for c in cap["checks"]}
    assert checks["graph_permissions_directory"]["app"] == graph[0]
    assert checks["exchange_consent"]["app"] == exchange[0]
    assert checks["exchange_cmdlets_mailbox"]["app"] == exchange[0]
    assert graph[1] not in out + err
    assert exchange[1] not in out + err


def test_both_apps_are_validated_before_anything_is_saved(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    graph, exchange = _apps(tenant)
    code, _, err = _add(cli, emulator, tmp_path, graph, (exchange[0], "wrong" + exchange[1][5:]))
    assert code != 0
    assert "Exchange" in err
    assert exchange[0] in err
    assert "Nothing was saved" in err
    assert all(t["tenant"] != "acme" for t in cli.json("tenant", "list"))


def test_each_app_rotates_on_its_own(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    graph, exchange = _apps(tenant)
    assert _add(cli, emulator, tmp_path, graph, exchange, "--no-discover")[0] == 0
    fresh = new_client_secret()
    with tenant.transaction():
        app = tenant.application(exchange[0])
        assert app is not None
        end = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        app.secrets = [ClientSecret(secret=fresh, end=end)]  # the old secret is deleted in the portal
        tenant.mark_dirty()
    assert cli("tenant", "check", "--tenant", "acme", "--no-discover")[0] == 1
    # The Graph app's secret is not the Exchange app's: rotating the wrong app is refused, nothing changes.
    code, _, err = cli(
        "tenant",
        "rotate",
        "acme",
        "--app",
        "graph",
        "--client-secret-file",
        _file(tmp_path, "new.txt", fresh),
    )
    assert code != 0
    code, out, err = cli(
        "tenant",
        "rotate",
        "acme",
        "--app",
        "exchange",
        "--client-secret-file",
        _file(tmp_path, "new.txt", fresh),
    )
    assert code == 0, err
    assert "exchange app" in out
    assert cli("tenant", "check", "--tenant", "acme", "--no-discover")[0] == 0


def test_a_single_app_tenant_has_no_exchange_app_to_rotate(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    code, _, err = cli(
        "tenant", "add", "acme", "--cloud", "emulator", "--url", emulator.url,
        "--ca-file", str(emulator.ca_file),
        "--tenant-id", emulator.tenant_domain, "--client-id", emulator.client_id,
        "--client-secret-file", _file(tmp_path, "s.txt", emulator.client_secret), "--no-discover",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli(
        "tenant",
        "rotate",
        "acme",
        "--app",
        "exchange",
        "--client-secret-file",
        _file(tmp_path, "n.txt", "x" * 40),
    )
    assert code != 0
    assert "no separate Exchange app" in err
