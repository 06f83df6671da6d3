"""The plan: what a request turned into, before anything changes (the plan JSON of DESIGN §4).

A plan step is a `Step` with the policy's decision and the preflight's preview beside it. In the JSON
they sit flat in one object ({"action", "change", params..., "decision", "preview"}); in Python they
are kept apart (`PlanStep.step`, `.decision`, `.preview`) so a step stays the same value everywhere.
Optional parameters that are not set (an `expires` of None) are left out of the JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from mailwarden.model.changes import Change
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import Step, parse_step

__all__ = ["Candidate", "Plan", "PlanStatus", "PlanStep", "Preview", "Question"]

PlanStatus = Literal["ready", "needs_clarification", "not_understood", "rejected"]

_KIND_WORDS = {
    RecipientKind.USER: "user",
    RecipientKind.SHARED_MAILBOX: "shared mailbox",
    RecipientKind.ROOM_MAILBOX: "room",
    RecipientKind.DISTRIBUTION_LIST: "distribution list",
    RecipientKind.MAIL_ENABLED_SECURITY: "mail-enabled security group",
    RecipientKind.M365_GROUP: "Microsoft 365 group",
    RecipientKind.CONTACT: "external contact",
    RecipientKind.GUEST: "guest",
}


class Preview(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    already: bool
    summary: str

    @classmethod
    def of(cls, change: Change) -> Preview:
        return cls(already=change.already, summary=change.summary)


class PlanStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    step: Step
    decision: Decision | None = None
    preview: Preview | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_flat(cls, data: Any) -> Any:
        # The JSON form is flat; a dict without "step" is that form.
        if isinstance(data, Mapping) and "step" not in data:
            flat = dict(data)
            decision, preview = flat.pop("decision", None), flat.pop("preview", None)
            return {"step": parse_step(flat), "decision": decision, "preview": preview}
        return data

    @model_serializer(mode="plain")
    def _to_flat(self) -> dict[str, Any]:
        flat: dict[str, Any] = self.step.model_dump(mode="json", exclude_none=True)
        flat["decision"] = self.decision.model_dump(mode="json") if self.decision else None
        flat["preview"] = self.preview.model_dump(mode="json") if self.preview else None
        return flat


class Candidate(BaseModel):
    """One answer to a question: a recipient the reference may have meant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    address: str
    display_name: str
    detail: str = ""
    """What tells candidates apart: department and title for people, the kind for other recipients."""

    @classmethod
    def of(cls, recipient: Recipient) -> Candidate:
        if recipient.kind is RecipientKind.USER:
            detail = ", ".join(p for p in (recipient.department, recipient.job_title) if p)
        else:
            detail = _KIND_WORDS[recipient.kind]
        return cls(address=recipient.primary_address, display_name=recipient.display_name, detail=detail)


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    about: str
    """The step parameter the answer fills ('trustee', 'group' ...)."""
    text: str
    candidates: list[Candidate] = Field(default_factory=list)
    id: str = ""
    """Names the question in an answer (`{id: candidate address | typed address | "skip"}`); the same
    request asks the same question under the same id, so an answer survives being planned again."""


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: PlanStatus
    message: str
    steps: list[PlanStep] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
