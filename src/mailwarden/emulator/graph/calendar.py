"""`/users/{id}/calendar/calendarPermissions`: the same Calendar folder entries Exchange's
`*-MailboxFolderPermission` cmdlets show, in Graph's `calendarPermission` shape.

Exchange roles and Graph roles map one to one where both exist:

    AvailabilityOnly                          freeBusyRead
    LimitedDetails                            limitedRead
    Reviewer                                  read
    Editor                                    write
    Editor + Delegate                         delegateWithoutPrivateEventAccess
    Editor + Delegate, CanViewPrivateItems    delegateWithPrivateEventAccess
    None                                      none
    anything else (Author, Owner, ...)        custom

What Graph lists (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/
calendar-list-calendarpermissions.md, calendar-post-calendarpermissions.md, calendarpermission-update.md,
resources/calendarpermission.md):

- the sharees and delegates first, then the "Default" entry as the "My Organization" sharee (id
  "RGVmYXVsdA==", `emailAddress` with a name and no address, not removable, allowedRoles none, freeBusyRead,
  limitedRead, read, write), which every calendar has: free/busy unless changed, as Exchange creates it.
  Exchange's "Anonymous" entry (publishing) is no sharee and is not listed;
- a sharee's id is "ExchangePublishedUser.<address>" base64-encoded (url-safe here, so that it fits a path
  segment), its `emailAddress` the display name and address, and its allowedRoles never hold "none" (a
  sharee is removed, not set to none): freeBusyRead, limitedRead, read for someone outside the
  organisation; write too, and for a person the two delegate roles, inside it;
- a mail-enabled security group holds an entry as a person does (Exchange grants it folder permissions);
  it is shown with its display name and address, inside the organisation, and is no delegate (a delegate
  is a person who acts for the owner), so its roles stop at write. A list that is not security-enabled, a
  Microsoft 365 group or a contact is no security principal and cannot be added.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import CALENDARS_READ, CALENDARS_WRITE, session
from mailwarden.emulator.graph.errors import GraphError, GraphRoute, bad_request
from mailwarden.emulator.graph.objects import find_user
from mailwarden.emulator.state import CalendarEntry, Recipient, TenantState

router = APIRouter(route_class=GraphRoute)

_TO_GRAPH = {
    "availabilityonly": "freeBusyRead",
    "limiteddetails": "limitedRead",
    "reviewer": "read",
    "none": "none",
}
_TO_EXCHANGE: dict[str, tuple[str, str]] = {
    "none": ("None", "None"),
    "freeBusyRead": ("AvailabilityOnly", "None"),
    "limitedRead": ("LimitedDetails", "None"),
    "read": ("Reviewer", "None"),
    "write": ("Editor", "None"),
    "delegateWithoutPrivateEventAccess": ("Editor", "Delegate"),
    "delegateWithPrivateEventAccess": ("Editor", "Delegate, CanViewPrivateItems"),
}
INSIDE_ROLES = [
    "freeBusyRead",
    "limitedRead",
    "read",
    "write",
    "delegateWithoutPrivateEventAccess",
    "delegateWithPrivateEventAccess",
]
OUTSIDE_ROLES = ["freeBusyRead", "limitedRead", "read"]
GROUP_ROLES = ["freeBusyRead", "limitedRead", "read", "write"]
ORGANIZATION_ROLES = ["none", "freeBusyRead", "limitedRead", "read", "write"]
# Who may hold a calendar entry: Exchange's security principals (emulator/exchange/cmdlets/calendar.py).
_SHAREES = frozenset(
    {"UserMailbox", "SharedMailbox", "RoomMailbox", "GuestMailUser", "MailUser", "MailUniversalSecurityGroup"}
)
_GROUPS = frozenset({"MailUniversalSecurityGroup"})
CALENDAR_PERMISSION = odata.EntityType(
    name="microsoft.graph.calendarPermission",
    properties=("id", "emailAddress", "isInsideOrganization", "isRemovable", "role", "allowedRoles"),
    default=("id", "emailAddress", "isInsideOrganization", "isRemovable", "role", "allowedRoles"),
)


def graph_role(entry: CalendarEntry) -> str:
    rights = [a.lower() for a in entry.access_rights]
    flags = {f.strip().lower() for f in entry.sharing_permission_flags.split(",")}
    if rights == ["editor"]:
        if "delegate" in flags:
            return (
                "delegateWithPrivateEventAccess"
                if "canviewprivateitems" in flags
                else "delegateWithoutPrivateEventAccess"
            )
        return "write"
    if len(rights) == 1 and rights[0] in _TO_GRAPH:
        return _TO_GRAPH[rights[0]]
    return "custom"


def _outlook_error(status: int, code: str, message: str) -> GraphError:
    return GraphError(status, code, message)


def _invalid_user(key: str) -> GraphError:
    return _outlook_error(404, "ErrorInvalidUser", f"The requested user '{key}' is invalid.")


def _owner(state: TenantState, key: str) -> Recipient:
    r = find_user(state, key)
    if r is None:
        raise _invalid_user(key)
    if not r.is_mailbox:
        raise _outlook_error(
            404,
            "MailboxNotEnabledForRESTAPI",
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
        )
    return r


def _inside(r: Recipient) -> bool:
    return r.kind not in ("GuestMailUser", "MailContact")


def permission_id(state: TenantState, entry: CalendarEntry) -> str:
    if entry.user in ("Default", "Anonymous"):
        text = entry.user
    else:
        grantee = state.get(entry.user)
        text = f"ExchangePublishedUser.{grantee.primary_smtp if grantee else entry.user}"
    # URL-safe so the id can sit in a path segment; "Default" encodes as Graph's own "RGVmYXVsdA==".
    return base64.urlsafe_b64encode(text.encode()).decode()


def _default(owner: Recipient) -> CalendarEntry:
    """The calendar's Default entry: the one the state holds, else free/busy as Exchange creates it."""
    held = next((e for e in owner.calendar if e.user == "Default"), None)
    return held or CalendarEntry(user="Default", access_rights=["AvailabilityOnly"])


