"""A private certificate authority and a loopback server certificate, so the emulator speaks HTTPS.

msal refuses `http://` authorities, so the emulator must serve TLS; clients trust it through `ca.pem`
(an explicit `ssl.create_default_context(cafile=...)`), never by turning verification off.
The files are made once per state folder and reused; they are remade when one is missing or the
leaf certificate is about to expire.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from filelock import FileLock

from mailwarden.data_folder import LOCK_MODE, private_dir, write_private

CA_FILE = "ca.pem"
SERVER_CERT_FILE = "server.pem"
SERVER_KEY_FILE = "server-key.pem"
LOOPBACK_NAMES = ("localhost",)
LOOPBACK_ADDRESSES = ("127.0.0.1", "::1")
_CA_DAYS = 3650
_LEAF_DAYS = 825
_RENEW_BEFORE = dt.timedelta(days=7)


@dataclass(frozen=True)
class TlsFiles:
    """Where the CA certificate and the server's certificate and key live."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def ensure_certificates(state_dir: Path) -> TlsFiles:
    """The state folder's CA and server certificate, generated on first use (safe across processes)."""
    private_dir(state_dir)
    files = TlsFiles(state_dir / CA_FILE, state_dir / SERVER_CERT_FILE, state_dir / SERVER_KEY_FILE)
    with FileLock(str(state_dir / "tls.lock"), mode=LOCK_MODE):
        if not _usable(files):
            _generate(files)
    return files


def _usable(files: TlsFiles) -> bool:
    if not (files.ca_file.exists() and files.cert_file.exists() and files.key_file.exists()):
        return False
    try:
        leaf = x509.load_pem_x509_certificate(files.cert_file.read_bytes())
    except ValueError:
        return False
    return leaf.not_valid_after_utc - _RENEW_BEFORE > dt.datetime.now(dt.UTC)


def _generate(files: TlsFiles) -> None:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # tolerate small clock skew between processes
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mailwarden"),
            x509.NameAttribute(NameOID.COMMON_NAME, "mailwarden emulator local CA"),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=_CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(n) for n in LOOPBACK_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in LOOPBACK_ADDRESSES]
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=_LEAF_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_encipherment=False,
                key_cert_sign=False,
                crl_sign=False,
                content_commitment=False,
                data_encipherment=False,
                key_agreement=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    # The CA key is not kept: nothing else is ever signed with it, so nobody can mint a trusted cert later.
    key_pem = leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private(files.key_file, key_pem)
    # Certificates are public, but in the data folder every file is private (and stays so when tightened).
    write_private(files.cert_file, leaf.public_bytes(serialization.Encoding.PEM))
    write_private(files.ca_file, ca_cert.public_bytes(serialization.Encoding.PEM))
