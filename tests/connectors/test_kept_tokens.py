"""App tokens kept between commands (connectors/kept_tokens.py): msal's own cache, one private file per
tenant connection and app; read without msal only when msal itself would hand the token out unasked."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import msal
import pytest
import structlog

from mailwarden.connectors import TenantConnection, TokenSource, open_tenant
from mailwarden.connectors.kept_tokens import KeptTokens, forget, tokens_folder
from mailwarden.emulator.state import GRAPH_APP_ID
from mailwarden.errors import ConsentMissing
from mailwarden.testing import RunningEmulator

Connect = Callable[..., TenantConnection]

pytestmark = pytest.mark.anyio

GRAPH = "https://graph.microsoft.com"
SCOPE = f"{GRAPH}/.default"


def _token_requests(em: RunningEmulator) -> int:
    return len([r for r in em.faults.requests("identity") if r.path.endswith("/token")])


async def _token(connection: TenantConnection, resource: str = GRAPH) -> str:
    tokens = TokenSource(connection)
    try:
        return await tokens.token(resource)
    finally:
        tokens.close()


def _kept(connection: TenantConnection) -> KeptTokens:
    assert connection.token_cache is not None
    authority = f"{connection.endpoints.authority_host}/{connection.tenant_id}"
    return KeptTokens(connection.token_cache, authority=authority, client_id=connection.client_id)


async def test_a_second_process_sends_the_kept_token_without_a_token_request(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    connection = connect(acme, token_cache=tmp_path / "tokens")
    first = await _token(connection)
    assert _token_requests(acme) == 1
    # A new TokenSource stands for the next command: no msal app, no request, the same token.
    second = TokenSource(connection)
    try:
        assert await second.token(GRAPH) == first
        assert second._app is None  # msal was not even built
    finally:
        second.close()
    assert _token_requests(acme) == 1
    # Another resource is another token, kept beside the first in the same file.
    await _token(connection, "https://outlook.office365.com")
    assert _token_requests(acme) == 2
    assert len(list((tmp_path / "tokens").iterdir())) == 1


async def test_the_file_is_private_and_the_token_is_never_logged(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    folder = tmp_path / "tokens"
    connection = connect(acme, token_cache=folder)
    with structlog.testing.capture_logs() as logs:
        async with open_tenant(connection) as clients:
            await clients.graph.users()
            token = await clients.tokens.token(GRAPH)
    (path,) = folder.iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert token in path.read_text()
    assert token not in str(logs)
    assert token not in repr(connection)
    assert acme.client_secret not in path.read_text()


async def test_a_file_others_can_read_is_not_trusted(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    connection = connect(acme, token_cache=tmp_path / "tokens")
    await _token(connection)
    kept = _kept(connection)
    assert kept.access_token(SCOPE) is not None
    os.chmod(kept.path, 0o644)
    assert kept.access_token(SCOPE) is None
    # msal does not load it either: a new token is asked for, and the file is written private again.
    await _token(connection)
    assert _token_requests(acme) == 2
    assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600


async def test_tenants_and_apps_never_share_kept_tokens(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    folder = tmp_path / "tokens"
    by_guid = connect(acme, token_cache=folder)
    by_domain = connect(acme, tenant_id=acme.tenant_domain, token_cache=folder)
    other_app = replace(by_guid, client_id="00000000-0000-0000-0000-00000000abcd")
    await _token(by_guid)
    assert _kept(by_domain).path != _kept(by_guid).path
    assert _kept(other_app).path != _kept(by_guid).path
    assert _kept(by_domain).access_token(SCOPE) is None
    assert _kept(other_app).access_token(SCOPE) is None
    # Even copied over another connection's file, a token keyed for another app or realm is refused.
    _kept(other_app).path.write_bytes(_kept(by_guid).path.read_bytes())
    os.chmod(_kept(other_app).path, 0o600)
    assert _kept(other_app).access_token(SCOPE) is None


async def test_a_refused_kept_token_is_dropped_and_a_new_one_tried_once(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    connection = connect(acme, token_cache=tmp_path / "tokens")
    good = await _token(connection)
    kept = _kept(connection)
    state = json.loads(kept.path.read_text())
    (entry,) = [e for e in state["AccessToken"].values() if e["target"] == SCOPE]
    refused = good[:-8] + ("A" * 8 if not good.endswith("A" * 8) else "B" * 8)  # a bad signature
    entry["secret"] = refused
    kept.path.write_text(json.dumps(state))
    assert kept.access_token(SCOPE) == refused

    async with open_tenant(connection) as clients:
        assert await clients.graph.users()
    statuses = [r.status for r in acme.faults.requests("graph")]
    assert statuses[:2] == [401, 200]
    assert _token_requests(acme) == 2
    renewed = kept.access_token(SCOPE)
    assert renewed not in (None, refused)


async def test_a_permission_consented_since_the_kept_token_shows_at_once(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """A 403 to a token kept from an earlier command gets one new token and one more try: before tokens
    were kept, every command had a new one, so a consent granted in between showed at once."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    with acme.state.transaction() as state:
        app = state.data.applications[acme.client_id]
        consented = list(app.app_role_assignments)
        app.app_role_assignments = [a for a in consented if a[0] != GRAPH_APP_ID]
    await _token(connection)  # an earlier command's token: no Graph roles
    with acme.state.transaction() as state:
        state.data.applications[acme.client_id].app_role_assignments = consented  # admin consent

    acme.faults.reset()
    async with open_tenant(connection) as clients:
        assert await clients.graph.users()
        assert await clients.graph.users()  # the new token is used from now on
    assert [r.status for r in acme.faults.requests("graph")][:3] == [403, 200, 200]
    assert _token_requests(acme) == 1

    # A 403 to a token this command was issued is the app's real permission: no second token.
    with acme.state.transaction() as state:
        state.data.applications[acme.client_id].app_role_assignments = [
            a for a in consented if a[0] != GRAPH_APP_ID
        ]
    forget(connection.token_cache)
    acme.faults.reset()
    async with open_tenant(connection) as clients:
        with pytest.raises(ConsentMissing):
            await clients.graph.users()
    assert [r.status for r in acme.faults.requests("graph")] == [403]
    assert _token_requests(acme) == 1


