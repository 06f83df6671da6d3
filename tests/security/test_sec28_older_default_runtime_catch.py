"""Security 28 (sec26 left over): on a tenant whose stored policy is an unmodified copy of the default from
before `admin-approves-address-taking-forwarded-mail`, an address change approved as a plain one ran after
Maria's forwarding came to name its new address (the run-time re-check looks for that rule's @id, which the
copy lacked). The copy is read as the current default now, so the run stops the step, as on the default.
(A copy stored before provenance was recorded, migration 0013: one an admin sets today is theirs, as
written, red team 36; tests/policy/test_sec32_policy_provenance.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store
from mailwarden.store.documents import TenantDocuments
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
OLDER = (Path(__file__).parents[1] / "policy" / "data" / "default_2026_12_05.cedar").read_text(
    encoding="utf-8"
)


async def test_a_forwarding_set_after_approval_stops_the_change_on_a_stored_older_default(
    flow: Flow, store: Store, tenant: TenantState
) -> None:
    policies = PolicyStore(store)
    TenantDocuments(store).put(TENANT, "policy", OLDER)  # stored before provenance was recorded
    assert policies.is_default(TENANT)
    flow.engine = policies.engine(TENANT)
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    step = ChangePrimaryAlias(change="set", recipient=JOHN, new_address=DESK, keep_old=True)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    view = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve"
    )
    assert view.state is RequestState.APPROVED, view.state
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    [ran] = view.steps
    assert ran.status == "refused", ran
    with tenant.transaction():
        john = tenant.by_address(JOHN)
        assert john is not None
        assert john.primary_smtp == JOHN
