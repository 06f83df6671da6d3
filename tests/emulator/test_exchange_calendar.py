"""Exchange admin API: calendar folder permissions, Get-Recipient and Get-AcceptedDomain."""

from __future__ import annotations

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator.state import Recipient, TenantState
from tests.emulator.exchange_tenant import Exo, detail_of


@pytest.fixture
def exo() -> Exo:
    state = TenantState(seed.acme())
    # Jane's mailbox is set up in German: her calendar folder is "Kalender".
    jane = state.find("jane.doe@acme.com")
    assert jane is not None
    jane.calendar_folder_name = "Kalender"
    jane.inbox_folder_name = "Posteingang"
    return Exo(state)


def _r(exo: Exo, identity: str) -> Recipient:
    found = exo.state.find(identity)
    assert found is not None
    return found


# ---- calendar folder ------------------------------------------------------------------------------


def test_folder_statistics_gives_the_localized_calendar(exo: Exo) -> None:
    """FolderScope Calendar returns one folder: its localized Name, FolderType Calendar, its path."""
    folders = exo.run("Get-MailboxFolderStatistics", Identity="jane.doe@acme.com", FolderScope="Calendar")[
        "value"
    ]
    assert len(folders) == 1
    assert (folders[0]["Name"], folders[0]["FolderType"], folders[0]["FolderPath"]) == (
        "Kalender",
        "Calendar",
        "/Kalender",
    )
    assert folders[0]["FolderId"]


def test_calendar_permissions_list_default_anonymous_and_grantees_by_display_name(exo: Exo) -> None:
    """Olivia's calendar: Default, Anonymous, then Maria Garcia as Editor."""
    entries = exo.run("Get-MailboxFolderPermission", Identity="olivia.martin@acme.com:\\Calendar")["value"]
    assert [(e["User"], e["AccessRights"]) for e in entries] == [
        ("Default", ["AvailabilityOnly"]),
        ("Anonymous", ["None"]),
        ("Maria Garcia", ["Editor"]),
    ]
    assert entries[0]["FolderName"] == "Calendar"


@pytest.mark.parametrize(
    "identity",
    [
        "jane.doe@acme.com:\\Kalender",
        "jane.doe@acme.com:\\\\Kalender",
        "jane.doe:\\kalender",
    ],
)
def test_calendar_folder_is_named_by_its_localized_name(exo: Exo, identity: str) -> None:
    """The localized name, one or two backslashes, an address or the alias reach Jane's calendar (the
    mailbox part is a mailbox identity: never the display name, see the next tests)."""
    assert exo.run("Get-MailboxFolderPermission", Identity=identity)["value"][0]["FolderName"] == "Kalender"


@pytest.mark.parametrize(
    "cmdlet", ["Get-MailboxFolderPermission", "Add-MailboxFolderPermission", "Remove-MailboxFolderPermission"]
)
def test_calendar_is_not_a_name_of_a_localized_calendar(exo: Exo, cmdlet: str) -> None:
    """A folder path names a folder by its name in that mailbox: Jane's calendar is "Kalender", and
    `jane:\\Calendar` is not found (anewmessagehasarrived.blogspot.com/2012/03: the folder name "must also
    be correct when using Set/Add-MailboxFolderPermission", read with Get-MailboxFolderStatistics
    -FolderScope Calendar; CIPP-API Set-CIPPCalendarPermission.ps1: "folder name mismatches leave ACEs
    unreachable"). Nothing is granted through the English name."""
    extra = {} if cmdlet.startswith("Get") else {"User": "john@acme.com"}
    if cmdlet.startswith("Add"):
        extra["AccessRights"] = ["Reviewer"]
    detail = exo.fail(cmdlet, 404, Identity="jane.doe@acme.com:\\Calendar", **extra)
    assert "'jane.doe@acme.com:\\Calendar' couldn't be found" in detail
    assert [e.user for e in _r(exo, "jane.doe@acme.com").calendar if e.user != "Default"] == []


