"""Requests as people see them: the steps with their previews and decisions, the approvals, the state."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    SerializationInfo,
    computed_field,
    field_serializer,
    model_validator,
)

from mailwarden.model.decisions import ApprovalRequired, Decision

__all__ = [
    "TEXT_WITHHELD",
    "WITH_IDS",
    "Approval",
    "HeldDenial",
    "PartialView",
    "QueuedJob",
    "RequestState",
    "RequestStepView",
    "RequestView",
]

TEXT_WITHHELD = "(the request's text names steps you do not approve)"
"""What an approver of only some of a request's steps is shown in place of its text (`reads_text`)."""

COMMENT_WITHHELD = "(a comment, not shown: it may name steps you do not approve)"
"""Shown to an approver of only some of a request's steps in place of another's comment (`comments_for`)."""


class RequestState(StrEnum):
    NEEDS_CONFIRMATION = "needs_confirmation"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    EXECUTING = "executing"
    COMPLETED = "completed"
    PARTIALLY_FAILED = "partially_failed"
    FAILED = "failed"
    DENIED = "denied"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in _FINAL


_FINAL = frozenset(
    {
        RequestState.COMPLETED,
        RequestState.PARTIALLY_FAILED,
        RequestState.FAILED,
        RequestState.DENIED,
        RequestState.CANCELLED,
        RequestState.EXPIRED,
    }
)

StepStatus = Literal["pending", "applying", "applied", "already", "refused", "failed", "drifted", "dropped"]
"""`dropped`: denied when planned, and left out at the requester's explicit word (submit only the allowed
steps); it never runs and keeps its decision (the reason) on the request.
`applying`: the write is about to be made (its intended change is in the outcome); a run that died
there leaves it so, and the next run decides from the tenant whether the write landed."""


class Approval(BaseModel):
    model_config = ConfigDict(frozen=True)

    approver: str
    verdict: Literal["approve", "deny"]
    justification: str | None = None
    time: dt.datetime


WITH_IDS = "with_ids"
"""Serialization context key: dump a step's preview with the ids it was approved on (the audit's copy)."""


class RequestStepView(BaseModel):
    model_config = ConfigDict(frozen=True)

    position: int
    step: dict[str, JsonValue]
    preview: dict[str, JsonValue]
    """The Change (before, after, already, summary, warnings) or the Refusal the requester saw."""
    decision: Decision
    status: StepStatus
    outcome: dict[str, JsonValue] | None = None
    expires: dt.datetime | None = None
    reverted_by: str | None = None

    @field_serializer("preview")
    def _preview_as_shown(
        self, preview: dict[str, JsonValue], info: SerializationInfo
    ) -> dict[str, JsonValue]:
        # The directory ids a step was approved on (workflow/binding.py) stay with the request for the
        # executor and the audit (`WITH_IDS`); shown to a requester they would tell a hidden recipient's
        # address apart from an unknown one.
        if isinstance(info.context, dict) and info.context.get(WITH_IDS):
            return preview
        return {k: v for k, v in preview.items() if k != "ids"}


class QueuedJob(BaseModel):
    """The worker job that runs an approved request (PostgreSQL), as the queue has it now."""

    model_config = ConfigDict(frozen=True)

    job_id: int | None = None
    status: str | None = None
    """procrastinate's: todo (waiting for a worker), doing, succeeded, failed."""
    worker_seen: bool
    """Whether any worker has sent a heartbeat lately: without one, nothing runs until a worker starts."""


class HeldDenial(BaseModel):
    """An admin's denial of a drift revert that was recorded but does not keep the change: a second admin
    must agree (workflow/live_policy.py, audited as `approval.deny_held`)."""

    model_config = ConfigDict(frozen=True)

    admin: str
    """Who denied, by address."""
    because: str
    """Why it is held, said of the admin (not to them)."""
    justification: str | None = None
    time: dt.datetime

    def line(self) -> str:
        """What the request's page, `mailwarden requests show` and its notices say of it."""
        return f"denial by {self.admin} held: a second admin must agree, because {self.because}"


class PartialView(RuntimeError):
    """Every step was asked of a view that holds only the first of them (a bulk request's steps are read a
    page at a time): a bug in the caller, which must read the request whole (`RequestService.get`) or count
    in the store, never take the first page for the whole request."""


