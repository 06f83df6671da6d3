"""Requests end to end on the emulated tenant: policy, confirmation, approval, execution, expiry, undo."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, TenantState
from mailwarden.errors import InvalidTransition, NotPermitted, RequestNotFound
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias, MailboxDelegation, SendAs, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, submit, undo
from tests.workflow.conftest import TENANT, Flow

SUPPORT = "support@acme.com"


async def _request(flow: Flow, who: str, *steps: Step, confirm: bool = True, **options: Any):  # type: ignore[no-untyped-def]
    requester = flow.person(who)
    planned = await plan_steps(
        flow.ctx, requester, list(steps), flow.decide, service=flow.service, tenant=TENANT
    )
    return await submit(
        flow.service, flow.ctx, TENANT, flow.actor(who), planned, confirm=confirm, check=flow.check, **options
    )


def _has_full_access(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    box, person = tenant.find(mailbox), tenant.find(trustee)
    assert box is not None
    assert person is not None
    return any(e.trustee_id == person.id for e in box.full_access)


def _has_send_as(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    box, person = tenant.find(mailbox), tenant.find(trustee)
    assert box is not None
    assert person is not None
    return person.id in box.send_as


@pytest.mark.anyio
async def test_admin_grants_full_access_and_send_as_on_support(flow: Flow, tenant: TenantState) -> None:
    """An admin's delegation on a shared mailbox runs once confirmed, and the tenant shows both grants."""
    view = await _request(
        flow,
        "grace.hopper@acme.com",
        MailboxDelegation(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"),
        SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"),
    )
    assert view.state is RequestState.COMPLETED
    assert [s.status for s in view.steps] == ["applied", "applied"]
    assert _has_full_access(tenant, SUPPORT, "sarah@acme.com")
    assert _has_send_as(tenant, SUPPORT, "sarah@acme.com")


@pytest.mark.anyio
async def test_employee_send_as_waits_for_the_owner_who_approves_then_it_runs(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom asks for Send As on support@; Sarah, its owner, approves; then it runs. Tom cannot approve."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    assert view.state is RequestState.PENDING_APPROVAL
    assert "sarah@acme.com" in view.pending_approvers()
    assert not _has_send_as(tenant, SUPPORT, "tom.becker@acme.com")

    with pytest.raises(NotPermitted, match="own request"):
        flow.service.approve(TENANT, view.request_id, flow.actor("tom.becker@acme.com"))
    with pytest.raises(NotPermitted, match="not an approver"):
        flow.service.approve(TENANT, view.request_id, flow.actor("john@acme.com"))
    assert not _has_send_as(tenant, SUPPORT, "tom.becker@acme.com")

    flow.service.approve(TENANT, view.request_id, flow.actor("sarah@acme.com"), "He works the queue.")
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.state is RequestState.COMPLETED
    assert view.approvals[0].approver == "sarah@acme.com"
    assert _has_send_as(tenant, SUPPORT, "tom.becker@acme.com")


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_a_denial_ends_the_request_and_nothing_runs(flow: Flow, tenant: TenantState) -> None:
    """The owner denies: the request is denied and the tenant is unchanged."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    view = flow.service.deny(TENANT, view.request_id, flow.actor("sarah@acme.com"), "Not this quarter.")
    assert view.state is RequestState.DENIED
    assert (
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    ).state is RequestState.DENIED
    assert not _has_send_as(tenant, SUPPORT, "tom.becker@acme.com")


@pytest.mark.anyio
async def test_primary_address_change_needs_a_second_admin(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Grace cannot approve her own address change; once Ken is an admin too, his approval runs it."""
    step = ChangePrimaryAlias(
        change="set", recipient="mike.smith@acme.com", new_address="michael.smith@acme.com"
    )
    # Alone, Grace may run it only with a written justification (the sole-admin rule, tested on its own).
    with pytest.raises(NotPermitted, match="no second admin: four-eyes not possible"):
        await _request(flow, "grace.hopper@acme.com", step)

    with tenant.transaction():
        ken = tenant.find("ken.adams@acme.com")
        assert ken is not None
        tenant.data.user_directory_roles[ken.id] = [EXCHANGE_ADMIN_ROLE_TEMPLATE]
        tenant.mark_dirty()
    await replicated()
    found = await discover(flow.ctx.clients)
    flow.ctx = type(flow.ctx)(clients=flow.ctx.clients, directory=Directory(found.recipients, found.domains))

    view = await _request(flow, "grace.hopper@acme.com", step)
    assert view.state is RequestState.PENDING_APPROVAL
    assert view.pending_approvers() == ["ken.adams@acme.com"]
    with pytest.raises(NotPermitted):
        flow.service.approve(TENANT, view.request_id, flow.actor("grace.hopper@acme.com"))
    flow.service.approve(TENANT, view.request_id, flow.actor("ken.adams@acme.com"))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.state is RequestState.COMPLETED
    mike = tenant.find("mike.smith@acme.com")
    assert mike is not None
    assert mike.primary_smtp == "michael.smith@acme.com"
    assert "smtp:mike.smith@acme.com" in mike.email_addresses


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_an_employee_cannot_act_on_someone_elses_mailbox(flow: Flow, tenant: TenantState) -> None:
    """John asking Full Access to Sales for Emma is denied, whatever he writes; nothing changes."""
    view = await _request(
        flow,
        "john@acme.com",
        MailboxDelegation(change="grant", mailbox="sales@acme.com", trustee="emma.wilson@acme.com"),
    )
    assert view.state is RequestState.DENIED
    assert view.steps[0].decision.outcome == "denied"
    assert not _has_full_access(tenant, "sales@acme.com", "emma.wilson@acme.com")


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_a_disabled_requester_can_do_nothing(flow: Flow, tenant: TenantState) -> None:
    """The former employee's own request is denied outright."""
    view = await _request(
        flow, "pat.gone@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="pat.gone@acme.com")
    )
    assert view.state is RequestState.DENIED


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_only_the_requester_confirms_and_a_confirmation_is_not_an_approval(flow: Flow) -> None:
    """Someone else cannot confirm Tom's request; Tom's confirmation moves it to waiting for approval."""
    view = await _request(
        flow,
        "tom.becker@acme.com",
        SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com"),
        confirm=False,
    )
    assert view.state is RequestState.NEEDS_CONFIRMATION
    with pytest.raises(NotPermitted):
        flow.service.confirm(TENANT, view.request_id, flow.actor("sarah@acme.com"))
    with pytest.raises(InvalidTransition):
        flow.service.approve(TENANT, view.request_id, flow.actor("sarah@acme.com"))
    view = flow.service.confirm(TENANT, view.request_id, flow.actor("tom.becker@acme.com"))
    assert view.state is RequestState.PENDING_APPROVAL


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_pending_approvals_expire_after_seven_days(flow: Flow) -> None:
    """An approval that never comes expires; approving afterwards is refused."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    flow.clock.advance(dt.timedelta(days=7, minutes=1))
    with pytest.raises(InvalidTransition):
        flow.service.approve(TENANT, view.request_id, flow.actor("sarah@acme.com"))
    assert flow.service.get(TENANT, view.request_id).state is RequestState.EXPIRED


@pytest.mark.anyio
async def test_time_bound_access_is_revoked_when_due_even_after_downtime(
    flow: Flow, tenant: TenantState
) -> None:
    """A 14-day grant is taken back by the first run after its expiry (clock moved, not slept)."""
    expires = flow.clock.now + dt.timedelta(days=14)
    view = await _request(
        flow,
        "grace.hopper@acme.com",
        SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com", expires=expires),
    )
    assert view.state is RequestState.COMPLETED
    assert _has_send_as(tenant, SUPPORT, "sarah@acme.com")

    flow.clock.advance(dt.timedelta(days=13))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, "sarah@acme.com")

    flow.clock.advance(dt.timedelta(days=30))  # mailwarden was down when it fell due
    reverted = await run_expiries(flow.service, flow.ctx, TENANT)
    assert [r.state for r in reverted] == [RequestState.COMPLETED]
    assert reverted[0].kind == "expiry"
    assert not _has_send_as(tenant, SUPPORT, "sarah@acme.com")
    original = flow.service.get(TENANT, view.request_id)
    assert original.steps[0].reverted_by == reverted[0].request_id
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []  # never twice


@pytest.mark.anyio
async def test_undo_restores_the_before_state_as_a_new_request(flow: Flow, tenant: TenantState) -> None:
    """Undoing a completed grant is its own request, under policy, and leaves the tenant as before."""
    view = await _request(
        flow,
        "grace.hopper@acme.com",
        MailboxDelegation(change="grant", mailbox="billing@acme.com", trustee="rachel.green@acme.com"),
    )
    assert _has_full_access(tenant, "billing@acme.com", "rachel.green@acme.com")
    reverting = await undo(
        flow.service,
        flow.ctx,
        TENANT,
        view.request_id,
        flow.actor("grace.hopper@acme.com"),
        flow.person("grace.hopper@acme.com"),
        flow.decide,
    )
    assert reverting.kind == "undo"
    assert reverting.parent_request_id == view.request_id
    assert reverting.state is RequestState.NEEDS_CONFIRMATION
    flow.service.confirm(TENANT, reverting.request_id, flow.actor("grace.hopper@acme.com"))
    done = await advance(flow.service, flow.ctx, TENANT, reverting.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED
    assert not _has_full_access(tenant, "billing@acme.com", "rachel.green@acme.com")


@pytest.mark.anyio
async def test_a_step_whose_tenant_state_drifted_since_approval_does_not_run(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """If someone else changes the mailbox between approval and execution, the approved step is skipped."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    await flow.ctx.clients.exchange.add_recipient_permission(SUPPORT, "tom.becker@acme.com")
    await replicated()
    flow.service.approve(TENANT, view.request_id, flow.actor("sarah@acme.com"))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "already"  # the tenant is already as asked: nothing written twice


@pytest.mark.anyio
async def test_a_request_runs_once_even_when_advanced_twice(flow: Flow, tenant: TenantState) -> None:
    """Advancing a completed request again does nothing: no second write reaches the tenant."""
    view = await _request(
        flow,
        "grace.hopper@acme.com",
        SendAs(change="grant", mailbox="hr@acme.com", trustee="jane.doe@acme.com"),
    )
    writes = len(tenant.data.journal)
    again = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert again.state is RequestState.COMPLETED
    assert len(tenant.data.journal) == writes
    assert flow.service.claim(TENANT, view.request_id) is None


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_employees_see_only_their_requests_and_those_waiting_on_them(flow: Flow) -> None:
    """Another employee's request id is 'not found' for John; Sarah sees it because she must approve it."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    with pytest.raises(RequestNotFound):
        flow.service.get(TENANT, view.request_id, viewer=flow.actor("john@acme.com"))
    assert (
        flow.service.get(TENANT, view.request_id, viewer=flow.actor("sarah@acme.com")).request_id
        == view.request_id
    )
    assert [v.request_id for v in flow.service.list(TENANT, viewer=flow.actor("john@acme.com"))] == []
    with pytest.raises(RequestNotFound):
        flow.service.get("other-tenant", view.request_id)
    with pytest.raises(RequestNotFound):
        flow.service.get(TENANT, str(uuid.uuid4()))


@pytest.mark.anyio
async def test_every_transition_is_audited_and_the_chain_verifies(flow: Flow, replication_lag: int) -> None:
    """Submission, confirmation, approval, each step and the finish are audit records; verify passes.
    While reads lag, the step is recorded twice: applied and verifying, then verified."""
    view = await _request(
        flow, "tom.becker@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    flow.service.approve(TENANT, view.request_id, flow.actor("sarah@acme.com"), "ok")
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    events = [r.event for r in flow.audit.records(request_id=view.request_id)]
    assert events == [
        "request.submitted",
        "request.steps",  # the steps as submitted, a page to a record
        "request.confirmed",
        "approval.granted",
        "step.applying",
        *["step.applied"] * (2 if replication_lag else 1),
        "request.finished",
    ]
    applied = next(r for r in flow.audit.records(request_id=view.request_id) if r.event == "step.applied")
    assert applied.before == {"send_as": False}
    assert applied.actor == "scheduler"
    assert flow.audit.verify().ok


@pytest.mark.anyio
async def test_an_expiry_that_cannot_run_now_stays_due_and_runs_later(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Exchange refusing at expiry time neither stops the pass nor loses the revoke; a later pass does it."""
    expires = flow.clock.now + dt.timedelta(days=1)
    await _request(
        flow,
        "grace.hopper@acme.com",
        SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com", expires=expires),
    )
    flow.clock.advance(dt.timedelta(days=2))
    emulator.faults.fail("exchange", status=400, times=50)
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []  # postponed, not lost
    emulator.faults.reset()
    assert _has_send_as(tenant, SUPPORT, "sarah@acme.com")

    reverted = await run_expiries(flow.service, flow.ctx, TENANT)
    assert [r.state for r in reverted] == [RequestState.COMPLETED]
    assert not _has_send_as(tenant, SUPPORT, "sarah@acme.com")
