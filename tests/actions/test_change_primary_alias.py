"""Primary address changes end to end: change_primary_alias against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.change_primary_alias import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import ChangePrimaryAlias
from tests.conftest import discovered_context

pytestmark = pytest.mark.anyio


def _step(recipient: str, new_address: str, *, keep_old: bool = True) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=recipient, new_address=new_address, keep_old=keep_old)


def _proxies(tenant: TenantState, identity: str) -> list[str]:
    found = tenant.find(identity)
    assert found is not None
    return list(found.email_addresses)


async def test_a_new_address_becomes_primary_and_the_old_one_stays(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """John's new primary is SMTP:, his old primary and alias stay as smtp: addresses."""
    outcome = await execute(ACTION, ctx, _step("john@acme.com", "j.miller@acme.com"))

    assert outcome.status == "applied", outcome.message
    assert outcome.message == (
        "The primary address of John Miller will change from john@acme.com to j.miller@acme.com; "
        "john@acme.com stays as a secondary address."
    )
    assert set(_proxies(tenant, "john@acme.com")) == {
        "SMTP:j.miller@acme.com",
        "smtp:john@acme.com",
        "smtp:john.miller@acme.com",
    }
    assert tenant.data.journal[-1].operation == "Set-Mailbox"


async def test_an_existing_secondary_is_promoted_and_the_upn_difference_is_warned(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Sarah's secondary sarah.connor@ becomes primary; the preview warns her UPN stays sarah@acme.com."""
    outcome = await execute(ACTION, ctx, _step("sarah@acme.com", "Sarah.Connor@acme.com"))

    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    sarah = ctx.recipient("sarah@acme.com").recipient_id
    assert outcome.change.before == {
        "primary": "sarah@acme.com",
        "addresses": ["sarah@acme.com", "sarah.connor@acme.com"],
        "recipient_id": sarah,
    }
    assert outcome.change.after == {
        "primary": "sarah.connor@acme.com",
        "addresses": ["sarah.connor@acme.com", "sarah@acme.com"],
        "recipient_id": sarah,
    }
    assert any("UPN) stays sarah@acme.com" in w for w in outcome.change.warnings)
    assert _proxies(tenant, "sarah@acme.com") == ["SMTP:sarah.connor@acme.com", "smtp:sarah@acme.com"]


async def test_keep_old_false_removes_the_old_primary(ctx: ActionContext, tenant: TenantState) -> None:
    """Without keep_old the old primary is gone, other secondaries stay, and the preview warns of bounces."""
    outcome = await execute(
        ACTION, ctx, _step("mike.smith@acme.com", "michael.smith@acme.com", keep_old=False)
    )

    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert "Mail sent to mike.smith@acme.com will no longer reach Mike Smith." in outcome.change.warnings
    assert set(_proxies(tenant, "michael.smith@acme.com")) == {
        "SMTP:michael.smith@acme.com",
        "smtp:msmith@acme.com",
    }
    assert tenant.find("mike.smith@acme.com") is not None  # his UPN still names him


async def test_a_distribution_list_address_changes_through_set_distribution_group(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """all-sales gets a new primary address through Exchange's Set-DistributionGroup."""
    outcome = await execute(ACTION, ctx, _step("all-sales@acme.com", "sales-team@acme.com"))

    assert outcome.status == "applied", outcome.message
    assert _proxies(tenant, "all-sales@acme.com") == ["SMTP:sales-team@acme.com", "smtp:all-sales@acme.com"]
    assert (tenant.data.journal[-1].api, tenant.data.journal[-1].operation) == (
        "exchange",
        "Set-DistributionGroup",
    )


@pytest.mark.parametrize(
    ("recipient", "new_address"),
    [("all-sales@acme.com", "sales-team@acme.com"), ("sarah@acme.com", "sarah.connor@acme.com")],
)
async def test_a_recipient_synchronized_from_on_premises_keeps_its_address(
    ctx: ActionContext, tenant: TenantState, recipient: str, new_address: str
) -> None:
    """A list or mailbox synced from on-premises AD has its addresses mastered there: Exchange Online
    refuses Set-DistributionGroup / Set-Mailbox -EmailAddresses on it, so the step is refused with that
    reason before approval (discovery read Graph's onPremisesSyncEnabled), and nothing is written."""
    with tenant.transaction():
        found = tenant.find(recipient)
        assert found is not None
        found.dir_synced = True
    synced = await discovered_context(ctx.clients)
    before = _proxies(tenant, recipient)
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, synced, _step(recipient, new_address))

    assert outcome.status == "refused", outcome.message
    assert "synchronized from the on-premises Active Directory" in outcome.message
    assert _proxies(tenant, recipient) == before
    assert tenant.data.journal[start:] == []


async def test_the_same_change_twice_says_already(ctx: ActionContext, tenant: TenantState) -> None:
    """Once the address is primary, the same step changes nothing and says so."""
    step = _step("jane.doe@acme.com", "jdoe@acme.com")
    assert (await execute(ACTION, ctx, step)).status == "applied"
    start = len(tenant.data.journal)

    again = await execute(ACTION, ctx, step)

    assert again.status == "already"
    assert again.message == "jdoe@acme.com is already the primary address of Jane Doe."
    assert len(tenant.data.journal) == start


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("step", "reason"),
    [
        (
            _step("sarah@acme.com", "sarah@newacme.com"),
            "sarah@newacme.com cannot be used: the domain newacme.com is not verified",
        ),
        (
            _step("sarah@acme.com", "sarah@elsewhere.example"),
            "sarah@elsewhere.example cannot be used: the domain elsewhere.example is not one",
        ),
        (
            _step("sarah@acme.com", "helpdesk@acme.com"),
            "helpdesk@acme.com is already used by Support (support@acme.com)",
        ),
        (
            _step("jane.doe@acme.com", "john.miller@acme.com"),
            "john.miller@acme.com is already used by John Miller (john@acme.com)",
        ),
        (
            _step("all-hands@acme.com", "all-sales@acme.com"),
            "all-sales@acme.com is already used by all-sales (all-sales@acme.com)",
        ),
        (
            _step("project-phoenix@acme.com", "phoenix@acme.com"),
            "Project Phoenix (project-phoenix@acme.com) is a Microsoft 365 group",
        ),
        (
            _step("john@partnerfirm.example", "partner@acme.com"),
            "John Partner (john@partnerfirm.example) is a contact",
        ),
        (_step("sarah@acme.com", "not an address"), "'not an address' is not an email address"),
    ],
    ids=[
        "unverified",
        "foreign-domain",
        "shared-secondary",
        "user-secondary",
        "list",
        "m365",
        "contact",
        "garbage",
    ],
)
async def test_refusals_name_the_reason_and_change_nothing(
    ctx: ActionContext, tenant: TenantState, step: ChangePrimaryAlias, reason: str
) -> None:
    """Unverified domains, addresses another recipient holds and recipients of the wrong kind are refused."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, step)

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason), outcome.message
    assert len(tenant.data.journal) == start


@pytest.mark.parametrize(
    "step",
    [
        _step("john@acme.com", "j.miller@acme.com"),
        _step("john@acme.com", "john.miller@acme.com"),
        _step("john@acme.com", "j.miller@acme.com", keep_old=False),
        _step("john@acme.com", "john.miller@acme.com", keep_old=False),
        _step("info@acme.com", "hello@acme.com"),
        _step("engineering@acme.com", "eng@acme.co.uk", keep_old=False),
    ],
    ids=["new-keep", "promote-keep", "new-drop", "promote-drop", "shared", "list-drop"],
)
async def test_revert_restores_the_addresses_exactly(
    ctx: ActionContext, tenant: TenantState, step: ChangePrimaryAlias
) -> None:
    """Undo gives back the old primary and exactly the old set of addresses."""
    found = tenant.find(step.recipient)
    assert found is not None
    before = list(found.email_addresses)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert list(found.email_addresses) != before or _proxies(tenant, found.id) != before

    undo = ACTION.revert(step, outcome.change)
    assert undo is not None
    undone = await execute(ACTION, ctx, undo)
    assert undone.status == "applied", undone.message

    after = _proxies(tenant, found.id)
    assert after[0] == before[0]
    assert set(after) == set(before)
