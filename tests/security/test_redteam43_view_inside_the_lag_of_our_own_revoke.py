"""Red team 43: an employee views a mailbox inside the replication lag of mailwarden's own revoke.

The policy lets an employee view a mailbox they are a delegate of; `delegates_of` reads who is, live, and
reads lag writes. Grace (admin) takes Tom Becker's Full Access on support@ away through mailwarden: the
write is made and the request recorded as applied. Within the replication window Tom asks to see who
has access to support@ (and its details: forwarding, Send on Behalf): the lagging read still lists him,
and he is allowed. mailwarden had the current fact in its own record of the request it had just run. (A
change made outside mailwarden within the lag cannot be known, and is not what this asserts.) Driven
against the emulator over HTTP, the lag set with the emulator's replication_lag_seconds switch."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.decisions import Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import MailboxDelegation, ViewMailboxDetails, ViewMailboxPermissions
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.redact import read_decision
from mailwarden.workflow.requests import advance
from mailwarden.workflow.service import RequestService
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

SUPPORT, TOM = "support@acme.com", "tom.becker@acme.com"


@dataclass
class _Reader:
    """As a session reads for its requester: with the request store (`Session.service`) and tenant key."""

    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org
    service: RequestService
    tenant_key: str


async def _tom_may_view(flow: Flow) -> list[bool]:
    reader = _Reader(flow.ctx, flow.person(TOM), flow.engine, flow.org, flow.service, TENANT)
    steps = (ViewMailboxPermissions(mailbox=SUPPORT), ViewMailboxDetails(mailbox=SUPPORT))
    return [not isinstance(await read_decision(reader, s), Denied) for s in steps]


async def _revoke_through_mailwarden(flow: Flow, tenant: TenantState) -> None:
    view = await _filed(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM))
    set_switch(tenant, "replication_lag_seconds", 3600)  # the revoke reaches no read while the test runs
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    box, tom = tenant.address_owner(SUPPORT), tenant.address_owner(TOM)
    assert box is not None
    assert tom is not None
    assert not any(g.trustee_id == tom.id for g in box.full_access)


async def test_the_control_tom_may_view_support_while_he_holds_full_access(flow: Flow) -> None:
    assert await _tom_may_view(flow) == [True, True]


async def test_the_control_after_the_lag_tom_may_not(flow: Flow, tenant: TenantState) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    set_switch(tenant, "replication_lag_seconds", 0)
    assert await _tom_may_view(flow) == [False, False]


async def test_tom_may_not_view_support_inside_the_lag_of_mailwardens_own_revoke(
    flow: Flow, tenant: TenantState
) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    assert await _tom_may_view(flow) == [False, False]
