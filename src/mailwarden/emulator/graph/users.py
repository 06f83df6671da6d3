"""`/users`: list, count, get by id or UPN, `$expand=manager`, `/manager`, `/directReports`, `/memberOf`,
`/transitiveMemberOf`; and the writes another admin makes: `PATCH /users/{id}` (enable, disable, rename,
reset the password), manager reference, `POST /users/{id}/revokeSignInSessions`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import (
    PASSWORD_WRITE,
    SESSIONS_REVOKE,
    USERS_READ,
    USERS_WRITE,
    authenticate,
    session,
)
from mailwarden.emulator.graph.errors import GraphRoute, bad_request, forbidden, not_found
from mailwarden.emulator.graph.groups import containers, json_body, referenced_id
from mailwarden.emulator.graph.objects import (
    DIRECTORY_OBJECT,
    USER,
    directory_object,
    directory_role,
    find_user,
    objects_page,
    user_json,
)
from mailwarden.emulator.state import (
    GLOBAL_ADMIN_ROLE_TEMPLATE,
    PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE,
    USER_ADMIN_ROLE_TEMPLATE,
    Recipient,
    TenantState,
)

router = APIRouter(route_class=GraphRoute)


def _now() -> str:
    """Graph's DateTimeOffset, to the second (as the emulator writes every time)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_EXPAND_MANAGER = re.compile(r"^manager(?:\(\$select=(?P<select>[^)]*)\))?$", re.IGNORECASE)


def _manager_expansion(query: odata.Query) -> tuple[str, ...] | None:
    """The properties to show of an expanded manager, or None when `$expand` does not name it."""
    chosen: tuple[str, ...] | None = None
    for item in query.expand:
        m = _EXPAND_MANAGER.match(item)
        if m is None:
            name = item.split("(", 1)[0]
            raise bad_request(
                f"Could not find a property named '{name}' on type '{USER.name}'.", "BadRequest"
            )
        chosen = tuple(p.strip() for p in m.group("select").split(",")) if m.group("select") else USER.default
    return chosen


def _manager_of(state: TenantState, r: Recipient | None, props: Sequence[str]) -> odata.Entity | None:
    manager = state.get(r.manager_id) if r is not None and r.manager_id else None
    return odata.project(directory_object(manager), props, props) if manager is not None else None


def _user_or_404(state: TenantState, key: str) -> Recipient:
    r = find_user(state, key)
    if r is None:
        raise not_found(key)
    return r


def _users(state: TenantState) -> odata.Producer:
    def produce(rid: str) -> odata.Entity | None:
        r = state.get(rid)
        return user_json(r) if r is not None and r.is_user else None

    return produce


@router.get("/users")
def list_users(request: Request) -> Response:
    with session(request, USERS_READ) as state:
        query = odata.parse_query(request, USER)
        props = _manager_expansion(query)
        decorate: odata.Decorator | None = None
        if props is not None:
            manager_props = props

            def decorate(full: odata.Entity, shown: odata.Entity) -> None:
                manager = _manager_of(state, state.get(full["id"]), manager_props)
                if manager is not None:
                    shown["manager"] = manager

        return odata.listing(
            request,
            query,
            state.sorted_ids(),
            _users(state),
            context="users",
            default=USER.default,
            decorate=decorate,
        )


@router.get("/users/$count")
def count_users(request: Request) -> Response:
    with session(request, USERS_READ) as state:
        return odata.count_response(request, USER, state.sorted_ids(), _users(state))


@router.get("/users/{user_id}")
def get_user(user_id: str, request: Request) -> Response:
    with session(request, USERS_READ) as state:
        r = _user_or_404(state, user_id)
        props = _manager_expansion(odata.parse_query(request, USER))
        manager = _manager_of(state, r, props) if props is not None else None
        return odata.entity_response(
            request, "users", user_json(r), USER, extra={"manager": manager} if manager is not None else None
        )


