"""`/users/{id}/sendMail` and the mailbox it delivers into: `/users/{id}/messages`, `/messages/{id}`,
`/mailFolders/{inbox|sentitems}/messages`.

Mail is the Outlook part of Graph, and it answers in Exchange's words, not the directory's: a token
without the route's app role gets 403 `ErrorAccessDenied` ("Access is denied. Check credentials and try
again."), an unknown mailbox 404 `ErrorInvalidUser`, a message Exchange cannot route 400
`ErrorInvalidRecipients`. `sendMail` takes a JSON message or, with `Content-Type: text/plain`, a base64
MIME message (the HTML alternative becomes the body), and answers 202 with an empty body; the message
then sits in each internal recipient's Inbox (a list is expanded to its members) and, unless
`saveToSentItems` is false, in the sender's Sent Items. An address in an outside domain leaves the
tenant: the emulator keeps it in an outbound log and delivers it nowhere. An address in one of the
tenant's own domains that no one holds is accepted, as Exchange accepts it, and the sender gets a
non-delivery report.

Listing messages pages as Outlook does: `$top` (default 10, at most 1000), `$skip` in `@odata.nextLink`,
`$select`, `$orderby` on `receivedDateTime` / `sentDateTime` / `subject` (newest first by default) and a
`$filter` on flat properties. With only Mail.ReadBasic.All, `body` and `bodyPreview` are left out, as
that permission's description says.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import html
import re
import uuid
from collections.abc import Iterator
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mailwarden.emulator import tokens
from mailwarden.emulator.graph.auth import authenticate, tenant_state
from mailwarden.emulator.graph.errors import GraphError, GraphRoute, bad_request
from mailwarden.emulator.graph.filter import parse_filter
from mailwarden.emulator.graph.groups import json_body
from mailwarden.emulator.graph.objects import find_user
from mailwarden.emulator.graph.odata import context_url, graph_base
from mailwarden.emulator.state import MailItem, OutboundMail, Recipient, TenantState

__all__ = ["MAIL_READ", "MAIL_SEND", "router"]

router = APIRouter(route_class=GraphRoute)

MAIL_SEND = frozenset({"Mail.Send"})
MAIL_READ_BASIC = frozenset({"Mail.ReadBasic.All"})
MAIL_READ = frozenset({"Mail.Read", "Mail.ReadWrite"}) | MAIL_READ_BASIC
_BASIC_HIDDEN = ("body", "bodyPreview", "uniqueBody")
ACCESS_DENIED = "Access is denied. Check credentials and try again."
DEFAULT_PAGE = 10
MAX_PAGE = 1000
_FOLDERS = {"inbox": "Inbox", "sentitems": "Sent Items"}
_ORDERABLE = ("receivedDateTime", "sentDateTime", "createdDateTime", "subject", "importance", "isRead")
MESSAGE_PROPERTIES = (
    "id",
    "createdDateTime",
    "lastModifiedDateTime",
    "receivedDateTime",
    "sentDateTime",
    "hasAttachments",
    "internetMessageId",
    "subject",
    "bodyPreview",
    "importance",
    "parentFolderId",
    "conversationId",
    "isDeliveryReceiptRequested",
    "isReadReceiptRequested",
    "isRead",
    "isDraft",
    "inferenceClassification",
    "body",
    "sender",
    "from",
    "toRecipients",
    "ccRecipients",
    "bccRecipients",
    "replyTo",
)
_MESSAGE_TYPE = "microsoft.graph.message"
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _outlook(status: int, code: str, message: str) -> GraphError:
    return GraphError(status, code, message)


def _invalid_user(key: str) -> GraphError:
    return _outlook(404, "ErrorInvalidUser", f"The requested user '{key}' is invalid.")


def _invalid_recipients(detail: str) -> GraphError:
    return _outlook(400, "ErrorInvalidRecipients", f"At least one recipient isn't valid., {detail}")


@contextlib.contextmanager
def _session(request: Request, roles: frozenset[str]) -> Iterator[tuple[TenantState, tokens.Claims]]:
    """One mail call inside the tenant's transaction, once the token holds one of `roles`: the Outlook
    side refuses with its own code, not the directory's Authorization_RequestDenied."""
    state = tenant_state(request)
    with state.transaction():
        claims = authenticate(state, request)
        if not claims.roles & roles:
            raise _outlook(403, "ErrorAccessDenied", ACCESS_DENIED)
        yield state, claims


