"""Who might approve a step: the candidates the policy's "approve:" actions are asked about.

The policy decides who of them may approve; routing only gathers the people DESIGN §5 names as
approvers anywhere: the resource's owners (for a list, also those of the stricter lists it sits in), the
requester's manager and the admins. Only enabled users
are candidates, and never the requester. The order is the order approvers are shown in: owners first,
then the manager, then the admins.
"""

from __future__ import annotations

from mailwarden.model.recipients import Recipient
from mailwarden.policy.entities import Org, is_active_user

__all__ = ["approver_candidates"]


def approver_candidates(org: Org, requester: Recipient, target: Recipient | None) -> tuple[Recipient, ...]:
    """Everyone who might approve a step of `requester` on `target` (None: the tenant as a whole)."""
    found: list[Recipient] = []
    if target is not None:
        found += org.active_owners(target)
        if target.is_group:
            found += org.join_approvers(target)  # the owners of a stricter list it sits in
    manager = org.manager(requester)
    if manager is not None:
        found.append(manager)
    found += org.admin_recipients()
    out: dict[str, Recipient] = {}
    for r in found:
        if r.recipient_id != requester.recipient_id and is_active_user(r):
            out.setdefault(r.recipient_id, r)
    return tuple(out.values())
