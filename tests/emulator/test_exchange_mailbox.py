"""Exchange admin API: Get-/Set-Mailbox and Full Access / Send As permissions, against the Acme tenant."""

from __future__ import annotations

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator.state import Recipient, TenantState
from tests.emulator.exchange_tenant import Exo, hashtable


@pytest.fixture
def exo() -> Exo:
    return Exo(TenantState(seed.acme()))


def _r(exo: Exo, identity: str) -> Recipient:
    found = exo.state.find(identity)
    assert found is not None
    return found


# ---- Get-Mailbox -------------------------------------------------------------------------------------


def test_get_mailbox_prints_the_fields_clients_read(exo: Exo) -> None:
    """Careers prints its directory id, addresses, and forwarding to Maria by Name."""
    box = exo.run("Get-Mailbox", Identity="careers@acme.com")["value"][0]
    careers = _r(exo, "careers@acme.com")
    assert box["ExternalDirectoryObjectId"] == careers.id
    assert box["ExchangeGuid"] == careers.exchange_guid
    assert box["RecipientTypeDetails"] == "SharedMailbox"
    assert box["RecipientType"] == "UserMailbox"
    assert box["EmailAddresses"] == ["SMTP:careers@acme.com"]
    assert box["ForwardingAddress"] == "maria.garcia"
    assert box["ForwardingSmtpAddress"] is None
    assert box["DeliverToMailboxAndForward"] is True
    assert box["IsDirSynced"] is False


@pytest.mark.parametrize(
    "identity",
    [
        "john@acme.com",
        "JOHN.MILLER@ACME.COM",
        "smtp:john.miller@acme.com",
        "john",
        "5f949081-2c0a-5c9b-af69-87633d4fd64b",
    ],
)
def test_identity_accepts_every_form_exchange_does(exo: Exo, identity: str) -> None:
    """Address in any case, alias/Name and directory GUID all name John Miller."""
    assert exo.run("Get-Mailbox", Identity=identity)["value"][0]["DisplayName"] == "John Miller"


def test_identity_is_never_the_display_name(exo: Exo) -> None:
    """-Identity takes Name, Alias, DN, email address, GUID, LegacyExchangeDN, UPN ... but not the
    display name (Get-Mailbox.md, -Identity): "John Miller" is not found, whatever Get-Mailbox prints."""
    body = exo.fail("Get-Mailbox", 404, Identity="John Miller")
    assert "couldn't be found" in str(body)
    exo.fail("Add-MailboxPermission", 404, Identity="sales", User="John Miller", AccessRights=["FullAccess"])


def test_a_group_is_named_by_its_name_which_is_neither_its_alias_nor_its_display_name(exo: Exo) -> None:
    """New-DistributionGroup -Name: Identity prints it, -Identity takes it; the display name is refused."""
    exo.run("New-DistributionGroup", Name="dl-emea-sales", Alias="emeasales", DisplayName="EMEA Sales")
    group = exo.run("Get-DistributionGroup", Identity="dl-emea-sales")["value"][0]
    assert (group["Name"], group["Identity"], group["Alias"]) == (
        "dl-emea-sales",
        "dl-emea-sales",
        "emeasales",
    )
    assert exo.run("Get-DistributionGroup", Identity="emeasales")["value"][0]["Name"] == "dl-emea-sales"
    exo.fail("Get-DistributionGroup", 404, Identity="EMEA Sales")


def test_identity_accepts_exchange_guid_and_guid(exo: Exo) -> None:
    """The ExchangeGuid and the Guid printed by Get-Mailbox name the mailbox again."""
    box = exo.run("Get-Mailbox", Identity="sales@acme.com")["value"][0]
    for guid in (box["ExchangeGuid"], box["Guid"]):
        assert exo.run("Get-Mailbox", Identity=guid)["value"][0]["PrimarySmtpAddress"] == "sales@acme.com"


def test_a_value_naming_two_mailboxes_is_refused_like_exchange(exo: Exo) -> None:
    """One mailbox's Name is another's alias: Exchange's 'matches multiple entries' error, neither
    preferred. Two people named Alex Kim are not ambiguous: a display name names nobody."""
    exo.state.recipients[_id_of(exo, "alexander.kim@acme.co.uk")].name = "alex.kim"
    exo.state.reindex()
    detail = exo.fail("Get-Mailbox", 400, Identity="alex.kim")
    assert detail.endswith("The operation couldn't be performed because 'alex.kim' matches multiple entries.")
    assert "ManagementObjectNotFoundException" in exo.fail("Get-Mailbox", 404, Identity="Alex Kim")
    assert exo.run("Get-Mailbox", Identity="alex.kim@acme.com")["value"][0]["Name"] == "alex.kim"