def test_a_folder_is_named_by_the_folder_id_statistics_print(exo: Exo) -> None:
    """`<mailbox>:<FolderId>` (no backslash) names the folder whatever its language, as CIPP-API's
    Set-CIPPCalendarPermission.ps1 names it ("Prefer locale-independent FolderId")."""
    folder = exo.run("Get-MailboxFolderStatistics", Identity="jane.doe@acme.com", FolderScope="Calendar")[
        "value"
    ][0]
    by_id = f"jane.doe@acme.com:{folder['FolderId']}"

    exo.run("Add-MailboxFolderPermission", Identity=by_id, User="john@acme.com", AccessRights=["Reviewer"])

    listed = exo.run("Get-MailboxFolderPermission", Identity="jane.doe@acme.com:\\Kalender")["value"]
    assert ("John Miller", ["Reviewer"]) in [(e["User"], e["AccessRights"]) for e in listed]
    exo.fail("Get-MailboxFolderPermission", 404, Identity="jane.doe@acme.com:LgAAAAnotafolder")


def test_the_mailbox_of_a_folder_is_not_named_by_its_display_name(exo: Exo) -> None:
    exo.fail("Get-MailboxFolderPermission", 404, Identity="Jane Doe:\\Calendar")


def test_a_grantee_is_named_by_display_name_only_as_an_entry_of_the_folder_prints_it(exo: Exo) -> None:
    """Get-MailboxFolderPermission prints User as a display name and tooling removes by it; Add- takes a
    recipient identity, which a display name is not."""
    cal = "jane.doe@acme.com:\\Kalender"
    exo.fail("Add-MailboxFolderPermission", 400, Identity=cal, User="John Miller", AccessRights=["Reviewer"])
    exo.run("Add-MailboxFolderPermission", Identity=cal, User="john@acme.com", AccessRights=["Reviewer"])
    exo.run("Remove-MailboxFolderPermission", Identity=cal, User="John Miller", Confirm=False)
    assert [e.user for e in _r(exo, "jane.doe@acme.com").calendar] == ["Default"]


def test_other_folders_are_not_found(exo: Exo) -> None:
    """Only the calendar and the Inbox are emulated; a localised Inbox is not found by its English name."""
    exo.fail("Get-MailboxFolderPermission", 404, Identity="jane.doe@acme.com:\\Sent Items")
    exo.fail("Get-MailboxFolderPermission", 404, Identity="jane.doe@acme.com:\\Inbox")


def test_the_inbox_starts_with_default_none_and_takes_a_reviewer(exo: Exo) -> None:
    """An Inbox's Default entry is None (Exchange creates it so); a delegate's Reviewer is listed by display
    name, and sharing flags belong to a calendar only."""
    inbox = "jane.doe@acme.com:\\Posteingang"  # her Inbox, localised (the fixture)
    rows = exo.run("Get-MailboxFolderPermission", Identity=inbox)["value"]
    assert [(r["User"], r["AccessRights"]) for r in rows] == [("Default", ["None"]), ("Anonymous", ["None"])]
    exo.run("Add-MailboxFolderPermission", Identity=inbox, User="john@acme.com", AccessRights=["Reviewer"])
    rows = exo.run("Get-MailboxFolderPermission", Identity=inbox)["value"]
    assert ("John Miller", ["Reviewer"]) in [(r["User"], r["AccessRights"]) for r in rows]
    calendar = exo.run("Get-MailboxFolderPermission", Identity="jane.doe@acme.com:\\Kalender")["value"]
    assert "John Miller" not in [r["User"] for r in calendar]
    exo.fail(
        "Set-MailboxFolderPermission",
        400,
        Identity=inbox,
        User="john@acme.com",
        AccessRights=["Editor"],
        SharingPermissionFlags=["Delegate"],
    )


