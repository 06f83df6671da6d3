"""The emulator's Microsoft Graph v1.0 face, mounted at `/v1.0`.

delta.py      /users/delta, /groups/delta (change tracking; see ../change_tracking.py)
users.py      /users, /users/{id}, manager, directReports, memberOf
contacts.py   /contacts
groups.py     /groups, members and owners, memberOf and transitiveMemberOf, membership changes
directory.py  /domains, /organization, /servicePrincipals, /roleManagement/directory
calendar.py   /users/{id}/calendar/calendarPermissions
audit_log.py  /security/auditLog/queries (the unified audit log's Exchange admin records)
mail.py       /users/{id}/sendMail, /users/{id}/messages (the mailboxes notifications reach)
teamwork.py   /users/{id}/teamwork/sendActivityNotification (the Teams activity feed)
batch.py      /$batch
odata.py      query options and paging; filter.py the $filter language
auth.py       bearer token and application permissions; errors.py Graph's error bodies
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from mailwarden.emulator.graph import (
    audit_log,
    batch,
    calendar,
    contacts,
    delta,
    directory,
    groups,
    mail,
    teamwork,
    users,
)
from mailwarden.emulator.graph.errors import GraphRoute, bad_request

__all__ = ["router"]

router = APIRouter()
# delta first: /users/delta must not be taken for /users/{id}.
for _module in (delta, users, contacts, groups, directory, calendar, audit_log, mail, teamwork, batch):
    router.include_router(_module.router)

_fallback = APIRouter(route_class=GraphRoute)


@_fallback.api_route(
    "/{path:path}", methods=["GET", "POST", "PATCH", "PUT", "DELETE"], include_in_schema=False
)
def unknown_segment(path: str, request: Request) -> Response:
    """Graph's answer to a path it has no resource for."""
    if path.split("/", 1)[0] == "me":
        # The emulator serves app-only clients, which have no signed-in user.
        raise bad_request("/me request is only valid with delegated authentication flow.", "BadRequest")
    segment = path.strip("/").rsplit("/", 1)[-1] or path
    raise bad_request(f"Resource not found for the segment '{segment}'.", "BadRequest")


router.include_router(_fallback)
