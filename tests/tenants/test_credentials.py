"""The sealed credential: encrypted at rest, opened only with the installation's key, never in clear."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from mailwarden.connectors.connection import CertificateCredential, ClientSecretCredential
from mailwarden.connectors.secret import Secret
from mailwarden.errors import ConfigError
from mailwarden.tenants.credentials import KEY_ENV, KEY_FILE, Keyring, SealedConnection

SECRET = "abc8Q~not-a-real-secret-but-shaped-like-one"


def test_a_sealed_secret_is_not_readable_in_the_blob_and_opens_back(tmp_path: Path) -> None:
    """The blob holds no trace of the secret; the same key opens it to the same secret and emulator URL."""
    keyring = Keyring.for_home(tmp_path, environ={})
    sealed = SealedConnection(
        ClientSecretCredential(Secret(SECRET)), url="https://127.0.0.1:1", ca_file="/ca.pem"
    )
    blob = keyring.seal(sealed)
    assert SECRET.encode() not in blob
    opened = keyring.open(blob, tenant_key="t")
    assert isinstance(opened.credential, ClientSecretCredential)
    assert opened.credential.secret.reveal() == SECRET
    assert (opened.url, opened.ca_file) == ("https://127.0.0.1:1", "/ca.pem")
    assert SECRET not in repr(opened)


def test_a_sealed_certificate_keeps_its_private_key_and_certificate(
    tmp_path: Path, emulator_cert: Path
) -> None:
    """A certificate credential survives sealing with its private key and thumbprint."""
    credential = CertificateCredential.from_file(emulator_cert)
    keyring = Keyring.for_home(tmp_path, environ={})
    blob = keyring.seal(SealedConnection(credential))
    assert b"PRIVATE KEY" not in blob
    opened = keyring.open(blob, tenant_key="t").credential
    assert isinstance(opened, CertificateCredential)
    assert opened.thumbprint == credential.thumbprint
    assert opened.private_key_pem == credential.private_key_pem


def test_the_key_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    """On first use the key file appears with mode 0600, and the next use reads the same key."""
    first = Keyring.for_home(tmp_path, environ={})
    mode = stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    blob = first.seal(SealedConnection(ClientSecretCredential(Secret(SECRET))))
    assert (
        Keyring.for_home(tmp_path, environ={}).open(blob, tenant_key="t").credential.secret_text() == SECRET
    )


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    """A group- or world-readable key file stops mailwarden, naming the chmod that fixes it."""
    Keyring.for_home(tmp_path, environ={})
    os.chmod(tmp_path / KEY_FILE, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        Keyring.for_home(tmp_path, environ={})


def test_the_environment_key_wins_over_the_key_file(tmp_path: Path) -> None:
    """With MAILWARDEN_SECRET_KEY set no key file is made, and a blob sealed under it opens only with it."""
    key = Fernet.generate_key().decode()
    blob = Keyring.for_home(tmp_path, environ={KEY_ENV: key}).seal(
        SealedConnection(ClientSecretCredential(Secret(SECRET)))
    )
    assert not (tmp_path / KEY_FILE).exists()
    with pytest.raises(ConfigError, match=r"cannot be decrypted.*tenant rotate acme"):
        Keyring.for_home(tmp_path, environ={}).open(blob, tenant_key="acme")


def test_an_invalid_environment_key_says_how_to_make_one(tmp_path: Path) -> None:
    """A key that is not a Fernet key is refused with the command that makes a valid one."""
    with pytest.raises(ConfigError, match="generate_key"):
        Keyring.for_home(tmp_path, environ={KEY_ENV: "too-short"})
