"""What the routers share: the principal per scope, paging, and the documented problem responses."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from mailwarden.api.auth import Principal
from mailwarden.api.deps import Runtime, get_runtime, scoped
from mailwarden.api.problems import PROBLEM_JSON, ProblemBody

__all__ = [
    "PROBLEMS",
    "Approver",
    "Limit",
    "Offset",
    "Page",
    "Reader",
    "RuntimeDep",
    "Writer",
    "page_of",
]

T = TypeVar("T")

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Reader = Annotated[Principal, scoped("read")]
Writer = Annotated[Principal, scoped("write")]
Approver = Annotated[Principal, scoped("approve")]
Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items first.")]


class Page(BaseModel, Generic[T]):
    """One page of a list: `next_offset` is where the next page starts (null on the last page)."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None


def page_of(items: list[T], *, limit: int, offset: int, more: bool) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


_problem = {"model": ProblemBody, "content": {PROBLEM_JSON: {}}}
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {**_problem, "description": "Not signed in, or the API token is unknown, expired or revoked."},
    403: {**_problem, "description": "Not permitted (role, token scope, or missing CSRF token)."},
    404: {**_problem, "description": "No such object that you may see."},
    422: {
        **_problem,
        "description": "The input is invalid, or names a recipient that is unknown or ambiguous.",
    },
}
