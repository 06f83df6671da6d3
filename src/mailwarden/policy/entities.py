"""The Cedar entities and context of one step, built from the tenant's directory (schema.cedarschema).

`Org` is what the policy knows of a tenant: its directory, who is an admin, who is a delegate of which
mailbox, which recipients are sensitive and the owners an admin has set; and, for one decision, the records
read live from the tenant (`with_live`), which win over the directory cache.
`step_facts(org, requester, step)` turns one step into the Cedar resource, context and
the entities those refer to. Nothing here decides anything: that is the policy's job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient, RecipientKind, normalize_address
from mailwarden.model.steps import (
    AccessReportStep,
    CalendarShare,
    ChangePrimaryAlias,
    DelegationReport,
    DistributionListLifecycle,
    DistributionListMembership,
    EmailForwardingInternal,
    ListDistributionLists,
    ListGroupMembers,
    ListSharedMailboxes,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
    Step,
    ViewCalendarPermissions,
    ViewMailboxDetails,
    ViewMailboxPermissions,
    ViewSendAsPermissions,
)

if TYPE_CHECKING:
    from mailwarden.directory.live_facts import LiveFacts
    from mailwarden.workflow.list_rights import HeldRight, ListRights

__all__ = [
    "TENANT_ID",
    "Org",
    "StepFacts",
    "UnknownRecipient",
    "counts_as_role_assignable",
    "forwarding_key",
    "hands_over_forwarded_mail_to_members",
    "members_given_mail",
    "readers_key",
    "recipient_entity",
    "recipient_uid",
    "role_assignable_note",
    "step_facts",
    "step_references",
]

TENANT_ID = "tenant"
"""The id of the one `Tenant` entity: the resource of steps that name no recipient."""

_EXTERNAL = "external:"
"""Prefix of the id of an address that is no recipient of the organisation."""

JsonDict = dict[str, Any]
_T = TypeVar("_T")
_MISSING = object()


class UnknownRecipient(LookupError):
    """A step names a recipient (as its resource or as its requester) that the directory does not hold."""

    def __init__(self, role: str, reference: str) -> None:
        self.role = role
        self.reference = reference
        super().__init__(f"The {role} {reference!r} is not a recipient of this organisation.")


@dataclass(frozen=True, eq=False)
class Org:
    """What the policy knows of one tenant."""

    directory: Directory
    admins: frozenset[str] = frozenset()
    """Recipient ids of the holders of the Exchange Administrator role."""
    delegates: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Mailbox id -> ids of who holds Full Access, Send As or Send on Behalf on it."""
    sensitive: frozenset[str] = frozenset()
    """Recipient ids an admin marked sensitive: no self-service on them."""
    owners: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Owners an admin has set (recipient id -> owner ids); they replace the directory's owners."""
    live: Mapping[str, Recipient] = field(default_factory=lambda: MappingProxyType({}))
    """Records read from the tenant for this decision (directory/live_facts.py); they win over the cache."""
    gone: frozenset[str] = frozenset()
    """Ids the tenant no longer holds, though the cache still does."""
    containers: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Group id -> ids of every group it sits in, directly or through others, as the tenant said for this
    decision (Graph transitiveMemberOf); it wins over the cache's nesting."""
    list_rights: ListRights | None = None
    """The mailbox rights of the groups this decision adds people to, read live (workflow/list_rights.py);
    None when nobody read them: an add to a group that may hold rights then counts as unknown."""
    forward_readers: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """For each forwarding this decision read (`forwarding_key`): who reads the mail it sends on, reader id
    -> the mailbox they read it in (workflow/forwarded_readers.py reads it from the tenant)."""
    forward_unknown: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """For each forwarding this decision read: the readers the directory could not identify (a group made
    since it was read, a name two recipients share, `EVERYONE` for an Inbox's Default entry), as Exchange
    printed them (lower case) -> the mailbox. Whoever might be among them and was not checked live
    (`forward_checked`) is taken for a reader."""
    forward_checked: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """For each forwarding with unknown readers: the ids of the people checked live against them (their
    groups as Entra ID says now); those found among them are in `forward_readers`."""
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What this organisation's methods worked out, by (method, recipient id): it is frozen (each decision's
    facts make a new one), so a bulk request's steps on one list ask for its join rule once, not per step."""

    def _remembered(self, method: str, key: str, work: Callable[[], _T]) -> _T:
        found = self._memo.get((method, key), _MISSING)
        if found is _MISSING:
            found = self._memo[(method, key)] = work()
        return cast("_T", found)

    def with_live(self, facts: LiveFacts) -> Org:
        """This organisation as the tenant says it is now for the recipients `facts` read, and its admins."""
        return replace(
            self,
            admins=facts.admins,
            live=MappingProxyType({**self.live, **facts.recipients}),
            gone=self.gone | facts.missing,
            containers=MappingProxyType({**self.containers, **facts.containers}),
        )

    def with_forward_readers(
        self,
        readers: Mapping[str, Mapping[str, str]],
        unknown: Mapping[str, Mapping[str, str]] | None = None,
        checked: Mapping[str, frozenset[str]] | None = None,
    ) -> Org:
        """This organisation knowing who reads the mail of the forwardings in `readers`, who among them the
        directory could not identify (`unknown`), and whom it checked live against those (`checked`)."""
        return replace(
            self,
            forward_readers=MappingProxyType({**self.forward_readers, **readers}),
            forward_unknown=MappingProxyType({**self.forward_unknown, **(unknown or {})}),
            forward_checked=MappingProxyType({**self.forward_checked, **(checked or {})}),
        )

    def forwarded_mail_read_by(self, step: Step, person: Recipient) -> str | None:
        """How `person` reads the mail `step` (a forwarding being set) sends on, in words ("in Billing"),
        or None when they do not: as a reader read for this decision (themselves or through a group they
        are in), or as one who may be among the readers the directory could not identify and was not
        checked live."""
        readers = self.readers_of_forwarding(step)
        for i in (person.recipient_id, *sorted(self.groups_of(person))):
            if i in readers:
                return f"in {readers[i]}"
        key = readers_key(step)
        if key is None:
            return None
        unknown = self.forward_unknown.get(key, {})
        if unknown and person.recipient_id not in self.forward_checked.get(key, frozenset()):
            printed, where = sorted(unknown.items())[0]
            if printed == EVERYONE:
                return f"in {where}, whose Inbox everyone may read"
            if printed == UNREAD_RULES:
                return f"in {where} (they may send it to anyone)"
            return f"in {where}, perhaps through {printed!r}, which was not checked against them"
        return None

    def readers_of_forwarding(self, step: Step) -> Mapping[str, str]:
        """Who reads the mail `step` (a forwarding being set; an address change: the recipient given the
        address, red team 34) sends on, as read for this decision; empty for any other step or one not
        read."""
        key = readers_key(step)
        return {} if key is None else self.forward_readers.get(key, {})

    def get(self, recipient_id: str) -> Recipient | None:
        """The recipient with this id, as last read (live when this decision read it); None when gone."""
        key = recipient_id.strip().lower()
        if key in self.gone:
            return None
        return self.live.get(key) or self.directory.get(key)

    def find(self, reference: str) -> Recipient | None:
        """The recipient with this id or (any proxy) address."""
        cached = self.directory.get(reference) or self.directory.address_owner(reference)
        return self.get(cached.recipient_id) if cached is not None else None

    def current(self, recipient: Recipient) -> Recipient | None:
        """`recipient` as last read; None when the tenant no longer holds it."""
        if recipient.recipient_id in self.gone:
            return None
        return self.live.get(recipient.recipient_id, recipient)

    def manager(self, recipient: Recipient) -> Recipient | None:
        """The recipient's manager, as last read."""
        current = self.current(recipient)
        if current is None or current.manager_id is None:
            return None
        return self.get(current.manager_id)

    def is_admin(self, recipient: Recipient) -> bool:
        return recipient.kind is RecipientKind.USER and recipient.recipient_id in self.admins

    def role(self, recipient: Recipient) -> str:
        """'admin', 'employee', or 'none' for anything that is not a user of the organisation."""
        if recipient.kind is not RecipientKind.USER:
            return "none"
        return "admin" if recipient.recipient_id in self.admins else "employee"

    def active_owners(self, recipient: Recipient) -> tuple[Recipient, ...]:
        """The owners who can act: enabled users (an admin's setting replaces the directory's)."""
        current = self.current(recipient) or recipient
        ids = self.owners.get(recipient.recipient_id, current.owners)
        found = (self.get(i) for i in ids)
        return tuple(o for o in found if o is not None and is_active_user(o))

    def groups_of(self, recipient: Recipient) -> frozenset[str]:
        """Ids of every group the recipient is a member of, directly or through other groups."""
        live = self.containers.get(recipient.recipient_id)
        if live is not None:
            return live
        seen: set[str] = set()
        todo = [recipient.recipient_id]
        while todo:
            for group in self.directory.memberships(todo.pop()):
                if group.recipient_id not in seen:
                    seen.add(group.recipient_id)
                    todo.append(group.recipient_id)
        return frozenset(seen)

    def list_right_carriers(self, group: Recipient) -> tuple[tuple[Recipient, ...], bool]:
        """The groups whose mailbox rights a new member of `group` gets: it and each group it sits in that
        is a mail-enabled security group (the only groups Exchange grants mailbox rights to); and whether a
        group around it is unknown to the directory, so that it cannot be ruled out as one."""
        return self._remembered("carriers", group.recipient_id, lambda: self._list_right_carriers(group))

    def _list_right_carriers(self, group: Recipient) -> tuple[tuple[Recipient, ...], bool]:
        return self._groups_around(group, lambda g: g.kind is RecipientKind.MAIL_ENABLED_SECURITY)

    def list_mail_carriers(self, group: Recipient) -> tuple[tuple[Recipient, ...], bool]:
        """The groups whose mail a new member of `group` receives: it and each group it sits in, of any kind
        (mail forwarded to any of them reaches the new member: workflow/list_rights.py, "Forwarded mail");
        and whether a group around it is unknown to the directory."""
        return self._remembered("mail_carriers", group.recipient_id, lambda: self._list_mail_carriers(group))

    def _list_mail_carriers(self, group: Recipient) -> tuple[tuple[Recipient, ...], bool]:
        return self._groups_around(group, lambda g: g.is_group)

    def _groups_around(
        self, group: Recipient, keep: Callable[[Recipient], bool]
    ) -> tuple[tuple[Recipient, ...], bool]:
        """`group` and each group it sits in that `keep` takes, and whether one around it is unknown to the
        directory (so that it cannot be ruled out)."""
        carriers: list[Recipient] = []
        unknown = False
        for i in sorted({group.recipient_id, *self.groups_of(group)}):
            found = self.get(i)
            if found is None:
                unknown = unknown or i not in self.gone
            elif keep(found):
                carriers.append(found)
        return tuple(carriers), unknown

    def join_rule(self, group: Recipient) -> tuple[str, tuple[str, ...]]:
        """The strictest join restriction of `group` and of every list it sits in, with the ids of the lists
        that set it (`group` first). Joining a list makes you a member of every list around it, so each of
        their rules applies; a list whose rule is unknown (not mail-enabled, not read) counts as Closed."""
        return self._remembered("join_rule", group.recipient_id, lambda: self._join_rule(group))

    def _join_rule(self, group: Recipient) -> tuple[str, tuple[str, ...]]:
        ids = [group.recipient_id, *sorted(self.groups_of(group) - {group.recipient_id})]
        rated = []
        for i in ids:
            found = self.get(i)
            restriction = found.member_join_restriction if found is not None else None
            rated.append((_STRICTNESS.get(restriction or "", len(_STRICTNESS) - 1), i))
        strictest = max(level for level, _ in rated)
        return _RESTRICTIONS[strictest], tuple(i for level, i in rated if level == strictest)

    def join_approvers(self, group: Recipient) -> tuple[Recipient, ...]:
        """The active owners of the list(s) that set `group`'s join rule (join_rule), each once; for
        anything that is not a group, its own active owners."""
        if not group.is_group:
            return self.active_owners(group)
        out: dict[str, Recipient] = {}
        for i in self.join_rule(group)[1]:
            found = self.get(i)
            for owner in self.active_owners(found) if found is not None else ():
                out.setdefault(owner.recipient_id, owner)
        return tuple(out.values())

    def is_sole_admin(self, recipient: Recipient) -> bool:
        """`recipient` is an admin and no other admin is an active user: four eyes are not possible."""
        if not self.is_admin(recipient):
            return False
        return not any(
            is_active_user(a) and a.recipient_id != recipient.recipient_id for a in self.admin_recipients()
        )

    def admin_recipients(self) -> tuple[Recipient, ...]:
        """The admins the directory holds, in a stable order."""
        return self._remembered("admins", "", self._admin_recipients)

    def _admin_recipients(self) -> tuple[Recipient, ...]:
        found = (self.get(i) for i in sorted(self.admins))
        return tuple(r for r in found if r is not None and r.kind is RecipientKind.USER)


