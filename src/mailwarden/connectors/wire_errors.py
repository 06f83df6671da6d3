"""Graph and Exchange failures, read off the wire into `mailwarden.errors`, in one function per API.

Nothing above the connectors looks at an HTTP status: it catches `NotFound`, `AlreadyExists`,
`ConsentMissing`, `Throttled` ... and shows their messages, which say what to do next.

    status / body                                    Graph                 Exchange (InvokeCommand)
    404, *NotFound* exception type                   NotFound              NotFound
    "already exist", *AlreadyExists* type            AlreadyExists         AlreadyExists
    401 after one token refresh                      NotAuthorized         ConsentMissing (ManageAsApp)
    403                                              ConsentMissing        RoleMissing
                                                     (names the permission)
    429                                              Throttled(retry_after)
    5xx                                              Transient
    other 4xx                                        Rejected, in the service's own words

Decision on `ProxyAddressExistsException` (an address is already used by another recipient): it is
`Rejected`, not `AlreadyExists`. `AlreadyExists` tells the executor the change is already so and the
step may count as done; a collision means the change did not and cannot happen, and the person needs
Exchange's text, which names the recipient holding the address.

Exchange's error texts come as `<id>|<exception type>|<text>` (e.g. `Ex6F9304|Microsoft.Exchange.
Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed ...`); the
message keeps the text and `.code` keeps the exception's short type name. Bodies may be empty, NUL bytes
(a 403 for an unauthorised cmdlet) or not JSON at all.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from mailwarden.connectors.limits import retry_after
from mailwarden.errors import (
    AlreadyExists,
    ConsentMissing,
    NotAuthorized,
    NotFound,
    Rejected,
    RoleMissing,
    TenantError,
    TenantUnreachable,
    Throttled,
    Transient,
)

__all__ = ["RESENT", "exchange_error", "graph_error", "resent", "transport_error"]

_CHECK = "then run 'mailwarden tenant check'"
_PREFIXED = re.compile(r"^\s*([^|\s]{1,24})\|([\w.+`]+)\|(.*)$", re.DOTALL)

# The Graph application permission a refused call most likely lacks, by the first path segment.
_GRAPH_PERMISSIONS = (
    ("/calendar", "Calendars.ReadWrite"),
    ("/members", "GroupMember.ReadWrite.All"),
    ("/owners", "GroupMember.ReadWrite.All"),
    ("/groups", "Group.Read.All"),
    ("/users", "User.Read.All"),
    ("/contacts", "OrgContact.Read.All"),
    ("/domains", "Domain.Read.All"),
    ("/organization", "Organization.Read.All"),
    ("/serviceprincipals", "Application.Read.All"),
    ("/rolemanagement", "RoleManagement.Read.Directory"),
)


RESENT = "mailwarden.resent"
"""The response extension `send_with_retry` sets on the answer to a resend (see `resent`)."""


def resent(response: httpx.Response) -> bool:
    """Whether `response` answers a resend of a request an earlier try of which may have been carried out
    (its answer lost to a dropped connection or a timeout, or a 5xx): an "already so" in it may be the
    earlier try's own doing, which the caller must not read as the tenant having been so before (red team
    43). A retry after a 429 or a connection never made is no such resend."""
    return bool(response.extensions.get(RESENT))


def graph_error(response: httpx.Response, *, operation: str | None = None) -> TenantError:
    """The error a failed Graph response means (`operation` defaults to the request's method and path)."""
    operation = operation or _operation(response)
    body = _json(response)
    error = _error_object(body)
    code = str(error.get("code") or "") or None
    text = (
        str(error.get("message") or "")
        or _text(response)
        or httpx.codes.get_reason_phrase(response.status_code)
    )
    inner = error.get("innerError") or error.get("innererror") or {}
    request_id = response.headers.get("request-id") or (
        inner.get("request-id") if isinstance(inner, dict) else None
    )
    status = response.status_code
    fields: dict[str, Any] = {
        "status": status,
        "code": code,
        "operation": operation,
        "request_id": request_id,
        "resent": resent(response),
    }

    if status == 429:
        return Throttled(
            f"Graph is throttling the app ({operation}); try again later.",
            retry_after=retry_after(response.headers),
            **fields,
        )
    if status >= 500:
        return Transient(
            f"Graph failed on {operation} ({status}): {text}. It is usually temporary; try again.", **fields
        )
    if status == 404:
        return NotFound(f"Graph found nothing for {operation}: {text}", **fields)
    # "Another object with the same value for property proxyAddresses already exists" is a collision with
    # a different object, not the requested object being there already.
    if "already exist" in text.lower() and "another object" not in text.lower():
        return AlreadyExists(f"Graph says it already exists ({operation}): {text}", **fields)
    if status == 403:
        if _changes_group_members(operation):
            return ConsentMissing(
                _ROLE_ASSIGNABLE.format(operation=operation, text=text, check=_CHECK), **fields
            )
        permission = _graph_permission(operation)
        return ConsentMissing(
            f"Graph refused {operation}: the app lacks the Microsoft Graph application permission "
            f"{permission} ({text}). Add it to the app registration, grant admin consent, {_CHECK}.",
            **fields,
        )
    if status == 401:
        return NotAuthorized(
            f"Graph did not accept the app's token for {operation}: {text}. Check the tenant id and the "
            f"cloud of this connection, {_CHECK}.",
            **fields,
        )
    return Rejected(f"Graph rejected {operation}: {text}", **fields)


def exchange_error(response: httpx.Response, cmdlet: str) -> TenantError:
    """The error a failed `InvokeCommand` response for `cmdlet` means.

    A 200 that carries `@adminapi.errors` (a non-terminating error: the cmdlet did not do its work) is a
    failure too and is mapped here.
    """
    body = _json(response)
    status = response.status_code
    exc_type, said = _exchange_failure(body)
    said = said or _text(response)
    text = said or httpx.codes.get_reason_phrase(status)
    short_type = exc_type.rsplit(".", 1)[-1] if exc_type else None
    error = _error_object(body)
    code = short_type or (str(error.get("code")) if error.get("code") else None)
    fields: dict[str, Any] = {
        "status": status,
        "code": code,
        "operation": cmdlet,
        "request_id": response.headers.get("request-id"),
        "resent": resent(response),
    }

    if status == 429:
        return Throttled(
            f"Exchange is throttling the app ({cmdlet}); try again later.",
            retry_after=retry_after(response.headers),
            **fields,
        )
    if status >= 500:
        return Transient(
            f"Exchange failed running {cmdlet} ({status}): {text}. It is usually temporary; try again.",
            **fields,
        )
    if status == 401:
        return ConsentMissing(
            f"Exchange refused {cmdlet}: the app has no Exchange.ManageAsApp permission. Grant "
            "Exchange.ManageAsApp (API 'Office 365 Exchange Online', application permission) to the app "
            f"and give admin consent, {_CHECK}.",
            **fields,
        )
    if status == 403:
        detail = f" (Exchange said: {text})" if said.strip() else ""
        return RoleMissing(
            f"Exchange refused {cmdlet}: the app lacks an Exchange role{detail}. Assign the Exchange "
            "Administrator role to the app's service principal (a new role can take a few minutes to "
            f"reach Exchange), {_CHECK}.",
            **fields,
        )
    kind = short_type or ""
    if status == 404 or "NotFound" in kind:
        return NotFound(f"Exchange could not find what {cmdlet} names: {text}", **fields)
    if "AlreadyExists" in kind:
        return AlreadyExists(f"Exchange says it is already so ({cmdlet}): {text}", **fields)
    return Rejected(f"Exchange rejected {cmdlet}: {text}", **fields)


def transport_error(
    exc: httpx.TransportError, *, api: str, operation: str, resent: bool = False
) -> TenantError:
    """A request that got no response: unreachable host, dropped connection or timeout. `resent`: an earlier
    try was sent and may have been carried out (so a host unreachable now does not say nothing landed)."""
    name = "Graph" if api == "graph" else "Exchange" if api == "exchange" else api
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return TenantUnreachable(
            f"Could not reach {name} for {operation} ({type(exc).__name__}). Check the network, proxy "
            "and the connection's cloud endpoints.",
            operation=operation,
            resent=resent,
        )
    return Transient(
        f"{name} did not answer {operation} ({type(exc).__name__}); try again.", operation=operation
    )


def _operation(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:
        return "the request"
    path = request.url.path
    marker = "/v1.0"
    if marker in path:
        path = path.split(marker, 1)[1] or "/"
    return f"{request.method} {path}"


_ROLE_ASSIGNABLE = (
    "Graph refused {operation} ({text}). Either the group is role-assignable (it can hold Microsoft Entra "
    "roles, and its members hold them): Graph changes its members only for an app that also holds "
    "RoleManagement.ReadWrite.Directory, which mailwarden does not ask for, so a Privileged Role "
    "Administrator changes them in the Microsoft Entra admin center; or the app lacks the Microsoft Graph "
    "application permission GroupMember.ReadWrite.All: add it, grant admin consent, {check}."
)
"""learn.microsoft.com/graph/api/group-post-members and group-delete-members: "To add members to a
role-assignable group, the app must also be assigned the RoleManagement.ReadWrite.Directory permission"."""


def _changes_group_members(operation: str) -> bool:
    """Whether `operation` ("METHOD /path") adds or removes a group's members (or owners): POST or DELETE
    of a members/owners reference, or a PATCH of the group (members@odata.bind)."""
    method, _, path = operation.partition(" ")
    path = path.lower().split("?")[0]
    if not path.startswith("/groups/"):
        return False
    if method.upper() == "PATCH":
        return path.count("/") == 2
    return method.upper() in ("POST", "DELETE") and ("/members/" in path or "/owners/" in path)


def _graph_permission(operation: str) -> str:
    path = operation.lower()
    for fragment, permission in _GRAPH_PERMISSIONS:
        if fragment in path:
            return permission
    return "this call needs"


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content.strip(b"\x00 \r\n\t") or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _error_object(body: dict[str, Any]) -> dict[str, Any]:
    error = body.get("error")
    return error if isinstance(error, dict) else {}


def _text(response: httpx.Response) -> str:
    try:
        text = response.content.decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - a body we cannot read has no words to report
        return ""
    return text.replace("\x00", "").strip()[:500]


def _exchange_failure(body: dict[str, Any]) -> tuple[str | None, str]:
    """Exchange's exception type and own sentence.

    The sentence is the inner exception's message, else the first detail's, else the top message; the
    type comes from the detail's `<id>|<type>|` prefix, else from the inner exception.
    """
    errors = body.get("@adminapi.errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, dict):
            return _split_prefixed(str(first.get("message") or first.get("Message") or json.dumps(first)))
        return _split_prefixed(str(first))
    error = _error_object(body)
    exc_type: str | None = None
    text = ""
    details = error.get("details")
    if isinstance(details, list) and details and isinstance(details[0], dict) and details[0].get("message"):
        exc_type, text = _split_prefixed(_unwrap_json_message(str(details[0]["message"])))
    inner = error.get("innererror")
    internal = inner.get("internalexception") if isinstance(inner, dict) else None
    if isinstance(internal, dict):
        if internal.get("message"):
            inner_type, text = _split_prefixed(str(internal["message"]))
            exc_type = exc_type or inner_type
        if internal.get("type"):
            exc_type = exc_type or str(internal["type"])
    return exc_type, text or str(error.get("message") or "")


def _unwrap_json_message(message: str) -> str:
    # Some tenants send the detail as JSON: {"Message": "...", "TypeName": "...", ...}.
    if not message.lstrip().startswith("{"):
        return message
    try:
        parsed = json.loads(message)
    except ValueError:
        return message
    if not isinstance(parsed, dict) or "Message" not in parsed:
        return message
    text = str(parsed["Message"])
    # go-exoscc saw `TypeName`; the ExchangeOnlineManagement module reads `ClassName`: accept either.
    type_name = parsed.get("TypeName") or parsed.get("ClassName")
    if type_name and "|" not in text:
        return f"0|{type_name}|{text}"
    return text


def _split_prefixed(raw: str) -> tuple[str | None, str]:
    match = _PREFIXED.match(raw)
    if match is None:
        return None, raw.strip()
    return match.group(2), match.group(3).strip()