def test_the_inbox_by_its_localised_name_with_nobody_reading_it(exo: Exo) -> None:
    """Get-MailboxFolderStatistics -FolderScope Inbox names it; its Default and Anonymous read nothing."""
    [inbox] = exo.run("Get-MailboxFolderStatistics", Identity="jane.doe@acme.com", FolderScope="Inbox")[
        "value"
    ]
    assert (inbox["Name"], inbox["FolderType"]) == ("Posteingang", "Inbox")
    entries = exo.run("Get-MailboxFolderPermission", Identity="jane.doe@acme.com:\\Posteingang")["value"]
    assert [(e["User"], e["AccessRights"], e["FolderName"]) for e in entries] == [
        ("Default", ["None"], "Posteingang"),
        ("Anonymous", ["None"], "Posteingang"),
    ]


def test_an_inbox_reviewer_is_listed_and_calendar_only_rights_are_refused_there(exo: Exo) -> None:
    folder = "john@acme.com:\\Inbox"
    exo.run(
        "Add-MailboxFolderPermission", Identity=folder, User="jane.doe@acme.com", AccessRights=["Reviewer"]
    )
    entries = exo.run("Get-MailboxFolderPermission", Identity=folder)["value"]
    assert (entries[-1]["User"], entries[-1]["AccessRights"]) == (
        _r(exo, "jane.doe@acme.com").display_name,
        ["Reviewer"],
    )
    john = _r(exo, "john@acme.com")
    assert all(e.user != _r(exo, "jane.doe@acme.com").id for e in john.calendar), "no calendar share"
    exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity=folder,
        User="tom.becker@acme.com",
        AccessRights=["AvailabilityOnly"],
    )
    exo.fail(
        "Set-MailboxFolderPermission",
        400,
        Identity=folder,
        User="jane.doe@acme.com",
        AccessRights=["Editor"],
        SharingPermissionFlags=["Delegate"],
    )
    exo.run("Remove-MailboxFolderPermission", Identity=folder, User="jane.doe@acme.com")
    assert _r(exo, "john@acme.com").inbox == []


