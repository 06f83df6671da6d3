"""What preflight found: the change a step would make, or why it cannot be made at all."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, JsonValue

__all__ = ["Change", "Preflight", "Refusal"]


class Change(BaseModel):
    """The difference a step makes to the tenant, read from its current state before anything is done."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before: JsonValue
    after: JsonValue
    already: bool = False
    """The tenant is already as the step wants it; applying the step changes nothing."""
    summary: str
    """One sentence for a person: 'Sarah Connor will be able to send as Support'."""
    warnings: list[str] = Field(default_factory=list)
    redacted: bool = False
    """The requester may not view what the step changes, so it was not previewed: before and after are
    empty and no name is shown (DESIGN §5). The executor previews it afresh before it runs."""


class Refusal(BaseModel):
    """The step cannot be made as asked (the mailbox is not a mailbox, the address is taken ...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str


Preflight = Change | Refusal
