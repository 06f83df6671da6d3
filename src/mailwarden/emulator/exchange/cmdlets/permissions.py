"""Full Access (Get-/Add-/Remove-MailboxPermission) and Send As (Get-/Add-/Remove-RecipientPermission).

Exchange answers a grant that already exists, and a removal of a grant that does not, with a warning and
no output rather than an error (the ACL is already as asked). The sentences are Exchange's: "The
appropriate access control entry is already present on the object ..." (the object and account as printed
here are UNCONFIRMED: no source found, sec40) and "Can't remove the access control entry on the object
"<its AD distinguished name>" for account ... because the ACE doesn't exist on the object." (CIPP matches
the latter; the object's form: TechNet wiki 31321, see `_absent`).
"""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.cmdlets.common import record_change
from mailwarden.emulator.exchange.errors import SERVER, task_error
from mailwarden.emulator.exchange.params import choice, choices, flag, result_size, text
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import MAILBOXES, resolve
from mailwarden.emulator.state import FullAccessEntry, Recipient, TenantState

SELF = "NT AUTHORITY\\SELF"
_MAILBOX_RIGHTS = choices(
    "Microsoft.Exchange.Management.RecipientTasks.MailboxRights[]",
    "ChangeOwner",
    "ChangePermission",
    "DeleteItem",
    "ExternalAccount",
    "FullAccess",
    "ReadPermission",
)
_INHERITANCE = choice(
    "System.DirectoryServices.ActiveDirectorySecurityInheritance",
    "None",
    "All",
    "Children",
    "Descendents",
    "SelfAndChildren",
)
_RECIPIENT_RIGHTS = choices("Microsoft.Exchange.Management.RecipientTasks.RecipientAccessRight[]", "SendAs")
# Security principals: what an access control entry can name.
_PRINCIPALS = ("UserMailbox", "SharedMailbox", "RoomMailbox", "GuestMailUser", "MailUniversalSecurityGroup")


def _trustee(call: Call, value: str) -> Recipient:
    # -User and -Trustee bind a SecurityPrincipalIdParameter, which finds only security principals: a
    # distribution list that is not security-enabled, a dynamic list, a Microsoft 365 group or a contact is
    # not found as one, and Exchange answers with its "no matching information" sentence (the one real
    # admins quote for Add-MailboxPermission -User <list>), not a hint about what would work.
    trustee = resolve(call.state, value, identity=False)
    if trustee.kind not in _PRINCIPALS:
        raise task_error(
            f'The user "{value}" is either not valid SMTP address, or there is no matching information.'
        )
    return trustee


def _present(box: Recipient, trustee: Recipient) -> str:
    return (
        f'The appropriate access control entry is already present on the object "{serialize.name_of(box)}" '
        f'for account "{serialize.trustee_name(trustee)}".'
    )


def _absent(state: TenantState, box: Recipient, trustee: Recipient) -> str:
    """The warning of a removal of an ACE that is not there. Exchange names the object by its Active
    Directory distinguished name in the tenant's forest: 'Can't remove the access control entry on the
    object "CN=USER,OU=DOMAIN.ONMICROSOFT.COM,OU=MICROSOFT EXCHANGE HOSTED ORGANIZATIONS,DC=NAMPRXXXXXX,
    DC=XXXX,DC=OUTLOOK,DC=COM" for account "NAMPRXXXXXX\\XXXXXXX-XXXXXXXXXXXX" because the ACE doesn't exist
    on the object.' (TechNet wiki 31321, "Exchange Server/Online: The ACE doesn't exist on the object", for
    Remove-MailboxPermission and Remove-RecipientPermission alike; sec40). The account is the forest's
    DOMAIN\\account there, redacted in the source: the emulator keeps the trustee as the cmdlets print it."""
    forest = ",".join(f"DC={part}" for part in SERVER.split(".")[1:])
    where = (
        f"CN={serialize.name_of(box)},OU={state.tenant.initial_domain},"
        f"OU=Microsoft Exchange Hosted Organizations,{forest}"
    )
    return (
        f'Can\'t remove the access control entry on the object "{where}" for account '
        f'"{serialize.trustee_name(trustee)}" because the ACE doesn\'t exist on the object.'
    )


def _full_access_rights(call: Call) -> None:
    rights = call.params.get("AccessRights") or []
    if rights != ["FullAccess"] and set(rights) != {"FullAccess"}:
        raise task_error(
            "The emulated tenant models only the FullAccess mailbox right; send AccessRights FullAccess."
        )


# ---- Full Access ---------------------------------------------------------------------------------


def _mailbox_entry(box: Recipient, user: str, rights: list[str]) -> dict[str, Any]:
    return {
        "Identity": serialize.name_of(box),
        "User": user,
        "AccessRights": rights,
        "IsInherited": False,
        "Deny": False,
        "InheritanceType": "All",
        "IsValid": True,
    }


@cmdlet("Get-MailboxPermission", entity="MailboxPermission", required=("Identity",), Identity=text, User=text)
def get_mailbox_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box = resolve(state, p.text("Identity"), kinds=MAILBOXES)
    entries = [_mailbox_entry(box, SELF, ["FullAccess", "ReadPermission"])]
    for grant in box.full_access:
        trustee = state.get(grant.trustee_id)
        if trustee is not None:
            entries.append(
                {
                    **_mailbox_entry(box, serialize.trustee_name(trustee), ["FullAccess"]),
                    "UserSid": trustee.id,
                }
            )
    if p.get("User") is not None:
        wanted = resolve(state, p.text("User"), identity=False)
        entries = [e for e in entries if e.get("UserSid") == wanted.id]
    for entry in entries:
        entry.pop("UserSid", None)
    return Result(items=entries)


