"""`GraphClient`: Microsoft Graph v1.0 for the directory side of a tenant.

Users, groups and their members and owners, contacts, domains, the organization, the app's own service
principal and roles, and calendar permissions. Reads page through `@odata.nextLink`; many small calls go
through JSON `$batch` (20 per batch, throttled sub-requests retried after their own Retry-After).

Graph changes membership only of Microsoft 365 groups (and security groups); distribution lists and
mail-enabled security groups are read-only here and change through the Exchange client.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import httpx

from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.guard import check_allowed
from mailwarden.connectors.limits import ThrottleGate
from mailwarden.connectors.models import GroupMember
from mailwarden.connectors.on_wire import OnSending, hear_on_wire, heard, told, told_tries
from mailwarden.connectors.retry import RETRYABLE_STATUSES, RetryPolicy, next_delay, resent, send_with_retry
from mailwarden.connectors.slots import continuing_listing
from mailwarden.connectors.together import all_of
from mailwarden.connectors.wire_errors import graph_error
from mailwarden.errors import NotFound, TenantError

__all__ = [
    "GROUP_SELECT",
    "USER_SELECT",
    "DeltaRound",
    "DeltaTokenRefused",
    "GraphBatchRequest",
    "GraphBatchResult",
    "GraphClient",
]

JsonObject = dict[str, Any]

USER_SELECT = (
    "id",
    "displayName",
    "userPrincipalName",
    "mail",
    "proxyAddresses",
    "department",
    "jobTitle",
    "accountEnabled",
    "userType",
    "givenName",
    "surname",
)
GROUP_SELECT = (
    "id",
    "displayName",
    "groupTypes",
    "mailEnabled",
    "securityEnabled",
    "mail",
    "mailNickname",
    "proxyAddresses",
    "description",
    "isAssignableToRole",
)
MEMBER_SELECT = ("id", "displayName", "userPrincipalName", "mail")
CONTACT_SELECT = ("id", "displayName", "mail", "proxyAddresses")
BATCH_SIZE = 20  # Graph's limit per JSON batch
# The fields of Graph calendar permissions a caller may set on creation.
CALENDAR_ROLES = (
    "none",
    "freeBusyRead",
    "limitedRead",
    "read",
    "write",
    "delegateWithoutPrivateEventAccess",
    "delegateWithPrivateEventAccess",
    "custom",
)


@dataclass(frozen=True)
class GraphBatchRequest:
    """One sub-request of a JSON batch; `url` is relative to the version root (`/users/{id}`)."""

    method: str
    url: str
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphBatchResult:
    """The answer to one sub-request: its status and body, and the mapped error when it failed."""

    request: GraphBatchRequest
    status: int
    body: Any
    error: TenantError | None = None
    resent: bool = False
    """The answer came to a resend after an earlier try's answer was lost (that try may have been carried
    out): an "already so" in it may be that try's own doing (`error.resent` says so too)."""

    def value(self) -> Any:
        """The body, or the sub-request's error raised."""
        if self.error is not None:
            raise self.error
        return self.body


@dataclass(frozen=True)
class DeltaRound:
    """One delta round: the objects that changed (all of them on a first round), and where to start next."""

    items: list[JsonObject]
    delta_link: str
    requests: int


class DeltaTokenRefused(TenantError):
    """Graph no longer knows the state a delta token names (expired, reset, malformed): resynchronise."""


# Graph's answers to a state token it cannot honour: 410 Gone with one of these codes (or a 400 naming an
# expired token, which directory objects use for a stale $skiptoken).
_TOKEN_CODES = frozenset(
    {"syncStateNotFound", "resyncRequired", "syncStateInvalid", "Directory_ExpiredPageToken"}
)


def _values(body: JsonObject) -> list[JsonObject]:
    return [dict(item) for item in body.get("value", [])]


def _quote(segment: str) -> str:
    return quote(segment, safe="@")


