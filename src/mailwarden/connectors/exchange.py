"""`ExchangeClient`: the Exchange Online admin API (`InvokeCommand`), the cmdlets mailwarden runs.

Every call is one cmdlet: `POST {exchange_url}/{tenant}/InvokeCommand` with
`{"CmdletInput": {"CmdletName": ..., "Parameters": {...}}}`. Results come in `value`, paged by
`@odata.nextLink` (followed by re-POSTing the same body, as the ExchangeOnlineManagement module does);
warnings in `@adminapi.warnings` are logged and returned. Several cmdlets go through `$batch`, 10 at a
time. The front door may redirect to a regional host; the client follows and stays there.

Parameter encoding: strings and string arrays as JSON, switches as booleans, null clears, and
multi-valued add/remove edits as `#Exchange.GenericHashTable` objects (`hashtable(add=..., remove=...)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from mailwarden.connectors.budget import charged_to
from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.guard import check_allowed
from mailwarden.connectors.limits import ThrottleGate
from mailwarden.connectors.models import FolderPermission, GroupMember, MailboxPermission, RecipientPermission
from mailwarden.connectors.on_wire import OnSending, hear_on_wire, heard, told, told_tries
from mailwarden.connectors.retry import RETRYABLE_STATUSES, RetryPolicy, next_delay, resent, send_with_retry
from mailwarden.connectors.shared_reads import shared_batch, shared_read
from mailwarden.connectors.slots import continuing_listing
from mailwarden.connectors.together import all_of
from mailwarden.connectors.wire_errors import exchange_error
from mailwarden.errors import NotFound, TenantError, Transient
from mailwarden.logs import get_logger

__all__ = ["Cmdlet", "CmdletOutcome", "CmdletResult", "ExchangeClient", "folder_identity", "hashtable"]

JsonObject = dict[str, Any]

# The system mailbox Microsoft's own clients anchor app-only calls on.
ANCHOR_MAILBOX = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@"
BATCH_SIZE = 10  # what CIPP sends per Exchange $batch; the service's maximum is not documented
MAX_REDIRECTS = 5
# Cmdlets that page and take -ResultSize (the others reject an unknown parameter). Get-MailboxPermission
# also takes it in Exchange Online, but one mailbox's entries never approach the default 1000, so it is
# left out (the emulator does not declare it).
RESULT_SIZE_CMDLETS = frozenset(
    {
        "Get-Mailbox",
        "Get-Recipient",
        "Get-RecipientPermission",
        "Get-DistributionGroup",
        "Get-DistributionGroupMember",
        "Get-DynamicDistributionGroupMember",
        "Get-MailboxFolderStatistics",
        "Get-User",
        "Get-MailContact",
        "Get-MailUser",
        "Get-UnifiedGroup",
        "Get-UnifiedGroupLinks",
    }
)

_log = get_logger("mailwarden.connectors")


def _expired_again(cmdlet: str, attempt: int) -> None:
    """A listing's later page refused as expired: logged, and after the second time, `Transient`. The paging
    token names the backend that served page one; another backend refuses it. The listing is read again
    from the start, once (a partial list must never pass for whole)."""
    _log.warning("exchange_page_expired", cmdlet=cmdlet, attempt=attempt)
    if attempt >= 2:
        raise Transient(
            f"Exchange's listing of {cmdlet} could not be read to the end: its paging token expired twice "
            "(another backend answered). Try again.",
            operation=cmdlet,
        )


def _expired_page(response: httpx.Response) -> bool:
    return response.status_code == 400 and b"pagination request" in response.content


def hashtable(*, add: Any = None, remove: Any = None) -> JsonObject:
    """A multi-valued property edit (`@{Add=...; Remove=...}` in PowerShell) as the admin API takes it."""
    table: JsonObject = {"@odata.type": "#Exchange.GenericHashTable"}
    if add is not None:
        table["add"] = add
    if remove is not None:
        table["remove"] = remove
    return table


@dataclass(frozen=True)
class Cmdlet:
    """One cmdlet run: its name, parameters and optional `$select`."""

    name: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    select: Sequence[str] | None = None


@dataclass(frozen=True)
class CmdletResult:
    """What a cmdlet returned: its output objects and the warnings Exchange attached."""

    value: list[JsonObject]
    warnings: list[str] = field(default_factory=list)
    resent: bool = False
    """The answer came to a resend of the cmdlet after an earlier try's answer was lost (that try may have
    been carried out): a warning that the tenant was already as asked may be that try's own doing."""


