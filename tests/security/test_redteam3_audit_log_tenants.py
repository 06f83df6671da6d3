"""Red team 3: Graph's audit log query API of a many-tenant emulator. A query belongs to the tenant whose
token made it: another tenant's token never reads its status or its records (the unified audit log of one
organisation is never another's), and a tenant's own query is found again when it polls it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from mailwarden.emulator import seed, tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.credentials import ensure_demo_app
from mailwarden.emulator.fleet import FleetTenant, fleet_entry, open_fleet
from mailwarden.emulator.state import TenantState

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

GRAPH = "https://graph.microsoft.com/.default"
QUERY = {"filterStartDateTime": "2000-01-01T00:00:00Z", "filterEndDateTime": "2100-01-01T00:00:00Z"}


@dataclass
class Fleet:
    client: TestClient
    acme: TenantState
    tenants: list[FleetTenant]

    def headers(self, tenant: FleetTenant) -> dict[str, str]:
        answer = self.client.post(
            f"/{tenant.tenant_domain}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": tenant.client_id,
                "client_secret": tenant.client_secret,
                "scope": GRAPH,
            },
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def fleet(tmp_path: Path) -> Fleet:
    acme = TenantState(seed.acme())
    with acme.transaction():
        tokens.ensure_signing_key(acme)
        acme.data.switches.audit_query_seconds = 0
        acme.data.switches.audit_log_lag_seconds = 0
    ensure_demo_app(acme, tmp_path)
    others = open_fleet(tmp_path, 2, 10, acme.data.signing_key_pem)
    for state in others:
        with state.transaction():
            state.data.switches.audit_query_seconds = 0
    entries = [fleet_entry(i, s) for i, s in enumerate([acme, *others])]
    return Fleet(TestClient(create_emulator_app(acme, None, others)), acme, entries)


def _start(fleet: Fleet, tenant: FleetTenant) -> str:
    made = fleet.client.post("/v1.0/security/auditLog/queries", json=QUERY, headers=fleet.headers(tenant))
    assert made.status_code == 201, made.text
    query_id: str = made.json()["id"]
    return query_id


def test_a_tenant_polls_its_own_audit_query(fleet: Fleet) -> None:
    other = fleet.tenants[1]
    query_id = _start(fleet, other)
    polled = fleet.client.get(f"/v1.0/security/auditLog/queries/{query_id}", headers=fleet.headers(other))
    assert polled.status_code == 200, polled.text
    records = fleet.client.get(
        f"/v1.0/security/auditLog/queries/{query_id}/records", headers=fleet.headers(other)
    )
    assert records.status_code == 200, records.text
    assert all(r["organizationId"] == other.tenant_id for r in records.json()["value"])


def test_another_tenants_token_never_reads_acmes_audit_query(fleet: Fleet) -> None:
    acme, other = fleet.tenants[0], fleet.tenants[1]
    query_id = _start(fleet, acme)
    assert (
        fleet.client.get(
            f"/v1.0/security/auditLog/queries/{query_id}", headers=fleet.headers(acme)
        ).status_code
        == 200
    )
    for path in (
        f"/v1.0/security/auditLog/queries/{query_id}",
        f"/v1.0/security/auditLog/queries/{query_id}/records",
    ):
        answer = fleet.client.get(path, headers=fleet.headers(other))
        assert answer.status_code == 404, (path, answer.status_code, answer.text[:300])
        assert fleet.acme.tenant.id not in answer.text
