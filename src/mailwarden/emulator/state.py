"""The emulated tenant's state: directory objects, mailboxes, permissions, apps, and a journal.

One `TenantState` holds one tenant. It is plain data (pydantic models) with indexes for lookups, and it
persists to a JSON file in the state folder, with the saves that name what they changed appended to a
change file beside it (change_file.py). Several processes may serve the same folder (two CLI commands at
once, each with its own emulator): every request runs inside `state.transaction()`, which takes a file
lock, reloads the files if another process changed them, and saves after a change. Reads of an unchanged
tenant cost a `stat` and a read of the small generation file.

Identifiers follow Microsoft: directory objects have GUID ids; Exchange refers to the same objects by
name, alias, address, UPN or GUID.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from filelock import FileLock

if sys.platform != "win32":
    import fcntl
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from mailwarden.emulator.change_file import TenantFile

from mailwarden.data_folder import LOCK_MODE, private_dir, write_private
from mailwarden.emulator.change_tracking import ChangeLog

RecipientTypeDetails = Literal[
    "UserMailbox",
    "SharedMailbox",
    "RoomMailbox",
    "GuestMailUser",
    "MailUser",
    "MailContact",
    "MailUniversalDistributionGroup",
    "MailUniversalSecurityGroup",
    "GroupMailbox",
    "DynamicDistributionGroup",
]
GroupKind = Literal["distribution", "mailEnabledSecurity", "unified"]
JoinRestriction = Literal["Open", "Closed", "ApprovalRequired"]
Visibility = Literal["Public", "Private", "HiddenMembership"]

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000"
EXCHANGE_MANAGE_AS_APP_ROLE = "dc50a0fb-09a3-484d-be87-e023b12c6440"
EXCHANGE_ADMIN_ROLE_TEMPLATE = "29232cdf-9323-42fd-ade2-1d097af3e4de"
EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE = "31392ffb-586c-42d1-9346-e59415a2cc4e"
GLOBAL_ADMIN_ROLE_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13"
USER_ADMIN_ROLE_TEMPLATE = "fe930be7-5e62-47db-91af-98c3a49a38b1"

# Graph application permissions (app roles of Microsoft Graph) the emulator knows by value.
GRAPH_APP_ROLES: dict[str, str] = {
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
    "Group.ReadWrite.All": "62a82d76-70ea-41e2-9197-370581804d09",
    "GroupMember.ReadWrite.All": "dbaae8cf-10b5-4b86-a4a1-f871c94c6695",
    "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    "Domain.Read.All": "dbb9058a-0e50-45d7-ae91-66909b5d4664",
    "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    "RoleManagement.Read.Directory": "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
    "Calendars.ReadWrite": "ef54d2bf-783f-4e0f-bca1-3210c0444d99",
    "MailboxSettings.Read": "40f97065-369a-49f4-947c-6a255697ae91",
    "Organization.Read.All": "498476ce-e0fe-48b0-b801-37ba7e2685c6",
    "OrgContact.Read.All": "e1a88a34-94c4-4418-be12-c87b00e26bea",
    "Calendars.Read": "798ee544-9d2d-430c-a058-570e29e34338",
    "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
    "GroupMember.Read.All": "98830695-27a2-44f7-8c18-0c3ebc9698f6",
    # the unified audit log's Exchange records (Graph's audit log query API; see ../drift/audit_source.py)
    "AuditLogsQuery-Exchange.Read.All": "6b0d2622-d34e-4470-935b-b96550e5ca8d",
    # notifications: mailwarden sends from a mailbox the admin names (sendMail), and the demo's web app
    # reads what reached each person (the emulated mailbox), so the demo app holds the read roles too.
    "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
    "Mail.Read": "810c84a8-4a9e-49e6-bf7d-12d183f40d01",
    "Mail.ReadBasic.All": "693c5e45-0940-467d-9b8a-1022fb9d42ef",
}
# Graph application permissions an admin's own tools hold and mailwarden's app never asks for: tests use them
# to change the tenant behind mailwarden's back, as another admin would.
GRAPH_ADMIN_APP_ROLES: dict[str, str] = {
    "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
    "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    "RoleManagement.ReadWrite.Directory": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
    "User-PasswordProfile.ReadWrite.All": "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7",
    "User.RevokeSessions.All": "77f3a031-c388-4f99-b373-dc68676a979e",
}
# Graph application permissions an admin may grant mailwarden for an optional feature; not in its default
# consent: TeamsActivity.Send lets it post to an approver's Teams activity feed (notifications/channels.py).
GRAPH_OPTIONAL_APP_ROLES: dict[str, str] = {"TeamsActivity.Send": "a267235f-af13-44dc-8385-c1dc93023186"}
EXCHANGE_APP_ROLES: dict[str, str] = {"Exchange.ManageAsApp": EXCHANGE_MANAGE_AS_APP_ROLE}


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return str(uuid.uuid4())


# Epoch seconds; tests of the replication lag move it instead of sleeping.
_clock = time.time


def _copy(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    return list(value) if isinstance(value, list) else value


class TenantInfo(BaseModel):
    id: str
    name: str
    display_name: str
    initial_domain: str


class Domain(BaseModel):
    name: str
    verified: bool
    default: bool = False
    initial: bool = False


class FullAccessEntry(BaseModel):
    trustee_id: str
    automapping: bool = True


class CalendarEntry(BaseModel):
    """One entry of a mailbox's Calendar (or Inbox) folder permissions (Get-MailboxFolderPermission)."""

    entry_id: str = Field(default_factory=new_id)
    user: str  # a recipient id, or "Default" / "Anonymous"
    access_rights: list[str]
    sharing_permission_flags: str = "None"