@router.get("/users/{user_id}/manager")
def get_manager(user_id: str, request: Request) -> Response:
    with session(request, USERS_READ) as state:
        r = _user_or_404(state, user_id)
        manager = state.get(r.manager_id) if r.manager_id else None
        if manager is None:
            raise not_found("manager")
        return odata.entity_response(
            request, "directoryObjects", directory_object(manager), DIRECTORY_OBJECT, default=USER.default
        )


@router.get("/users/{user_id}/directReports")
def list_direct_reports(user_id: str, request: Request) -> Response:
    with session(request, USERS_READ) as state:
        r = _user_or_404(state, user_id)
        reports = [o.id for o in state.recipients.values() if o.manager_id == r.id]
        return objects_page(request, state, reports, context="directoryObjects")


@router.get("/users/{user_id}/memberOf")
def list_member_of(user_id: str, request: Request) -> Response:
    with session(request, USERS_READ) as state:
        r = _user_or_404(state, user_id)
        groups = [g.id for g in state.recipients.values() if g.is_group and r.id in g.members]
        roles = {
            role["id"]: role for role in map(directory_role, state.data.user_directory_roles.get(r.id, []))
        }
        return objects_page(request, state, groups + list(roles), context="directoryObjects", extra=roles)


@router.get("/users/{user_id}/transitiveMemberOf")
def list_transitive_member_of(user_id: str, request: Request) -> Response:
    """Every group the user is in, directly or through nesting, and the user's directory roles (Graph:
    "Get groups, directory roles ... that the user is a member of. This operation is transitive")."""
    with session(request, USERS_READ) as state:
        r = _user_or_404(state, user_id)
        roles = {
            role["id"]: role for role in map(directory_role, state.data.user_directory_roles.get(r.id, []))
        }
        groups = containers(state, r, transitive=True)
        return objects_page(request, state, groups + list(roles), context="directoryObjects", extra=roles)


# ---- writes --------------------------------------------------------------------------------------
# The properties of a user that PATCH may change here (Graph has many more; these are what tests need).
_WRITABLE: dict[str, type] = {
    "accountEnabled": bool,
    "displayName": str,
    "department": str,
    "jobTitle": str,
    "passwordProfile": dict,
}
_ATTRIBUTES = {
    "accountEnabled": "account_enabled",
    "displayName": "display_name",
    "department": "department",
    "jobTitle": "job_title",
}


# ---- password resets ------------------------------------------------------------------------------
# An admin's password reset is a PATCH of the user's passwordProfile; Entra then revokes the user's sessions.
# Microsoft makes it harder than other properties, and so does the emulator (never easier):
# - Permission: passwordProfile has an application permission of its own, User-PasswordProfile.ReadWrite.All,
#   the least privileged one for that property [Graph-user-update]; an app holding User.ReadWrite.All (or
#   Directory.ReadWrite.All) alone is refused 403 Authorization_RequestDenied [third-party live runs; the
#   older page: User.ReadWrite.All plus at least the User Administrator Entra role, TC-3978494, QA-360090].
# - Role: app-only, the app must also hold at least the User Administrator Entra role, whoever it resets
#   [Graph-user-update, as quoted in TC-3978494: "In application-only access, the calling app must be assigned
#   ... and at least the User Administrator Microsoft Entra role"; QA-360090; QA-1145427] (red team 63 F7: the
#   emulator asked a role only to reset an admin). Accepted: User Administrator, Privileged Authentication
#   Administrator, Global Administrator (Entra lets Helpdesk and Password Administrators reset some users
#   too: stricter, never easier).
# - A user who holds an admin role: only Privileged Authentication Administrator or Global Administrator may
#   reset them [TC-3978494, QA-360090]. The emulator asks that of a reset of ANY role holder (Microsoft lets a
#   User Administrator reset some limited admins): stricter, never easier.
# - The password must meet the policy; by default a strong password is required [Graph-user-update]: 8 to 256
#   characters, three of lower case, upper case, digits and symbols, allowed characters only
#   [Entra-password-policy]. A weak one: 400 Request_BadRequest, the message in _WEAK_PASSWORD [JAVA-36].
# - No password (`{}`, only forceChangePasswordNextSignIn): Graph was reported to answer 204 and change
#   nothing [DOCS-4267]; the emulator refuses it with 400, so no client can count on such a PATCH to reset
#   anything (a 204 that did nothing would look like a reset).
# Sources: [Graph-user-update] https://learn.microsoft.com/graph/api/user-update (v1.0, passwordProfile);
# [Entra-password-policy] https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy;
# [TC-3978494] techcommunity.microsoft.com discussions/officegraph 3978494 (permissions to update password);
# [QA-360090] learn.microsoft.com/answers/questions/360090; [QA-1145427] learn.microsoft.com/answers/
# questions/1145427; [JAVA-36] github.com/microsoftgraph/msgraph-sdk-java-auth/issues/36;
# [DOCS-4267] github.com/microsoftgraph/microsoft-graph-docs/issues/4267.
_RESETTING_ADMINS = frozenset({PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE, GLOBAL_ADMIN_ROLE_TEMPLATE})
_RESETTING_USERS = _RESETTING_ADMINS | {USER_ADMIN_ROLE_TEMPLATE}
_PASSWORD_SYMBOLS = frozenset("@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ")
_PROFILE_FLAGS = ("forceChangePasswordNextSignIn", "forceChangePasswordNextSignInWithMfa")
_WEAK_PASSWORD = (
    "The specified password does not comply with password complexity requirements. "
    "Please provide a different password."
)