def _listed(owner: Recipient) -> list[CalendarEntry]:
    """Graph's calendarPermissions: the sharees and delegates, then My Organization; no Anonymous."""
    return [e for e in owner.calendar if e.user not in ("Default", "Anonymous")] + [_default(owner)]


def _allowed(grantee: Recipient | None) -> list[str]:
    if grantee is not None and not _inside(grantee):
        return OUTSIDE_ROLES
    if grantee is not None and grantee.kind in _GROUPS:
        return GROUP_ROLES
    return INSIDE_ROLES


def _permission_json(state: TenantState, entry: CalendarEntry) -> odata.Entity:
    role = graph_role(entry)
    if entry.user == "Default":
        return {
            "id": permission_id(state, entry),
            "emailAddress": {"name": "My Organization"},
            "isInsideOrganization": True,
            "isRemovable": False,
            "role": role,
            "allowedRoles": ORGANIZATION_ROLES,
        }
    grantee = state.get(entry.user)
    inside = grantee is None or _inside(grantee)
    return {
        "id": permission_id(state, entry),
        "emailAddress": {
            "name": grantee.display_name if grantee else entry.user,
            "address": grantee.primary_smtp if grantee else None,
        },
        "isInsideOrganization": inside,
        "isRemovable": True,
        "role": role,
        "allowedRoles": _allowed(grantee),
    }


def _entry(state: TenantState, owner: Recipient, perm_id: str) -> CalendarEntry:
    for entry in _listed(owner):
        if permission_id(state, entry) == perm_id:
            return entry
    raise _outlook_error(404, "ErrorItemNotFound", "The specified object was not found in the store.")


def _context(owner: Recipient) -> str:
    return f"users('{owner.id}')/calendar/calendarPermissions"


def _entity(request: Request, owner: Recipient, item: odata.Entity) -> JSONResponse:
    return JSONResponse({"@odata.context": odata.context_url(request, _context(owner)) + "/$entity", **item})


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except json.JSONDecodeError as exc:
        raise bad_request("The request body is not valid JSON.", "ErrorInvalidRequest") from exc
    if not isinstance(body, dict):
        raise bad_request("The request body must be a calendarPermission object.", "ErrorInvalidRequest")
    return body


def _checked_role(role: Any, allowed: list[str]) -> str:
    if not isinstance(role, str) or role not in allowed:
        raise bad_request(
            f"The role '{role}' is not one of the allowed roles: {', '.join(allowed)}.", "ErrorInvalidRequest"
        )
    return role


