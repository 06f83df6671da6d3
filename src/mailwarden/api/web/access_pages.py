"""The Access page: who has access to a mailbox or list, or what a person can reach, and why."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from mailwarden.access.why import access_report
from mailwarden.api.deps import session_of
from mailwarden.api.web.pages import Person, RuntimeDep, render
from mailwarden.errors import MailwardenError

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
