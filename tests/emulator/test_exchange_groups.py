"""Exchange admin API: distribution lists and mail-enabled security groups, and their members."""

from __future__ import annotations

from urllib.parse import urlsplit

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


def test_get_distribution_group_lists_lists_and_security_groups_but_not_m365_groups(exo: Exo) -> None:
    """Seven groups: six lists and Finance Team; Project Phoenix (a Microsoft 365 group) is not among them."""
    groups = exo.run("Get-DistributionGroup", ResultSize="Unlimited")["value"]
    assert len(groups) == 7
    assert "project-phoenix@acme.com" not in {g["PrimarySmtpAddress"] for g in groups}
    team = next(g for g in groups if g["DisplayName"] == "Finance Team")
    assert (team["RecipientTypeDetails"], team["GroupType"]) == (
        "MailUniversalSecurityGroup",
        "Universal, SecurityEnabled",
    )
    sales = next(g for g in groups if g["DisplayName"] == "all-sales")
    assert (sales["GroupType"], sales["ManagedBy"], sales["MemberJoinRestriction"]) == (
        "Universal",
        ["priya.patel"],
        "Closed",
    )


def test_security_groups_filtered_by_recipient_type_details(exo: Exo) -> None:
    """RecipientTypeDetails MailUniversalSecurityGroup returns Finance Team only."""
    value = exo.run("Get-DistributionGroup", RecipientTypeDetails="MailUniversalSecurityGroup")["value"]
    assert [g["DisplayName"] for g in value] == ["Finance Team"]


def test_group_members_are_listed_and_paged(exo: Exo) -> None:
    """all-sales has nine members; pages of four arrive as 4, 4, 1 through the nextLink."""
    headers = {"Prefer": "odata.maxpagesize=4"}
    response = exo.post("Get-DistributionGroupMember", {"Identity": "all-sales@acme.com"}, headers=headers)
    sizes, names = [], []
    while True:
        body = response.json()
        sizes.append(len(body["value"]))
        names += [m["Name"] for m in body["value"]]
        if "@odata.nextLink" not in body:
            break
        parts = urlsplit(body["@odata.nextLink"])
        response = exo.post(
            "Get-DistributionGroupMember",
            {"Identity": "all-sales@acme.com"},
            url=f"{parts.path}?{parts.query}",
            headers=headers,
        )
    assert sizes == [4, 4, 1]
    assert names[0] == "5f949081-2c0a-5c9b-af69-87633d4fd64b"  # John Miller's Name is his directory id
    assert "sam.taylor" in names


def test_member_objects_carry_directory_ids(exo: Exo) -> None:
    """Each member prints Name, DisplayName, PrimarySmtpAddress, RecipientTypeDetails and its directory id."""
    member = exo.run("Get-DistributionGroupMember", Identity="external-contractors")["value"][0]
    assert member == {
        **member,
        "DisplayName": "Vera Vendor",
        "PrimarySmtpAddress": "vera@vendorco.example",
        "RecipientType": "MailUser",
        "RecipientTypeDetails": "GuestMailUser",
        "ExternalDirectoryObjectId": _r(exo, "vera@vendorco.example").id,
    }


def test_adding_a_member_then_adding_again_is_refused_like_exchange(exo: Exo) -> None:
    """Add-DistributionGroupMember adds with no output; a second add is MemberAlreadyExistsException."""
    body = exo.run(
        "Add-DistributionGroupMember",
        Identity="marketing@acme.com",
        Member="emma.wilson@acme.com",
        BypassSecurityGroupManagerCheck=True,
    )
    assert body["value"] == []
    assert _r(exo, "marketing@acme.com").members[-1] == _r(exo, "emma.wilson@acme.com").id
    detail = exo.fail(
        "Add-DistributionGroupMember", 400, Identity="marketing@acme.com", Member="emma.wilson@acme.com"
    )
    assert detail == (
        "Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException|The recipient "
        '"emma.wilson@acme.com" is already a member of the group "marketing".'
    )


