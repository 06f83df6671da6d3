"""Benchmark: previewing N grants over a previous bulk of N time-bound grants of the same access.

Each grant previewed as "already so" is checked against mailwarden's record of time-bound grants
(workflow/extension.py) to show it as the extension it is. Stores one finished bulk request of N applied
Send As grants on one mailbox, each until tomorrow, then previews N for-good grants of the same access and
reports the wall time and the SQL statements sent, for a few N (the growth tells linear from quadratic).

    PYTHONPATH=src .venv/bin/python scripts/bench_current_end.py [--sizes 250 500 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event

from mailwarden.audit import AuditLog
from mailwarden.directory.snapshot import Directory
from mailwarden.model.changes import Change, Preflight
from mailwarden.model.steps import SendAs, Step
from mailwarden.store.db import Store
from mailwarden.store.tables import RequestRow, RequestStepRow
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow.extension import with_current_ends
from mailwarden.workflow.service import RequestService

TENANT = "acme"
BOX = "support@acme.com"


def _seed(store: Store, n: int, now: dt.datetime) -> None:
    """One completed bulk request of `n` time-bound Send As grants on BOX, applied."""
    request_id = str(uuid.uuid4())
    until = now + dt.timedelta(days=1)
    with store.session() as session:
        session.add(
            RequestRow(
                request_id=request_id,
                tenant_key=TENANT,
                requester_id="grace-id",
                requester="grace.hopper@acme.com",
                channel="cli",
                kind="change",
                state="completed",
                created=now,
                updated=now,
                approval_deadline=None,
                lease_until=None,
                parent_request_id=None,
            )
        )
        session.flush()
        for i in range(n):
            step = SendAs(change="grant", mailbox=BOX, trustee=f"person{i}@acme.com", expires=until)
            change = {"before": {"send_as": False}, "after": {"send_as": True}, "summary": "given"}
            session.add(
                RequestStepRow(
                    request_id=request_id,
                    position=i,
                    step=step.model_dump(mode="json"),
                    preview={"kind": "change", **change},
                    decision={"outcome": "allowed", "reason": "admin", "policies": []},
                    status="applied",
                    outcome={"message": "given", "change": change},
                    expires=until,
                    reverted_by=None,
                )
            )


async def _measure(n: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder, Store(f"sqlite:///{Path(folder) / 'b.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        now = dt.datetime.now(dt.UTC)
        _seed(store, n, now)
        service = RequestService(store, AuditLog(store, Path(folder)))
        ctx: Any = SimpleNamespace(directory=Directory([]))
        steps: list[Step] = [
            SendAs(change="grant", mailbox=BOX, trustee=f"person{i}@acme.com") for i in range(n)
        ]
        found: list[Preflight] = [
            Change(before={"send_as": True}, after={"send_as": True}, already=True, summary="already")
            for _ in steps
        ]
        statements = 0

        def count(*_: Any) -> None:
            nonlocal statements
            statements += 1

        event.listen(store.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        previews = await with_current_ends(service, ctx, TENANT, steps, found)
        took = time.perf_counter() - started
        event.remove(store.engine, "before_cursor_execute", count)
        extensions = sum(1 for p in previews if isinstance(p, Change) and not p.already)
        return took, statements, extensions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    args = parser.parse_args()
    print(f"{'N':>6} {'seconds':>9} {'statements':>11} {'extensions':>11}")
    for n in args.sizes:
        took, statements, extensions = asyncio.run(_measure(n))
        print(f"{n:>6} {took:>9.3f} {statements:>11} {extensions:>11}")


if __name__ == "__main__":
    main()
