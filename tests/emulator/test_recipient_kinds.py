"""The recipients that make "internal" forwarding hard, as Exchange and Graph really show them: dynamic
distribution groups (Exchange only), mail users (a Graph member user whose mail goes outside) and
recipients hidden from address lists."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.errors import NotFound, Rejected

pytestmark = pytest.mark.anyio

_CASEY = "5b1f3c1e-7d0c-4f55-9f5e-0c7f4d3a2b10"


async def test_a_dynamic_group_lives_only_in_exchange(ctx: ActionContext, tenant: TenantState) -> None:
    """New-DynamicDistributionGroup makes a recipient that Get-Recipient and list members show (with no
    directory id), that Graph never shows, and whose members Get-DistributionGroupMember cannot list."""
    exchange, graph = ctx.clients.exchange, ctx.clients.graph
    made = await exchange.invoke(
        "New-DynamicDistributionGroup",
        {"Name": "Everyone", "RecipientFilter": "RecipientType -eq 'UserMailbox'"},
    )
    assert made[0]["RecipientTypeDetails"] == "DynamicDistributionGroup"
    await exchange.add_distribution_group_member("marketing@acme.com", "everyone@acme.com")

    found = await exchange.get_recipient("everyone@acme.com")
    members = await exchange.distribution_group_members("marketing@acme.com")
    in_graph = await graph.list_all(
        "/groups/ee5e8027-e1b6-57ee-b24c-bb237ce20ee1/members", {"$select": "id,mail"}
    )

    assert found["ExternalDirectoryObjectId"] == ""
    assert [m.kind for m in members] == ["UserMailbox", "DynamicDistributionGroup"]
    assert [m.get("mail") for m in in_graph] == ["jane.doe@acme.com"]
    assert not await graph.find_by_proxy_address("everyone@acme.com")
    with pytest.raises(NotFound):
        await exchange.distribution_group_members("everyone@acme.com")


async def test_new_dynamic_group_needs_a_filter(ctx: ActionContext) -> None:
    """Without -RecipientFilter or -IncludedRecipients Exchange refuses to create the group."""
    with pytest.raises(Rejected, match="RecipientFilter parameter or the IncludedRecipients"):
        await ctx.clients.exchange.invoke("New-DynamicDistributionGroup", {"Name": "Nobody"})


async def test_a_mail_user_is_a_member_user_in_graph_but_no_mailbox(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Graph shows a mail user as an ordinary member user; only Exchange says its mail goes outside."""
    with tenant.transaction():
        tenant.add_recipient(
            Recipient(
                id=_CASEY,
                kind="MailUser",
                display_name="Casey Consultant",
                alias="casey",
                primary_smtp="casey@acme.com",
                email_addresses=["SMTP:casey@acme.com"],
                external_address="casey@consultancy.example",
                user_principal_name="casey@acme.com",
            )
        )
    user = await ctx.clients.graph.user(_CASEY)
    recipient = await ctx.clients.exchange.get_recipient("casey@acme.com")

    assert user["userType"] == "Member"
    assert recipient["RecipientTypeDetails"] == "MailUser"
    assert recipient["ExternalEmailAddress"] == "SMTP:casey@consultancy.example"
    with pytest.raises(NotFound):
        await ctx.clients.exchange.get_mailbox("casey@acme.com")


async def test_hiding_from_address_lists_is_set_and_read_back(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """HiddenFromAddressListsEnabled is set by Set-Mailbox and Set-DistributionGroup and filterable."""
    exchange = ctx.clients.exchange
    await exchange.set_mailbox("hr@acme.com", HiddenFromAddressListsEnabled=True)
    await exchange.set_distribution_group("all-hands@acme.com", HiddenFromAddressListsEnabled=True)

    hidden = await exchange.invoke(
        "Get-Recipient", {"Filter": "HiddenFromAddressListsEnabled -eq $true"}, select=["PrimarySmtpAddress"]
    )

    assert sorted(h["PrimarySmtpAddress"] for h in hidden) == ["all-hands@acme.com", "hr@acme.com"]