def test_calendar_share_add_set_remove(exo: Exo) -> None:
    """Add Reviewer, raise to Editor with delegate flags, then remove; each step is journaled."""
    added = exo.run(
        "Add-MailboxFolderPermission",
        Identity="jane.doe@acme.com:\\Kalender",
        User="john@acme.com",
        AccessRights=["Reviewer"],
        SendNotificationToUser=False,
    )["value"][0]
    assert (added["User"], added["AccessRights"]) == ("John Miller", ["Reviewer"])
    exo.run(
        "Set-MailboxFolderPermission",
        Identity="jane.doe@acme.com:\\Kalender",
        User="john",
        AccessRights=["Editor"],
        SharingPermissionFlags="Delegate,CanViewPrivateItems",
    )
    entry = exo.run(
        "Get-MailboxFolderPermission", Identity="jane.doe@acme.com:\\Kalender", User="John Miller"
    )["value"]
    assert [(e["AccessRights"], e["SharingPermissionFlags"]) for e in entry] == [
        (["Editor"], "Delegate, CanViewPrivateItems")
    ]
    exo.run(
        "Remove-MailboxFolderPermission",
        Identity="jane.doe@acme.com:\\Kalender",
        User="john@acme.com",
        Confirm=False,
    )
    assert [e.user for e in _r(exo, "jane.doe@acme.com").calendar] == ["Default"]
    ops = [e.operation for e in exo.state.data.journal[-3:]]
    assert ops == [
        "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    ]


OLIVIA = "olivia.martin@acme.com:\\Calendar"  # Maria Garcia holds Editor on it (the seed)


def _maria(exo: Exo) -> tuple[list[str], str | None]:
    [entry] = exo.run("Get-MailboxFolderPermission", Identity=OLIVIA, User="maria.garcia@acme.com")["value"]
    return entry["AccessRights"], entry["SharingPermissionFlags"]


def _make_maria_a_delegate(exo: Exo) -> None:
    exo.run(
        "Set-MailboxFolderPermission",
        Identity=OLIVIA,
        User="maria.garcia@acme.com",
        AccessRights=["Editor"],
        SharingPermissionFlags="Delegate,CanViewPrivateItems",
    )
    assert _maria(exo) == (["Editor"], "Delegate, CanViewPrivateItems")


def test_set_without_flags_leaves_a_delegate_a_delegate_at_any_level(exo: Exo) -> None:
    """Set-MailboxFolderPermission without SharingPermissionFlags or SendNotificationToUser does not change
    delegate status (Microsoft's page, DESCRIPTION and example 5): Editor again changes nothing, and
    Reviewer keeps the delegate's private items (Reviewer with delegate status is what Outlook sets up,
    office-docs-powershell issue 6327)."""
    _make_maria_a_delegate(exo)

    again = exo.run(
        "Set-MailboxFolderPermission", Identity=OLIVIA, User="maria.garcia@acme.com", AccessRights=["Editor"]
    )
    assert any("no settings of" in str(w) for w in again.get("@adminapi.warnings", [])), again
    assert _maria(exo) == (["Editor"], "Delegate, CanViewPrivateItems")

    exo.run(
        "Set-MailboxFolderPermission",
        Identity=OLIVIA,
        User="maria.garcia@acme.com",
        AccessRights=["Reviewer"],
    )
    assert _maria(exo) == (["Reviewer"], "Delegate, CanViewPrivateItems")


@pytest.mark.parametrize("level", ["Reviewer", "Editor", "AvailabilityOnly"])
def test_send_notification_without_flags_ends_the_delegate_access(exo: Exo, level: str) -> None:
    """With SendNotificationToUser ($true or $false) the flags default to None: the delegate keeps only the
    level set (Microsoft's page, DESCRIPTION and example 6)."""
    _make_maria_a_delegate(exo)

    exo.run(
        "Set-MailboxFolderPermission",
        Identity=OLIVIA,
        User="maria.garcia@acme.com",
        AccessRights=[level],
        SendNotificationToUser=False,
    )

    assert _maria(exo) == ([level], None)


def test_flags_given_replace_the_flags_held(exo: Exo) -> None:
    """Delegate alone takes private items away (example 3); None ends the delegate access (example 4)."""
    _make_maria_a_delegate(exo)
    set_flags = {"Identity": OLIVIA, "User": "maria.garcia@acme.com", "AccessRights": ["Editor"]}

    exo.run("Set-MailboxFolderPermission", **set_flags, SharingPermissionFlags="Delegate")
    assert _maria(exo) == (["Editor"], "Delegate")
    exo.run("Set-MailboxFolderPermission", **set_flags, SharingPermissionFlags="None")
    assert _maria(exo) == (["Editor"], None)


def test_flags_none_with_a_level_other_than_editor_is_refused_and_changes_nothing(exo: Exo) -> None:
    """SharingPermissionFlags, None included, only with Editor (issue 6327: Reviewer with None fails); and
    SendNotificationToUser only with the four sharing levels."""
    _make_maria_a_delegate(exo)
    exo.fail(
        "Set-MailboxFolderPermission",
        400,
        Identity=OLIVIA,
        User="maria.garcia@acme.com",
        AccessRights=["Reviewer"],
        SharingPermissionFlags="None",
    )
    exo.fail(
        "Set-MailboxFolderPermission",
        400,
        Identity=OLIVIA,
        User="maria.garcia@acme.com",
        AccessRights=["Author"],
        SendNotificationToUser=False,
    )
    assert _maria(exo) == (["Editor"], "Delegate, CanViewPrivateItems")


def test_add_prints_the_flags_it_set(exo: Exo) -> None:
    """Add- answers with the entry as Get- lists it: flags as Exchange prints them, or null for none."""
    added = exo.run(
        "Add-MailboxFolderPermission",
        Identity="sarah@acme.com:\\Calendar",
        User="john@acme.com",
        AccessRights=["Editor"],
        SharingPermissionFlags="Delegate,CanViewPrivateItems",
    )["value"][0]
    assert (added["AccessRights"], added["SharingPermissionFlags"]) == (
        ["Editor"],
        "Delegate, CanViewPrivateItems",
    )
    plain = exo.run(
        "Add-MailboxFolderPermission",
        Identity="sarah@acme.com:\\Calendar",
        User="mike.smith@acme.com",
        AccessRights=["Reviewer"],
    )["value"][0]
    assert plain["SharingPermissionFlags"] is None


def test_adding_an_existing_entry_is_refused_like_exchange(exo: Exo) -> None:
    """Maria already has an entry on Olivia's calendar: UserAlreadyExistsInPermissionEntryException."""
    detail = exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity="olivia.martin@acme.com:\\Calendar",
        User="maria.garcia@acme.com",
        AccessRights=["Reviewer"],
    )
    assert detail == (
        "Microsoft.Exchange.Management.StoreTasks.UserAlreadyExistsInPermissionEntryException|"
        "An existing permission entry was found for user: Maria Garcia."
    )


