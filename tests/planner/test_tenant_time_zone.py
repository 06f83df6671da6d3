"""The tenant's time zone is a setting: stored with the tenant, the demo's by default, and what plans read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mailwarden.cli import plan_cmd, tenant_cmd
from mailwarden.demo_tenant import DEMO_TENANT, DEMO_TIME_ZONE
from mailwarden.errors import ConfigError
from mailwarden.settings import load_settings
from mailwarden.store.tenants import TenantRecord
from mailwarden.workspace import Workspace

app = typer.Typer(pretty_exceptions_enable=False)
app.callback()(lambda: None)
app.command("plan")(plan_cmd.plan)
app.add_typer(tenant_cmd.app, name="tenant")


def _run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"MAILWARDEN_HOME": str(home)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _workspace(home: Path) -> Workspace:
    return Workspace.open(load_settings({"MAILWARDEN_HOME": str(home)}))


def test_the_demo_tenant_has_a_time_zone_and_it_can_be_changed(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    try:
        assert workspace.tenant_record(DEMO_TENANT).time_zone == DEMO_TIME_ZONE
        workspace.tenants.set_time_zone(DEMO_TENANT, "Pacific/Auckland")
        assert workspace.tenants.get(DEMO_TENANT) == workspace.tenant_record(DEMO_TENANT)
        assert workspace.tenant_record(DEMO_TENANT).zone.key == "Pacific/Auckland"
        with pytest.raises(ConfigError, match="'Mars/Olympus' is not a time zone"):
            workspace.tenants.set_time_zone(DEMO_TENANT, "Mars/Olympus")
        assert workspace.tenant_record(DEMO_TENANT).time_zone == "Pacific/Auckland"
    finally:
        workspace.close()


def test_a_record_refuses_a_zone_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="IANA name"):
        TenantRecord(
            tenant_key="x", display_name="x", cloud="public", tenant_id="t", client_id="c", time_zone="EST5"
        )


def test_a_plan_ends_a_grant_at_midnight_where_the_tenant_is(tmp_path: Path) -> None:
    home = tmp_path / "home"
    # the next June 30 (an end is at most a year ahead): summer in New York, winter in Auckland
    today = dt.datetime.now(dt.UTC).date()
    year = today.year + (1 if today >= dt.date(today.year, 6, 30) else 0)
    text = f"Give sarah@acme.com Send As on support@acme.com until {year}-06-30"
    code, out, err = _run(home, "plan", "--json", "--as", "tom.becker@acme.com", "--", text)
    assert code == 0, err
    assert json.loads(out)["steps"][0]["expires"] == f"{year}-07-01T04:00:00Z"  # midnight in New York (EDT)

    code, out, err = _run(home, "tenant", "time-zone", DEMO_TENANT, "Pacific/Auckland")
    assert code == 0, err
    assert "Pacific/Auckland" in out
    code, out, err = _run(home, "plan", "--json", "--as", "tom.becker@acme.com", "--", text)
    assert code == 0, err
    assert json.loads(out)["steps"][0]["expires"] == f"{year}-06-30T12:00:00Z"  # midnight in Auckland (NZST)

    code, out, err = _run(home, "tenant", "time-zone", DEMO_TENANT, "Nowhere/Special")
    assert code != 0
    assert "is not a time zone" in err
