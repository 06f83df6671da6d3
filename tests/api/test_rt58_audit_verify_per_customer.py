"""Red team 58's observation: on a shared installation the audit chain is one for every tenant, and a
customer's admin who asked it to verify learnt how many records every tenant held together, and which record
of another tenant was bad and why. A customer's admin sees the walk reported about their own tenant."""

from __future__ import annotations

from pathlib import Path

from mailwarden.emulator.state import TenantState
from mailwarden.store.tables import AuditRecordRow
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.test_redteam19_customer_overview import CUSTOMER, _customer_server


def others_records(workspace: Workspace, count: int) -> None:
    """`count` audit records of another customer (initech) on the shared installation."""
    for n in range(count):
        workspace.audit.append(
            tenant="initech", event="request.submitted", actor=f"someone{n}@initech.example", target="x"
        )


def test_a_customer_admin_counts_only_their_tenants_records(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        others_records(web.workspace, 7)
        web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="grace.hopper@acme.com")
        grace = web.sign_in("grace.hopper@acme.com")
        seen = grace.get("/api/v1/audit/verify").json()
        mine = len(web.workspace.audit.records(tenant=CUSTOMER))
        assert seen["ok"] is True
        assert seen["checked"] == mine
        assert seen["checked"] < web.workspace.audit.verify().checked
        assert seen["witness"] is None


def test_another_tenants_bad_record_is_not_named_to_a_customer(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        others_records(web.workspace, 3)
        web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="grace.hopper@acme.com")
        grace = web.sign_in("grace.hopper@acme.com")
        bad = web.workspace.audit.records(tenant="initech")[1].seq
        with web.workspace.store.session() as session:
            row = session.get(AuditRecordRow, bad)
            assert row is not None
            row.actor = "edited@initech.example"
            session.commit()
        whole = web.workspace.audit.verify()
        assert whole.ok is False
        assert whole.first_bad_seq == bad
        seen = grace.get("/api/v1/audit/verify").json()
        assert seen["ok"] is False
        assert seen["first_bad_seq"] is None
        assert "edited" not in str(seen)
        assert "initech" not in str(seen)
        assert "ask the installation's operator" in seen["reason"]
        page = grace.get("/audit").text
        assert "does not verify" in page
        assert "initech" not in page


def test_the_installations_admins_see_the_whole_walk(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {"MAILWARDEN_PROVIDER_TENANT": CUSTOMER}) as web:
        others_records(web.workspace, 5)
        grace = web.sign_in("grace.hopper@acme.com")
        assert grace.get("/api/v1/audit/verify").json()["checked"] == web.workspace.audit.verify().checked
