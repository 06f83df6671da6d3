"""The OAuth 2.0 device authorization grant (RFC 8628) as the Microsoft identity platform serves it.

    POST /{tenant}/oauth2/v2.0/devicecode   client_id + scope → device_code, user_code, verification_uri,
                                            expires_in, interval, message
    GET  /devicelogin                       the page where a person enters the user code ...
    POST /devicelogin                       ... then says who they are (pick an Acme person) or cancels
    POST /devicelogin/confirm
    POST /{tenant}/oauth2/v2.0/token        grant_type=urn:ietf:params:oauth:grant-type:device_code is
                                            redeemed by `redeem_device_code` (identity.py delegates here)

Until the person finishes, polling answers `authorization_pending` (AADSTS70016); polling faster than
`interval` answers `slow_down` and adds 5 s to the interval (RFC 8628 §3.5; Entra's code for a client
that polls in a loop is AADSTS50196); a cancelled sign-in answers `authorization_declined`; after
`expires_in` (15 minutes, as Entra) `expired_token` (AADSTS70019); an unknown device code
`bad_verification_code` (AADSTS70018). A device code buys tokens once. The app must allow public client
flows (Graph `isFallbackPublicClient`), else the token request fails as Entra's does (AADSTS7000218).

Pending codes live in this emulator process. Tests may shorten `interval` and `expires_in` through
`app.state.device_code_timing` (a `DeviceCodeTiming`); the rules stay the same.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from mailwarden.emulator import identity, login, tenancy, user_tokens
from mailwarden.emulator.state import TenantState

__all__ = ["DEVICE_CODE_GRANT", "DeviceCodeTiming", "codes_of", "page_router", "redeem_device_code", "router"]

router = APIRouter()
page_router = APIRouter()
"""The person's pages (/devicelogin): served on the TLS port and on the plain-HTTP loopback page port."""

DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_USER_CODE_LENGTH = 9
_POLL_SKEW_S = 0.25  # clients sleep a whole interval after each answer, so the gap is never shorter


@dataclass
class DeviceCodeTiming:
    interval: int = 5
    expires_in: int = 900


