"""The sole-admin rule of DESIGN §5: where the tenant has no second admin, four eyes are not possible.

The default policy lets the tenant's only admin run the writes that want a second admin (policy
`sole-admin-with-justification`); the workflow then asks for a written justification, and the request and
every audit record of it say so. A tenant that removes the policy gets those requests refused instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from mailwarden.errors import NotPermitted
from mailwarden.model.decisions import Decision
from mailwarden.policy.routing import NO_SECOND_ADMIN

__all__ = ["NO_SECOND_ADMIN", "SOLE_ADMIN_POLICY", "require_justification", "sole_admin"]

SOLE_ADMIN_POLICY = "sole-admin-with-justification"
"""The @id of the default policy's permit that lets a sole admin run four-eyes writes."""


def sole_admin(decisions: Iterable[Decision]) -> bool:
    """Some step runs only because its requester is the tenant's sole admin."""
    return any(d.outcome == "allowed" and SOLE_ADMIN_POLICY in d.policies for d in decisions)


def require_justification(decisions: Iterable[Decision], justification: str | None) -> None:
    """NotPermitted, saying what to do, when a sole-admin step comes without a written justification."""
    if sole_admin(decisions) and not (justification or "").strip():
        raise NotPermitted(
            f"This request has {NO_SECOND_ADMIN}: you are the tenant's only admin, so it runs on your "
            "confirmation alone once you say why in writing. Give a justification (`--justification TEXT` "
            "in the CLI, `justification` in the API, the Justification field on the page); it is kept on "
            "the request and in the audit log."
        )
