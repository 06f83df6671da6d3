"""Red team 43: a grant whose write Exchange answered "already present" is recorded as made, and its undo
takes away a right another admin gave.

sec36 records "already" only from the write's own answer, but only where the (lagging) pre-check said
"already" too. Where the pre-check said the step changes something, `actions/base.execute` swallows the
write's AlreadyExists ("a retried write whose first attempt landed") and records the step applied, its
before-state the lagging read's. Grace's approved request gives Tom Becker Full Access on billing@.
Seconds before it runs, another admin gives Tom Full Access on billing@ outside mailwarden (not in the
reads yet). The run reads "Tom has none", sends Add-MailboxPermission, Exchange answers "The appropriate
access control entry is already present", and the step is recorded applied with before {full_access:
False}. Undoing Grace's request then takes away the Full Access the other admin gave, which mailwarden
never added. The other direction: a revoke whose remove Exchange answered "the ACE doesn't exist" (another
admin took the right away seconds before) is recorded applied, and its undo gives the right back. Driven
against the emulator over HTTP, the lag set with the replication_lag_seconds switch."""

from __future__ import annotations

import dataclasses

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BILLING, TOM = "billing@acme.com", "tom.becker@acme.com"
TOMS = {"Identity": BILLING, "User": TOM, "AccessRights": ["FullAccess"]}


def _holds(tenant: TenantState) -> bool:
    other = OtherAdmin(tenant)
    box = tenant.get(other.id_of(BILLING))
    assert box is not None
    return any(g.trustee_id == other.id_of(TOM) for g in box.full_access)


async def _granted_by_both(flow: Flow, tenant: TenantState, *, outside: bool) -> tuple[str, str]:
    """Grace's grant, approved, then run (the other admin's grant moments before it when `outside`): the
    step's status and the request's id."""
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=BILLING, trustee=TOM))
    set_switch(tenant, "replication_lag_seconds", 3600)
    if outside:
        OtherAdmin(tenant).exchange("Add-MailboxPermission", **TOMS)  # in no read while the test runs
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert _holds(tenant)
    set_switch(tenant, "replication_lag_seconds", 0)
    return done.steps[0].status, view.request_id


async def _undo_it(flow: Flow, request_id: str) -> None:
    undoing = await _undo(flow, request_id, who=ADMIN)
    if undoing.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)


async def test_the_control_undo_takes_away_what_grace_gave(flow: Flow, tenant: TenantState) -> None:
    status, request_id = await _granted_by_both(flow, tenant, outside=False)
    assert status == "applied"
    await _undo_it(flow, request_id)
    assert not _holds(tenant)


async def test_undo_leaves_the_full_access_another_admin_gave(flow: Flow, tenant: TenantState) -> None:
    status, request_id = await _granted_by_both(flow, tenant, outside=True)
    if status != "already":  # the right answer: then there is nothing of Grace's to undo
        await _undo_it(flow, request_id)
    assert _holds(tenant), f"the undo took away the other admin's grant (the step was recorded {status!r})"


SUPPORT = "support@acme.com"
ON_SUPPORT = {"Identity": SUPPORT, "User": TOM, "AccessRights": ["FullAccess"]}


def _holds_on_support(tenant: TenantState) -> bool:
    other = OtherAdmin(tenant)
    box = tenant.get(other.id_of(SUPPORT))
    assert box is not None
    return any(g.trustee_id == other.id_of(TOM) for g in box.full_access)


async def test_undo_of_a_revoke_gives_back_nothing_another_admin_took_away(
    flow: Flow, tenant: TenantState
) -> None:
    """The other direction: Grace's approved revoke of Tom's Full Access on support@; seconds before it
    runs another admin removes it outside (say, answering an incident); the run reads 'Tom has it', sends
    the remove, Exchange answers that the ACE doesn't exist, and the step is recorded applied with before
    {full_access: True}. Undoing Grace's request gives Tom Full Access again."""
    assert _holds_on_support(tenant)
    view = await _filed(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM))
    set_switch(tenant, "replication_lag_seconds", 3600)
    OtherAdmin(tenant).exchange("Remove-MailboxPermission", **ON_SUPPORT)  # in no read while the test runs
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    set_switch(tenant, "replication_lag_seconds", 0)
    status = done.steps[0].status
    if status != "already":
        await _undo_it(flow, view.request_id)
    assert not _holds_on_support(tenant), f"the undo gave back what another admin took (recorded {status!r})"
