"""App tokens kept between commands: msal's own token cache, one file per tenant connection and app.

Every command used to get a new access token (msal kept its cache in memory): about 60 ms of signing and
a round trip to the identity platform, and msal with requests, urllib3, PyJWT and cryptography to import.
A token lives about an hour, so the next command within it can send the same one.

    kept = KeptTokens(folder, authority="https://login.microsoftonline.com/<tenant>", client_id="...")
    kept.access_token("https://graph.microsoft.com/.default")   # msal's file read without msal, or None
    kept.load_into(cache)  /  kept.save(cache, token=new)        # msal.SerializableTokenCache in and out

The file is msal's `SerializableTokenCache` format, sealed with the installation's key when the
connection has one (a stored tenant's: the key that seals its credential, tenants/credentials.py), as an
operator's sign-in cache is: a token reaches every mailbox for an hour, so what can read the data folder
without the key (a backup, a volume snapshot) must find none. `access_token` reads it without importing
msal, and only the one shape msal writes for an app-only token; anything else (a field it does not know,
a token near its end or due for refresh, a file another user could have written) is None, and the caller
asks msal, which decides as it always did. The file holds bearer tokens with the keys to every mailbox: it is
written 0600 by atomic replace (data_folder.write_private), only when msal says its state changed, read
only when it is private to this user, and never logged. Its name is a digest of the authority (the
cloud's login host with the tenant) and the client id, so two tenants, or two apps of one tenant, never
share a file, and a connection's file is found without a list of them. `forget(folder)` removes a
tenant's files: when it is disconnected, when its credential is rotated, and before a health check
(consent granted since shows only in a new token).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from mailwarden.data_folder import private_dir, write_private

__all__ = ["KeptTokens", "Seal", "forget", "tokens_folder"]

_SUFFIX = ".tokens.json"
_MAX_BYTES = 1 << 20
_EXPIRY_MARGIN = 5 * 60
"""msal treats an access token with less than five minutes left as expired (application.py)."""
_STALE_AFTER = 2 * 24 * 3600
"""A file untouched this long holds only expired tokens (Entra's last at most about a day): removed."""
_SECTIONS = frozenset({"AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata"})
# The fields msal writes for an app-only access token (token_cache.py, TokenCache.__add); any other (a
# key_id of a proof-of-possession token, an ext_cache_key of an FMI token) is a token this reader does
# not understand.
_ACCESS_TOKEN_FIELDS = frozenset(
    {
        "credential_type",
        "secret",
        "home_account_id",
        "environment",
        "client_id",
        "target",
        "realm",
        "token_type",
        "cached_at",
        "expires_on",
        "extended_expires_on",
        "refresh_on",
    }
)
_write_lock = threading.Lock()


class Seal(Protocol):
    """Seals bytes at rest and opens them (tenants.credentials.Keyring)."""

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, blob: bytes) -> bytes | None:
        """None when this key did not seal `blob`, or it was altered."""
        ...


