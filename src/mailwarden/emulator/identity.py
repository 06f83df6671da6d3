"""The Microsoft identity platform face of the emulator: OIDC metadata, signing keys, the token endpoint.

Only what an app-only (daemon) client uses: the client credentials grant with a client secret or a
certificate-signed client assertion. Errors are shaped like Entra ID's (`error`, `error_description`
starting "AADSTSnnnnnnn: ", `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`), with
Entra's texts, so msal and our connectors meet the same failures as in production.

`{tenant}` in every path may be the tenant GUID, its initial domain or any verified domain.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import uuid
from typing import Any
from urllib.parse import parse_qsl, unquote

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mailwarden.emulator import tenancy, tokens
from mailwarden.emulator.state import Application, ClientCertificate, TenantState

router = APIRouter()

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_DEFAULT_SUFFIX = "/.default"
_ASSERTION_ALGORITHMS = ["RS256", "PS256"]


# ---- helpers -----------------------------------------------------------------------------------


def _state(request: Request) -> TenantState:
    return tenancy.for_path(request)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def tenant_matches(state: TenantState, segment: str) -> bool:
    """Whether a path's `{tenant}` names this tenant: its GUID, or one of its verified domains."""
    segment = segment.strip().lower()
    if segment == state.tenant.id.lower():
        return True
    domain = state.domain(segment)
    return domain is not None and domain.verified


def _timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def aad_error(request: Request, status: int, error: str, code: int, text: str) -> JSONResponse:
    """An Entra ID error response: `AADSTS{code}: {text}` with trace, correlation id and timestamp."""
    trace_id = str(uuid.uuid4())
    # Entra echoes the client's correlation id (msal sends one per request) or makes one up.
    correlation_id = request.headers.get("client-request-id") or str(uuid.uuid4())
    timestamp = _timestamp()
    description = (
        f"AADSTS{code}: {text}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\n"
        f"Timestamp: {timestamp}"
    )
    body = {
        "error": error,
        "error_description": description,
        "error_codes": [code],
        "timestamp": timestamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": f"{_base(request)}/error?code={code}",
    }
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store, no-cache"})


def _tenant_not_found(request: Request, segment: str) -> JSONResponse:
    return aad_error(
        request,
        400,
        "invalid_tenant",
        90002,
        f"Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing "
        "into the correct cloud. Check with your subscription administrator, this may happen if there are no "
        "active subscriptions for the tenant.",
    )


def missing_parameter(request: Request, name: str) -> JSONResponse:
    """Entra's answer to a token or device-code request without a parameter it needs."""
    return aad_error(
        request,
        400,
        "invalid_request",
        900144,
        f"The request body must contain the following parameter: '{name}'.",
    )


# ---- metadata ----------------------------------------------------------------------------------


def _authorize_endpoint(request: Request, root: str, tenant_id: str, version: str) -> str:
    """Where a browser signs in: the plain-HTTP loopback page when serve.py runs one (its docstring says
    why), else beside the token endpoint."""
    browser = getattr(request.app.state, "browser_signin_base", "")
    if browser and version == "v2.0":
        return f"{browser}/{tenant_id}/oauth2/v2.0/authorize"
    return f"{root}/authorize"


def _openid_configuration(request: Request, tenant_id: str, version: str) -> dict[str, Any]:
    base = _base(request)
    host = request.url.netloc
    if version == "v2.0":
        root = f"{base}/{tenant_id}/oauth2/v2.0"
        issuer = f"{base}/{tenant_id}/v2.0"
        jwks_uri = f"{base}/{tenant_id}/discovery/v2.0/keys"
    else:
        root = f"{base}/{tenant_id}/oauth2"
        issuer = f"https://sts.windows.net/{tenant_id}/"
        jwks_uri = f"{base}/common/discovery/keys"
    return {
        "token_endpoint": f"{root}/token",
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
        ],
        "jwks_uri": jwks_uri,
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": f"{base}/oidc/userinfo",
        "authorization_endpoint": _authorize_endpoint(request, root, tenant_id, version),
        "device_authorization_endpoint": f"{root}/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{root}/logout",
        "claims_supported": [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "acr",
            "nonce",
            "tid",
            "ver",
            "oid",
        ],
        "tenant_region_scope": "EU",
        "cloud_instance_name": host,
        "cloud_graph_host_name": host,
        "msgraph_host": host,
    }


@router.get("/{tenant}/v2.0/.well-known/openid-configuration")
def openid_configuration_v2(tenant: str, request: Request) -> JSONResponse:
    """OIDC discovery as msal reads it (`{authority}/v2.0/.well-known/openid-configuration`)."""
    state = _state(request)
    with state.transaction():
        if not tenant_matches(state, tenant):
            return _tenant_not_found(request, tenant)
        return JSONResponse(_openid_configuration(request, state.tenant.id, "v2.0"))


