"""Tenant-wide directory reads: domains, organization, service principals and role assignments.

These are what an admin's setup check reads: whether a domain is verified, whether the app's service
principal holds `Exchange.ManageAsApp` on Office 365 Exchange Online (`appRoleAssignments`), and whether
it holds a directory role such as Exchange Administrator (`roleManagement/directory/roleAssignments`).
The misconfiguration switches hide those grants exactly as the token issuer leaves them out of tokens.
Another admin's tool (RoleManagement.ReadWrite.Directory) may also create and delete a person's role
assignments, tenant-wide (`directoryScopeId: "/"`), as tests of stale facts do.
"""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Request, Response

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import (
    APPLICATIONS_READ,
    DOMAINS_READ,
    ORGANIZATION_READ,
    ROLES_READ,
    ROLES_WRITE,
    session,
)
from mailwarden.emulator.graph.errors import GraphRoute, bad_request, not_found, unsupported_query
from mailwarden.emulator.graph.groups import json_body
from mailwarden.emulator.graph.objects import (
    DIRECTORY_OBJECT,
    ROLE_NAMES,
    directory_object,
    directory_object_default,
)
from mailwarden.emulator.state import (
    EXCHANGE_APP_ID,
    EXCHANGE_MANAGE_AS_APP_ROLE,
    Application,
    Domain,
    ResourceServicePrincipal,
    TenantState,
)

router = APIRouter(route_class=GraphRoute)

_NS = uuid.UUID("a3e1c7f4-2b6d-4f0a-9c8e-5d7b1e2f3a40")
# Microsoft's own tenant owns first-party service principals such as Microsoft Graph.
_MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"

DOMAIN = odata.EntityType(
    name="microsoft.graph.domain",
    properties=(
        "id",
        "authenticationType",
        "isAdminManaged",
        "isDefault",
        "isInitial",
        "isRoot",
        "isVerified",
        "supportedServices",
        "passwordValidityPeriodInDays",
        "passwordNotificationWindowInDays",
    ),
    default=(
        "id",
        "authenticationType",
        "isAdminManaged",
        "isDefault",
        "isInitial",
        "isRoot",
        "isVerified",
        "supportedServices",
        "passwordValidityPeriodInDays",
        "passwordNotificationWindowInDays",
    ),
)
ORGANIZATION = odata.EntityType(
    name="microsoft.graph.organization",
    properties=("id", "displayName", "verifiedDomains", "tenantType", "countryLetterCode"),
    default=("id", "displayName", "verifiedDomains", "tenantType", "countryLetterCode"),
)
SERVICE_PRINCIPAL = odata.EntityType(
    name="microsoft.graph.servicePrincipal",
    properties=(
        "id",
        "appId",
        "displayName",
        "accountEnabled",
        "servicePrincipalType",
        "appOwnerOrganizationId",
        "servicePrincipalNames",
        "appRoles",
    ),
    default=(
        "id",
        "appId",
        "displayName",
        "accountEnabled",
        "servicePrincipalType",
        "appOwnerOrganizationId",
        "servicePrincipalNames",
        "appRoles",
    ),
)
APP_ROLE_ASSIGNMENT = odata.EntityType(
    name="microsoft.graph.appRoleAssignment",
    properties=(
        "id",
        "appRoleId",
        "createdDateTime",
        "deletedDateTime",
        "principalDisplayName",
        "principalId",
        "principalType",
        "resourceDisplayName",
        "resourceId",
    ),
    default=(
        "id",
        "appRoleId",
        "createdDateTime",
        "deletedDateTime",
        "principalDisplayName",
        "principalId",
        "principalType",
        "resourceDisplayName",
        "resourceId",
    ),
)
ROLE_ASSIGNMENT = odata.EntityType(
    name="microsoft.graph.unifiedRoleAssignment",
    properties=("id", "principalId", "roleDefinitionId", "directoryScopeId"),
    default=("id", "principalId", "roleDefinitionId", "directoryScopeId"),
)
ROLE_DEFINITION = odata.EntityType(
    name="microsoft.graph.unifiedRoleDefinition",
    properties=("id", "displayName", "description", "isBuiltIn", "isEnabled", "templateId"),
    default=("id", "displayName", "description", "isBuiltIn", "isEnabled", "templateId"),
)


