"""Send As end to end: send_as against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.send_as import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import SendAs

pytestmark = pytest.mark.anyio


def _send_as(tenant: TenantState, mailbox: str) -> set[str]:
    """Who may send as `mailbox` in the tenant, by primary address."""
    box = tenant.find(mailbox)
    assert box is not None
    return {tenant.recipients[i].primary_smtp for i in box.send_as}


def _step(change: str, trustee: str, mailbox: str = "support@acme.com") -> SendAs:
    return SendAs.model_validate({"change": change, "mailbox": mailbox, "trustee": trustee})


async def test_grant_then_revoke_send_as_shows_in_the_tenant(ctx: ActionContext, tenant: TenantState) -> None:
    """A grant adds the trustee to the mailbox's Send As list; a revoke takes them off."""
    granted = await execute(ACTION, ctx, _step("grant", "sarah@acme.com"))
    assert granted.status == "applied", granted.message
    assert granted.message == "Sarah Connor will be able to send as Support"
    assert "sarah@acme.com" in _send_as(tenant, "support@acme.com")

    revoked = await execute(ACTION, ctx, _step("revoke", "sarah@acme.com"))
    assert revoked.status == "applied", revoked.message
    assert "sarah@acme.com" not in _send_as(tenant, "support@acme.com")


@pytest.mark.reads_only
async def test_granting_twice_says_already_and_writes_nothing(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A Send As grant the trustee already holds is reported as already so, with no write."""
    journal = len(tenant.data.journal)

    again = await execute(ACTION, ctx, _step("grant", "chris.lee@acme.com"))

    assert again.status == "already"
    assert again.message == "Chris Lee is already able to send as Support"
    assert len(tenant.data.journal) == journal


async def test_revoking_twice_says_already_the_second_time(ctx: ActionContext, tenant: TenantState) -> None:
    """A second revoke finds nothing to remove and journals nothing."""
    assert (await execute(ACTION, ctx, _step("revoke", "chris.lee@acme.com"))).status == "applied"
    journal = len(tenant.data.journal)

    again = await execute(ACTION, ctx, _step("revoke", "chris.lee@acme.com"))

    assert again.status == "already"
    assert len(tenant.data.journal) == journal


# Who must never become a trustee, and the words the refusal gives. One test walks the table: each case
# is a preflight that writes nothing, so a fresh discovery per case would only cost time.
_REFUSED = [
    ("pat.gone@acme.com", "disabled account"),
    ("vera@vendorco.example", "outside the organisation (guest)"),
    ("john@partnerfirm.example", "outside the organisation (contact)"),
    ("all-sales@acme.com", "is a distribution list that is not security-enabled"),
]


@pytest.mark.reads_only
async def test_grant_refuses_trustees_who_are_not_enabled_people_of_the_organisation(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Disabled accounts, guests, contacts and plain lists are never allowed to send as a mailbox."""
    journal = len(tenant.data.journal)
    for trustee, reason in _REFUSED:
        outcome = await execute(ACTION, ctx, _step("grant", trustee))

        assert outcome.status == "refused", trustee
        assert reason in outcome.message, outcome.message
    assert len(tenant.data.journal) == journal


async def test_revert_restores_send_as_exactly(ctx: ActionContext, tenant: TenantState) -> None:
    """Undoing a grant and undoing a revoke each leave Send As on the mailbox as it was."""
    before = _send_as(tenant, "support@acme.com")
    for step in (_step("grant", "sarah@acme.com"), _step("revoke", "chris.lee@acme.com")):
        outcome = await execute(ACTION, ctx, step)
        assert outcome.status == "applied"
        assert isinstance(outcome.change, Change)
        assert _send_as(tenant, "support@acme.com") != before

        undo = ACTION.revert(step, outcome.change)

        assert undo is not None
        assert undo.change != step.change
        assert (await execute(ACTION, ctx, undo)).status == "applied"
        assert _send_as(tenant, "support@acme.com") == before
