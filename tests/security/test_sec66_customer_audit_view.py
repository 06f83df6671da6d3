"""A customer's `/audit` on a shared installation (note 18, found at the final read; red team 63 F4's older
half). The list and the export carried each record's `seq`, its place in the installation's one chain: the
gaps between a customer's numbers count every other tenant's records (and a record's `hash` over its fields
gives the seq back to whoever tries the numbers). And each page load walked the whole chain to verify it, a
cost that grows with every tenant's records and whose time tells how many there are. A customer sees their
records numbered among their own, without the chain's numbers or hashes; the walk is made once per chain
head. The installation's admins keep the seq (tests/api/test_reads.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.test_redteam19_customer_overview import CUSTOMER, _customer_server
from tests.api.test_rt58_audit_verify_per_customer import others_records

CHAIN_ONLY = {"seq", "prev_hash", "hash"}


def _interleaved(web: object) -> None:
    workspace = web.workspace  # type: ignore[attr-defined]
    others_records(workspace, 5)
    workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="g0@acme.com")
    workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="g1@acme.com")
    others_records(workspace, 40)
    workspace.audit.append(tenant=CUSTOMER, event="request.submitted", actor="g2@acme.com")


def test_a_customer_sees_their_records_numbered_among_their_own_not_the_chains_seq(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        _interleaved(web)
        grace = web.sign_in("grace.hopper@acme.com")

        listed = grace.get("/api/v1/audit").json()["items"]
        assert [(r["ordinal"], r["actor"]) for r in listed] == [
            (3, "g2@acme.com"),
            (2, "g1@acme.com"),
            (1, "g0@acme.com"),
        ], listed
        assert not CHAIN_ONLY & {k for r in listed for k in r}, listed[0]
        assert [r["ordinal"] for r in grace.get("/api/v1/audit", params={"offset": 1}).json()["items"]] == [
            2,
            1,
        ]

        lines = grace.get("/api/v1/audit/export", params={"format": "jsonl"}).text.splitlines()
        exported = [json.loads(line) for line in lines]
        assert [r["ordinal"] for r in exported] == [1, 2, 3]
        assert not CHAIN_ONLY & {k for r in exported for k in r}
        rows = list(
            csv.DictReader(io.StringIO(grace.get("/api/v1/audit/export", params={"format": "csv"}).text))
        )
        assert [r["ordinal"] for r in rows] == ["1", "2", "3"]
        assert not CHAIN_ONLY & set(rows[0])

        page = grace.get("/audit").text
        assert re.findall(r"<tr><td>(\d+)</td>", page) == ["3", "2", "1"]
        seqs = {str(r.seq) for r in web.workspace.audit.records(tenant=CUSTOMER)}
        assert seqs == {"6", "7", "48"}


def test_a_customers_audit_page_walks_the_chain_only_when_its_head_moved(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[int] = []
    real = AuditLog._walk  # every walk of the whole chain, `verify`'s and a customer's

    def counted(self: AuditLog, *args: object) -> object:
        walks.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AuditLog, "_walk", counted)
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        _interleaved(web)
        grace = web.sign_in("grace.hopper@acme.com")
        walks.clear()
        first = grace.get("/api/v1/audit/verify").json()
        for _ in range(3):
            assert grace.get("/audit").status_code == 200
            assert grace.get("/api/v1/audit/verify").json() == first
        assert len(walks) == 1, "each page load walked the installation's whole chain"
        others_records(web.workspace, 1)  # the head moves
        assert grace.get("/api/v1/audit/verify").json() == first
        # Red team 67 F3: the records appended since are walked on from the last walk, not the whole chain
        # (tests/audit/test_verify_for_tenant_goes_on.py: what that finds).
        assert len(walks) == 1, "a moved head walked the whole chain again"
