"""Red team 67 F1: sec66 gave a customer's admin on a shared installation their audit records numbered among
their own (`TenantAuditRecord`, no seq or hashes) in the audit list, export and page, since the gaps between
a customer's seqs count every other tenant's records. The access review's evidence still hands them the
chain's own numbers: `GET /api/v1/reviews/{id}/evidence` answers `X-Audit-Seq` (CSV) and, as JSON, the
evidence record's seq, the checkpoint's seq and every campaign record with seq, prev_hash and hash. Each
export appends a record, so two exports a while apart tell how many records every other tenant wrote in
between."""

from __future__ import annotations

import json
from pathlib import Path

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.test_redteam19_customer_overview import CUSTOMER, _customer_server
from tests.api.test_rt58_audit_verify_per_customer import others_records

CHAIN_ONLY = {"seq", "prev_hash", "hash"}


def test_a_customers_review_evidence_does_not_count_other_tenants_records(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        grace = web.sign_in("grace.hopper@acme.com")  # Exchange Administrator of globex only
        body = {"name": "q", "deadline": "14d", "which": "chosen", "resources": ["support@acme.com"]}
        started = grace.post("/api/v1/reviews", json=body)
        assert started.status_code == 201, started.text
        campaign = started.json()["campaign_id"]

        first = grace.get(f"/api/v1/reviews/{campaign}/evidence", params={"format": "csv"})
        assert first.status_code == 200, first.text
        others_records(web.workspace, 37)  # another customer's activity in between
        signed = len(web.workspace.audit.checkpoints())
        second = grace.get(f"/api/v1/reviews/{campaign}/evidence", params={"format": "csv"})
        exported = grace.get(f"/api/v1/reviews/{campaign}/evidence").json()
        as_json = exported["signature"]
        assert len(web.workspace.audit.checkpoints()) == signed, "a customer's export signed a checkpoint"
        evidence_records = json.loads(exported["evidence"])["audit_records"]
        assert evidence_records
        assert not CHAIN_ONLY & {k for r in evidence_records for k in r}

        # The seq of their evidence record moved by initech's 37 records (and their own export's).
        told = (first.headers.get("X-Audit-Seq"), second.headers.get("X-Audit-Seq"))
        assert None in told or int(told[1]) - int(told[0]) < 37, f"X-Audit-Seq {told}: others' volume"
        leaked = CHAIN_ONLY & set(as_json["audit_record"]) or {"seq"} & set(as_json.get("checkpoint", {}))
        assert not leaked, f"the evidence's signature document names the chain's {leaked}"


def test_a_customer_left_alone_after_others_are_removed_does_not_read_their_volume(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        others_records(web.workspace, 37)  # initech's history, kept in the one chain after it leaves
        web.workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="g0@acme.com")
        for other in [t.tenant_key for t in web.workspace.tenants.all() if t.tenant_key != CUSTOMER]:
            web.workspace.tenants.remove(other)  # offboarded: globex is the only tenant left
        grace = web.sign_in("grace.hopper@acme.com")
        listed = grace.get("/api/v1/audit").json()["items"]
        assert not CHAIN_ONLY & {k for r in listed for k in r}, (
            f"seq {listed[0].get('seq')}: initech's 37 before"
        )