def _strong(password: str) -> bool:
    if not 8 <= len(password) <= 256:
        return False
    kinds = [
        any(c.islower() and c.isascii() for c in password),
        any(c.isupper() and c.isascii() for c in password),
        any(c.isdigit() and c.isascii() for c in password),
        any(c in _PASSWORD_SYMBOLS for c in password),
    ]
    allowed = all((c.isascii() and c.isalnum()) or c in _PASSWORD_SYMBOLS for c in password)
    return allowed and sum(kinds) >= 3


def _check_password_reset(
    state: TenantState, request: Request, r: Recipient, profile: dict[str, object]
) -> None:
    """Refuse the reset as Entra does (see above): the permission and role first, then the profile."""
    claims = authenticate(state, request)
    if not claims.roles & PASSWORD_WRITE or not claims.wids & _RESETTING_USERS:
        raise forbidden()
    if _privileged(state, r) and not claims.wids & _RESETTING_ADMINS:
        raise forbidden()
    password = profile.get("password")
    flags_ok = all(isinstance(profile.get(flag, False), bool) for flag in _PROFILE_FLAGS)
    if not isinstance(password, str) or not password or not flags_ok:
        raise bad_request("Invalid value specified for property 'passwordProfile' of resource 'User'.")
    if not _strong(password):
        raise bad_request(_WEAK_PASSWORD)


def _privileged(state: TenantState, r: Recipient) -> bool:
    """Whether `r` holds an admin role (the emulator counts every role as privileged: never easier)."""
    return bool(state.data.user_directory_roles.get(r.id))


# A user synchronised from on-premises Active Directory (onPremisesSyncEnabled) is mastered there: Entra
# refuses a cloud write of its synced properties with 400 "Unable to update the specified properties for
# on-premises mastered Directory Sync objects or objects currently undergoing migration." [DOCS-7301: a
# password reset; DOCS-18038: employeeOrgData; "Synced user cannot be updated in the cloud", a Microsoft
# answer there]. Every property the emulator lets PATCH change is such a one; a password only with password
# writeback, which the emulator does not model, so a reset is refused too (red team 63 F8).
# [DOCS-7301] github.com/microsoftgraph/microsoft-graph-docs/issues/7301; [DOCS-18038] .../issues/18038.
_ON_PREMISES_MASTERED = (
    "Unable to update the specified properties for on-premises mastered Directory Sync objects or objects "
    "currently undergoing migration."
)


