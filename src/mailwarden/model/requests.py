"""Requests as people see them: the steps with their previews and decisions, the approvals, the state."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, computed_field

from mailwarden.model.decisions import ApprovalRequired, Decision

__all__ = ["Approval", "QueuedJob", "RequestState", "RequestStepView", "RequestView"]


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


class QueuedJob(BaseModel):
    """The worker job that runs an approved request (PostgreSQL), as the queue has it now."""

    model_config = ConfigDict(frozen=True)

    job_id: int | None = None
    status: str | None = None
    """procrastinate's: todo (waiting for a worker), doing, succeeded, failed."""
    worker_seen: bool
    """Whether any worker has sent a heartbeat lately: without one, nothing runs until a worker starts."""


class RequestView(BaseModel):
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
    approvals: list[Approval] = Field(default_factory=list)
    queued_for_worker: bool = False
    """Approved and left to a worker (`mailwarden worker`): `approved` is then not the outcome yet."""
    job: QueuedJob | None = None

    requester_addresses: frozenset[str] = Field(default=frozenset(), exclude=True)
    """Every address the requester is known by (the directory's, lower case; the one filed under among them):
    a requester never approves their own request, so none of these is ever shown as waited on."""

    def _unapproved(self) -> list[ApprovalRequired]:
        """The decisions of the steps that need an approval none of their approvers gave yet."""
        approved_by = {a.approver for a in self.approvals if a.verdict == "approve"}
        return [
            s.decision
            for s in self.steps
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
        mine = self.requester_addresses | {self.requester.casefold()}
        return [a for a in names if a.casefold() not in mine]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def waiting_on(self) -> list[str]:
        """Who may approve it now (pending approval only): what the pages and the CLI show."""
        return self.pending_approvers() if self.state is RequestState.PENDING_APPROVAL else []