def test_removing_a_non_member_is_refused_like_exchange(exo: Exo) -> None:
    """Remove-DistributionGroupMember of someone not in the list: MemberNotFoundException."""
    exo.run("Remove-DistributionGroupMember", Identity="contractors", Member="mia.novak@acme.com")
    assert _r(exo, "mia.novak@acme.com").id not in _r(exo, "contractors@acme.com").members
    detail = exo.fail(
        "Remove-DistributionGroupMember", 400, Identity="contractors", Member="mia.novak@acme.com"
    )
    assert detail == (
        "Microsoft.Exchange.Management.Tasks.MemberNotFoundException|The recipient "
        '"mia.novak@acme.com" isn\'t a member of the group "contractors".'
    )


def test_adding_an_unknown_member_is_not_found(exo: Exo) -> None:
    """A member that names nobody: Couldn't find object."""
    exo.fail("Add-DistributionGroupMember", 404, Identity="marketing", Member="ghost@acme.com")


def test_update_members_replaces_the_whole_list(exo: Exo) -> None:
    """Update-DistributionGroupMember -Members sets exactly the given members."""
    exo.run(
        "Update-DistributionGroupMember",
        Identity="engineering@acme.com",
        Members=["david.chen@acme.com", "mia.novak@acme.com"],
        Confirm=False,
    )
    assert _r(exo, "engineering@acme.com").members == [
        _r(exo, "david.chen@acme.com").id,
        _r(exo, "mia.novak@acme.com").id,
    ]


@pytest.mark.parametrize(
    "cmdlet", ["Get-DistributionGroupMember", "Add-DistributionGroupMember", "Remove-DistributionGroupMember"]
)
def test_member_cmdlets_do_not_reach_microsoft_365_groups(exo: Exo, cmdlet: str) -> None:
    """Project Phoenix is a GroupMailbox: the distribution group cmdlets do not find it."""
    params = {"Identity": "project-phoenix@acme.com"}
    if cmdlet != "Get-DistributionGroupMember":
        params["Member"] = "jane.doe@acme.com"
    response = exo.post(cmdlet, params)
    assert response.status_code == 404
    assert len(_r(exo, "project-phoenix@acme.com").members) == 2


def test_new_distribution_group_is_created_and_visible(exo: Exo) -> None:
    """New-DistributionGroup returns the list; Get-DistributionGroup and Get-Recipient find it."""
    group = exo.run(
        "New-DistributionGroup",
        Name="Field Sales",
        Alias="field-sales",
        PrimarySmtpAddress="field-sales@acme.com",
        Members=["john@acme.com", "alex.kim@acme.com"],
        ManagedBy=["priya.patel@acme.com"],
        Type="Distribution",
        MemberJoinRestriction="Open",
    )["value"][0]
    assert (group["PrimarySmtpAddress"], group["RecipientTypeDetails"], group["MemberJoinRestriction"]) == (
        "field-sales@acme.com",
        "MailUniversalDistributionGroup",
        "Open",
    )
    assert group["DisplayName"] == "Field Sales"
    members = exo.run("Get-DistributionGroupMember", Identity="Field Sales")["value"]
    assert [m["PrimarySmtpAddress"] for m in members] == ["john@acme.com", "alex.kim@acme.com"]
    assert exo.run("Get-Recipient", Identity="field-sales@acme.com")["value"][0]["ManagedBy"] == [
        "priya.patel"
    ]


def test_new_security_group_gets_security_type(exo: Exo) -> None:
    """Type Security makes a mail-enabled security group with an alias derived from the Name."""
    group = exo.run("New-DistributionGroup", Name="Payroll Admins", Type="Security")["value"][0]
    assert (group["RecipientTypeDetails"], group["Alias"], group["PrimarySmtpAddress"]) == (
        "MailUniversalSecurityGroup",
        "PayrollAdmins",
        "payrolladmins@acme.com",
    )


def test_new_group_with_a_taken_name_is_refused(exo: Exo) -> None:
    """A Name already used is ADObjectAlreadyExistsException."""
    detail = exo.fail("New-DistributionGroup", 400, Name="marketing")
    assert detail.startswith("Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException|The object '")
    assert detail.endswith("/marketing' already exists.")


def test_new_group_with_a_taken_address_is_refused(exo: Exo) -> None:
    """An address held by a mailbox is ProxyAddressExistsException."""
    detail = exo.fail(
        "New-DistributionGroup", 400, Name="Helpdesk Team", PrimarySmtpAddress="helpdesk@acme.com"
    )
    assert "ProxyAddressExistsException" in detail