@router.get("/{tenant}/.well-known/openid-configuration")
def openid_configuration_v1(tenant: str, request: Request) -> JSONResponse:
    """The v1.0 endpoint's discovery document (ADAL-era clients, and msal with a v1 authority)."""
    state = _state(request)
    with state.transaction():
        if not tenant_matches(state, tenant):
            return _tenant_not_found(request, tenant)
        return JSONResponse(_openid_configuration(request, state.tenant.id, "v1.0"))


@router.get("/{tenant}/discovery/v2.0/keys")
@router.get("/{tenant}/discovery/keys")
def signing_keys(tenant: str, request: Request) -> JSONResponse:
    """The public keys that verify the emulator's access tokens (a JWK set)."""
    state = _state(request)
    with state.transaction():
        if tenant != "common" and not tenant_matches(state, tenant):
            return _tenant_not_found(request, tenant)
        return JSONResponse({"keys": [tokens.public_jwk(state)]})


# ---- token endpoint ----------------------------------------------------------------------------


@router.post("/{tenant}/oauth2/v2.0/token")
async def token(tenant: str, request: Request) -> JSONResponse:
    """The client credentials grant: a client secret or a certificate assertion buys an access token."""
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
    _basic_credentials(request, form)
    state = _state(request)
    with state.transaction():
        return _token(request, state, tenant, form)


@router.post("/{tenant}/oauth2/token")
async def token_v1(tenant: str, request: Request) -> JSONResponse:
    """The v1.0 token endpoint: the resource is named by `resource=` instead of a `/.default` scope."""
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
    _basic_credentials(request, form)
    if form.get("resource") and not form.get("scope"):
        form["scope"] = form["resource"].rstrip("/") + _DEFAULT_SUFFIX
    state = _state(request)
    with state.transaction():
        return _token(request, state, tenant, form)