class InboxRule(BaseModel):
    """One Inbox rule of a mailbox (New-InboxRule / Get-InboxRule), as far as the emulator models it: the
    actions that send mail on. Each target is a recipient id (inside the tenant) or an SMTP address that
    no recipient holds (outside)."""

    rule_identity: str  # Exchange's RuleIdentity: an unsigned 64-bit number, printed as text
    name: str
    enabled: bool = True
    priority: int = 1
    forward_to: list[str] = Field(default_factory=list)
    redirect_to: list[str] = Field(default_factory=list)
    forward_as_attachment_to: list[str] = Field(default_factory=list)
    subject_contains_words: list[str] = Field(default_factory=list)
    stop_processing_rules: bool = False
    # A hidden rule (made through MAPI or EWS, never by New-InboxRule, and a common way to hide a forwarding
    # from the user) is left out by Get-InboxRule unless -IncludeHidden is given (Microsoft's Get-InboxRule
    # page: "IncludeHidden ... includes hidden rules in the results").
    hidden: bool = False
    # Each target inside the tenant as it was printed when the rule was made (`"Name" [EX:<DN>]`): a rule
    # keeps the address-book entry it was given, not a link to the object, so a target deleted since is
    # still printed by its DN (and still routed to that DN, which no longer delivers).
    entries: dict[str, str] = Field(default_factory=dict)


class Recipient(BaseModel):
    """A mail-enabled object: a user or a mailbox (user, shared, room), a guest, a contact, a group."""

    id: str
    kind: RecipientTypeDetails
    display_name: str
    alias: str
    primary_smtp: str
    # Exchange's Name (what Identity prints and -Identity accepts besides the alias and addresses): None
    # reads as the alias, which Exchange Online gave cloud objects before MC365786; since then a new
    # mailbox's Name is its directory id, and New-DistributionGroup's is its -Name.
    name: str | None = None
    email_addresses: list[str]  # proxy addresses: "SMTP:primary", "smtp:secondary"
    # Exchange's LegacyExchangeDN, formed once when the object is made (with its alias then) and kept when
    # the alias changes; None reads as formed from the alias now (resolve.legacy_dn), which is frozen here
    # before a -Alias change (security 27: a DN's alias tail names the alias of the creation).
    legacy_exchange_dn: str | None = None
    exchange_guid: str = Field(default_factory=new_id)
    created: str = Field(default_factory=_now)
    # users (mailbox users, shared and room mailboxes, guests)
    user_principal_name: str | None = None
    given_name: str | None = None
    surname: str | None = None
    department: str | None = None
    job_title: str | None = None
    manager_id: str | None = None
    account_enabled: bool = True
    # Graph's signInSessionsValidFromDateTime: sessions and refresh tokens issued before it are invalid.
    # revokeSignInSessions and a password reset set it to now; None reads as the account's creation.
    sign_in_sessions_valid_from: str | None = None
    # mailbox settings
    forwarding_address: str | None = None  # a recipient id (internal)
    forwarding_smtp_address: str | None = None
    deliver_to_mailbox_and_forward: bool = False
    grant_send_on_behalf_to: list[str] = Field(default_factory=list)
    full_access: list[FullAccessEntry] = Field(default_factory=list)
    send_as: list[str] = Field(default_factory=list)
    calendar: list[CalendarEntry] = Field(default_factory=list)
    calendar_folder_name: str = "Calendar"
    # the Inbox's permission entries (a reviewer there reads the mail that lands); its name is localised too
    inbox: list[CalendarEntry] = Field(default_factory=list)
    inbox_folder_name: str = "Inbox"
    # Inbox rules (a rule that forwards or redirects sends the mail that lands on, as forwarding does)
    inbox_rules: list[InboxRule] = Field(default_factory=list)
    # groups
    owners: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)
    member_join_restriction: JoinRestriction = "Closed"
    # Microsoft 365 groups: who may see and join it (Graph's `visibility`); None reads as the join restriction
    visibility: Visibility | None = None
    description: str | None = None
    # Graph's isAssignableToRole: set only when the group is made and never changed after; only such a group
    # can hold a directory role, and its members hold the roles it holds (learn.microsoft.com/entra/identity/
    # role-based-access-control/groups-concept). A Microsoft 365 group here (a security group without mail is
    # no recipient); Graph shows it securityEnabled.
    assignable_to_role: bool = False
    # contacts, guests and mail users: the outside address mail to them is sent on to
    external_address: str | None = None
    # hidden from the global address list (Exchange's HiddenFromAddressListsEnabled)
    hidden_from_address_lists: bool = False
    # synchronized from on-premises Active Directory (Entra Connect): Exchange's IsDirSynced, Graph's
    # onPremisesSyncEnabled; Exchange Online refuses to change what on-premises masters (a list's members)
    dir_synced: bool = False
    # dynamic distribution groups: the OPATH filter that picks members when mail is sent
    recipient_filter: str | None = None

    @property
    def is_group(self) -> bool:
        return self.kind in (
            "MailUniversalDistributionGroup",
            "MailUniversalSecurityGroup",
            "GroupMailbox",
        )

    @property
    def is_user(self) -> bool:
        # A mail user is an Entra user (userType Member) whose mail goes to an outside address.
        return self.kind in ("UserMailbox", "SharedMailbox", "RoomMailbox", "GuestMailUser", "MailUser")

    @property
    def in_directory(self) -> bool:
        """Whether Entra ID (and so Graph) knows the object: a dynamic distribution group lives only in
        Exchange, with no ExternalDirectoryObjectId."""
        return self.kind != "DynamicDistributionGroup"

    @property
    def is_mailbox(self) -> bool:
        return self.kind in ("UserMailbox", "SharedMailbox", "RoomMailbox")

    @property
    def group_kind(self) -> GroupKind | None:
        return {
            "MailUniversalDistributionGroup": "distribution",
            "MailUniversalSecurityGroup": "mailEnabledSecurity",
            "GroupMailbox": "unified",
        }.get(self.kind)  # type: ignore[return-value]

    def smtp_addresses(self) -> list[str]:
        """Every SMTP proxy address, lower case, without prefix."""
        return [a.split(":", 1)[1].lower() for a in self.email_addresses if a.lower().startswith("smtp:")]