def _keyed(items: list[odata.Entity]) -> tuple[list[str], odata.Producer]:
    by_id = {item["id"]: item for item in items}
    return list(by_id), by_id.get


def _list(request: Request, entity: odata.EntityType, items: list[odata.Entity], context: str) -> Response:
    ids, produce = _keyed(items)
    return odata.listing(
        request, odata.parse_query(request, entity), ids, produce, context=context, default=entity.default
    )


def _get(
    request: Request, entity: odata.EntityType, items: list[odata.Entity], key: str, context: str
) -> Response:
    for item in items:
        if str(item["id"]).lower() == key.lower():
            return odata.entity_response(request, context, item, entity)
    raise not_found(key)


# ---- domains and organization -------------------------------------------------------------------
def _domain_json(d: Domain) -> odata.Entity:
    return {
        "id": d.name,
        "authenticationType": "Managed",
        "isAdminManaged": True,
        "isDefault": d.default,
        "isInitial": d.initial,
        "isRoot": True,
        "isVerified": d.verified,
        "supportedServices": ["Email", "OfficeCommunicationsOnline"] if d.verified else [],
        "passwordValidityPeriodInDays": 2147483647,
        "passwordNotificationWindowInDays": 14,
    }


@router.get("/domains")
def list_domains(request: Request) -> Response:
    with session(request, DOMAINS_READ) as state:
        return _list(request, DOMAIN, [_domain_json(d) for d in state.data.domains], "domains")


@router.get("/domains/{domain}")
def get_domain(domain: str, request: Request) -> Response:
    with session(request, DOMAINS_READ) as state:
        return _get(request, DOMAIN, [_domain_json(d) for d in state.data.domains], domain, "domains")


def _organization_json(state: TenantState) -> odata.Entity:
    return {
        "id": state.tenant.id,
        "displayName": state.tenant.display_name,
        "tenantType": "AAD",
        "countryLetterCode": "US",
        "verifiedDomains": [
            {
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": d.default,
                "isInitial": d.initial,
                "name": d.name,
                "type": "Managed",
            }
            for d in state.data.domains
            if d.verified
        ],
    }


@router.get("/organization")
def list_organization(request: Request) -> Response:
    with session(request, ORGANIZATION_READ) as state:
        return _list(request, ORGANIZATION, [_organization_json(state)], "organization")


@router.get("/organization/{organization_id}")
def get_organization(organization_id: str, request: Request) -> Response:
    with session(request, ORGANIZATION_READ) as state:
        return _get(request, ORGANIZATION, [_organization_json(state)], organization_id, "organization")


# ---- service principals and app role assignments ------------------------------------------------
def _app_sp_json(state: TenantState, app: Application) -> odata.Entity:
    return {
        "id": app.sp_id,
        "appId": app.app_id,
        "displayName": app.display_name,
        "accountEnabled": True,
        "servicePrincipalType": "Application",
        "appOwnerOrganizationId": state.tenant.id,
        "servicePrincipalNames": [app.app_id],
        "appRoles": [],
    }


def _resource_sp_json(sp: ResourceServicePrincipal) -> odata.Entity:
    return {
        "id": sp.sp_id,
        "appId": sp.app_id,
        "displayName": sp.display_name,
        "accountEnabled": True,
        "servicePrincipalType": "Application",
        "appOwnerOrganizationId": _MICROSOFT_SERVICES_TENANT,
        "servicePrincipalNames": [sp.app_id],
        "appRoles": [
            {
                "id": role_id,
                "value": value,
                "displayName": value,
                "description": value,
                "allowedMemberTypes": ["Application"],
                "isEnabled": True,
                "origin": "Application",
            }
            for value, role_id in sorted(sp.app_roles.items())
        ],
    }


def _service_principals(state: TenantState) -> list[odata.Entity]:
    apps = [_app_sp_json(state, app) for app in state.data.applications.values()]
    return apps + [_resource_sp_json(sp) for sp in state.data.resource_sps]


