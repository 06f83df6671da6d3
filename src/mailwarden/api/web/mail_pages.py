"""The pages of notifications: each person's demo "mail" (what the emulated tenant delivered to them,
read through Graph `/users/{id}/messages`), and the admins' record of every delivery.

The mail page exists only on an emulated tenant: on a real one, reading a person's mailbox would need
Mail.Read over every mailbox, which mailwarden never asks for; there the mail is in Outlook.
"""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mailwarden.api.web.pages import Admin, Person, RuntimeDep, render
from mailwarden.errors import MailwardenError, NotPermitted
from mailwarden.notifications.config import load_config
from mailwarden.notifications.records import list_deliveries

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_BLOCK = re.compile(r"</?(?:p|br|tr|h\d|blockquote|table|div)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_CELL_BREAK = re.compile(r"</t[hd]>\s*<t[hd]\b[^>]*>", re.IGNORECASE)
"""Between a table's name cell and its value: "trustee: Alex Kim", not "trusteeAlex Kim"."""
_HREF = re.compile(r'href="([^"]+)"')
_PAGE_PATH = re.compile(r"^https?://[^/]+(/requests/[0-9a-f-]{36}|/reviews/(?:tasks/)?[0-9a-f-]{36}|/drift)$")
"""The pages a notification links to: a request, a review task or campaign, the drift events."""
_LABELS = (
    ("/requests/", "Open the request"),
    ("/reviews/tasks/", "Open the review task"),
    ("/reviews/", "Open the review"),
)


def _readable(message: dict[str, Any]) -> dict[str, Any]:
    """A message shown as text: an HTML body is never put into the page as HTML (it is the sender's), only
    its text and the pages of this app it links to (a request, a review, the drift events)."""
    body = message.get("body") or {}
    content = str(body.get("content") or "")
    links: list[str] = []
    if str(body.get("contentType")).lower() == "html":
        links = [
            m.group(1) for h in _HREF.finditer(content) if (m := _PAGE_PATH.match(html.unescape(h.group(1))))
        ]
        content = html.unescape(_TAG.sub("", _BLOCK.sub("\n", _CELL_BREAK.sub(": ", content))))
        content = "\n".join(line.strip() for line in content.splitlines() if line.strip())
    sender = (message.get("from") or {}).get("emailAddress") or {}
    return {
        "id": message.get("id"),
        "subject": message.get("subject") or "(no subject)",
        "from": f"{sender.get('name', '')} <{sender.get('address', '')}>",
        "received": str(message.get("receivedDateTime") or "")[:16].replace("T", " "),
        "text": content,
        "links": [(link, _label(link)) for link in links],
        "unread": not message.get("isRead", True),
    }


def _label(path: str) -> str:
    return next((label for prefix, label in _LABELS if path.startswith(prefix)), "Open the drift events")


@router.get("/mail", response_class=HTMLResponse)
async def mail_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    record = runtime.workspace.tenant_record(runtime.tenant_key)
    if record.cloud != "emulator":
        raise NotPermitted(
            "Mail is shown here only on the demo tenant; on a real tenant the notifications are in Outlook."
        )
    messages: list[dict[str, Any]] = []
    problem = None
    try:
        found = await runtime.clients.graph.messages(who.recipient.recipient_id, folder="inbox", top=50)
        messages = [_readable(m) for m in found]
    except MailwardenError as exc:
        problem = str(exc)
    return render(request, "mail.html", who, messages=messages, problem=problem)


@router.get("/tenant/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, runtime: RuntimeDep, who: Admin, state: str = "") -> HTMLResponse:
    chosen = state if state in ("queued", "sent", "failed", "skipped") else None
    deliveries = list_deliveries(runtime.workspace.store, runtime.tenant_key, state=chosen, limit=200)  # type: ignore[arg-type]
    config = load_config(runtime.workspace.store, runtime.tenant_key)
    return render(
        request, "notifications.html", who, deliveries=deliveries, config=config, state=chosen or ""
    )
