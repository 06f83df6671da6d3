"""/api/v1/views/{view}: the read-only views (shared mailboxes, lists, who has access ...), read live."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from mailwarden.actions.base import View
from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep

router = APIRouter(prefix="/views", tags=["views"], responses=PROBLEMS)

ViewName = Literal["shared-mailboxes", "lists", "permissions", "send-as", "mailbox", "members", "calendar"]


@router.get("/{view}")
async def read_view(
    view: ViewName,
    runtime: RuntimeDep,
    who: Reader,
    mailbox: str | None = None,
    group: str | None = None,
    owner: str | None = None,
) -> View:
    """A read view; employees see their own mailbox and what they own, are delegates or members of."""
    return await ops.read_view(runtime, who, view, {"mailbox": mailbox, "group": group, "owner": owner})
