"""An independent, plain-Python reading of DESIGN §5 (the default policy), for differential tests.

Written from the design text, not from default.cedar: it shares no code with the engine beyond the data
(the directory and the raw facts of `Org`: admin ids, delegates, sensitive ids, owner overrides). Where
the text is silent or ambiguous it follows the readings default.cedar documents:
  - revoking / removing access from someone disabled or outside is cleanup and is not forbidden;
  - the "else an admin" fallback applies whenever no owner other than the requester can approve
    (for lists as for shared mailboxes), and whenever the requester has no enabled manager;
  - admins may create lists without approval; every other admin write the text does not allow needs a
    second admin;
  - self-service (joining an open list, leaving a list, one's own calendar, clearing one's own forwarding)
    applies to admins as well as employees;
  - whom a grant or a forwarding gives access to never approves it (four eyes besides the beneficiary),
    unless the mailbox or calendar is the requester's own;
  - a recipient marked sensitive gets no self-service; only admins may ask for changes to it;
  - employees may not list every shared mailbox or list, nor run a delegation report over everything;
  - joining a list makes you a member of every list it sits in (directly or through others), so a join
    takes the strictest rule of them all (Open < ApprovalRequired < Closed), approved by the owners of the
    list(s) with that rule (else an admin);
  - joining a mail-enabled security group (or a list inside one) that holds Full Access, Send As or Send on
    Behalf on a mailbox is that grant: on a person's mailbox (or when what it holds is unknown) an employee
    may not ask for it and an admin needs a second admin; on a shared one only, an admin runs it, and an
    employee's join waits for an admin (not the list's owners, who do not answer for the mailbox).

`expect(org, requester, step)` returns (outcome, approvers as a set of primary addresses).
"""

from __future__ import annotations

from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import Step
from mailwarden.policy import Org

__all__ = ["expect"]

Outcome = tuple[str, frozenset[str]]
DENIED: Outcome = ("denied", frozenset())
ALLOWED: Outcome = ("allowed", frozenset())

_DELEGATION = {"mailbox_delegation", "send_as", "send_on_behalf"}
_SELF_IS_SUBJECT = _DELEGATION | {"distribution_list_membership"}
_SELF_IS_TARGET = {"calendar_share", "email_forwarding_internal", "change_primary_alias"}


def _find(org: Org, reference: str | None) -> Recipient | None:
    if reference is None:
        return None
    d = org.directory
    return d.get(reference) or d.by_address(reference) or d.by_upn(reference)


def _is_person_with_account(r: Recipient | None) -> bool:
    return r is not None and r.kind == RecipientKind.USER and r.enabled


def _owners(org: Org, r: Recipient) -> set[str]:
    """Ids of the owners who can act on `r` (enabled users)."""
    ids = org.owners.get(r.recipient_id, r.owners)
    return {i for i in ids if _is_person_with_account(org.directory.get(i))}


def _member_of(org: Org, person: Recipient, group: Recipient) -> bool:
    """Whether `person` is in `group`, directly or through nested groups."""
    todo, seen = [group.recipient_id], set()
    while todo:
        g = org.directory.get(todo.pop())
        if g is None or g.recipient_id in seen:
            continue
        seen.add(g.recipient_id)
        if person.recipient_id in g.members:
            return True
        todo += list(g.members)
    return False


_STRICT = {"Open": 0, "ApprovalRequired": 1, "Closed": 2}


def _around(org: Org, group: Recipient) -> list[Recipient]:
    """`group` and every group of the directory it sits in, through any nesting."""
    return [group] + [
        g
        for g in org.directory
        if g.is_group and g.recipient_id != group.recipient_id and _member_of(org, group, g)
    ]


def _join_rule(org: Org, group: Recipient) -> tuple[int, list[Recipient]]:
    """(the strictest join restriction around `group`, the lists that have it)."""
    lists = _around(org, group) if group.is_group else [group]
    level = max(_STRICT.get(g.member_join_restriction or "", 2) for g in lists)
    return level, [g for g in lists if _STRICT.get(g.member_join_restriction or "", 2) == level]


