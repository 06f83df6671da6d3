"""The Draft: what a planner understood from a request, before anything is resolved or checked.

Every planner (the offline rules planner, the optional LLM planner) turns text + attachments into a
`Draft`. A draft holds references as the person wrote them ("sarah", "me", "my manager", "support@",
"Alex Kim"); `planner.compose` resolves them through the directory, validates each step with its model,
previews it and asks the policy, producing the plan JSON (`model.plans.Plan`). Keeping the planner's
output unresolved means a planner can never invent a recipient: only the directory names people.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any, Literal, Protocol, cast

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient

__all__ = [
    "AnyPlanner",
    "AsyncPlanner",
    "Attachment",
    "Draft",
    "DraftQuestion",
    "DraftStatus",
    "DraftStep",
    "Planner",
    "in_time_zone",
    "question_id",
]

DraftStatus = Literal["ready", "needs_clarification", "not_understood"]


class Attachment(BaseModel):
    """A file sent with a request (CSV or XLSX), reduced to the people it lists.

    `planner.attachments.read_attachment(path)` builds one; a planner expands "the users in this
    spreadsheet" into `references`, in file order.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    """The file name as given (no directory), for messages."""
    column: str
    """The header of the column the references were taken from ('' when found by content)."""
    references: list[str] = Field(default_factory=list)
    """One reference per non-empty row: an address, UPN or name, as written in the file."""


class DraftStep(BaseModel):
    """One step as understood: an action id and change of the catalog, params holding references."""

    model_config = ConfigDict(frozen=True)

    action: str
    change: str
    params: dict[str, Any] = Field(default_factory=dict)
    """Parameter name -> value. Recipient parameters hold references as written ("sarah", "me",
    "support@", "Alex Kim"); `members` a list of them; `expires` an ISO 8601 datetime; other
    parameters (access, keep_copy, keep_old, automapping, new_address, display_name) their value."""


class DraftQuestion(BaseModel):
    """Something the planner could not decide from the text alone."""

    model_config = ConfigDict(frozen=True)

    about: str
    """The step parameter (or 'action') the answer fills."""
    text: str
    candidates: list[str] = Field(default_factory=list)
    """References the person may have meant (resolved and described by compose)."""
    offered: list[str] = Field(default_factory=list)
    """The candidates as the text offered them as alternatives ("Tom or Ava"): the one chosen takes their
    place in the request, which is read again (compose.with_answers)."""
    shares: SkipJsonSchema[list[DraftStep]] = Field(default_factory=list)
    """The calendar shares a level question is about (one clause's), taken out of the draft until their
    level is chosen: each is its own question (its own id), and its answer completes those and no other."""


class Draft(BaseModel):
    """What a planner made of a request."""

    model_config = ConfigDict(frozen=True)

    status: DraftStatus
    message: str
    """One sentence for the requester: what was understood, or what can be asked and how."""
    steps: list[DraftStep] = Field(default_factory=list)
    questions: list[DraftQuestion] = Field(default_factory=list)
    listed_groups: SkipJsonSchema[list[str]] = Field(default_factory=list)
    """Groups whose current members the planner read from the directory to name them in steps ("everyone
    in Finance Team"): a plan may show them only to a requester allowed to read who is on each. The rules
    planner's own note, so it is no part of the schema an LLM planner answers in."""


class Planner(Protocol):
    """Text + requester + attachments -> Draft. Synchronous; deterministic for the rules planner."""

    def draft(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft: ...


class AsyncPlanner(Protocol):
    """The same contract for a planner that awaits I/O (an LLM over HTTP)."""

    async def draft(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft: ...


AnyPlanner = Planner | AsyncPlanner
"""What `planner.compose.plan_request` accepts: it awaits the draft when the planner is async."""


def in_time_zone(planner: AnyPlanner, zone: dt.tzinfo) -> AnyPlanner:
    """`planner` reading durations ("until Friday", "the end of the month") in the tenant's time zone (the
    rules planner counts there; the LLM planner tells the model the local time there and reads its end
    times there); a planner with no notion of time as it is."""
    zoned = getattr(planner, "in_zone", None)
    return cast("AnyPlanner", zoned(zone)) if callable(zoned) else planner


def question_id(reference: str) -> str:
    """A question's id: the same for the same reference, so an answer still fits when the request is
    planned again with it (no state is kept between the two)."""
    digest = hashlib.sha256(" ".join(reference.split()).casefold().encode()).hexdigest()
    return f"q-{digest[:10]}"
