"""What a person may ask for: the shared mailboxes and lists the tenant's policy would let them request,
and who would approve each (the catalogue access-request tools have).

Nothing here is a list of its own: each entry is the policy engine's decision on the request the person
would file (Full Access to the shared mailbox for themselves; joining the list), so the catalogue changes
with the policy. An entry the policy denies is not offered. A recipient hidden from address lists is never
offered, to anyone: naming it would tell who it exists for what it is (directory/resolve.py), and the
catalogue names no member of any list either.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from mailwarden.directory.snapshot import Directory
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import Step, parse_step
from mailwarden.policy import Org, PolicyEngine

__all__ = ["Offer", "Person", "catalogue"]

_LISTS = (RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY, RecipientKind.M365_GROUP)


class Person(BaseModel):
    """Someone named in the catalogue: an approver."""

    name: str
    address: str
    department: str | None = None


class Offer(BaseModel):
    """One thing the person may ask for, and what asking would take."""

    kind: Literal["shared_mailbox", "list"]
    name: str
    address: str
    department: str | None = None
    request: dict[str, str | dict[str, str]]
    """The step to ask for it, as the API's structured steps take it (action, change, params)."""
    you_have_it: bool = False
    """A list the person is already a member of (asking again would change nothing)."""
    approval: Literal["none", "required"]
    approvers: list[Person]
    """Who may approve (any one suffices); empty when no approval is needed."""
    reason: str
    """The policy's own words on it."""


def _request(target: Recipient, requester: Recipient) -> dict[str, str | dict[str, str]]:
    if target.kind is RecipientKind.SHARED_MAILBOX:
        params = {"mailbox": target.primary_address, "trustee": requester.primary_address}
        return {"action": "mailbox_delegation", "change": "grant", "params": params}
    params = {"group": target.primary_address, "member": requester.primary_address}
    return {"action": "distribution_list_membership", "change": "add", "params": params}


def _step(request: dict[str, str | dict[str, str]]) -> Step:
    params = request["params"]
    assert isinstance(params, dict)
    return parse_step({"action": request["action"], "change": request["change"], **params})


def _person(directory: Directory, address: str) -> Person:
    found = directory.address_owner(address)
    if found is None:
        return Person(name=address, address=address)
    return Person(name=found.display_name, address=found.primary_address, department=found.department)


def catalogue(engine: PolicyEngine, org: Org, directory: Directory, requester: Recipient) -> list[Offer]:
    """Every shared mailbox and list `requester` may ask for under the tenant's policy, by name."""
    offers = []
    for target in directory:
        if target.hidden:
            continue
        if target.kind is not RecipientKind.SHARED_MAILBOX and target.kind not in _LISTS:
            continue
        request = _request(target, requester)
        decision = engine.decide(org, requester, _step(request))
        if isinstance(decision, Denied):
            continue
        member = target.kind in _LISTS and any(
            m.recipient_id == requester.recipient_id for m in directory.members(target.recipient_id)
        )
        approvers = decision.approvers if isinstance(decision, ApprovalRequired) else []
        offers.append(
            Offer(
                kind="shared_mailbox" if target.kind is RecipientKind.SHARED_MAILBOX else "list",
                name=target.display_name,
                address=target.primary_address,
                department=target.department,
                request=request,
                you_have_it=member,
                approval="required" if approvers else "none",
                approvers=[_person(directory, a) for a in approvers],
                reason=decision.reason,
            )
        )
    return sorted(offers, key=lambda o: (o.kind, o.name.casefold()))
