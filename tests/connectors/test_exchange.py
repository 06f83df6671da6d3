"""ExchangeClient against the emulator over HTTPS: each cmdlet helper, its mapped errors, paging, $batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from mailwarden.connectors import Cmdlet, ExchangeClient, TenantClients
from mailwarden.connectors import endpoints as cloud
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import AlreadyExists, ConsentMissing, NotFound, Rejected, RoleMissing, Transient
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

SUPPORT = "support@acme.com"
SARAH = "sarah@acme.com"
JOHN = "john@acme.com"
ALL_SALES = "all-sales@acme.com"


def _users(entries: Sequence[object], field: str) -> set[str]:
    """The named field of each entry, lowercased: typed entries (`trustee`, `address`) or raw dicts."""
    return {str(e[field] if isinstance(e, dict) else getattr(e, _FIELDS[field])).lower() for e in entries}


_FIELDS = {"User": "trustee", "Trustee": "trustee", "PrimarySmtpAddress": "address"}


async def test_mailbox_is_read_and_a_missing_one_is_not_found(clients: TenantClients) -> None:
    """Get-Mailbox returns the mailbox; an unknown identity is NotFound in Exchange's words."""
    mailbox = await clients.exchange.get_mailbox(SUPPORT)
    assert mailbox["RecipientTypeDetails"] == "SharedMailbox"
    assert "smtp:helpdesk@acme.com" in mailbox["EmailAddresses"]
    with pytest.raises(NotFound, match="couldn't be found") as caught:
        await clients.exchange.get_mailbox("ghost@acme.com")
    assert caught.value.code == "ManagementObjectNotFoundException"
    assert caught.value.operation == "Get-Mailbox"


async def test_select_limits_the_properties(clients: TenantClients) -> None:
    """$select returns only the properties asked for."""
    mailbox = await clients.exchange.get_mailbox(SUPPORT, select=["PrimarySmtpAddress", "DisplayName"])
    assert mailbox["PrimarySmtpAddress"] == SUPPORT
    assert "EmailAddresses" not in mailbox


async def test_shared_mailboxes_are_listed(clients: TenantClients) -> None:
    """Listing by RecipientTypeDetails returns only shared mailboxes."""
    shared = await clients.exchange.list_mailboxes("SharedMailbox")
    assert {m["RecipientTypeDetails"] for m in shared} == {"SharedMailbox"}
    assert SUPPORT in {m["PrimarySmtpAddress"] for m in shared}


async def test_mailboxes_page_past_a_thousand(big: TenantClients, big_tenant: RunningEmulator) -> None:
    """With ResultSize Unlimited every page is fetched by re-posting the same cmdlet to the nextLink."""
    mailboxes = await big.exchange.list_mailboxes("UserMailbox", select=["PrimarySmtpAddress"])
    addresses = {m["PrimarySmtpAddress"] for m in mailboxes}
    assert len(addresses) == len(mailboxes) > 2500
    posts = [r for r in big_tenant.faults.requests("exchange") if r.method == "POST"]
    assert len(posts) >= 3


async def test_full_access_grant_and_revoke(clients: TenantClients) -> None:
    """Full Access is granted and revoked; repeating either is a warning, not an error."""
    granted = await clients.exchange.add_mailbox_permission(SUPPORT, SARAH, automapping=False)
    assert granted.warnings == []
    entries = await clients.exchange.mailbox_permissions(SUPPORT)
    assert SARAH in _users(entries, "User")
    again = await clients.exchange.add_mailbox_permission(SUPPORT, SARAH)
    assert again.warnings
    await clients.exchange.remove_mailbox_permission(SUPPORT, SARAH)
    assert SARAH not in _users(await clients.exchange.mailbox_permissions(SUPPORT), "User")
    assert (await clients.exchange.remove_mailbox_permission(SUPPORT, SARAH)).warnings
    with pytest.raises(NotFound):
        await clients.exchange.mailbox_permissions("ghost@acme.com")


async def test_send_as_grant_and_revoke(clients: TenantClients) -> None:
    """Send As is granted and revoked through the recipient permission cmdlets."""
    await clients.exchange.add_recipient_permission(SUPPORT, SARAH)
    assert SARAH in _users(await clients.exchange.recipient_permissions(SUPPORT), "Trustee")
    await clients.exchange.remove_recipient_permission(SUPPORT, SARAH)
    assert SARAH not in _users(await clients.exchange.recipient_permissions(SUPPORT), "Trustee")
    with pytest.raises(NotFound):
        await clients.exchange.add_recipient_permission(SUPPORT, "ghost@acme.com")