@pytest.mark.parametrize("cmdlet", ["Set-MailboxFolderPermission", "Remove-MailboxFolderPermission"])
def test_changing_an_absent_entry_is_refused_like_exchange(exo: Exo, cmdlet: str) -> None:
    """No entry for John on Olivia's calendar: UserNotFoundInPermissionEntryException."""
    params: dict[str, object] = {"Identity": "olivia.martin@acme.com:\\Calendar", "User": "john@acme.com"}
    if cmdlet.startswith("Set"):
        params["AccessRights"] = ["Reviewer"]
    response = exo.post(cmdlet, params)
    assert response.status_code == 404
    exception_type, text = detail_of(response.json())
    assert exception_type.endswith("UserNotFoundInPermissionEntryException")
    assert text == "There is no existing permission entry found for user: John Miller."


def test_default_entry_is_set_and_removing_it_sets_none(exo: Exo) -> None:
    """Default can be raised to LimitedDetails; removing Default leaves it with None."""
    exo.run(
        "Set-MailboxFolderPermission",
        Identity="david.chen@acme.com:\\Calendar",
        User="Default",
        AccessRights=["LimitedDetails"],
    )
    exo.run("Remove-MailboxFolderPermission", Identity="david.chen@acme.com:\\Calendar", User="default")
    default = exo.run(
        "Get-MailboxFolderPermission", Identity="david.chen@acme.com:\\Calendar", User="Default"
    )["value"]
    assert default[0]["AccessRights"] == ["None"]


def test_unknown_grantee_is_refused_with_exchange_text(exo: Exo) -> None:
    """A grantee that resolves to nobody: InvalidExternalUserIdException."""
    detail = exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity="david.chen@acme.com:\\Calendar",
        User="ghost@acme.com",
        AccessRights=["Reviewer"],
    )
    assert "is either not valid SMTP address, or there is no matching information." in detail


@pytest.mark.parametrize(
    "user",
    ["all-sales@acme.com", "project-phoenix@acme.com", "john@partnerfirm.example", "everyone@acme.com"],
    ids=["distribution-list", "microsoft-365-group", "mail-contact", "dynamic-list"],
)
def test_a_grantee_that_is_no_security_principal_is_refused_like_exchange(exo: Exo, user: str) -> None:
    """-User finds only security principals: a list that is not security-enabled, a Microsoft 365 group,
    a dynamic list or a contact is answered as a value that names nobody, and no entry is added."""
    exo.run(
        "New-DynamicDistributionGroup", Name="Everyone", RecipientFilter="RecipientType -eq 'UserMailbox'"
    )
    start = len(exo.state.data.journal)

    detail = exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity="david.chen@acme.com:\\Calendar",
        User=user,
        AccessRights=["Reviewer"],
    )

    assert detail == (
        "Microsoft.Exchange.Management.StoreTasks.InvalidExternalUserIdException|"
        f'The user "{user}" is either not valid SMTP address, or there is no matching information.'
    )
    assert [e.user for e in _r(exo, "david.chen@acme.com").calendar if e.user != "Default"] == []
    assert len(exo.state.data.journal) == start


