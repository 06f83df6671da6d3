"""Attacks on the kept app tokens (connectors/kept_tokens.py): hostile or damaged files, and processes
that share a tenant's file (the web server and CLI commands)."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mailwarden.connectors import TenantConnection, TokenSource
from mailwarden.connectors.kept_tokens import KeptTokens, forget
from mailwarden.testing import RunningEmulator
from tests.connectors.test_kept_tokens import _msal_cache as msal_cache_text

Connect = Callable[..., TenantConnection]

pytestmark = pytest.mark.anyio

GRAPH = "https://graph.microsoft.com"
EXCHANGE = "https://outlook.office365.com"
SCOPE = f"{GRAPH}/.default"
AUTHORITY = "https://login.microsoftonline.com/8f3c1a52-6d0e-4b7a-9c1e-2f5a7d9b0c11"
CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e"


def _kept(connection: TenantConnection) -> KeptTokens:
    assert connection.token_cache is not None
    authority = f"{connection.endpoints.authority_host}/{connection.tenant_id}"
    return KeptTokens(connection.token_cache, authority=authority, client_id=connection.client_id)


def _private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class Blocked(Exception):  # not an OSError, which the reader would take for a missing file
    pass


@pytest.fixture
def deadline() -> Iterator[None]:
    """A reader that blocks fails the test instead of hanging the run."""

    def expired(*_: object) -> None:
        raise Blocked("the reader blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(5)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_in_place_of_the_file_is_refused_without_blocking(tmp_path: Path, deadline: None) -> None:
    kept = KeptTokens(tmp_path, authority=AUTHORITY, client_id=CLIENT)
    os.mkfifo(kept.path, 0o600)
    assert kept.access_token(SCOPE) is None


def test_a_deeply_nested_file_is_refused_not_a_crash(tmp_path: Path) -> None:
    """Under the size limit, but deeper than Python's JSON parser recurses: RecursionError, no ValueError."""
    import msal

    kept = KeptTokens(tmp_path, authority=AUTHORITY, client_id=CLIENT)
    _private(kept.path, b"[" * 200_000)
    assert kept.access_token(SCOPE) is None
    cache = msal.SerializableTokenCache()
    kept.load_into(cache)  # msal starts empty, as with any damaged file
    assert list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=[SCOPE])) == []


@pytest.mark.parametrize(
    "damaged",
    [
        {"AccessToken": []},
        {"AccessToken": {"x": "not an entry"}},
        {"AccessToken": {"x": {"secret": "s", "target": "https://graph.microsoft.com/.default"}}},
        {"AccessToken": {"x": {"expires_on": "soon", "target": "https://graph.microsoft.com/.default"}}},
        [],
    ],
)
async def test_a_file_msal_cannot_search_gets_a_new_token(
    acme: RunningEmulator, connect: Connect, tmp_path: Path, damaged: object
) -> None:
    """JSON that parses but is not msal's shape: msal's lookup would raise deep inside, on every command
    until someone deletes the file. It counts as damaged: a new token, and the file written again."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    kept = _kept(connection)
    _private(kept.path, json.dumps(damaged).encode())
    tokens = TokenSource(connection)
    try:
        token = await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert kept.access_token(SCOPE) == token


async def test_a_long_lived_source_never_writes_back_tokens_another_process_forgot(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """`tenant rotate` (or `tenant remove`) in a CLI forgets the tenant's kept tokens while the web server
    runs. When the server next gets a token it must not save its whole cache: the other resource's token,
    which the forgotten file held, would be back for the next command."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    kept = _kept(connection)
    server = TokenSource(connection)
    try:
        graph = await server.token(GRAPH)
        await server.token(EXCHANGE)
        assert kept.access_token(f"{EXCHANGE}/.default") is not None
        forget(connection.token_cache)  # the CLI's rotate
        renewed = await server.token(GRAPH, reject=graph)  # the server's Graph token ran out
    finally:
        server.close()
    assert kept.access_token(SCOPE) == renewed
    assert kept.access_token(f"{EXCHANGE}/.default") is None


async def test_a_command_keeps_the_tokens_another_process_saved_meanwhile(
    acme: RunningEmulator, connect: Connect, tmp_path: Path
) -> None:
    """Two processes each save their new token; neither drops the other's (each writes what it got into
    the file as it is then, not its picture of the file from when its msal started)."""
    connection = connect(acme, token_cache=tmp_path / "tokens")
    kept = _kept(connection)
    server, command = TokenSource(connection), TokenSource(connection)
    try:
        await server.token(GRAPH)
        graph = await command.token(GRAPH, reject="refused")  # its msal starts from the file: Graph only
        await server.token(EXCHANGE)
        assert kept.access_token(f"{EXCHANGE}/.default") is not None
        await command.token(GRAPH, reject=graph)  # the command's Graph token was refused: a new one
        assert kept.access_token(f"{EXCHANGE}/.default") is not None  # the server's is still kept
    finally:
        server.close()
        command.close()


async def test_a_forget_between_a_saves_read_and_its_write_is_not_undone(
    acme: RunningEmulator, connect: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process forgets the tenant's tokens (rotate, remove) just after a save read the file and
    before it wrote it back: the forgotten tokens must not come back with the write."""
    import threading

    connection = connect(acme, token_cache=tmp_path / "tokens")
    kept = _kept(connection)
    server = TokenSource(connection)
    try:
        graph = await server.token(GRAPH)
        await server.token(EXCHANGE)
        read = KeptTokens._state
        rotations: list[threading.Thread] = []

        def read_then_rotate(self: KeptTokens) -> object:
            state = read(self)
            if not rotations:  # the CLI's `tenant rotate`, in another process, at this very moment
                rotations.append(threading.Thread(target=forget, args=(connection.token_cache,)))
                rotations[0].start()
                rotations[0].join(0.5)
            return state

        monkeypatch.setattr(KeptTokens, "_state", read_then_rotate)
        await server.token(GRAPH, reject=graph)
        rotations[0].join()
    finally:
        server.close()
    monkeypatch.undo()
    assert kept.access_token(f"{EXCHANGE}/.default") is None


def _msal_cache(now: int) -> dict[str, object]:
    return dict(json.loads(msal_cache_text(now)))


def test_the_reader_matches_the_app_as_exactly_as_msal(tmp_path: Path) -> None:
    """msal compares an entry's client id exactly (token_cache.py, is_subdict_of): an entry for the app
    written in another case is not a token msal would hand out."""
    import time

    import msal

    now = int(time.time())
    state = _msal_cache(now)
    for entry in state["AccessToken"].values():  # type: ignore[attr-defined]
        entry["client_id"] = CLIENT.upper()
    kept = KeptTokens(tmp_path, authority=AUTHORITY, client_id=CLIENT)
    _private(kept.path, json.dumps(state).encode())
    cache = msal.SerializableTokenCache()
    cache.deserialize(json.dumps(state))
    query = {
        "client_id": CLIENT,
        "environment": "login.microsoftonline.com",
        "realm": AUTHORITY.rsplit("/", 1)[1],
        "home_account_id": None,
    }
    assert list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=[SCOPE], query=query)) == []
    assert kept.access_token(SCOPE, now=now) is None