class GraphClient:
    """Microsoft Graph v1.0 for one tenant, over a shared `httpx.AsyncClient`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoints: CloudEndpoints,
        semaphore: asyncio.Semaphore | None = None,
        *,
        auth: httpx.Auth | None = None,
        policy: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        check_allowed(endpoints)
        self._http = http
        hear_on_wire(http)
        self.endpoints = endpoints
        self._semaphore = semaphore or asyncio.Semaphore(4)
        self._auth = auth
        self._policy = policy or RetryPolicy()
        self._timeout = timeout
        self._gate = ThrottleGate()
        self._base = endpoints.graph_url.rstrip("/")

    # ---- the core ------------------------------------------------------------------------------
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        before_send: Callable[[bool], None] | None = None,
    ) -> httpx.Response:
        """Send one request (retrying throttling and faults); a failure raises the mapped `TenantError`.
        `before_send` is called right before each try goes on the wire (after its token and the tenant's
        budget: connectors/on_wire.py), told whether it is a resend of one that may have been carried out
        (`Heard`), as is the write hook of `hearing_writes` for a write (not a `$batch`: its caller hears
        its positions)."""
        url = self._url(path)
        told_of = heard(before_send, write=method.upper() != "GET" and path != "/$batch")
        operation = f"{method} {urlsplit(url).path.removeprefix(urlsplit(self._base).path) or '/'}"
        query = {
            k: (",".join(v) if isinstance(v, list | tuple) else v)
            for k, v in (params or {}).items()
            if v is not None
        }

        async def send() -> httpx.Response:
            return await self._http.request(
                method,
                url,
                params=query or None,
                json=json,
                content=content,
                headers=headers,
                auth=self._auth if self._auth is not None else httpx.USE_CLIENT_DEFAULT,
                timeout=self._timeout if self._timeout is not None else httpx.USE_CLIENT_DEFAULT,
                extensions=told(told_of),
            )

        response = await send_with_retry(
            send,
            api="graph",
            operation=operation,
            policy=self._policy,
            gate=self._gate,
            semaphore=self._semaphore,
            heard=told_of,
        )
        if response.is_success:
            return response
        raise graph_error(response, operation=operation)

    async def get_json(
        self, path: str, params: Mapping[str, Any] | None = None, *, headers: Mapping[str, str] | None = None
    ) -> JsonObject:
        response = await self.request("GET", path, params=params, headers=headers)
        body = response.json()
        return body if isinstance(body, dict) else {"value": body}

    async def iter_pages(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = 999,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[list[JsonObject]]:
        """Yield each page's `value`, following `@odata.nextLink` (which carries the query itself).

        `path` may itself be a nextLink (from a `$batch` answer): it is then sent exactly as Graph gave it,
        since any `params` would make httpx replace its whole query, `$skiptoken` included, and page one
        would be read again.
        """
        is_link = "?" in path
        if is_link and params:
            raise ValueError("a nextLink carries its own query; pass no params with it")
        # `page_size=None` for endpoints that refuse $top (role assignments): Graph pages them itself.
        top = {} if page_size is None else {"$top": page_size}
        query: dict[str, Any] | None = None if is_link else {**top, **(params or {})}
        next_path: str | None = path
        first = True
        while next_path is not None:
            if first:
                body = await self.get_json(next_path, query, headers=headers)
            else:
                with continuing_listing():  # the listing waits for this page: it goes first
                    body = await self.get_json(next_path, None, headers=headers)
            first = False
            yield list(body.get("value", []))
            next_path = body.get("@odata.nextLink")

    async def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = 999,
        headers: Mapping[str, str] | None = None,
    ) -> list[JsonObject]:
        items: list[JsonObject] = []
        async for page in self.iter_pages(path, params, page_size=page_size, headers=headers):
            items.extend(page)
        return items

    async def count(self, path: str, filter: str | None = None) -> int:
        """How many objects `path` holds (matching `filter`): an advanced query, so ConsistencyLevel."""
        params: dict[str, Any] = {"$count": "true", "$top": 1, "$select": "id"}
        if filter:
            params["$filter"] = filter
        body = await self.get_json(path, params, headers={"ConsistencyLevel": "eventual"})
        return int(body["@odata.count"])

    async def batch(
        self,
        requests: Sequence[GraphBatchRequest],
        *,
        on_sending: OnSending | None = None,
    ) -> list[GraphBatchResult]:
        """Run `requests` through JSON `$batch`, 20 at a time; results come back in request order.

        Each sub-request is throttled on its own: a 429 (or 503/504) inside the batch is sent again in a
        later batch after its Retry-After. Other failures are mapped to errors on the result, not raised.
        `on_sending` hears the positions of the requests a `$batch` carries right before each try of it goes
        on the wire (after the waits for its token, the tenant's budget and a slot), those an earlier try of
        which may have been carried out told apart (`on_wire.told_tries`).
        """
        results: dict[int, GraphBatchResult] = {}
        pending = list(range(len(requests)))
        maybe_done: set[int] = set()  # an earlier try of these may have been carried out (see `resent`)
        attempt = 0
        while pending:
            attempt += 1
            retry: list[int] = []
            wait = 0.0
            chunks = [pending[start : start + BATCH_SIZE] for start in range(0, len(pending), BATCH_SIZE)]

            async def send(chunk: list[int]) -> tuple[Any, bool]:
                payload = {"requests": [self._batch_entry(i, requests[i]) for i in chunk]}
                response = await self.request(
                    "POST",
                    "/$batch",
                    json=payload,
                    before_send=(
                        (lambda resend: told_tries(on_sending, chunk, maybe_done, resend))
                        if on_sending
                        else None
                    ),
                )
                return response.json(), resent(response)

            # Every chunk at once: the tenant's semaphore keeps what is in flight within its limit.
            for chunk, (answer, again) in zip(chunks, await all_of(*map(send, chunks)), strict=True):
                answered = {int(r["id"]): r for r in answer.get("responses", [])}
                if again:  # the whole $batch was sent again after its answer was lost
                    maybe_done.update(chunk)
                for i in chunk:
                    sub = answered.get(i, {"status": 502, "body": {"error": {"message": "no response"}}})
                    status = int(sub.get("status", 502))
                    headers = {str(k): str(v) for k, v in (sub.get("headers") or {}).items()}
                    if status in RETRYABLE_STATUSES:
                        delay = next_delay(status, headers, attempt, self._policy)
                        if delay is not None:
                            retry.append(i)
                            wait = max(wait, delay)
                            if status >= 500:  # a 5xx may come after the request was carried out
                                maybe_done.add(i)
                            continue
                    results[i] = self._batch_result(
                        requests[i], status, headers, sub.get("body"), again=i in maybe_done
                    )
            pending = retry
            if pending:
                self._gate.hold(wait)
                await self._gate.wait()
        return [results[i] for i in range(len(requests))]

    def _batch_entry(self, index: int, request: GraphBatchRequest) -> JsonObject:
        entry: JsonObject = {"id": str(index), "method": request.method.upper(), "url": request.url}
        headers = dict(request.headers)
        if request.body is not None:
            entry["body"] = request.body
            headers.setdefault("Content-Type", "application/json")
        if headers:
            entry["headers"] = headers
        return entry

    def _batch_result(
        self, request: GraphBatchRequest, status: int, headers: dict[str, str], body: Any, *, again: bool
    ) -> GraphBatchResult:
        error = None
        if status >= 400:
            wire = httpx.Response(status, headers=headers, json=body if body is not None else {})
            error = graph_error(wire, operation=f"{request.method.upper()} {request.url}")
            error.resent = again
        return GraphBatchResult(request=request, status=status, body=body, error=error, resent=again)

    def _relative(self, link: str) -> str:
        """A link of Graph's as a path below the version root: a stored deltaLink must keep working when the
        same Graph is reached under another address (the emulator's port changes with every command)."""
        self._url(link)  # refuses a link to another host
        return link.removeprefix(self._base) if link.startswith(self._base + "/") else link

    def _url(self, path: str) -> str:
        if path.startswith(("https://", "http://")):
            # A nextLink must stay on Graph's origin: the bearer token goes wherever we send.
            if urlsplit(path)[:2] != urlsplit(self._base)[:2]:
                raise TenantError(
                    f"Graph sent a link to another host ({urlsplit(path).netloc!r}); not following it.",
                    operation="GET",
                )
            return path
        return f"{self._base}/{path.lstrip('/')}"

    # ---- users ---------------------------------------------------------------------------------
    async def users(
        self,
        *,
        filter: str | None = None,
        select: Sequence[str] = USER_SELECT,
    ) -> list[JsonObject]:
        """Every user (including shared and room mailboxes' accounts and guests)."""
        return await self.list_all("/users", {"$select": list(select), "$filter": filter})

    async def user(self, id_or_upn: str, *, select: Sequence[str] = USER_SELECT) -> JsonObject:
        return await self.get_json(f"/users/{_quote(id_or_upn)}", {"$select": list(select)})

    async def manager(self, id_or_upn: str) -> JsonObject | None:
        """The user's manager, or None when none is set."""
        try:
            return await self.get_json(
                f"/users/{_quote(id_or_upn)}/manager", {"$select": list(MEMBER_SELECT)}
            )
        except NotFound:
            return None

    # ---- groups --------------------------------------------------------------------------------
    async def groups(
        self,
        *,
        filter: str | None = None,
        select: Sequence[str] = GROUP_SELECT,
    ) -> list[JsonObject]:
        return await self.list_all("/groups", {"$select": list(select), "$filter": filter})

    async def group(self, group_id: str, *, select: Sequence[str] = GROUP_SELECT) -> JsonObject:
        return await self.get_json(f"/groups/{_quote(group_id)}", {"$select": list(select)})

    async def group_members(self, group_id: str) -> list[GroupMember]:
        """Direct members (users, groups, contacts: `kind` carries Graph's `@odata.type`)."""
        select = [*MEMBER_SELECT, "userType"]
        members = await self.list_all(f"/groups/{_quote(group_id)}/members", {"$select": select})
        return [GroupMember.from_graph(m) for m in members]

    async def group_owners(self, group_id: str) -> list[JsonObject]:
        return await self.list_all(f"/groups/{_quote(group_id)}/owners", {"$select": list(MEMBER_SELECT)})

    async def relation_ids(
        self,
        group_ids: Sequence[str],
        relation: Literal["members", "owners"],
        *,
        parallel: int = 4,
        progress: Callable[[int], None] | None = None,
    ) -> list[list[str]]:
        """For each group, the ids of its direct members (or owners), in order.

        One `$batch` sub-request per group (20 to a batch, `parallel` batches in flight), and a list longer
        than a page followed through its own nextLink, sent as Graph gave it (`list_all` on a link).
        `progress(n)` is told each time `n` more groups are read.
        """
        requests = [
            GraphBatchRequest("GET", f"/groups/{_quote(g)}/{relation}?$select=id&$top=999") for g in group_ids
        ]
        results: list[list[str]] = [[] for _ in requests]
        gate = asyncio.Semaphore(parallel)

        async def run(start: int) -> None:
            chunk = requests[start : start + BATCH_SIZE]
            async with gate:
                answers = await self.batch(chunk)
            for offset, answer in enumerate(answers):
                body = answer.value()
                ids = [str(item["id"]) for item in body.get("value", [])]
                if body.get("@odata.nextLink"):
                    ids += [str(item["id"]) for item in await self.list_all(body["@odata.nextLink"])]
                results[start + offset] = ids
            if progress:
                progress(len(chunk))

        await asyncio.gather(*(run(start) for start in range(0, len(requests), BATCH_SIZE)))
        return results

    @property
    def base_url(self) -> str:
        """The version root (`https://graph.microsoft.com/v1.0`): `@odata.id` and `@odata.bind` name objects
        by absolute URLs below it."""
        return self._base

    async def add_group_member(self, group_id: str, member_id: str) -> None:
        """Add a member to a Microsoft 365 or security group (Graph refuses distribution lists)."""
        ref = {"@odata.id": f"{self._base}/directoryObjects/{member_id}"}
        await self.request("POST", f"/groups/{_quote(group_id)}/members/$ref", json=ref)

    async def remove_group_member(self, group_id: str, member_id: str) -> None:
        await self.request("DELETE", f"/groups/{_quote(group_id)}/members/{_quote(member_id)}/$ref")

    # ---- change tracking -----------------------------------------------------------------------
    async def delta(
        self,
        resource: str,
        *,
        delta_link: str | None = None,
        select: Sequence[str] = (),
        expand: str | None = None,
        latest: bool = False,
    ) -> DeltaRound:
        """Run one delta round of `resource` ("users" or "groups") to its `@odata.deltaLink` (returned
        relative to the Graph root, e.g. `/users/delta?$deltatoken=...`).

        Without `delta_link` the round starts afresh with `select` / `expand` (which the links then carry);
        with `latest` it returns no objects, only a deltaLink from now. A token Graph refuses raises
        `DeltaTokenRefused`: the caller must start over without one.
        """
        path = delta_link or f"/{resource}/delta"
        params: dict[str, Any] | None = None
        if delta_link is None:
            params = {"$select": list(select) or None, "$expand": expand}
            if latest:
                params["$deltatoken"] = "latest"
        items: list[JsonObject] = []
        requests = 0
        while True:
            try:
                body = await self.get_json(path, params)
            except TenantError as exc:
                if exc.status == 410 or exc.code in _TOKEN_CODES:
                    raise DeltaTokenRefused(
                        f"Graph refused the {resource} delta token ({exc.code or exc.status}); "
                        "a full synchronization is needed.",
                        status=exc.status,
                        code=exc.code,
                        operation=exc.operation,
                        request_id=exc.request_id,
                    ) from exc
                raise
            requests += 1
            params = None
            items.extend(dict(item) for item in body.get("value", []))
            if body.get("@odata.deltaLink"):
                return DeltaRound(items, self._relative(str(body["@odata.deltaLink"])), requests)
            next_link = body.get("@odata.nextLink")
            if not next_link:
                raise TenantError(
                    f"Graph ended a {resource} delta page with neither a nextLink nor a deltaLink.",
                    operation=f"GET /{resource}/delta",
                )
            path = str(next_link)

    # ---- other directory objects ---------------------------------------------------------------
    async def contacts(self) -> list[JsonObject]:
        return await self.list_all("/contacts", {"$select": list(CONTACT_SELECT)})

    async def domains(self) -> list[JsonObject]:
        return _values(await self.get_json("/domains"))

    async def organization(self) -> JsonObject:
        orgs = (await self.get_json("/organization")).get("value", [])
        if not orgs:
            raise NotFound("Graph returned no organization for this tenant.", operation="GET /organization")
        return dict(orgs[0])

    async def service_principal(self, app_id: str) -> JsonObject | None:
        """The service principal of the app `app_id` in this tenant, or None."""
        found = await self.list_all("/servicePrincipals", {"$filter": f"appId eq '{app_id}'"})
        return found[0] if found else None

    async def app_role_assignments(self, sp_id: str) -> list[JsonObject]:
        """The app roles (application permissions) granted to the service principal `sp_id`."""
        return await self.list_all(f"/servicePrincipals/{_quote(sp_id)}/appRoleAssignments")

    async def directory_role_assignments(self, principal_id: str) -> list[JsonObject]:
        """The directory roles (`roleDefinitionId` = template id) assigned to a principal."""
        return await self.list_all(
            "/roleManagement/directory/roleAssignments",
            {"$filter": f"principalId eq '{principal_id}'"},
            page_size=None,
        )

    async def role_holders(self, role_template_ids: Sequence[str]) -> tuple[list[JsonObject], int]:
        """The assignments of the directory roles `role_template_ids`, each with its `principalId` and
        `roleDefinitionId`, in one query; and the pages it took.

        The endpoint documents `eq` and `in` filters (not `or`) and no `$top`: one `in` query reads every
        role at once, where a query per role cost a request per role.
        """
        quoted = ",".join("'" + t.replace("'", "''") + "'" for t in role_template_ids)
        items: list[JsonObject] = []
        pages = 0
        async for page in self.iter_pages(
            "/roleManagement/directory/roleAssignments",
            {"$filter": f"roleDefinitionId in ({quoted})"},
            page_size=None,
        ):
            items.extend(page)
            pages += 1
        return items, pages

    # ---- calendar permissions ------------------------------------------------------------------
    async def calendar_permissions(self, user: str) -> list[JsonObject]:
        """Every entry of `user`'s calendar, following `@odata.nextLink` (the endpoint documents no `$top`,
        so Graph chooses the page size)."""
        return await self.list_all(f"/users/{_quote(user)}/calendar/calendarPermissions", page_size=None)

    async def add_calendar_permission(
        self, user: str, address: str, role: str, *, name: str | None = None, inside_organization: bool = True
    ) -> JsonObject:
        body = {
            "emailAddress": {"address": address, "name": name or address},
            "isInsideOrganization": inside_organization,
            "isRemovable": True,
            "role": role,
        }
        response = await self.request(
            "POST", f"/users/{_quote(user)}/calendar/calendarPermissions", json=body
        )
        return dict(response.json())

    async def update_calendar_permission(self, user: str, permission_id: str, role: str) -> JsonObject:
        response = await self.request(
            "PATCH",
            f"/users/{_quote(user)}/calendar/calendarPermissions/{_quote(permission_id)}",
            json={"role": role},
        )
        with contextlib.suppress(ValueError):
            return dict(response.json())
        return {"id": permission_id, "role": role}

    async def delete_calendar_permission(self, user: str, permission_id: str) -> None:
        await self.request(
            "DELETE", f"/users/{_quote(user)}/calendar/calendarPermissions/{_quote(permission_id)}"
        )

    # ---- addresses -----------------------------------------------------------------------------
    async def find_by_proxy_address(self, address: str) -> list[JsonObject]:
        """Users and groups holding `address` as any proxy address (primary or secondary)."""
        value = address.strip().lower().removeprefix("smtp:").replace("'", "''")
        query = {"$filter": f"proxyAddresses/any(x:x eq 'smtp:{value}')", "$count": "true"}
        headers = {"ConsistencyLevel": "eventual"}
        users, groups = await asyncio.gather(
            self.list_all("/users", {**query, "$select": list(USER_SELECT)}, headers=headers),
            self.list_all("/groups", {**query, "$select": list(GROUP_SELECT)}, headers=headers),
        )
        return [*users, *groups]

    # ---- mail ----------------------------------------------------------------------------------
    async def send_mail(
        self,
        sender: str,
        *,
        subject: str,
        text: str,
        html: str | None = None,
        to: Sequence[str],
        save_to_sent_items: bool = True,
    ) -> None:
        """Send one message from `sender`'s mailbox (Mail.Send): 202, nothing returned.

        With an HTML body and a copy kept in Sent Items, the message goes as MIME (multipart/alternative:
        the plain text and the HTML), Graph's documented way to send both; but a MIME message is always
        kept in Sent Items, which the sender's delegates read. Without a copy it goes as JSON, which
        carries one body: the HTML one when there is one.
        """
        if html is not None and save_to_sent_items:
            mime = EmailMessage()
            mime["Subject"] = subject
            mime["To"] = ", ".join(to)
            mime.set_content(text)
            mime.add_alternative(html, subtype="html")
            await self.request(
                "POST",
                f"/users/{_quote(sender)}/sendMail",
                content=base64.b64encode(mime.as_bytes()),
                headers={"Content-Type": "text/plain"},
            )
            return
        body = (
            {"contentType": "html", "content": html}
            if html is not None
            else {"contentType": "text", "content": text}
        )
        message = {
            "subject": subject,
            "body": body,
            "toRecipients": [{"emailAddress": {"address": address}} for address in to],
        }
        payload = {"message": message, "saveToSentItems": save_to_sent_items}
        await self.request("POST", f"/users/{_quote(sender)}/sendMail", json=payload)

    async def send_activity_notification(
        self,
        user: str,
        *,
        topic: str,
        web_url: str,
        text: str,
        preview: str,
        teams_app_id: str | None = None,
    ) -> None:
        """A notification in `user`'s Teams activity feed (TeamsActivity.Send; the Teams app installed for
        them): the `systemDefault` activity type, free text, and a Teams deep link as its topic. 204."""
        payload: dict[str, Any] = {
            "topic": {"source": "text", "value": topic, "webUrl": web_url},
            "activityType": "systemDefault",
            "previewText": {"content": preview},
            "templateParameters": [{"name": "systemDefaultText", "value": text}],
        }
        if teams_app_id:
            payload["teamsAppId"] = teams_app_id
        await self.request("POST", f"/users/{_quote(user)}/teamwork/sendActivityNotification", json=payload)

    async def messages(
        self, user: str, *, folder: str | None = None, top: int = 50, select: Sequence[str] | None = None
    ) -> list[JsonObject]:
        """A mailbox's `top` newest messages (Mail.Read; Mail.ReadBasic.All leaves the bodies out): one page,
        not every page of the mailbox (Outlook pages messages by `$top`, and a mailbox holds thousands)."""
        path = f"/users/{_quote(user)}" + (f"/mailFolders/{_quote(folder)}" if folder else "") + "/messages"
        params: dict[str, Any] = {"$orderby": "receivedDateTime desc", "$top": top}
        if select:
            params["$select"] = list(select)
        return _values(await self.get_json(path, params))