@dataclass
class _Pending:
    client_id: str
    app_name: str
    scopes: list[str]
    user_code: str
    issued: float
    expires_in: int
    interval: int
    last_poll: float | None = None
    outcome: Literal["pending", "approved", "declined", "redeemed"] = "pending"
    user_id: str | None = None
    tenant_id: str = ""
    """The tenant the code was asked of: its people sign in on the page, and only its token endpoint
    redeems it (one emulator serves many tenants, as one Entra ID does)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def expired(self, now: float) -> bool:
        return now - self.issued >= self.expires_in


class _DeviceCodes:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_device: dict[str, _Pending] = {}
        self._by_user: dict[str, str] = {}

    def issue(self, pending: _Pending) -> str:
        device_code = "DAQABIQEAAAD" + secrets.token_urlsafe(96)
        with self._lock:
            now = time.time()
            # Forget codes long past their end (an expired code still answers expired_token for a while).
            for code, p in list(self._by_device.items()):
                if now - p.issued > 2 * p.expires_in + 60:
                    del self._by_device[code]
                    self._by_user.pop(p.user_code, None)
            self._by_device[device_code] = pending
            self._by_user[pending.user_code] = device_code
        return device_code

    def by_device(self, device_code: str) -> _Pending | None:
        with self._lock:
            return self._by_device.get(device_code)

    def by_user(self, user_code: str) -> _Pending | None:
        with self._lock:
            device_code = self._by_user.get(user_code.strip().upper().replace("-", ""))
            return self._by_device.get(device_code) if device_code else None

    def user_code_taken(self, user_code: str) -> bool:
        with self._lock:
            return user_code in self._by_user


_REGISTRY_LOCK = threading.Lock()


def _codes(request: Request) -> _DeviceCodes:
    return codes_of(request.app)


def codes_of(app: Any) -> _DeviceCodes:
    """The app's pending device codes (the plain-HTTP page app shares the emulator's: app.py)."""
    with _REGISTRY_LOCK:
        codes: _DeviceCodes | None = getattr(app.state, "device_codes", None)
        if codes is None:
            codes = app.state.device_codes = _DeviceCodes()
    return codes


def _timing(request: Request) -> DeviceCodeTiming:
    timing = getattr(request.app.state, "device_code_timing", None)
    return timing if isinstance(timing, DeviceCodeTiming) else DeviceCodeTiming()


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _verification_uri(request: Request) -> str:
    """The page a person opens: on the plain-HTTP loopback page port when serve.py runs one (a browser
    opens it without a certificate warning), as Entra's is on a host of its own (microsoft.com/devicelogin).
    """
    browser = getattr(request.app.state, "browser_signin_base", "")
    return f"{browser or identity._base(request)}/devicelogin"


# ---- the device authorization endpoint ---------------------------------------------------------------


@router.post("/{tenant}/oauth2/v2.0/devicecode")
async def device_authorization(tenant: str, request: Request) -> JSONResponse:
    form = _form(await request.body())
    state = identity._state(request)
    with state.transaction():
        if not identity.tenant_matches(state, tenant):
            return identity._tenant_not_found(request, tenant)
        client_id = form.get("client_id", "").strip().lower()
        if not client_id:
            return identity.missing_parameter(request, "client_id")
        if not form.get("scope", "").strip():
            return identity.missing_parameter(request, "scope")
        app = state.application(client_id)
        if app is None:
            return identity.aad_error(
                request,
                400,
                "unauthorized_client",
                700016,
                f"Application with identifier '{client_id}' was not found in the directory "
                f"'{state.tenant.display_name}'. This can happen if the application has not been installed "
                "by the administrator of the tenant or consented to by any user in the tenant. You may have "
                "sent your authentication request to the wrong tenant.",
            )
        scopes, bad = user_tokens.delegated_scopes(form["scope"])
        if bad is not None:
            return user_tokens.invalid_scope(request, bad)
        app_name = app.display_name
    timing = _timing(request)
    codes = _codes(request)
    user_code = _new_user_code(codes)
    device_code = codes.issue(
        _Pending(
            client_id=client_id,
            app_name=app_name,
            scopes=scopes,
            user_code=user_code,
            issued=time.time(),
            expires_in=timing.expires_in,
            interval=timing.interval,
            tenant_id=state.tenant.id,
        )
    )
    uri = _verification_uri(request)
    body = {
        "user_code": user_code,
        "device_code": device_code,
        "verification_uri": uri,
        "expires_in": timing.expires_in,
        "interval": timing.interval,
        "message": f"To sign in, use a web browser to open the page {uri} and enter the code {user_code} "
        "to authenticate.",
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store, no-cache"})


def _new_user_code(codes: _DeviceCodes) -> str:
    while True:
        code = "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(_USER_CODE_LENGTH))
        if not codes.user_code_taken(code):
            return code


# ---- the token endpoint's device code grant ----------------------------------------------------------


def redeem_device_code(
    request: Request, state: TenantState, tenant: str, form: dict[str, str]
) -> JSONResponse:
    """grant_type=urn:ietf:params:oauth:grant-type:device_code, inside the state's transaction."""
    for name in ("client_id", "device_code"):
        if not form.get(name):
            return identity.missing_parameter(request, name)
    client_id = form["client_id"].strip().lower()
    pending = _codes(request).by_device(form["device_code"])
    if pending is None or pending.client_id != client_id or pending.tenant_id != state.tenant.id:
        return identity.aad_error(
            request,
            400,
            "bad_verification_code",
            70018,
            "The provided value for the input parameter 'device_code' is not valid.",
        )
    app = state.application(client_id)
    if app is None:
        return identity.aad_error(
            request, 400, "unauthorized_client", 700016, f"Application '{client_id}' was not found."
        )
    refused = user_tokens.check_public_client(request, app, form)
    if refused is None and (form.get("client_secret") or form.get("client_assertion")):
        refused = identity._authenticate(request, state, tenant, app, form)
    if refused is not None:
        return refused
    now = time.time()
    with pending.lock:
        if pending.expired(now):
            return identity.aad_error(
                request,
                400,
                "expired_token",
                70019,
                "The provided value for the input parameter 'device_code' is not valid. This device code "
                "has expired.",
            )
        if pending.outcome == "redeemed":
            return identity.aad_error(
                request,
                400,
                "invalid_grant",
                54005,
                "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use "
                "an existing refresh token.",
            )
        if pending.outcome == "declined":
            return identity.aad_error(
                request,
                400,
                "authorization_declined",
                65004,
                "User declined to consent to access the app.",
            )
        too_soon = pending.last_poll is not None and now - pending.last_poll < pending.interval - _POLL_SKEW_S
        pending.last_poll = now
        if pending.outcome == "pending" and too_soon:
            pending.interval += 5
            return identity.aad_error(
                request,
                400,
                "slow_down",
                50196,
                "The server terminated an operation because it encountered a client request loop. Poll no "
                f"more often than every {pending.interval} seconds.",
            )
        if pending.outcome == "pending":
            return identity.aad_error(
                request,
                400,
                "authorization_pending",
                70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            )
        user = state.get(pending.user_id or "")
        refused = user_tokens.person_refusal(request, user)
        if refused is not None or user is None:
            return refused or identity.aad_error(request, 400, "invalid_grant", 50034, "No such user.")
        pending.outcome = "redeemed"
    state.record("emulator", "SignIn", user.id, client_id=client_id, grant="device_code")
    return user_tokens.token_response(request, state, app, user, pending.scopes, form)


