"""Distribution lists and mail-enabled security groups: Get-/New-/Set-/Remove-DistributionGroup and the
member cmdlets.

These cmdlets never see Microsoft 365 groups (GroupMailbox): Exchange resolves their -Identity among
distribution groups only, so naming a Microsoft 365 group fails with ManagementObjectNotFoundException
(its members are changed with Add-UnifiedGroupLinks, which app-only callers cannot run, or through Graph).
Member errors carry Exchange's sentences (MemberAlreadyExistsException, MemberNotFoundException).
"""

from __future__ import annotations

import re
import uuid

from mailwarden.emulator.exchange import addresses, serialize
from mailwarden.emulator.exchange.cmdlets.common import (
    RECIPIENT_TYPE_DETAILS,
    RECIPIENT_TYPE_DETAILS_TYPE,
    new_alias,
    record,
    record_change,
    unchanged,
)
from mailwarden.emulator.exchange.cmdlets.inbox_rules import keep_entries
from mailwarden.emulator.exchange.errors import ALREADY_EXISTS, SERVER, CmdletError, task_error
from mailwarden.emulator.exchange.filtering import filtered
from mailwarden.emulator.exchange.params import (
    MultiValue,
    choice,
    choices,
    flag,
    multi,
    result_size,
    text,
    texts,
)
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import DISTRIBUTION_GROUPS, MAILBOXES, name_of, resolve, resolve_all
from mailwarden.emulator.state import Recipient, TenantState

_ALREADY_MEMBER = "Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException"
_NOT_MEMBER = "Microsoft.Exchange.Management.Tasks.MemberNotFoundException"
_JOIN = choice(
    "Microsoft.Exchange.Data.Directory.Recipient.MemberUpdateType", "Open", "Closed", "ApprovalRequired"
)
_ALIAS_CHARS = re.compile(r"[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]")
# Owners of a group: people (mailboxes) or mail-enabled security groups.
_OWNER_KINDS = (*MAILBOXES, "MailUniversalSecurityGroup")


def _group(state: TenantState, identity: str) -> Recipient:
    return resolve(state, identity, kinds=DISTRIBUTION_GROUPS)


def _refuse_synced(call: Call, group: Recipient, prop: str) -> None:
    """A list synchronized from on-premises AD is mastered there: Exchange Online refuses to change it.

    The sentence is Exchange's as observed ("The action 'Set-DistributionGroup', '<property>', can't be
    performed on the object '<name>' because the object is being synchronized from your on-premises
    organization. This action should be performed on the object in your on-premises organization.":
    the DistributionGroupMigration module's README; the same for Set-Mailbox in hybrid tenants, e.g. CIPP
    users' reports). The exception type it comes with is not in our sources."""
    if group.dir_synced:
        raise task_error(
            f"The action '{call.cmdlet}', '{prop}', can't be performed on the object "
            f"'{serialize.name_of(group)}' because the object is being synchronized from your on-premises "
            "organization. This action should be performed on the object in your on-premises organization."
        )


