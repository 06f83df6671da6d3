"""Red team 43: an admin's revoke of Send on Behalf is planned "already" on a Name, and the right stays.

sec37 placed GrantSendOnBehalfTo Names live in the report, the access view, delegates_of and the drift
scan, and the executor's preflight asks Exchange for a bound trustee's Name. The preview made when a
request is planned is not bound to objects yet, and `send_on_behalf._holds` then matches the printed Names
with `identify` on the cached directory (alias, then a display name one recipient carries). Rachel Green,
whose Exchange Name is 'Tom Becker' (Tom's display name; Tom's own Name is 'tom.becker'), holds Send on
Behalf of billing@. Grace (admin) asks mailwarden to take it away: the printed Name is read as Tom, the
preview says "Rachel Green is already unable to send on behalf of Billing", the request completes with no
write sent (sec36 sends the write only for a step that reaches the executor), and Rachel keeps the right
while the record says it is gone (an offboarding that leaves a delegate in place). Driven against the
emulator over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.connectors.exchange import hashtable
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendOnBehalf
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.drift.test_sec34_forwarding_name import _name
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

BILLING, RACHEL = "billing@acme.com", "rachel.green@acme.com"


def _holds(tenant: TenantState) -> bool:
    box, rachel = tenant.address_owner(BILLING), tenant.address_owner(RACHEL)
    assert box is not None
    assert rachel is not None
    return rachel.id in box.grant_send_on_behalf_to


async def _revoke(flow: Flow) -> str:
    """Grace files, confirms and runs the revoke; the summary the preview showed her."""
    step = SendOnBehalf(change="revoke", mailbox=BILLING, trustee=RACHEL)
    grace = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    if view.state is RequestState.NEEDS_CONFIRMATION:
        view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    if view.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    preview = planned[0].preview
    return str(getattr(preview, "summary", preview))


async def test_the_control_rachel_with_a_name_of_her_own_loses_the_right(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    outside_cmdlet(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))
    await replicated()
    assert _holds(tenant)
    await _revoke(flow)
    assert not _holds(tenant)


async def test_a_revoke_of_send_on_behalf_held_under_a_colleagues_display_name_takes_it_away(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    _name(tenant, (RACHEL, "Tom Becker"))
    outside_cmdlet(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))
    await replicated()
    assert _holds(tenant)
    summary = await _revoke(flow)
    assert not _holds(tenant), summary