EVERYONE = "\0default"
"""`Org.forward_unknown`'s name for an Inbox's Default entry that lets everyone read it."""
UNREAD_RULES = "\0rules"
"""`Org.forward_unknown`'s name for a mailbox on the way whose Inbox rules could not be read: they may send
the mail on to anyone, so everyone counts as a reader (unknown is the worst case)."""


def forwarding_key(mailbox: str, forward_to: str) -> str:
    """The key of a forwarding from `mailbox` to `forward_to` in `Org.forward_readers`."""
    return f"{mailbox.strip().casefold()}\0{forward_to.strip().casefold()}"


def readers_key(step: Step) -> str | None:
    """The key in `Org.forward_readers` of who reads the mail `step` hands over: a forwarding being set
    (mail of its mailbox lands where its target's does), or a primary address change (mail sent to the new
    address lands where the recipient's does: its readers, a shared mailbox's Full Access holders, read what
    a forwarding or Inbox rule sends to that address: red team 34); None for any other step."""
    if isinstance(step, EmailForwardingInternal) and step.change == "set" and step.forward_to:
        return forwarding_key(step.mailbox, step.forward_to)
    if isinstance(step, ChangePrimaryAlias):
        return forwarding_key(f"address:{step.new_address}", step.recipient)
    if isinstance(step, DistributionListMembership) and step.change == "add":
        return forwarding_key(f"join:{step.group}", step.member)
    if isinstance(step, DistributionListLifecycle) and step.change == "create" and step.members:
        return forwarding_key(f"new list:{step.group}", "\0".join(sorted(m.casefold() for m in step.members)))
    return None


