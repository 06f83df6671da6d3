"""/api/v1/tokens: API tokens for automation. Made only from a signed-in session; shown once; revocable."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mailwarden.api.problems import Problem
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep, Writer
from mailwarden.api.signed_out import issue_in_session
from mailwarden.api.tokens import MAX_DAYS, IssuedToken, Scope, TokenInfo

router = APIRouter(prefix="/tokens", tags=["tokens"], responses=PROBLEMS)


class NewToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128, examples=["nightly report"])
    scopes: list[Scope] = Field(min_length=1, examples=[["read"]])
    expires_in_days: int = Field(default=90, ge=1, le=MAX_DAYS)

    @field_validator("expires_in_days", mode="before")
    @classmethod
    def _has_an_end(cls, value: object) -> object:
        # null once made a token that never expired, outliving any session it came from.
        if value is None:
            raise ValueError(
                f"a token must have an end: give 1 to {MAX_DAYS} days, or leave the field out for 90"
            )
        return value


@router.get("")
def list_tokens(runtime: RuntimeDep, who: Reader) -> list[TokenInfo]:
    """Your API tokens (never their secrets); an admin sees every token of the tenant."""
    owner = None if who.is_admin else who.recipient.recipient_id
    return runtime.tokens.list(runtime.tenant_key, owner)


@router.post("", status_code=status.HTTP_201_CREATED)
def make_token(body: NewToken, request: Request, runtime: RuntimeDep, who: Writer) -> IssuedToken:
    """Make a token that acts as you within its scopes, until you revoke it, it expires, or you sign out of
    the session that made it. The token is in this answer only."""
    if who.via != "session":
        raise Problem(
            403,
            "session-only",
            "Sign in to make tokens",
            "API tokens are made from a signed-in session only.",
        )
    return issue_in_session(
        runtime.workspace.documents,
        runtime.tokens,
        runtime.tenant_key,
        sid=str(request.session["user"]["sid"]),  # a session principal has one (deps.principal)
        owner_id=who.recipient.recipient_id,
        owner=who.address,
        name=body.name,
        scopes=body.scopes,
        expires_in_days=body.expires_in_days,
        channel="api",
    )


@router.delete("/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: str, runtime: RuntimeDep, who: Writer) -> None:
    """Revoke one of your tokens (an admin: any token of the tenant); it stops working at once."""
    owner = runtime.tokens.owner_of(runtime.tenant_key, token_id)
    if owner is None or (owner != who.recipient.recipient_id and not who.is_admin):
        raise Problem(
            404, "token-not-found", "No such token", f"No API token {token_id!r} that you may revoke."
        )
    runtime.tokens.revoke(runtime.tenant_key, token_id, by=who.address)
