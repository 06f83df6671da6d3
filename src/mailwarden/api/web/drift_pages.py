"""The drift page: changes made outside mailwarden, newest first, and one event in full (`?event=ID`).
Admins only, like the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from mailwarden.api.problems import Problem
from mailwarden.api.web.pages import Admin, RuntimeDep, render
from mailwarden.drift import get_event, list_events
from mailwarden.drift.policy import load_responses

router = APIRouter(include_in_schema=False)


@router.get("/drift", response_class=HTMLResponse)
def drift_page(
    request: Request,
    runtime: RuntimeDep,
    who: Admin,
    event: Annotated[str | None, Query(max_length=36)] = None,
    severity: Literal["low", "medium", "high"] | None = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    store, tenant = runtime.workspace.store, runtime.tenant_key
    chosen = None
    if event:
        chosen = get_event(store, tenant, event)
        if chosen is None:
            raise Problem(404, "not-found", "No such drift event", f"There is no drift event {event!r}.")
    start = None
    if since:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise Problem(
                422, "invalid-input", "Invalid date", f"{since!r} is not a date (YYYY-MM-DD)."
            ) from None
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return render(
        request,
        "drift.html",
        who,
        events=list_events(store, tenant, since=start, severity=severity),
        chosen=chosen,
        policy=load_responses(store, tenant),
        filters={"severity": severity or "", "since": since or ""},
    )
