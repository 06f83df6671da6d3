"""Small organisations and partial plans (DESIGN §5) end to end on the emulated tenant: the sole admin runs
four-eyes writes with a written justification, giving up one's own access needs no approval, and a plan
with denied steps is submitted for its allowed steps only when the requester says so."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import (
    ChangePrimaryAlias,
    DistributionListLifecycle,
    DistributionListMembership,
    MailboxDelegation,
    Step,
)
from mailwarden.policy import PolicyEngine
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps, submit
from tests.policy.test_mutation import without
from tests.workflow.conftest import TENANT, Flow

GRACE = "grace.hopper@acme.com"
NO_SECOND_ADMIN = "no second admin: four-eyes not possible"
MIKE_TO_MICHAEL = ChangePrimaryAlias(
    change="set", recipient="mike.smith@acme.com", new_address="michael.smith@acme.com"
)


async def _request(flow: Flow, who: str, *steps: Step, **options: Any):  # type: ignore[no-untyped-def]
    planned = await plan_steps(flow.ctx, flow.person(who), list(steps), flow.decide)
    return await submit(
        flow.service, flow.ctx, TENANT, flow.actor(who), planned, confirm=True, check=flow.check, **options
    )


@pytest.mark.anyio
async def test_the_sole_admin_changes_a_primary_address_with_a_written_justification(
    flow: Flow, tenant: TenantState
) -> None:
    """The seed's own prompt: refused without a justification (nothing stored), run with one; the request
    keeps the justification and every audit record of it says there is no second admin."""
    with pytest.raises(NotPermitted, match="justification"):
        await _request(flow, GRACE, MIKE_TO_MICHAEL)
    assert flow.service.list(TENANT) == []

    view = await _request(flow, GRACE, MIKE_TO_MICHAEL, justification="Mike asked; HR ticket 4411.")
    assert view.state is RequestState.COMPLETED
    assert view.justification == "Mike asked; HR ticket 4411."
    assert view.steps[0].decision.policies == ["sole-admin-with-justification"]
    mike = tenant.find("michael.smith@acme.com")
    assert mike is not None
    assert "smtp:mike.smith@acme.com" in mike.email_addresses
    records = flow.audit.records(request_id=view.request_id)
    assert {r.event for r in records} >= {"request.submitted", "request.confirmed", "step.applied"}
    assert all((r.detail or {}).get("four_eyes") == NO_SECOND_ADMIN for r in records)


@pytest.mark.anyio
async def test_a_confirmation_decided_again_on_live_facts_still_says_there_is_no_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    """Confirming as the CLI and the API do (decided again, the steps read a page at a time, the request
    read without them): the confirmation's record still says the sole admin had no second pair of eyes."""
    planned = await plan_steps(flow.ctx, flow.person(GRACE), [MIKE_TO_MICHAEL], flow.decide)
    view = flow.service.submit(
        TENANT, flow.actor(GRACE), planned, justification="Mike asked; HR ticket 4411."
    )
    await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    (confirmed,) = flow.audit.records(request_id=view.request_id, event="request.confirmed")
    assert confirmed.detail.get("four_eyes") == NO_SECOND_ADMIN


@pytest.mark.anyio
async def test_the_sole_admin_moves_the_contractors_and_deletes_the_old_list(
    flow: Flow, tenant: TenantState
) -> None:
    """The seed's other prompt: the adds run on confirmation, the deletion under the sole-admin rule."""
    moves = [
        DistributionListMembership(change="add", group="external-contractors@acme.com", member=m)
        for m in ("lucas.rossi@acme.com", "mia.novak@acme.com", "ethan.park@acme.com")
    ]
    delete = DistributionListLifecycle(change="delete", group="contractors@acme.com")
    view = await _request(flow, GRACE, *moves, delete, justification="Contract team reorganised.")
    assert view.state is RequestState.COMPLETED, [s.decision.reason for s in view.steps]
    assert tenant.find("contractors@acme.com") is None


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_a_tenant_that_turns_the_rule_off_refuses_with_that_reason(flow: Flow) -> None:
    flow.engine = PolicyEngine(without("sole-admin-with-justification"))
    view = await _request(flow, GRACE, MIKE_TO_MICHAEL, justification="Anyway.")
    assert view.state is RequestState.DENIED
    assert NO_SECOND_ADMIN in view.steps[0].decision.reason


@pytest.mark.anyio
async def test_giving_up_ones_own_full_access_runs_without_approval(flow: Flow, tenant: TenantState) -> None:
    """John holds Full Access to sales@ (Priya owns it); revoking his own runs on his confirmation."""
    granted = await _request(
        flow, GRACE, MailboxDelegation(change="grant", mailbox="sales@acme.com", trustee="john@acme.com")
    )
    assert granted.state is RequestState.COMPLETED
    view = await _request(
        flow,
        "john@acme.com",
        MailboxDelegation(change="revoke", mailbox="sales@acme.com", trustee="john@acme.com"),
    )
    assert view.state is RequestState.COMPLETED
    box, john = tenant.find("sales@acme.com"), tenant.find("john@acme.com")
    assert box is not None
    assert john is not None
    assert all(e.trustee_id != john.id for e in box.full_access)


PARTIAL = (
    MailboxDelegation(change="grant", mailbox="support@acme.com", trustee="sarah@acme.com"),
    MailboxDelegation(change="grant", mailbox="support@acme.com", trustee="vera@vendorco.example"),
)


@pytest.mark.anyio
async def test_one_denied_step_denies_the_plan_unless_the_requester_drops_it(
    flow: Flow, tenant: TenantState
) -> None:
    """Without the word, nothing runs; with `only_allowed` the allowed step runs and the denied one stays
    on the request as dropped, with its reason, in the request and in the audit log."""
    whole = await _request(flow, GRACE, *PARTIAL)
    assert whole.state is RequestState.DENIED
    assert [s.status for s in whole.steps] == ["pending", "pending"]

    view = await _request(flow, GRACE, *PARTIAL, only_allowed=True)
    assert view.state is RequestState.COMPLETED
    assert [s.status for s in view.steps] == ["applied", "dropped"]
    assert view.steps[1].decision.outcome == "denied"
    assert "outside" in view.steps[1].decision.reason
    submitted = next(
        r for r in flow.audit.records(request_id=view.request_id) if r.event == "request.submitted"
    )
    (dropped,) = submitted.detail["dropped"]
    assert (dropped["position"], dropped["action"]) == (1, "mailbox_delegation")
    assert "outside the organisation" in dropped["reason"]
    box, sarah = tenant.find("support@acme.com"), tenant.find("sarah@acme.com")
    assert box is not None
    assert sarah is not None
    assert any(e.trustee_id == sarah.id for e in box.full_access)


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_only_allowed_with_nothing_allowed_is_still_denied(flow: Flow) -> None:
    view = await _request(flow, GRACE, PARTIAL[1], only_allowed=True)
    assert view.state is RequestState.DENIED