@router.get("/users/{user_id}/calendar/calendarPermissions")
def list_permissions(user_id: str, request: Request) -> Response:
    with session(request, CALENDARS_READ) as state:
        owner = _owner(state, user_id)
        items = [_permission_json(state, e) for e in _listed(owner)]
        by_id = {item["id"]: item for item in items}
        query = odata.parse_query(request, CALENDAR_PERMISSION)
        return odata.listing(
            request,
            query,
            list(by_id),
            by_id.get,
            context=_context(owner),
            default=CALENDAR_PERMISSION.default,
        )


@router.post("/users/{user_id}/calendar/calendarPermissions")
async def add_permission(user_id: str, request: Request) -> Response:
    body = await _body(request)
    with session(request, CALENDARS_WRITE) as state:
        owner = _owner(state, user_id)
        email = body.get("emailAddress")
        address = email.get("address") if isinstance(email, dict) else None
        if not isinstance(address, str) or not address:
            raise bad_request(
                "The emailAddress of the sharee or delegate is required.", "ErrorInvalidRequest"
            )
        grantee = state.address_owner(address)
        if grantee is None or grantee.id == owner.id or grantee.kind not in _SHAREES:
            raise _invalid_user(address)
        role = _checked_role(body.get("role"), _allowed(grantee))
        if any(e.user == grantee.id for e in owner.calendar):
            # Graph's own sentence for a duplicate sharee is not in our sources; this is the store's
            # (Exchange's UserAlreadyExistsInPermissionEntryException) wording.
            raise bad_request(
                f"An existing permission entry was found for user: {grantee.primary_smtp}.",
                "ErrorInvalidRequest",
            )
        rights, flags = _TO_EXCHANGE[role]
        entry = CalendarEntry(user=grantee.id, access_rights=[rights], sharing_permission_flags=flags)
        owner.calendar.append(entry)
        state.record("graph", "AddCalendarPermission", owner.id, grantee=grantee.id, role=role)
        state.mark_dirty()
        return _entity(request, owner, _permission_json(state, entry))


@router.get("/users/{user_id}/calendar/calendarPermissions/{perm_id}")
def get_permission(user_id: str, perm_id: str, request: Request) -> Response:
    with session(request, CALENDARS_READ) as state:
        owner = _owner(state, user_id)
        return _entity(request, owner, _permission_json(state, _entry(state, owner, perm_id)))


@router.patch("/users/{user_id}/calendar/calendarPermissions/{perm_id}")
async def update_permission(user_id: str, perm_id: str, request: Request) -> Response:
    body = await _body(request)
    with session(request, CALENDARS_WRITE) as state:
        owner = _owner(state, user_id)
        entry = _entry(state, owner, perm_id)
        current = _permission_json(state, entry)
        for key, value in body.items():
            if key != "role" and current.get(key) != value:
                raise bad_request(
                    f"The property '{key}' of a calendarPermission cannot be updated; only 'role' can.",
                    "ErrorInvalidRequest",
                )
        role = _checked_role(body.get("role"), current["allowedRoles"])
        entry.access_rights, entry.sharing_permission_flags = [_TO_EXCHANGE[role][0]], _TO_EXCHANGE[role][1]
        if entry not in owner.calendar:  # the Default entry Exchange created and the state did not hold
            owner.calendar.insert(0, entry)
        state.record("graph", "SetCalendarPermission", owner.id, grantee=entry.user, role=role)
        state.mark_dirty()
        return _entity(request, owner, _permission_json(state, entry))


@router.delete("/users/{user_id}/calendar/calendarPermissions/{perm_id}")
def delete_permission(user_id: str, perm_id: str, request: Request) -> Response:
    with session(request, CALENDARS_WRITE) as state:
        owner = _owner(state, user_id)
        entry = _entry(state, owner, perm_id)
        if entry.user in ("Default", "Anonymous"):
            raise bad_request(
                "This calendarPermission is not removable; change its role instead.", "ErrorInvalidRequest"
            )
        owner.calendar.remove(entry)
        state.record("graph", "RemoveCalendarPermission", owner.id, grantee=entry.user)
        state.mark_dirty()
        return Response(status_code=204)