async def test_a_health_check_never_uses_a_kept_token(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """A token kept from before a consent was granted would hide it: the check gets new ones."""
    from mailwarden.tenants.health import check_tenant

    async with open_tenant(connect(acme)) as clients:
        await check_tenant(clients, "acme")
    without_kept = _token_requests(acme)
    acme.faults.reset()

    connection = connect(acme, token_cache=tmp_path / "tokens")
    await _token(connection)
    await _token(connection, "https://outlook.office365.com")
    assert _token_requests(acme) == 2
    async with open_tenant(connection) as clients:
        await check_tenant(clients, "acme")
    assert _token_requests(acme) == 2 + without_kept  # the same new tokens as with none kept
    assert _kept(connection).access_token(SCOPE) is not None  # and kept for the next command


def test_forget_removes_a_tenants_kept_tokens(tmp_path: Path) -> None:
    folder = tokens_folder(tmp_path, "contoso")
    assert folder == tmp_path / "tenants" / "contoso" / "tokens"
    folder.mkdir(parents=True)
    (folder / "abc.tokens.json").write_text("{}")
    (folder / ".abc.tokens.json.1.2.tmp").write_text("{}")
    forget(folder)
    assert list(folder.iterdir()) == []
    forget(tmp_path / "nowhere")  # nothing kept: nothing to do


# ---- the reader against msal's own format ------------------------------------------------------------

AUTHORITY = "https://login.microsoftonline.com/8f3c1a52-6d0e-4b7a-9c1e-2f5a7d9b0c11"
CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e"


def _msal_cache(now: int, *, expires_in: int = 3599, **response: Any) -> str:
    """A cache as msal itself writes it after an app-only token request."""
    cache = msal.SerializableTokenCache()
    cache.add(
        {
            "client_id": CLIENT,
            "scope": [SCOPE],
            "token_endpoint": f"{AUTHORITY}/oauth2/v2.0/token",
            "environment": "login.microsoftonline.com",
            "response": {"access_token": "eyJ0.eyJ1.sig", "token_type": "Bearer", "expires_in": expires_in}
            | response,
            "grant_type": "client_credentials",
        },
        now=now,
    )
    return str(cache.serialize())


def _write(folder: Path, text: str) -> KeptTokens:
    kept = KeptTokens(folder, authority=AUTHORITY, client_id=CLIENT)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(kept.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(text)
    return kept


def test_the_reader_takes_what_msal_would_hand_out(tmp_path: Path) -> None:
    now = int(time.time())
    kept = _write(tmp_path, _msal_cache(now))
    assert kept.access_token(SCOPE, now=now) == "eyJ0.eyJ1.sig"
    # msal's own lookup agrees (its cache hit, no request).
    cache = msal.SerializableTokenCache()
    kept.load_into(cache)
    hits = list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=[SCOPE]))
    assert [h["secret"] for h in hits] == ["eyJ0.eyJ1.sig"]


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("less than five minutes left", lambda s, now: _set(s, expires_on=str(now + 299))),
        ("due for refresh", lambda s, now: _set(s, refresh_on=str(now - 1))),
        ("a field msal writes for other tokens", lambda s, now: _set(s, key_id="k1")),
        ("an account's token", lambda s, now: _set(s, home_account_id="uid.utid")),
        ("another scope", lambda s, now: _set(s, target="https://outlook.office365.com/.default")),
        ("another realm", lambda s, now: _set(s, realm="common")),
        ("a proof-of-possession token", lambda s, now: _set(s, token_type="pop")),
        ("a time that is not msal's string", lambda s, now: _set(s, expires_on=now + 3000)),
        ("issued in the future", lambda s, now: _set(s, cached_at=str(now + 3600))),
        ("a secret with a line break", lambda s, now: _set(s, secret="a\nb")),
        ("a section msal does not write", lambda s, now: {**s, "Extra": {}}),
        ("not an object", lambda s, now: []),
    ],
)
def test_the_reader_refuses_anything_unexpected(
    tmp_path: Path, why: str, change: Callable[[dict[str, Any], int], Any]
) -> None:
    now = int(time.time())
    state = json.loads(_msal_cache(now))
    kept = _write(tmp_path, json.dumps(change(state, now)))
    assert kept.access_token(SCOPE, now=now) is None, why


