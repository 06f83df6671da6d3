"""Send on Behalf end to end: send_on_behalf against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.send_on_behalf import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import SendOnBehalf

pytestmark = pytest.mark.anyio


def _delegates(tenant: TenantState, mailbox: str) -> list[str]:
    """The mailbox's GrantSendOnBehalfTo list in the tenant, by primary address, in order."""
    box = tenant.find(mailbox)
    assert box is not None
    return [tenant.recipients[i].primary_smtp for i in box.grant_send_on_behalf_to]


def _step(change: str, trustee: str, mailbox: str = "sales@acme.com") -> SendOnBehalf:
    return SendOnBehalf.model_validate({"change": change, "mailbox": mailbox, "trustee": trustee})


async def test_grant_then_revoke_send_on_behalf_shows_in_the_tenant(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A grant adds the trustee beside the existing delegates; a revoke removes only them."""
    granted = await execute(ACTION, ctx, _step("grant", "alex.kim@acme.com"))
    assert granted.status == "applied", granted.message
    assert granted.message == "Alex Kim will be able to send on behalf of Sales"
    assert _delegates(tenant, "sales@acme.com") == ["john@acme.com", "alex.kim@acme.com"]

    revoked = await execute(ACTION, ctx, _step("revoke", "alex.kim@acme.com"))
    assert revoked.status == "applied", revoked.message
    assert _delegates(tenant, "sales@acme.com") == ["john@acme.com"]


@pytest.mark.reads_only
async def test_granting_twice_says_already_and_writes_nothing(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """John already sends on behalf of Sales: the grant is already so and nothing is journalled."""
    journal = len(tenant.data.journal)

    again = await execute(ACTION, ctx, _step("grant", "john@acme.com"))

    assert again.status == "already"
    assert again.message == "John Miller is already able to send on behalf of Sales"
    assert len(tenant.data.journal) == journal


# Who must never become a trustee, and the words the refusal gives. One test walks the table: each case
# is a preflight that writes nothing, so a fresh discovery per case would only cost time.
_REFUSED = [
    ("pat.gone@acme.com", "disabled account"),
    ("vera@vendorco.example", "outside the organisation (guest)"),
    ("john@partnerfirm.example", "outside the organisation (contact)"),
    ("all-sales@acme.com", "Send on Behalf to people only"),
]


@pytest.mark.reads_only
async def test_grant_refuses_trustees_who_are_not_enabled_people_of_the_organisation(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Disabled accounts, guests, contacts and groups never get Send on Behalf."""
    journal = len(tenant.data.journal)
    for trustee, reason in _REFUSED:
        outcome = await execute(ACTION, ctx, _step("grant", trustee))

        assert outcome.status == "refused", trustee
        assert reason in outcome.message, outcome.message
    assert len(tenant.data.journal) == journal


async def test_revert_of_a_revoke_restores_the_delegates(ctx: ActionContext, tenant: TenantState) -> None:
    """Undoing the removal of John's Send on Behalf on Sales puts the list back as it was."""
    before = _delegates(tenant, "sales@acme.com")
    step = _step("revoke", "john@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied"
    assert isinstance(outcome.change, Change)
    assert outcome.change.before == {"send_on_behalf": True}
    assert _delegates(tenant, "sales@acme.com") == []

    undo = ACTION.revert(step, outcome.change)

    assert undo == _step("grant", "john@acme.com")
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _delegates(tenant, "sales@acme.com") == before


@pytest.mark.reads_only
async def test_revert_of_an_already_so_step_is_nothing(ctx: ActionContext) -> None:
    """A step that changed nothing has nothing to undo."""
    step = _step("grant", "john@acme.com")
    change = await ACTION.preflight(ctx, step)
    assert isinstance(change, Change)
    assert ACTION.revert(step, change) is None
