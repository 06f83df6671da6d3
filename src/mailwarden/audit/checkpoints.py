"""Signed checkpoints: an Ed25519 signature over (seq, hash, time, next_due) of the chain's head.

The hash chain alone catches a changed, removed, reordered or inserted record, but not someone who
rewrites every record from some point on and recomputes the hashes. A checkpoint is signed with a key
kept outside the database (MAILWARDEN_AUDIT_KEY names where; by default `<home>/audit-signing-key.pem`,
best moved where the database's writers cannot reach), so such a rewrite no longer matches the signatures.

The key (PKCS#8, mode 0600) is created on first use under a file lock so two processes starting together
agree on one key; it is never created anew once checkpoints exist. Its public half is exportable for
verifying elsewhere (`mailwarden audit export-public-key`). Checkpoint seq 0 is the genesis: it is written
with record 1 and signs GENESIS_HASH, so deleting every checkpoint is noticed too.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from filelock import FileLock
from pydantic import BaseModel, ConfigDict

from mailwarden.audit.records import canonical_json, format_time
from mailwarden.data_folder import LOCK_MODE, private_dir
from mailwarden.errors import ConfigError

__all__ = [
    "KEY_FILE_NAME",
    "Checkpoint",
    "SigningKey",
    "VerifyingKey",
    "checkpoint_payload",
]

KEY_FILE_NAME = "audit-signing-key.pem"


class Checkpoint(BaseModel):
    """A signed statement: record `seq` has hash `hash`; the next checkpoint is due by `next_due`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    hash: str
    time: dt.datetime
    next_due: int
    """The seq by which the next checkpoint must exist (this seq + the appender's checkpoint interval)."""
    key_id: str
    """Which key signed it: the first 16 hex digits of sha256 over the raw public key."""
    signature: str
    """Ed25519 over `checkpoint_payload(...)`, base64."""


def checkpoint_payload(seq: int, hash: str, time: dt.datetime, next_due: int) -> bytes:
    """The bytes a checkpoint signs."""
    return canonical_json(
        {"seq": seq, "hash": hash, "time": format_time(time), "next_due": next_due}
    ).encode()


def _key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class VerifyingKey:
    """The public half: checks checkpoints, here or on another machine."""

    def __init__(self, public: Ed25519PublicKey) -> None:
        self._public = public
        self.key_id = _key_id(public)

    @classmethod
    def from_pem(cls, pem: str | bytes) -> VerifyingKey:
        data = pem.encode() if isinstance(pem, str) else pem
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError as exc:
            raise ConfigError(
                "That is not a PEM public key; export one with 'mailwarden audit key'."
            ) from exc
        if not isinstance(key, Ed25519PublicKey):
            raise ConfigError("The audit log is signed with Ed25519; that public key is of another kind.")
        return cls(key)

    def pem(self) -> str:
        return self._public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def problem(self, checkpoint: Checkpoint) -> str | None:
        """Why this checkpoint's signature does not hold, or None when it does."""
        if checkpoint.key_id != self.key_id:
            return (
                f"checkpoint {checkpoint.seq} was signed by key {checkpoint.key_id}, not by key {self.key_id}"
            )
        try:
            signature = base64.b64decode(checkpoint.signature, validate=True)
            payload = checkpoint_payload(
                checkpoint.seq, checkpoint.hash, checkpoint.time, checkpoint.next_due
            )
            self._public.verify(signature, payload)
        except (InvalidSignature, ValueError):
            return f"checkpoint {checkpoint.seq} has an invalid signature (it was changed or forged)"
        return None


class SigningKey:
    """The private key in the data folder; signs checkpoints."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.verifying = VerifyingKey(private.public_key())

    @property
    def key_id(self) -> str:
        return self.verifying.key_id

    def sign(self, seq: int, hash: str, time: dt.datetime, next_due: int) -> Checkpoint:
        signature = self._private.sign(checkpoint_payload(seq, hash, time, next_due))
        return Checkpoint(
            seq=seq,
            hash=hash,
            time=time,
            next_due=next_due,
            key_id=self.key_id,
            signature=base64.b64encode(signature).decode(),
        )

    @classmethod
    def load(cls, path: Path) -> SigningKey | None:
        """The key at `path`, or None if there is none yet."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                f"{path} is not a readable audit signing key; restore it from a backup "
                "(a new key cannot vouch for the existing checkpoints)."
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise ConfigError(f"{path} is not an Ed25519 key; restore the audit signing key from a backup.")
        return cls(key)

    @classmethod
    def load_or_create(cls, path: Path, *, may_create: Callable[[], bool] | None = None) -> SigningKey | None:
        """The key at `path`, created (mode 0600) if missing; two processes at once get the same key.

        `may_create` is asked, under the creation lock, whether a missing key may be made (None: no)."""
        found = cls.load(path)
        if found is not None:
            return found
        private_dir(path.parent)
        with FileLock(str(path) + ".lock", mode=LOCK_MODE):
            found = cls.load(path)
            if found is not None:
                return found
            if may_create is not None and not may_create():
                return None
            private = Ed25519PrivateKey.generate()
            pem = private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            # Written to a private temporary file and renamed, so no reader ever sees half a key.
            temporary = path.with_name(path.name + ".tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, pem)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, path)
            return cls(private)
