"""Red team 79 F2: a request's rows were committed before its `request.submitted` record was appended; when
the append failed, the request stayed stored, could be confirmed and run, and `audit verify` said ok. Fixed:
the rows and the submission's records are one transaction, and verify names a request whose records begin
without its submission. And the `expire` job's other duties run whatever the sweep before them did."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

import mailwarden.jobs.work as work
import mailwarden.notifications.inprocess as inprocess
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, SendAs
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import _request

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE = "grace.hopper@acme.com"
LIAM = "liam.brown@acme.com"


async def test_a_request_whose_submission_cannot_be_audited_is_not_stored(
    flow: Flow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unwritable(*args: Any, **kwargs: Any) -> None:
        raise OSError("the audit log cannot be written")

    monkeypatch.setattr(flow.audit, "append_many", unwritable)
    with pytest.raises(OSError, match="cannot be written"):
        await _request(
            flow, GRACE, SendAs(change="grant", mailbox="support@acme.com", trustee=LIAM), confirm=False
        )
    assert flow.service.list(TENANT) == [], "a request was stored with no record of who asked for it"


async def test_verify_names_a_request_that_ran_with_no_submission_in_the_log(flow: Flow) -> None:
    audit = flow.audit
    audit.append(tenant=TENANT, event="request.submitted", actor=GRACE, request_id="asked")
    audit.append(tenant=TENANT, event="request.confirmed", actor=GRACE, request_id="asked")
    assert audit.verify().ok
    audit.append(tenant=TENANT, event="step.applied", actor=GRACE, request_id="never-asked")
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_seq == 3
    assert "never-asked" in (result.reason or "")
    assert "request.submitted" in (result.reason or "")


async def test_a_failing_sweep_does_not_keep_stale_approvals_from_expiring(
    flow: Flow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `expire` job ends grants, then queues the deadlines' reminders, then expires approvals that waited
    too long: a sweep that raises still leaves the other two to run (and the job still fails)."""
    join = DistributionListMembership(change="add", group="contractors@acme.com", member=LIAM)
    waiting = await _request(flow, LIAM, join)
    assert waiting.state is RequestState.PENDING_APPROVAL
    flow.clock.advance(flow.service.approval_ttl + dt.timedelta(days=30))
    reminded: list[str] = []

    async def failing_sweep(*args: Any, **kwargs: Any) -> list[Any]:
        raise RuntimeError("a sweep that fails for a reason nobody foresaw")

    monkeypatch.setattr(work, "run_expiries", failing_sweep)
    monkeypatch.setattr(inprocess, "catch_up_deadlines", lambda workspace, key: reminded.append(key))
    job = SimpleNamespace(
        workspace=SimpleNamespace(requests=flow.service), tenant_key=TENANT, context=lambda: None
    )
    with pytest.raises(RuntimeError, match="nobody foresaw"):
        await work.expire(job)  # type: ignore[arg-type]
    assert reminded == [TENANT]
    assert flow.service.get(TENANT, waiting.request_id).state is RequestState.EXPIRED
