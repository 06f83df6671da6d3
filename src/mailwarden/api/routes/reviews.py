"""/api/v1/reviews: access review campaigns, their tasks, reviewers' decisions, closing, and the evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from mailwarden.access import reviews
from mailwarden.access.reviews import SCOPE_KINDS, Campaign, ReviewTask, ScopeKind
from mailwarden.api.deps import session_of
from mailwarden.api.provider import sees_whole_log
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep, Writer
from mailwarden.planner.durations import parse_expiry

router = APIRouter(prefix="/reviews", tags=["access reviews"], responses=PROBLEMS)


class CampaignInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    deadline: str = Field(max_length=40, examples=["14d", "2027-01-31"])
    """When it closes: a duration (14d, 2w) or an ISO date."""
    scope: list[ScopeKind] = Field(default_factory=lambda: list(SCOPE_KINDS), min_length=1)
    which: Literal["all", "sensitive", "chosen"] = "all"
    resources: list[str] = Field(default_factory=list, max_length=500)
    default: Literal["keep", "remove"] = "keep"
    repeat: Literal["quarterly"] | None = None


class DecisionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["keep", "remove"]
    item_ids: list[int] = Field(default_factory=list, max_length=1000)
    """The delegates decided; empty means every one not yet decided."""
    reason: str = Field(default="", max_length=2000)
    """Why (required to remove): the removal request carries it."""


@router.get("")
def list_reviews(runtime: RuntimeDep, who: Reader) -> list[Campaign]:
    """Campaigns: all for an admin; for anyone else, those holding one of their tasks (only those tasks)."""
    return reviews.list_campaigns(session_of(runtime, who))


@router.post("", status_code=201)
async def start_review(body: CampaignInput, runtime: RuntimeDep, who: Writer) -> Campaign:
    """Start a campaign (admins): each resource's reviewers get one task listing its delegates and why."""
    return await reviews.start(
        session_of(runtime, who),
        name=body.name,
        kinds=body.scope,
        which=body.which,
        chosen=body.resources,
        deadline=parse_expiry(body.deadline, dt.datetime.now(dt.UTC)),
        default_action=body.default,
        repeat=body.repeat,
        channel="api",
    )


@router.get("/tasks/{task_id}")
def get_task(task_id: str, runtime: RuntimeDep, who: Reader) -> ReviewTask:
    """One task: its resource's delegates, each with why and last use (its reviewers and admins)."""
    return reviews.get_task(session_of(runtime, who), task_id)


@router.post("/tasks/{task_id}/decide")
async def decide(task_id: str, body: DecisionInput, runtime: RuntimeDep, who: Writer) -> ReviewTask:
    """Keep or remove delegates of your own task; a removal runs as your request under the tenant's policy."""
    return await reviews.decide(
        session_of(runtime, who), task_id, body.item_ids, body.decision, body.reason or None, channel="api"
    )


@router.get("/{campaign_id}")
def get_review(campaign_id: str, runtime: RuntimeDep, who: Reader) -> Campaign:
    return reviews.get_campaign(session_of(runtime, who), campaign_id)


@router.post("/{campaign_id}/close")
async def close_review(campaign_id: str, runtime: RuntimeDep, who: Writer) -> Campaign:
    """Close a campaign (admins): undecided delegates get its default; a quarterly one starts its next."""
    return await reviews.close(session_of(runtime, who), campaign_id, channel="api")


@router.get(
    "/{campaign_id}/evidence",
    responses={200: {"content": {"text/csv": {}}, "description": "The evidence and its signature."}},
)
def evidence(
    campaign_id: str, runtime: RuntimeDep, who: Reader, format: Literal["json", "csv"] = "json"
) -> Any:
    """Who reviewed what, when, with which decision, what was removed (admins). Its sha256 is written into
    the signed audit log: JSON carries the signature document beside the evidence; CSV, in headers."""
    whole_log = sees_whole_log(runtime, who)
    text, signature = reviews.evidence(
        session_of(runtime, who), campaign_id, format, channel="api", whole_log=whole_log
    )
    if format == "csv":
        headers = {
            "Content-Disposition": f'attachment; filename="review-{campaign_id[:8]}.csv"',
            "X-Evidence-SHA256": str(signature["sha256"]),
        }
        if whole_log:
            headers["X-Audit-Seq"] = str(signature["audit_record"]["seq"])
            headers["X-Audit-Checkpoint-Signature"] = str(signature["checkpoint"]["signature"])
        else:
            # Their record's place among their own tenant's (a seq counts every other tenant's records).
            headers["X-Audit-Record"] = str(signature["audit_record"]["ordinal"])
        return Response(text, media_type="text/csv", headers=headers)
    return {"evidence": text, "signature": signature}