@pytest.mark.parametrize(
    ("user", "printed"),
    [("finance-team@acme.com", "Finance Team"), ("support@acme.com", "Support")],
    ids=["mail-enabled-security-group", "shared-mailbox"],
)
def test_a_security_group_or_a_mailbox_is_granted(exo: Exo, user: str, printed: str) -> None:
    """A mail-enabled security group is a security principal: Exchange grants it as it grants a mailbox."""
    added = exo.run(
        "Add-MailboxFolderPermission",
        Identity="david.chen@acme.com:\\Calendar",
        User=user,
        AccessRights=["Reviewer"],
    )["value"][0]

    assert (added["User"], added["AccessRights"]) == (printed, ["Reviewer"])
    listed = exo.run("Get-MailboxFolderPermission", Identity="david.chen@acme.com:\\Calendar")["value"]
    assert (printed, ["Reviewer"]) in [(e["User"], e["AccessRights"]) for e in listed]


def test_sharing_flags_need_editor_and_a_known_role(exo: Exo) -> None:
    """Delegate flags with Reviewer are refused; an unknown role lists the valid ones."""
    exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity="david.chen@acme.com:\\Calendar",
        User="john@acme.com",
        AccessRights=["Reviewer"],
        SharingPermissionFlags="Delegate",
    )
    detail = exo.fail(
        "Add-MailboxFolderPermission",
        400,
        Identity="david.chen@acme.com:\\Calendar",
        User="john@acme.com",
        AccessRights=["ReadOnly"],
    )
    assert "AvailabilityOnly, LimitedDetails" in detail


# ---- recipients and domains -----------------------------------------------------------------------


def test_get_recipient_filter_finds_the_holder_of_an_address(exo: Exo) -> None:
    """-Filter "EmailAddresses -eq 'smtp:contact@acme.com'" finds Info."""
    value = exo.run("Get-Recipient", Filter="EmailAddresses -eq 'smtp:contact@acme.com'")["value"]
    assert [r["PrimarySmtpAddress"] for r in value] == ["info@acme.com"]


def test_get_recipient_of_a_free_address_is_not_found(exo: Exo) -> None:
    """A free address: 404 with ManagementObjectNotFoundException, as the collision check expects."""
    detail = exo.fail("Get-Recipient", 404, Identity="free.address@acme.com")
    assert detail.startswith(
        "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|"
        "The operation couldn't be performed because object 'free.address@acme.com'"
    )


def test_get_recipient_finds_groups_contacts_and_guests(exo: Exo) -> None:
    """Get-Recipient sees every kind: a Microsoft 365 group, a contact, a guest."""
    kinds = [
        exo.run("Get-Recipient", Identity=i)["value"][0]["RecipientTypeDetails"]
        for i in ("project-phoenix@acme.com", "john@partnerfirm.example", "vera@vendorco.example")
    ]
    assert kinds == ["GroupMailbox", "MailContact", "GuestMailUser"]


def test_bad_filter_is_refused(exo: Exo) -> None:
    """A filter outside the supported syntax, or on an unknown property, fails binding."""
    exo.fail("Get-Recipient", 400, Filter="EmailAddresses equals contact")
    exo.fail("Get-Recipient", 400, Filter="Colour -eq 'blue'")


def test_accepted_domains_are_the_verified_ones(exo: Exo) -> None:
    """acme.com (default), acme.co.uk and the initial domain; never the unverified newacme.com."""
    domains = exo.run("Get-AcceptedDomain")["value"]
    assert [(d["DomainName"], d["DomainType"], d["Default"]) for d in domains] == [
        ("acme.com", "Authoritative", True),
        ("acme.co.uk", "Authoritative", False),
        ("acmecorp.onmicrosoft.com", "Authoritative", False),
    ]
