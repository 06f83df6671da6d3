"""Red team 24: attacks on "joining a group is the grant it gives" (sec20, workflow/list_rights.py).

Each test drives the live decision (`plan_steps` over `LivePolicy`, against the emulator) or a bulk
request's confirmation, as redteam21's tests do."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

JOHN, FINANCE = "john@acme.com", "finance-team@acme.com"
GRACE, KEN, TOM = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com"
MIKE = "mike.smith@acme.com"
TENANT = workflow_fixtures.TENANT
ENGINEERING, MARKETING, ALL_HANDS = "engineering@acme.com", "marketing@acme.com", "all-hands@acme.com"
SHARED = ("support@acme.com", "info@acme.com", "sales@acme.com")


def _approved_by_ken(decision: Decision) -> None:
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision


async def _decide(flow: Flow, requester: str, step: Step) -> Decision:
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


async def test_an_employee_does_not_learn_how_many_mailboxes_a_group_reaches(
    flow: Flow, tenant: TenantState
) -> None:
    """John may not read which mailboxes finance-team holds rights on (the delegation views show a person
    only their own access and what they own), so the decision on his self-join must not count them either:
    one shared mailbox or three, he reads the same sentence."""
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Add-MailboxPermission", Identity=SHARED[0], User=FINANCE, AccessRights=["FullAccess"])
    one = await _decide(flow, JOHN, DistributionListMembership(change="add", group=FINANCE, member=JOHN))
    for box in SHARED[1:]:
        other.exchange("Add-MailboxPermission", Identity=box, User=FINANCE, AccessRights=["FullAccess"])
    three = await _decide(flow, JOHN, DistributionListMembership(change="add", group=FINANCE, member=JOHN))
    assert isinstance(one, ApprovalRequired), one
    assert isinstance(three, ApprovalRequired), three
    assert one.reason == three.reason, (one.reason, three.reason)
    assert "mailboxes you may not view" in three.reason


async def test_confirming_a_bulk_add_reads_what_the_group_holds_once_not_once_a_page(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk request's confirmation decides its steps again a page (`run_chunk`) at a time. What the group
    holds is one scan of every mailbox in the tenant (Full Access is not readable by trustee), so a scan
    per page made a 5,000-person add cost ten tenant-wide scans where one add costs one (issue 14): the
    pages of one confirmation share one read."""
    from mailwarden.workflow import list_rights

    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    flow.ctx = await discovered_context(flow.ctx.clients)
    people = sorted(
        r.primary_smtp
        for r in tenant.recipients.values()
        if r.kind == "UserMailbox" and r.account_enabled and r.primary_smtp not in {GRACE, KEN, TOM}
    )[:6]
    steps: list[Step] = [DistributionListMembership(change="add", group=FINANCE, member=p) for p in people]
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    flow.service.run_chunk = 2  # three pages
    scans: list[int] = []
    real = list_rights.read_list_rights

    async def counted(*args: object, **kwargs: object) -> list_rights.ListRights:
        scans.append(1)
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(list_rights, "read_list_rights", counted)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    assert len(scans) == 1, f"{len(scans)} scans of the tenant's mailboxes for one confirmation"


