"""Calendar sharing: Get-MailboxFolderStatistics (to learn the calendar's localized name) and
Get-/Add-/Set-/Remove-MailboxFolderPermission on "<mailbox>:\\<calendar folder>" and on
"<mailbox>:\\<inbox folder>".

The calendar is named by its own name (Recipient.calendar_folder_name: "Calendar" unless localised, e.g.
"Kalender", which Get-MailboxFolderStatistics -FolderScope Calendar tells), with one or two backslashes, or
as `<mailbox>:<FolderId>`; "Calendar" does not find a localised calendar (see _folder_of). The Inbox by
its own name (Recipient.inbox_folder_name: "Inbox" unless localised, which Get-MailboxFolderStatistics
-FolderScope Inbox tells). Every folder has a Default and an Anonymous entry;
the emulator shows them even when the tenant state holds none (a calendar's Default: AvailabilityOnly, an
Inbox's: None; Anonymous: None), and removing one sets it to None, as Exchange does. Other entries print
the grantee's display name as `User`. The calendar-only roles (AvailabilityOnly, LimitedDetails) and the
sharing flags are refused on the Inbox. A calendar entry's delegate flags (SharingPermissionFlags) outlive a
Set- that does not name them, as in Exchange Online (_flags). Only these two folders are emulated: any
other is not found.
Add- grants only a security principal (a mailbox, a mail user or a mail-enabled security group): any
other list, a Microsoft 365 group or a contact is refused as a value that names nobody (_FOLDER_USERS).
"""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any, Literal

from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.cmdlets.common import record, unchanged
from mailwarden.emulator.exchange.errors import CmdletError, ambiguous, object_not_found, task_error
from mailwarden.emulator.exchange.params import choice, choices, flag, result_size, text
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import MAILBOXES, resolve
from mailwarden.emulator.state import CalendarEntry, Recipient, TenantState

_ALREADY = "Microsoft.Exchange.Management.StoreTasks.UserAlreadyExistsInPermissionEntryException"
_MISSING = "Microsoft.Exchange.Management.StoreTasks.UserNotFoundInPermissionEntryException"
_INVALID_USER = "Microsoft.Exchange.Management.StoreTasks.InvalidExternalUserIdException"
_SPECIAL = {"default": "Default", "anonymous": "Anonymous"}
# Who -User may name on Add-MailboxFolderPermission: Microsoft's page for the cmdlet ([MS-AddFolderPerm],
# learn.microsoft.com/powershell/module/exchange/add-mailboxfolderpermission, -User) lists the security
# principals that can be granted folder permissions: mailbox users, mail users and mail-enabled security
# groups. A distribution list that is not security-enabled, a dynamic list, a Microsoft 365 group or a
# mail contact is no security principal; Exchange does not find it as a folder user and answers with the
# sentence it gives a value that names nobody (as the emulator's Add-MailboxPermission -User and
# Add-RecipientPermission -Trustee do, cmdlets/permissions.py), not a hint about what would work.
_FOLDER_USERS = frozenset(
    {"UserMailbox", "SharedMailbox", "RoomMailbox", "GuestMailUser", "MailUser", "MailUniversalSecurityGroup"}
)
_SPECIAL_RIGHTS = {"Default": ["AvailabilityOnly"], "Anonymous": ["None"]}
_INBOX_SPECIAL_RIGHTS = {"Default": ["None"], "Anonymous": ["None"]}
_CALENDAR_ONLY_RIGHTS = frozenset({"AvailabilityOnly", "LimitedDetails"})
_NOTIFIABLE_RIGHTS = frozenset({"AvailabilityOnly", "LimitedDetails", "Reviewer", "Editor"})
Folder = Literal["calendar", "inbox"]
"""Which emulated folder a permission cmdlet names: "calendar" or "inbox"."""
_FOLDER_IDENTITY = re.compile(r"^(?P<mailbox>.+?):\\+(?P<folder>[^\\]+)\\*$")
_FOLDER_BY_ID = re.compile(r"^(?P<mailbox>.+):(?P<id>LgAAAA[A-Za-z0-9+/=]+)$")
_NS = uuid.UUID("3c1d8a52-7b6e-4f0a-9d2c-6e5f4a3b2c1d")