class ClientSecret(BaseModel):
    key_id: str = Field(default_factory=new_id)
    secret: str
    end: str  # ISO time; a secret past its end is refused with AADSTS7000222


class ClientCertificate(BaseModel):
    key_id: str = Field(default_factory=new_id)
    thumbprint_sha1: str  # hex, upper case
    thumbprint_sha256: str
    public_pem: str
    end: str


class Application(BaseModel):
    """An app registration with its service principal in this tenant (app-only clients)."""

    app_id: str
    sp_id: str = Field(default_factory=new_id)
    display_name: str
    secrets: list[ClientSecret] = Field(default_factory=list)
    certificates: list[ClientCertificate] = Field(default_factory=list)
    # (resource app id, app role id) pairs consented for the app
    app_role_assignments: list[tuple[str, str]] = Field(default_factory=list)
    # directory role template ids assigned to the service principal
    directory_roles: list[str] = Field(default_factory=list)
    # seconds a newly assigned role takes to reach Exchange (propagation delay)
    role_assigned_at: str | None = None
    # Graph's isFallbackPublicClient ("Allow public client flows"): needed for the device code grant
    is_fallback_public_client: bool = False
    # Exchange's RBAC for applications: the Exchange service principal made with New-ServicePrincipal (its
    # object id) and the management roles assigned to it with New-ManagementRoleAssignment -App
    exchange_sp_id: str | None = None
    exchange_roles: list[str] = Field(default_factory=list)


class ResourceServicePrincipal(BaseModel):
    app_id: str
    sp_id: str
    display_name: str
    app_roles: dict[str, str]  # value -> id


class JournalEntry(BaseModel):
    seq: int
    time: str
    api: Literal["graph", "exchange", "emulator"]
    operation: str
    target: str
    detail: dict[str, Any] = Field(default_factory=dict)
    actor: str | None = None
    """Who made the change: the calling app's id, or the person an outside change is made as (outside.py)."""
    parameters: dict[str, Any] | None = None
    """An Exchange cmdlet's parameters as the caller sent them (the audit record's Parameters)."""