def _id_of(exo: Exo, address: str) -> str:
    owner = exo.state.address_owner(address)
    assert owner is not None
    return owner.id


def test_get_mailbox_does_not_find_groups(exo: Exo) -> None:
    """A distribution list is not a mailbox: ManagementObjectNotFoundException."""
    assert "ManagementObjectNotFoundException" in exo.fail("Get-Mailbox", 404, Identity="all-sales@acme.com")


def test_recipient_type_details_filter_takes_a_comma_list(exo: Exo) -> None:
    """'SharedMailbox,RoomMailbox' returns shared and room mailboxes only; RoomMailbox is the Boardroom."""
    kinds = {
        m["RecipientTypeDetails"]
        for m in exo.run(
            "Get-Mailbox", RecipientTypeDetails="SharedMailbox,RoomMailbox", ResultSize="Unlimited"
        )["value"]
    }
    names = [m["DisplayName"] for m in exo.run("Get-Mailbox", RecipientTypeDetails=["RoomMailbox"])["value"]]
    assert kinds == {"SharedMailbox", "RoomMailbox"}
    assert names == ["Boardroom"]


def test_get_mailbox_filter_on_email_addresses(exo: Exo) -> None:
    """-Filter "EmailAddresses -eq 'smtp:helpdesk@acme.com'" finds Support by its secondary address."""
    value = exo.run("Get-Mailbox", Filter="EmailAddresses -eq 'smtp:helpdesk@acme.com'")["value"]
    assert [m["DisplayName"] for m in value] == ["Support"]


# ---- Full Access -----------------------------------------------------------------------------------


def test_get_mailbox_permission_lists_self_and_full_access_trustees(exo: Exo) -> None:
    """Support: SELF plus Chris and Tom with FullAccess, trustees printed by UPN."""
    entries = exo.run("Get-MailboxPermission", Identity="support@acme.com")["value"]
    assert entries[0]["User"] == "NT AUTHORITY\\SELF"
    assert [(e["User"], e["AccessRights"]) for e in entries[1:]] == [
        ("chris.lee@acme.com", ["FullAccess"]),
        ("tom.becker@acme.com", ["FullAccess"]),
    ]
    assert all(e["IsInherited"] is False and e["Deny"] is False for e in entries)


def test_full_access_grant_shows_in_list_and_journal(exo: Exo) -> None:
    """Add-MailboxPermission returns the entry, stores AutoMapping and journals the change."""
    body = exo.run(
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="sarah@acme.com",
        AccessRights=["FullAccess"],
        InheritanceType="All",
        AutoMapping=False,
        Confirm=False,
    )
    assert body["value"][0]["User"] == "sarah@acme.com"
    grant = _r(exo, "support@acme.com").full_access[-1]
    assert (grant.trustee_id, grant.automapping) == (_r(exo, "sarah@acme.com").id, False)
    entry = exo.state.data.journal[-1]
    assert (entry.api, entry.operation, entry.target) == (
        "exchange",
        "Add-MailboxPermission",
        "support@acme.com",
    )
    users = [e["User"] for e in exo.run("Get-MailboxPermission", Identity="support", User="sarah")["value"]]
    assert users == ["sarah@acme.com"]


def test_granting_existing_full_access_warns_instead_of_failing(exo: Exo) -> None:
    """A grant that exists already: 200, no output, Exchange's 'already present' warning, nothing changes."""
    body = exo.run(
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="chris.lee@acme.com",
        AccessRights=["FullAccess"],
    )
    assert body["value"] == []
    assert body["@adminapi.warnings"] == [
        'The appropriate access control entry is already present on the object "support" for account '
        '"chris.lee@acme.com".'
    ]
    assert len(_r(exo, "support@acme.com").full_access) == 2


