"""The admin-consent page of the identity platform, as an admin meets it when a setup flow sends them there.

    GET  /{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri[&state]   the app, its permissions, a
    GET  /{tenant}/adminconsent?client_id&redirect_uri[&state]              choice of who consents, and
                                                                            Accept / Cancel
    POST the same paths                                                     the decision

On accept the app's permissions are granted in this tenant (the emulator turns its `no_exchange_consent`
and `wrong_tenant` switches off: the app now has its service principal and Exchange.ManageAsApp here) and
the browser goes to `redirect_uri?admin_consent=True&tenant=<id>&scope=...&state=...`; on cancel to
`redirect_uri?error=access_denied&error_description=...&state=...` (Microsoft's "Admin consent on the
Microsoft identity platform"). As there, the v2.0 endpoint wants `scope=<resource>/.default` to grant
application permissions, and only an administrator who may grant app roles tenant-wide (Global
Administrator or Privileged Role Administrator) can accept. Redirect URIs must be loopback, as on the
emulator's sign-in page (it has no app registration UI listing them).
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mailwarden.emulator import identity
from mailwarden.emulator.credentials import demo_app_id
from mailwarden.emulator.login import _is_loopback, _people, _problem_page
from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE, TenantState

router = APIRouter()

PRIVILEGED_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814"
CONSENTING_ROLES = frozenset({GLOBAL_ADMIN_ROLE_TEMPLATE, PRIVILEGED_ROLE_ADMIN})
_PARAMS = ("client_id", "scope", "redirect_uri", "state")


def _problem(state: TenantState, tenant: str, params: dict[str, str], v2: bool) -> str | None:
    """Why the consent request cannot go on (shown on the page, never redirected), or None."""
    if not identity.tenant_matches(state, tenant):
        return f"AADSTS90002: Tenant '{tenant}' not found."
    client_id = params.get("client_id", "").strip().lower()
    # A multi-tenant app consented nowhere here still has its registration at home: the demo app is known.
    if not client_id or (state.application(client_id) is None and client_id != demo_app_id(state.tenant.id)):
        return f"AADSTS700016: Application with identifier '{client_id}' was not found in the directory."
    if not _is_loopback(params.get("redirect_uri", "")):
        return (
            "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs "
            "configured for the application (the emulator accepts loopback redirect URIs only)."
        )
    if v2 and not any(s.endswith("/.default") for s in params.get("scope", "").split()):
        return (
            "AADSTS70011: The provided value for the input parameter 'scope' is not valid: application "
            "permissions are requested with <resource>/.default."
        )
    return None


def _params(request: Request, form: dict[str, str] | None = None) -> dict[str, str]:
    source = form if form is not None else dict(request.query_params)
    return {k: str(v) for k, v in source.items() if k in _PARAMS}


def _page(request: Request, tenant: str, v2: bool) -> HTMLResponse:
    params = _params(request)
    state = identity._state(request)
    with state.transaction():
        problem = _problem(state, tenant, params, v2)
        if problem:
            return _problem_page(problem)
        app = state.application(params["client_id"].strip().lower())
        name = app.display_name if app else "mailwarden"
        by_id = {rid: value for sp in state.data.resource_sps for value, rid in sp.app_roles.items()}
        permissions = sorted({by_id.get(r, r) for _, r in (app.app_role_assignments if app else [])})
        people = _people(state)
        org = state.tenant.display_name
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
    )
    choices = "".join(
        f'<option value="{html.escape(p.id)}">{html.escape(p.display_name)} '
        f"({html.escape(p.user_principal_name or p.primary_smtp)})</option>"
        for p in people
    )
    listed = "".join(f"<li>{html.escape(p)}</li>" for p in permissions) or "<li>(none)</li>"
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Permissions requested</title></head>
<body><main><h1>Permissions requested</h1>
<p><strong>{html.escape(name)}</strong> wants these permissions in {html.escape(org)}, for the whole
organisation:</p><ul class="permissions">{listed}</ul>
<form method="post">{hidden}
<label>Signed in as <select name="login_hint">{choices}</select></label>
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form></main></body></html>"""
    return HTMLResponse(body)


async def _decide(request: Request, tenant: str, v2: bool) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    params = _params(request, form)
    state = identity._state(request)
    with state.transaction():
        problem = _problem(state, tenant, params, v2)
        if problem:
            return _problem_page(problem)
        redirect = params["redirect_uri"]
        answer: dict[str, str]
        if form.get("decision") != "accept":
            answer = {
                "error": "access_denied",
                "error_description": "AADSTS65004: User declined to consent to access the app.",
            }
        else:
            admin = form.get("login_hint", "")
            if not CONSENTING_ROLES & set(state.data.user_directory_roles.get(admin, [])):
                return _problem_page(
                    "AADSTS90094: Admin consent is required for the permissions requested by this "
                    "application; the signed-in user may not grant it (Global Administrator or "
                    "Privileged Role Administrator needed).",
                    status=403,
                )
            switches = state.data.switches
            switches.no_exchange_consent = False
            switches.wrong_tenant = False
            state.record("emulator", "AdminConsent", params["client_id"], admin=admin)
            state.mark_dirty()
            answer = {"admin_consent": "True", "tenant": state.tenant.id}
            if params.get("scope"):
                answer["scope"] = params["scope"]
        if params.get("state"):
            answer["state"] = params["state"]
    glue = "&" if "?" in redirect else "?"
    return RedirectResponse(f"{redirect}{glue}{urlencode(answer)}", status_code=302)


@router.get("/{tenant}/v2.0/adminconsent", response_class=HTMLResponse)
def consent_page_v2(tenant: str, request: Request) -> HTMLResponse:
    return _page(request, tenant, v2=True)


@router.get("/{tenant}/adminconsent", response_class=HTMLResponse)
def consent_page_v1(tenant: str, request: Request) -> HTMLResponse:
    return _page(request, tenant, v2=False)


@router.post("/{tenant}/v2.0/adminconsent")
async def consent_decision_v2(tenant: str, request: Request) -> Response:
    return await _decide(request, tenant, v2=True)


@router.post("/{tenant}/adminconsent")
async def consent_decision_v1(tenant: str, request: Request) -> Response:
    return await _decide(request, tenant, v2=False)