def test_the_reader_refuses_a_damaged_file_and_msal_starts_empty(tmp_path: Path) -> None:
    kept = _write(tmp_path, '{"AccessToken": {')
    assert kept.access_token(SCOPE) is None
    cache = msal.SerializableTokenCache()
    kept.load_into(cache)
    assert list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=[SCOPE])) == []


def test_the_reader_accepts_a_token_not_yet_due_for_refresh(tmp_path: Path) -> None:
    now = int(time.time())
    kept = _write(tmp_path, _msal_cache(now, expires_in=86399, refresh_in=43200))
    assert kept.access_token(SCOPE, now=now + 3600) == "eyJ0.eyJ1.sig"
    assert kept.access_token(SCOPE, now=now + 43201) is None


def _set(state: dict[str, Any], **fields: Any) -> dict[str, Any]:
    for entry in state["AccessToken"].values():
        entry.update(fields)
    return state


async def test_a_long_lived_source_gets_new_tokens_for_a_health_check(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """The web server's source lives as long as it does: forgetting drops its tokens in place and keeps
    its msal app and HTTP client working (another request may be fetching a token meanwhile)."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    async with open_tenant(connection) as clients:
        await clients.tokens.token(GRAPH)
        clients.tokens.forget_kept()
        assert list((tmp_path / "tokens").iterdir()) == []
        await clients.tokens.token(GRAPH)
        assert await clients.graph.users()
    assert _token_requests(acme) == 2


async def test_a_change_never_goes_out_with_a_token_kept_from_before_a_role_was_taken_away(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """A kept token carries the roles of when it was issued, and Microsoft honours it until it expires: a
    read may still use it, but once the executor says changes begin, only a token issued now goes out, so a
    role taken away in Entra stops the change at once (as it did when every command got a new token)."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    await _token(connection)  # an earlier command's token, with the Graph roles
    with acme.state.transaction() as state:
        app = state.data.applications[acme.client_id]
        app.app_role_assignments = [a for a in app.app_role_assignments if a[0] != GRAPH_APP_ID]

    acme.faults.reset()
    async with open_tenant(connection) as clients:
        assert await clients.graph.users()  # the kept token, honoured as Microsoft does
        assert _token_requests(acme) == 0
        clients.use_issued_tokens_only()
        with pytest.raises(ConsentMissing):
            await clients.graph.users()
    assert _token_requests(acme) == 1
    assert [r.status for r in acme.faults.requests("graph")] == [200, 403]


async def test_a_source_that_has_built_msal_also_drops_kept_tokens_but_not_its_own(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """After msal has loaded the kept file (another resource needed a new token), the kept token is in msal's
    memory too: it is dropped there; a token issued to this process stays in use."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    await _token(connection)
    tokens = TokenSource(connection)
    try:
        own = await tokens.token("https://outlook.office365.com")  # builds msal, loads the kept file
        assert _token_requests(acme) == 2
        tokens.use_issued_only()
        assert await tokens.token("https://outlook.office365.com") == own
        await tokens.token(GRAPH)
        assert _token_requests(acme) == 3  # a new one (the emulator may sign the same claims alike)
    finally:
        tokens.close()


async def test_a_source_asked_for_many_requests_asks_msal_once_and_never_hands_out_a_refused_token(
    acme: RunningEmulator, connect: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk run sends thousands of requests: while msal would hand out the same cached token, the source
    hands it out itself (no lock, no worker thread). A token the service refused is never handed out again,
    and one msal would no longer hand out (5 minutes before it expires) is asked of msal again."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    asked: list[str] = []
    acquire = TokenSource._acquire

    def counting(self: TokenSource, resource: str, reject: str | None) -> str:
        asked.append(resource)
        return acquire(self, resource, reject)

    monkeypatch.setattr(TokenSource, "_acquire", counting)
    tokens = TokenSource(connection)
    try:
        first = await tokens.token(GRAPH)
        assert {await tokens.token(GRAPH) for _ in range(50)} == {first}
        assert asked == [GRAPH]
        # Refused: msal is asked, and it asks the identity platform (which may sign the same claims alike).
        renewed = await tokens.token(GRAPH, reject=first)
        assert asked == [GRAPH, GRAPH]
        assert _token_requests(acme) == 2
        assert await tokens.token(GRAPH) == renewed
        assert len(asked) == 2
        # Near its expiry msal would not hand it out unasked: neither does the source.
        tokens._fresh[GRAPH] = (renewed, time.time() - 1)
        await tokens.token(GRAPH)
        assert len(asked) == 3
    finally:
        tokens.close()


@pytest.mark.parametrize("drop", ["use_issued_only", "forget_kept"])
async def test_red_team_28_a_kept_token_read_while_kept_tokens_are_dropped_is_not_handed_out_after(
    acme: RunningEmulator,
    connect: Connect,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    drop: str,
) -> None:
    """Red team 28, attack 1 (HOLE): a long-lived source (the web server's) reads a kept token in a worker
    thread while a change (use_issued_only) or a health check (forget_kept) drops kept tokens. The read ends
    after the drop and put the kept token back as the source's fresh one: every later request, the change's
    too, went out with the token kept from before a role was taken away, with no token request."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    kept = await _token(connection)  # an earlier command's token
    tokens = TokenSource(connection)
    read = KeptTokens.access_token_until

    def read_then_dropped(
        self: KeptTokens, scope: str, *, now: float | None = None
    ) -> tuple[str, float] | None:
        found = read(self, scope, now=now)
        getattr(tokens, drop)()  # meanwhile, on the event loop: kept tokens are dropped
        return found

    monkeypatch.setattr(KeptTokens, "access_token_until", read_then_dropped)
    acme.faults.reset()
    try:
        assert await tokens.token(GRAPH) == kept  # the read that was under way when the drop came
        monkeypatch.setattr(KeptTokens, "access_token_until", read)
        await tokens.token(GRAPH)
        assert _token_requests(acme) == 1, "the kept token was handed out after kept tokens were dropped"
    finally:
        tokens.close()