class Switches(BaseModel):
    """Misconfigurations an admin can get wrong when setting up app-only access."""

    no_exchange_consent: bool = False
    no_exchange_role: bool = False
    role_propagation_seconds: int = 0
    # the demo app is registered in another tenant, not this one (AADSTS700016)
    wrong_tenant: bool = False
    # the demo app's client secrets are past their end date (AADSTS7000222)
    expired_secret: bool = False
    # every write reaches reads (Graph and Exchange) only this many seconds later, as Entra and
    # Exchange's directory replicate: Graph's "Add members" and "Update group" pages send readers to
    # "Designing for Eventual Consistency for Microsoft Entra", and msgraph-sdk-java issue 2575 shows a
    # group created by POST answering 404 to an immediate GET. (Microsoft can also refuse a write naming
    # an object not yet replicated; the emulator does not: writes always meet the latest state.)
    replication_lag_seconds: int = 0
    # an Exchange admin action reaches the unified audit log only this many seconds later (Microsoft:
    # "typically 60 to 90 minutes" for Exchange, no guarantee); audit_log.py
    audit_log_lag_seconds: int = 0
    # an audit log query stays "running" this many seconds before it has succeeded
    audit_query_seconds: int = 0


_Collection = Literal["recipients", "applications", "user_directory_roles"]
_LAGGED_COLLECTIONS: tuple[_Collection, ...] = ("recipients", "applications", "user_directory_roles")


class PendingWrite(BaseModel):
    """One object's version from before a write that reads do not see yet (None: it did not exist)."""

    collection: _Collection
    key: str
    written_at: float  # epoch seconds
    before: Any = None


class MailItem(BaseModel):
    """One message in a mailbox folder, as Graph's `message` JSON (mail.py builds and reads it)."""

    folder: Literal["inbox", "sentitems"]
    message: dict[str, Any]


class OutboundMail(BaseModel):
    """A message that left the tenant for an outside address: kept, never delivered anywhere."""

    sent: str
    sender: str
    to: list[str]
    subject: str


class TeamsApp(BaseModel):
    """An app in the organisation's Teams catalog: its catalog id, its manifest's id (`externalId`) and the
    Entra app its `webApplicationInfo` names (the app whose tokens may send activity in its name)."""

    id: str
    external_id: str
    display_name: str
    azure_ad_app_id: str | None = None


class TenantData(BaseModel):
    """Everything persisted about one emulated tenant."""

    tenant: TenantInfo
    domains: list[Domain]
    recipients: dict[str, Recipient] = Field(default_factory=dict)
    # Mailboxes removed without -Permanent (Remove-Mailbox): soft-deleted, restorable for 30 days in
    # Exchange Online; only Get-Recipient -IncludeSoftDeletedRecipients finds them, and their addresses
    # stay reserved (exchange/addresses.py).
    soft_deleted: dict[str, Recipient] = Field(default_factory=dict)
    applications: dict[str, Application] = Field(default_factory=dict)
    resource_sps: list[ResourceServicePrincipal] = Field(default_factory=list)
    # users holding the Exchange Administrator role (people, not apps)
    user_directory_roles: dict[str, list[str]] = Field(default_factory=dict)
    signing_key_pem: str = ""
    journal: list[JournalEntry] = Field(default_factory=list)
    switches: Switches = Field(default_factory=Switches)
    # what Graph delta queries have seen (change_tracking.py)
    change_log: ChangeLog = Field(default_factory=ChangeLog)
    # writes still inside the replication lag, oldest first (empty unless the switch is on)
    pending_writes: list[PendingWrite] = Field(default_factory=list)
    # Graph audit log queries (security/auditLog/queries), by id
    audit_queries: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # mailbox contents by recipient id (Graph sendMail delivers, /messages reads); oldest first
    mailboxes: dict[str, list[MailItem]] = Field(default_factory=dict)
    outbound: list[OutboundMail] = Field(default_factory=list)
    # Teams: the org's app catalog, the apps installed in each user's personal scope (user id -> catalog
    # ids), and the activity feed notifications each user received (teamwork.py), oldest first
    teams_apps: dict[str, TeamsApp] = Field(default_factory=dict)
    teams_installed: dict[str, list[str]] = Field(default_factory=dict)
    activity_feed: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