def _assignments(state: TenantState, sp_id: str) -> list[odata.Entity]:
    """The app roles granted to the service principal `sp_id`, as `appRoleAssignment`s."""
    app = next((a for a in state.data.applications.values() if a.sp_id == sp_id), None)
    if app is None:
        return []
    resources = {sp.app_id: sp for sp in state.data.resource_sps}
    out: list[odata.Entity] = []
    for resource_app_id, role_id in app.app_role_assignments:
        resource = resources.get(resource_app_id)
        if resource is None:
            continue
        if (
            state.data.switches.no_exchange_consent
            and resource_app_id == EXCHANGE_APP_ID
            and role_id == EXCHANGE_MANAGE_AS_APP_ROLE
        ):
            continue
        out.append(
            {
                "id": str(uuid.uuid5(_NS, f"ara:{sp_id}:{resource.sp_id}:{role_id}")),
                "appRoleId": role_id,
                "createdDateTime": app.role_assigned_at or "2026-01-01T00:00:00Z",
                "deletedDateTime": None,
                "principalDisplayName": app.display_name,
                "principalId": app.sp_id,
                "principalType": "ServicePrincipal",
                "resourceDisplayName": resource.display_name,
                "resourceId": resource.sp_id,
            }
        )
    return out


def _sp_by_app_id(state: TenantState, app_id: str) -> odata.Entity:
    for sp in _service_principals(state):
        if sp["appId"].lower() == app_id.lower():
            return sp
    raise not_found(app_id)


@router.get("/servicePrincipals")
def list_service_principals(request: Request) -> Response:
    with session(request, APPLICATIONS_READ) as state:
        return _list(request, SERVICE_PRINCIPAL, _service_principals(state), "servicePrincipals")


@router.get("/servicePrincipals(appId='{app_id}')")
def get_service_principal_by_app_id(app_id: str, request: Request) -> Response:
    with session(request, APPLICATIONS_READ) as state:
        return odata.entity_response(
            request, "servicePrincipals", _sp_by_app_id(state, app_id), SERVICE_PRINCIPAL
        )


@router.get("/servicePrincipals(appId='{app_id}')/appRoleAssignments")
def list_assignments_by_app_id(app_id: str, request: Request) -> Response:
    with session(request, APPLICATIONS_READ) as state:
        sp = _sp_by_app_id(state, app_id)
        context = f"servicePrincipals('{sp['id']}')/appRoleAssignments"
        return _list(request, APP_ROLE_ASSIGNMENT, _assignments(state, sp["id"]), context)


@router.get("/servicePrincipals/{sp_id}")
def get_service_principal(sp_id: str, request: Request) -> Response:
    with session(request, APPLICATIONS_READ) as state:
        return _get(request, SERVICE_PRINCIPAL, _service_principals(state), sp_id, "servicePrincipals")


@router.get("/servicePrincipals/{sp_id}/appRoleAssignments")
def list_assignments(sp_id: str, request: Request) -> Response:
    with session(request, APPLICATIONS_READ) as state:
        if not any(sp["id"].lower() == sp_id.lower() for sp in _service_principals(state)):
            raise not_found(sp_id)
        context = f"servicePrincipals('{sp_id}')/appRoleAssignments"
        return _list(request, APP_ROLE_ASSIGNMENT, _assignments(state, sp_id.lower()), context)


# ---- directory role assignments ------------------------------------------------------------------
def _role_assignment(principal_id: str, template_id: str) -> odata.Entity:
    return {
        "id": str(uuid.uuid5(_NS, f"role:{principal_id}:{template_id}")),
        "principalId": principal_id,
        "roleDefinitionId": template_id,
        "directoryScopeId": "/",
    }


def _role_assignments(state: TenantState) -> list[odata.Entity]:
    out: list[odata.Entity] = []
    if not state.data.switches.no_exchange_role:
        for app in state.data.applications.values():
            out.extend(_role_assignment(app.sp_id, t) for t in app.directory_roles)
    for user_id, templates in state.data.user_directory_roles.items():
        out.extend(_role_assignment(user_id, t) for t in templates)
    return out


def _role_definition(template_id: str) -> odata.Entity:
    return {
        "id": template_id,
        "displayName": ROLE_NAMES.get(template_id, template_id),
        "description": None,
        "isBuiltIn": True,
        "isEnabled": True,
        "templateId": template_id,
    }


