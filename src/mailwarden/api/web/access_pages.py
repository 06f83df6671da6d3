"""The Access page (who has access to a mailbox or list, or what a person can reach, and why) and the
access review pages (campaigns, a reviewer's task with its delegates, deciding, closing)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mailwarden.access import reviews
from mailwarden.access.reviews import ScopeKind
from mailwarden.access.why import RIGHT_LABELS, access_report
from mailwarden.api.deps import session_of
from mailwarden.api.web.pages import Person, RuntimeDep, render
from mailwarden.errors import MailwardenError
from mailwarden.planner.durations import parse_expiry

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Reference = Annotated[str | None, Query(max_length=320)]


@router.get("/access", response_class=HTMLResponse)
async def access_page(
    request: Request,
    runtime: RuntimeDep,
    who: Person,
    mailbox: Reference = None,
    group: Reference = None,
    person: Reference = None,
) -> HTMLResponse:
    if not (mailbox or group or person):
        person = who.address  # what everyone may always ask: why do I have the access I have
    asked = {k: v for k, v in (("mailbox", mailbox), ("group", group), ("person", person)) if v}
    report, error = None, None
    try:
        report = await access_report(session_of(runtime, who), mailbox=mailbox, group=group, person=person)
    except MailwardenError as exc:
        error = str(exc)
    return render(
        request,
        "access.html",
        who,
        report=report,
        error=error,
        csv_link="/api/v1/reports/access?" + urlencode({"format": "csv", **asked}),
        mailbox=mailbox or "",
        group=group or "",
        person=person or "",
    )


# ---- access reviews ------------------------------------------------------------------------------------


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    campaigns = reviews.list_campaigns(session_of(runtime, who))
    undecided = {c.campaign_id: sum(i.decision is None for t in c.tasks for i in t.items) for c in campaigns}
    return render(request, "reviews.html", who, campaigns=campaigns, undecided=undecided)


@router.post("/reviews")
async def reviews_start(
    runtime: RuntimeDep,
    who: Person,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    deadline: Annotated[str, Form(max_length=40)],
    scope: Annotated[list[ScopeKind], Form()],
    which: Annotated[Literal["all", "sensitive", "chosen"], Form()] = "all",
    resources: Annotated[str, Form(max_length=20_000)] = "",
    default: Annotated[Literal["keep", "remove"], Form()] = "keep",
    repeat: Annotated[Literal["", "quarterly"], Form()] = "",
) -> Response:
    campaign = await reviews.start(
        session_of(runtime, who),
        name=name,
        kinds=scope,
        which=which,
        chosen=[r.strip() for r in resources.replace("\n", ",").split(",") if r.strip()],
        deadline=parse_expiry(deadline),
        default_action=default,
        repeat="quarterly" if repeat else None,
        channel="web",
    )
    return RedirectResponse(f"/reviews/{campaign.campaign_id}", status_code=303)


@router.get("/reviews/tasks/{task_id}", response_class=HTMLResponse)
def review_task_page(request: Request, task_id: str, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    task = reviews.get_task(session_of(runtime, who), task_id)
    mine = who.address in task.reviewers and task.state == "open"
    return render(request, "review_task.html", who, task=task, mine=mine, labels=RIGHT_LABELS)


@router.post("/reviews/tasks/{task_id}/decide")
async def review_task_decide(
    task_id: str,
    runtime: RuntimeDep,
    who: Person,
    decision: Annotated[Literal["keep", "remove"], Form()],
    item: Annotated[list[int] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    await reviews.decide(
        session_of(runtime, who), task_id, item or [], decision, reason or None, channel="web"
    )
    return RedirectResponse(f"/reviews/tasks/{task_id}", status_code=303)


@router.get("/reviews/{campaign_id}", response_class=HTMLResponse)
def review_page(request: Request, campaign_id: str, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    campaign = reviews.get_campaign(session_of(runtime, who), campaign_id)
    return render(request, "review.html", who, campaign=campaign)


@router.post("/reviews/{campaign_id}/close")
async def review_close(campaign_id: str, runtime: RuntimeDep, who: Person) -> Response:
    await reviews.close(session_of(runtime, who), campaign_id, channel="web")
    return RedirectResponse(f"/reviews/{campaign_id}", status_code=303)
