"""The demo client app "mailwarden", registered in the emulated tenant as an admin would register it.

It holds what a correctly set-up app-only client has in Entra ID: a client secret (valid 2 years), a
certificate credential (the private key and certificate go to `client-cert.pem` in the state folder,
only the public part is registered), every Graph application permission mailwarden uses plus
Exchange.ManageAsApp, and the Exchange Administrator directory role on its service principal.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
import uuid
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mailwarden.data_folder import write_private
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_APP_ID,
    EXCHANGE_MANAGE_AS_APP_ROLE,
    GRAPH_APP_ID,
    GRAPH_APP_ROLES,
    Application,
    ClientCertificate,
    ClientSecret,
    TenantState,
)

DEMO_APP_NAME = "mailwarden"
CLIENT_CERT_FILE = "client-cert.pem"
SECRET_LIFETIME = dt.timedelta(days=730)
CERT_LIFETIME = dt.timedelta(days=730)
# A fixed namespace: the demo app id is the same in every emulator of the same tenant.
_APP_NAMESPACE = uuid.UUID("0b7d4c6e-2f51-4e0a-9a35-6b9f1d2c8e47")


def demo_app_id(tenant_id: str) -> str:
    return str(uuid.uuid5(_APP_NAMESPACE, tenant_id))


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_client_secret() -> str:
    """A secret shaped like Entra ID's: 40 characters, a '~' in fourth place after a digit and 'Q'."""
    alphabet = string.ascii_letters + string.digits + "._-~"
    head = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(3))
    return head + "8Q~" + "".join(secrets.choice(alphabet) for _ in range(34))


def ensure_demo_app(state: TenantState, state_dir: Path, *, certificate: bool = True) -> Application:
    """The demo app, registered on first use; afterwards unchanged except a lost certificate file.

    Without `certificate` the app has a client secret only. Runs its own `state.transaction()`: call it
    outside one.
    """
    with state.transaction():
        app_id = demo_app_id(state.tenant.id)
        app = state.application(app_id)
        if app is None:
            now = dt.datetime.now(dt.UTC)
            app = Application(
                app_id=app_id,
                sp_id=str(uuid.uuid5(_APP_NAMESPACE, "sp:" + app_id)),
                display_name=DEMO_APP_NAME,
                secrets=[ClientSecret(secret=new_client_secret(), end=_iso(now + SECRET_LIFETIME))],
                app_role_assignments=[(GRAPH_APP_ID, role_id) for role_id in GRAPH_APP_ROLES.values()]
                + [(EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE)],
                directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE],
                role_assigned_at=_iso(now),
                # mailwarden's operators sign in with this app too (device code, loopback browser).
                is_fallback_public_client=True,
            )
            state.data.applications[app_id] = app
            state.record("emulator", "RegisterApplication", app_id, display_name=DEMO_APP_NAME)
            state.mark_dirty()
        mail_roles = [
            (GRAPH_APP_ID, GRAPH_APP_ROLES[r]) for r in ("Mail.Send", "Mail.Read", "Mail.ReadBasic.All")
        ]
        if not set(mail_roles) & {tuple(a) for a in app.app_role_assignments}:
            # A demo state from before notifications: the admin consents the mail permissions it now uses.
            app.app_role_assignments = [*app.app_role_assignments, *mail_roles]
            state.record(
                "emulator", "GrantAppRoles", app_id, roles=["Mail.Send", "Mail.Read", "Mail.ReadBasic.All"]
            )
            state.mark_dirty()
        if certificate and not _certificate_matches(app, state_dir / CLIENT_CERT_FILE):
            app.certificates = [_new_certificate(state_dir / CLIENT_CERT_FILE)]
            state.record(
                "emulator", "AddCertificateCredential", app_id, thumbprint=app.certificates[0].thumbprint_sha1
            )
            state.mark_dirty()
        return app


def _certificate_matches(app: Application, path: Path) -> bool:
    """Whether `path` holds the private key and certificate of a credential registered on `app`."""
    if not path.exists():
        return False
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError:
        return False
    thumbprint = cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303 - Entra's x5t is SHA-1 # nosec B303
    return any(c.thumbprint_sha1 == thumbprint for c in app.certificates)


def _new_certificate(path: Path) -> ClientCertificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DEMO_APP_NAME)])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + CERT_LIFETIME)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private(path, key_pem + cert_pem)
    return ClientCertificate(
        thumbprint_sha1=cert.fingerprint(hashes.SHA1()).hex().upper(),  # noqa: S303 - Entra's x5t is SHA-1 # nosec B303
        thumbprint_sha256=cert.fingerprint(hashes.SHA256()).hex().upper(),
        public_pem=cert_pem.decode(),
        end=_iso(cert.not_valid_after_utc),
    )


def load_client_certificate(path: Path) -> tuple[str, str, str]:
    """(private key PEM, certificate PEM, SHA-1 thumbprint) from a `client-cert.pem`, as msal wants them."""
    data = path.read_bytes()
    cert = x509.load_pem_x509_certificate(data)
    key = serialization.load_pem_private_key(data, password=None)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return key_pem, cert_pem, cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303 - the x5t # nosec B303


def register_app(
    state: TenantState,
    display_name: str,
    *,
    graph_permissions: list[str],
    manage_as_app: bool = True,
    directory_roles: list[str] | None = None,
    exchange_roles: list[str] | None = None,
) -> tuple[Application, str]:
    """Register another app as an admin sets one up (least privilege, or a dedicated Exchange app).

    Returns the app and its client secret. `exchange_roles` are Exchange management roles given with RBAC
    for applications (New-ServicePrincipal, New-ManagementRoleAssignment -App), not Entra roles.
    Runs its own `state.transaction()`.
    """
    secret = new_client_secret()
    with state.transaction():
        app = Application(
            app_id=str(uuid.uuid4()),
            display_name=display_name,
            secrets=[ClientSecret(secret=secret, end=_iso(dt.datetime.now(dt.UTC) + SECRET_LIFETIME))],
            app_role_assignments=[(GRAPH_APP_ID, GRAPH_APP_ROLES[p]) for p in graph_permissions]
            + ([(EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE)] if manage_as_app else []),
            directory_roles=list(directory_roles or []),
        )
        if exchange_roles:
            app.exchange_sp_id = app.sp_id
            app.exchange_roles = list(exchange_roles)
        state.data.applications[app.app_id] = app
        state.record("emulator", "RegisterApplication", app.app_id, display_name=display_name)
        state.mark_dirty()
    return app, secret