def members_given_mail(step: Step) -> tuple[str, ...]:
    """The recipients (as the step names them) a list add or a new list hands the list's mail to: the
    joining member, a new list's members (red team 35: whoever reads their mail reads it too); none for
    any other step."""
    if isinstance(step, DistributionListMembership) and step.change == "add":
        return (step.member,)
    if isinstance(step, DistributionListLifecycle) and step.change == "create":
        return tuple(step.members)
    return ()


def hands_over_forwarded_mail_to_members(org: Org, step: Step) -> bool:
    """Whether a list add (a new list) hands its member (its members) forwarded mail, as this decision read
    it: a mailbox's forwarding or enabled Inbox rule sends mail to the list or a list around it (to the new
    list's address), or which mail it receives could not be established (`list_access` unknown). Then
    whoever reads the member's mail reads that mail too, and never approves it (red team 35)."""
    if isinstance(step, DistributionListMembership) and step.change == "add":
        group = org.find(step.group)
        if group is None or not group.is_group:
            return False
        member = org.find(step.member)
        joined = _join_rights(org, group, member.recipient_id if member is not None else None)
        return joined is not None and (not joined[1] or any(h.right == "Forwarded mail" for h in joined[0]))
    if isinstance(step, DistributionListLifecycle) and step.change == "create" and step.members:
        given = _given_rights(org, step, None)
        return given is not None and (not given[1] or bool(given[0]))
    return False