_ACCESS_RIGHTS = choices(
    "Microsoft.Exchange.Management.StoreTasks.MailboxFolderAccessRight[]",
    "None",
    "Owner",
    "PublishingEditor",
    "Editor",
    "PublishingAuthor",
    "Author",
    "NonEditingAuthor",
    "Reviewer",
    "Contributor",
    "AvailabilityOnly",
    "LimitedDetails",
    "CreateItems",
    "ReadItems",
    "CreateSubfolders",
    "FolderOwner",
    "FolderContact",
    "FolderVisible",
    "EditOwnedItems",
    "EditAllItems",
    "DeleteOwnedItems",
    "DeleteAllItems",
)
_SHARING_FLAGS = choices(
    "Microsoft.Exchange.Data.Storage.Management.MailboxFolderPermissionFlags",
    "None",
    "Delegate",
    "CanViewPrivateItems",
)
_FOLDER_SCOPE = choice(
    "Microsoft.Exchange.Data.Storage.Management.ElcFolderType",
    "All",
    "Archive",
    "Calendar",
    "Contacts",
    "ConversationHistory",
    "DeletedItems",
    "Drafts",
    "Inbox",
    "JunkEmail",
    "Journal",
    "LegacyArchiveJournals",
    "ManagedCustomFolder",
    "NonIpmRoot",
    "Notes",
    "Outbox",
    "Personal",
    "RecoverableItems",
    "RssSubscriptions",
    "SentItems",
    "SyncIssues",
    "Tasks",
)
# Well-known folders a mailbox shows besides its calendar: (scope, name, type, container class).
_OTHER_FOLDERS = (
    ("Inbox", "Inbox", "Inbox", "IPF.Note"),
    ("Contacts", "Contacts", "Contacts", "IPF.Contact"),
    ("SentItems", "Sent Items", "SentItems", "IPF.Note"),
    ("DeletedItems", "Deleted Items", "DeletedItems", "IPF.Note"),
    ("Drafts", "Drafts", "Drafts", "IPF.Note"),
)


# ---- folders ------------------------------------------------------------------------------------


def _folder_id(box: Recipient, folder: str) -> str:
    raw = uuid.uuid5(_NS, f"{box.id}:{folder}").bytes * 2
    return "LgAAAA" + base64.b64encode(raw).decode()


def _folder(box: Recipient, name: str, folder_type: str, container: str) -> dict[str, Any]:
    return {
        "Identity": f"{serialize.name_of(box)}\\{name}",
        "Name": name,
        "FolderPath": f"/{name}",
        "FolderType": folder_type,
        "FolderId": _folder_id(box, folder_type),
        "ContainerClass": container,
        "ItemsInFolder": 0,
        "FolderSize": "0 B (0 bytes)",
    }


@cmdlet(
    "Get-MailboxFolderStatistics",
    entity="MailboxFolderStatistics",
    required=("Identity",),
    Identity=text,
    FolderScope=_FOLDER_SCOPE,
    ResultSize=result_size,
)
def get_mailbox_folder_statistics(call: Call) -> Result:
    box = resolve(call.state, call.params.text("Identity"), kinds=MAILBOXES)
    scope = call.params.get("FolderScope") or "All"
    folders = [_folder(box, box.calendar_folder_name, "Calendar", "IPF.Appointment")]
    folders += [
        _folder(box, box.inbox_folder_name if kind == "Inbox" else name, kind, container)
        for s, name, kind, container in _OTHER_FOLDERS
    ]
    if scope != "All":
        folders = [f for f in folders if f["FolderType"] == scope]
    return Result(items=folders)