def tokens_folder(home: Path, tenant_key: str) -> Path:
    """Where a tenant's app tokens are kept in the data folder."""
    return Path(home) / "tenants" / tenant_key / "tokens"


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """The tenant's tokens folder locked against other processes (and threads) that save or forget in it:
    a forget between a save's read and its write would be undone by the write. No lock file (a forget
    would remove it, and the folder with it): the folder itself is locked."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield  # no folder yet: nothing kept to race over
        return
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def forget(folder: Path | None) -> None:
    """Remove every kept token file in `folder` (a tenant's), so the next command gets new tokens."""
    if folder is None:
        return
    with _folder_locked(Path(folder)):
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if name.endswith(_SUFFIX) or (name.startswith(".") and _SUFFIX in name):  # interrupted writes
                (Path(folder) / name).unlink(missing_ok=True)


def _digits(value: object) -> int | None:
    """msal writes times as strings of decimal digits ("schema defines it as a string")."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def _well_formed(entry: object) -> bool:
    """Whether msal can search and key an access-token entry without raising."""
    if not isinstance(entry, dict) or not isinstance(entry.get("secret"), str):
        return False
    if any(
        not isinstance(entry.get(f), (str, type(None)))
        for f in ("home_account_id", "environment", "client_id", "realm", "target")
    ):
        return False
    if _digits(entry.get("expires_on")) is None:
        return False
    return "refresh_on" not in entry or _digits(entry["refresh_on"]) is not None


class KeptTokens:
    """The kept tokens of one app at one authority, in `folder`."""

    def __init__(self, folder: Path, *, authority: str, client_id: str, seal: Seal | None = None) -> None:
        self._seal = seal
        key = f"{authority.rstrip('/').lower()}\n{client_id.lower()}".encode()
        self.folder = Path(folder)
        self.path = self.folder / f"{hashlib.sha256(key).hexdigest()[:32]}{_SUFFIX}"
        parts = urlsplit(authority)
        # msal keys a token by the authority's host name (no port) and its first path segment (the realm).
        self._environment = (parts.hostname or "").lower()
        self._realm = parts.path.strip("/").split("/")[0].lower()
        self._client_id = client_id

    def read(self) -> str | None:
        """The file's text when it is a regular file of this user that no one else can read or write."""
        try:
            # O_NONBLOCK: opening a FIFO put in the file's place would wait for a writer forever.
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
                or info.st_uid != os.getuid()
                or info.st_size > _MAX_BYTES
            ):
                return None
            with os.fdopen(fd, "rb", closefd=False) as file:
                raw = file.read(_MAX_BYTES + 1)
        finally:
            os.close(fd)
        if self._seal is not None:
            opened = self._seal.decrypt(raw)  # another key's, or altered: not ours to trust
            if opened is None:
                return None
            raw = opened
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _state(self) -> dict[str, Any] | None:
        """The file parsed, when it is one JSON object of msal's sections; None otherwise."""
        text = self.read()
        if text is None:
            return None
        try:
            state = json.loads(text)
        except (ValueError, RecursionError):  # under the size limit a file can still nest too deep
            return None
        if not isinstance(state, dict) or not set(state) <= _SECTIONS:
            return None
        return state

    def access_token(self, scope: str, *, now: float | None = None) -> str | None:
        """A kept access token for `scope` that msal itself would hand out without asking, else None."""
        found = self.access_token_until(scope, now=now)
        return found[0] if found is not None else None

    def access_token_until(self, scope: str, *, now: float | None = None) -> tuple[str, float] | None:
        """A kept access token for `scope` that msal itself would hand out without asking, with the time
        (epoch seconds) until which msal would go on handing it out; None when there is none."""
        state = self._state()
        if state is None:
            return None
        tokens = state.get("AccessToken")
        if not isinstance(tokens, dict):
            return None
        # msal's key of an app-only token (no account): "-<host>-accesstoken-<client id>-<realm>-<scope>".
        key = "-".join(["", self._environment, "accesstoken", self._client_id, self._realm, scope]).lower()
        entry = tokens.get(key)
        if not isinstance(entry, dict):
            return None
        return self._usable(entry, scope, time.time() if now is None else now)

    def _usable(self, entry: dict[str, Any], scope: str, now: float) -> tuple[str, float] | None:
        if not set(entry) <= _ACCESS_TOKEN_FIELDS or entry.get("home_account_id") not in (None, ""):
            return None
        expected = {
            "credential_type": "AccessToken",
            "environment": self._environment,
            "client_id": self._client_id,
            "realm": self._realm,
            "target": scope.lower(),
        }
        for field, value in expected.items():
            found = entry.get(field)
            if not isinstance(found, str) or found.lower() != value.lower():
                return None
        if entry["client_id"] != self._client_id:
            return None  # msal's lookup compares the app's id exactly, not in any case
        if str(entry.get("token_type", "Bearer")).lower() != "bearer":
            return None
        secret = entry.get("secret")
        if not isinstance(secret, str) or not secret or not secret.isascii() or not secret.isprintable():
            return None
        if any(c.isspace() for c in secret):
            return None
        cached_at, expires_on = _digits(entry.get("cached_at")), _digits(entry.get("expires_on"))
        refresh_on = entry.get("refresh_on")
        if cached_at is None or expires_on is None or cached_at > now + 60 or expires_on <= cached_at:
            return None
        if expires_on - now < _EXPIRY_MARGIN:
            return None  # msal would ask for a new one
        until = float(expires_on - _EXPIRY_MARGIN)
        if refresh_on is not None:
            due = _digits(refresh_on)
            if due is None or due < now:
                return None  # msal would try to refresh it first
            until = min(until, float(due))
        return secret, until

    def load_into(self, cache: Any) -> None:
        """Fill msal's `SerializableTokenCache` with the file's access tokens (none when it is bad).

        msal trusts its file's shape: an entry without a numeric expires_on, or a section that is not an
        object, raises deep in its lookup, on every command until the file is deleted. So only access
        tokens of msal's shape are handed to it (an app-only cache needs nothing else; msal writes the
        rest again), and a damaged file counts as empty: the next save replaces it."""
        state = self._state()
        tokens = state.get("AccessToken") if state is not None else None
        if not isinstance(tokens, dict):
            return
        kept = {key: entry for key, entry in tokens.items() if _well_formed(entry)}
        cache.deserialize(json.dumps({"AccessToken": kept}))

    def save(self, cache: Any, *, token: str | None, refused: str | None = None) -> None:
        """Add `token`, which msal just got, to the file as it is now, without `refused` (a token the
        service just refused).

        Never the rest of this process's cache: it is the file as it was when msal started here, and a
        long-lived process (the web server) would write back tokens another process removed since (the
        tenant's credential was rotated, or it was removed) or drop the ones it added."""
        with _write_lock:
            if not cache.has_state_changed:
                return
            mine = json.loads(cache.serialize()).get("AccessToken") or {}
            fresh = {key: entry for key, entry in mine.items() if token and entry.get("secret") == token}
            private_dir(self.folder)
            with _folder_locked(self.folder):
                state = self._state() or {}
                tokens = state.get("AccessToken")
                now = time.time()
                kept = {
                    key: entry
                    for key, entry in (tokens.items() if isinstance(tokens, dict) else ())
                    if _well_formed(entry) and int(entry["expires_on"]) > now and entry["secret"] != refused
                }
                if not fresh and len(kept) == len(tokens or ()):
                    return  # nothing new, nothing to drop
                text = json.dumps({"AccessToken": kept | fresh}).encode()
                write_private(self.path, self._seal.encrypt(text) if self._seal is not None else text)
        self._prune()

    def _prune(self) -> None:
        limit = time.time() - _STALE_AFTER
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for item in entries:
            try:
                if item.name.endswith(_SUFFIX) and item.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(item.path)
            except OSError:
                continue
