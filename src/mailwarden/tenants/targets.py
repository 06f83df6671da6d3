"""Policy targets: each shared mailbox and list of a tenant, with its owners and its sensitivity.

Discovery proposes them: owners as the directory has them (a list's owners; for a shared mailbox, the
accountable person discovery found), and a mailbox or list named like hr@, payroll@ or finance@ is
suggested sensitive (stricter policy: no self-service). Admins review and change them with
`mailwarden tenant targets`; what an admin set is kept across re-discoveries, what discovery proposed is
refreshed. The policy reads them through `org_overrides` (Cedar's `sensitive` and `owners`).

Stored per tenant in the database (a tenant document, store/documents.py; an old
`<home>/tenants/<key>/targets.json` is imported once), changed in one transaction that holds it, so two
servers never lose each other's change; owners by recipient id so an address change does not lose them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, JsonValue

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.recipients import Recipient, RecipientKind

if TYPE_CHECKING:
    from mailwarden.store.db import Store
    from mailwarden.workspace import Workspace

__all__ = [
    "Changes",
    "Target",
    "TargetFile",
    "diff_directories",
    "load_targets",
    "org_overrides",
    "propose_targets",
    "refresh_targets",
    "update_targets",
]

TARGETS_KIND = "targets"
SENSITIVE_NAMES = frozenset(
    {"hr", "payroll", "finance", "legal", "board", "executive", "exec", "ceo", "salary"}
)
"""Words in a mailbox's or list's address that suggest it is sensitive (an admin confirms or undoes it)."""
_TARGET_KINDS = frozenset(
    {
        RecipientKind.SHARED_MAILBOX,
        RecipientKind.DISTRIBUTION_LIST,
        RecipientKind.MAIL_ENABLED_SECURITY,
        RecipientKind.M365_GROUP,
    }
)


class Target(BaseModel):
    """One shared mailbox or list as the policy sees it."""

    recipient_id: str
    address: str
    display_name: str
    kind: RecipientKind
    owners: list[str] = Field(default_factory=list)
    """Recipient ids of the approvers for self-service on this resource."""
    owners_set_by_admin: bool = False
    sensitive: bool = False
    sensitivity_set_by_admin: bool = False

    @property
    def self_service(self) -> bool:
        """Whether employees may ask for access themselves (owners approve); never on a sensitive resource."""
        return not self.sensitive


class Changes(BaseModel):
    """What a re-discovery found different from the last one (addresses, for people to read)."""

    new: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    owners_changed: list[str] = Field(default_factory=list)
    members_changed: list[str] = Field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.new or self.removed or self.owners_changed or self.members_changed)


class TargetFile(BaseModel):
    tenant: str
    updated: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    targets: dict[str, Target] = Field(default_factory=dict)
    last_changes: Changes | None = None


def _suggest_sensitive(recipient: Recipient) -> bool:
    words = set(re.split(r"[^a-z0-9]+", recipient.primary_address.split("@", 1)[0].lower()))
    return bool(words & SENSITIVE_NAMES)


def propose_targets(tenant_key: str, directory: Directory, previous: TargetFile | None = None) -> TargetFile:
    """Targets for every shared mailbox and list: discovery's proposal, keeping what admins set before."""
    before = previous.targets if previous is not None else {}
    targets: dict[str, Target] = {}
    for r in sorted(directory, key=lambda r: r.primary_address):
        if r.kind not in _TARGET_KINDS:
            continue
        old = before.get(r.recipient_id)
        target = Target(
            recipient_id=r.recipient_id,
            address=r.primary_address,
            display_name=r.display_name,
            kind=r.kind,
            owners=list(r.owners),
            sensitive=_suggest_sensitive(r),
        )
        if old is not None and old.owners_set_by_admin:
            target.owners, target.owners_set_by_admin = list(old.owners), True
        if old is not None and old.sensitivity_set_by_admin:
            target.sensitive, target.sensitivity_set_by_admin = old.sensitive, True
        targets[r.recipient_id] = target
    return TargetFile(tenant=tenant_key, targets=targets)


def diff_directories(old: Directory, new: Directory) -> Changes:
    """New and removed recipients, and the shared mailboxes and lists whose owners or members changed."""
    old_ids = {r.recipient_id for r in old}
    new_ids = {r.recipient_id for r in new}
    changes = Changes(
        new=sorted(r.primary_address for r in new if r.recipient_id not in old_ids),
        removed=sorted(r.primary_address for r in old if r.recipient_id not in new_ids),
    )
    for r in new:
        was = old.get(r.recipient_id)
        if was is None:
            continue
        if set(was.owners) != set(r.owners):
            changes.owners_changed.append(r.primary_address)
        if set(was.members) != set(r.members):
            changes.members_changed.append(r.primary_address)
    changes.owners_changed.sort()
    changes.members_changed.sort()
    return changes


# ---- the file ---------------------------------------------------------------------------------------


def load_targets(workspace: Workspace, tenant_key: str) -> TargetFile | None:
    """The tenant's targets, or None before its first discovery."""
    body = workspace.documents.get(tenant_key, TARGETS_KIND)
    return None if body is None else _parse(tenant_key, body)


def _parse(tenant_key: str, body: str) -> TargetFile:
    try:
        return TargetFile.model_validate_json(body)
    except ValueError as exc:
        raise ConfigError(
            f"The stored targets of tenant {tenant_key!r} are not valid ({exc.__class__.__name__}); "
            f"run 'mailwarden tenant discover --tenant {tenant_key}' to propose them again."
        ) from None


