"""A tenant's credential at rest: sealed with Fernet under a key only this installation holds.

The key comes from `MAILWARDEN_SECRET_KEY` (a Fernet key, for deployments that keep secrets in their
orchestrator) or from `<home>/secret.key`, created readable by its owner only on first use. The sealed blob
holds what reaching the tenant needs beyond the tenant table's columns: the client secret or the
certificate's private key and public part, and for an emulated tenant its URL and CA file (kept here so
the store needs no new column).

In memory a secret is a `connectors.secret.Secret`; it is revealed only to msal and to Fernet.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.fernet import Fernet, InvalidToken

from mailwarden.connectors.connection import (
    CertificateCredential,
    ClientSecretCredential,
    Credential,
    ExchangeApp,
)
from mailwarden.connectors.secret import Secret
from mailwarden.data_folder import private_dir
from mailwarden.errors import ConfigError

__all__ = ["KEY_ENV", "KEY_FILE", "Keyring", "SealedConnection"]

KEY_ENV = "MAILWARDEN_SECRET_KEY"
KEY_FILE = "secret.key"
_FORMAT = 1


@dataclass(frozen=True)
class SealedConnection:
    """What the encrypted blob holds: the credential and, for an emulated tenant, where it is served."""

    credential: Credential
    url: str | None = None
    """The emulator's base URL (cloud 'emulator' only)."""
    ca_file: str | None = None
    """A CA bundle to verify the tenant's TLS with (the emulator's CA), or None for the system's."""
    signin_client_id: str | None = None
    """The public-client app operators sign in with (`mailwarden login`); None: the tenant's own app."""
    exchange_app: ExchangeApp | None = None
    """A separate app (client id and credential) for Exchange; None: the tenant's own app does both."""
    exchange_hosts: tuple[str, ...] = ()
    """Hosts Exchange may send the client to besides its cloud's own (`CloudEndpoints.exchange_hosts_added`:
    a sovereign cloud's, a proxy's), as `exchange_host_setting` keeps them; none by default."""

    @property
    def kind(self) -> Literal["secret", "certificate"]:
        return "certificate" if isinstance(self.credential, CertificateCredential) else "secret"

    def _plain(self) -> dict[str, object]:
        body: dict[str, object] = {"v": _FORMAT, "url": self.url, "ca_file": self.ca_file, "kind": self.kind}
        if self.signin_client_id:
            body["signin_client_id"] = self.signin_client_id
        if self.exchange_hosts:
            body["exchange_hosts"] = list(self.exchange_hosts)
        body.update(_credential_plain(self.credential))
        if self.exchange_app is not None:
            body["exchange"] = {
                "client_id": self.exchange_app.client_id,
                **_credential_plain(self.exchange_app.credential),
            }
        return body

    @classmethod
    def _from_plain(cls, body: Mapping[str, object]) -> SealedConnection:
        url, ca_file, signin = body.get("url"), body.get("ca_file"), body.get("signin_client_id")
        exchange, hosts = body.get("exchange"), body.get("exchange_hosts")
        return cls(
            credential=_credential_from(body),
            url=str(url) if url else None,
            ca_file=str(ca_file) if ca_file else None,
            signin_client_id=str(signin) if signin else None,
            exchange_app=ExchangeApp(
                client_id=str(exchange["client_id"]), credential=_credential_from(exchange)
            )
            if isinstance(exchange, dict)
            else None,
            exchange_hosts=tuple(str(h) for h in hosts) if isinstance(hosts, list) else (),
        )

    def __repr__(self) -> str:
        exchange = f", exchange={self.exchange_app.client_id!r}" if self.exchange_app else ""
        return f"SealedConnection(credential={self.credential.describe()!r}, url={self.url!r}{exchange})"


def _credential_plain(credential: Credential) -> dict[str, object]:
    if isinstance(credential, CertificateCredential):
        return {
            "kind": "certificate",
            "private_key": credential.private_key_pem.reveal(),
            "certificate": credential.certificate_pem,
        }
    return {"kind": "secret", "secret": credential.secret.reveal()}


def _credential_from(body: Mapping[str, object]) -> Credential:
    if body.get("kind") == "certificate":
        return CertificateCredential(
            private_key_pem=Secret(str(body["private_key"])), certificate_pem=str(body["certificate"])
        )
    return ClientSecretCredential(Secret(str(body["secret"])))


class Keyring:
    """Seals and opens credential blobs with this installation's key."""

    def __init__(self, key: Secret) -> None:
        try:
            self._fernet = Fernet(key.reveal().encode())
        except ValueError:
            raise ConfigError(
                f"{KEY_ENV} is not a valid key: it must be 32 url-safe base64-encoded bytes. Make one with "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'."
            ) from None

    @classmethod
    def for_home(cls, home: Path, environ: Mapping[str, str] | None = None) -> Keyring:
        """The key from the environment, else from `<home>/secret.key` (created 0600 on first use)."""
        env = os.environ if environ is None else environ
        from_env = env.get(KEY_ENV, "").strip()
        if from_env:
            return cls(Secret(from_env))
        return cls(_key_file(Path(home) / KEY_FILE))

    def seal(self, sealed: SealedConnection) -> bytes:
        return self._fernet.encrypt(json.dumps(sealed._plain()).encode())

    def encrypt(self, data: bytes) -> bytes:
        """Seal any bytes with this installation's key (an operator's token cache, for one)."""
        return self._fernet.encrypt(data)

    def decrypt(self, blob: bytes) -> bytes | None:
        """The bytes `encrypt` sealed; None when this key did not seal them or they were altered."""
        try:
            return self._fernet.decrypt(blob)
        except InvalidToken:
            return None

    def open(self, blob: bytes, *, tenant_key: str) -> SealedConnection:
        """The blob's contents; ConfigError naming the likely cause when this key cannot open it."""
        try:
            body = json.loads(self._fernet.decrypt(blob))
        except InvalidToken:
            raise ConfigError(
                f"The stored credential of tenant {tenant_key!r} cannot be decrypted with this key: "
                f"{KEY_ENV} or {KEY_FILE} changed since it was stored. Restore the key, or store the "
                f"credential again with 'mailwarden tenant rotate {tenant_key}'."
            ) from None
        return SealedConnection._from_plain(body)


def _key_file(path: Path) -> Secret:
    """The key in `path`, creating it on first use; refuse a key file others can read."""
    private_dir(path.parent)
    if not path.exists():
        # Written whole to a private temporary file, then linked into place: two commands starting at once
        # agree on one key, and nobody ever reads a half-written one.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, Fernet.generate_key())
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"The key file {str(path)!r} can be read by other users (mode {mode:o}); run 'chmod 600 {path}'."
        )
    text = path.read_text(encoding="ascii").strip()
    if not text:
        raise ConfigError(f"The key file {str(path)!r} is empty; restore it from your backup.")
    return Secret(text)