def test_new_group_in_unaccepted_domain_is_refused(exo: Exo) -> None:
    """A primary address in newacme.com (unverified) is refused and nothing is created."""
    count = len(exo.state.recipients)
    exo.fail("New-DistributionGroup", 400, Name="New Launch", PrimarySmtpAddress="launch@newacme.com")
    assert len(exo.state.recipients) == count


def test_remove_distribution_group_deletes_it(exo: Exo) -> None:
    """Remove-DistributionGroup deletes the list; it is then not found."""
    exo.run("Remove-DistributionGroup", Identity="contractors@acme.com", Confirm=False)
    assert exo.state.find("contractors@acme.com") is None
    exo.fail("Get-DistributionGroup", 404, Identity="contractors@acme.com")


def test_set_distribution_group_changes_owners_restriction_and_addresses(exo: Exo) -> None:
    """ManagedBy (hashtable add), MemberJoinRestriction and an extra address in one call."""
    exo.run(
        "Set-DistributionGroup",
        Identity="all-hands",
        ManagedBy=hashtable(Add="maria.garcia@acme.com"),
        MemberJoinRestriction="ApprovalRequired",
        EmailAddresses=hashtable(Add="everyone@acme.com"),
        BypassSecurityGroupManagerCheck=True,
    )
    group = exo.run("Get-DistributionGroup", Identity="everyone@acme.com")["value"][0]
    assert group["ManagedBy"] == ["olivia.martin", "maria.garcia"]
    assert group["MemberJoinRestriction"] == "ApprovalRequired"
    assert group["EmailAddresses"] == ["SMTP:all-hands@acme.com", "smtp:everyone@acme.com"]


def test_member_join_restriction_must_be_a_known_value(exo: Exo) -> None:
    """MemberJoinRestriction 'Sometimes' fails, listing Open, Closed, ApprovalRequired."""
    detail = exo.fail("Set-DistributionGroup", 400, Identity="all-hands", MemberJoinRestriction="Sometimes")
    assert "Open, Closed, ApprovalRequired" in detail


_SYNCED = (
    "The action '{}', '{}', can't be performed on the object 'all-sales' because the object is being "
    "synchronized from your on-premises organization. This action should be performed on the object in "
    "your on-premises organization."
)


@pytest.mark.parametrize(
    ("cmdlet", "prop", "params"),
    [
        ("Add-DistributionGroupMember", "Members", {"Member": "sarah@acme.com"}),
        ("Remove-DistributionGroupMember", "Members", {"Member": "emma.wilson@acme.com", "Confirm": False}),
        ("Update-DistributionGroupMember", "Members", {"Members": ["sarah@acme.com"], "Confirm": False}),
        ("Set-DistributionGroup", "DisplayName", {"DisplayName": "All of Sales"}),
        ("Remove-DistributionGroup", "Identity", {"Confirm": False}),
    ],
)
def test_a_list_synchronized_from_on_premises_is_changed_there_not_in_exchange_online(
    exo: Exo, cmdlet: str, prop: str, params: dict[str, object]
) -> None:
    """In a hybrid tenant a list synced by Entra Connect is mastered on-premises: Exchange Online shows
    IsDirSynced and refuses every change to it with "The action '<cmdlet>', '<property>', can't be
    performed on the object '<name>' because the object is being synchronized from your on-premises
    organization. ..." (as observed: DistributionGroupMigration's README, hybrid Set-Mailbox reports). A
    cloud-made list is unaffected."""
    sales = _r(exo, "all-sales@acme.com")
    members = list(sales.members)
    assert exo.run("Get-DistributionGroup", Identity="all-sales@acme.com")["value"][0]["IsDirSynced"] is False
    sales.dir_synced = True
    assert exo.run("Get-DistributionGroup", Identity="all-sales@acme.com")["value"][0]["IsDirSynced"] is True

    failed = exo.fail(cmdlet, 400, Identity="all-sales@acme.com", **params)
    assert failed.endswith("|" + _SYNCED.format(cmdlet, prop)), failed
    assert _r(exo, "all-sales@acme.com").members == members
    assert _r(exo, "all-sales@acme.com").display_name == "all-sales"
    # Reading it is fine; a list made in the cloud still changes.
    assert exo.run("Get-DistributionGroupMember", Identity="all-sales@acme.com")["value"]
    exo.run("Add-DistributionGroupMember", Identity="marketing@acme.com", Member="sarah@acme.com")
