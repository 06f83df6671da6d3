"""Errors as RFC 9457 problem details (`application/problem+json`), mapped from mailwarden's error tree once.

Every error a route can meet becomes one problem: `type` names the kind (a URN per kind, so a client can
switch on it), `title` is the kind for people, `detail` is the error's own message (what happened and what
to do next), `status` the HTTP status. Extensions carry the error's fields: the candidates of an ambiguous
name, the seconds to wait after throttling. Nothing else of an unexpected error leaves the server.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from mailwarden import errors
from mailwarden.logs import get_logger
from mailwarden.model.plans import Candidate

__all__ = ["PROBLEM_JSON", "Problem", "ProblemBody", "problem_for", "problem_response"]

PROBLEM_JSON = "application/problem+json"
log = get_logger("mailwarden.api")


class ProblemBody(BaseModel):
    """The JSON of a problem (RFC 9457), as the OpenAPI schema documents it."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""


class Problem(Exception):
    """A problem a route raises on purpose (not found, forbidden ...), with its own words."""

    def __init__(
        self, status: int, slug: str, title: str, detail: str, extensions: dict[str, Any] | None = None
    ) -> None:
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extensions = extensions
        super().__init__(status, slug, detail)

    def body(self) -> dict[str, Any]:
        return {
            "type": f"urn:mailwarden:problem:{self.slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **(self.extensions or {}),
        }


# Most specific first: the first class an error is an instance of decides.
_MAPPING: list[tuple[type[errors.MailwardenError], int, str, str]] = [
    (errors.RequestNotFound, 404, "request-not-found", "No such request"),
    (errors.ReviewNotFound, 404, "review-not-found", "No such access review"),
    (errors.NotPermitted, 403, "not-permitted", "Not permitted"),
    (errors.InvalidTransition, 409, "invalid-transition", "Not possible in the request's state"),
    (errors.AlreadyRunning, 409, "already-running", "Already running"),
    (errors.AmbiguousRecipient, 422, "ambiguous-recipient", "Which one?"),
    (errors.RecipientNotFound, 422, "recipient-not-found", "No such recipient"),
    (errors.ConfigError, 422, "invalid-input", "Invalid input"),
    (errors.PlanningError, 422, "not-understood", "The request was not understood"),
    (errors.Throttled, 503, "tenant-throttled", "The tenant is throttling requests"),
    (errors.TenantUnreachable, 503, "tenant-unreachable", "The tenant cannot be reached"),
    (errors.Transient, 503, "tenant-unavailable", "The tenant is unavailable"),
    (errors.TenantError, 502, "tenant-error", "The tenant refused the operation"),
    (errors.AuditIntegrityError, 500, "audit-integrity", "The audit log does not verify"),
    (errors.MailwardenError, 400, "error", "The request could not be done"),
]


def problem_for(exc: errors.MailwardenError) -> Problem:
    """The problem an error of mailwarden's tree becomes."""
    for kind, status, slug, title in _MAPPING:
        if isinstance(exc, kind):
            extensions: dict[str, Any] = {}
            if isinstance(exc, errors.AmbiguousRecipient):
                extensions["reference"] = exc.reference
                extensions["candidates"] = [
                    Candidate.of(c).model_dump() if hasattr(c, "recipient_id") else {"address": str(c)}
                    for c in exc.candidates
                ]
            if isinstance(exc, errors.RecipientNotFound):
                extensions["reference"] = exc.reference
            problems = getattr(exc, "problems", None)  # policy.InvalidPolicy: each problem of the text
            if isinstance(problems, list):
                extensions["problems"] = [str(p) for p in problems]
            if isinstance(exc, errors.Throttled) and exc.retry_after is not None:
                extensions["retry_after"] = exc.retry_after
            if isinstance(exc, errors.AlreadyRunning):
                extensions["running_since"] = exc.running_since.isoformat()
                extensions["retry_after"] = exc.retry_after
            return Problem(status, slug, title, str(exc), extensions)
    raise AssertionError("MailwardenError is the last entry of the mapping")


def problem_response(problem: Problem) -> JSONResponse:
    headers = {}
    retry_after = (problem.extensions or {}).get("retry_after")
    if retry_after is not None:
        headers["Retry-After"] = str(max(1, round(float(retry_after))))
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


async def handle_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc)


async def handle_mailwarden_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.MailwardenError)
    return problem_response(problem_for(exc))


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{p['where']}: {p['problem']}" for p in problems[:5])
    return problem_response(
        Problem(
            422, "invalid-input", "Invalid input", f"Fix these and try again: {detail}.", {"errors": problems}
        )
    )


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 401: "Sign-in required", 413: "Request too large"}
    title = titles.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    response = problem_response(Problem(exc.status_code, "http", title, detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The details go to the log (errors carry no secrets); the client learns only that it failed.
    log.error("unexpected_error", path=request.url.path, error=type(exc).__name__)
    return problem_response(
        Problem(500, "internal", "Internal error", "Something went wrong on the server; it has been logged.")
    )