# ---- the page where the person enters the code -------------------------------------------------------

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}"
    "ul{list-style:none;padding:0}li{margin:.3rem 0}"
    "button{width:100%;text-align:left;padding:.6rem;font-size:1rem}small{color:#555;display:block}"
    ".error{color:#a80000}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}"
        f"</title><style>{_STYLE}</style></head><body><main><h1>{html.escape(title)}</h1>{body}</main>"
        "</body></html>",
        status_code=status,
    )


def _code_form(problem: str | None = None) -> HTMLResponse:
    error = f"<p class='error' role='alert'>{html.escape(problem)}</p>" if problem else ""
    return _page(
        "Enter code",
        f"{error}<p>Enter the code displayed on your app or device.</p>"
        "<form method='post' action='/devicelogin'><label>Code <input name='otc' autocomplete='off' "
        "autofocus required></label> <button type='submit' style='width:auto'>Next</button></form>",
        400 if problem else 200,
    )


def _usable(request: Request, user_code: str) -> _Pending | None:
    pending = _codes(request).by_user(user_code)
    if pending is None or pending.outcome != "pending" or pending.expired(time.time()):
        return None
    return pending


@page_router.get("/devicelogin", response_class=HTMLResponse)
def device_login_page() -> HTMLResponse:
    return _code_form()


@page_router.post("/devicelogin", response_class=HTMLResponse)
async def device_login_code(request: Request) -> HTMLResponse:
    """The person entered a code: ask who they are, or let them cancel."""
    form = _form(await request.body())
    user_code = form.get("otc", "")
    pending = _usable(request, user_code)
    if pending is None:
        return _code_form("That code didn't work. Check the code and try again (AADSTS70018).")
    state = tenancy.for_id(request, pending.tenant_id)
    with state.transaction():
        people = [r for r in state.recipients.values() if r.kind == "UserMailbox" and r.account_enabled]
        people.sort(key=lambda r: (r.display_name.lower(), r.primary_smtp))
        org = state.tenant.display_name
    buttons = "".join(
        f"<li><button type='submit' name='login_hint' value='{html.escape(p.id)}'>"
        f"{html.escape(p.display_name)} <small>{html.escape(p.user_principal_name or p.primary_smtp)}"
        f"{' · ' + html.escape(p.job_title) if p.job_title else ''}</small></button></li>"
        for p in people
    )
    return _page(
        f"Sign in to {org}",
        f"<p>Are you trying to sign in to <strong>{html.escape(pending.app_name)}</strong>? Only continue "
        "if you started this sign-in yourself. Emulator: choose who you are (there are no passwords).</p>"
        f"<form method='post' action='/devicelogin/confirm'>"
        f"<input type='hidden' name='otc' value='{html.escape(pending.user_code)}'><ul>{buttons}</ul>"
        "<button type='submit' name='decline' value='1' style='width:auto'>Cancel</button></form>",
    )


@page_router.post("/devicelogin/confirm", response_class=HTMLResponse)
async def device_login_confirm(request: Request) -> HTMLResponse:
    """The person chose who they are (the device's next poll gets tokens) or cancelled (it gets declined)."""
    form = _form(await request.body())
    pending = _usable(request, form.get("otc", ""))
    if pending is None:
        return _code_form("That code didn't work. Check the code and try again (AADSTS70018).")
    if form.get("decline"):
        with pending.lock:
            pending.outcome = "declined"
        return _page("Sign-in cancelled", "<p>You cancelled the sign-in. You may now close this window.</p>")
    state = tenancy.for_id(request, pending.tenant_id)
    with state.transaction():
        user = state.get(form.get("login_hint", ""))
        if user is None or user.kind not in login.SIGN_IN_KINDS or not user.account_enabled:
            return _page(
                "Sorry, we can't sign you in",
                "<p>AADSTS50034: The user account does not exist in this directory.</p>",
                400,
            )
        user_id = user.id
    with pending.lock:
        if pending.outcome != "pending":
            return _code_form("That code was already used. Start the sign-in again on your device.")
        pending.outcome = "approved"
        pending.user_id = user_id
    return _page(
        pending.app_name,
        f"<p>You have signed in to the {html.escape(pending.app_name)} application on your device. You may "
        "now close this window.</p>",
    )
