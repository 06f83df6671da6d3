"""The web app keeps its directory fresh: a background Graph delta round catches changes made elsewhere."""

from __future__ import annotations

import time
from pathlib import Path

from mailwarden.api.app import create_app
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import serve
from tests.conftest import emulator_connection

SARAH = "21d8f596-06ee-5014-8871-44db835f7241"


def test_running_app_sees_a_user_disabled_elsewhere(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """A user disabled in the tenant behind the app's back is disabled in the app's directory within
    one sync interval, without a rediscovery."""
    settings = load_settings(
        {"MAILWARDEN_HOME": str(tmp_path / "home"), "MAILWARDEN_DIRECTORY_SYNC_SECONDS": "0.2"}
    )
    workspace = Workspace.open(settings)
    try:
        app = create_app(settings, workspace=workspace, connection=emulator_connection(emulator))
        with serve(app):
            runtime = app.state.runtime
            assert runtime.directory.get(SARAH).enabled
            discoveries = workspace.cache.freshness("demo")
            with tenant.transaction():
                sarah = tenant.get(SARAH)
                assert sarah is not None
                sarah.account_enabled = False
                tenant.mark_dirty()
            deadline = time.monotonic() + 15
            while runtime.directory.get(SARAH).enabled and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not runtime.directory.get(SARAH).enabled
            assert workspace.cache.freshness("demo") == discoveries
    finally:
        workspace.close()
