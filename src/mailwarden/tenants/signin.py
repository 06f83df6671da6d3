"""Who is signed in to a tenant at this installation: the operator's msal token cache, sealed at rest.

    with operator_signin(workspace, "contoso") as client:   # loads the sealed cache, stores it back
        code = client.start_device_flow()
        ...
    person = signed_in(workspace, "contoso")                 # NotSignedIn when nobody is (or it lapsed)

The cache lives in `<home>/tenants/<key>/signin.cache`, encrypted with the installation's Fernet key (the
one that seals tenant credentials: credentials.py) and readable by its owner only (0600, folder 0700).
A cache that this key cannot open, or that was altered, counts as nobody signed in.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msal

from mailwarden.connectors.signin import Operator, SignInClient, SignInFailed
from mailwarden.errors import ConfigError
from mailwarden.tenants.connect import signin_target
from mailwarden.tenants.credentials import Keyring

if TYPE_CHECKING:
    from mailwarden.workspace import Workspace

__all__ = ["CACHE_FILE", "NotSignedIn", "cache_path", "operator_signin", "sign_out", "signed_in"]

CACHE_FILE = "signin.cache"


class NotSignedIn(ConfigError):
    """Nobody is signed in to the tenant here (or the sign-in lapsed): the message names the command."""

    def __init__(self, tenant_key: str, reason: str | None = None) -> None:
        self.tenant_key = tenant_key
        self.reason = reason
        text = f"not signed in to {tenant_key}: run mailwarden login --tenant {tenant_key}"
        super().__init__(f"{text} ({reason})" if reason else text)


def cache_path(home: Path, tenant_key: str) -> Path:
    return Path(home) / "tenants" / tenant_key / CACHE_FILE


def _load(home: Path, tenant_key: str) -> msal.SerializableTokenCache:
    cache = msal.SerializableTokenCache()
    path = cache_path(home, tenant_key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return cache
    plain = Keyring.for_home(home).decrypt(blob)
    if plain is not None:
        try:
            cache.deserialize(plain.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return msal.SerializableTokenCache()
    return cache


def _store(home: Path, tenant_key: str, cache: msal.SerializableTokenCache) -> None:
    path = cache_path(home, tenant_key)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)  # the tenant's folder may predate the sign-in, made with the umask's mode
    blob = Keyring.for_home(home).encrypt(cache.serialize().encode("utf-8"))
    # Written whole to a private temporary file and renamed over: a reader never sees half a cache, and the
    # file is never, even for a moment, readable by anyone else.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, blob)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


@contextlib.contextmanager
def operator_signin(workspace: Workspace, tenant_key: str) -> Iterator[SignInClient]:
    """A sign-in client on the tenant's sealed cache; what changed in the cache is sealed back on exit."""
    home = workspace.settings.home
    cache = _load(home, tenant_key)
    with SignInClient(signin_target(workspace, tenant_key), cache) as client:
        try:
            yield client
        finally:
            if cache.has_state_changed:
                _store(home, tenant_key, cache)


def signed_in(workspace: Workspace, tenant_key: str) -> Operator:
    """The person signed in to the tenant, vouched for afresh by the identity platform when tokens expired."""
    if not cache_path(workspace.settings.home, tenant_key).exists():
        raise NotSignedIn(tenant_key)
    with operator_signin(workspace, tenant_key) as client:
        try:
            operator = client.current()
        except SignInFailed as exc:
            raise NotSignedIn(tenant_key, str(exc)) from None
    if operator is None:
        raise NotSignedIn(tenant_key)
    return operator


def sign_out(workspace: Workspace, tenant_key: str) -> bool:
    """Forget the tenant's sign-in here (the sealed cache goes whole); False when nobody was signed in.

    Nothing is sent to the identity platform: a public client has no token to revoke there, and logging out
    must work even when the tenant cannot be reached."""
    path = cache_path(workspace.settings.home, tenant_key)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed
