"""An approved step acts on the objects it was approved for even while reads lag writes (workflow/binding.py).

Microsoft's reads lag its writes. An address moved to another object seconds before an approved step runs
is in no read yet: the directory and the executor's live check (Get-Recipient) both still show it on the
object approved, so the step is let run; a write naming the address then landed on its NEW holder (the
emulator's `replication_lag_seconds` reproduces it: Get-* cmdlets read the replicated view, writes the
latest). Steps bound to ids now name their objects to the tenant by id. Each case moves an address from a
bound object to another one under a lag and checks that the change lands on the approved object (or the
step refuses), never on the new holder: Full Access, Send As, a list's new member, forwarding's target,
a calendar share.
"""

from __future__ import annotations

import dataclasses

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import (
    CalendarShare,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    Step,
)
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.other_admin import OtherAdmin
from tests.security.test_bind_steps_to_objects import ADMIN, CONTRACTORS, ENGINEERING, SALES, SUPPORT, TOM
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, JANE = "mike.smith@acme.com", "jane.doe@acme.com"
LAG = 120
"""Seconds reads lag writes in these tests: the whole run happens inside it."""


@pytest.fixture
def lagging(tenant: TenantState, flow: Flow) -> None:
    """Reads lag writes by `LAG` seconds from now on; a run reads its writes back only briefly (they stay
    unverified: what counts here is where the write landed, which the tests read from the state itself)."""
    set_switch(tenant, "replication_lag_seconds", LAG)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))


async def _filed(flow: Flow, who: str, step: Step) -> RequestView:
    """Filed and confirmed by `who` and approved by each approver it waits for; not run yet."""
    person = flow.person(who)
    planned = await plan_steps(flow.ctx, person, [step], await flow.live.decider(person, [step]))
    view = flow.service.submit(TENANT, flow.actor(who), planned)
    if view.state is RequestState.NEEDS_CONFIRMATION and who == ADMIN:
        return flow.service.confirm(TENANT, view.request_id, flow.actor(who))  # runs on the next advance
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(who))
    while view.state is RequestState.PENDING_APPROVAL:
        approver = flow.person(view.pending_approvers()[0])
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, approver, "approve"
        )
    assert view.state is RequestState.APPROVED, view.state
    return view


def _move_address(tenant: TenantState, address: str, to: str) -> tuple[str, str]:
    """`address` leaves its holder (its sign-in name too, as when a leaver's address is reused) and becomes
    a secondary address of `to`, through Exchange as another admin would; (old holder id, new holder id)."""
    other = OtherAdmin(tenant)
    holder, taker = other.id_of(address), other.id_of(to)
    was = tenant.get(holder)
    assert was is not None
    kept = f"{address.split('@')[0]}-old@acme.com"
    with tenant.transaction():  # the emulator's Graph does not change a UPN
        if (was.user_principal_name or "").lower() == address:
            tenant.data.recipients[holder].user_principal_name = kept
            tenant.mark_dirty()
    cmdlet = "Set-DistributionGroup" if "Group" in was.kind else "Set-Mailbox"
    other.exchange(cmdlet, Identity=holder, EmailAddresses=[f"SMTP:{kept}"])
    other.exchange(cmdlet, Identity=taker, EmailAddresses=[f"SMTP:{to}", f"smtp:{address}"])
    return holder, taker


def _now(tenant: TenantState, recipient_id: str) -> Recipient:
    """The object as written (not as the lagging reads show it)."""
    with tenant.transaction():
        found = tenant.data.recipients.get(recipient_id)
    assert found is not None
    return found


async def _run(flow: Flow, view: RequestView) -> RequestView:
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)


def _landed_or_refused(done: RequestView, landed: bool) -> None:
    status = done.steps[0].status
    assert (status == "applied" and landed) or (status == "refused" and not landed), done.steps[0]


@pytest.mark.usefixtures("lagging")
async def test_full_access_lands_on_the_mailbox_approved_not_on_its_addresss_new_holder(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SALES, trustee=JANE))
    jane = OtherAdmin(tenant).id_of(JANE)
    sales, support = _move_address(tenant, SALES, SUPPORT)

    done = await _run(flow, view)

    assert jane not in {e.trustee_id for e in _now(tenant, support).full_access}, "granted on the new holder"
    _landed_or_refused(done, jane in {e.trustee_id for e in _now(tenant, sales).full_access})


