"""/api/v1/catalogue: what you may ask for (shared mailboxes and lists), and who would approve each."""

from __future__ import annotations

from fastapi import APIRouter

from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep
from mailwarden.workflow.catalogue import Offer

router = APIRouter(prefix="/catalogue", tags=["catalogue"], responses=PROBLEMS)


@router.get("")
def what_i_may_ask_for(runtime: RuntimeDep, who: Reader) -> list[Offer]:
    """The shared mailboxes and lists the tenant's policy lets you ask for, with who approves each.

    Each entry is the policy's decision on the request you would file; what it denies is not listed, and a
    recipient hidden from address lists never is. `request` is the step to send to /api/v1/requests."""
    return ops.catalogue_of(runtime, who)