def _basic_credentials(request: Request, form: dict[str, str]) -> None:
    """client_secret_basic: the client id and secret in an `Authorization: Basic` header."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return
    try:
        decoded = base64.b64decode(header[6:].strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return
    client_id, _, secret = decoded.partition(":")
    form.setdefault("client_id", unquote(client_id))
    form.setdefault("client_secret", unquote(secret))


def _token(request: Request, state: TenantState, tenant: str, form: dict[str, str]) -> JSONResponse:
    if not tenant_matches(state, tenant):
        return _tenant_not_found(request, tenant)
    grant_type = form.get("grant_type", "")
    if not grant_type:
        return missing_parameter(request, "grant_type")
    if grant_type == "authorization_code":  # interactive sign-in (the demo web UI): login.py
        from mailwarden.emulator import login

        return login.redeem_code(request, state, tenant, form)
    if grant_type in ("refresh_token", "urn:ietf:params:oauth:grant-type:device_code"):  # signed-in people
        from mailwarden.emulator import devicecode, user_tokens

        if grant_type == "refresh_token":
            return user_tokens.redeem_refresh_token(request, state, tenant, form)
        return devicecode.redeem_device_code(request, state, tenant, form)
    if grant_type != "client_credentials":
        return aad_error(
            request,
            400,
            "unsupported_grant_type",
            70003,
            f"The app requested an unsupported grant type '{grant_type}'.",
        )
    client_id = form.get("client_id", "").strip()
    if not client_id:
        return missing_parameter(request, "client_id")
    scope = form.get("scope", "").strip()
    if not scope:
        return missing_parameter(request, "scope")
    resources = set()
    for item in scope.split():
        if not item.endswith(_DEFAULT_SUFFIX):
            return aad_error(
                request,
                400,
                "invalid_scope",
                1002012,
                f"The provided value for scope {scope} is not valid. Client credential flows must have a "
                "scope value with /.default suffixed to the resource identifier (application ID URI).",
            )
        resources.add(item[: -len(_DEFAULT_SUFFIX)].rstrip("/"))
    app = state.application(client_id.lower())
    if app is None or state.data.switches.wrong_tenant:
        return aad_error(
            request,
            400,
            "unauthorized_client",
            700016,
            f"Application with identifier '{client_id}' was not found in the directory "
            f"'{state.tenant.display_name}'. This can happen if the application has not been installed by "
            "the administrator of the tenant or consented to by any user in the tenant. You may have sent "
            "your authentication request to the wrong tenant.",
        )
    refused = _authenticate(request, state, tenant, app, form)
    if refused is not None:
        return refused
    if len(resources) != 1 or next(iter(resources)) not in tokens.RESOURCES:
        named = " ".join(sorted(resources))
        return aad_error(
            request,
            400,
            "invalid_resource",
            500011,
            f"The resource principal named {named} was not found in the tenant named "
            f"{state.tenant.display_name}. This can happen if the application has not been installed by the "
            "administrator of the tenant or consented to by any user in the tenant. You might have sent your "
            "authentication request to the wrong tenant.",
        )
    access_token = tokens.issue(state, app, next(iter(resources)), request.url.netloc)
    body = {
        "token_type": "Bearer",
        "expires_in": tokens.TOKEN_LIFETIME,
        "ext_expires_in": tokens.TOKEN_LIFETIME,
        "access_token": access_token,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})


def _authenticate(
    request: Request, state: TenantState, tenant: str, app: Application, form: dict[str, str]
) -> JSONResponse | None:
    """None when the client proved it is `app`; otherwise Entra's refusal."""
    secret = form.get("client_secret")
    assertion = form.get("client_assertion")
    if assertion:
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            return missing_parameter(request, "client_assertion_type")
        return _check_assertion(request, state, tenant, app, assertion)
    if not secret:
        return aad_error(
            request,
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    matching = [s for s in app.secrets if hmac.compare_digest(s.secret.encode(), secret.encode())]
    if not matching:
        return aad_error(
            request,
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client "
            f"secret value, not the client secret ID, for a secret added to app '{app.app_id}'.",
        )
    if all(s.end <= now for s in matching):
        return aad_error(
            request,
            401,
            "invalid_client",
            7000222,
            f"The provided client secret keys for app '{app.app_id}' are expired. Visit the Azure portal to "
            "create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate "
            "credentials for added security: https://aka.ms/certCreds.",
        )
    return None


def _thumbprint_hex(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).hex().upper()
    except (binascii.Error, ValueError):
        return None


def _assertion_error(request: Request, app: Application, reason: str, thumbprint: str = "") -> JSONResponse:
    used = f", Thumbprint of key used by client: '{thumbprint}'" if thumbprint else ""
    return aad_error(
        request,
        401,
        "invalid_client",
        700027,
        f"Client assertion failed signature validation. [Reason - {reason}{used}, client id '{app.app_id}']",
    )


def _check_assertion(
    request: Request, state: TenantState, tenant: str, app: Application, assertion: str
) -> JSONResponse | None:
    """A private_key_jwt assertion: signed by a registered certificate, for this token endpoint, current."""
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        return _assertion_error(request, app, "The client assertion is not a well-formed JWT.")
    sha1 = _thumbprint_hex(header.get("x5t"))
    sha256 = _thumbprint_hex(header.get("x5t#S256"))
    cert: ClientCertificate | None = next(
        (
            c
            for c in app.certificates
            if (sha256 and c.thumbprint_sha256 == sha256) or (sha1 and c.thumbprint_sha1 == sha1)
        ),
        None,
    )
    if cert is None:
        used = sha256 or sha1 or ""
        return aad_error(
            request,
            401,
            "invalid_client",
            700027,
            "The certificate with identifier used to sign the client assertion is not registered on "
            f"application. [Reason - The key was not found., Thumbprint of key used by client: '{used}', "
            f"Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys "
            f"for app Id '{app.app_id}'.]",
        )
    used = sha256 or sha1 or ""
    public_key = x509.load_pem_x509_certificate(cert.public_pem.encode()).public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):  # Entra ID takes RSA certificates only
        return _assertion_error(request, app, "The registered key is not an RSA key.", used)
    try:
        claims = jwt.decode(
            assertion,
            public_key,
            algorithms=_ASSERTION_ALGORITHMS,
            options={"verify_aud": False, "require": ["exp", "aud", "iss", "sub"]},
            leeway=300,
        )
    except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError):
        return aad_error(
            request,
            401,
            "invalid_client",
            700024,
            f"Client assertion is not within its valid time range. Current time: "
            f"{dt.datetime.now(dt.UTC).isoformat()}.",
        )
    except jwt.InvalidSignatureError:
        return _assertion_error(
            request, app, "The key was found, but the signature does not verify with it.", used
        )
    except jwt.PyJWTError as exc:
        return _assertion_error(request, app, f"The client assertion is invalid: {exc}.", used)
    if claims.get("iss") != app.app_id or claims.get("sub") != app.app_id:
        return _assertion_error(request, app, "The 'iss' and 'sub' claims must both be the client id.", used)
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if not any(_is_token_endpoint(request, state, str(aud)) for aud in audiences):
        return _assertion_error(request, app, "The 'aud' claim is not this tenant's token endpoint.", used)
    return None


def _is_token_endpoint(request: Request, state: TenantState, audience: str) -> bool:
    base = _base(request)
    if not audience.lower().startswith(base.lower() + "/"):
        return False
    tenant, _, rest = audience[len(base) + 1 :].partition("/")
    return rest.rstrip("/") in ("oauth2/v2.0/token", "oauth2/token") and tenant_matches(state, tenant)
