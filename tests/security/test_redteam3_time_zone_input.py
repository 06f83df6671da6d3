"""Red team 3: `mailwarden tenant time-zone` with input that is not a zone but which the zone database
trips over (a folder of zones, a name too long for a file) gets a clear error, never a traceback, and
leaves the zone as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mailwarden.cli import tenant_cmd
from mailwarden.demo_tenant import DEMO_TENANT, DEMO_TIME_ZONE
from mailwarden.errors import ConfigError
from mailwarden.settings import load_settings
from mailwarden.workspace import Workspace

app = typer.Typer(pretty_exceptions_enable=False)
app.callback()(lambda: None)
app.add_typer(tenant_cmd.app, name="tenant")

NOT_ZONES = ("America", "Europe", "x" * 300, "Etc/" + "y" * 400)


@pytest.mark.parametrize("zone", NOT_ZONES, ids=["folder", "folder2", "long", "long-nested"])
def test_a_bad_time_zone_is_a_clear_error(tmp_path: Path, zone: str) -> None:
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(tmp_path)}))
    try:
        workspace.tenant_record(DEMO_TENANT)
        with pytest.raises(ConfigError, match="is not a time zone"):
            workspace.tenants.set_time_zone(DEMO_TENANT, zone)
    finally:
        workspace.close()
    result = CliRunner().invoke(
        app, ["tenant", "time-zone", DEMO_TENANT, zone], env={"MAILWARDEN_HOME": str(tmp_path)}
    )
    assert result.exit_code == 1, result.exception
    assert "is not a time zone" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(tmp_path)}))
    try:
        assert workspace.tenant_record(DEMO_TENANT).time_zone == DEMO_TIME_ZONE
    finally:
        workspace.close()
