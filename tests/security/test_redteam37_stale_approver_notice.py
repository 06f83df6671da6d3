"""Red team 37 on the notifications (aefe5f3's area): an approver's "asks for your approval" mail is checked,
when it is sent, only for the request still waiting (`_still_news`), not for its recipient still being
one of the approvers.

Tom asks for Send As on support@; Sarah (its owner) is the approver and her mail is queued. Before it goes
out (the sender was down: it retries with backoff for up to an hour; or simply the minute before the
worker's sweep), the request is decided again on live facts (`restate`, as when another approver's verdict
re-decides it: the mailbox's owners changed) and the step now waits on Ken, not Sarah. The queued mail still
goes to Sarah: a person who is no longer an approver is told, with the request's preview and reasons, that
Tom asks for her approval, and given the link to approve it (which the service then refuses).

Severity: low-medium (a notice to the wrong person holding the request's details, the mailbox and what it
grants; no right follows from it). Fixed: an approver's news (waiting, reminder) is skipped when its
recipient is no longer a pending approver of the request (deliver.py, `_still_news`); and the approver it
waits on now is told (`RequestService.restate`), where nobody told Ken.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from tests.notifications.test_notifications import (
    SARAH,
    SUPPORT,
    TOM,
    _ask,
    _configure,
    _deliver,
    _inbox,
    _records,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

KEN = "ken.adams@acme.com"


async def test_an_approver_replaced_before_the_mail_went_out_is_not_told(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.state is RequestState.PENDING_APPROVAL
    assert view.pending_approvers() == [SARAH], view.pending_approvers()
    [step] = view.steps
    again = ApprovalRequired(reason="The mailbox's owners approve access to it.", approvers=[KEN])
    flow.service.restate(TENANT, view.request_id, {step.position: again}, flow.actor(KEN), "approve")
    assert flow.service.get(TENANT, view.request_id).pending_approvers() == [KEN]
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, SARAH) == []
    assert [r.state for r in _records(flow.service.store) if r.recipient == SARAH] == ["skipped"]


async def test_the_control_an_approver_still_one_is_told(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    await _deliver(flow, tmp_path)
    [told] = _inbox(tenant, SARAH)
    assert "asks for your approval" in told["subject"], told["subject"]


async def test_the_approver_it_waits_on_now_is_told(flow: Flow, tenant: TenantState, tmp_path: Path) -> None:
    """The other half: Ken, whom the request waits on once decided again, was never told (only a reminder
    near the deadline would find him), so the request sat unseen until then. Fixed: `restate` queues the
    waiting news for the pending approvers of a request that still waits (each told once: the outbox's
    key)."""
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    [step] = view.steps
    again = ApprovalRequired(reason="The mailbox's owners approve access to it.", approvers=[KEN])
    flow.service.restate(TENANT, view.request_id, {step.position: again}, flow.actor(KEN), "approve")
    await _deliver(flow, tmp_path)
    [told] = _inbox(tenant, KEN)
    assert "asks for your approval" in told["subject"], told["subject"]
