"""Ring 0: Graph and Exchange error bodies, as the services send them, mapped to mailwarden's errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mailwarden.connectors.wire_errors import exchange_error, graph_error, transport_error
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

GRAPH_USERS = httpx.Request("GET", "https://127.0.0.1:1/v1.0/users")


def _exo_body(code: str, detail: str) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": "Error executing cmdlet",
            "details": [{"code": "Context", "target": "", "message": detail}],
            "innererror": {
                "message": "Error executing cmdlet",
                "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
            },
        }
    }


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    body: Any
    error: type[TenantError]
    words: tuple[str, ...] = ()
    code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


EXCHANGE_CASES = [
    Case(
        "missing object is NotFound",
        404,
        _exo_body(
            "NotFound",
            "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation "
            "couldn't be performed because object 'x@acme.com' couldn't be found on 'SYYP282A05DC002'.",
        ),
        NotFound,
        ("object 'x@acme.com' couldn't be found",),
        "ManagementObjectNotFoundException",
    ),
    Case(
        "duplicate member is AlreadyExists",
        400,
        _exo_body(
            "BadRequest",
            "Ex0A1B2C|Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException|The recipient "
            '"john@acme.com" is already a member of the group "all-sales".',
        ),
        AlreadyExists,
        ("already a member",),
        "MemberAlreadyExistsException",
    ),
    Case(
        "duplicate folder permission is AlreadyExists",
        400,
        _exo_body(
            "BadRequest",
            "Ex1|Microsoft.Exchange.Management.StoreTasks.UserAlreadyExistsInPermissionEntryException|An "
            "existing permission entry was found for user: Sarah Connor.",
        ),
        AlreadyExists,
        ("existing permission entry",),
        "UserAlreadyExistsInPermissionEntryException",
    ),
    Case(
        "JSON detail with a type is read",
        400,
        _exo_body(
            "BadRequest",
            json.dumps(
                {
                    "Message": "The object 'sales' already exists.",
                    "TypeName": "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException",
                    "StackTrace": None,
                }
            ),
        ),
        AlreadyExists,
        ("The object 'sales' already exists.",),
        "ADObjectAlreadyExistsException",
    ),
    Case(
        "an address used by someone else is Rejected with Exchange's words",
        400,
        _exo_body(
            "BadRequest",
            "Ex9|Microsoft.Exchange.Data.Directory.ProxyAddressExistsException|The proxy address "
            '"SMTP:info@acme.com" is already being used by the proxy addresses or LegacyExchangeDN of '
            '"Info". Please choose another proxy address.',
        ),
        Rejected,
        ("already being used", "Info"),
        "ProxyAddressExistsException",
    ),
    Case(
        "an unknown parameter is Rejected",
        400,
        _exo_body(
            "BadRequest",
            "Ex2|System.Management.Automation.ParameterBindingException|A parameter cannot be found that "
            "matches parameter name 'Colour'.",
        ),
        Rejected,
        ("parameter name 'Colour'",),
        "ParameterBindingException",
    ),
    Case(
        "401 means the app lacks Exchange.ManageAsApp",
        401,
        b"",
        ConsentMissing,
        ("Exchange.ManageAsApp", "admin consent"),
    ),
    Case(
        "403 with NUL bytes means the app lacks a role",
        403,
        b"\x00\x00\x00\x00",
        RoleMissing,
        ("Exchange Administrator role",),
    ),
    Case(
        "403 naming the cmdlet keeps Exchange's words",
        403,
        {"error": {"code": "Forbidden", "message": "User is not allowed to call Get-RoleGroup"}},
        RoleMissing,
        ("not allowed to call Get-RoleGroup", "Exchange Administrator"),
    ),
    Case(
        "429 is Throttled with its Retry-After",
        429,
        _exo_body("TooManyRequests", "throttled"),
        Throttled,
        (),
        None,
        {"Retry-After": "9"},
    ),
    Case("503 is Transient", 503, b"Service Unavailable", Transient, ("Service Unavailable",)),
    Case(
        "a non-terminating error inside a 200 is a failure",
        200,
        {
            "value": [],
            "@adminapi.errors": [
                {
                    "message": "Ex3|Microsoft.Exchange.Management.Tasks.MemberNotFoundException|"
                    "Couldn't find object "
                    '"ghost@acme.com".'
                }
            ],
        },
        NotFound,
        ("ghost@acme.com",),
        "MemberNotFoundException",
    ),
]

GRAPH_CASES = [
    Case(
        "Graph 404 is NotFound",
        404,
        {
            "error": {
                "code": "Request_ResourceNotFound",
                "message": "Resource 'nobody' does not exist or one of its queried "
                "reference-property objects are not "
                "present.",
            }
        },
        NotFound,
        ("does not exist",),
        "Request_ResourceNotFound",
    ),
    Case(
        "Graph 403 names the permission",
        403,
        {
            "error": {
                "code": "Authorization_RequestDenied",
                "message": "Insufficient privileges to complete the operation.",
            }
        },
        ConsentMissing,
        ("User.Read.All", "admin consent"),
        "Authorization_RequestDenied",
    ),
    Case(
        "Graph duplicate member is AlreadyExists",
        400,
        {
            "error": {
                "code": "Request_BadRequest",
                "message": "One or more added object references already exist for the following modified "
                "properties: 'members'.",
            }
        },
        AlreadyExists,
        ("already exist",),
    ),
    Case(
        "Graph address collision is Rejected",
        400,
        {
            "error": {
                "code": "Request_BadRequest",
                "message": "Another object with the same value for property proxyAddresses already exists.",
            }
        },
        Rejected,
        ("proxyAddresses",),
    ),
    Case(
        "Graph refusing a distribution list is Rejected",
        400,
        {
            "error": {
                "code": "Request_BadRequest",
                "message": "Cannot Update a mail-enabled security groups and or distribution list.",
            }
        },
        Rejected,
        ("distribution list",),
    ),
    Case(
        "Graph 401 after a refresh is NotAuthorized",
        401,
        {
            "error": {
                "code": "InvalidAuthenticationToken",
                "message": "Access token validation failure. Invalid audience.",
            }
        },
        NotAuthorized,
        ("Invalid audience", "tenant id"),
    ),
    Case(
        "Graph 429 is Throttled",
        429,
        {"error": {"code": "TooManyRequests", "message": "Too many"}},
        Throttled,
        (),
        None,
        {"Retry-After": "3"},
    ),
    Case("Graph 504 with an empty body is Transient", 504, b"", Transient, ("Gateway Timeout",)),
]


def _response(case: Case, request: httpx.Request | None = None) -> httpx.Response:
    content = case.body if isinstance(case.body, bytes) else json.dumps(case.body).encode()
    return httpx.Response(
        case.status, headers={"request-id": "rid-1", **case.headers}, content=content, request=request
    )


@pytest.mark.parametrize("case", EXCHANGE_CASES, ids=[c.name for c in EXCHANGE_CASES])
def test_exchange_errors_are_mapped(case: Case) -> None:
    """Each Exchange failure becomes the error a caller acts on, in Exchange's own words, prefix removed."""
    error = exchange_error(_response(case), "Add-DistributionGroupMember")
    assert type(error) is case.error
    for words in case.words:
        assert words in str(error)
    assert "|" not in str(error)
    assert error.operation == "Add-DistributionGroupMember"
    assert error.status == case.status
    assert error.request_id == "rid-1"
    if case.code:
        assert error.code == case.code