def test_removing_full_access_then_removing_again_warns(exo: Exo) -> None:
    """Removal takes the grant away; removing an absent grant warns that the ACE doesn't exist."""
    exo.run(
        "Remove-MailboxPermission",
        Identity="support",
        User="tom.becker@acme.com",
        AccessRights=["FullAccess"],
    )
    assert [g.trustee_id for g in _r(exo, "support").full_access] == [_r(exo, "chris.lee@acme.com").id]
    body = exo.run(
        "Remove-MailboxPermission",
        Identity="support",
        User="tom.becker@acme.com",
        AccessRights=["FullAccess"],
        Confirm=False,
    )
    [warning] = body["@adminapi.warnings"]
    assert warning.endswith("because the ACE doesn't exist on the object."), warning
    # The object by its AD distinguished name in the tenant's forest (TechNet wiki 31321; sec40)
    assert warning.startswith(
        "Can't remove the access control entry on the object \"CN=support,OU=acmecorp.onmicrosoft.com,"
        'OU=Microsoft Exchange Hosted Organizations,DC=EURPR04A001,DC=PROD,DC=OUTLOOK,DC=COM" for account '
    ), warning


def test_full_access_for_unknown_user_is_not_found(exo: Exo) -> None:
    """A trustee that names nobody: Exchange's 'Couldn't find object' error."""
    detail = exo.fail(
        "Add-MailboxPermission", 404, Identity="support", User="ghost@acme.com", AccessRights=["FullAccess"]
    )
    assert 'Couldn\'t find object "ghost@acme.com".' in detail


# ---- Send As -----------------------------------------------------------------------------------------


def test_send_as_grant_list_and_revoke(exo: Exo) -> None:
    """Add-/Get-/Remove-RecipientPermission round trip on Sales."""
    added = exo.run(
        "Add-RecipientPermission",
        Identity="sales@acme.com",
        Trustee="john@acme.com",
        AccessRights=["SendAs"],
        Confirm=False,
    )["value"][0]
    assert (added["Trustee"], added["AccessControlType"], added["AccessRights"]) == (
        "john@acme.com",
        "Allow",
        ["SendAs"],
    )
    trustees = [e["Trustee"] for e in exo.run("Get-RecipientPermission", Identity="sales@acme.com")["value"]]
    assert trustees == ["NT AUTHORITY\\SELF", "priya.patel@acme.com", "john@acme.com"]
    exo.run("Remove-RecipientPermission", Identity="sales@acme.com", Trustee="john", AccessRights="SendAs")
    assert _r(exo, "sales@acme.com").send_as == [_r(exo, "priya.patel@acme.com").id]


def test_send_as_filtered_by_trustee(exo: Exo) -> None:
    """-Trustee keeps only that trustee's entries."""
    value = exo.run("Get-RecipientPermission", Identity="support", Trustee="chris.lee@acme.com")["value"]
    assert [e["Trustee"] for e in value] == ["chris.lee@acme.com"]


def test_send_as_only_accepts_send_as_right(exo: Exo) -> None:
    """AccessRights other than SendAs fail binding, listing SendAs as the only value."""
    detail = exo.fail(
        "Add-RecipientPermission", 400, Identity="sales", Trustee="john", AccessRights=["FullAccess"]
    )
    assert detail.endswith('try again:\nSendAs"')


def test_existing_send_as_warns_and_absent_send_as_warns(exo: Exo) -> None:
    """Granting an existing Send As, or removing an absent one, is a warning, not an error."""
    present = exo.run(
        "Add-RecipientPermission", Identity="support", Trustee="chris.lee@acme.com", AccessRights=["SendAs"]
    )
    absent = exo.run(
        "Remove-RecipientPermission",
        Identity="support",
        Trustee="tom.becker@acme.com",
        AccessRights=["SendAs"],
    )
    assert "already present" in present["@adminapi.warnings"][0]
    assert "ACE doesn't exist" in absent["@adminapi.warnings"][0]


def test_contact_cannot_be_a_trustee(exo: Exo) -> None:
    """A mail contact is no security principal, so it cannot get Send As."""
    exo.fail(
        "Add-RecipientPermission",
        400,
        Identity="support",
        Trustee="john@partnerfirm.example",
        AccessRights=["SendAs"],
    )


# ---- Set-Mailbox: Send on Behalf --------------------------------------------------------------------


def test_send_on_behalf_hashtable_add_and_remove_with_any_key_case(exo: Exo) -> None:
    """GenericHashTable 'add' then 'Remove' edits GrantSendOnBehalfTo; Get-Mailbox prints Names: John's
    mailbox is named by its directory id (made after MC365786), Alex Kim's by its alias."""
    exo.run("Set-Mailbox", Identity="sales@acme.com", GrantSendOnBehalfTo=hashtable(add="alex.kim@acme.com"))
    john = _r(exo, "john@acme.com").id
    assert exo.run("Get-Mailbox", Identity="sales")["value"][0]["GrantSendOnBehalfTo"] == [john, "alex.kim"]
    exo.run("Set-Mailbox", Identity="sales@acme.com", GrantSendOnBehalfTo=hashtable(Remove="john@acme.com"))
    assert _r(exo, "sales").grant_send_on_behalf_to == [_r(exo, "alex.kim@acme.com").id]


