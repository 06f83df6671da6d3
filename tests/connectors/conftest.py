"""Connector tests: every one over real HTTPS to the emulator, never to a real tenant.

`ALLOW_REMOTE_TENANTS` is off for the whole session, so a connection built with real Microsoft hosts fails
before a request. The `emulator` (session) and `tenant` (seed restored after each test) fixtures come
from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

import mailwarden.connectors as connectors
from mailwarden.connectors import (
    ClientSecretCredential,
    Credential,
    RetryPolicy,
    Secret,
    TenantClients,
    TenantConnection,
    open_tenant,
)
from mailwarden.connectors import endpoints as cloud

if TYPE_CHECKING:
    from mailwarden.testing import RunningEmulator

# Retries in tests wait milliseconds, not seconds, unless the server names the wait (Retry-After).
FAST_RETRY = RetryPolicy(base_delay=0.02, max_delay=0.2, retry_after_jitter=0.0)


@pytest.fixture(scope="session", autouse=True)
def _no_remote_tenants() -> Iterator[None]:
    previous = connectors.ALLOW_REMOTE_TENANTS
    connectors.ALLOW_REMOTE_TENANTS = False
    yield
    connectors.ALLOW_REMOTE_TENANTS = previous


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _connect(
    em: RunningEmulator, *, credential: Credential | None = None, tenant_id: str | None = None, **options: Any
) -> TenantConnection:
    options.setdefault("retry", FAST_RETRY)
    return TenantConnection(
        endpoints=cloud.emulator(em.url),
        tenant_id=tenant_id or em.tenant_id,
        client_id=em.client_id,
        credential=credential or ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
        **options,
    )


Connect = Callable[..., TenantConnection]


@pytest.fixture
def connect() -> Connect:
    """Build a connection to an emulator's demo app: `connect(em, credential=..., tenant_id=..., **options)`.

    The demo app's client secret is the credential unless another is given; retries are fast.
    """
    return _connect


@pytest.fixture(scope="session")
def big_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """A second emulator with 2,500 generated users, for paging at scale (read-only: never changed)."""
    from mailwarden.testing import running_emulator

    with running_emulator(tmp_path_factory.mktemp("big-tenant"), users=2500) as em:
        yield em


@pytest.fixture
def acme(emulator: RunningEmulator, tenant: Any) -> Iterator[RunningEmulator]:
    """The Acme emulator, seed restored after the test, no faults and an empty request log."""
    emulator.faults.reset()
    yield emulator
    emulator.faults.reset()


@pytest.fixture
async def clients(acme: RunningEmulator) -> AsyncIterator[TenantClients]:
    async with open_tenant(_connect(acme)) as opened:
        yield opened


@pytest.fixture
async def big(big_tenant: RunningEmulator) -> AsyncIterator[TenantClients]:
    """Clients of the 2,500-user tenant, with its faults and request log cleared."""
    big_tenant.faults.reset()
    async with open_tenant(_connect(big_tenant)) as opened:
        yield opened
