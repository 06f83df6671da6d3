"""Red team 19: in provider mode every tenant has its own server on the one shared database. The admin of a
customer tenant, signed in on the server of their own tenant, must not see the other customers (or the
provider) on the overview or the tenant list: who runs the installation is configured, not whoever is an
admin of the tenant a server happens to serve."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from mailwarden.api.app import create_app
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.store.tenants import TenantRecord
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, serve
from tests.conftest import emulator_connection

CUSTOMER = "globex"


@contextlib.contextmanager
def _customer_server(emulator: RunningEmulator, home: Path, environ: dict[str, str]) -> Iterator[ServedApp]:
    """The server of customer tenant globex (its people: the emulated tenant's), on the installation's
    database, which also holds the provider's own tenant (demo) and another customer (initech)."""
    settings = load_settings({"MAILWARDEN_HOME": str(home), **environ})
    workspace = Workspace.open(settings)
    try:
        for key, name in ((CUSTOMER, "Globex"), ("initech", "Initech")):
            workspace.tenants.add(
                TenantRecord(
                    tenant_key=key, display_name=name, cloud="emulator", tenant_id=key, client_id="c"
                )
            )
        app = create_app(
            settings, workspace=workspace, tenant_key=CUSTOMER, connection=emulator_connection(emulator)
        )
        with serve(app) as url:
            yield ServedApp(url=url, app=app, emulator=emulator, workspace=workspace)
    finally:
        workspace.close()


def test_a_customer_admin_on_their_own_server_sees_no_other_tenant(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        grace = web.sign_in("grace.hopper@acme.com")  # Exchange Administrator of globex, nowhere else
        overview = grace.get("/api/v1/provider/overview")
        assert overview.status_code == 200, overview.text
        assert [r["tenant"] for r in overview.json()] == [CUSTOMER]
        listed = grace.get("/api/v1/tenants")
        assert listed.status_code == 200, listed.text
        assert [r["tenant"] for r in listed.json()] == [CUSTOMER]
        page = grace.get("/tenants").text
        assert "Initech" not in page
        assert "initech" not in page


def test_the_installations_own_tenant_is_named_and_its_admins_see_every_tenant(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {"MAILWARDEN_PROVIDER_TENANT": CUSTOMER}) as web:
        grace = web.sign_in("grace.hopper@acme.com")
        overview = grace.get("/api/v1/provider/overview")
        assert overview.status_code == 200, overview.text
        assert {r["tenant"] for r in overview.json()} >= {CUSTOMER, "initech"}
        assert {r["tenant"] for r in grace.get("/api/v1/tenants").json()} >= {CUSTOMER, "initech"}