@pytest.mark.parametrize("case", GRAPH_CASES, ids=[c.name for c in GRAPH_CASES])
def test_graph_errors_are_mapped(case: Case) -> None:
    """Each Graph failure becomes the error a caller acts on, with Graph's message."""
    error = graph_error(_response(case, GRAPH_USERS))
    assert type(error) is case.error
    for words in case.words:
        assert words in str(error)
    assert error.operation == "GET /users"
    if case.code:
        assert error.code == case.code


def test_throttled_carries_the_retry_after() -> None:
    """A Throttled error says how long the service asked to wait."""
    throttled = next(c for c in EXCHANGE_CASES if c.status == 429)
    error = exchange_error(_response(throttled), "Get-Mailbox")
    assert isinstance(error, Throttled)
    assert error.retry_after == 9.0


def test_an_unreachable_host_is_told_apart_from_a_dropped_connection() -> None:
    """Refused connections mean unreachable; a connection lost mid-request is worth another try."""
    unreachable = transport_error(httpx.ConnectError("refused"), api="graph", operation="GET /users")
    dropped = transport_error(httpx.RemoteProtocolError("closed"), api="exchange", operation="Get-Mailbox")
    assert isinstance(unreachable, TenantUnreachable)
    assert isinstance(dropped, Transient)
    assert "Get-Mailbox" in str(dropped)
