"""`POST /users/{id}/teamwork/sendActivityNotification`: a notification in a user's Teams activity feed.

This is the one way an app holding only application permissions can reach a person in Teams. Posting a
chat message app-only is refused ("Message POST is allowed in application-only context only for import
purposes": `chat-post-messages` lists only Teamwork.Migrate.All for applications, for migration), so the
activity feed is what mailwarden uses, as Microsoft documents it
(https://learn.microsoft.com/graph/api/userteamwork-sendactivitynotification,
https://learn.microsoft.com/graph/teams-send-activityfeednotifications):

- the token needs the application permission TeamsActivity.Send (else 403 `Forbidden`, "Missing role
  permissions on the request. API requires one of 'TeamsActivity.Send, TeamsActivity.Send.User'.");
- a Teams app whose manifest's `webApplicationInfo` names the calling Entra app must be installed for the
  recipient (personal scope), else 403 `Forbidden`; `teamsAppId` picks one when several match;
- the body names `topic` (`source` "text" with a `value` and a `webUrl` that is a Teams deep link, or
  "entityUrl" with a Graph URL), an `activityType` (`systemDefault` needs the template parameter
  `systemDefaultText`), and `previewText.content` (at most 150 characters); answers 204.

What reached each user is kept in their feed (`TenantData.activity_feed`) so tests and the demo can read it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response

from mailwarden.emulator.graph.auth import authenticate, tenant_state
from mailwarden.emulator.graph.errors import GraphError, GraphRoute, bad_request
from mailwarden.emulator.graph.groups import json_body
from mailwarden.emulator.graph.objects import find_user
from mailwarden.emulator.state import TeamsApp, TenantState

__all__ = ["TEAMS_ACTIVITY_SEND", "install_teams_app", "register_teams_app", "router"]

router = APIRouter(route_class=GraphRoute)

TEAMS_ACTIVITY_SEND = "TeamsActivity.Send"
PREVIEW_LIMIT = 150
_TEAMS_HOSTS = ("teams.microsoft.com", "teams.cloud.microsoft")


def _forbidden(message: str) -> GraphError:
    return GraphError(403, "Forbidden", message)


def register_teams_app(state: TenantState, external_id: str, display_name: str, azure_ad_app_id: str) -> str:
    """Upload an app to the org catalog (as an admin does in the Teams admin center); its catalog id."""
    for app in state.data.teams_apps.values():
        if app.external_id == external_id:
            return app.id
    app_id = str(uuid.uuid4())
    state.data.teams_apps[app_id] = TeamsApp(
        id=app_id, external_id=external_id, display_name=display_name, azure_ad_app_id=azure_ad_app_id
    )
    state.mark_dirty()
    return app_id


def install_teams_app(state: TenantState, user_id: str, catalog_id: str) -> None:
    """Install a catalog app in a user's personal scope (a setup policy or the user does this in Teams)."""
    installed = state.data.teams_installed.setdefault(user_id, [])
    if catalog_id not in installed:
        installed.append(catalog_id)
        state.mark_dirty()


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"The parameter '{key}' is required and must be a non-empty string.", "BadRequest")
    return value


def _topic(body: dict[str, Any]) -> dict[str, Any]:
    topic = body.get("topic")
    if not isinstance(topic, dict):
        raise bad_request("The parameter 'topic' is required.", "BadRequest")
    source = topic.get("source")
    _text(topic, "value")
    if source == "text":
        web_url = topic.get("webUrl")
        parts = urlsplit(web_url) if isinstance(web_url, str) else None
        if parts is None or parts.scheme != "https" or parts.hostname not in _TEAMS_HOSTS:
            raise bad_request(
                "Topic webUrl is required when the topic source is text, and must be a Teams deep link "
                "(https://teams.microsoft.com/l/...).",
                "BadRequest",
            )
    elif source == "entityUrl":
        if not str(topic["value"]).startswith("https://graph.microsoft.com/"):
            raise bad_request("Topic value must be a Microsoft Graph URL when the source is entityUrl.")
    else:
        raise bad_request("The topic source must be 'entityUrl' or 'text'.", "BadRequest")
    return topic


def _preview(body: dict[str, Any]) -> str:
    preview = body.get("previewText")
    content = preview.get("content") if isinstance(preview, dict) else None
    if not isinstance(content, str) or not content.strip():
        raise bad_request("The parameter 'previewText' with its 'content' is required.", "BadRequest")
    if len(content) > PREVIEW_LIMIT:
        raise bad_request(f"previewText content can be at most {PREVIEW_LIMIT} characters.", "BadRequest")
    return content


def _parameters(body: dict[str, Any]) -> dict[str, str]:
    raw = body.get("templateParameters") or []
    if not isinstance(raw, list) or not all(
        isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("value"), str)
        for p in raw
    ):
        raise bad_request("templateParameters must be a list of {name, value} strings.", "BadRequest")
    return {p["name"]: p["value"] for p in raw}


def _sending_app(state: TenantState, user_id: str, caller_app_id: str, wanted: Any) -> TeamsApp:
    installed = [state.data.teams_apps[i] for i in state.data.teams_installed.get(user_id, [])]
    mine = [a for a in installed if a.azure_ad_app_id == caller_app_id]
    if isinstance(wanted, str) and wanted:
        mine = [a for a in mine if wanted in (a.id, a.external_id)]
    if not mine:
        raise _forbidden(
            "The Teams app sending the notification is not installed for the recipient: install the app "
            f"whose webApplicationInfo id is '{caller_app_id}' for user '{user_id}'."
        )
    return mine[0]


@router.post("/users/{user_id}/teamwork/sendActivityNotification")
async def send_activity_notification(user_id: str, request: Request) -> Response:
    body = await json_body(request)
    state = tenant_state(request)
    with state.transaction():
        claims = authenticate(state, request)
        if TEAMS_ACTIVITY_SEND not in claims.roles:
            roles = ", ".join(sorted(claims.roles))
            raise _forbidden(
                "Missing role permissions on the request. API requires one of 'TeamsActivity.Send, "
                f"TeamsActivity.Send.User'. Roles on the request '{roles}'."
            )
        user = find_user(state, user_id)
        if user is None:
            raise GraphError(404, "NotFound", f"User '{user_id}' was not found.")
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.", "BadRequest")
        topic = _topic(body)
        activity_type = _text(body, "activityType")
        preview = _preview(body)
        parameters = _parameters(body)
        if activity_type == "systemDefault" and not parameters.get("systemDefaultText"):
            raise bad_request(
                "The activity type systemDefault needs the template parameter 'systemDefaultText'.",
                "BadRequest",
            )
        app = _sending_app(state, user.id, claims.app_id, body.get("teamsAppId"))
        state.data.activity_feed.setdefault(user.id, []).append(
            {
                "id": str(uuid.uuid4()),
                "createdDateTime": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "teamsAppId": app.id,
                "topic": topic,
                "activityType": activity_type,
                "previewText": {"content": preview},
                "templateParameters": [{"name": k, "value": v} for k, v in parameters.items()],
                "chainId": body.get("chainId"),
            }
        )
        state.mark_dirty()
    return Response(status_code=204)
