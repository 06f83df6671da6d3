"""Fixtures for the tenant tests: a workspace in a temporary home, and specs that connect to the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.connectors.connection import ClientSecretCredential, Credential
from mailwarden.connectors.secret import Secret
from mailwarden.settings import load_settings
from mailwarden.tenants.connect import TenantSpec
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace (SQLite store, key file, tenant folders) in a fresh temporary home."""
    ws = Workspace.open(load_settings({"MAILWARDEN_HOME": str(tmp_path / "home")}))
    yield ws
    ws.close()


def emulator_spec(
    em: RunningEmulator,
    key: str = "acme",
    *,
    credential: Credential | None = None,
    tenant: str | None = None,
    client_id: str | None = None,
) -> TenantSpec:
    """How an admin would connect the emulated tenant: its URL and CA, ids, and the app's secret."""
    return TenantSpec(
        key=key,
        cloud="emulator",
        tenant=tenant or em.tenant_id,
        client_id=client_id or em.client_id,
        credential=credential or ClientSecretCredential(Secret(em.client_secret)),
        url=em.url,
        ca_file=str(em.ca_file),
    )


@pytest.fixture
def emulator_cert(emulator: RunningEmulator) -> Path:
    """The demo app's certificate file (private key and certificate, registered on the app)."""
    return emulator.certificate_file
