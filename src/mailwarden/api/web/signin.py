"""Sign-in and sign-out: /auth/login sends the browser to the identity provider, /auth/callback returns."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from mailwarden.api import operations as ops
from mailwarden.api.auth import SESSION_MAX_AGE_S, Principal, SignInFailed, check_csrf, is_person
from mailwarden.api.deps import Runtime, get_runtime
from mailwarden.api.problems import Problem
from mailwarden.api.signed_out import end_session, live_session, session_start, signed_in_now
from mailwarden.model.recipients import Recipient

router = APIRouter(include_in_schema=False)

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another origin (an open redirect would help phishing)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/ask"
    return target


@router.get("/auth/login")
async def login(
    request: Request, runtime: RuntimeDep, next: Annotated[str | None, Query()] = None
) -> Response:
    redirect_uri = str(request.url_for("callback"))
    url, pending = await runtime.oidc.start(redirect_uri)
    # A cookie that is not a live session (signed out, past its absolute end, or a copy of one) starts from
    # an empty session: it must not be signed again with a fresh timestamp and carried through. A live one
    # keeps its sign-in time, so re-signing it lengthens nothing (signed_out.py).
    user = request.session.get("user")
    if not live_session(runtime.workspace.documents, runtime.tenant_key, user, SESSION_MAX_AGE_S):
        request.session.clear()
    # No `next` (the sign-in button itself): the callback chooses the landing page (see `landing`).
    request.session["oidc"] = {**pending, "next": safe_next(next) if next else ""}
    return RedirectResponse(url, status_code=302)


@router.get("/auth/callback", name="callback")
async def callback(
    request: Request,
    runtime: RuntimeDep,
    code: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    error_description: Annotated[str | None, Query()] = None,
) -> Response:
    pending = request.session.pop("oidc", None)
    if error_description:
        raise Problem(401, "sign-in-failed", "Sign-in failed", error_description.split("\r\n")[0])
    if (
        not isinstance(pending, dict)
        or not code
        or not state
        or not secrets.compare_digest(str(pending.get("state", "")), state)
    ):
        raise Problem(
            400,
            "sign-in-failed",
            "Sign-in failed",
            "This sign-in answer does not belong to a sign-in started here (or it was used already). "
            "Start again from the sign-in page.",
        )
    try:
        claims = await runtime.oidc.finish(pending, code)
    except SignInFailed as exc:
        raise Problem(400, "sign-in-failed", "Sign-in failed", str(exc)) from None
    # Identity is the token's object id (its tenant was checked with the signature): never its
    # preferred_username or email, which whoever creates an account may set to somebody else's address.
    recipient = await runtime.person(str(claims.get("oid", "")).lower())
    if recipient is None or not is_person(recipient):
        raise Problem(
            403,
            "not-a-person-of-the-tenant",
            "Not a person of this tenant",
            "You signed in, but your account is not an enabled user with a mailbox in this tenant's "
            "directory, so mailwarden cannot act for it. Ask an admin if you think it should be.",
        )
    # The session this browser held ends for good, as a sign-out ends it: the new cookie replaces it here,
    # but a copy of the old one (a shared computer, a proxy log) would otherwise act for the rest of its life.
    _end(runtime, request.session.get("user"))
    # A new session: nothing of the signed-out one carries over, and a fresh CSRF token.
    request.session.clear()
    request.session["user"] = {
        "oid": recipient.recipient_id,
        "name": recipient.display_name,
        "sid": secrets.token_urlsafe(16),
        "since": signed_in_now(),
    }
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(landing(runtime, recipient, str(pending.get("next", ""))), status_code=303)


def landing(runtime: Runtime, recipient: Recipient, asked_for: str) -> str:
    """Where a sign-in ends: the page the person was going to, or else their approvals inbox when something
    waits on them (they are told so, and this is where they act), or else the Ask page."""
    if asked_for:
        return safe_next(asked_for)
    who = Principal(recipient=recipient, via="session")
    return "/approvals" if ops.waiting_count(runtime, who) else "/ask"


@router.post("/auth/logout")
async def logout(request: Request) -> Response:
    user = request.session.get("user")
    if user:
        # A tab opened before the browser signed in again carries the old session's token: its "Sign out"
        # must still end the session the cookie holds now (RT63 F10), and ending it harms no one. The token
        # is still asked of a POST not shown to come from this site's own pages: a cross-site page must not
        # sign anyone out (SameSite=Lax keeps the cookie from its POST already; a sibling subdomain is the
        # same site, so Lax alone does not stop one there).
        if not _from_this_origin(request):
            await check_csrf(request)
        _end(request.app.state.runtime, user)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)


def _from_this_origin(request: Request) -> bool:
    """Whether the browser says the POST comes from a page of this very origin: `Sec-Fetch-Site` when it
    sends it, else `Origin` (both set by the browser, never by a page's script). Neither: not shown."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    return origin is not None and origin == f"{request.url.scheme}://{request.url.netloc}"


def _end(runtime: Runtime, user: object) -> None:
    """End the session `user` (a cookie's "user") and the tokens made from it. The cookie stays valid by its
    signature alone: the server must remember that it ended."""
    sid = str(user.get("sid", "")) if isinstance(user, dict) else ""
    if not isinstance(user, dict) or not sid:
        return
    owner_id = str(user.get("oid", ""))
    known = runtime.directory.get(owner_id)
    end_session(
        runtime.workspace.documents,
        runtime.tokens,
        runtime.tenant_key,
        owner_id=owner_id,
        sid=sid,
        by=known.primary_address if known is not None else owner_id,
        lifetime_s=SESSION_MAX_AGE_S,
        since=session_start(user),
    )