_RESTRICTIONS = ("Open", "ApprovalRequired", "Closed")
_STRICTNESS = {name: level for level, name in enumerate(_RESTRICTIONS)}


def is_active_user(recipient: Recipient) -> bool:
    return recipient.kind is RecipientKind.USER and recipient.enabled


def recipient_uid(recipient_id: str) -> JsonDict:
    return {"type": "Recipient", "id": recipient_id}


def _ref(recipient_id: str) -> JsonDict:
    return {"__entity": recipient_uid(recipient_id)}


_MEMO: ContextVar[dict[tuple[int, str], JsonDict] | None] = ContextVar("recipient_entities", default=None)


@contextlib.contextmanager
def entities_built_once() -> Iterator[None]:
    """Within the block, each recipient's entity is built once per organisation and then shared (read
    only): deciding a list of 5,000 people to add builds the list's entity once, not 5,000 times."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def recipient_entity(org: Org, recipient: Recipient) -> JsonDict:
    """The Cedar entity of one recipient (as last read)."""
    memo = _MEMO.get()
    if memo is None:
        return _recipient_entity(org, recipient)
    key = (id(org), recipient.recipient_id)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _recipient_entity(org, recipient)
    return found


def _recipient_entity(org: Org, recipient: Recipient) -> JsonDict:
    recipient = org.current(recipient) or recipient
    attrs: JsonDict = {
        "kind": recipient.kind.value,
        "role": org.role(recipient),
        # Only a person's account can be disabled: a shared mailbox's account is disabled by design.
        "enabled": recipient.enabled or recipient.kind is not RecipientKind.USER,
        "internal": recipient.internal,
        "owners": [_ref(o.recipient_id) for o in org.active_owners(recipient)],
        "delegates": [_ref(d) for d in sorted(org.delegates.get(recipient.recipient_id, ()))],
        "sensitive": recipient.recipient_id in org.sensitive,
        "join_restriction": recipient.member_join_restriction or "",
        "join_rule": org.join_rule(recipient)[0] if recipient.is_group else "",
        "join_approvers": [_ref(o.recipient_id) for o in org.join_approvers(recipient)],
        "role_assignable": counts_as_role_assignable(recipient),
    }
    manager = org.manager(recipient)
    if manager is not None:
        attrs["manager"] = _ref(manager.recipient_id)
    return {
        "uid": recipient_uid(recipient.recipient_id),
        "attrs": attrs,
        "parents": [recipient_uid(g) for g in sorted(_acyclic_parents(org, recipient))],
    }


def counts_as_role_assignable(recipient: Recipient) -> bool:
    """Whether the policy treats `recipient` as a role-assignable group (its members can hold directory
    roles).

    Graph's isAssignableToRole when discovery read it. Unread (None), a Microsoft 365 group counts as one: it
    may have been made role-assignable, and the app that could not read the flag must not make it ordinary.
    A distribution list or a mail-enabled security group never is: isAssignableToRole needs securityEnabled
    and is set only when Entra makes the group (learn.microsoft.com/graph/api/resources/group), which makes
    neither of them (Exchange does, and Graph only reads them)."""
    if not recipient.is_group:
        return False
    if recipient.role_assignable is not None:
        return recipient.role_assignable
    return recipient.kind is RecipientKind.M365_GROUP


def role_assignable_note(recipient: Recipient | None) -> tuple[str, ...]:
    """The preview's words for a membership change of a group counted as role-assignable."""
    if recipient is None or not counts_as_role_assignable(recipient):
        return ()
    name = recipient.display_name
    if recipient.role_assignable is None:
        return (
            f"{name} may be role-assignable (whether it is could not be read from Microsoft Graph): its "
            "members could hold directory roles, so it is treated as role-assignable.",
        )
    return (f"{name} is role-assignable: members can hold directory roles.",)


