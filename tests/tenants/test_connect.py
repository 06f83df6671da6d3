"""Connecting a tenant: validated by a Graph and an Exchange token before anything is saved."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mailwarden.connectors.connection import CertificateCredential, ClientSecretCredential, open_tenant
from mailwarden.connectors.secret import Secret
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import ConfigError
from mailwarden.tenants.connect import ConnectFailed, add_tenant, remove_tenant, rotate_credential
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio


def _audit_text(workspace: Workspace) -> str:
    out = io.StringIO()
    workspace.audit.export("jsonl", out)
    return out.getvalue()


async def test_a_tenant_added_by_domain_is_stored_by_guid_with_its_secret_sealed(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Added by domain, the tenant is stored under its GUID; the secret is in neither blob nor audit."""
    record = await add_tenant(workspace, emulator_spec(emulator, tenant=emulator.tenant_domain), actor="ops")
    stored = workspace.tenants.get("acme")
    assert stored is not None
    assert stored.tenant_id == emulator.tenant_id
    assert record.display_name == "Acme Corporation"
    assert stored.credential_blob is not None
    assert emulator.client_secret.encode() not in stored.credential_blob
    audit = _audit_text(workspace)
    assert "tenant.added" in audit
    assert emulator.client_secret not in audit


async def test_a_stored_tenant_connects_through_the_workspace(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """After adding, `Workspace.connection` opens the stored credential and reaches the tenant's users."""
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as clients:
            users = await clients.graph.users()
    assert any(u.get("userPrincipalName") == "sarah@acme.com" for u in users)


@pytest.mark.parametrize(
    ("setup", "api", "words"),
    [
        ("wrong_secret", "Microsoft Graph", "client secret is wrong"),
        ("unknown_tenant", "Microsoft Graph", "tenant not found"),
        ("unknown_app", "Microsoft Graph", "is unknown in tenant"),
        ("wrong_tenant", "Microsoft Graph", "consented in another tenant"),
        ("expired_secret", "Microsoft Graph", "client secret has expired"),
    ],
)
async def test_a_failed_validation_says_which_token_and_why_and_saves_nothing(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState, setup: str, api: str, words: str
) -> None:
    """Each setup mistake is named in words with the failed token; no tenant and no audit record remain."""
    spec = emulator_spec(emulator)
    if setup == "wrong_secret":
        spec = emulator_spec(emulator, credential=ClientSecretCredential(Secret("abc8Q~wrong")))
    elif setup == "unknown_tenant":
        spec = emulator_spec(emulator, tenant="nosuch.example")
    elif setup == "unknown_app":
        spec = emulator_spec(emulator, client_id="11111111-2222-3333-4444-555555555555")
    else:
        set_switch(tenant, setup, True)
    with pytest.raises(ConnectFailed) as failed:
        await add_tenant(workspace, spec, actor="ops")
    assert failed.value.api == api
    assert words in str(failed.value)
    assert "Nothing was saved" in str(failed.value)
    assert emulator.client_secret not in str(failed.value)
    assert workspace.tenants.get("acme") is None
    assert workspace.audit.head() == 0


def _expired_certificate(path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "old")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ) + cert.public_bytes(serialization.Encoding.PEM)
    path.write_bytes(pem)
    return path


async def test_an_expired_certificate_is_refused_with_its_end_date(
    workspace: Workspace, emulator: RunningEmulator, tmp_path: Path
) -> None:
    """A certificate past its end date fails before any request, saying when it expired."""
    credential = CertificateCredential.from_file(_expired_certificate(tmp_path / "old.pem"))
    with pytest.raises(ConnectFailed, match="expired on"):
        await add_tenant(workspace, emulator_spec(emulator, credential=credential), actor="ops")
    assert workspace.tenants.get("acme") is None


