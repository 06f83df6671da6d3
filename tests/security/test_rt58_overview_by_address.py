"""Red team 58 F1: the provider overview finds which other tenants a person administers by an address.

In provider mode each customer tenant has its own server on the shared database; `api/provider.py`
shows someone the other tenants "where the directory holds an admin account of theirs", matched by any SMTP
address of the person signed in. The addresses an account of customer tenant globex carries are set by
globex's own admin; sign-in itself (auth.py) refuses to identify anyone by an address for exactly that reason
("whoever creates an account may set [it] to somebody else's address"). Here globex's admin gives a plain
employee of globex the address of the provider's technician, who is an Exchange Administrator (a guest) in
customer initech: that employee, signed in on globex's own server, was shown initech on the overview (its
health, what is red, its pending approvals). Now only a person signed in on the installation's own tenant,
whose accounts and addresses the provider controls, is matched to guest accounts of other tenants."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from mailwarden.api.app import create_app
from mailwarden.emulator.state import TenantState
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.settings import load_settings
from mailwarden.store.tenants import TenantRecord
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, serve
from tests.conftest import emulator_connection

CUSTOMER = "globex"
OTHER = "initech"
TECHNICIAN = "tech@provider.example"


@contextlib.contextmanager
def _customer_server(emulator: RunningEmulator, home: Path) -> Iterator[ServedApp]:
    """globex's server (its people: the emulated tenant's) on a database that also holds customer initech,
    whose cache knows the provider's technician as a guest with the Exchange Administrator role."""
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(home)}))
    try:
        for key, name in ((CUSTOMER, "Globex"), (OTHER, "Initech")):
            workspace.tenants.add(
                TenantRecord(
                    tenant_key=key, display_name=name, cloud="emulator", tenant_id=key, client_id="c"
                )
            )
        workspace.cache.upsert(
            OTHER,
            Recipient(
                recipient_id="0b5e0000-0000-4000-8000-00000000beef",
                kind=RecipientKind.GUEST,
                display_name="Provider Technician",
                primary_address=TECHNICIAN,
                addresses=(TECHNICIAN,),
                roles=("Exchange Administrator",),
            ),
        )
        app = create_app(
            load_settings({"MAILWARDEN_HOME": str(home)}),
            workspace=workspace,
            tenant_key=CUSTOMER,
            connection=emulator_connection(emulator),
        )
        with serve(app) as url:
            yield ServedApp(url=url, app=app, emulator=emulator, workspace=workspace)
    finally:
        workspace.close()


def test_an_address_given_by_a_customer_admin_does_not_open_another_customers_overview(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with tenant.transaction():
        tom = tenant.by_address("tom.becker@acme.com")
        assert tom is not None
        # What globex's admin may do to an account of globex: give it one more address.
        tom.email_addresses.append(f"smtp:{TECHNICIAN}")
        tenant.reindex()
    with _customer_server(emulator, tmp_path / "home") as web:
        employee = web.sign_in("tom.becker@acme.com")  # no admin role anywhere
        me = employee.get("/api/v1/me").json()
        assert me["role"] == "employee"
        overview = employee.get("/api/v1/provider/overview")
        # Someone who administers nothing has no overview at all; initech is never theirs to see.
        assert overview.status_code == 403, overview.text
        assert "Initech" not in employee.get("/tenants").text


def test_a_customer_admin_sees_only_their_own_tenant_whatever_addresses_they_hold(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with tenant.transaction():
        grace = tenant.by_address("grace.hopper@acme.com")
        assert grace is not None
        grace.email_addresses.append(f"smtp:{TECHNICIAN}")
        tenant.reindex()
    with _customer_server(emulator, tmp_path / "home") as web:
        admin = web.sign_in("grace.hopper@acme.com")  # globex's own admin
        overview = admin.get("/api/v1/provider/overview")
        assert overview.status_code == 200, overview.text
        assert [row["tenant"] for row in overview.json()] == [CUSTOMER]
