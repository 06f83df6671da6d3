"""A mail-enabled security group as the trustee of Full Access and Send As, end to end on the emulator.

Finance Team (finance-team@acme.com) is Acme's mail-enabled security group: Mike Smith, Christine Lee and
Rachel Green, all enabled people of the organisation.
"""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.mailbox_delegation import ACTION as FULL_ACCESS
from mailwarden.actions.send_as import ACTION as SEND_AS
from mailwarden.actions.send_on_behalf import ACTION as SEND_ON_BEHALF
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.steps import MailboxDelegation, SendAs, SendOnBehalf

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"
MEMBERS = "Finance Team (3 members: Christine Lee, Mike Smith, Rachel Green)"


def _full_access_ids(tenant: TenantState, mailbox: str) -> set[str]:
    box = tenant.find(mailbox)
    assert box is not None
    return {g.trustee_id for g in box.full_access}


def _team_id(tenant: TenantState) -> str:
    team = tenant.find(TEAM)
    assert team is not None
    return team.id


async def test_a_security_group_gets_full_access_with_its_members_in_the_preview(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """The preview names who the group stands for and warns that Outlook will not map the mailbox."""
    step = MailboxDelegation(change="grant", mailbox="support@acme.com", trustee=TEAM)
    preview = await FULL_ACCESS.preflight(ctx, step)
    assert isinstance(preview, Change), preview
    assert preview.summary == f"{MEMBERS} will have Full Access to Support"
    assert any("AutoMapping works only for people granted directly" in w for w in preview.warnings)

    outcome = await execute(FULL_ACCESS, ctx, step)

    assert outcome.status == "applied", outcome.message
    assert _team_id(tenant) in _full_access_ids(tenant, "support@acme.com")
    again = await execute(FULL_ACCESS, ctx, step)
    assert again.status == "already", again.message
    assert again.message == f"{MEMBERS} already has Full Access to Support"

    revoked = await execute(FULL_ACCESS, ctx, step.model_copy(update={"change": "revoke"}))
    assert revoked.status == "applied", revoked.message
    assert _team_id(tenant) not in _full_access_ids(tenant, "support@acme.com")


async def test_a_security_group_may_send_as_a_shared_mailbox(ctx: ActionContext, tenant: TenantState) -> None:
    """Send As to the group is written with the group's address and read back as held."""
    step = SendAs(change="grant", mailbox="finance@acme.com", trustee=TEAM)
    outcome = await execute(SEND_AS, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert outcome.message == f"{MEMBERS} will be able to send as Finance"
    assert (await execute(SEND_AS, ctx, step)).status == "already"


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("group", "why"),
    [
        ("all-sales@acme.com", "is a distribution list that is not security-enabled"),
        ("project-phoenix@acme.com", "is a Microsoft 365 group"),
    ],
)
async def test_groups_exchange_will_not_accept_are_refused_saying_what_to_use(
    ctx: ActionContext, tenant: TenantState, group: str, why: str
) -> None:
    """A plain list or a Microsoft 365 group is refused before Exchange is asked, naming what works."""
    journal = len(tenant.data.journal)
    for action, step in (
        (FULL_ACCESS, MailboxDelegation(change="grant", mailbox="support@acme.com", trustee=group)),
        (SEND_AS, SendAs(change="grant", mailbox="support@acme.com", trustee=group)),
    ):
        refused = await action.preflight(ctx, step)  # type: ignore[attr-defined]
        assert isinstance(refused, Refusal), refused
        assert why in refused.reason
        assert "Use a mail-enabled security group" in refused.reason
    assert len(tenant.data.journal) == journal


@pytest.mark.reads_only
async def test_send_on_behalf_stays_for_people(ctx: ActionContext) -> None:
    """Send on Behalf is not given to a group, and the refusal says to grant its people instead."""
    refused = await SEND_ON_BEHALF.preflight(
        ctx, SendOnBehalf(change="grant", mailbox="support@acme.com", trustee=TEAM)
    )
    assert isinstance(refused, Refusal)
    assert "Send on Behalf to people only" in refused.reason