def _list_access(
    org: Org, group: Recipient | None, subject: Recipient | None
) -> tuple[bool, int, int] | None:
    """For a join of `group`: (known, persons' mailboxes, shared ones) its security groups give a member,
    or None when neither it nor a list around it is a mail-enabled security group."""
    if group is None or not group.is_group:
        return None
    carriers = {g.recipient_id for g in _around(org, group) if g.kind == RecipientKind.MAIL_ENABLED_SECURITY}
    if not carriers:
        return None
    rights = org.list_rights
    if rights is None or rights.failure is not None or not carriers <= rights.read:
        return (False, 0, 0)
    member = subject.recipient_id if subject is not None else None
    held = [h for h in rights.held if h.carrier in carriers and h.mailbox_id != member]
    return (
        True,
        len({h.mailbox_id for h in held if h.person}),
        len({h.mailbox_id for h in held if not h.person}),
    )


def _address_access(org: Org, step: Step, target: Recipient | None) -> tuple[bool, int, int] | None:
    """For a change that gives an address (a new primary address, a new list's): (known, persons'
    mailboxes, shared ones) whose forwarded mail the address receives, or None when it was not read or
    the recipient holds it already (security 26)."""
    data = step.model_dump()
    if data["action"] == "change_primary_alias":
        given = str(data["new_address"]).lower()
    elif data["action"] == "distribution_list_lifecycle" and data["change"] == "create":
        given = str(data["group"]).lower()
    else:
        return None
    rights, carrier = org.list_rights, f"smtp:{given}"
    if rights is None or carrier not in rights.read or (target is not None and given in target.addresses):
        return None
    holder = target.recipient_id if target is not None else None
    held = [h for h in rights.held if h.carrier == carrier and h.mailbox_id != holder]
    return (
        rights.failure is None,
        len({h.mailbox_id for h in held if h.person}),
        len({h.mailbox_id for h in held if not h.person}),
    )


def _target_and_subject(step: Step) -> tuple[str | None, str | None]:
    data = step.model_dump()
    action = data["action"]
    if action in _DELEGATION:
        return data["mailbox"], data["trustee"]
    if action == "distribution_list_membership":
        return data["group"], data["member"]
    if action == "distribution_list_lifecycle":
        return (data["group"] if data["change"] == "delete" else None), None
    if action == "change_primary_alias":
        return data["recipient"], None
    if action == "calendar_share":
        return data["owner"], data["grantee"]
    if action == "email_forwarding_internal":
        return data["mailbox"], data["forward_to"]
    if action == "delegation_report":
        return data["mailbox"] or data["trustee"], data["trustee"]
    if action == "access_report":
        return data["mailbox"] or data["group"] or data["person"], data["person"]
    return data.get("mailbox") or data.get("group") or data.get("owner"), None