# What "List unifiedRoleAssignments" documents: $filter with eq/in (no `or`), $expand and $select.
# Graph refuses the rest on this endpoint, so a client must not page it with $top or chain roles with `or`.
_ROLE_ASSIGNMENT_OPTIONS = frozenset({"$filter", "$expand", "$select", "$skiptoken"})


def _refuse_unlisted_role_query(request: Request) -> None:
    for name in request.query_params:
        if name.startswith("$") and name.lower() not in _ROLE_ASSIGNMENT_OPTIONS:
            option = name[1:].capitalize()
            raise unsupported_query(
                f"The query specified in the URI is not valid. Query option '{option}' is not allowed. To "
                "allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or "
                "QueryValidationSettings."
            )
    raw = request.query_params.get("$filter", "")
    if re.search(r"\)\s*or\s*\(|'\s+or\s+", raw, flags=re.IGNORECASE):
        raise unsupported_query("Invalid filter clause: The 'or' operator is not supported on this resource.")


# `principal` is a directoryObject (a user, group or service principal), expanded with its own $select as
# Graph takes it; `roleDefinition` whole. Graph also has directoryScope and appScope, which this emulator
# does not model: naming them (or anything else) is refused rather than silently ignored.
_ROLE_EXPAND = re.compile(
    r"^(?P<name>principal|roleDefinition)(?:\(\$select=(?P<select>[^)]*)\))?$", re.IGNORECASE
)
_PRINCIPAL_PROPERTIES = frozenset(DIRECTORY_OBJECT.properties) | frozenset(SERVICE_PRINCIPAL.properties)


def _role_expansions(query: odata.Query) -> dict[str, tuple[str, ...] | None]:
    """Expanded navigation property -> the properties `$select`ed of it (None: its type's defaults)."""
    chosen: dict[str, tuple[str, ...] | None] = {}
    for item in query.expand:
        m = _ROLE_EXPAND.match(item.strip())
        if m is None:
            name = item.split("(", 1)[0].strip()
            raise bad_request(
                f"Parsing OData Select and Expand failed: Could not find a property named '{name}' on type "
                f"'{ROLE_ASSIGNMENT.name}'.",
                "BadRequest",
            )
        name = "principal" if m.group("name").lower() == "principal" else "roleDefinition"
        select = tuple(p.strip() for p in (m.group("select") or "").split(",") if p.strip()) or None
        known = _PRINCIPAL_PROPERTIES if name == "principal" else frozenset(ROLE_DEFINITION.properties)
        for prop in select or ():
            if prop not in known:
                target = DIRECTORY_OBJECT.name if name == "principal" else ROLE_DEFINITION.name
                raise bad_request(
                    f"Parsing OData Select and Expand failed: Could not find a property named '{prop}' on "
                    f"type '{target}'.",
                    "BadRequest",
                )
        chosen[name] = select
    return chosen


def _principal(state: TenantState, principal_id: str, select: tuple[str, ...] | None) -> odata.Entity | None:
    """The holder of a role as a directoryObject tagged with its `@odata.type`."""
    person = state.get(principal_id)
    if person is not None:
        return odata.project(directory_object(person), select, directory_object_default(person))
    sp = next((s for s in _service_principals(state) if s["id"].lower() == principal_id.lower()), None)
    if sp is None:
        return None  # deleted since: Graph leaves the navigation property out
    tagged = {"@odata.type": "#microsoft.graph.servicePrincipal", **sp}
    return odata.project(tagged, select, SERVICE_PRINCIPAL.default)


@router.get("/roleManagement/directory/roleAssignments")
def list_role_assignments(request: Request) -> Response:
    with session(request, ROLES_READ) as state:
        _refuse_unlisted_role_query(request)
        ids, produce = _keyed(_role_assignments(state))
        query = odata.parse_query(request, ROLE_ASSIGNMENT)
        expand = _role_expansions(query)
        decorate: odata.Decorator | None = None
        if expand:

            def decorate(full: odata.Entity, shown: odata.Entity) -> None:
                if "roleDefinition" in expand:
                    definition = _role_definition(full["roleDefinitionId"])
                    shown["roleDefinition"] = odata.project(
                        definition, expand["roleDefinition"], ROLE_DEFINITION.default
                    )
                if "principal" in expand:
                    principal = _principal(state, full["principalId"], expand["principal"])
                    if principal is not None:
                        shown["principal"] = principal

        return odata.listing(
            request,
            query,
            ids,
            produce,
            context="roleManagement/directory/roleAssignments",
            default=ROLE_ASSIGNMENT.default,
            decorate=decorate,
        )


