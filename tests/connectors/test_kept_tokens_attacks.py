"""Attacks on the kept app tokens (connectors/kept_tokens.py): hostile or damaged files, and processes
that share a tenant's file (the web server and CLI commands)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mailwarden.connectors import TenantConnection
from mailwarden.connectors.kept_tokens import KeptTokens

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