def test_send_on_behalf_plain_list_replaces(exo: Exo) -> None:
    """A plain list overwrites the delegates."""
    exo.run("Set-Mailbox", Identity="finance@acme.com", GrantSendOnBehalfTo=["mike.smith@acme.com"])
    assert _r(exo, "finance").grant_send_on_behalf_to == [_r(exo, "mike.smith@acme.com").id]


def test_hashtable_without_odata_type_is_refused(exo: Exo) -> None:
    """An untagged object cannot be bound as a hashtable (the server needs #Exchange.GenericHashTable)."""
    exo.fail("Set-Mailbox", 400, Identity="sales", GrantSendOnBehalfTo={"add": "alex.kim@acme.com"})


def test_adding_existing_delegate_changes_nothing_and_warns(exo: Exo) -> None:
    """Adding John again to Sales: Exchange's 'no settings modified' warning, no journal entry."""
    before = len(exo.state.data.journal)
    body = exo.run("Set-Mailbox", Identity="sales", GrantSendOnBehalfTo=hashtable(Add="john@acme.com"))
    assert body["@adminapi.warnings"] == [
        "The command completed successfully but no settings of 'sales' have been modified."
    ]
    assert len(exo.state.data.journal) == before


# ---- Set-Mailbox: addresses --------------------------------------------------------------------------


def test_windows_email_address_makes_primary_and_keeps_the_old_one(exo: Exo) -> None:
    """Sarah's primary becomes sarah.c@acme.com; sarah@acme.com stays as smtp:."""
    exo.run("Set-Mailbox", Identity="sarah@acme.com", WindowsEmailAddress="sarah.c@acme.com")
    box = exo.run("Get-Mailbox", Identity="sarah.c@acme.com")["value"][0]
    assert box["PrimarySmtpAddress"] == "sarah.c@acme.com"
    assert box["EmailAddresses"] == [
        "SMTP:sarah.c@acme.com",
        "smtp:sarah@acme.com",
        "smtp:sarah.connor@acme.com",
    ]


def test_email_addresses_list_replaces_all(exo: Exo) -> None:
    """A plain list is the new set of proxy addresses, its SMTP: entry the primary."""
    exo.run(
        "Set-Mailbox",
        Identity="info@acme.com",
        EmailAddresses=["smtp:info@acme.com", "SMTP:hello@acme.co.uk"],
    )
    info = _r(exo, "hello@acme.co.uk")
    assert (info.primary_smtp, info.email_addresses) == (
        "hello@acme.co.uk",
        ["smtp:info@acme.com", "SMTP:hello@acme.co.uk"],
    )
    assert exo.state.by_address("contact@acme.com") is None


def test_email_addresses_with_two_primaries_is_refused(exo: Exo) -> None:
    """Exactly one SMTP: address may be primary."""
    detail = exo.fail(
        "Set-Mailbox", 400, Identity="info", EmailAddresses=["SMTP:info@acme.com", "SMTP:x@acme.com"]
    )
    assert "There are multiple primary SMTP addresses." in detail


def test_email_addresses_hashtable_adds_and_removes_secondaries(exo: Exo) -> None:
    """Add then Remove a secondary address through GenericHashTable edits."""
    exo.run(
        "Set-Mailbox",
        Identity="info",
        EmailAddresses=hashtable(Add="smtp:team@acme.com", Remove="contact@acme.com"),
    )
    assert _r(exo, "info").email_addresses == ["SMTP:info@acme.com", "smtp:team@acme.com"]


def test_address_held_by_another_recipient_is_refused_with_exchange_text(exo: Exo) -> None:
    """helpdesk@ belongs to Support: ProxyAddressExistsException naming the holder; nothing changes."""
    detail = exo.fail(
        "Set-Mailbox", 400, Identity="sarah@acme.com", EmailAddresses=hashtable(Add="smtp:HelpDesk@acme.com")
    )
    assert detail == (
        "Microsoft.Exchange.Data.Directory.ProxyAddressExistsException|The proxy address "
        '"SMTP:helpdesk@acme.com" is already being used by the proxy addresses or LegacyExchangeDN '
        'of "support". Please choose another proxy address.'
    )
    assert "smtp:helpdesk@acme.com" not in _r(exo, "sarah@acme.com").email_addresses


