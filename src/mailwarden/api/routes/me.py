"""/api/v1/me: who you are signed in as, your role (from the directory), and the session's CSRF token."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from mailwarden.api.routes.common import PROBLEMS, Reader

router = APIRouter(tags=["me"], responses=PROBLEMS)


class Me(BaseModel):
    address: str
    display_name: str
    role: Literal["admin", "employee"]
    via: Literal["session", "token"]
    scopes: list[str]
    csrf_token: str | None = None
    """Send it as the X-CSRF-Token header with every change made with the session cookie."""


@router.get("/me")
def me(request: Request, who: Reader) -> Me:
    return Me(
        address=who.address,
        display_name=who.recipient.display_name,
        role="admin" if who.is_admin else "employee",
        via=who.via,
        scopes=sorted(who.scopes),
        csrf_token=str(request.session.get("csrf")) if who.via == "session" else None,
    )
