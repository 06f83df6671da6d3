"""The tenant file's change file: saves appended one line each, folded into the tenant file now and then.

A tenant of 5,000 people is a 5 MB file; rewriting it for every write (an Exchange batch of ten adds changes
one group) cost 40 ms or more, during which every other request of the tenant waited. A save that names
what it changed (`TenantState.mark_dirty(recipient)`, journal entries) appends those objects to
`tenant.json.changes` instead, one JSON line per save; any other change, a change file grown past half the
tenant file, and the emulator stopping rewrite the tenant file whole and remove the change file.

Each line names the tenant file it applies to by a digest of its bytes: a line written against an older
tenant file (a process stopped between rewriting it and removing the change file) or against one edited by
hand is skipped, never applied twice or over another file. Each line starts with a newline, so a line cut
short by a crash (never acknowledged: its transaction had not returned) is skipped alone and the next save's
line still parses. Whoever reads the tenant file while an emulator serves it reads it with `read_tenant`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from mailwarden.data_folder import PRIVATE_FILE_MODE
from mailwarden.emulator.state import JournalEntry, Recipient, TenantData

__all__ = ["TenantFile", "append", "change_line", "changes_path", "digest", "read_tenant", "remove_changes"]


class _Change(BaseModel):
    """One save: the recipients it changed (None: removed) and the journal entries it added."""

    base: str
    recipients: dict[str, Recipient | None] = Field(default_factory=dict)
    journal: list[JournalEntry] = Field(default_factory=list)


@dataclass
class TenantFile:
    """The tenant as read from its files, with what the next append needs to know."""

    data: TenantData
    base: str
    """Digest of the tenant file the change file's lines apply to."""
    base_bytes: int
    changes_bytes: int


def changes_path(path: Path) -> Path:
    return Path(f"{path}.changes")


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def change_line(base: str, recipients: dict[str, Recipient | None], journal: list[JournalEntry]) -> bytes:
    return b"\n" + _Change(base=base, recipients=recipients, journal=journal).model_dump_json().encode()


def append(path: Path, line: bytes) -> None:
    """Append `line` to the change file of the tenant file at `path` (private from its first byte)."""
    fd = os.open(changes_path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def remove_changes(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(changes_path(path))


def read_tenant(path: Path) -> TenantFile:
    """The tenant file at `path` with its change file's lines applied (those written against it)."""
    raw = path.read_bytes()
    data = TenantData.model_validate_json(raw)
    base = digest(raw)
    try:
        changes = changes_path(path).read_bytes()
    except FileNotFoundError:
        changes = b""
    for line in changes.split(b"\n"):
        if not line:
            continue
        try:
            change = _Change.model_validate_json(line)
        except ValidationError:
            continue  # cut short by a crash before its transaction returned
        if change.base != base:
            continue
        for rid, recipient in change.recipients.items():
            if recipient is None:
                data.recipients.pop(rid, None)
            else:
                data.recipients[rid] = recipient
        data.journal.extend(change.journal)
    return TenantFile(data=data, base=base, base_bytes=len(raw), changes_bytes=len(changes))