def _acyclic_parents(org: Org, recipient: Recipient) -> set[str]:
    """The groups `recipient` is in, less those that are also inside it: lists nested in each other (which
    the directory allows) would make Cedar refuse the entity hierarchy and so deny every decision on them.
    A person's parents keep every group, so `principal in resource` still reads membership."""
    parents = set(org.groups_of(recipient)) - {recipient.recipient_id}
    if not recipient.is_group:
        return parents
    out = set()
    for g in parents:
        parent = org.get(g)
        if parent is None or recipient.recipient_id not in org.groups_of(parent):
            out.add(g)
    return out


def _external_entity(address: str) -> JsonDict:
    """An address that is no recipient of the organisation: outside it, and no account to speak of."""
    return {
        "uid": recipient_uid(_EXTERNAL + address.strip().lower()),
        "attrs": {
            "kind": "external",
            "role": "none",
            "enabled": False,
            "internal": False,
            "owners": [],
            "delegates": [],
            "sensitive": False,
            "join_restriction": "",
            "join_rule": "",
            "join_approvers": [],
            "role_assignable": False,
        },
        "parents": [],
    }


@dataclass(frozen=True)
class StepFacts:
    """One step as Cedar sees it, apart from the principal and the action."""

    requester: Recipient
    resource: JsonDict
    """The resource's uid: a Recipient, or the Tenant."""
    target: Recipient | None
    """The recipient the resource stands for (None for the Tenant)."""
    context: JsonDict
    entities: tuple[JsonDict, ...]
    """The requester, the target, the subject and the requester's manager (no duplicates)."""
    notes: tuple[str, ...] = ()
    """Facts behind the decision that the step does not show (a list nested in a stricter one), said to
    whoever must approve it."""
    hands_over: tuple[str, ...] = ()
    """What the step hands over beyond its own change (`ApprovalRequired.hands_over`; "unknown" when not
    established): the mailboxes (object ids) whose forwarded mail an address the step gives receives
    (`_address_access`); for a list add, the mailboxes and rights the list gives its members
    (`_list_access`: "<id>:FullAccess"; a folder permission with its level, "<id>:Inbox:reviewer")."""

    def with_entities(self, org: Org, recipients: Iterable[Recipient]) -> list[JsonDict]:
        """These facts' entities plus those of `recipients` (approver candidates), each once."""
        out = list(self.entities)
        seen = {e["uid"]["id"] for e in out}
        for r in recipients:
            if r.recipient_id not in seen:
                seen.add(r.recipient_id)
                out.append(recipient_entity(org, r))
        return out


def _parts(step: Step) -> tuple[str | None, str | None]:
    """(the reference that is the resource, the reference that is the subject) of a step."""
    match step:
        case MailboxDelegation() | SendAs() | SendOnBehalf():
            return step.mailbox, step.trustee
        case DistributionListMembership():
            return step.group, step.member
        case DistributionListLifecycle():
            return (step.group if step.change == "delete" else None), None
        case ChangePrimaryAlias():
            return step.recipient, None
        case CalendarShare():
            return step.owner, step.grantee
        case EmailForwardingInternal():
            return step.mailbox, step.forward_to
        case ListSharedMailboxes() | ListDistributionLists():
            return None, None
        case ViewMailboxPermissions() | ViewSendAsPermissions() | ViewMailboxDetails():
            return step.mailbox, None
        case ListGroupMembers():
            return step.group, None
        case ViewCalendarPermissions():
            return step.owner, None
        case DelegationReport():
            return step.mailbox or step.trustee, step.trustee
        case AccessReportStep():
            return step.mailbox or step.group or step.person, step.person
    raise TypeError(f"no policy facts for {type(step).__name__}")  # pragma: no cover - exhaustive


def step_parts(step: Step) -> tuple[str | None, str | None]:
    """(the reference that is the resource, the reference that is the subject) of a step."""
    return _parts(step)


def step_references(step: Step) -> tuple[str, ...]:
    """The references (ids or addresses) of the recipients a step is about: its resource and its subject."""
    return tuple(ref for ref in _parts(step) if ref)