def _folder_of(state: TenantState, identity: str) -> tuple[Recipient, Folder]:
    """The mailbox and folder `identity` names: `<mailbox>:\\<folder name>` by the folder's own (localised)
    name, or `<mailbox>:<FolderId>` as Get-MailboxFolderStatistics prints the id.

    A folder path is the folder's name in the mailbox, not a well-known alias: a mailbox set up in German
    has no folder "Calendar", so `<mailbox>:\\Calendar` is not found there (Exchange needs "the exact folder
    name ... for Multilanguage organization because the calendar folder can have different names",
    anewmessagehasarrived.blogspot.com/2012/03; admin tooling reads the name or id first with
    Get-MailboxFolderStatistics -FolderScope Calendar: CIPP-API Set-CIPPCalendarPermission.ps1 "Prefer
    locale-independent FolderId ... folder name mismatches leave ACEs unreachable", Invoke-ListCalendar
    Permissions.ps1, /work/shared/exchange-api.md [CIPP-RemoveCal])."""
    text = identity.strip()
    match = _FOLDER_IDENTITY.match(text)
    if match is None:
        by_id = _FOLDER_BY_ID.match(text)
        if by_id is None:
            raise object_not_found(identity)
        box = resolve(state, by_id.group("mailbox"), kinds=MAILBOXES)
        kinds: tuple[tuple[Folder, str], ...] = (("calendar", "Calendar"), ("inbox", "Inbox"))
        for kind, folder_type in kinds:
            if by_id.group("id") == _folder_id(box, folder_type):
                return box, kind
        raise object_not_found(identity)
    box = resolve(state, match.group("mailbox"), kinds=MAILBOXES)
    folder = match.group("folder").lower()
    if folder == box.calendar_folder_name.lower():
        return box, "calendar"
    if folder == box.inbox_folder_name.lower():
        return box, "inbox"
    raise object_not_found(identity)


def _held(box: Recipient, folder: Folder) -> list[CalendarEntry]:
    return box.inbox if folder == "inbox" else box.calendar


def _folder_name(box: Recipient, folder: Folder) -> str:
    return box.inbox_folder_name if folder == "inbox" else box.calendar_folder_name


# ---- permission entries -------------------------------------------------------------------------


def _entries(box: Recipient, folder: Folder = "calendar") -> list[CalendarEntry]:
    """The folder's entries with Default and Anonymous first, as Exchange lists them."""
    held = _held(box, folder)
    defaults = _INBOX_SPECIAL_RIGHTS if folder == "inbox" else _SPECIAL_RIGHTS
    seed = "" if folder == "calendar" else f"{folder}:"
    special = [
        next(
            (e for e in held if e.user == who),
            CalendarEntry(
                entry_id=str(uuid.uuid5(_NS, f"{box.id}:{seed}{who}")), user=who, access_rights=list(rights)
            ),
        )
        for who, rights in defaults.items()
    ]
    return special + [e for e in held if e.user not in _SPECIAL_RIGHTS]


def _user_key(state: TenantState, value: str, held: list[CalendarEntry] | None = None) -> tuple[str, str]:
    """(entry user key, printed name) of the -User value: Default, Anonymous or a recipient.

    With `held` (Get-, Set-, Remove-MailboxFolderPermission: the folder's entries) the display name an
    entry of that folder prints also names its grantee, when one entry prints it: Get-MailboxFolderPermission
    prints User as a display name and admin tooling removes by it (CIPP Remove-CIPPCalendarPermissions.ps1,
    /work/shared/exchange-api.md [CIPP-RemoveCal]). Add- takes only what recipient identities take."""
    special = _SPECIAL.get(value.strip().lower())
    if special:
        return special, special
    try:
        grantee = resolve(state, value, identity=False)
    except CmdletError as error:
        if error.status != 404:
            raise
        wanted = value.strip().lower()
        printing = [e for e in (held or []) if _printed_user(state, e).lower() == wanted]
        if len(printing) == 1:
            return printing[0].user, _printed_user(state, printing[0])
        if printing:
            raise ambiguous(value) from error
        raise _invalid_user(value) from error
    return grantee.id, grantee.display_name


def _invalid_user(value: str) -> CmdletError:
    return task_error(
        f'The user "{value}" is either not valid SMTP address, or there is no matching information.',
        _INVALID_USER,
    )


def _printed_user(state: TenantState, entry: CalendarEntry) -> str:
    if entry.user in _SPECIAL_RIGHTS:
        return entry.user
    grantee = state.get(entry.user)
    return grantee.display_name if grantee else entry.user