@dataclass(frozen=True)
class CmdletOutcome:
    """One cmdlet of a batch: its result, or the mapped error."""

    cmdlet: Cmdlet
    result: CmdletResult | None = None
    error: TenantError | None = None

    def unwrap(self) -> CmdletResult:
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


TenantRef = str | Callable[[], Awaitable[str]]


def folder_identity(identity: str, statistics: Sequence[Mapping[str, Any]], kind: str) -> str:
    """`identity:\\<name>` of the mailbox's folder of FolderType `kind` ("Calendar", "Inbox"), by the name
    Get-MailboxFolderStatistics lists it under (localised: "Kalender", "Posteingang"), else by `kind`."""
    found = next((f for f in statistics if f.get("FolderType") == kind), None)
    name = str(found.get("Name")) if found and found.get("Name") else kind
    return f"{identity}:\\{name}"


def _as_resent(outcome: CmdletOutcome) -> CmdletOutcome:
    """`outcome` as the answer to a resend: an "already so" in it may be the earlier try's own doing, and a
    refusal does not say that try did nothing."""
    if outcome.error is not None:
        outcome.error.resent = True
    if outcome.result is not None:
        return replace(outcome, result=replace(outcome.result, resent=True))
    return outcome


class ExchangeClient:
    """The Exchange Online admin API for one tenant, over a shared `httpx.AsyncClient`.

    `tenant_id` is the tenant GUID, or a coroutine function returning it (a connection named by domain
    learns its GUID from its first token).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoints: CloudEndpoints,
        tenant_id: TenantRef,
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
        self._tenant = tenant_id
        self._semaphore = semaphore or asyncio.Semaphore(4)
        self._auth = auth
        self._policy = policy or RetryPolicy()
        self._timeout = timeout
        self._gate = ThrottleGate()
        self._base = endpoints.exchange_url.rstrip("/")

    # ---- the core ------------------------------------------------------------------------------
    async def run(
        self,
        cmdlet: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        select: Sequence[str] | None = None,
        result_size: str | int | None = "Unlimited",
        idempotent: bool = True,
    ) -> CmdletResult:
        """Run `cmdlet`, follow every page, return its output and warnings; a failure raises.

        A cmdlet that is not `idempotent` is not sent again after a lost answer (the caller looks first).
        Inside `shared_reads()` (one preview) the same read is sent once.
        """
        return await shared_read(
            self,
            cmdlet,
            parameters,
            (select, result_size),
            lambda: self._run(cmdlet, parameters, select, result_size, idempotent),
        )

    async def _run(
        self,
        cmdlet: str,
        parameters: Mapping[str, Any] | None,
        select: Sequence[str] | None,
        result_size: str | int | None,
        idempotent: bool,
    ) -> CmdletResult:
        body = self._body(cmdlet, parameters, result_size)
        url = await self._invoke_url(select)
        for attempt in (1, 2):
            result = await self._read_all(url, body, cmdlet, idempotent=idempotent)
            if result is not None:
                return result
            _expired_again(cmdlet, attempt)
        raise AssertionError("unreachable: the second expiry raises")

    async def pages(
        self, cmdlet: str, parameters: Mapping[str, Any] | None = None, *, select: Sequence[str] | None = None
    ) -> AsyncGenerator[tuple[bool, list[JsonObject]], None]:
        """A read cmdlet's output a page at a time, each page as it comes (ResultSize Unlimited), for a caller
        that works on one page while the next is read: (first, values), `first` for page one. When a later
        page's token is refused as expired, the listing is read again from page one (`first` again: the
        caller drops what it had), once, as `run` does; a second expiry raises `Transient`. Never shared
        (`shared_reads`): a caller that needs the whole output at once calls `run`."""
        body = self._body(cmdlet, parameters, "Unlimited")
        url = await self._invoke_url(select)
        for attempt in (1, 2):
            first = True
            async with contextlib.aclosing(self._pages(url, body, cmdlet, idempotent=True)) as pages:
                async for page, _ in pages:
                    if page is None:
                        break
                    self._warnings(page, cmdlet)
                    yield first, list(page.get("value") or [])
                    first = False
                else:
                    return
            _expired_again(cmdlet, attempt)

    async def _read_all(
        self, url: str, body: JsonObject, cmdlet: str, *, idempotent: bool
    ) -> CmdletResult | None:
        """Every page of one run of a cmdlet; None when a later page's token was refused as expired."""
        values: list[JsonObject] = []
        warnings: list[str] = []
        again = False
        async with contextlib.aclosing(self._pages(url, body, cmdlet, idempotent=idempotent)) as pages:
            async for page, resend in pages:
                if page is None:
                    return None
                again = again or resend
                values.extend(page.get("value") or [])
                warnings.extend(self._warnings(page, cmdlet))
        return CmdletResult(value=values, warnings=warnings, resent=again)

    async def _pages(
        self, url: str, body: JsonObject, cmdlet: str, *, idempotent: bool
    ) -> AsyncGenerator[tuple[JsonObject | None, bool], None]:
        """Each page of one run of a cmdlet as it comes, with whether page one answered a resend; a last None
        when a later page's token was refused as expired."""
        next_url: str | None = url
        while next_url is not None:
            if next_url == url:
                response = await self._post(next_url, body, cmdlet, idempotent=idempotent)
            else:
                with continuing_listing():  # the listing waits for this page: it goes first
                    response = await self._post(next_url, body, cmdlet, idempotent=idempotent)
            if next_url != url and _expired_page(response):
                yield None, False
                return
            page = self._page(response, cmdlet)
            yield page, next_url == url and resent(response)
            next_url = self._next_link(page)

    async def invoke(
        self,
        cmdlet: str,
        parameters: Mapping[str, Any] | None = None,
        select: Sequence[str] | None = None,
        result_size: str | int | None = "Unlimited",
    ) -> list[JsonObject]:
        """Run `cmdlet` and return its output objects."""
        return (await self.run(cmdlet, parameters, select=select, result_size=result_size)).value

    async def batch(
        self, commands: Sequence[Cmdlet], *, on_sending: OnSending | None = None
    ) -> list[CmdletOutcome]:
        """`_batch`; inside `shared_reads()` (one preview) the same batch of reads is sent once."""
        return await shared_batch(
            self,
            [(c.name, c.parameters, c.select) for c in commands],
            lambda outcome: outcome.error is not None,
            lambda: self._batch(commands, on_sending=on_sending),
            # (a caller recording what may have landed is sending writes: it hears each send)
            shareable=on_sending is None,
        )

    async def _batch(
        self, commands: Sequence[Cmdlet], *, on_sending: OnSending | None = None
    ) -> list[CmdletOutcome]:
        """Run `commands` through `$batch`, 10 at a time; outcomes come back in order, errors not raised.

        A throttled sub-request is sent again after its Retry-After; a paged result is completed with
        `InvokeCommand` on its nextLink, and read again from page one through `InvokeCommand` when a
        later page's token is refused as expired (another backend answered). `on_sending` hears the
        positions of the commands a `$batch` carries right before each try of it goes on the wire (after
        the waits for its token, the tenant's budget and a slot), so a caller can record that they may have
        been sent, and when; those an earlier try of which may have been carried out told apart
        (`told_tries`)."""
        invoke_url = await self._invoke_url(None)
        outcomes: dict[int, CmdletOutcome] = {}
        pending = list(range(len(commands)))
        maybe_done: set[int] = set()  # an earlier try of these may have been carried out (see `resent`)
        attempt = 0
        while pending:
            attempt += 1
            retry: list[int] = []
            wait = 0.0
            chunks = [pending[start : start + BATCH_SIZE] for start in range(0, len(pending), BATCH_SIZE)]

            async def send(chunk: list[int]) -> tuple[Any, bool]:
                payload = {"requests": [self._batch_entry(i, commands[i], invoke_url) for i in chunk]}
                response = await self._post(
                    f"{self._base}/{await self._tenant_id()}/$batch",
                    payload,
                    "$batch",
                    extra={"Prefer": "odata.continue-on-error"},
                    before_send=(
                        (lambda resend: told_tries(on_sending, chunk, maybe_done, resend))
                        if on_sending
                        else None
                    ),
                )
                if not response.is_success:
                    raise exchange_error(response, "$batch")
                return response.json(), resent(response)

            # Every chunk at once: the tenant's semaphore keeps what is in flight within its limit.
            for chunk, (answer, again) in zip(chunks, await all_of(*map(send, chunks)), strict=True):
                answered = {int(r["id"]): r for r in answer.get("responses", [])}
                if again:  # the whole $batch was sent again after its answer was lost
                    maybe_done.update(chunk)
                for i in chunk:
                    sub = answered.get(i, {"status": 502, "body": {}})
                    status = int(sub.get("status", 502))
                    headers = {str(k): str(v) for k, v in (sub.get("headers") or {}).items()}
                    if status in RETRYABLE_STATUSES:
                        delay = next_delay(status, headers, attempt, self._policy)
                        if delay is not None:
                            retry.append(i)
                            wait = max(wait, delay)
                            if status >= 500:  # a 5xx may come after the cmdlet was carried out
                                maybe_done.add(i)
                            continue
                    outcome = await self._batch_outcome(commands[i], status, headers, sub.get("body"))
                    outcomes[i] = _as_resent(outcome) if i in maybe_done else outcome
            pending = retry
            if pending:
                self._gate.hold(wait)
                await self._gate.wait()
        return [outcomes[i] for i in range(len(commands))]

    async def _batch_outcome(
        self, command: Cmdlet, status: int, headers: dict[str, str], body: Any
    ) -> CmdletOutcome:
        body = body if isinstance(body, dict) else {}
        wire = httpx.Response(status, headers=headers, json=body)
        if status >= 400 or body.get("@adminapi.errors"):
            return CmdletOutcome(command, error=exchange_error(wire, command.name))
        values = list(body.get("value") or [])
        warnings = self._warnings(body, command.name)
        try:
            next_url = self._next_link(body)
            while next_url:
                with continuing_listing():  # the listing waits for this page: it goes first
                    response = await self._post(
                        next_url, self._body(command.name, command.parameters, "Unlimited"), command.name
                    )
                if _expired_page(response):
                    # The paging token names the backend that served page one; another refused it. The
                    # listing is read again from page one on its own, as `run` does (a partial list must
                    # never pass for whole, nor a readable listing fail).
                    _log.warning("exchange_page_expired", cmdlet=command.name, attempt="batch")
                    result = await self._run(
                        command.name, command.parameters, command.select, "Unlimited", True
                    )
                    return CmdletOutcome(command, result=result)
                page = self._page(response, command.name)
                values.extend(page.get("value") or [])
                warnings.extend(self._warnings(page, command.name))
                next_url = self._next_link(page)
        except TenantError as exc:
            return CmdletOutcome(command, error=exc)
        return CmdletOutcome(command, result=CmdletResult(value=values, warnings=warnings))

    def _batch_entry(self, index: int, command: Cmdlet, invoke_url: str) -> JsonObject:
        url = invoke_url
        if command.select:
            url += "?$select=" + ",".join(command.select)
        # Each sub-request carries its own headers, as CIPP's bulk requests do: OData does not pass the
        # outer request's Prefer down, and the anchor routes the cmdlet to the mailbox it works on.
        return {
            "id": str(index),
            "method": "POST",
            "url": url,
            "body": self._body(command.name, command.parameters, "Unlimited"),
            "headers": {
                "Content-Type": "application/json",
                "Accept": "application/json; odata.metadata=minimal",
                "Prefer": "odata.maxpagesize=1000",
                "X-AnchorMailbox": self._anchor(command) or ANCHOR_MAILBOX + self._tenant_known(),
                "X-CmdletName": command.name,
                "X-ResponseFormat": "json",
            },
        }

    @staticmethod
    def _anchor(command: Cmdlet) -> str | None:
        """The mailbox a cmdlet works on (its Identity, else User), as CIPP anchors each sub-request."""
        for name in ("Identity", "User"):
            value = command.parameters.get(name)
            if isinstance(value, str) and "@" in value:
                return f"UPN:{value.split(':', 1)[0]}"
        return None

    def _tenant_known(self) -> str:
        assert isinstance(self._tenant, str), "the tenant id is learned before a batch is built"
        return self._tenant

    async def _tenant_id(self) -> str:
        if isinstance(self._tenant, str):
            return self._tenant
        self._tenant = await self._tenant()
        return self._tenant

    async def _invoke_url(self, select: Sequence[str] | None) -> str:
        url = f"{self._base}/{await self._tenant_id()}/InvokeCommand"
        if select:
            url += "?$select=" + ",".join(select)
        return url

    def _body(
        self, cmdlet: str, parameters: Mapping[str, Any] | None, result_size: str | int | None
    ) -> JsonObject:
        params = dict(parameters or {})
        if result_size is not None and cmdlet in RESULT_SIZE_CMDLETS:
            params.setdefault("ResultSize", result_size)
        return {"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}}

    async def _post(
        self,
        url: str,
        body: JsonObject,
        cmdlet: str,
        *,
        extra: Mapping[str, str] | None = None,
        idempotent: bool = True,
        before_send: Callable[[bool], None] | None = None,
    ) -> httpx.Response:
        headers = {
            "Content-Type": "application/json",
            "X-AnchorMailbox": ANCHOR_MAILBOX + await self._tenant_id(),
            "Prefer": "odata.maxpagesize=1000",
            "X-ResponseFormat": "json",
            "X-CmdletName": cmdlet,
            "client-request-id": str(uuid.uuid4()),
            **(extra or {}),
        }
        # One send, whatever redirects it meets (a redirect carried nothing out): a write is dated by its
        # tries (`Heard`). A `$batch`'s caller hears its positions itself.
        told_of = heard(before_send, write=cmdlet != "$batch" and not cmdlet.startswith("Get-"))
        again = False
        """A try before this hop's may have been carried out (a 5xx, a lost answer): the hop's answer is to a
        resend, and an "already so" in it may be that try's doing (red team 64 F4)."""
        for _ in range(MAX_REDIRECTS + 1):
            target = url

            async def send(target: str = target) -> httpx.Response:
                # `before_send` is called right before the bytes leave, after the token and the tenant's
                # budget (connectors/on_wire.py): a send cancelled while it waits for them sent nothing.
                return await self._http.post(
                    target,
                    json=body,
                    headers=headers,
                    auth=self._auth if self._auth is not None else httpx.USE_CLIENT_DEFAULT,
                    timeout=self._timeout if self._timeout is not None else httpx.USE_CLIENT_DEFAULT,
                    # Exchange's budget wherever it goes: a regional host no root names (red team 77 F4)
                    extensions={**told(told_of), **charged_to("exchange")},
                )

            response = await send_with_retry(
                send,
                api="exchange",
                operation=cmdlet,
                policy=self._policy,
                gate=self._gate,
                semaphore=self._semaphore,
                retry_transport=idempotent,
                heard=told_of,
                resending=again,
            )
            if not response.is_redirect:
                return response
            again = resent(response)
            url = self._follow(url, response.headers.get("location", ""))
        raise TenantError(f"Exchange redirected {cmdlet} more than {MAX_REDIRECTS} times.", operation=cmdlet)

    def _follow(self, url: str, location: str) -> str:
        """The redirect target; the front door sends regional backends on :446, which answer on :443."""
        target = urlsplit(httpx.URL(url).join(location).__str__())
        if target.scheme != "https":
            raise TenantError("Exchange redirected to a non-HTTPS address; not following it.")
        self._refuse_foreign(target.hostname, "redirected")
        netloc = target.netloc.removesuffix(":446")
        redirected = urlunsplit((target.scheme, netloc, target.path, target.query, ""))
        check_allowed(_with_exchange_url(self.endpoints, redirected))
        # Stay on the regional host for later calls, as Microsoft's module does (affinity).
        prefix = target.path.split("/adminapi/", 1)[0]
        self._base = urlunsplit((target.scheme, netloc, f"{prefix}/adminapi/beta", "", ""))
        return redirected

    def _refuse_foreign(self, host: str | None, how: str) -> None:
        """A host Exchange sends the client to (a redirect, a nextLink) must be the configured Exchange host
        or one of its cloud's own (`CloudEndpoints.exchange_hosts`), or one the tenant's admins added
        (`exchange_hosts_added`): the tenant's bearer token goes wherever the client follows, so it never
        follows anywhere else (red team 81 F2)."""
        if not self.endpoints.exchange_may_send_to(host or ""):
            raise TenantError(
                f"Exchange {how} to {host!r}, which is not one of the {self.endpoints.name} cloud's Exchange "
                "hosts nor one added to the tenant's connection ('mailwarden tenant exchange-hosts'); not "
                "following it (the tenant's token is never sent there)."
            )

    def _next_link(self, page: JsonObject) -> str | None:
        """A page's `@odata.nextLink`, once its host is Exchange's (`_refuse_foreign`) and it is https, or on
        the scheme the client already uses."""
        link = page.get("@odata.nextLink")
        if link is None:
            return None
        target = urlsplit(str(link))
        if target.scheme not in ("https", urlsplit(self._base).scheme):
            raise TenantError("Exchange sent a next page on a non-HTTPS address; not following it.")
        self._refuse_foreign(target.hostname, "sent a next page")
        return str(link)

    def _page(self, response: httpx.Response, cmdlet: str) -> JsonObject:
        if not response.is_success:
            raise exchange_error(response, cmdlet)
        try:
            body = response.json() if response.content.strip() else {}
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {"value": body}
        if body.get("@adminapi.errors"):
            raise exchange_error(response, cmdlet)
        return body

    def _warnings(self, page: JsonObject, cmdlet: str) -> list[str]:
        warnings = [str(w) for w in page.get("@adminapi.warnings") or []]
        for warning in warnings:
            # "There are more results available ..." answers a ResultSize the caller chose (the default is
            # Unlimited): expected, so not logged (the CLI's log would land in `--json` output).
            if not warning.startswith("There are more results available"):
                _log.info("exchange_warning", cmdlet=cmdlet, warning=warning)
        return warnings

    # ---- mailboxes -----------------------------------------------------------------------------
    async def get_mailbox(self, identity: str, *, select: Sequence[str] | None = None) -> JsonObject:
        return _one(await self.invoke("Get-Mailbox", {"Identity": identity}, select, None))

    async def list_mailboxes(
        self,
        recipient_type_details: str | Sequence[str] | None = None,
        *,
        select: Sequence[str] | None = None,
    ) -> list[JsonObject]:
        """Mailboxes, optionally of some kinds only (`SharedMailbox`, `UserMailbox`, `RoomMailbox`)."""
        params = _kinds(recipient_type_details)
        return await self.invoke("Get-Mailbox", params, select)

    def mailbox_pages(
        self,
        recipient_type_details: str | Sequence[str] | None = None,
        *,
        select: Sequence[str] | None = None,
    ) -> AsyncGenerator[tuple[bool, list[JsonObject]], None]:
        """`list_mailboxes` a page at a time, each as it comes (`pages`)."""
        return self.pages("Get-Mailbox", _kinds(recipient_type_details), select=select)

    async def set_mailbox(self, identity: str, **parameters: Any) -> CmdletResult:
        """`Set-Mailbox`; pass multi-valued edits as `hashtable(add=..., remove=...)`."""
        return await self.run("Set-Mailbox", {"Identity": identity, **parameters})

    async def grant_send_on_behalf(self, identity: str, trustee: str) -> CmdletResult:
        return await self.set_mailbox(identity, GrantSendOnBehalfTo=hashtable(add=trustee))

    async def revoke_send_on_behalf(self, identity: str, trustee: str) -> CmdletResult:
        return await self.set_mailbox(identity, GrantSendOnBehalfTo=hashtable(remove=trustee))

    async def add_email_address(self, identity: str, address: str) -> CmdletResult:
        """Add a secondary SMTP address (prefix `smtp:` added when missing)."""
        return await self.set_mailbox(identity, EmailAddresses=hashtable(add=_smtp(address)))

    async def remove_email_address(self, identity: str, address: str) -> CmdletResult:
        return await self.set_mailbox(identity, EmailAddresses=hashtable(remove=_smtp(address)))

    async def mailbox_permissions(self, identity: str, user: str | None = None) -> list[MailboxPermission]:
        """Full Access and other mailbox rights (includes the default `NT AUTHORITY\\SELF` entry); with
        `user`, only the entries of that security principal, as Exchange resolves it (-User)."""
        params = {"Identity": identity} if user is None else {"Identity": identity, "User": user}
        return [MailboxPermission.parse(e) for e in await self.invoke("Get-MailboxPermission", params)]

    async def add_mailbox_permission(
        self,
        identity: str,
        user: str,
        *,
        automapping: bool = True,
        access_rights: Sequence[str] = ("FullAccess",),
    ) -> CmdletResult:
        return await self.run(
            "Add-MailboxPermission",
            {
                "Identity": identity,
                "User": user,
                "AccessRights": list(access_rights),
                "InheritanceType": "All",
                "AutoMapping": automapping,
                "Confirm": False,
            },
        )

    async def remove_mailbox_permission(
        self, identity: str, user: str, *, access_rights: Sequence[str] = ("FullAccess",)
    ) -> CmdletResult:
        return await self.run(
            "Remove-MailboxPermission",
            {
                "Identity": identity,
                "User": user,
                "AccessRights": list(access_rights),
                "InheritanceType": "All",
                "Confirm": False,
            },
        )

    async def recipient_permissions(
        self, identity: str, trustee: str | None = None
    ) -> list[RecipientPermission]:
        """Send As grants on a recipient; with `trustee`, only that principal's, as Exchange resolves it."""
        params = {"Identity": identity} if trustee is None else {"Identity": identity, "Trustee": trustee}
        entries = await self.invoke("Get-RecipientPermission", params)
        return [RecipientPermission.parse(e) for e in entries]

    async def add_recipient_permission(self, identity: str, trustee: str) -> CmdletResult:
        return await self.run(
            "Add-RecipientPermission",
            {
                "Identity": identity,
                "Trustee": trustee,
                "AccessRights": ["SendAs"],
                "Confirm": False,
            },
        )

    async def remove_recipient_permission(self, identity: str, trustee: str) -> CmdletResult:
        return await self.run(
            "Remove-RecipientPermission",
            {
                "Identity": identity,
                "Trustee": trustee,
                "AccessRights": ["SendAs"],
                "Confirm": False,
            },
        )

    # ---- distribution groups -------------------------------------------------------------------
    async def get_distribution_group(self, identity: str) -> JsonObject:
        return _one(await self.invoke("Get-DistributionGroup", {"Identity": identity}, result_size=None))

    async def list_distribution_groups(
        self,
        recipient_type_details: str | Sequence[str] | None = None,
        *,
        select: Sequence[str] | None = None,
    ) -> list[JsonObject]:
        """Distribution lists and mail-enabled security groups."""
        params = _kinds(recipient_type_details)
        return await self.invoke("Get-DistributionGroup", params, select)

    async def new_distribution_group(
        self,
        name: str,
        *,
        primary_smtp_address: str | None = None,
        display_name: str | None = None,
        alias: str | None = None,
        members: Sequence[str] = (),
        managed_by: Sequence[str] = (),
        security: bool = False,
    ) -> JsonObject:
        params: JsonObject = {"Name": name, "Type": "Security" if security else "Distribution"}
        if primary_smtp_address:
            params["PrimarySmtpAddress"] = primary_smtp_address
        if display_name:
            params["DisplayName"] = display_name
        if alias:
            params["Alias"] = alias
        if members:
            params["Members"] = list(members)
        if managed_by:
            params["ManagedBy"] = list(managed_by)
        try:
            return _one((await self.run("New-DistributionGroup", params, idempotent=False)).value)
        except Transient:
            # The connection broke after the request went out: Exchange may have made the list. Sending it
            # again would then fail as "already exists", so look first.
            with contextlib.suppress(NotFound):
                return await self.get_distribution_group(primary_smtp_address or name)
            return _one((await self.run("New-DistributionGroup", params, idempotent=False)).value)

    async def remove_distribution_group(self, identity: str) -> CmdletResult:
        return await self.run(
            "Remove-DistributionGroup",
            {
                "Identity": identity,
                "BypassSecurityGroupManagerCheck": True,
                "Confirm": False,
            },
        )

    async def set_distribution_group(self, identity: str, **parameters: Any) -> CmdletResult:
        return await self.run(
            "Set-DistributionGroup",
            {
                "Identity": identity,
                "BypassSecurityGroupManagerCheck": True,
                **parameters,
            },
        )

    async def distribution_group_members(self, identity: str) -> list[GroupMember]:
        members = await self.invoke("Get-DistributionGroupMember", {"Identity": identity})
        return [GroupMember.from_exchange(m) for m in members]

    async def add_distribution_group_member(self, identity: str, member: str) -> CmdletResult:
        return await self.run(
            "Add-DistributionGroupMember",
            {
                "Identity": identity,
                "Member": member,
                "BypassSecurityGroupManagerCheck": True,
            },
        )

    async def remove_distribution_group_member(self, identity: str, member: str) -> CmdletResult:
        return await self.run(
            "Remove-DistributionGroupMember",
            {
                "Identity": identity,
                "Member": member,
                "BypassSecurityGroupManagerCheck": True,
                "Confirm": False,
            },
        )

    async def update_distribution_group_members(self, identity: str, members: Sequence[str]) -> CmdletResult:
        """Replace the whole member list (large lists can run for minutes)."""
        return await self.run(
            "Update-DistributionGroupMember",
            {
                "Identity": identity,
                "Members": list(members),
                "BypassSecurityGroupManagerCheck": True,
                "Confirm": False,
            },
        )

    # ---- calendars -----------------------------------------------------------------------------
    async def calendar_folder_statistics(self, identity: str) -> list[JsonObject]:
        return await self.invoke(
            "Get-MailboxFolderStatistics", {"Identity": identity, "FolderScope": "Calendar"}
        )

    async def calendar_folder(self, identity: str) -> str:
        """The folder identity of the mailbox's default calendar: `owner:\\<name>` (the name is localised)."""
        return folder_identity(identity, await self.calendar_folder_statistics(identity), "Calendar")

    async def inbox_folder(self, identity: str) -> str:
        """The folder identity of the mailbox's Inbox: `owner:\\<name>` (the name is localised)."""
        folders = await self.invoke(
            "Get-MailboxFolderStatistics", {"Identity": identity, "FolderScope": "Inbox"}
        )
        return folder_identity(identity, folders, "Inbox")

    async def folder_permissions(self, folder: str, user: str | None = None) -> list[FolderPermission]:
        """The folder's permission entries, or only `user`'s (NotFound when that user has none)."""
        params = {"Identity": folder} if user is None else {"Identity": folder, "User": user}
        return [FolderPermission.parse(e) for e in await self.invoke("Get-MailboxFolderPermission", params)]

    async def add_folder_permission(
        self,
        folder: str,
        user: str,
        access_rights: str | Sequence[str],
        *,
        sharing_permission_flags: str | None = None,
        send_notification: bool | None = None,
    ) -> CmdletResult:
        return await self.run(
            "Add-MailboxFolderPermission",
            _folder_params(folder, user, access_rights, sharing_permission_flags, send_notification),
        )

    async def set_folder_permission(
        self,
        folder: str,
        user: str,
        access_rights: str | Sequence[str],
        *,
        sharing_permission_flags: str | None = None,
        send_notification: bool | None = None,
    ) -> CmdletResult:
        return await self.run(
            "Set-MailboxFolderPermission",
            _folder_params(folder, user, access_rights, sharing_permission_flags, send_notification),
        )

    async def remove_folder_permission(self, folder: str, user: str) -> CmdletResult:
        return await self.run(
            "Remove-MailboxFolderPermission", {"Identity": folder, "User": user, "Confirm": False}
        )

    # ---- recipients and domains ----------------------------------------------------------------
    async def get_recipient(self, identity: str) -> JsonObject:
        return _one(await self.invoke("Get-Recipient", {"Identity": identity}, result_size=None))

    async def accepted_domains(self) -> list[JsonObject]:
        return await self.invoke("Get-AcceptedDomain")


def _kinds(recipient_type_details: str | Sequence[str] | None) -> JsonObject:
    """The RecipientTypeDetails parameter of a listing cmdlet (none: every kind)."""
    if recipient_type_details is None:
        return {}
    if isinstance(recipient_type_details, str):
        return {"RecipientTypeDetails": [recipient_type_details]}
    return {"RecipientTypeDetails": list(recipient_type_details)}


def _one(values: list[JsonObject]) -> JsonObject:
    # A Get-* by identity that matches nothing fails with 404 before this; an empty answer is odd but real.
    if not values:
        raise NotFound("Exchange returned no object for the identity given.")
    return values[0]


def _smtp(address: str) -> str:
    return address if address.lower().startswith("smtp:") else f"smtp:{address}"


def _folder_params(
    folder: str,
    user: str,
    access_rights: str | Sequence[str],
    sharing_permission_flags: str | None,
    send_notification: bool | None,
) -> JsonObject:
    rights = [access_rights] if isinstance(access_rights, str) else list(access_rights)
    params: JsonObject = {"Identity": folder, "User": user, "AccessRights": rights}
    if sharing_permission_flags:
        params["SharingPermissionFlags"] = sharing_permission_flags
    # Sent when given, False too: in Exchange Online a Set- with SendNotificationToUser and no
    # SharingPermissionFlags ends a calendar delegate's flags, one without it keeps them.
    if send_notification is not None:
        params["SendNotificationToUser"] = send_notification
    return params


def _with_exchange_url(endpoints: CloudEndpoints, url: str) -> CloudEndpoints:
    return replace(endpoints, exchange_url=url)