def refresh_targets(workspace: Workspace, tenant_key: str, old: Directory, new: Directory) -> TargetFile:
    """After a discovery: re-propose the targets (admins' settings kept) and record what changed."""

    def change(body: str | None) -> str:
        previous = None if body is None else _parse(tenant_key, body)
        file = propose_targets(tenant_key, new, previous)
        # The first discovery has nothing to compare with; listing every recipient as "new" says nothing.
        file.last_changes = diff_directories(old, new) if len(old) else None
        return file.model_dump_json(indent=1)

    return _parse(tenant_key, workspace.documents.update(tenant_key, TARGETS_KIND, change))


# ---- admins' changes ----------------------------------------------------------------------------------


def _target(file: TargetFile, directory: Directory, reference: str) -> Target:
    recipient = resolve(directory, reference)
    target = file.targets.get(recipient.recipient_id)
    if target is None:
        raise ConfigError(
            f"{recipient.primary_address!r} is not a shared mailbox or list, so it has no policy target."
        )
    return target


def _owner_ids(directory: Directory, references: Sequence[str]) -> list[str]:
    owners: list[str] = []
    for reference in references:
        person = resolve(directory, reference)
        if person.kind is not RecipientKind.USER or not person.enabled:
            raise ConfigError(f"{person.primary_address!r} cannot be an owner: owners are enabled users.")
        owners.append(person.recipient_id)
    return list(dict.fromkeys(owners))


def update_targets(
    workspace: Workspace,
    tenant_key: str,
    directory: Directory,
    *,
    actor: str,
    sensitive: Iterable[str] = (),
    not_sensitive: Iterable[str] = (),
    owners: Mapping[str, Sequence[str]] | None = None,
) -> TargetFile:
    """Apply an admin's changes (all or nothing) and audit each one with its before and after."""
    audits: list[tuple[Target, str, JsonValue, JsonValue]] = []

    def change(body: str | None) -> str:
        file = _parse(tenant_key, body) if body is not None else propose_targets(tenant_key, directory)
        audits.clear()
        for reference, flag in [*((r, True) for r in sensitive), *((r, False) for r in not_sensitive)]:
            target = _target(file, directory, reference)
            if target.sensitive != flag or not target.sensitivity_set_by_admin:
                audits.append((target, "sensitive", target.sensitive, flag))
            target.sensitive, target.sensitivity_set_by_admin = flag, True
        for reference, people in (owners or {}).items():
            target = _target(file, directory, reference)
            ids = _owner_ids(directory, people)
            named = [o.primary_address for o in map(directory.get, ids) if o is not None]
            was = [o.primary_address for o in map(directory.get, target.owners) if o is not None]
            audits.append((target, "owners", list(was), list(named)))
            target.owners, target.owners_set_by_admin = ids, True
        file.updated = dt.datetime.now(dt.UTC)
        return file.model_dump_json(indent=1)

    file = _parse(tenant_key, workspace.documents.update(tenant_key, TARGETS_KIND, change))
    for target, field, before, after in audits:
        workspace.audit.append(
            tenant=tenant_key,
            event="tenant.target_changed",
            actor=actor,
            target=target.address,
            before={field: before},
            after={field: after},
        )
    if audits:
        workspace.audit.checkpoint()  # the admin's change is complete: sign and witness the head
    return file


def owner_ids_now(store: Store, tenant_key: str, recipient: Recipient) -> tuple[str, ...]:
    """The ids of `recipient`'s owners as the policy reckons them (the ones an admin set replace the
    directory's), read from the store alone: for a drift scan and the notices' sender, which have no
    workspace."""
    from mailwarden.store.documents import TenantDocuments

    body = TenantDocuments(store).get(tenant_key, TARGETS_KIND)
    target = _parse(tenant_key, body).targets.get(recipient.recipient_id) if body is not None else None
    if target is not None and target.owners_set_by_admin:
        return tuple(target.owners)
    return tuple(recipient.owners)


def owners_now(store: Store, tenant_key: str, directory: Directory, recipient_id: str) -> list[Recipient]:
    """The active owners (enabled people) of one recipient, as `owner_ids_now` reckons them."""
    recipient = directory.get(recipient_id)
    if recipient is None:
        return []
    found = (directory.get(i) for i in owner_ids_now(store, tenant_key, recipient))
    return [o for o in found if o is not None and o.kind is RecipientKind.USER and o.enabled]


def org_overrides(
    workspace: Workspace, tenant_key: str, directory: Directory
) -> tuple[frozenset[str], Mapping[str, tuple[str, ...]]]:
    """What the policy takes from the targets: the sensitive recipient ids, and the owners admins set.

    Owners discovery proposed are the directory's own and need no override; only recipients still in the
    directory count.
    """
    file = load_targets(workspace, tenant_key)
    if file is None:
        # Before the first 'tenant discover' wrote the targets, discovery's proposal is in force all the same:
        # what 'tenant targets' shows is what the policy gets.
        file = propose_targets(tenant_key, directory)
    present = [t for t in file.targets.values() if t.recipient_id in directory]
    sensitive = frozenset(t.recipient_id for t in present if t.sensitive)
    owners = {
        t.recipient_id: tuple(o for o in t.owners if o in directory) for t in present if t.owners_set_by_admin
    }
    return sensitive, MappingProxyType(owners)