def expect(org: Org, requester: str, step: Step) -> Outcome:
    """What DESIGN §5 says about `step` asked for by `requester` (an id or address)."""
    me = _find(org, requester)
    # Roles: admin = Exchange Administrator; employee = any other enabled user. A disabled account may
    # request nothing; anyone else (a guest, a contact, a mailbox) is no role at all.
    if not _is_person_with_account(me):
        return DENIED
    assert me is not None
    admin = me.recipient_id in org.admins
    action, change = step.action, step.change
    target_ref, subject_ref = _target_and_subject(step)
    target = _find(org, target_ref)
    if target_ref is not None and target is None:
        return DENIED
    subject = _find(org, subject_ref)

    # ---- reads ----
    if change == "read":
        if admin:
            return ALLOWED
        if target is None:
            return DENIED
        mine = (
            target.recipient_id == me.recipient_id
            or me.recipient_id in _owners(org, target)
            or me.recipient_id in org.delegates.get(target.recipient_id, frozenset())
            or (target.is_group and _member_of(org, me, target))
        )
        if action == "delegation_report" and subject_ref is not None:
            mine = mine and subject is not None and subject.recipient_id == me.recipient_id
        if action == "access_report":
            # the why of one's own access, or of what one owns (access/why.py may_see_access)
            if subject_ref is not None:
                mine = mine and subject is not None and subject.recipient_id == me.recipient_id
            else:
                mine = mine and (
                    target.recipient_id == me.recipient_id or me.recipient_id in _owners(org, target)
                )
        return ALLOWED if mine else DENIED

    # ---- always denied ----
    grants = change in ("grant", "add")
    if action in _DELEGATION | {"calendar_share", "distribution_list_membership"} and grants:
        active = subject is not None and (subject.kind != RecipientKind.USER or subject.enabled)
        if not (active and subject is not None and subject.internal):
            return DENIED
    if action == "email_forwarding_internal" and change == "set" and not (subject and subject.internal):
        return DENIED
    if action == "change_primary_alias":
        new = step.model_dump()["new_address"]
        if not org.directory.is_internal_address(new):
            return DENIED
        holder = org.directory.address_owner(new)
        if holder is not None and (target is None or holder.recipient_id != target.recipient_id):
            return DENIED

    access = (
        _list_access(org, target, subject)
        if action == "distribution_list_membership" and change == "add"
        else _address_access(org, step, target)
    )
    persons_access = access is not None and (not access[0] or access[1] > 0)
    any_access = access is not None and (persons_access or access[2] > 0)
    if persons_access and not admin:
        return DENIED
    # A role-assignable group (security 70): its members hold directory roles, so no employee changes who is
    # in it; an admin's change waits for another admin (the only admin runs it on a justification); only
    # admins approve, never the one it adds. Leaving it oneself gives up one's own roles: allowed to anyone,
    # as leaving any list is. A Microsoft 365 group whose flag was not read counts as one; nothing else can be
    # one (isAssignableToRole needs a security-enabled Entra group).
    leaves = change == "remove" and subject is not None and subject.recipient_id == me.recipient_id
    privileged = not leaves and (
        action == "distribution_list_membership"
        and target is not None
        and target.is_group
        and (
            target.role_assignable
            if target.role_assignable is not None
            else target.kind == RecipientKind.M365_GROUP
        )
    )
    if privileged and not admin:
        return DENIED

    # ---- employees: self-service only ----
    is_self = (
        action in _SELF_IS_SUBJECT and subject is not None and subject.recipient_id == me.recipient_id
    ) or (action in _SELF_IS_TARGET and target is not None and target.recipient_id == me.recipient_id)
    # Giving up one's own access (revoke, leave, unshare, clear) only takes away: allowed, for anyone.
    gives_up = is_self and change in ("revoke", "remove", "clear")
    if gives_up and action in _DELEGATION | {"distribution_list_membership"} and not privileged:
        return ALLOWED
    # An owner takes away a colleague's access to their shared mailbox or list: not an admin's, not a
    # co-owner's (those stay an admin's to remove); a sensitive one stays admin-only.
    owner_revokes = (
        change in ("revoke", "remove")
        and target is not None
        and subject is not None
        and subject.recipient_id != me.recipient_id
        and me.recipient_id in _owners(org, target)
        and subject.recipient_id not in org.admins
        and subject.recipient_id not in _owners(org, target)
        # a person or an outsider: a group's or a nested list's members may hold an admin or a co-owner
        and subject.kind in (RecipientKind.USER, RecipientKind.CONTACT, RecipientKind.GUEST)
        and (
            (action in _DELEGATION and target.kind == RecipientKind.SHARED_MAILBOX)
            or (action == "distribution_list_membership" and target.is_group)
        )
    )
    if (
        owner_revokes
        and not privileged
        and target is not None
        and (admin or target.recipient_id not in org.sensitive)
    ):
        return ALLOWED
    if not admin:
        if not is_self or action == "distribution_list_lifecycle":
            return DENIED
        if action in _DELEGATION and (target is None or target.kind != RecipientKind.SHARED_MAILBOX):
            return DENIED
        if target is not None and target.recipient_id in org.sensitive and not gives_up:
            return DENIED

    # ---- what runs on confirmation alone ----
    if admin:
        if (
            action in _DELEGATION
            and target is not None
            and target.kind
            in (
                RecipientKind.SHARED_MAILBOX,
                RecipientKind.ROOM_MAILBOX,
            )
        ):
            return ALLOWED
        if action == "calendar_share" or (
            action == "distribution_list_membership" and not persons_access and not privileged
        ):
            return ALLOWED
        if action == "distribution_list_lifecycle" and change == "create" and not persons_access:
            return ALLOWED
    if is_self:
        if action == "distribution_list_membership" and not privileged:
            if change == "remove":
                return ALLOWED
            if (
                target is not None
                and target.is_group
                and _join_rule(org, target)[0] == _STRICT["Open"]
                and not any_access
            ):
                return ALLOWED
        if action == "calendar_share":
            return ALLOWED
        if action == "email_forwarding_internal" and change == "clear":
            return ALLOWED

    # ---- who approves ----
    admins = {a for a in org.admins if _is_person_with_account(org.directory.get(a))}
    # No second admin: the sole admin runs what wants four eyes after a written justification, except
    # their own forwarding while they have an active manager to approve it.
    if admin and not admins - {me.recipient_id}:
        manager = org.directory.manager(me.recipient_id)
        own_forwarding = action == "email_forwarding_internal" and target is me
        if not (own_forwarding and _is_person_with_account(manager)):
            return ALLOWED
    approvers: set[str] = set()
    if action in _SELF_IS_SUBJECT and target is not None:
        owners = _owners(org, target)
        if action == "distribution_list_membership":
            owners = {o for g in _join_rule(org, target)[1] for o in _owners(org, g)}
        approvers |= owners
        if not owners - {me.recipient_id}:
            approvers |= admins
    if action == "email_forwarding_internal" and is_self:
        manager = org.directory.manager(me.recipient_id)
        if _is_person_with_account(manager):
            assert manager is not None
            approvers.add(manager.recipient_id)
        else:
            approvers |= admins
    if action == "change_primary_alias":
        approvers |= admins
    if admin:
        approvers |= admins
    if any_access:
        approvers = {a for a in approvers if a in admins} | admins
    if privileged:
        approvers = set(admins)
        if change == "add" and subject is not None:
            approvers.discard(subject.recipient_id)
            if subject.is_group:
                approvers -= {
                    a for a in approvers if (r := org.directory.get(a)) and _member_of(org, r, subject)
                }
    approvers.discard(me.recipient_id)
    if any_access and action == "change_primary_alias" and target is not None:
        approvers.discard(target.recipient_id)  # whoever gets the address gets the mail
    if any_access and action == "distribution_list_lifecycle" and change == "create":
        for ref in step.model_dump()["members"]:
            if (member := org.find(ref)) is not None:
                approvers.discard(member.recipient_id)  # a new list's members get its mail
    if any_access and subject is not None:
        approvers.discard(subject.recipient_id)
        if subject.is_group:
            approvers -= {a for a in approvers if (r := org.directory.get(a)) and _member_of(org, r, subject)}
    # Four eyes besides the beneficiary: whom a grant or a forwarding gives access to never approves it,
    # unless it is the requester's own mailbox or calendar they give (forwarding to one's manager).
    gives_access = action in _DELEGATION | {"calendar_share", "email_forwarding_internal"} and change in (
        "grant",
        "set",
    )
    if gives_access and subject is not None and target is not None and target.recipient_id != me.recipient_id:
        approvers.discard(subject.recipient_id)
        if subject.is_group:
            approvers -= {a for a in approvers if (r := org.directory.get(a)) and _member_of(org, r, subject)}
    addresses = frozenset(r.primary_address for r in map(org.directory.get, approvers) if r is not None)
    if not addresses:
        return DENIED
    return ("approval_required", addresses)
