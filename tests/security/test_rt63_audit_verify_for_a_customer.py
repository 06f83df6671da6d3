"""Red team 63: what a customer's admin on a shared installation is told by the audit chain's verification
(sec63's `AuditLog.verify_for_tenant`).

F3: a record of the customer's own that was deleted (or cut off the chain's end) has no row left to name its
tenant, and is reported to them as "a record that is not this tenant's".
F4: the narrowed answer still counts the installation's checkpoints and witnessed heads, which grow with
every other customer's records.
Each test asserts what should hold (strict xfails until the lead fixed F3 and F4)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete

from mailwarden.emulator.state import TenantState
from mailwarden.store.tables import AuditRecordRow
from mailwarden.testing import RunningEmulator
from tests.api.test_redteam19_customer_overview import CUSTOMER, _customer_server
from tests.api.test_rt58_audit_verify_per_customer import others_records as _others


def test_a_customers_own_deleted_record_is_not_reported_as_another_tenants(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        _others(web.workspace, 5)
        for n in range(3):
            web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor=f"g{n}@acme.com")
        _others(web.workspace, 2)
        grace = web.sign_in("grace.hopper@acme.com")
        theirs = web.workspace.audit.records(tenant=CUSTOMER)[1].seq
        with web.workspace.store.session() as session:
            session.execute(delete(AuditRecordRow).where(AuditRecordRow.seq == theirs))
            session.commit()
        whole = web.workspace.audit.verify()
        assert (whole.ok, whole.first_bad_seq) == (False, theirs)
        seen = grace.get("/api/v1/audit/verify").json()
        assert seen["ok"] is False
        # Whose record is gone cannot be told from what is left: never that it was someone else's.
        assert "not this tenant's" not in str(seen["reason"]), seen


def test_a_customer_is_not_told_how_busy_the_other_tenants_are(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        _others(web.workspace, 1)
        web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="grace.hopper@acme.com")
        grace = web.sign_in("grace.hopper@acme.com")
        before = grace.get("/api/v1/audit/verify").json()
        _others(web.workspace, 450)
        after = grace.get("/api/v1/audit/verify").json()
        assert before["checked"] == after["checked"]  # narrowed, as sec63 holds
        # Nothing of the answer moves with another customer's activity alone.
        assert before == after, (before, after)


def test_a_customers_record_moved_to_another_tenant_is_not_reported_as_theirs(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """Whoever edits the database moves one of globex's records to initech: it leaves globex's audit list,
    and the chain breaks at it; globex is told the bad record is not theirs."""
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        _others(web.workspace, 3)
        for n in range(3):
            web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor=f"g{n}@acme.com")
        grace = web.sign_in("grace.hopper@acme.com")
        theirs = web.workspace.audit.records(tenant=CUSTOMER)[1].seq
        with web.workspace.store.session() as session:
            row = session.get(AuditRecordRow, theirs)
            assert row is not None
            row.tenant = "initech"
            session.commit()
        assert web.workspace.audit.verify().first_bad_seq == theirs
        seen = grace.get("/api/v1/audit/verify").json()
        assert seen["ok"] is False
        assert "not this tenant's" not in str(seen["reason"]), seen