def step_facts(org: Org, requester: Recipient | str, step: Step) -> StepFacts:
    """The Cedar facts of `step` asked for by `requester` (a recipient, or its id or address).

    UnknownRecipient when the requester or the step's resource is not in the directory; a subject that
    is not (an external address) becomes an "external" recipient, outside the organisation.
    """
    if isinstance(requester, str):
        found = org.find(requester)
        if found is None:
            raise UnknownRecipient("requester", requester)
        requester = found
    current = org.current(requester)
    if current is None:
        raise UnknownRecipient("requester", requester.primary_address)
    requester = current
    entities: dict[str, JsonDict] = {requester.recipient_id: recipient_entity(org, requester)}
    manager = org.manager(requester)
    if manager is not None:
        entities.setdefault(manager.recipient_id, recipient_entity(org, manager))

    resource_ref, subject_ref = _parts(step)
    target: Recipient | None = None
    if resource_ref is None:
        resource = {"type": "Tenant", "id": TENANT_ID}
    else:
        target = org.find(resource_ref)
        if target is None:
            raise UnknownRecipient("recipient", resource_ref)
        resource = recipient_uid(target.recipient_id)
        entities.setdefault(target.recipient_id, recipient_entity(org, target))

    context: JsonDict = {
        "change": step.change,
        "requester": _ref(requester.recipient_id),
        "sole_admin": org.is_sole_admin(requester),
    }
    if subject_ref is not None:
        subject = org.find(subject_ref)
        if subject is None:
            entity = _external_entity(subject_ref)
        else:
            entity = entities.get(subject.recipient_id) or recipient_entity(org, subject)
        entities.setdefault(entity["uid"]["id"], entity)
        context["subject"] = {"__entity": entity["uid"]}
    if isinstance(step, ChangePrimaryAlias):
        holder = org.directory.address_owner(step.new_address)
        context["new_address"] = {
            "domain_verified": org.directory.is_internal_address(step.new_address),
            "in_use": holder is not None and (target is None or holder.recipient_id != target.recipient_id),
        }
    notes = _nesting_note(org, step, target)
    if isinstance(step, DistributionListMembership):
        notes += role_assignable_note(target)
    hands_over: tuple[str, ...] = ()
    if isinstance(step, DistributionListMembership) and step.change == "add" and target is not None:
        access_notes, hands_over = _list_access(org, requester, target, context)
        notes += access_notes
    if isinstance(step, ChangePrimaryAlias) or (
        isinstance(step, DistributionListLifecycle) and step.change == "create"
    ):
        address_notes, hands_over = _address_access(org, requester, step, target, context)
        notes += address_notes
    return StepFacts(
        requester=requester,
        resource=resource,
        target=target,
        context=context,
        entities=tuple(entities.values()),
        notes=notes,
        hands_over=hands_over,
    )


def _join_rights(
    org: Org, group: Recipient, member_id: str | None
) -> tuple[list[HeldRight], bool, bool] | None:
    """What an add of `member` to `group` gives, as this decision read it: the rights (forwarded mail
    included) the groups around it hold, less on the member's own mailbox; whether that is known; and
    whether a group around it is unknown to the directory. None when the add gives nothing to weigh (no
    group around it can hold a right or receive mail, or nothing was read: see `_list_access`)."""
    carriers, unknown = org.list_mail_carriers(group)
    if not carriers and not unknown:
        return None
    rights = org.list_rights
    if rights is None and not unknown and not org.list_right_carriers(group)[0]:
        # Nothing was read for this decision (a decision made on the directory alone, outside the live
        # paths, which always read: workflow/session.py, live_policy.py): no group around it can hold a
        # mailbox right, and mail forwarded to it is a fact only the live read gives. Known gap: such a
        # decision does not weigh forwarded mail (security leftover 24).
        return None
    held = [
        h
        for h in (rights.of(c.recipient_id for c in carriers) if rights else ())
        if h.mailbox_id != member_id
    ]
    known = (
        not unknown
        and rights is not None
        and rights.failure is None
        and all(c.recipient_id in rights.read for c in carriers)
    )
    return held, known, unknown