@pytest.mark.usefixtures("lagging")
async def test_send_as_goes_to_the_trustee_approved_not_to_his_addresss_new_holder(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SALES, trustee=TOM))
    sales = OtherAdmin(tenant).id_of(SALES)
    tom, mike = _move_address(tenant, TOM, MIKE)

    done = await _run(flow, view)

    assert mike not in _now(tenant, sales).send_as, "Send As given to the address's new holder"
    _landed_or_refused(done, tom in _now(tenant, sales).send_as)


@pytest.mark.usefixtures("lagging")
async def test_a_new_member_joins_the_list_approved_not_the_one_now_holding_its_address(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(flow, ADMIN, DistributionListMembership(change="add", group=CONTRACTORS, member=JANE))
    jane = OtherAdmin(tenant).id_of(JANE)
    contractors, engineering = _move_address(tenant, CONTRACTORS, ENGINEERING)

    done = await _run(flow, view)

    assert jane not in _now(tenant, engineering).members, "added to the list now holding the address"
    _landed_or_refused(done, jane in _now(tenant, contractors).members)


@pytest.mark.usefixtures("lagging")
async def test_forwarding_goes_to_the_target_approved_not_to_its_addresss_new_holder(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(
        flow, JANE, EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, keep_copy=True)
    )
    jane = OtherAdmin(tenant).id_of(JANE)
    tom, mike = _move_address(tenant, TOM, MIKE)

    done = await _run(flow, view)

    forwarding = _now(tenant, jane).forwarding_address
    assert forwarding != mike, "mail forwarded to the address's new holder"
    _landed_or_refused(done, forwarding == tom)


@pytest.mark.usefixtures("lagging")
async def test_a_calendar_is_shared_from_the_owner_approved_not_from_the_new_holder_of_her_address(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(
        flow, ADMIN, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")
    )
    tom = OtherAdmin(tenant).id_of(TOM)
    jane, mike = _move_address(tenant, JANE, MIKE)

    done = await _run(flow, view)

    assert tom not in {e.user for e in _now(tenant, mike).calendar}, "shared the new holder's calendar"
    _landed_or_refused(done, tom in {e.user for e in _now(tenant, jane).calendar})


async def test_a_grant_to_a_person_whose_sign_in_name_changed_is_read_back_by_id(
    flow: Flow, tenant: TenantState
) -> None:
    """Is it in place? Exchange prints a Full Access trustee by the UPN it has now, which the directory
    (synced before) does not know; asked for the approved trustee's entries by id, it answers for him."""
    lag = 3
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SALES, trustee=TOM))
    set_switch(tenant, "replication_lag_seconds", lag)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.25, longest=0.5, bound=lag + 5.0))
    _move_address(tenant, TOM, MIKE)

    done = await _run(flow, view)

    assert done.steps[0].status == "applied", done.steps[0]
    assert (done.steps[0].outcome or {}).get("verification") == "verified", done.steps[0].outcome


async def test_a_bulk_run_refuses_only_the_member_whose_address_moved_and_adds_the_others(
    flow: Flow, tenant: TenantState
) -> None:
    """A run of many list additions checks who holds each step's address before its writes (workflow/
    executor.py `_bound`): a step whose address moved since the approval is refused for that, and the
    others are added. Under the replication lag the move may not be seen yet: then the step lands on the
    object approved (Jane's), never on the address's new holder."""
    admin = flow.person(ADMIN)
    steps: list[Step] = [
        DistributionListMembership(change="add", group=CONTRACTORS, member=who) for who in (MIKE, JANE, TOM)
    ]
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    other = OtherAdmin(tenant)
    mike, tom = other.id_of(MIKE), other.id_of(TOM)
    jane, _ = _move_address(tenant, JANE, TOM)  # Jane's address now leads to Tom

    done = await _run(flow, view)

    status = {s.step["member"]: s.status for s in done.steps}
    assert status[MIKE] == "applied", done.steps
    assert status[TOM] == "applied", done.steps
    members = _now(tenant, other.id_of(CONTRACTORS)).members
    assert mike in members
    assert tom in members
    [janes] = [s for s in done.steps if s.step["member"] == JANE]
    if janes.status == "refused":
        assert JANE in janes.outcome["message"], janes.outcome
        assert jane not in members, "the step whose address moved was run"
    else:
        assert janes.status == "applied", janes
        assert jane in members, "an applied step landed elsewhere than on the object approved"
