"""Shared by the audit tests: a varied chain to append."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mailwarden.audit import AuditLog, AuditRecord
from mailwarden.audit.submissions import STEPS, SUBMITTED, steps_digest

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
RID = "req-bulk"
SARAH = "sarah@acme.com"


def fill(log: AuditLog, count: int, *, start: dt.datetime = T0) -> list[AuditRecord]:
    """Append `count` varied records, one minute apart, across two tenants."""
    return [
        log.append(
            tenant="acme" if i % 3 else "contoso",
            event="step.applied" if i % 5 else "request.submitted",  # each request submitted first
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


def steps_of(n: int) -> list[dict[str, Any]]:
    return [
        {
            "position": i,
            "step": {"action": "distribution_list_membership", "change": "add", "member": f"u{i}@acme.com"},
            "status": "pending",
        }
        for i in range(n)
    ]


def submit_steps(
    log: AuditLog,
    steps: list[dict[str, Any]],
    *,
    page: int = 3,
    request_id: str = RID,
    digest: str | None = None,
) -> None:
    """As the workflow audits a submission: its digest (or `digest`), then its steps a page to a record, in
    one append."""
    head = {"tenant": "acme", "actor": SARAH, "request_id": request_id, "now": T0}
    pages = [steps[i : i + page] for i in range(0, len(steps), page)]
    log.append_many(
        [
            {
                **head,
                "event": SUBMITTED,
                "after": {"steps": len(steps), "sha256": digest or steps_digest(steps)},
            },
            *(
                {
                    **head,
                    "event": STEPS,
                    "after": p,
                    "detail": {"positions": [p[0]["position"], p[-1]["position"]]},
                }
                for p in pages
            ),
        ],
        checkpoint=True,
    )