async def test_send_on_behalf_is_edited_with_a_hashtable(clients: TenantClients) -> None:
    """Send on Behalf is added and removed without replacing the other delegates."""
    before = (await clients.exchange.get_mailbox("sales@acme.com"))["GrantSendOnBehalfTo"]
    await clients.exchange.grant_send_on_behalf("sales@acme.com", SARAH)
    during = (await clients.exchange.get_mailbox("sales@acme.com"))["GrantSendOnBehalfTo"]
    assert len(during) == len(before) + 1
    await clients.exchange.revoke_send_on_behalf("sales@acme.com", SARAH)
    assert (await clients.exchange.get_mailbox("sales@acme.com"))["GrantSendOnBehalfTo"] == before


async def test_addresses_are_added_and_a_taken_one_is_rejected(clients: TenantClients) -> None:
    """A free secondary address is added and removed; one held by another recipient is Rejected."""
    await clients.exchange.add_email_address(SUPPORT, "support-team@acme.com")
    assert "smtp:support-team@acme.com" in (await clients.exchange.get_mailbox(SUPPORT))["EmailAddresses"]
    await clients.exchange.remove_email_address(SUPPORT, "support-team@acme.com")
    assert "smtp:support-team@acme.com" not in (await clients.exchange.get_mailbox(SUPPORT))["EmailAddresses"]
    with pytest.raises(Rejected, match=r"contact@acme\.com") as caught:
        await clients.exchange.add_email_address(SUPPORT, "contact@acme.com")
    assert caught.value.code == "ProxyAddressExistsException"


async def test_forwarding_is_set_and_cleared(clients: TenantClients) -> None:
    """Set-Mailbox sets internal forwarding and clears it with nulls."""
    await clients.exchange.set_mailbox(
        JOHN, ForwardingAddress=SARAH, ForwardingSmtpAddress=None, DeliverToMailboxAndForward=True
    )
    assert (await clients.exchange.get_mailbox(JOHN))["DeliverToMailboxAndForward"] is True
    await clients.exchange.set_mailbox(
        JOHN, ForwardingAddress=None, ForwardingSmtpAddress=None, DeliverToMailboxAndForward=False
    )
    assert (await clients.exchange.get_mailbox(JOHN))["ForwardingAddress"] is None


async def test_distribution_list_lifecycle(clients: TenantClients) -> None:
    """A list is created, read, renamed and deleted; a second list with its name is AlreadyExists."""
    created = await clients.exchange.new_distribution_group(
        "Test List", primary_smtp_address="test-list@acme.com", members=[SARAH]
    )
    assert created["PrimarySmtpAddress"] == "test-list@acme.com"
    assert SARAH in _users(
        await clients.exchange.distribution_group_members("test-list@acme.com"), "PrimarySmtpAddress"
    )
    with pytest.raises(AlreadyExists):
        await clients.exchange.new_distribution_group("Test List")
    await clients.exchange.set_distribution_group("test-list@acme.com", DisplayName="Renamed List")
    assert (await clients.exchange.get_distribution_group("test-list@acme.com"))[
        "DisplayName"
    ] == "Renamed List"
    assert "test-list@acme.com" in {
        g["PrimarySmtpAddress"] for g in await clients.exchange.list_distribution_groups()
    }
    await clients.exchange.remove_distribution_group("test-list@acme.com")
    with pytest.raises(NotFound):
        await clients.exchange.get_distribution_group("test-list@acme.com")


async def test_list_membership_changes_and_their_errors(clients: TenantClients) -> None:
    """Members are added and removed; a duplicate add is AlreadyExists, removing a non-member NotFound."""
    await clients.exchange.add_distribution_group_member(ALL_SALES, SARAH)
    members = _users(await clients.exchange.distribution_group_members(ALL_SALES), "PrimarySmtpAddress")
    assert {SARAH, JOHN} <= members
    with pytest.raises(AlreadyExists) as caught:
        await clients.exchange.add_distribution_group_member(ALL_SALES, SARAH)
    assert caught.value.code == "MemberAlreadyExistsException"
    await clients.exchange.remove_distribution_group_member(ALL_SALES, SARAH)
    with pytest.raises(NotFound) as missing:
        await clients.exchange.remove_distribution_group_member(ALL_SALES, SARAH)
    assert missing.value.code == "MemberNotFoundException"
    await clients.exchange.update_distribution_group_members(ALL_SALES, [JOHN, SARAH])
    assert _users(await clients.exchange.distribution_group_members(ALL_SALES), "PrimarySmtpAddress") == {
        JOHN,
        SARAH,
    }