@router.patch("/users/{user_id}")
async def update_user(user_id: str, request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict) or not body:
        raise bad_request(
            "Invalid request body: a JSON object of properties to update is required.", "BadRequest"
        )
    for key, value in body.items():
        kind = _WRITABLE.get(key)
        if kind is None:
            raise bad_request(
                f"The property '{key}' does not exist on type '{USER.name}' or cannot be updated here. Make "
                "sure to only use property names that are defined by the type.",
                "BadRequest",
            )
        if not isinstance(value, kind) and not (value is None and kind is str and key != "displayName"):
            raise bad_request(f"Invalid value for property '{key}'.", "BadRequest")
    # A PATCH of the password alone needs only the password's permission; any other property, USERS_WRITE.
    only_password = set(body) == {"passwordProfile"}
    with session(request, USERS_WRITE | PASSWORD_WRITE if only_password else USERS_WRITE) as state:
        r = _user_or_404(state, user_id)
        if "passwordProfile" in body:
            _check_password_reset(state, request, r, body["passwordProfile"])
        if r.dir_synced:
            raise bad_request(_ON_PREMISES_MASTERED)
        for key, value in body.items():
            if key == "passwordProfile":
                # No password is kept here. Entra revokes the refresh tokens and session cookies of a user
                # whose password an admin resets, as revokeSignInSessions does.
                r.sign_in_sessions_valid_from = _now()
            else:
                setattr(r, _ATTRIBUTES[key], value)
        state.record("graph", "UpdateUser", r.id, **{k: v for k, v in body.items() if k != "passwordProfile"})
        state.reindex()
        state.mark_dirty()
        return Response(status_code=204)


@router.put("/users/{user_id}/manager/$ref")
async def set_manager(user_id: str, request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict) or "@odata.id" not in body:
        raise bad_request("Invalid request body: '@odata.id' is required.", "BadRequest")
    manager_id = referenced_id(body["@odata.id"])
    with session(request, USERS_WRITE) as state:
        r = _user_or_404(state, user_id)
        manager = find_user(state, manager_id)
        if manager is None:
            raise not_found(manager_id)
        r.manager_id = manager.id
        state.record("graph", "SetManager", r.id, manager=manager.id)
        state.mark_dirty()
        return Response(status_code=204)


@router.delete("/users/{user_id}/manager/$ref")
def remove_manager(user_id: str, request: Request) -> Response:
    with session(request, USERS_WRITE) as state:
        r = _user_or_404(state, user_id)
        if r.manager_id is None:
            raise not_found("manager")
        r.manager_id = None
        state.record("graph", "RemoveManager", r.id)
        state.mark_dirty()
        return Response(status_code=204)


@router.post("/users/{user_id}/revokeSignInSessions")
def revoke_sign_in_sessions(user_id: str, request: Request) -> Response:
    """Invalidate every session and refresh token the user was issued until now (Graph: it "resets the
    signInSessionsValidFromDateTime user property to the current date-time"); answers `{"value": true}`.

    User.RevokeSessions.All is its least privileged application permission [Graph-revoke; Entra PowerShell's
    Revoke-EntraUserAllRefreshToken connects with it; CLI for Microsoft 365 `entra user session revoke` lists
    it for application use], User.ReadWrite.All a higher one [QA-1691984]: the emulator refused the former
    (red team 63 F8). Invalidating refresh tokens is one of the sensitive actions on a user who holds a
    privileged admin role: app-only, the app then needs a higher privileged role itself [Graph-users, "Who
    can perform sensitive actions"; Update-MgUser's permissions note]. The emulator asks Privileged
    Authentication Administrator or Global Administrator for any role holder: stricter, never easier.
    [Graph-revoke] https://learn.microsoft.com/graph/api/user-revokesigninsessions; [Graph-users]
    https://learn.microsoft.com/graph/api/resources/users; [QA-1691984] learn.microsoft.com/answers/questions/
    1691984."""
    with session(request, SESSIONS_REVOKE) as state:
        r = _user_or_404(state, user_id)
        if _privileged(state, r) and not authenticate(state, request).wids & _RESETTING_ADMINS:
            raise forbidden()
        r.sign_in_sessions_valid_from = _now()
        state.record("graph", "RevokeSignInSessions", r.id)
        state.mark_dirty()
        return JSONResponse({"@odata.context": odata.context_url(request, "Edm.Boolean"), "value": True})