async def test_planning_a_bulk_add_of_many_pages_reads_what_the_group_holds_once_and_decides_alike(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan of more steps than a page is decided a page (`PLAN_PAGE`) at a time, each on its own people's
    live facts: the pages share one scan of what the group holds, and decide every step as one read would
    (the group's rights still need the second admin's approval on every page)."""
    from mailwarden.workflow import list_rights

    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    flow.ctx = await discovered_context(flow.ctx.clients)
    people = sorted(
        r.primary_smtp
        for r in tenant.recipients.values()
        if r.kind == "UserMailbox" and r.account_enabled and r.primary_smtp not in {GRACE, KEN, TOM}
    )[:6]
    steps: list[Step] = [DistributionListMembership(change="add", group=FINANCE, member=p) for p in people]
    grace = flow.person(GRACE)
    whole = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    scans: list[int] = []
    real = list_rights.read_list_rights

    async def counted(*args: object, **kwargs: object) -> list_rights.ListRights:
        scans.append(1)
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(list_rights, "read_list_rights", counted)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", 2)  # three pages
    paged = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    assert len(scans) == 1, f"{len(scans)} scans of the tenant's mailboxes for one plan"
    assert [p.decision for p in paged] == [p.decision for p in whole]
    for planned in paged:
        _approved_by_ken(planned.decision)


async def test_a_list_three_deep_in_the_group_and_a_nesting_loop_still_need_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    """marketing sits in engineering, which sits in finance-team (Full Access on Tom's mailbox), and
    finance-team sits in marketing again (a loop): joining marketing gives Tom's mail, and the loop neither
    hangs the walk nor hides the group that holds the right."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    other.exchange("Add-DistributionGroupMember", Identity=ENGINEERING, Member=MARKETING)
    other.exchange("Add-DistributionGroupMember", Identity=FINANCE, Member=ENGINEERING)
    deep = await _decide(flow, GRACE, DistributionListMembership(change="add", group=MARKETING, member=JOHN))
    _approved_by_ken(deep)
    assert "(through finance-team@acme.com)" in deep.reason
    other.exchange("Add-DistributionGroupMember", Identity=MARKETING, Member=FINANCE)
    loop = await _decide(flow, GRACE, DistributionListMembership(change="add", group=MARKETING, member=JOHN))
    _approved_by_ken(loop)


async def test_adding_a_list_that_holds_the_second_admin_is_not_approved_by_him(
    flow: Flow, tenant: TenantState
) -> None:
    """Grace adds all-hands, not a person, to finance-team (Full Access on Tom's mailbox): every member of
    all-hands gets Tom's mail, Ken among them, so Ken may not be the second pair of eyes."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-DistributionGroupMember", Identity=ALL_HANDS, Member=KEN)
    add = DistributionListMembership(change="add", group=FINANCE, member=ALL_HANDS)
    plain = await _decide(flow, GRACE, add)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    held = await _decide(flow, GRACE, add)
    assert not isinstance(held, ApprovalRequired) or KEN not in held.approvers, (plain, held)
    assert not isinstance(held, Allowed), held


async def test_nesting_and_a_grant_made_after_the_directory_was_read_are_seen(
    flow: Flow, tenant: TenantState
) -> None:
    """The directory cache was read before marketing was put inside finance-team and finance-team got Full
    Access on Tom's mailbox: the decision reads the nesting and the rights live, not from the cache."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    other.exchange("Add-DistributionGroupMember", Identity=ENGINEERING, Member=MARKETING)
    other.exchange("Add-DistributionGroupMember", Identity=FINANCE, Member=ENGINEERING)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group=MARKETING, member=JOHN)
    [decision] = (await flow.live.decider(grace, [step])).many(grace, [step])
    _approved_by_ken(decision)


async def test_a_group_created_after_the_directory_was_read_is_not_a_way_round(
    flow: Flow, tenant: TenantState
) -> None:
    """A security group the cache does not know yet, holding Full Access on Tom's mailbox: an add to it is
    never decided as a plain membership change."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security")
    other.exchange("Add-MailboxPermission", Identity=TOM, User="vault@acme.com", AccessRights=["FullAccess"])
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group="vault@acme.com", member=JOHN)
    [decision] = (await flow.live.decider(grace, [step])).many(grace, [step])
    assert not isinstance(decision, Allowed), decision


async def test_rights_given_to_the_group_after_confirmation_stop_the_add_when_it_runs(
    flow: Flow, tenant: TenantState
) -> None:
    """Grace adds herself to finance-team while it holds nothing (allowed, confirmed); before the run,
    finance-team gets Full Access on Tom's mailbox. The executor decides the step again on what the group
    holds then, so the add is refused, not run."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    steps: list[Step] = [DistributionListMembership(change="add", group=FINANCE, member=GRACE)]
    planned = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    assert isinstance(planned[0].decision, Allowed), planned[0].decision
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert [s.status for s in view.steps] == ["refused"], view.steps
    members = {tenant.get(m).primary_smtp for m in tenant.by_address(FINANCE).members}  # type: ignore[union-attr]
    assert GRACE not in members


async def test_an_unreadable_right_does_not_name_mailboxes_to_an_employee(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """When reading one mailbox's rights fails, the add is decided as unknown; the failure names the
    mailbox (here one hidden from the address list, which John cannot find in the directory either), and
    an employee self-joining the list is refused without it."""
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Set-Mailbox", Identity=TOM, HiddenFromAddressListsEnabled=True)
    emulator.faults.fail_items("exchange", status=500, times=50, matching=TOM)
    decision = await _decide(flow, JOHN, DistributionListMembership(change="add", group=FINANCE, member=JOHN))
    assert not isinstance(decision, Allowed), decision
    assert "could not be established" in decision.reason, decision.reason
    assert "tom" not in decision.reason.lower(), decision.reason


async def test_undoing_a_removal_from_a_group_that_has_rights_since_is_decided_as_the_grant(
    flow: Flow, tenant: TenantState
) -> None:
    """Grace takes Mike off finance-team (it held nothing); finance-team then gets Full Access on Tom's
    mailbox; Grace's undo puts Mike back, which gives him Tom's mail: it waits for Ken, as any add would."""
    from mailwarden.workflow.requests import undo
    from tests.workflow.test_redteam12_undo_over_an_end import _Reader
    from tests.workflow.test_requests import _request

    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    removed = await _request(
        flow, GRACE, DistributionListMembership(change="remove", group=FINANCE, member=MIKE)
    )
    assert removed.state is RequestState.COMPLETED, removed.state
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    grace = flow.person(GRACE)
    reader = _Reader(flow.ctx, grace, flow.engine, flow.org, flow.service, TENANT)
    view = await undo(
        flow.service,
        flow.ctx,
        TENANT,
        removed.request_id,
        flow.actor(GRACE),
        grace,
        flow.decide,
        reader=reader,
    )
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    _approved_by_ken(view.steps[0].decision)


async def test_a_mailbox_listed_but_then_not_found_is_not_read_as_holding_nothing(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Get-Mailbox listed Tom's mailbox, then Get-MailboxPermission on it answered 404: Exchange Online
    says "couldn't be found" for objects that exist while its directory replicas catch up, so the 404 is no
    proof the mailbox is gone. Read as "nobody reaches it", it hid finance-team's Full Access on Tom's
    mailbox and Grace added herself alone; it now leaves the fact unknown (a second admin)."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    flow.ctx = await discovered_context(flow.ctx.clients)
    emulator.faults.fail_items("exchange", status=404, times=50, matching=f'"identity": "{TOM}"')
    decision = await _decide(
        flow, GRACE, DistributionListMembership(change="add", group=FINANCE, member=GRACE)
    )
    _approved_by_ken(decision)