async def test_calendar_folder_permissions(clients: TenantClients) -> None:
    """A calendar share is added, changed and removed; duplicates and missing entries map to errors."""
    folder = await clients.exchange.calendar_folder(JOHN)
    assert folder.startswith(f"{JOHN}:\\")
    await clients.exchange.add_folder_permission(folder, SARAH, "Reviewer")
    with pytest.raises(AlreadyExists):
        await clients.exchange.add_folder_permission(folder, SARAH, "Reviewer")
    await clients.exchange.set_folder_permission(folder, SARAH, "Editor")
    entries = await clients.exchange.folder_permissions(folder)
    sarah = [e for e in entries if e.rights == ("Editor",)]
    assert len(sarah) == 1
    await clients.exchange.remove_folder_permission(folder, SARAH)
    with pytest.raises(NotFound):
        await clients.exchange.remove_folder_permission(folder, SARAH)


async def test_recipients_and_accepted_domains(clients: TenantClients) -> None:
    """Get-Recipient finds an address's holder or says NotFound; accepted domains are listed."""
    assert (await clients.exchange.get_recipient("contact@acme.com"))["PrimarySmtpAddress"] == "info@acme.com"
    with pytest.raises(NotFound):
        await clients.exchange.get_recipient("free.address@acme.com")
    domains = {d["DomainName"] for d in await clients.exchange.accepted_domains()}
    assert {"acme.com", "acme.co.uk"} <= domains


async def test_batch_runs_cmdlets_in_chunks_and_keeps_order(
    clients: TenantClients, acme: RunningEmulator
) -> None:
    """12 cmdlets go out as two $batch calls; outcomes keep their order and a failure stays local."""
    commands = [Cmdlet("Get-Mailbox", {"Identity": SUPPORT})] * 11
    commands.insert(5, Cmdlet("Get-Mailbox", {"Identity": "ghost@acme.com"}))
    outcomes = await clients.exchange.batch(commands)
    assert [o.error is None for o in outcomes] == [i != 5 for i in range(12)]
    assert outcomes[0].unwrap().value[0]["PrimarySmtpAddress"] == SUPPORT
    assert isinstance(outcomes[5].error, NotFound)
    batches = [r for r in acme.faults.requests("exchange") if r.path.endswith("/$batch")]
    assert len(batches) == 2


async def test_missing_consent_is_reported_as_consent_missing(
    acme: RunningEmulator, clients: TenantClients
) -> None:
    """Without Exchange.ManageAsApp every cmdlet fails with ConsentMissing naming the permission."""
    set_switch(acme.state, "no_exchange_consent", True)
    with pytest.raises(ConsentMissing, match=r"Exchange\.ManageAsApp") as caught:
        await clients.exchange.get_mailbox(SUPPORT)
    assert caught.value.status == 401


async def test_missing_role_is_reported_as_role_missing(
    acme: RunningEmulator, clients: TenantClients
) -> None:
    """Without the Exchange Administrator role cmdlets fail with RoleMissing saying what to assign."""
    set_switch(acme.state, "no_exchange_role", True)
    with pytest.raises(RoleMissing, match="Exchange Administrator role") as caught:
        await clients.exchange.add_recipient_permission(SUPPORT, SARAH)
    assert caught.value.status == 403