def _render(
    state: TenantState, box: Recipient, entry: CalendarEntry, kind: Folder = "calendar"
) -> dict[str, Any]:
    folder = _folder_name(box, kind)
    return {
        "Identity": f"{serialize.name_of(box)}:\\{folder}",
        "FolderName": folder,
        "User": _printed_user(state, entry),
        "AccessRights": list(entry.access_rights),
        "SharingPermissionFlags": None
        if entry.sharing_permission_flags == "None"
        else entry.sharing_permission_flags,
        "IsValid": True,
    }


def _flags(call: Call, rights: list[str], folder: Folder = "calendar", held: str | None = None) -> str:
    """The entry's SharingPermissionFlags after Add- (`held` None) or Set- (`held`: the entry's flags now).

    Microsoft's pages for the two cmdlets ([MS-AddFolderPerm]; Set-MailboxFolderPermission, DESCRIPTION and
    examples 3 to 6): Set without SharingPermissionFlags and without SendNotificationToUser leaves a
    delegate a delegate (with private items if they had them), whatever AccessRights it sets; with
    SendNotificationToUser ($true or $false) and no flags, the flags default to None, which ends the
    delegate access; SharingPermissionFlags Delegate alone takes private items away. The parameter, None
    included, is taken only with AccessRights Editor on a calendar (an admin reports Reviewer with
    SharingPermissionFlags None failing, github.com/MicrosoftDocs/office-docs-powershell/issues/6327), and
    SendNotificationToUser only on a calendar with AvailabilityOnly, LimitedDetails, Reviewer or Editor."""
    given = call.params.get("SharingPermissionFlags")
    notify = call.params.get("SendNotificationToUser")
    flags = [f for f in (given or []) if f != "None"]
    if folder != "calendar":
        if _CALENDAR_ONLY_RIGHTS & set(rights):
            raise task_error(
                f"The access right {sorted(_CALENDAR_ONLY_RIGHTS & set(rights))[0]} is valid only for "
                "calendar folders."
            )
        if given is not None:
            raise task_error("SharingPermissionFlags can be used only on a calendar folder.")
        if notify is not None:
            raise task_error("SendNotificationToUser can be used only on a calendar folder.")
        return "None"
    if notify is not None and not (len(rights) == 1 and rights[0] in _NOTIFIABLE_RIGHTS):
        raise task_error(
            "SendNotificationToUser can be used only with the AvailabilityOnly, LimitedDetails, Reviewer or "
            "Editor access right on a calendar folder."
        )
    if given is None:
        # Set keeps the flags unless SendNotificationToUser is given; Add starts with none.
        return held if held is not None and notify is None else "None"
    if rights != ["Editor"]:
        raise task_error(
            "SharingPermissionFlags can be used only with the Editor access right on a calendar folder."
        )
    if "CanViewPrivateItems" in flags and "Delegate" not in flags:
        raise task_error("The CanViewPrivateItems flag can be used only together with the Delegate flag.")
    return ", ".join(f for f in ("Delegate", "CanViewPrivateItems") if f in flags) or "None"


def _no_entry(printed: str) -> CmdletError:
    """Set-/Get-/Remove-MailboxFolderPermission -User for someone with no entry: an error, not a warning,
    in Exchange's words "There is no existing permission entry found for user: secretary."
    (UserNotFoundInPermissionEntryException; Add- on an existing one: "An existing permission entry was found
    for user: secretary.", UserAlreadyExistsInPermissionEntryException), as an admin quotes Exchange Online
    answering Set-MailboxFolderPermission (arkkar.wordpress.com, 2013-10-20, "Setup secretary permissions
    to manager calendar in Office 365"; checked for sec40: the emulator already matched)."""
    return task_error(f"There is no existing permission entry found for user: {printed}.", _MISSING, 404)


@cmdlet(
    "Get-MailboxFolderPermission",
    entity="MailboxFolderPermission",
    required=("Identity",),
    Identity=text,
    User=text,
)
def get_mailbox_folder_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box, folder = _folder_of(state, p.text("Identity"))
    entries = _entries(box, folder)
    if p.get("User") is not None:
        key, printed = _user_key(state, p.text("User"), _held(box, folder))
        entries = [e for e in entries if e.user == key]
        if not entries:
            raise _no_entry(printed)
    return Result(items=entries, render=lambda e: _render(state, box, e, folder))


