"""Red team 30: a calendar shared with a mail-enabled security group (emu5) is shared with everyone in it,
through nesting. An employee shares their own calendar with no approval, and only with an enabled person
of the organisation (access-only-for-active-colleagues); a group must not carry the calendar past that
rule to a guest, a disabled account or a shared mailbox inside it (as a group trustee of Full Access may
not: test_group_trustees.py). The group is read when the step runs.
"""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.calendar_share import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import CalendarShare

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"
RACHEL = "rachel.green@acme.com"


def _share(access: str = "editor") -> CalendarShare:
    return CalendarShare(change="grant", owner=RACHEL, grantee=TEAM, access=access)  # type: ignore[arg-type]


async def _refused(ctx: ActionContext, tenant: TenantState, step: CalendarShare) -> str:
    journal = len(tenant.data.journal)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "refused", outcome.message
    assert len(tenant.data.journal) == journal
    return outcome.message


async def test_a_group_of_colleagues_may_have_the_calendar(ctx: ActionContext) -> None:
    preview = await ACTION.preflight(ctx, _share("reviewer"))
    assert isinstance(preview, Change), preview
    assert any("Everyone in Finance Team" in w for w in preview.warnings), preview.warnings


@pytest.mark.parametrize(
    ("member", "named"),
    [
        ("vera@vendorco.example", "guest Vera Vendor"),
        ("external-contractors@acme.com", "Vera Vendor (vera@vendorco.example) (via the nested list"),
    ],
)
async def test_a_guest_in_the_group_does_not_get_the_calendar(
    ctx: ActionContext, tenant: TenantState, member: str, named: str
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, member)
    reason = await _refused(ctx, tenant, _share())
    assert named in reason, reason


async def test_a_shared_mailbox_in_the_group_does_not_get_the_calendar(
    ctx: ActionContext, tenant: TenantState
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, "support@acme.com")
    reason = await _refused(ctx, tenant, _share("reviewer"))
    assert "support@acme.com" in reason, reason