async def test_regional_redirect_is_followed_and_pinned() -> None:
    """A 302 to a regional host on :446 is followed on :443 and later calls stay there (ring 1)."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "127.0.0.1":
            return httpx.Response(
                302, headers={"Location": "https://127.0.0.2:446/adminapi/beta/t1/InvokeCommand"}
            )
        body = json.loads(request.content)
        assert body["CmdletInput"]["CmdletName"] == "Get-AcceptedDomain"
        return httpx.Response(200, json={"value": [{"DomainName": "acme.com"}]})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = ExchangeClient(http, cloud.emulator("https://127.0.0.1:4443"), "t1")
        assert await client.accepted_domains() == [{"DomainName": "acme.com"}]
        await client.accepted_domains()
    assert seen == [
        "https://127.0.0.1:4443/adminapi/beta/t1/InvokeCommand",
        "https://127.0.0.2/adminapi/beta/t1/InvokeCommand",
        "https://127.0.0.2/adminapi/beta/t1/InvokeCommand",
    ]


async def test_batch_sub_requests_carry_their_own_headers() -> None:
    """Each $batch sub-request carries what CIPP's bulk requests send: its anchor, Prefer and Accept.

    OData passes none of the outer request's headers down, so a sub-request without its own page size or
    anchor is routed and paged by the service's defaults.
    """
    sent: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.extend(body["requests"])
        return httpx.Response(
            200,
            json={
                "responses": [{"id": r["id"], "status": 200, "body": {"value": []}} for r in body["requests"]]
            },
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = ExchangeClient(http, cloud.emulator("https://127.0.0.1:4443"), "t1")
        await client.batch(
            [
                Cmdlet("Get-MailboxPermission", {"Identity": "support@acme.com"}),
                Cmdlet("Get-MailboxFolderPermission", {"Identity": "olivia@acme.com:\\Calendar"}),
                Cmdlet("Get-AcceptedDomain"),
            ]
        )
    anchors = [r["headers"]["X-AnchorMailbox"] for r in sent]
    assert anchors[:2] == ["UPN:support@acme.com", "UPN:olivia@acme.com"]
    assert anchors[2].startswith("APP:SystemMailbox{")
    assert anchors[2].endswith("@t1")
    for request in sent:
        assert request["headers"]["Prefer"] == "odata.maxpagesize=1000"
        assert request["headers"]["Accept"].startswith("application/json")
        assert request["headers"]["X-CmdletName"] == request["body"]["CmdletInput"]["CmdletName"]


async def test_a_create_whose_answer_was_lost_is_read_back_not_sent_again(
    clients: TenantClients, acme: RunningEmulator
) -> None:
    """New-DistributionGroup carried out but its answer lost: the client finds the list, one list exists."""
    start = len(acme.state.data.journal)
    acme.faults.drop("exchange", after_processing=True)
    made = await clients.exchange.new_distribution_group(
        "launch-team", primary_smtp_address="launch-team@acme.com", display_name="Launch Team"
    )
    assert made["PrimarySmtpAddress"] == "launch-team@acme.com"
    writes = [e.operation for e in acme.state.data.journal[start:]]
    assert writes == ["New-DistributionGroup"]


async def test_an_expired_page_starts_the_listing_again_once(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """A paging token refused as expired (replayed on another backend) restarts that listing from page one."""
    big_tenant.faults.expire_pages(1)
    mailboxes = await big.exchange.list_mailboxes()
    assert len(mailboxes) == len({m["ExternalDirectoryObjectId"] for m in mailboxes}) > 2500
    posts = [r for r in big_tenant.faults.requests("exchange") if r.method == "POST"]
    assert [r.status for r in posts].count(400) == 1


async def test_pages_come_as_read_and_an_expired_one_starts_again_from_page_one(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """A listing read a page at a time (`pages`: a scan sends each page's reads as it comes) says which page
    is page one; after a later page's token is refused as expired, page one comes again (the caller drops
    what it had) and the second reading is the whole listing."""
    big_tenant.faults.expire_pages(1)
    readings: list[list[dict[str, Any]]] = []
    async for first, page in big.exchange.mailbox_pages(select=["ExternalDirectoryObjectId"]):
        if first:
            readings.append([])
        readings[-1] += page
    assert len(readings) == 2
    assert len(readings[1]) == len({m["ExternalDirectoryObjectId"] for m in readings[1]}) > 2500


async def test_an_expired_page_of_a_batch_item_reads_that_listing_again(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """A $batch item's listing longer than a page goes on through its nextLink; Exchange's paging token
    names the backend that served page one, and replayed on another it is refused as expired ("Expired or
    Invalid pagination request"). As for a listing run alone, that item is read again from page one (one
    InvokeCommand), never failed nor cut short; the other items keep their answers."""
    big_tenant.faults.expire_pages(1)
    listing, domains = await big.exchange.batch([Cmdlet("Get-Mailbox"), Cmdlet("Get-AcceptedDomain")])
    mailboxes = listing.unwrap().value
    assert len(mailboxes) == len({m["ExternalDirectoryObjectId"] for m in mailboxes}) > 2500
    assert domains.unwrap().value
    posts = [r for r in big_tenant.faults.requests("exchange") if r.method == "POST"]
    assert [r.status for r in posts].count(400) == 1


async def test_a_listing_whose_pages_keep_expiring_fails_clearly(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """Twice expired: a clear error that says the listing could not be completed, not a partial list."""
    big_tenant.faults.expire_pages(2)
    with pytest.raises(Transient, match="could not be read to the end"):
        await big.exchange.list_mailboxes()
