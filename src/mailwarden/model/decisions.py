"""The policy's verdict on one step. Values, not exceptions: a denial is shown, stored and audited."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Allowed", "ApprovalRequired", "Decision", "Denied"]


class _Decision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = ""
    policies: list[str] = Field(default_factory=list)
    """Ids of the policies behind the verdict, so an admin can find the rule that decided."""


class Allowed(_Decision):
    """The step may run once the requester confirms the preview."""

    outcome: Literal["allowed"] = "allowed"


class ApprovalRequired(_Decision):
    """The step runs only after one of `approvers` approves it."""

    outcome: Literal["approval_required"] = "approval_required"
    approvers: list[str]
    """Primary addresses of the people who may approve (any one of them suffices)."""
    hands_over: list[str] = Field(default_factory=list, exclude_if=lambda mail: not mail)
    """What the step hands over beyond its own change, and "unknown" when what could not be established: for
    an address the step gives that receives forwarded mail (security 26, red team 35), the object ids of the
    mailboxes whose mail goes with it; for a list add, each mailbox the list holds a right on, with the right
    ("<object id>:FullAccess", red team 44), and a folder permission with its level too
    ("<object id>:Inbox:reviewer", red team 45). An approval covers what it was given knowing of
    (workflow/redecision.py), whatever the reason's wording."""


class Denied(_Decision):
    outcome: Literal["denied"] = "denied"


Decision = Annotated[Allowed | ApprovalRequired | Denied, Field(discriminator="outcome")]