@cmdlet(
    "Add-MailboxPermission",
    entity="MailboxPermission",
    required=("Identity", "User", "AccessRights"),
    Identity=text,
    User=text,
    AccessRights=_MAILBOX_RIGHTS,
    AutoMapping=flag,
    InheritanceType=_INHERITANCE,
)
def add_mailbox_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box = resolve(state, p.text("Identity"), kinds=MAILBOXES)
    trustee = _trustee(call, p.text("User"))
    _full_access_rights(call)
    if any(g.trustee_id == trustee.id for g in box.full_access):
        return Result(warnings=[_present(box, trustee)])
    automapping = p.get("AutoMapping")
    box.full_access.append(
        FullAccessEntry(trustee_id=trustee.id, automapping=True if automapping is None else automapping)
    )
    record_change(
        call,
        box,
        box.primary_smtp,
        trustee=trustee.primary_smtp,
        access_rights=["FullAccess"],
        automapping=box.full_access[-1].automapping,
    )
    return Result(items=[_mailbox_entry(box, serialize.trustee_name(trustee), ["FullAccess"])])


@cmdlet(
    "Remove-MailboxPermission",
    entity="MailboxPermission",
    required=("Identity", "User", "AccessRights"),
    Identity=text,
    User=text,
    AccessRights=_MAILBOX_RIGHTS,
    InheritanceType=_INHERITANCE,
    BypassMasterAccountSid=flag,
)
def remove_mailbox_permission(call: Call) -> Result:
    state, p = call.state, call.params
    box = resolve(state, p.text("Identity"), kinds=MAILBOXES)
    trustee = resolve(state, p.text("User"), identity=False)
    _full_access_rights(call)
    if not any(g.trustee_id == trustee.id for g in box.full_access):
        return Result(warnings=[_absent(call.state, box, trustee)])
    box.full_access = [g for g in box.full_access if g.trustee_id != trustee.id]
    record_change(call, box, box.primary_smtp, trustee=trustee.primary_smtp, access_rights=["FullAccess"])
    return Result()


# ---- Send As -------------------------------------------------------------------------------------


def _recipient_entry(target: Recipient, trustee: str) -> dict[str, Any]:
    return {
        "Identity": serialize.name_of(target),
        "Trustee": trustee,
        "AccessControlType": "Allow",
        "AccessRights": ["SendAs"],
        "IsInherited": False,
        "InheritanceType": "None",
        "IsValid": True,
    }


@cmdlet(
    "Get-RecipientPermission",
    entity="RecipientPermission",
    Identity=text,
    Trustee=text,
    AccessRights=_RECIPIENT_RIGHTS,
    ResultSize=result_size,
)
def get_recipient_permission(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Identity") is not None:
        targets = [resolve(state, p.text("Identity"))]
    else:
        targets = [state.recipients[i] for i in state.sorted_ids()]
    wanted = resolve(state, p.text("Trustee"), identity=False) if p.get("Trustee") is not None else None
    entries: list[dict[str, Any]] = []
    for target in targets:
        # A mailbox may always send as itself; Exchange lists that as an entry for SELF.
        if target.is_mailbox and wanted is None:
            entries.append(_recipient_entry(target, SELF))
        for trustee_id in target.send_as:
            trustee = state.get(trustee_id)
            if trustee is not None and (wanted is None or wanted.id == trustee.id):
                entries.append(_recipient_entry(target, serialize.trustee_name(trustee)))
    return Result(items=entries)


@cmdlet(
    "Add-RecipientPermission",
    entity="RecipientPermission",
    required=("Identity", "Trustee", "AccessRights"),
    Identity=text,
    Trustee=text,
    AccessRights=_RECIPIENT_RIGHTS,
)
def add_recipient_permission(call: Call) -> Result:
    state, p = call.state, call.params
    target = resolve(state, p.text("Identity"))
    trustee = _trustee(call, p.text("Trustee"))
    if trustee.id in target.send_as:
        return Result(warnings=[_present(target, trustee)])
    target.send_as.append(trustee.id)
    record_change(call, target, target.primary_smtp, trustee=trustee.primary_smtp, access_rights=["SendAs"])
    return Result(items=[_recipient_entry(target, serialize.trustee_name(trustee))])


@cmdlet(
    "Remove-RecipientPermission",
    entity="RecipientPermission",
    required=("Identity", "Trustee", "AccessRights"),
    Identity=text,
    Trustee=text,
    AccessRights=_RECIPIENT_RIGHTS,
)
def remove_recipient_permission(call: Call) -> Result:
    state, p = call.state, call.params
    target = resolve(state, p.text("Identity"))
    trustee = resolve(state, p.text("Trustee"), identity=False)
    if trustee.id not in target.send_as:
        return Result(warnings=[_absent(call.state, target, trustee)])
    target.send_as = [i for i in target.send_as if i != trustee.id]
    record_change(call, target, target.primary_smtp, trustee=trustee.primary_smtp, access_rights=["SendAs"])
    return Result()