def test_group_address_and_upn_count_as_taken(exo: Exo) -> None:
    """A distribution list's address and another user's UPN cannot be a mailbox's address."""
    exo.fail("Set-Mailbox", 400, Identity="sarah", WindowsEmailAddress="all-sales@acme.com")
    exo.fail("Set-Mailbox", 400, Identity="sarah", EmailAddresses=hashtable(add="john@acme.com"))


def test_address_in_unaccepted_domain_is_refused(exo: Exo) -> None:
    """newacme.com is not verified, so no address in it is accepted."""
    detail = exo.fail("Set-Mailbox", 400, Identity="sarah", WindowsEmailAddress="sarah@newacme.com")
    assert "isn't an accepted domain for your organization" in detail
    assert _r(exo, "sarah").primary_smtp == "sarah@acme.com"


# ---- Set-Mailbox: forwarding ---------------------------------------------------------------------------


def test_internal_forwarding_is_set_and_cleared(exo: Exo) -> None:
    """ForwardingAddress names a recipient (printed by Name); null clears it."""
    exo.run(
        "Set-Mailbox",
        Identity="billing@acme.com",
        ForwardingSmtpAddress=None,
        ForwardingAddress="mike.smith@acme.com",
        DeliverToMailboxAndForward=True,
    )
    box = exo.run("Get-Mailbox", Identity="billing")["value"][0]
    assert (box["ForwardingAddress"], box["DeliverToMailboxAndForward"]) == ("mike.smith", True)
    exo.run(
        "Set-Mailbox",
        Identity="billing@acme.com",
        ForwardingSmtpAddress=None,
        ForwardingAddress=None,
        DeliverToMailboxAndForward=False,
    )
    billing = _r(exo, "billing")
    assert (billing.forwarding_address, billing.deliver_to_mailbox_and_forward) == (None, False)


def test_forwarding_smtp_address_prints_with_prefix(exo: Exo) -> None:
    """ForwardingSmtpAddress is stored as an address and printed 'smtp:addr'."""
    exo.run("Set-Mailbox", Identity="billing", ForwardingSmtpAddress="smtp:ap@vendorco.example")
    assert (
        exo.run("Get-Mailbox", Identity="billing")["value"][0]["ForwardingSmtpAddress"]
        == "smtp:ap@vendorco.example"
    )


def test_forwarding_to_unknown_recipient_is_not_found(exo: Exo) -> None:
    """ForwardingAddress must be a recipient of the tenant."""
    assert "Couldn't find object" in exo.fail(
        "Set-Mailbox", 404, Identity="billing", ForwardingAddress="someone@elsewhere.example"
    )
    assert _r(exo, "billing").forwarding_address is None


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("EmailAddresses", hashtable(add="smtp:sarah.c@acme.com")),
        ("WindowsEmailAddress", "sarah.c@acme.com"),
        ("HiddenFromAddressListsEnabled", True),
        ("DisplayName", "Sarah C."),
    ],
)
def test_a_mailbox_synchronized_from_on_premises_keeps_what_on_premises_masters(
    exo: Exo, param: str, value: object
) -> None:
    """A hybrid tenant's mailbox whose user Entra Connect syncs: Exchange Online refuses to change its
    addresses, name or address-list visibility ("The operation on mailbox "<id>" failed because it's out of
    the current user's write scope. The action 'Set-Mailbox', '<property>', can't be performed on the object
    '<id>' because the object is being synchronized from your on-premises organization. ...", as observed
    for EmailAddresses and HiddenFromAddressListsEnabled); its forwarding and delegates still change in the
    cloud."""
    sarah = _r(exo, "sarah@acme.com")
    sarah.dir_synced = True
    before = (list(sarah.email_addresses), sarah.display_name, sarah.hidden_from_address_lists)
    assert exo.run("Get-Mailbox", Identity="sarah@acme.com")["value"][0]["IsDirSynced"] is True

    failed = exo.fail("Set-Mailbox", 400, Identity="sarah@acme.com", **{param: value})
    assert f"The action 'Set-Mailbox', '{param}', can't be performed on the object" in failed, failed
    assert "is being synchronized from your on-premises organization" in failed
    assert (list(sarah.email_addresses), sarah.display_name, sarah.hidden_from_address_lists) == before
    exo.run("Set-Mailbox", Identity="sarah@acme.com", ForwardingAddress="john@acme.com")
    exo.run("Set-Mailbox", Identity="sarah@acme.com", GrantSendOnBehalfTo=hashtable(add="john@acme.com"))