def _list_access(
    org: Org, requester: Recipient, group: Recipient, context: JsonDict
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For an add to a group that holds (or may hold) mailbox rights: `context["list_access"]`, the rights
    the new member gets, which the policy weighs as the grant itself; and a note saying which (naming only
    the mailboxes the requester may view). With the notes: what the add hands over, each mailbox's object id
    with the right ("<id>:FullAccess", `_handed`; "unknown" when which could not be established), so that an
    approval covers the access it was given knowing of (workflow/redecision.py, red team 44)."""
    if not group.is_group:
        return (), ()
    member = context.get("subject", {}).get("__entity", {}).get("id")
    joined = _join_rights(org, group, member if isinstance(member, str) else None)
    if joined is None:
        return (), ()
    held, known, unknown = joined
    rights = org.list_rights
    mailbox_rights = [h for h in held if h.right != "Calendar"]
    context["list_access"] = {
        "known": known,
        "persons": len({h.mailbox_id for h in mailbox_rights if h.person}),
        "resources": len({h.mailbox_id for h in mailbox_rights if not h.person}),
        "calendars": len({h.mailbox_id for h in held if h.right == "Calendar"}),
    }
    notes: list[str] = []
    if held:
        notes.append(_held_note(org, requester, group, held))
    if not known:
        why = (
            "a group around it is not in the directory"
            if unknown
            else (rights.failure if rights is not None and rights.failure else "they were not read")
        )
        notes.append(
            f"Which mailboxes {group.primary_address} gives its members access to could not be established "
            f"({why}), so the add is decided as access to a person's mailbox."
        )
    access = sorted({_handed(h) for h in held}) + ([] if known else ["unknown"])
    return tuple(notes), tuple(access)


_FOLDER_RIGHTS = frozenset({"Inbox", "Calendar"})


def _handed(held: HeldRight) -> str:
    """One right a list add hands over, as `ApprovalRequired.hands_over` names it: the mailbox's object id
    with the right, and for a folder permission its level ("<id>:Inbox:reviewer"). Reviewer on an Inbox
    raised to Editor before the approval then names other access, which the approval was not given knowing of
    (red team 45); and a decision stored before levels were named ("<id>:Inbox") never equals one that names
    a level, so an approval given under it is not taken for a level it was not told of."""
    if held.right in _FOLDER_RIGHTS:
        return f"{held.mailbox_id}:{held.right}:{held.level.casefold()}"
    return f"{held.mailbox_id}:{held.right}"


def _given_rights(
    org: Org, step: ChangePrimaryAlias | DistributionListLifecycle, target: Recipient | None
) -> tuple[list[HeldRight], bool, str, dict[str, str]] | None:
    """The forwarded mail a change giving an address hands over, as this decision read it: the rights
    (forwarded mail) held on the address (and the addresses Exchange gives a new list with it), less the
    recipient's own mailbox; whether that is known; the address; and each address read, by its carrier.
    None when nothing was read for the address, or the recipient holds it already (see `_address_access`)."""
    from mailwarden.directory.automatic_addresses import new_list_addresses
    from mailwarden.workflow.list_rights import address_carrier

    rights = org.list_rights
    given = step.new_address if isinstance(step, ChangePrimaryAlias) else step.group
    try:
        address = normalize_address(given)
    except ValueError:
        return None
    if rights is None or address_carrier(address) not in rights.read:
        return None
    if target is not None and address in target.addresses:
        return None
    # A new list also gets alias@<tenant>.onmicrosoft.com (security 28): mail forwarded there reaches its
    # members too; each address the scan read counts.
    more = new_list_addresses(org.directory, address) if isinstance(step, DistributionListLifecycle) else []
    carriers = {c: a for a in dict.fromkeys([address, *more]) if (c := address_carrier(a)) in rights.read}
    holder = target.recipient_id if target is not None else None
    held = [h for h in rights.of(carriers) if h.mailbox_id != holder]
    return held, rights.failure is None, address, carriers


def _address_access(
    org: Org,
    requester: Recipient,
    step: ChangePrimaryAlias | DistributionListLifecycle,
    target: Recipient | None,
    context: JsonDict,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For a change that gives an address (a primary address change's new address, a new list's address):
    `context["list_access"]` when a mailbox's forwarding or enabled Inbox rule sends mail to that address,
    which its new holder (a new list's members) then reads, weighed as that access (right "Forwarded
    mail", security 26); and a note naming the mailboxes to those who may view them. Decided on the live
    read (workflow/list_rights.py); a read that failed is unknown, routed as the worst case. Nothing for a
    decision made on the directory alone (as for a list add), nor for an address the recipient holds
    already (its mail reaches them now). With the notes: the mailboxes whose mail goes with the address
    (object ids, and "unknown" when whose could not be established)."""
    given = _given_rights(org, step, target)
    if given is None:
        return (), ()
    held, known, address, carriers = given
    rights = org.list_rights
    assert rights is not None  # _given_rights read it
    context["list_access"] = {
        "known": known,
        "persons": len({h.mailbox_id for h in held if h.person}),
        "resources": len({h.mailbox_id for h in held if not h.person}),
        "calendars": 0,
    }
    if isinstance(step, DistributionListLifecycle):
        # Whoever the new list's mail reaches never approves it (red team 34); a member the directory does
        # not know is refused by the action anyway.
        members = {m.recipient_id for ref in step.members if (m := org.find(ref)) is not None}
        context["new_members"] = [_ref(i) for i in sorted(members)]
    who = f"{target.display_name}" if target is not None else "the new list's members"
    notes: list[str] = []
    if held:
        shown, hidden = _visible_mailboxes(org, requester, held)
        parts = list(shown)
        if hidden:
            parts.append("mailboxes you may not view")
        receiving = list(dict.fromkeys(carriers[h.carrier] for h in held))
        extra = [a for a in receiving if a != address]
        also = f" (and {', '.join(extra)}, which Exchange gives the new list with it)" if extra else ""
        notes.append(
            f"Warning: mail of {'; '.join(parts)} is forwarded to {', '.join(receiving)} (by a forwarding or "
            f"an Inbox rule): giving {address}{also} hands that mail over to {who}, so the change is decided "
            "as access to that mail (forwarded mail)."
        )
    if not known:
        notes.append(
            f"Whose forwarded mail {address} would receive could not be established ({rights.failure}), so "
            "the change is decided as access to a person's mailbox."
        )
    mail = sorted({h.mailbox_id for h in held}) + ([] if known else ["unknown"])
    return tuple(notes), tuple(mail)


def _visible_mailboxes(org: Org, requester: Recipient, held: list[HeldRight]) -> tuple[list[str], bool]:
    """The mailboxes of `held` the requester may view (the read views' rule: an admin, the mailbox's own
    person, its owners), each once with the mailboxes its mail is forwarded on by (to admins only); and
    whether any were left unnamed."""
    shown: dict[str, None] = {}
    hidden = False
    for h in held:
        box = org.get(h.mailbox_id)
        if (
            org.is_admin(requester)
            or h.mailbox_id == requester.recipient_id
            or (
                box is not None
                and any(o.recipient_id == requester.recipient_id for o in org.active_owners(box))
            )
        ):
            kind = "" if h.person else ", a shared mailbox"
            chain = (
                f", forwarded on by {' then '.join(h.through)}"
                if h.through and org.is_admin(requester)
                else ""
            )
            shown[f"{h.mailbox}{kind}{chain}"] = None
        else:
            hidden = True
    return list(shown), hidden


def _held_note(org: Org, requester: Recipient, group: Recipient, held: list[HeldRight]) -> str:
    """'finance-team@acme.com holds Full Access on Tom Becker (tom.becker@acme.com): ...', with the
    mailboxes the requester may not view (the read views' rule) neither named nor counted."""
    names = {
        "FullAccess": "Full Access",
        "SendAs": "Send As",
        "SendOnBehalf": "Send on Behalf",
        "Calendar": "access to the calendar",
        "Inbox": "access to the Inbox",
        "Forwarded mail": "forwarded mail (its forwarding or an Inbox rule sends mail to the group)",
    }
    shown: dict[str, list[str]] = {}
    hidden: set[str] = set()
    for h in held:
        box = org.get(h.mailbox_id)
        if (
            org.is_admin(requester)
            or h.mailbox_id == requester.recipient_id
            or (
                box is not None
                and any(o.recipient_id == requester.recipient_id for o in org.active_owners(box))
            )
        ):
            via = "" if h.carrier == group.recipient_id else f" (through {_address(org, h.carrier)})"
            kind = "" if h.person else ", a shared mailbox"
            # a chain's mailboxes are named to admins only: they are other mailboxes than the one viewed
            chain = (
                f", forwarded on by {' then '.join(h.through)}"
                if h.through and org.is_admin(requester)
                else ""
            )
            # the level said: Reviewer reads the mail, Editor also changes and deletes it
            level = f" ({h.level})" if h.level else ""
            shown.setdefault(f"{h.mailbox}{kind}{chain}{via}", []).append(names.get(h.right, h.right) + level)
        else:
            hidden.add(h.mailbox_id)
    parts = [f"{' and '.join(dict.fromkeys(rs))} on {box}" for box, rs in shown.items()]
    if hidden:
        # Not how many: the count is a fact about mailboxes the requester may not read (red team 24).
        parts.append("rights on mailboxes you may not view")
    return (
        f"{group.primary_address} holds {'; '.join(parts)}: adding a member gives them that access, so the "
        "add is decided as that grant would be."
    )


def _address(org: Org, recipient_id: str) -> str:
    found = org.get(recipient_id)
    return found.primary_address if found is not None else recipient_id


def _nesting_note(org: Org, step: Step, target: Recipient | None) -> tuple[str, ...]:
    """For a join of a list whose rule comes from a list around it: which list, and why it counts."""
    if not isinstance(step, DistributionListMembership) or step.change != "add" or target is None:
        return ()
    if not target.is_group:
        return ()
    rule, lists = org.join_rule(target)
    outer = [i for i in lists if i != target.recipient_id]
    if not outer:
        return ()
    names = ", ".join((found.primary_address if (found := org.get(i)) is not None else i) for i in outer)
    which, whose = ("that list", "its") if len(outer) == 1 else ("those lists", "their")
    return (
        f"{target.primary_address} is inside {names} ({rule}): joining it makes the member part of {which} "
        f"too, so {whose} rule and owners apply.",
    )
