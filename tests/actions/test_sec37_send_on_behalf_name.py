"""sec37: the delegation report (and the access view, which reads the same grants) places each
GrantSendOnBehalfTo entry on its Name alone, live.

Exchange prints GrantSendOnBehalfTo as each delegate's Name; the report matched it on the cached
directory's aliases and display names. Rachel Green, whose Name is 'tom.becker' (Tom Becker's alias; Tom's
own Name is his directory id), given Send on Behalf of billing@ outside mailwarden, was reported as Tom's
right: Tom's reviewer saw a right he does not hold, and Rachel's was hidden. Now the Name is looked up with
`Get-Recipient -Filter "Name -eq ..."`: every recipient holding it counts; a failed look-up is said."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.actions.views import delegates_of, view_mailbox_details
from mailwarden.connectors.exchange import hashtable
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import ViewMailboxDetails
from mailwarden.testing import RunningEmulator
from tests.actions.test_delegation_report import grants
from tests.drift.test_sec34_forwarding_name import TOM, TOM_ID, _name

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

BILLING, RACHEL, ADMIN = "billing@acme.com", "rachel.green@acme.com", "grace.hopper@acme.com"


def _grant_rachel(tenant: TenantState) -> None:
    _name(tenant, (TOM, TOM_ID), (RACHEL, "tom.becker"))
    outside_cmdlet(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))


async def test_send_on_behalf_for_someone_whose_name_is_a_colleagues_alias(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _grant_rachel(tenant)
    await replicated()
    on_billing = grants(await delegation_report(ctx, mailbox=BILLING))
    assert (BILLING, RACHEL, "SendOnBehalf") in on_billing, on_billing
    assert (BILLING, TOM, "SendOnBehalf") not in on_billing, on_billing
    toms = grants(await delegation_report(ctx, trustee=TOM))
    assert not [g for g in toms if g[0] == BILLING], toms
    rachels = grants(await delegation_report(ctx, trustee=RACHEL))
    assert (BILLING, RACHEL, "SendOnBehalf") in rachels, rachels


async def test_a_name_two_recipients_share_counts_as_both(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _name(tenant, (TOM, "Front desk"))
    outside_cmdlet(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=TOM))
    _name(tenant, (RACHEL, "Front desk"))
    await replicated()
    on_billing = grants(await delegation_report(ctx, mailbox=BILLING))
    assert {(BILLING, RACHEL, "SendOnBehalf"), (BILLING, TOM, "SendOnBehalf")} <= on_billing, on_billing


async def test_a_failed_name_look_up_is_said_never_guessed(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator, replicated: Replicated
) -> None:
    _grant_rachel(tenant)
    await replicated()
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")
    view = await delegation_report(ctx, mailbox=BILLING)
    assert (BILLING, TOM, "SendOnBehalf") not in grants(view), view.rows
    assert any("tom.becker" in n and "could not" in n for n in view.notes or []), view.notes


async def test_who_may_view_a_mailbox_as_its_delegate_is_placed_by_name(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """delegates_of (the policy's 'an employee may view a mailbox they are a delegate of', read live): Tom
    was counted as billing@'s delegate, and may view it, for the right Rachel holds; Rachel was not."""
    _grant_rachel(tenant)
    await replicated()
    delegates = await delegates_of(ctx, ctx.recipient(BILLING))
    assert ctx.recipient(RACHEL).recipient_id in delegates
    assert ctx.recipient(TOM).recipient_id not in delegates


async def test_a_delegate_the_tenant_could_not_place_makes_no_one_a_delegate(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator, replicated: Replicated
) -> None:
    _grant_rachel(tenant)
    await replicated()
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")
    delegates = await delegates_of(ctx, ctx.recipient(BILLING))
    assert ctx.recipient(TOM).recipient_id not in delegates
    assert ctx.recipient(RACHEL).recipient_id not in delegates


async def test_the_mailbox_details_name_the_delegate_and_the_forwarding_by_name(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """The mailbox details view showed Send on Behalf and ForwardingAddress by the cache's match: Tom for
    Rachel's right, and Tom for a forwarding to Rachel."""
    _grant_rachel(tenant)
    outside_cmdlet(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, ForwardingAddress=RACHEL)
    await replicated()
    view = await view_mailbox_details(ctx, ViewMailboxDetails(mailbox=BILLING))
    facts = {str(row["field"]): row["value"] for row in view.rows}
    assert facts["send on behalf"] == [ctx.recipient(RACHEL).label()], facts
    assert f"to {ctx.recipient(RACHEL).label()}," in str(facts["forwarding"]), facts