def _mailbox(state: TenantState, key: str) -> Recipient:
    r = find_user(state, key)
    if r is None:
        raise _invalid_user(key)
    if not r.is_mailbox:
        raise _outlook(
            404,
            "MailboxNotEnabledForRESTAPI",
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
        )
    return r


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---- the request body -------------------------------------------------------------------------------
def _addresses(message: dict[str, Any], field: str) -> list[dict[str, Any]]:
    raw = message.get(field)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_request(f"Invalid value for the property '{field}': an array of recipients is expected.")
    out: list[dict[str, Any]] = []
    for entry in raw:
        email = entry.get("emailAddress") if isinstance(entry, dict) else None
        address = email.get("address") if isinstance(email, dict) else None
        if not isinstance(address, str) or not address.strip():
            raise _invalid_recipients("A message can't be sent because it contains no recipients.")
        address = address.strip()
        if address.count("@") != 1 or not all(address.split("@")):
            raise _invalid_recipients(
                f"Recipient '{address}' isn't resolved. All recipients must be resolved before a message "
                "can be submitted."
            )
        name = email["name"] if isinstance(email, dict) and isinstance(email.get("name"), str) else address
        out.append({"emailAddress": {"name": name, "address": address}})
    return out


def _body(message: dict[str, Any]) -> dict[str, str]:
    body = message.get("body") or {"contentType": "text", "content": ""}
    if not isinstance(body, dict):
        raise bad_request("Invalid value for the property 'body'.", "RequestBodyRead")
    kind = str(body.get("contentType") or "text")
    if kind.lower() not in ("text", "html"):
        raise bad_request(f"Requested value '{kind}' was not found.", "RequestBodyRead")
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        raise bad_request("Invalid value for the property 'content'.", "RequestBodyRead")
    return {"contentType": kind.lower(), "content": content or ""}


def _preview(body: dict[str, str]) -> str:
    text = body["content"]
    if body["contentType"] == "html":
        text = html.unescape(_TAGS.sub(" ", text))
    return _SPACE.sub(" ", text).strip()[:255]


def _who(r: Recipient) -> dict[str, Any]:
    return {"emailAddress": {"name": r.display_name, "address": r.primary_smtp}}


def _deliverable(state: TenantState, r: Recipient, seen: set[str]) -> list[Recipient]:
    """The mailboxes mail to `r` reaches: itself, or a list's members through nesting."""
    if r.id in seen:
        return []
    seen.add(r.id)
    if r.is_mailbox:
        return [r]
    if r.is_group:
        found: list[Recipient] = []
        for member_id in r.members:
            member = state.get(member_id)
            if member is not None:
                found.extend(_deliverable(state, member, seen))
        return found
    return []


def _store(state: TenantState, owner: Recipient, folder: str, message: dict[str, Any]) -> None:
    item = {**message, "id": str(uuid.uuid4()), "parentFolderId": _folder_id(owner, folder)}
    state.data.mailboxes.setdefault(owner.id, []).append(
        MailItem.model_validate({"folder": folder, "message": item})
    )


def _folder_id(owner: Recipient, folder: str) -> str:
    return str(uuid.uuid5(uuid.UUID(owner.exchange_guid), folder))


def _undeliverable(state: TenantState, sender: Recipient, address: str, subject: str, sent: str) -> None:
    """Exchange's answer to an internal address no one holds: a non-delivery report to the sender."""
    ndr = {
        "contentType": "text",
        "content": f"Your message to {address} couldn't be delivered. {address} wasn't found at "
        f"{address.rsplit('@', 1)[1]}.\n\nRemote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
        "Recipient not found by SMTP address lookup'",
    }
    postmaster = f"MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@{state.tenant.initial_domain}"
    _store(
        state,
        sender,
        "inbox",
        _message(
            subject=f"Undeliverable: {subject}",
            body=ndr,
            sender={"emailAddress": {"name": "Microsoft Outlook", "address": postmaster}},
            to=[_who(sender)],
            cc=[],
            sent=sent,
        ),
    )


def _message(
    *,
    subject: str,
    body: dict[str, str],
    sender: dict[str, Any],
    to: list[dict[str, Any]],
    cc: list[dict[str, Any]],
    sent: str,
    bcc: list[dict[str, Any]] | None = None,
    importance: str = "normal",
    conversation: str | None = None,
    internet_id: str | None = None,
) -> dict[str, Any]:
    now = _now()
    return {
        "createdDateTime": now,
        "lastModifiedDateTime": now,
        "receivedDateTime": now,
        "sentDateTime": sent,
        "hasAttachments": False,
        "internetMessageId": internet_id or f"<{uuid.uuid4().hex}@emulator.mailwarden>",
        "subject": subject,
        "bodyPreview": _preview(body),
        "importance": importance,
        "conversationId": conversation or str(uuid.uuid4()),
        "isDeliveryReceiptRequested": False,
        "isReadReceiptRequested": False,
        "isRead": False,
        "isDraft": False,
        "inferenceClassification": "focused",
        "body": body,
        "sender": sender,
        "from": sender,
        "toRecipients": to,
        "ccRecipients": cc,
        "bccRecipients": bcc or [],
        "replyTo": [],
    }