@cmdlet(
    "Get-DistributionGroup",
    entity="DistributionGroup",
    Identity=text,
    ResultSize=result_size,
    Filter=text,
    RecipientTypeDetails=choices(RECIPIENT_TYPE_DETAILS_TYPE, *RECIPIENT_TYPE_DETAILS),
)
def get_distribution_group(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Identity") is not None:
        found = [_group(state, p.text("Identity"))]
    else:
        found = [r for i in state.sorted_ids() if (r := state.recipients[i]).kind in DISTRIBUTION_GROUPS]
    kinds = p.get("RecipientTypeDetails")
    if kinds:
        found = [r for r in found if r.kind in kinds]
    if p.get("Filter"):
        found = filtered(state, found, p.text("Filter"), serialize.GROUP)
    return Result(items=found, render=lambda r: serialize.group(state, r))


@cmdlet(
    "New-DistributionGroup",
    entity="DistributionGroup",
    required=("Name",),
    Name=text,
    DisplayName=text,
    Alias=text,
    PrimarySmtpAddress=text,
    Members=texts,
    ManagedBy=texts,
    Notes=text,
    Type=choice("Microsoft.Exchange.Management.RecipientTasks.GroupType", "Distribution", "Security"),
    MemberJoinRestriction=_JOIN,
)
def new_distribution_group(call: Call) -> Result:
    state, p = call.state, call.params
    name = p.text("Name").strip()
    alias = (p.get("Alias") or _ALIAS_CHARS.sub("", name)).strip()
    taken = {n.lower() for r in state.recipients.values() for n in (r.alias, name_of(r))}
    if name.lower() in taken or alias.lower() in taken:
        org = state.tenant.initial_domain
        raise CmdletError(
            400,
            ALREADY_EXISTS,
            f"The object '{SERVER.split('.', 1)[1].lower()}/Microsoft Exchange Hosted "
            f"Organizations/{org}/{name}' already exists.",
        )
    default_domain = next(d.name for d in state.data.domains if d.default)
    primary = addresses.normalize(p.get("PrimarySmtpAddress") or f"{alias}@{default_domain}")
    proxies = addresses.with_primary(state, None, [], primary)
    proxies += _initial_domain_proxy(state, alias, proxies)
    members = resolve_all(state, p.get("Members") or [])
    owners = resolve_all(state, p.get("ManagedBy") or [], kinds=_OWNER_KINDS)
    security = p.get("Type") == "Security"
    group = Recipient(
        id=str(uuid.uuid4()),
        kind="MailUniversalSecurityGroup" if security else "MailUniversalDistributionGroup",
        display_name=p.get("DisplayName") or name,
        alias=alias,
        name=name,
        primary_smtp=addresses.address_of(proxies[0]),
        email_addresses=proxies,
        members=_ids(members),
        owners=_ids(owners),
        member_join_restriction=p.get("MemberJoinRestriction") or "Closed",
        description=p.get("Notes"),
    )
    state.add_recipient(group)
    record(
        call,
        group.primary_smtp,
        name=name,
        kind=group.kind,
        members=[m.primary_smtp for m in members],
        owners=[o.primary_smtp for o in owners],
    )
    return Result(items=[group], render=lambda r: serialize.group(state, r))


def _initial_domain_proxy(state: TenantState, alias: str, proxies: list[str]) -> list[str]:
    """The address Exchange Online's default email address policy gives every new mail-enabled group
    beside the one asked for: alias@<tenant>.onmicrosoft.com (the initial domain), as smtp:. One held by
    another recipient is numbered (alias2@, alias3@ ...; UNCONFIRMED: the numbering Exchange uses), and
    none is added when the primary address is already in the initial domain."""
    domain = state.tenant.initial_domain.lower()
    if any(addresses.address_of(p).endswith("@" + domain) for p in proxies):
        return []
    local, n = alias.lower(), 1
    while state.by_address(f"{local}@{domain}") is not None:
        n += 1
        local = f"{alias.lower()}{n}"
    return [f"smtp:{local}@{domain}"]


@cmdlet(
    "Remove-DistributionGroup",
    entity="DistributionGroup",
    required=("Identity",),
    Identity=text,
    BypassSecurityGroupManagerCheck=flag,
)
def remove_distribution_group(call: Call) -> Result:
    state = call.state
    group = _group(state, call.params.text("Identity"))
    _refuse_synced(call, group, "Identity")
    for other in state.recipients.values():
        if group.id in other.send_as:
            other.send_as.remove(group.id)
        if group.id in other.grant_send_on_behalf_to:
            other.grant_send_on_behalf_to.remove(group.id)
        if other.forwarding_address == group.id:
            other.forwarding_address = None
        for rule in other.inbox_rules:
            keep_entries(state, rule)  # a rule keeps printing the list it sends to by its DN
    state.remove_recipient(group.id)
    record(call, group.primary_smtp, name=serialize.name_of(group))
    return Result()


@cmdlet(
    "Set-DistributionGroup",
    entity="DistributionGroup",
    required=("Identity",),
    Identity=text,
    DisplayName=text,
    Alias=text,
    EmailAddresses=multi,
    PrimarySmtpAddress=text,
    ManagedBy=multi,
    MemberJoinRestriction=_JOIN,
    Notes=text,
    HiddenFromAddressListsEnabled=flag,
    BypassSecurityGroupManagerCheck=flag,
)
def set_distribution_group(call: Call) -> Result:
    state, p = call.state, call.params
    group = _group(state, p.text("Identity"))
    changed = [n for n in p.names() if n not in ("Identity", "BypassSecurityGroupManagerCheck")]
    if changed:
        _refuse_synced(call, group, changed[0])
    changes: dict[str, object] = {}
    proxies = list(group.email_addresses)
    edit: MultiValue | None = p.get("EmailAddresses")
    if edit is not None:
        proxies = (
            addresses.replaced(state, group, edit.replace)
            if edit.replace is not None
            else addresses.edited(state, group, edit.add, edit.remove)
        )
    if p.get("PrimarySmtpAddress") is not None:
        proxies = addresses.with_primary(state, group, proxies, p.text("PrimarySmtpAddress"))
    if proxies != group.email_addresses:
        changes["email_addresses"] = proxies
    owners: MultiValue | None = p.get("ManagedBy")
    if owners is not None:
        if owners.replace is not None:
            new_owners = _ids(resolve_all(state, owners.replace, kinds=_OWNER_KINDS))
        else:
            removed = set(_ids(resolve_all(state, owners.remove, kinds=_OWNER_KINDS)))
            new_owners = [o for o in group.owners if o not in removed]
            new_owners += _ids(resolve_all(state, owners.add, kinds=_OWNER_KINDS))
        changes["owners"] = list(dict.fromkeys(new_owners))
    for param, attr in (
        ("MemberJoinRestriction", "member_join_restriction"),
        ("DisplayName", "display_name"),
        ("Notes", "description"),
    ):
        if p.get(param) is not None:
            changes[attr] = p.get(param)
    if "HiddenFromAddressListsEnabled" in p:
        changes["hidden_from_address_lists"] = bool(p.get("HiddenFromAddressListsEnabled"))
    if p.get("Alias") is not None and p.text("Alias").strip() != group.alias:
        changes["alias"] = new_alias(state, group, p.text("Alias"))
    applied = {k: v for k, v in changes.items() if getattr(group, k) != v}
    if not applied:
        return Result(warnings=[unchanged(serialize.name_of(group))])
    for key, value in applied.items():
        if key == "email_addresses":
            assert isinstance(value, list)
            addresses.store(state, group, value)
        else:
            setattr(group, key, value)
    state.reindex()
    record(call, group.primary_smtp, **applied)
    return Result()


@cmdlet(
    "New-DynamicDistributionGroup",
    entity="DynamicDistributionGroup",
    required=("Name",),
    Name=text,
    DisplayName=text,
    Alias=text,
    PrimarySmtpAddress=text,
    RecipientFilter=text,
    IncludedRecipients=texts,
)
def new_dynamic_distribution_group(call: Call) -> Result:
    """A list whose members Exchange picks by a filter each time mail is sent: it lives only in Exchange
    (Entra ID and so Graph never see it), and no cmdlet of the distribution group family finds it."""
    state, p = call.state, call.params
    if p.get("RecipientFilter") is None and not p.get("IncludedRecipients"):
        raise task_error(
            "You must specify either the RecipientFilter parameter or the IncludedRecipients parameter."
        )
    name = p.text("Name").strip()
    alias = (p.get("Alias") or _ALIAS_CHARS.sub("", name)).strip()
    taken = {n.lower() for r in state.recipients.values() for n in (r.alias, name_of(r))}
    if name.lower() in taken or alias.lower() in taken:
        raise CmdletError(
            400,
            ALREADY_EXISTS,
            f"The object '{SERVER.split('.', 1)[1].lower()}/Microsoft Exchange Hosted "
            f"Organizations/{state.tenant.initial_domain}/{name}' already exists.",
        )
    default_domain = next(d.name for d in state.data.domains if d.default)
    primary = addresses.normalize(p.get("PrimarySmtpAddress") or f"{alias}@{default_domain}")
    proxies = addresses.with_primary(state, None, [], primary)
    included = p.get("IncludedRecipients") or []
    group = Recipient(
        id=str(uuid.uuid4()),
        kind="DynamicDistributionGroup",
        display_name=p.get("DisplayName") or name,
        alias=alias,
        name=name,
        primary_smtp=addresses.address_of(proxies[0]),
        email_addresses=proxies,
        recipient_filter=p.get("RecipientFilter") or f"IncludedRecipients -eq '{','.join(included)}'",
    )
    state.add_recipient(group)
    record(call, group.primary_smtp, name=name, kind=group.kind, filter=group.recipient_filter)
    return Result(items=[group], render=lambda r: serialize.recipient(state, r))


_INCLUDED = re.compile(r"^IncludedRecipients -eq '([^']*)'$")
_INCLUDED_TYPES: dict[str, frozenset[str]] = {
    # The precanned filters Exchange writes for -IncludedRecipients, by RecipientType (a shared or room
    # mailbox is RecipientType UserMailbox; a Microsoft 365 group prints MailUniversalDistributionGroup).
    "mailboxusers": frozenset({"UserMailbox"}),
    "mailcontacts": frozenset({"MailContact"}),
    "mailgroups": frozenset(
        {"MailUniversalDistributionGroup", "MailUniversalSecurityGroup", "DynamicDistributionGroup"}
    ),
    "mailusers": frozenset({"MailUser"}),
}
_RESOURCES = frozenset({"RoomMailbox", "EquipmentMailbox"})


def dynamic_members(state: TenantState, group: Recipient) -> list[Recipient]:
    """The recipients a dynamic distribution group's filter picks (never the group itself), in the
    tenant's order: its -IncludedRecipients as Exchange's precanned filters read them, else its
    RecipientFilter (OPATH, as -Filter reads it on the objects Get-Recipient prints)."""
    others = [r for i in state.sorted_ids() if (r := state.recipients[i]).id != group.id]
    expression = group.recipient_filter or ""
    included = _INCLUDED.match(expression)
    if included is None:
        return filtered(state, others, expression, serialize.RECIPIENT) if expression.strip() else []
    wanted = {v.strip().lower() for v in included.group(1).split(",") if v.strip()}
    if "allrecipients" in wanted:
        return others
    types = frozenset().union(*(_INCLUDED_TYPES.get(v, frozenset()) for v in wanted))
    return [
        r
        for r in others
        if serialize.recipient_type(r) in types or ("resources" in wanted and r.kind in _RESOURCES)
    ]


@cmdlet(
    "Get-DynamicDistributionGroupMember",
    entity="DynamicDistributionGroupMember",
    required=("Identity",),
    Identity=text,
    ResultSize=result_size,
)
def get_dynamic_distribution_group_member(call: Call) -> Result:
    """The members of a dynamic distribution group: the recipients its filter picks, the ones hidden from
    address lists included, printed as Get-DistributionGroupMember prints members (a member list being
    what mail to the group is delivered to). Exchange Online keeps this list on the group and refreshes it
    about every 24 hours, delivering to that list; the emulator computes it when asked, so the list and
    the delivery agree as they do there. Pages as the other ResultSize cmdlets do (1,000 by default, then a
    nextLink). -Identity names a dynamic group only: a distribution list is not found (its members are
    Get-DistributionGroupMember's), as a dynamic group is not found by that cmdlet."""
    state = call.state
    group = resolve(state, call.params.text("Identity"), kinds=("DynamicDistributionGroup",))
    return Result(items=dynamic_members(state, group), render=serialize.member)


# ---- members -------------------------------------------------------------------------------------


@cmdlet(
    "Get-DistributionGroupMember",
    entity="DistributionGroupMember",
    required=("Identity",),
    Identity=text,
    ResultSize=result_size,
)
def get_distribution_group_member(call: Call) -> Result:
    state = call.state
    group = _group(state, call.params.text("Identity"))
    members = [m for m in (state.get(i) for i in group.members) if m is not None]
    return Result(items=members, render=serialize.member)


@cmdlet(
    "Add-DistributionGroupMember",
    entity="DistributionGroupMember",
    required=("Identity", "Member"),
    Identity=text,
    Member=text,
    BypassSecurityGroupManagerCheck=flag,
)
def add_distribution_group_member(call: Call) -> Result:
    state, p = call.state, call.params
    group = _group(state, p.text("Identity"))
    _refuse_synced(call, group, "Members")
    member = resolve(state, p.text("Member"), identity=False)
    if member.id in group.members:
        raise task_error(
            f'The recipient "{p.text("Member")}" is already a member of the group '
            f'"{serialize.name_of(group)}".',
            _ALREADY_MEMBER,
        )
    if member.id == group.id:
        raise task_error(f'The group "{serialize.name_of(group)}" can\'t be a member of itself.')
    group.members.append(member.id)
    record_change(call, group, group.primary_smtp, member=member.primary_smtp)
    return Result()


@cmdlet(
    "Remove-DistributionGroupMember",
    entity="DistributionGroupMember",
    required=("Identity", "Member"),
    Identity=text,
    Member=text,
    BypassSecurityGroupManagerCheck=flag,
)
def remove_distribution_group_member(call: Call) -> Result:
    state, p = call.state, call.params
    group = _group(state, p.text("Identity"))
    _refuse_synced(call, group, "Members")
    member = resolve(state, p.text("Member"), identity=False)
    if member.id not in group.members:
        raise task_error(
            f'The recipient "{p.text("Member")}" isn\'t a member of the group "{serialize.name_of(group)}".',
            _NOT_MEMBER,
        )
    group.members.remove(member.id)
    record_change(call, group, group.primary_smtp, member=member.primary_smtp)
    return Result()


@cmdlet(
    "Update-DistributionGroupMember",
    entity="DistributionGroupMember",
    required=("Identity",),
    Identity=text,
    Members=texts,
    BypassSecurityGroupManagerCheck=flag,
)
def update_distribution_group_member(call: Call) -> Result:
    state, p = call.state, call.params
    group = _group(state, p.text("Identity"))
    _refuse_synced(call, group, "Members")
    members = list(dict.fromkeys(_ids(resolve_all(state, p.get("Members") or []))))
    if members == group.members:
        return Result(warnings=[unchanged(serialize.name_of(group))])
    before = set(group.members)
    group.members = members
    record(
        call,
        group.primary_smtp,
        added=[i for i in members if i not in before],
        removed=[i for i in before if i not in set(members)],
    )
    return Result()


def _ids(recipients: list[Recipient]) -> list[str]:
    return [r.id for r in recipients]
