"""Full Access end to end: mailbox_delegation against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.mailbox_delegation import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.steps import MailboxDelegation

pytestmark = pytest.mark.anyio


def _full_access(tenant: TenantState, mailbox: str) -> dict[str, bool]:
    """Who has Full Access to `mailbox` in the tenant, by primary address, with their AutoMapping."""
    box = tenant.find(mailbox)
    assert box is not None
    holders = {g.trustee_id: g.automapping for g in box.full_access}
    return {tenant.recipients[i].primary_smtp: automapping for i, automapping in holders.items()}


def _grant(trustee: str, mailbox: str = "support@acme.com", *, automapping: bool = True) -> MailboxDelegation:
    return MailboxDelegation(change="grant", mailbox=mailbox, trustee=trustee, automapping=automapping)


async def test_grant_then_revoke_full_access_shows_in_the_tenant(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A grant adds the trustee with the step's AutoMapping; a revoke removes them again."""
    granted = await execute(ACTION, ctx, _grant("sarah@acme.com", automapping=False))
    assert granted.status == "applied", granted.message
    assert granted.message == "Sarah Connor will have Full Access to Support"
    assert _full_access(tenant, "support@acme.com")["sarah@acme.com"] is False

    revoke = MailboxDelegation(change="revoke", mailbox="support@acme.com", trustee="sarah@acme.com")
    revoked = await execute(ACTION, ctx, revoke)
    assert revoked.status == "applied", revoked.message
    assert "sarah@acme.com" not in _full_access(tenant, "support@acme.com")
    assert revoked.after == {"full_access": False, "automapping": None}


async def test_granting_twice_says_already_and_writes_nothing(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """The same grant run again is reported as already so, and the tenant journals no second change."""
    assert (await execute(ACTION, ctx, _grant("sarah@acme.com"))).status == "applied"
    journal = len(tenant.data.journal)

    again = await execute(ACTION, ctx, _grant("sarah@acme.com"))

    assert again.status == "already"
    assert again.message == "Sarah Connor already has Full Access to Support"
    assert len(tenant.data.journal) == journal


@pytest.mark.reads_only
async def test_full_access_grant_warns_that_it_does_not_include_send_as(ctx: ActionContext) -> None:
    """The preview of a grant says Full Access does not let the trustee send as the mailbox."""
    change = await ACTION.preflight(ctx, _grant("sarah@acme.com"))
    assert isinstance(change, Change)
    assert change.before == {"full_access": False, "automapping": None}
    assert change.after == {"full_access": True, "automapping": True}
    assert any("Full Access does not include Send As" in w for w in change.warnings)


# Who must never become a trustee, and the words the refusal gives. One test walks the table: each case
# is a preflight that writes nothing, so a fresh discovery per case would only cost time.
_REFUSED = [
    ("pat.gone@acme.com", "disabled account"),
    ("vera@vendorco.example", "outside the organisation (guest)"),
    ("john@partnerfirm.example", "outside the organisation (contact)"),
    ("all-sales@acme.com", "is a distribution list that is not security-enabled"),
    ("someone@gmail.example", "not a verified domain"),
]


@pytest.mark.reads_only
async def test_grant_refuses_trustees_who_are_not_enabled_people_of_the_organisation(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Disabled accounts, guests, contacts, groups and outside addresses never get Full Access."""
    journal = len(tenant.data.journal)
    for trustee, reason in _REFUSED:
        outcome = await execute(ACTION, ctx, _grant(trustee))

        assert outcome.status == "refused", trustee
        assert reason in outcome.message, outcome.message
    assert len(tenant.data.journal) == journal


@pytest.mark.reads_only
async def test_grant_refuses_a_mailbox_that_is_a_list(ctx: ActionContext) -> None:
    """Full Access is granted on mailboxes only, not on a distribution list."""
    refusal = await ACTION.preflight(ctx, _grant("sarah@acme.com", mailbox="all-sales@acme.com"))
    assert isinstance(refusal, Refusal)
    assert "not a mailbox" in refusal.reason


@pytest.mark.reads_only
async def test_revoking_from_a_disabled_account_is_allowed(ctx: ActionContext) -> None:
    """Cleaning up a leaver's access is never refused; without a grant it is already so."""
    revoke = MailboxDelegation(change="revoke", mailbox="support@acme.com", trustee="pat.gone@acme.com")
    change = await ACTION.preflight(ctx, revoke)
    assert isinstance(change, Change)
    assert change.already
    assert ACTION.revert(revoke, change) is None


async def test_revert_of_a_grant_restores_the_holders_exactly(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Undoing a grant leaves Full Access on the mailbox as it was before."""
    before = _full_access(tenant, "support@acme.com")
    step = _grant("sarah@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.change is not None

    undo = ACTION.revert(step, outcome.change)

    assert undo == MailboxDelegation(change="revoke", mailbox="support@acme.com", trustee="sarah@acme.com")
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _full_access(tenant, "support@acme.com") == before


async def test_revert_of_a_revoke_gives_the_access_back(ctx: ActionContext, tenant: TenantState) -> None:
    """Undoing the removal of Chris Lee's seeded Full Access to Support grants it again."""
    before = _full_access(tenant, "support@acme.com")
    step = MailboxDelegation(change="revoke", mailbox="support@acme.com", trustee="chris.lee@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied"
    assert outcome.change is not None
    assert "chris.lee@acme.com" not in _full_access(tenant, "support@acme.com")

    undo = ACTION.revert(step, outcome.change)

    assert undo is not None
    assert undo.change == "grant"
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _full_access(tenant, "support@acme.com") == before