class TenantState:
    """A `TenantData` with lookup indexes, optional persistence and cross-process locking."""

    def __init__(self, data: TenantData, path: Path | None = None) -> None:
        self.data = data
        self.path = path
        self._lock = threading.RLock()
        self._file_lock = ProcessLock(Path(str(path) + ".lock")) if path else None
        self._file_stamp: tuple[int, ...] | None = None
        self._file_generation: bytes | None = None  # the generation file as last read or written
        self._dirty = False
        # What the next save must write: the whole file, or the recipients named as changed and the journal
        # entries past `_journal_saved` (appended to the change file, whose lines apply to the tenant file
        # of digest `_base`).
        self._whole = True
        self._touched: set[str] = set()
        self._journal_saved = 0
        self._base = ""
        self._base_bytes = 0
        self._changes_bytes = 0
        # Group commit (transaction()): changes made in memory / saved to the file, counted; transactions
        # waiting for the lock; the outermost transaction's depth.
        self._made = 0
        self._saved = 0
        self._entering = 0
        self._entering_lock = threading.Lock()
        self._depth = 0
        self._holding = False  # this process holds the file lock (from a transaction's start to its save)
        self._pins = 0  # blocks inside `pinned()`: the file lock stays held until the last one ends
        self._saved_cond = threading.Condition(self._lock)
        self._lost: list[tuple[int, int]] = []  # changes (after, through] a failed save dropped
        # Bumped by every change and reload, so change tracking skips its scan when nothing happened.
        self.generation = 0
        self.scanned_generation: int | None = None
        # what reads last saw committed, per lagged collection; kept only while the lag is on
        self._committed: dict[str, dict[str, Any]] | None = None
        self._changed = False
        # Who the running request acts as, and the cmdlet parameters it sent: the journal's actor and
        # parameters (not persisted; set per request by the Exchange and Graph faces and outside.py).
        self.actor: str | None = None
        self.cmdlet_parameters: dict[str, Any] | None = None
        self.reindex()

    # ---- persistence -------------------------------------------------------------------------
    @classmethod
    def load_or_create(cls, path: Path, factory: Any) -> TenantState:
        """Open the tenant persisted at `path`, creating it with `factory()` on first use."""
        from mailwarden.emulator.change_file import read_tenant

        private_dir(path.parent)
        with FileLock(str(path) + ".lock", mode=LOCK_MODE):
            if path.exists():
                read = read_tenant(path)
                state = cls(read.data, path)
                state._adopt(read)
            else:
                state = cls(factory(), path)
                state._save()
            state._know_file()
        return state

    def _stamp(self) -> tuple[int, ...] | None:
        """Which file is at the path now, as far as stat can tell. Not enough alone: many kernels stamp the
        mtime at their clock tick, and a replaced file's inode number may be reused once nothing holds the
        old one open, so a save of the same size within one tick can look like none. The generation file
        (`_generation_path`) settles it."""
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)

    def _generation_path(self) -> Path:
        return Path(f"{self.path}.gen")

    def _read_generation(self) -> bytes:
        try:
            return self._generation_path().read_bytes()
        except FileNotFoundError:
            return b""

    def _know_file(self) -> None:
        """Take the file now at the path as the one this copy holds (called under the file lock)."""
        self._file_stamp = self._stamp()
        self._file_generation = self._read_generation()

    def _load(self) -> None:
        """Read the tenant file and its change file (called under the file lock)."""
        from mailwarden.emulator.change_file import read_tenant

        assert self.path is not None
        self._adopt(read_tenant(self.path))

    def _adopt(self, read: TenantFile) -> None:
        self.data = read.data
        self._base, self._base_bytes, self._changes_bytes = read.base, read.base_bytes, read.changes_bytes
        self._whole = False
        self._touched.clear()
        self._journal_saved = len(self.data.journal)
        self.reindex()
        self._committed = None
        self._know_file()

    def _save_changes(self) -> None:
        """Append what changed to the change file when every change was named, else rewrite the file."""
        from mailwarden.emulator import change_file

        assert self.path is not None
        journal = self.data.journal
        if self._whole or not self._base or len(journal) < self._journal_saved:
            self._save()
            return
        changed = {rid: self.data.recipients.get(rid) for rid in self._touched}
        line = change_file.change_line(self._base, changed, journal[self._journal_saved :])
        if self._changes_bytes + len(line) > self._base_bytes // 2:  # folded in: a load reads little more
            self._save()
            return
        generation = secrets.token_hex(16).encode()  # first, as in _save
        write_private(self._generation_path(), generation)
        change_file.append(self.path, line)
        self._changes_bytes += len(line)
        self._touched.clear()
        self._journal_saved = len(journal)
        self._file_generation = generation

    def compact(self) -> None:
        """Fold the change file into the tenant file (the emulator stopping: a reader of the tenant file
        alone, or a person editing it, then sees every change)."""
        if self.path is None or self._file_lock is None:
            return
        with self._lock, self._file_lock:
            if self._changes_bytes:
                self._reload_if_changed()
                self._save()

    def _save(self) -> None:
        from mailwarden.emulator import change_file

        assert self.path is not None
        # Every save gets a new random generation, written before the file (under the file lock, as every
        # read of it is): a process that stops between the two leaves the others a reload they did not
        # need, never a change they cannot see. It replaces holding the last file open for its inode
        # number, which cost every tenant a descriptor for its life (a thousand-tenant emulator ran out).
        generation = secrets.token_hex(16).encode()
        write_private(self._generation_path(), generation)
        # The tenant's state holds its token signing key: private from the first byte.
        raw = self.data.model_dump_json().encode()
        write_private(self.path, raw)
        # A stop here leaves change lines naming the old file's digest: skipped from now on.
        change_file.remove_changes(self.path)
        self._base, self._base_bytes, self._changes_bytes = change_file.digest(raw), len(raw), 0
        self._whole = False
        self._touched.clear()
        self._journal_saved = len(self.data.journal)
        self._file_stamp = self._stamp()
        self._file_generation = generation

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TenantState]:
        """Run one request: see other processes' changes first; return only once ours are in the file.

        Saving rewrites the whole file, so transactions that arrive together share one save (a group
        commit): one that changed something and sees others waiting to run lets them run first, and waits
        for the save that covers all of them, made by the last of them. Either way its changes are in
        the file before it returns, so an answer sent after it is never lost to a crash; other
        processes wait on the file lock until then (it is held from the first unsaved change to its
        save), so none reads the file without a change another process has answered for.
        """
        if self._file_lock is None:
            with self._lock:
                self._before_writes()
                try:
                    yield self
                finally:
                    self._after_writes()
            return
        with self._entering_lock:
            self._entering += 1
        with self._lock:
            with self._entering_lock:
                self._entering -= 1
            if self._depth:  # nested: the outermost transaction persists
                yield self
                return
            self._depth = 1
            try:
                if not self._holding:
                    self._file_lock.acquire()
                    self._holding = True
                    self._reload_if_changed()
                self._dirty = False
                self._before_writes()
                try:
                    yield self
                finally:
                    self._after_writes()
                    if self._dirty:
                        self._dirty = False
                        self._made += 1
            finally:
                self._depth = 0
                self._persist(self._made)

    def _reload_if_changed(self) -> None:
        changed = self._stamp() != self._file_stamp or self._read_generation() != self._file_generation
        if changed and self.path is not None and self.path.exists():
            self._load()

    def _persist(self, through: int) -> None:
        """Return once the file holds change `through`; release the file lock when it holds them all.
        Called holding `_lock` once (its wait lets the waiting transactions run)."""
        assert self._file_lock is not None
        while self._saved < through:
            with self._entering_lock:
                others = self._entering
            if others and self._made - self._saved < _GROUP_COMMIT_MAX:
                self._saved_cond.wait(_GROUP_COMMIT_WAIT_S)
                continue
            try:
                self._save_changes()
            except BaseException:
                self._drop_unsaved()
                raise
            self._saved = self._made
            self._saved_cond.notify_all()
        if any(after < through <= last for after, last in self._lost):
            raise OSError("The tenant's file could not be saved, so this change was not made; try again.")
        if self._holding and self._saved == self._made and not self._pins:
            self._holding = False
            self._file_lock.release()

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Hold the file lock from here to the block's end, so that the transactions inside (a Graph
        `$batch`'s items, each run as its own request) skip taking it and looking for other processes'
        saves: 0.4 ms of an item's 1.5 ms. Other processes wait for the whole batch, as they wait for an
        Exchange batch, which runs in one transaction; each item's changes are still saved before it
        answers."""
        if self._file_lock is None:
            yield
            return
        with self._lock:
            if not self._holding:
                self._file_lock.acquire()
                self._holding = True
                self._reload_if_changed()
            self._pins += 1
        try:
            yield
        finally:
            with self._lock:
                self._pins -= 1
                if not self._pins and self._holding and self._saved == self._made:
                    self._holding = False
                    self._file_lock.release()

    def _drop_unsaved(self) -> None:
        """After a failed save: the changes it was to cover are undone (each is answered with an error, so
        none may be saved later by another request's save), the transactions waiting for it fail, and the
        file lock is let go (other processes would otherwise wait for this one's next request)."""
        assert self._file_lock is not None
        self._lost.append((self._saved, self._made))
        # Past the dropped ones: a transaction after this (even one that changes nothing) is not among them.
        self._made += 1
        self._saved = self._made
        self._saved_cond.notify_all()
        try:
            if self.path is not None and self.path.exists():
                self._load()
        finally:
            if self._holding:
                self._holding = False
                self._file_lock.release()

    def mark_dirty(self, *changed: Recipient) -> None:
        """Note a change to be saved. Naming the recipients changed lets the save append them alone (with
        any journal entries): only when nothing else changed, so a handler names them or none."""
        self._dirty = True
        self.generation += 1
        self._changed = True
        if changed:
            self._touched.update(r.id for r in changed)
        else:
            self._whole = True

    # ---- replication lag ---------------------------------------------------------------------
    @property
    def replication_lag(self) -> int:
        return self.data.switches.replication_lag_seconds

    def _before_writes(self) -> None:
        if self.replication_lag and self._committed is None:
            self._committed = self._copy_lagged()

    def _copy_lagged(self) -> dict[str, dict[str, Any]]:
        copied: dict[str, dict[str, Any]] = {}
        for name in _LAGGED_COLLECTIONS:
            items: dict[str, Any] = getattr(self.data, name)
            copied[name] = {k: _copy(v) for k, v in items.items()}
        return copied

    def _after_writes(self) -> None:
        """Note, for each object this transaction changed, its version before the change: reads see that
        version until the lag has passed. A diff against the last committed copy, so that no handler has
        to say what it wrote."""
        if not self._changed:
            return
        self._changed = False
        lag = self.replication_lag
        if not lag:
            self._committed = None
            if self.data.pending_writes:
                self.data.pending_writes = []
                self._dirty = self._whole = True
            return
        if self._committed is None:  # the lag was switched on just now: writes from here on lag
            self._committed = self._copy_lagged()
            return
        now = _clock()
        pending = [w for w in self.data.pending_writes if w.written_at > now - lag]
        for name in _LAGGED_COLLECTIONS:
            current: dict[str, Any] = getattr(self.data, name)
            committed = self._committed[name]
            for key in current.keys() | committed.keys():
                old, new = committed.get(key), current.get(key)
                if old == new:
                    continue
                before = old.model_dump(mode="json") if isinstance(old, BaseModel) else old
                pending.append(PendingWrite(collection=name, key=key, written_at=now, before=before))
                if new is None:
                    del committed[key]
                else:
                    committed[key] = _copy(new)
        self.data.pending_writes = pending
        self._dirty = self._whole = True

    def settles_in(self) -> float:
        """Seconds until reads show every write made so far (0 when they do already)."""
        lag = self.replication_lag
        if not lag or not self.data.pending_writes:
            return 0.0
        return max(0.0, self.data.pending_writes[-1].written_at + lag - _clock())

    def lagged(self) -> TenantState:
        """The tenant as reads see it: each object as it was before its earliest write of the last
        `replication_lag_seconds` seconds. Itself when nothing is pending, so a lag of 0 costs nothing."""
        lag = self.replication_lag
        if not lag or not self.data.pending_writes:
            return self
        cutoff = _clock() - lag
        earliest: dict[tuple[str, str], PendingWrite] = {}
        for w in self.data.pending_writes:
            if w.written_at > cutoff:
                earliest.setdefault((w.collection, w.key), w)
        if not earliest:
            return self
        seen: dict[str, dict[str, Any]] = {
            name: dict(getattr(self.data, name)) for name in _LAGGED_COLLECTIONS
        }
        for (name, key), w in earliest.items():
            if w.before is None:
                seen[name].pop(key, None)
            elif name == "recipients":
                seen[name][key] = Recipient.model_validate(w.before)
            elif name == "applications":
                seen[name][key] = Application.model_validate(w.before)
            else:
                seen[name][key] = list(w.before)
        # Order as the tenant lists them: an object whose creation is not visible yet is simply absent.
        view = self.data.model_copy(update=seen)
        return TenantState(view)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[TenantState]:
        """Restore the state as it is now when the block ends (tests start each case from the seed)."""
        with self._lock:
            saved = self.data.model_copy(deep=True)
        try:
            yield self
        finally:
            with self._lock:
                self.data = saved
                self.reindex()
                self._committed = None
                if self.path is not None and self._file_lock is not None:
                    with self._file_lock:
                        self._save()

    # ---- indexes -----------------------------------------------------------------------------
    def reindex(self) -> None:
        by_address: dict[str, str] = {}
        by_upn: dict[str, str] = {}
        by_alias: dict[str, str] = {}
        by_guid: dict[str, str] = {}
        for rid, r in self.data.recipients.items():
            by_guid[r.exchange_guid] = rid
            for addr in r.smtp_addresses():
                by_address[addr] = rid
            if r.external_address:
                by_address.setdefault(r.external_address.lower(), rid)
            if r.user_principal_name:
                by_upn[r.user_principal_name.lower()] = rid
            by_alias[r.alias.lower()] = rid
        self._by_address = by_address
        self._by_upn = by_upn
        self._by_alias = by_alias
        self._by_guid = by_guid
        self._sorted_ids: list[str] | None = None
        self.generation += 1

    def sorted_ids(self) -> list[str]:
        """Recipient ids in a stable order (creation order of the seed), for paging."""
        if self._sorted_ids is None:
            self._sorted_ids = list(self.data.recipients)
        return self._sorted_ids

    # ---- lookups -----------------------------------------------------------------------------
    @property
    def tenant(self) -> TenantInfo:
        return self.data.tenant

    @property
    def recipients(self) -> dict[str, Recipient]:
        return self.data.recipients

    def get(self, recipient_id: str) -> Recipient | None:
        return self.data.recipients.get(recipient_id)

    def by_address(self, address: str) -> Recipient | None:
        address = address.lower()
        if address.startswith("smtp:"):
            address = address[5:]
        rid = self._by_address.get(address)
        return self.data.recipients.get(rid) if rid else None

    def find(self, identity: str) -> Recipient | None:
        """The recipient an id, ExchangeGuid, address, UPN or alias names (never a display name: Exchange's
        identity parameters do not take one, exchange/resolve.py)."""
        ident = identity.strip()
        low = ident.lower()
        if low in self.data.recipients:
            return self.data.recipients[low]
        if ident in self.data.recipients:
            return self.data.recipients[ident]
        if low in self._by_guid:
            return self.data.recipients[self._by_guid[low]]
        hit = self.by_address(low) if "@" in low else None
        if hit is None and low in self._by_upn:
            hit = self.data.recipients[self._by_upn[low]]
        if hit is None and low in self._by_alias:
            hit = self.data.recipients[self._by_alias[low]]
        return hit

    def address_owner(self, address: str) -> Recipient | None:
        """The recipient holding `address` as any proxy address (or as its UPN)."""
        hit = self.by_address(address)
        if hit is None:
            rid = self._by_upn.get(address.lower())
            hit = self.data.recipients.get(rid) if rid else None
        return hit

    def application(self, app_id: str) -> Application | None:
        return self.data.applications.get(app_id)

    def domain(self, name: str) -> Domain | None:
        for d in self.data.domains:
            if d.name.lower() == name.lower():
                return d
        return None

    def is_internal_address(self, address: str) -> bool:
        domain = address.rsplit("@", 1)[-1].lower()
        d = self.domain(domain)
        return d is not None and d.verified

    # ---- changes -----------------------------------------------------------------------------
    def add_recipient(self, r: Recipient) -> None:
        self.data.recipients[r.id] = r
        self.reindex()
        self.mark_dirty()

    def remove_recipient(self, recipient_id: str) -> None:
        self.data.recipients.pop(recipient_id, None)
        for other in self.data.recipients.values():
            if recipient_id in other.members:
                other.members.remove(recipient_id)
            if recipient_id in other.owners:
                other.owners.remove(recipient_id)
        self.reindex()
        self.mark_dirty()

    def record(
        self, api: Literal["graph", "exchange", "emulator"], operation: str, target: str, **detail: Any
    ) -> JournalEntry:
        """Append to the journal of applied changes (tests compare it with what they asked for). Saved as
        a change of anything (`mark_dirty()`): `record_change` names what the change was."""
        entry = self._journal(api, operation, target, detail)
        self.mark_dirty()
        return entry

    def record_change(
        self,
        changed: Recipient,
        api: Literal["graph", "exchange", "emulator"],
        operation: str,
        target: str,
        **detail: Any,
    ) -> JournalEntry:
        """`record` for a change of `changed` alone, so the save appends it rather than rewrite the file."""
        entry = self._journal(api, operation, target, detail)
        self.mark_dirty(changed)
        return entry

    def _journal(
        self,
        api: Literal["graph", "exchange", "emulator"],
        operation: str,
        target: str,
        detail: dict[str, Any],
    ) -> JournalEntry:
        seq = (self.data.journal[-1].seq + 1) if self.data.journal else 1
        entry = JournalEntry(
            seq=seq,
            time=_now(),
            api=api,
            operation=operation,
            target=target,
            detail=detail,
            actor=self.actor,
            parameters=self.cmdlet_parameters if api == "exchange" else None,
        )
        self.data.journal.append(entry)
        return entry

    def to_json(self) -> str:
        return json.dumps(self.data.model_dump(), indent=1)


_GROUP_COMMIT_MAX = 32
"""Changes one save covers at most: a steady stream of writes still reaches the file this often."""
_GROUP_COMMIT_WAIT_S = 1.0
"""A waiting transaction looks again after this long (the last of its group saves and wakes it first)."""


class ProcessLock:
    """An exclusive lock on a file, shared with every process that locks the same file (as `filelock`
    does, so both can guard one tenant), taken again by the same holder without blocking.

    The descriptor is open only while the lock is held (from a transaction's first change to its save): an
    emulator serving a thousand tenants would otherwise hold a thousand descriptors for nothing, near the
    usual soft limit of 1,024. A bare open and close per hold, not `filelock`'s per-acquire machinery,
    which cost a request on an idle tenant more than the request itself. Callers hold the tenant's
    thread lock, so no two threads use it at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._count = 0
        # Windows has no flock: filelock's own lock there, opened on every acquire.
        self._fallback = FileLock(str(path), mode=LOCK_MODE) if sys.platform == "win32" else None

    def acquire(self) -> None:
        if self._fallback is not None:
            self._fallback.acquire()
            return
        if self._count == 0:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, LOCK_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        self._count += 1

    def release(self) -> None:
        if self._fallback is not None:
            self._fallback.release()
            return
        assert self._fd is not None
        assert self._count > 0
        self._count -= 1
        if self._count == 0:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> ProcessLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