async def test_rotation_to_a_certificate_replaces_the_credential_and_a_bad_one_changes_nothing(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """A wrong new secret leaves the old credential working; a valid certificate takes its place (audited)."""
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    before = workspace.tenants.get("acme")
    with pytest.raises(ConnectFailed, match="client secret is wrong"):
        await rotate_credential(workspace, "acme", ClientSecretCredential(Secret("abc8Q~bad")), actor="ops")
    assert workspace.tenants.get("acme") == before
    certificate = CertificateCredential.from_file(emulator.certificate_file)
    await rotate_credential(workspace, "acme", certificate, actor="ops")
    with workspace.connection("acme") as connection:
        assert connection.credential.describe() == certificate.describe()
        async with open_tenant(connection) as clients:
            assert await clients.graph.domains()
    audit = _audit_text(workspace)
    assert "tenant.credential_rotated" in audit
    assert "PRIVATE KEY" not in audit


async def test_a_removed_tenant_is_gone_but_its_audit_stays(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Removing forgets the connection; connecting again names the tenant as unknown; the audit keeps both."""
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    remove_tenant(workspace, "acme", actor="ops")
    with pytest.raises(ConfigError, match="No tenant named 'acme'"), workspace.connection("acme"):
        pass
    audit = _audit_text(workspace)
    assert "tenant.added" in audit
    assert "tenant.removed" in audit


async def test_a_second_tenant_with_a_taken_name_is_refused_before_any_request(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Adding a name twice points at rotate instead of silently replacing the first credential."""
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    with pytest.raises(ConfigError, match="tenant rotate acme"):
        await add_tenant(workspace, emulator_spec(emulator), actor="ops")


async def test_kept_tokens_go_with_a_rotated_credential_and_a_removed_tenant(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """A command keeps the apps' tokens for the next (connectors/kept_tokens.py); rotating the credential
    (it may have leaked) and removing the tenant leave none behind."""
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    kept = workspace.settings.home / "tenants" / "acme" / "tokens"

    async def command() -> None:
        with workspace.connection("acme") as connection:
            assert connection.token_cache == kept
            async with open_tenant(connection) as clients:
                assert await clients.graph.domains()

    await command()
    assert [p.suffixes for p in kept.iterdir()] == [[".tokens", ".json"]]
    certificate = CertificateCredential.from_file(emulator.certificate_file)
    await rotate_credential(workspace, "acme", certificate, actor="ops")
    assert list(kept.iterdir()) == []
    await command()
    assert len(list(kept.iterdir())) == 1
    remove_tenant(workspace, "acme", actor="ops")
    assert not kept.exists()


async def test_a_tenant_added_again_never_sends_a_token_kept_from_before_it_was_removed(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """The web server of a tenant runs on while a CLI removes the tenant: its next token is written into
    the tenant's folder again. The tenant added again later (a new credential, perhaps fewer roles) must
    start without it."""
    graph = "https://graph.microsoft.com"
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    kept = workspace.settings.home / "tenants" / "acme" / "tokens"
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as server:
            first = await server.tokens.token(graph)
            remove_tenant(workspace, "acme", actor="ops")
            before = await server.tokens.token(graph, reject=first)  # its token ran out: a new one
    assert kept.exists()
    certificate = CertificateCredential.from_file(emulator.certificate_file)
    await add_tenant(workspace, emulator_spec(emulator, credential=certificate), actor="ops")
    emulator.faults.reset()
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as clients:
            await clients.tokens.token(graph)  # (the same claims in the same second sign the same bytes)
    asked = [r for r in emulator.faults.requests("identity") if r.path.endswith("/token")]
    assert len(asked) == 1, f"the token kept from before the removal was sent ({before[:12]}...)"


async def test_kept_tokens_are_sealed_at_rest_like_the_credential_that_got_them(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """A kept token reaches every mailbox for an hour, as the credential does; the credential is sealed with
    the installation's key (and an operator's sign-in cache too), so what can read the data folder
    without that key (a backup, a volume snapshot, a sidecar, with the key in MAILWARDEN_SECRET_KEY) must
    not find a usable token there either."""
    graph = "https://graph.microsoft.com"
    await add_tenant(workspace, emulator_spec(emulator), actor="ops")
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as clients:
            token = await clients.tokens.token(graph)
    files = [p for p in workspace.settings.home.rglob("*") if p.is_file()]
    assert not [p for p in files if token.encode() in p.read_bytes()]
    emulator.faults.reset()
    with workspace.connection("acme") as connection:
        async with open_tenant(connection) as clients:
            assert await clients.tokens.token(graph) == token  # still kept for the next command
    assert not [r for r in emulator.faults.requests("identity") if r.path.endswith("/token")]
