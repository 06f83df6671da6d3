"""A change of a tenant's settings that cannot be audited does not happen: `audited_change` writes it in the
transaction of its audit record, so both are committed or neither (the Exchange hosts, the time zone, the
policy). The store never holds a change the signed log does not tell, whether the record is refused, the
command interrupted (Ctrl-C) or the process killed between two commits; and with no undo to run, nothing
is written back over another admin's audited change (red team 86 F1, F2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailwarden.audit.chain import AuditLog
    from mailwarden.audit.records import AuditRecord

__all__ = ["audited_change"]

Done = TypeVar("Done")


def audited_change(
    audit: AuditLog, write: Callable[[Session], Done], **record: Any
) -> tuple[Done, AuditRecord]:
    """`audit.append(**record)` with `write(session)` in the record's transaction: what the write returned
    and the record. When the record is refused (or the write raises) nothing of either is written."""
    written: list[Done] = []
    told = audit.append(**record, with_records=lambda session: written.append(write(session)))
    return written[0], told