class RequestView(BaseModel):
    """A request as people see it. `steps` may hold only its first steps (a bulk request confirmed or run a
    page at a time): `step_count` and `status_counts` are then still about every step, `all_steps` is false
    and `steps_note` says so; `every_step()` refuses such a view rather than let it pass for the whole."""

    model_config = ConfigDict(frozen=True)

    request_id: str
    tenant: str
    requester: str
    channel: str
    kind: Literal["change", "undo", "expiry"]
    text: str | None = None
    justification: str | None = None
    state: RequestState
    created: dt.datetime
    updated: dt.datetime
    approval_deadline: dt.datetime | None = None
    parent_request_id: str | None = None
    steps: list[RequestStepView] = Field(default_factory=list)
    """Its steps in order of position: every one, or the first of them when `all_steps` is false."""
    step_count: int = 0
    """How many steps the request has, whatever `steps` holds (when not given: as many as `steps`)."""
    status_counts: dict[str, int] = Field(default_factory=dict)
    """How many of all its steps are in each status (pending, applied, failed ...), whatever `steps` holds."""
    later_problems: list[RequestStepView] = Field(default_factory=list)
    """When `steps` holds only the first steps: the first few after them that did not go as asked (failed,
    refused, drifted), so that a summary still names them; `status_counts` counts every one."""
    approvals: list[Approval] = Field(default_factory=list)
    held_denials: list[HeldDenial] = Field(default_factory=list)
    """A drift revert still waiting: the admins' denials recorded but held for a second admin, each admin's
    latest (`RequestService.get` reads them from the audit log)."""
    queued_for_worker: bool = False
    """Approved and left to a worker (`mailwarden worker`): `approved` is then not the outcome yet."""
    job: QueuedJob | None = None

    requester_id: str = Field(default="", exclude=True)
    """The object id of who filed it (the store's `requester_id`; the drift scan's marker for its reverts):
    who every decision made again is made for (`asked_by`). `requester` is the address they filed under, for
    display: an address moves to another person, an object id never does (red team 79)."""
    requester_addresses: frozenset[str] = Field(default=frozenset(), exclude=True)
    """Every address the requester is known by now (the directory's, by object id, lower case): a requester
    never approves their own request, so none of these is ever shown as waited on. The address filed under
    is among them only while it is still theirs: once an admin gives it to someone else, its new holder is
    no requester (to `seen_by`, `reads_text`, `comments_for`, `pending_approvers`)."""
    requester_now: str | None = Field(default=None, exclude=True)
    """The requester's primary address now, read from the directory by object id: where their news goes
    (notifications/outbox.py). None when the tenant no longer holds them (`requester_gone`), or when where
    they are is in doubt (`requester_in_doubt`)."""
    requester_in_doubt: bool = Field(default=False, exclude=True)
    """The store's copy of the directory still holds the requester, but names as their primary address one
    it gives someone else now (their row is older than the address's move: red team 84 F1). They are not
    gone; their news is held, not sent to a maybe-stale address, until the copy is read again (red team 86
    F3: notifications/outbox.py `HOLD`)."""

    @model_validator(mode="before")
    @classmethod
    def _counted(cls, data: Any) -> Any:
        """A view built with its steps and without counts counts them (one built with fewer steps than it has,
        as the store does for a bulk request, gives them)."""
        if not isinstance(data, dict) or ("step_count" in data and "status_counts" in data):
            return data
        steps = data.get("steps") or []
        statuses = Counter(s.status if isinstance(s, RequestStepView) else s.get("status") for s in steps)
        return {"step_count": len(steps), "status_counts": dict(statuses)} | data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def all_steps(self) -> bool:
        """Whether `steps` holds every step of the request (else only the first `len(steps)` of them)."""
        return len(self.steps) >= self.step_count

    @computed_field  # type: ignore[prop-decorator]
    @property
    def steps_note(self) -> str | None:
        """What a page, the CLI or a client shows when `steps` holds only the first steps."""
        if self.all_steps:
            return None
        shown = f"the first {len(self.steps):,}" if self.steps else "none"
        return f"showing {shown} of {self.step_count:,} steps; all are in the request"

    @property
    def asked_by(self) -> str:
        """Who the request is decided for: its requester's object id (the address filed under only for a view
        built without one, never one the store reads back)."""
        return self.requester_id or self.requester

    @property
    def requester_gone(self) -> bool:
        """Read back from the store, the request's requester (a person, by object id) is no longer in the
        tenant's directory: nobody is told its news, and it is shown as from a gone person."""
        return (
            bool(self.requester_id)
            and "@" in self.requester
            and self.requester_now is None
            and not self.requester_in_doubt
        )

    @property
    def requester_shown(self) -> str:
        """Who filed it, as the pages, the CLI and the mails name them: the address they filed under, said to
        be no longer in the tenant once they are gone (whoever holds that address now did not ask)."""
        return f"{self.requester} (no longer in the tenant)" if self.requester_gone else self.requester

    def _requesters(self) -> frozenset[str]:
        """The requester's addresses (lower case): the directory's by object id when the view has the id;
        for a view built without one, the address filed under too."""
        if self.requester_id:
            return self.requester_addresses
        return self.requester_addresses | {self.requester.casefold()}

    def is_requester(self, actor_id: str, address: str) -> bool:
        """Whether the person (`actor_id`, signed in as `address`) filed the request: by object id when the
        view has it, never by the address filed under, which may be someone else's now."""
        if self.requester_id:
            return actor_id == self.requester_id
        return address.casefold() in self._requesters()

    def is_requesters_address(self, address: str, holder_id: str | None = None) -> bool:
        """Whether `address` is one of the requester's own now (`requester_addresses`, by object id). With
        `holder_id`, the object id of who holds it (the person signed in as it): an address someone else
        holds is never the requester's, whatever a stale copy of the directory says (red team 84 F1)."""
        if holder_id and self.requester_id and holder_id != self.requester_id:
            return False
        return address.casefold() in self._requesters()

    def reads_text(self, address: str, holder_id: str | None = None) -> bool:
        """Whether `address` may read the request's own words (admins read everything; ask before this):
        its requester, or an approver of every one of its steps. The text names every step's target, so an
        approver of some of them (Finance's) would learn from it what the others ask (HR's mailbox), which
        the steps themselves show them in outline only; the justification is what they need, and is kept.
        A view holding only the first steps cannot show that the rest are theirs too: not read then.
        `holder_id`: who holds `address`, when known (`is_requesters_address`)."""
        who = address.casefold()
        if self.is_requesters_address(who, holder_id):
            return True
        return (
            self.all_steps
            and bool(self.steps)
            and all(
                isinstance(s.decision, ApprovalRequired)
                and who in {a.casefold() for a in s.decision.approvers}
                for s in self.steps
            )
        )

    def comments_for(self, address: str, holder_id: str | None = None) -> dict[str, Any]:
        """The approvals and held denials as `address` reads them (admins read everything; ask before this).
        A comment is free text about the step its writer decides, and may name its target as the text does:
        it is shown to whoever reads the text (`reads_text`) and to its writer; others are shown that there
        is one, not its words (RT63 F2)."""
        if self.reads_text(address, holder_id):
            return {"approvals": self.approvals, "held_denials": self.held_denials}
        who = address.casefold()
        return {
            "approvals": [
                a
                if not a.justification or a.approver.casefold() == who
                else a.model_copy(update={"justification": COMMENT_WITHHELD})
                for a in self.approvals
            ],
            "held_denials": [
                h
                if not h.justification or h.admin.casefold() == who
                else h.model_copy(update={"justification": COMMENT_WITHHELD})
                for h in self.held_denials
            ],
        }

    def every_step(self) -> list[RequestStepView]:
        """Every step, for whatever counts, checks or tells about all of them; PartialView when `steps` holds
        only the first (never a first page taken for the whole request)."""
        if not self.all_steps:
            raise PartialView(
                f"request {self.request_id}: {self.steps_note}; read it whole (RequestService.get) or count "
                "in the store"
            )
        return self.steps

    def _unapproved(self) -> list[ApprovalRequired]:
        """The decisions of the steps that need an approval none of their approvers gave yet."""
        approved_by = {a.approver for a in self.approvals if a.verdict == "approve"}
        return [
            s.decision
            for s in self.every_step()
            if isinstance(s.decision, ApprovalRequired) and not approved_by & set(s.decision.approvers)
        ]

    def awaits_approval(self) -> bool:
        """Some step needs an approval it has not had: the request is not approved yet, whoever is left to
        give it (a step naming only its requester waits for nobody and is never approved by default)."""
        return bool(self._unapproved())

    def pending_approvers(self) -> list[str]:
        """Who may still approve: the approvers of every step that needs approval and has none yet, less
        the requester under any of their addresses."""
        names: list[str] = []
        for decision in self._unapproved():
            names += [a for a in self._others(decision.approvers) if a not in names]
        return names

    def approvers_of(self, step: RequestStepView) -> list[str]:
        """The step's approvers as shown on it: its decision's, less the requester."""
        return self._others(step.decision.approvers) if isinstance(step.decision, ApprovalRequired) else []

    def _others(self, names: list[str]) -> list[str]:
        mine = self._requesters()
        return [a for a in names if a.casefold() not in mine]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def waiting_on(self) -> list[str]:
        """Who may approve it now (pending approval only): what the pages and the CLI show."""
        return self.pending_approvers() if self.state is RequestState.PENDING_APPROVAL else []