@cmdlet(
    "Add-MailboxFolderPermission",
    entity="MailboxFolderPermission",
    required=("Identity", "User", "AccessRights"),
    Identity=text,
    User=text,
    AccessRights=_ACCESS_RIGHTS,
    SharingPermissionFlags=_SHARING_FLAGS,
    SendNotificationToUser=flag,
)
def add_mailbox_folder_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box, folder = _folder_of(state, p.text("Identity"))
    key, printed = _user_key(state, p.text("User"))
    grantee = state.get(key)
    if grantee is not None and grantee.kind not in _FOLDER_USERS:
        raise _invalid_user(p.text("User"))
    if any(e.user == key for e in _entries(box, folder)):
        raise task_error(f"An existing permission entry was found for user: {printed}.", _ALREADY)
    rights = list(p.get("AccessRights"))
    entry = CalendarEntry(
        user=key, access_rights=rights, sharing_permission_flags=_flags(call, rights, folder)
    )
    _held(box, folder).append(entry)
    record(
        call,
        box.primary_smtp,
        user=_address(state, key),
        access_rights=rights,
        sharing_permission_flags=entry.sharing_permission_flags,
        **_folder_detail(box, folder),
    )
    return Result(items=[entry], render=lambda e: _render(state, box, e, folder))


@cmdlet(
    "Set-MailboxFolderPermission",
    entity="MailboxFolderPermission",
    required=("Identity", "User", "AccessRights"),
    Identity=text,
    User=text,
    AccessRights=_ACCESS_RIGHTS,
    SharingPermissionFlags=_SHARING_FLAGS,
    SendNotificationToUser=flag,
)
def set_mailbox_folder_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box, folder = _folder_of(state, p.text("Identity"))
    key, printed = _user_key(state, p.text("User"), _held(box, folder))
    current = next((e for e in _entries(box, folder) if e.user == key), None)
    if current is None:
        raise _no_entry(printed)
    rights = list(p.get("AccessRights"))
    flags = _flags(call, rights, folder, held=current.sharing_permission_flags)
    if current.access_rights == rights and current.sharing_permission_flags == flags:
        return Result(warnings=[unchanged(f"{serialize.name_of(box)}:\\{_folder_name(box, folder)}")])
    held = _held(box, folder)
    if current not in held:  # a Default or Anonymous entry the state did not hold yet
        held.insert(0, current)
    current.access_rights = rights
    current.sharing_permission_flags = flags
    record(
        call,
        box.primary_smtp,
        user=_address(state, key),
        access_rights=rights,
        sharing_permission_flags=flags,
        **_folder_detail(box, folder),
    )
    return Result()


@cmdlet(
    "Remove-MailboxFolderPermission",
    entity="MailboxFolderPermission",
    required=("Identity", "User"),
    Identity=text,
    User=text,
    SendNotificationToUser=flag,
)
def remove_mailbox_folder_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box, folder = _folder_of(state, p.text("Identity"))
    key, printed = _user_key(state, p.text("User"), _held(box, folder))
    current = next((e for e in _entries(box, folder) if e.user == key), None)
    if current is None:
        raise _no_entry(printed)
    held = _held(box, folder)
    if key in _SPECIAL_RIGHTS:
        # Default and Anonymous cannot go away; removing them takes their rights.
        if current not in held:
            held.insert(0, current)
        current.access_rights = ["None"]
        current.sharing_permission_flags = "None"
    else:
        held[:] = [e for e in held if e.user != key]
    record(call, box.primary_smtp, user=_address(state, key), **_folder_detail(box, folder))
    return Result()


def _folder_detail(box: Recipient, folder: Folder) -> dict[str, str]:
    """What the journal says of the folder: nothing for the calendar (its records are as they were)."""
    return {} if folder == "calendar" else {"folder": _folder_name(box, folder)}


def _address(state: TenantState, key: str) -> str:
    grantee = state.get(key)
    return grantee.primary_smtp if grantee else key
