"""A rotation forgets the tokens the old credential got however it ends (red team 88 F1): they were
forgotten only after the change and its record returned, so anything raising after the commit (a Ctrl-C while
the witness is posted, a witness sink raising) left the rotated-away credential's tokens in use, though the
rotation was committed and recorded."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.audit.chain import AuditLog
from mailwarden.connectors.connection import CertificateCredential, open_tenant
from mailwarden.emulator.state import TenantState
from mailwarden.tenants.connect import add_tenant, rotate_credential
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.tenants.conftest import *  # noqa: F403
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio


async def test_a_rotation_interrupted_at_its_witness_forgets_the_old_credentials_tokens(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    kept = workspace.settings.home / "tenants" / "acme" / "tokens"
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as clients:
            assert await clients.graph.domains()
    assert list(kept.iterdir())
    before = workspace.tenant_record("acme").credential_blob

    def interrupted(self: AuditLog, signed: Any, *, strict: bool = False) -> None:  # Ctrl-C at the witness
        raise KeyboardInterrupt

    monkeypatch.setattr(AuditLog, "_witness", interrupted)
    certificate = CertificateCredential.from_file(emulator.certificate_file)
    with pytest.raises(KeyboardInterrupt):
        await rotate_credential(workspace, "acme", certificate, actor="ops")
    monkeypatch.undo()
    assert (
        workspace.tenant_record("acme").credential_blob != before
    )  # the rotation is in force (and recorded)
    assert list(kept.iterdir()) == [], "the old credential's tokens are still kept and will be sent"