@router.get("/roleManagement/directory/roleDefinitions")
def list_role_definitions(request: Request) -> Response:
    with session(request, ROLES_READ):
        items = [_role_definition(t) for t in ROLE_NAMES]
        return _list(request, ROLE_DEFINITION, items, "roleManagement/directory/roleDefinitions")


@router.get("/roleManagement/directory/roleAssignments/{assignment_id}")
def get_role_assignment(assignment_id: str, request: Request) -> Response:
    with session(request, ROLES_READ) as state:
        found = _assignment_or_404(state, assignment_id)
        return odata.entity_response(
            request, "roleManagement/directory/roleAssignments", found, ROLE_ASSIGNMENT
        )


def _assignment_or_404(state: TenantState, assignment_id: str) -> odata.Entity:
    found = next((a for a in _role_assignments(state) if a["id"] == assignment_id.lower()), None)
    if found is None:
        raise not_found(assignment_id)
    return found


@router.post("/roleManagement/directory/roleAssignments")
async def create_role_assignment(request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Invalid request body: a unifiedRoleAssignment object is required.", "BadRequest")
    principal_id = str(body.get("principalId") or "").strip().lower()
    template_id = str(body.get("roleDefinitionId") or "").strip().lower()
    scope = body.get("directoryScopeId")
    if not principal_id or not template_id:
        raise bad_request("principalId and roleDefinitionId are required.", "Request_BadRequest")
    if scope is None and body.get("appScopeId") is None:
        raise bad_request("Either directoryScopeId or appScopeId must be specified.", "Request_BadRequest")
    if scope != "/":
        # Administrative-unit and application scopes exist in Entra ID; this emulator keeps tenant-wide ones.
        raise bad_request(
            f"The directory scope {scope!r} is not supported here; use '/'.", "Request_BadRequest"
        )
    with session(request, ROLES_WRITE) as state:
        if template_id not in ROLE_NAMES:
            raise not_found(template_id)
        person = state.get(principal_id)
        if person is None or not (person.is_user or person.is_group):
            raise not_found(principal_id)
        if person.is_group and not person.assignable_to_role:
            # "only groups that are role-assignable can be used" (learn.microsoft.com/entra/identity/
            # role-based-access-control/groups-assign-role); Graph's exact sentence is not in our sources.
            raise bad_request(
                "Only a group created with isAssignableToRole set to true can be assigned a directory role.",
                "Request_BadRequest",
            )
        held = state.data.user_directory_roles.setdefault(person.id, [])
        if template_id in held:
            raise bad_request(
                "A conflicting object with one or more of the specified property values is present in the "
                "directory.",
                "Request_BadRequest",
            )
        held.append(template_id)
        state.record("graph", "AddRoleAssignment", person.id, role=template_id)
        created = _role_assignment(person.id, template_id)
        response = odata.entity_response(
            request, "roleManagement/directory/roleAssignments", created, ROLE_ASSIGNMENT
        )
        response.status_code = 201
        return response


@router.delete("/roleManagement/directory/roleAssignments/{assignment_id}")
def delete_role_assignment(assignment_id: str, request: Request) -> Response:
    with session(request, ROLES_WRITE) as state:
        found = _assignment_or_404(state, assignment_id)
        held = state.data.user_directory_roles.get(found["principalId"])
        if held is None or found["roleDefinitionId"] not in held:
            # An app's own role (the setup's Exchange Administrator) is not a person's to take away here.
            raise bad_request("This role assignment cannot be deleted here.", "Request_BadRequest")
        held.remove(found["roleDefinitionId"])
        if not held:
            del state.data.user_directory_roles[found["principalId"]]
        state.record("graph", "RemoveRoleAssignment", found["principalId"], role=found["roleDefinitionId"])
        return Response(status_code=204)
