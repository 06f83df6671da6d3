"""A grant asked over a time-bound one, on the emulated tenant: previewed and decided as the extension it is,
run without a write, and the old end dropped so the scheduler never takes the access away (red team 8)."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.decisions import Allowed, Decision
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import MailboxDelegation, SendAs, SendOnBehalf, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.previews import previews
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, submit
from mailwarden.workflow.service import PlannedStep
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_full_access, _has_send_as, _request
from tests.workflow.test_shared_reads import _reader

pytestmark = pytest.mark.anyio

ADMIN, OWNER, TOM = "grace.hopper@acme.com", "sarah@acme.com", "tom.becker@acme.com"
BILLING, RACHEL, HR = "billing@acme.com", "rachel.green@acme.com", "hr@acme.com"


def _has_send_on_behalf(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    box, person = tenant.find(mailbox), tenant.find(trustee)
    assert box is not None
    assert person is not None
    return person.id in box.grant_send_on_behalf_to


async def _time_bound_send_as_for_tom(flow: Flow, days: int = 1) -> str:
    """Tom holds Send As on Support until `days` from now, asked by him and approved by its owner."""
    until = flow.clock.now + dt.timedelta(days=days)
    view = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.state is RequestState.COMPLETED
    return view.request_id


async def test_a_for_good_grant_over_a_time_bound_one_is_an_extension_approved_like_a_grant(
    flow: Flow, tenant: TenantState
) -> None:
    first = await _time_bound_send_as_for_tom(flow)
    view = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.state is RequestState.PENDING_APPROVAL, "an extension widens access: the owner decides it"
    [step] = view.steps
    assert step.status == "pending"
    assert "until" in step.preview["summary"]
    assert "makes it permanent" in step.preview["summary"]
    assert first in step.preview["summary"]
    assert step.preview["before"]["until"] is not None
    assert step.preview["after"]["until"] is None

    flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.state is RequestState.COMPLETED
    assert view.steps[0].status == "applied"
    [record] = flow.audit.records(request_id=view.request_id, event="step.applied")
    assert record.after == {"send_as": True, "until": None}
    assert flow.service.get(TENANT, first).steps[0].expires is None

    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)

    revoke = await _request(flow, ADMIN, SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoke.state is RequestState.COMPLETED
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_a_later_end_extends_to_it_and_the_access_ends_then(flow: Flow, tenant: TenantState) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    later = flow.clock.now + dt.timedelta(days=5)
    view = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=later))
    assert "extends it to" in view.steps[0].preview["summary"]
    assert view.state is RequestState.COMPLETED
    assert view.steps[0].status == "applied"

    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
    flow.clock.advance(dt.timedelta(days=4))
    [ended] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert ended.state is RequestState.COMPLETED
    assert ended.parent_request_id == view.request_id
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_the_same_or_an_earlier_end_is_already_so_and_the_first_end_holds(
    flow: Flow, tenant: TenantState
) -> None:
    until = flow.clock.now + dt.timedelta(days=3)
    await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    same = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert same.state is RequestState.COMPLETED
    assert same.steps[0].status == "already"
    earlier = flow.clock.now + dt.timedelta(days=1)
    view = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=earlier))
    assert view.steps[0].status == "already"
    assert any("to end it sooner, revoke it" in w for w in view.steps[0].preview["warnings"])

    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
    flow.clock.advance(dt.timedelta(days=2))
    assert len(await run_expiries(flow.service, flow.ctx, TENANT)) == 1
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_an_extension_that_fails_leaves_the_old_end_and_a_retry_makes_it(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    step = SendAs(change="grant", mailbox=SUPPORT, trustee=TOM)
    planned = await plan_steps(
        flow.ctx, flow.person(ADMIN), [step], flow.decide, service=flow.service, tenant=TENANT
    )

    async def decided_then_exchange_fails(view: RequestView, step: Step) -> Decision:
        decided = await flow.check(view, step)
        emulator.faults.fail("exchange", status=400, times=50)  # between the decision and the run
        return decided

    view = await submit(
        flow.service,
        flow.ctx,
        TENANT,
        flow.actor(ADMIN),
        planned,
        confirm=True,
        check=decided_then_exchange_fails,
    )
    emulator.faults.reset()
    assert view.state is RequestState.FAILED
    assert view.steps[0].status == "failed"
    assert flow.service.get(TENANT, first.request_id).steps[0].expires is not None, "nothing half-applied"

    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(ADMIN))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.state is RequestState.COMPLETED
    assert view.steps[0].status == "applied"
    again = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert again.steps[0].status == "applied"
    assert len(flow.audit.records(request_id=view.request_id, event="step.applied")) == 1

    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
    # Asked again now, it is what it is: for good, already so.
    repeat = await _request(flow, ADMIN, step)
    assert repeat.steps[0].status == "already"


async def test_an_extension_whose_old_end_came_first_drifts_rather_than_grant_unseen(
    flow: Flow, tenant: TenantState
) -> None:
    await _time_bound_send_as_for_tom(flow)
    view = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.clock.advance(dt.timedelta(days=2))
    assert len(await run_expiries(flow.service, flow.ctx, TENANT)) == 1
    flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "drifted"
    assert not _has_send_as(tenant, SUPPORT, TOM)


@pytest.mark.parametrize(
    ("make", "holds"),
    [
        (
            lambda end: MailboxDelegation(change="grant", mailbox=BILLING, trustee=RACHEL, expires=end),
            _has_full_access,
        ),
        (
            lambda end: SendOnBehalf(change="grant", mailbox=BILLING, trustee=RACHEL, expires=end),
            _has_send_on_behalf,
        ),
    ],
    ids=["full_access", "send_on_behalf"],
)
async def test_full_access_and_send_on_behalf_extend_too(
    flow: Flow, tenant: TenantState, make, holds
) -> None:  # type: ignore[no-untyped-def]
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, make(until))
    assert first.steps[0].status == "applied", first.steps[0]
    step: Step = make(None)
    planned = await plan_steps(
        flow.ctx, flow.person(ADMIN), [step], flow.decide, service=flow.service, tenant=TENANT
    )
    preview = planned[0].preview
    assert isinstance(preview, Change)
    assert not preview.already
    assert "makes it permanent" in preview.summary
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.steps[0].status == "applied"
    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert holds(tenant, BILLING, RACHEL)


async def test_a_grant_hidden_from_its_requester_is_still_run_as_an_extension(
    flow: Flow, tenant: TenantState
) -> None:
    """Sarah may not view hr@, so a grant for Tom there is previewed hidden (workflow/redact.py). Under a
    policy that lets her ask it (the default denies it), whether it extends Tom's time-bound Send As is
    found out as it runs, and his access is kept past the old end all the same."""
    until = flow.clock.now + dt.timedelta(days=1)
    await _request(flow, ADMIN, SendAs(change="grant", mailbox=HR, trustee=TOM, expires=until))
    step = SendAs(change="grant", mailbox=HR, trustee=TOM)
    reader = _reader(flow.ctx, OWNER)
    [seen] = await previews(flow.ctx, [step], reader)
    assert isinstance(seen, Change)
    assert seen.redacted
    allowed = Allowed(reason="a tenant policy that lets Sarah ask", policies=["test"])

    async def still_allowed(view: RequestView, step: Step) -> Decision:
        return allowed

    planned = [PlannedStep(step, seen, allowed)]
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(OWNER), planned, confirm=True, check=still_allowed
    )
    assert view.steps[0].status == "applied", view.steps[0]
    assert view.steps[0].outcome is not None
    assert "no longer ends it" in str(view.steps[0].outcome["message"])
    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, HR, TOM)
