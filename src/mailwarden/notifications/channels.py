"""The ways a notification leaves: Graph `sendMail` from the tenant's sender mailbox, an Adaptive Card posted
to a Teams channel's workflow webhook ("Post to a channel when a webhook request is received"), and a
notification in each approver's Teams activity feed (Graph `sendActivityNotification`).

Why the activity feed and not a chat message: mailwarden runs with application permissions, and Graph lets
an application post a chat or channel message only to import history ("Message POST is allowed in
application-only context only for import purposes"; the only application permission of
https://learn.microsoft.com/graph/api/chat-post-messages is Teamwork.Migrate.All). An app may instead send
an activity feed notification with the application permission TeamsActivity.Send, provided a Teams app whose
`webApplicationInfo` names mailwarden's Entra app is installed for the recipient
(https://learn.microsoft.com/graph/api/userteamwork-sendactivitynotification,
https://learn.microsoft.com/graph/teams-send-activityfeednotifications). A 1:1 chat would need a bot.

Each raises `ChannelFailed` with a reason a person can act on; the webhook's URL (a secret: it carries its
own signature) is never part of a reason, a log line or a record.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import httpx

from mailwarden.connectors.graph import GraphClient
from mailwarden.connectors.secret import Secret
from mailwarden.errors import MailwardenError, NotAuthorized, NotFound
from mailwarden.notifications.templates import OTHER_STEP, Rendered

__all__ = ["ChannelFailed", "adaptive_card", "post_to_teams", "send_activity", "send_email"]

TEAMS_TIMEOUT = httpx.Timeout(10.0)
PREVIEW_LIMIT = 150
"""Graph refuses an activity's preview text longer than this."""


class _NoQueryInHttpxLogs(logging.Filter):
    """httpx logs each request's URL at INFO; a webhook's signature is in its query, so no query is logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                a.copy_with(query=None) if isinstance(a, httpx.URL) else a for a in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_NoQueryInHttpxLogs())


class ChannelFailed(Exception):
    """One delivery did not go out; `reason` is safe to store and show."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


async def send_email(graph: GraphClient, sender: str, to: str, message: Rendered) -> None:
    # No copy in the sender's Sent Items: the sender is often a shared mailbox, and its delegates would
    # read there every request's text, justification and verdict, addressed to others.
    try:
        await graph.send_mail(
            sender,
            subject=message.subject,
            text=message.text,
            html=message.html,
            to=[to],
            save_to_sent_items=False,
        )
    except MailwardenError as exc:
        raise ChannelFailed(f"Graph sendMail from {sender}: {exc}") from exc


def teams_deep_link(teams_app_id: str, link: str | None, label: str) -> str:
    """A Teams deep link that opens the request's page inside mailwarden's Teams app (a personal tab)."""
    query = {"label": label}
    if link:
        query["webUrl"] = link
    return f"https://teams.microsoft.com/l/entity/{teams_app_id}/requests?{urlencode(query)}"


async def send_activity(
    graph: GraphClient, teams_app_id: str, to: str, context: dict[str, Any], subject: str
) -> None:
    """Tell `to` in their Teams activity feed: the headline as the reason, what is asked as the preview."""
    request = context["request"]
    # The steps the approver decides, not the others' outline: the preview has 150 characters, and that line
    # took them all from the justification they need (the page lists every step).
    summaries = "; ".join(s["summary"] or s["action"] for s in context["steps"] if s["summary"] != OTHER_STEP)
    preview = summaries if not request["justification"] else f"{summaries} \u2014 {request['justification']}"
    if len(preview) > PREVIEW_LIMIT:
        preview = preview[: PREVIEW_LIMIT - 1] + "\u2026"
    label = f"Request {request['id'][:8]}"
    try:
        await graph.send_activity_notification(
            to,
            topic=label,
            web_url=teams_deep_link(teams_app_id, context["link"], label),
            text=context["headline"],
            preview=preview or subject[:PREVIEW_LIMIT],
            teams_app_id=teams_app_id,
        )
    except (NotAuthorized, NotFound) as exc:
        # No permission, or the app is not installed for this approver: retrying cannot help.
        raise ChannelFailed(
            f"Teams activity feed of {to}: {exc} (grant TeamsActivity.Send and install mailwarden's "
            "Teams app for the approvers)",
            permanent=True,
        ) from exc
    except MailwardenError as exc:
        raise ChannelFailed(f"Teams activity feed of {to}: {exc}") from exc


def _runs(*runs: tuple[str, dict[str, object]]) -> dict[str, Any]:
    """One paragraph of text shown exactly as it is. A TextBlock's text and a FactSet's values are Markdown
    in Teams, so a justification, or a list's name its owner chose, could show there as a link labelled
    "Approve" to anywhere; a RichTextBlock's TextRuns are never Markdown. So the card has only those."""
    return {
        "type": "RichTextBlock",
        "inlines": [{"type": "TextRun", "text": t, **style} for t, style in runs],
    }


def _fact(title: str, value: str) -> dict[str, Any]:
    return _runs((f"{title}: ", {"weight": "Bolder"}), (value, {}))


def adaptive_card(context: dict[str, Any], subject: str) -> dict[str, Any]:
    """The card a channel shows: the headline, the preview as facts, and a button that opens the request."""
    body: list[dict[str, Any]] = [_runs((context["headline"], {"size": "Medium", "weight": "Bolder"}))]
    if context["request"]["text"]:
        body.append(_runs((f"\u201c{context['request']['text']}\u201d", {"isSubtle": True})))
    for step in context["steps"]:
        body.append(_runs((step["summary"] or step["action"], {"weight": "Bolder"})))
        body += [_fact(p["field"], str(p["person"])) for p in step["parties"]]
        body.append(_fact("policy", f"{step['decision']}: {step['reason']}"))
        if step["approvers"]:
            body.append(_fact("approvers", ", ".join(str(a) for a in step["approvers"])))
    request = context["request"]
    body.append(_fact("requested by", str(context["requester"])))
    if request["deadline"]:
        body.append(_fact("deadline", request["deadline"]))
    body.append(_fact("justification", request["justification"] or "none given"))
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "fallbackText": subject,
        "body": body,
    }
    if context["link"]:
        # Opens the page only; approving there needs the approver signed in.
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open the request", "url": context["link"]}]
    return card


async def post_to_teams(http: httpx.AsyncClient, webhook: Secret, card: dict[str, Any]) -> None:
    payload = {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }
    try:
        response = await http.post(webhook.reveal(), json=payload, timeout=TEAMS_TIMEOUT)
    except httpx.HTTPError as exc:
        # httpx's own messages may carry the URL; only the kind of failure is kept.
        raise ChannelFailed(f"Teams webhook unreachable ({type(exc).__name__})") from None
    if response.status_code >= 400:
        permanent = response.status_code in (400, 401, 403, 404, 410)
        hint = " (the workflow was deleted or its URL changed: store the new one)" if permanent else ""
        raise ChannelFailed(f"Teams webhook answered HTTP {response.status_code}{hint}", permanent=permanent)
