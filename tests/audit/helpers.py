"""Shared by the audit tests: a varied chain to append."""

from __future__ import annotations

import datetime as dt

from mailwarden.audit import AuditLog, AuditRecord

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def fill(log: AuditLog, count: int, *, start: dt.datetime = T0) -> list[AuditRecord]:
    """Append `count` varied records, one minute apart, across two tenants."""
    return [
        log.append(
            tenant="acme" if i % 3 else "contoso",
            event="step.applied" if i % 2 else "request.submitted",
            actor=f"user{i % 4}@acme.com",
            on_behalf_of="sarah@acme.com" if i % 5 == 0 else None,
            request_id=f"req-{i // 5}",
            action="send_as",
            target=f"mailbox{i % 7}@acme.com",
            before={"trustees": [f"t{i}@acme.com"]},
            after={"trustees": [f"t{i}@acme.com", "new@acme.com"], "n": i, "ratio": i / 3},
            detail={"step": i, "note": "ünïcode ✓"},
            now=start + dt.timedelta(minutes=i),
        )
        for i in range(count)
    ]