def _from_mime(raw: bytes) -> dict[str, Any]:
    """A base64 MIME message (Content-Type: text/plain) as the JSON message it stands for. Graph keeps the
    HTML alternative as the body when there is one, else the plain text."""
    try:
        decoded = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise bad_request(
            "Invalid base64 string for MIME content.", "ErrorMimeContentInvalidBase64String"
        ) from exc
    parsed = BytesParser(policy=email_policy.default).parsebytes(decoded)
    if not isinstance(parsed, EmailMessage):
        raise bad_request("Invalid base64 string for MIME content.", "ErrorMimeContentInvalidBase64String")
    part = parsed.get_body(preferencelist=("html", "plain"))
    body = {"contentType": "text", "content": ""}
    if part is not None:
        body = {
            "contentType": "html" if part.get_content_subtype() == "html" else "text",
            "content": str(part.get_content()),
        }

    def people(header: str) -> list[dict[str, Any]]:
        return [
            {"emailAddress": {"name": n or a, "address": a}}
            for n, a in getaddresses(parsed.get_all(header, []))
        ]

    return {
        "subject": str(parsed.get("Subject") or ""),
        "body": body,
        "toRecipients": people("To"),
        "ccRecipients": people("Cc"),
        "bccRecipients": people("Bcc"),
    }


@router.post("/users/{user_id}/sendMail")
async def send_mail(user_id: str, request: Request) -> Response:
    mime = (request.headers.get("content-type") or "").split(";")[0].strip().lower() == "text/plain"
    payload: Any = {"message": _from_mime(await request.body())} if mime else await json_body(request)
    with _session(request, MAIL_SEND) as (state, _claims):
        sender = _mailbox(state, user_id)
        if not isinstance(payload, dict) or not isinstance(payload.get("message"), dict):
            raise bad_request("The value of the parameter 'Message' is empty.", "ErrorInvalidParameter")
        message: dict[str, Any] = payload["message"]
        save = payload.get("saveToSentItems", True)
        if not isinstance(save, bool):
            raise bad_request("Invalid value for the parameter 'SaveToSentItems'.", "RequestBodyRead")
        to, cc, bcc = (_addresses(message, f) for f in ("toRecipients", "ccRecipients", "bccRecipients"))
        if not (to or cc or bcc):
            raise _invalid_recipients("A message can't be sent because it contains no recipients.")
        importance = str(message.get("importance") or "normal").lower()
        if importance not in ("low", "normal", "high"):
            raise bad_request(
                f"Requested value '{message.get('importance')}' was not found.", "RequestBodyRead"
            )
        subject = message.get("subject") or ""
        if not isinstance(subject, str):
            raise bad_request("Invalid value for the property 'subject'.", "RequestBodyRead")
        sent = _now()
        common = {
            "subject": subject,
            "body": _body(message),
            "sender": _who(sender),
            "to": to,
            "cc": cc,
            "sent": sent,
            "importance": importance,
            "conversation": str(uuid.uuid4()),
            "internet_id": f"<{uuid.uuid4().hex}@{sender.primary_smtp.rsplit('@', 1)[1]}>",
        }
        delivered: set[str] = set()
        outside: list[str] = []
        for entry in (*to, *cc, *bcc):
            address = entry["emailAddress"]["address"]
            holder = state.address_owner(address)
            if holder is None or holder.kind in ("MailContact", "GuestMailUser", "MailUser"):
                if holder is None and state.is_internal_address(address):
                    _undeliverable(state, sender, address, subject, sent)
                else:
                    outside.append(holder.external_address or address if holder else address)
                continue
            for box in _deliverable(state, holder, set()):
                if box.id not in delivered:
                    delivered.add(box.id)
                    # Bcc recipients are in no copy but the sender's.
                    _store(state, box, "inbox", _message(**common))  # type: ignore[arg-type]
        if outside:
            state.data.outbound.append(
                OutboundMail(sent=sent, sender=sender.primary_smtp, to=outside, subject=subject)
            )
        if save:
            _store(state, sender, "sentitems", {**_message(**common, bcc=bcc), "isRead": True})  # type: ignore[arg-type]
        # Not in the journal: it records directory and mailbox-permission changes, which mail is not.
        state.mark_dirty()
        return Response(status_code=202)


# ---- reading a mailbox ------------------------------------------------------------------------------
def _shown(item: dict[str, Any], select: tuple[str, ...] | None, basic: bool) -> dict[str, Any]:
    keys = select if select is not None else MESSAGE_PROPERTIES
    out = {"@odata.etag": f'W/"{item["lastModifiedDateTime"]}"'} | {k: item[k] for k in keys if k in item}
    if basic:
        for hidden in _BASIC_HIDDEN:
            out.pop(hidden, None)
    out.setdefault("id", item["id"])
    return out


