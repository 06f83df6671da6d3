"""No secret ever enters the audit log: append masks what looks like one, and says where (never what)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mailwarden.audit import AuditLog
from mailwarden.connectors.secret import Secret

_PEM = (
    Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode()
)
_RSA_HEADER = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"
_JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJyb2xlcyI6W119"
    ".c2lnbmF0dXJlLWJ5dGVz"
)


@pytest.mark.parametrize(
    ("fields", "place"),
    [
        ({"detail": {"credential": Secret("hunter2-value")}}, "detail['credential']"),
        ({"before": Secret("hunter2-value")}, "before"),
        ({"after": {"certificate": {"key": _PEM}}}, "after['certificate']['key']"),
        ({"detail": {"notes": ["ok", _RSA_HEADER]}}, "detail['notes'][1]"),
        ({"target": f"Bearer {_JWT}"}, "target"),
        ({"detail": {"response": {"access_token": "opaque"}}}, "detail['response']['access_token']"),
        ({"detail": {"client_secret": "hunter2-value"}}, "detail['client_secret']"),
        ({"after": {"app": {"Client-Secret": None}}}, "after['app']['Client-Secret']"),
        ({"detail": {"password": "hunter2-value"}}, "detail['password']"),
    ],
)
def test_append_masks_a_secret_and_names_where_it_was_without_echoing_it(
    log: AuditLog, fields: dict[str, Any], place: str
) -> None:
    """A Secret, PEM private key, JWT or 'client_secret'-like key is masked; the record is still written (a
    value recorded of the tenant, a name its owner chose, must not stop what it records: red team 79), and
    says where it masked, never what."""
    arguments: dict[str, Any] = {
        "tenant": "acme",
        "event": "tenant.connected",
        "actor": "grace.hopper@acme.com",
    }
    record = log.append(**(arguments | fields))
    stored = record.model_dump_json()
    assert place in record.detail["masked"]
    assert "«masked: " in stored
    assert "hunter2" not in stored
    assert "MIIE" not in stored
    assert "eyJ" not in stored
    assert log.verify().ok


def test_references_to_credentials_are_welcome(log: AuditLog) -> None:
    """A thumbprint, a public certificate or the word 'secret' are not secrets and are recorded."""
    certificate = "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----"
    record = log.append(
        tenant="acme",
        event="tenant.credential_rotated",
        actor="grace.hopper@acme.com",
        detail={
            "kind": "client secret",
            "thumbprint": "AB12CD",
            "certificate": certificate,
            "secret_id": "k1",
        },
    )
    assert record.detail["thumbprint"] == "AB12CD"
    assert log.verify().ok