def _select(request: Request) -> tuple[str, ...] | None:
    raw = request.query_params.get("$select")
    if raw is None or not raw.strip():
        return None
    chosen = tuple(p.strip() for p in raw.split(",") if p.strip())
    for prop in chosen:
        if prop not in MESSAGE_PROPERTIES:
            raise bad_request(
                f"Could not find a property named '{prop}' on type '{_MESSAGE_TYPE}'.",
                "RequestBroker--ParseUri",
            )
    return chosen


def _int_option(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise bad_request(f"Invalid value '{raw}' for {name} query option found.", "BadRequest") from exc
    if value < 0:
        raise bad_request(f"Invalid value '{raw}' for {name} query option found.", "BadRequest")
    return value


def _ordered(request: Request, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    raw = request.query_params.get("$orderby") or "receivedDateTime desc"
    keys: list[tuple[str, bool]] = []
    for part in raw.split(","):
        words = part.split()
        if not words or words[0] not in _ORDERABLE or words[1:] not in ([], ["asc"], ["desc"]):
            raise bad_request(
                f"The $orderby clause '{part.strip()}' is not supported.", "ErrorInvalidProperty"
            )
        keys.append((words[0], words[1:] == ["desc"]))
    ordered = list(items)
    for prop, descending in reversed(keys):
        ordered.sort(key=lambda m: str(m.get(prop, "")).lower(), reverse=descending)
    return ordered


def _listing(
    request: Request, owner: Recipient, items: list[dict[str, Any]], basic: bool, context: str
) -> JSONResponse:
    if request.query_params.get("$search") is not None:
        raise bad_request("$search is not supported by the emulator's mailbox.", "ErrorInvalidUrlQuery")
    top = _int_option(request, "$top", DEFAULT_PAGE)
    if not 1 <= top <= MAX_PAGE:
        raise bad_request(f"Invalid value '{top}' for $top query option found.", "ErrorInvalidUrlQuery")
    skip = _int_option(request, "$skip", 0)
    select = _select(request)
    raw_filter = request.query_params.get("$filter")
    if raw_filter:
        flat = tuple(
            p for p in MESSAGE_PROPERTIES if p not in ("body", "sender", "from") and "Recipients" not in p
        )
        flt = parse_filter(raw_filter, _MESSAGE_TYPE, flat)
        items = [m for m in items if flt.matches(m)]
    items = _ordered(request, items)
    page = items[skip : skip + top]
    body: dict[str, Any] = {"@odata.context": context_url(request, context, select)}
    if skip + top < len(items):
        pairs = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "$skip"]
        pairs.append(("$skip", str(skip + top)))
        body["@odata.nextLink"] = (
            f"{graph_base(request)}{request.url.path.removeprefix('/v1.0')}?"
            + urlencode(pairs, safe="$',()/:@")
        )
    body["value"] = [_shown(m, select, basic) for m in page]
    return JSONResponse(body)


def _is_basic(claims: tokens.Claims) -> bool:
    return not (claims.roles & (MAIL_READ - MAIL_READ_BASIC))


def _items(state: TenantState, owner: Recipient, folder: str | None) -> list[dict[str, Any]]:
    return [i.message for i in state.data.mailboxes.get(owner.id, []) if folder is None or i.folder == folder]


@router.get("/users/{user_id}/messages")
def list_messages(user_id: str, request: Request) -> Response:
    with _session(request, MAIL_READ) as (state, claims):
        owner = _mailbox(state, user_id)
        return _listing(
            request, owner, _items(state, owner, None), _is_basic(claims), f"users('{owner.id}')/messages"
        )


@router.get("/users/{user_id}/mailFolders/{folder}/messages")
def list_folder_messages(user_id: str, folder: str, request: Request) -> Response:
    with _session(request, MAIL_READ) as (state, claims):
        owner = _mailbox(state, user_id)
        key = folder.lower()
        if key not in _FOLDERS:
            key = next((k for k in _FOLDERS if _folder_id(owner, k) == folder), "")
        if not key:
            raise _outlook(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        context = f"users('{owner.id}')/mailFolders('{folder}')/messages"
        return _listing(request, owner, _items(state, owner, key), _is_basic(claims), context)


@router.get("/users/{user_id}/messages/{message_id}")
def get_message(user_id: str, message_id: str, request: Request) -> Response:
    with _session(request, MAIL_READ) as (state, claims):
        owner = _mailbox(state, user_id)
        found = next((m for m in _items(state, owner, None) if m["id"] == message_id), None)
        if found is None:
            raise _outlook(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        select = _select(request)
        context = context_url(request, f"users('{owner.id}')/messages", select) + "/$entity"
        return JSONResponse({"@odata.context": context, **_shown(found, select, _is_basic(claims))})
