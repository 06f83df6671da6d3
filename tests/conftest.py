"""Shared test fixtures: a clean environment, and the tenant emulator served over real HTTPS.

    emulator   one emulator per test session (per xdist worker), on an ephemeral loopback port,
               its state in a temporary folder
    tenant     the emulator's TenantState, restored to how it was (the seed) after each test,
               with every fault removed

Everything lives in temporary folders and ephemeral ports, so two pytest runs can share the machine.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import msal
import pytest
from _pytest.mark import KeywordMatcher  # -k's own matching, for --replication-lag-subset
from _pytest.mark.expression import Expression

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.connectors.connection import (
    ClientSecretCredential,
    TenantClients,
    TenantConnection,
    open_tenant,
)
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import Discovered, discover
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator import state as state_module
from mailwarden.emulator.faults import Faults
from mailwarden.emulator.state import Switches, TenantData, TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.testing import RunningEmulator, running_emulator
from tests.databases import (  # noqa: F401 - the store and audit tests' database fixtures, the template of fresh ones
    database_url,
    migrated_postgres_template,
    migrated_sqlite_template,
    migrations_from_template,
    store,
)

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
# Read before `clean_environ` empties MAILWARDEN_*: `make test` runs the action and workflow tests again
# with reads lagging writes by this many seconds, as Entra and Exchange replicate.
_REPLICATION_LAG_ENV = os.environ.get("MAILWARDEN_TEST_REPLICATION_LAG", "0")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--replication-lag",
        type=int,
        default=int(_REPLICATION_LAG_ENV or 0),
        metavar="SECONDS",
        help="run tests that use the `ctx` fixture with the emulator's replication_lag_seconds switch "
        "(default: $MAILWARDEN_TEST_REPLICATION_LAG or 0)",
    )
    parser.addoption(
        "--replication-lag-too",
        type=int,
        default=0,
        metavar="SECONDS",
        help="run each test the lag reaches twice in this session: as it is, and again with the emulator's "
        "replication_lag_seconds switch (ids ending in 'lagged'); only under --replication-lag-under paths",
    )
    parser.addoption(
        "--replication-lag-under",
        action="append",
        default=[],
        metavar="PATH",
        help="with --replication-lag-too, the tests under PATH get their lagged run (repeatable)",
    )
    parser.addoption(
        "--replication-lag-subset",
        action="append",
        default=[],
        metavar="PATH=EXPRESSION",
        help="with --replication-lag, of the tests under PATH only those EXPRESSION selects as -k would "
        "(repeatable): one lagged session for several directories, a part of one of them",
    )
    parser.addoption(
        "--check-kept-discoveries",
        action="store_true",
        help="the `ctx` fixture discovers the tenant every time and fails a test whose discovery differs "
        "from the one kept for the same tenant state (checks that keeping them changes nothing)",
    )


_LAGGED, _UNLAGGED = "lagged", "nolag"
"""The ids of a test's two runs under --replication-lag-too."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With --replication-lag-too, a test that asks for the lag (through `ctx` or directly) under one of the
    --replication-lag-under paths runs twice: without the lag, and with it. `pytest_collection_modifyitems`
    then keeps the lagged run only where the lag reaches it, as a session of its own with --replication-lag
    would have run it."""
    lag = metafunc.config.getoption("--replication-lag-too")
    if not lag or "replication_lag" not in metafunc.fixturenames:
        return
    paths = [
        _resolved(metafunc.config, path) for path in metafunc.config.getoption("--replication-lag-under")
    ]
    if any(metafunc.definition.path.resolve().is_relative_to(path) for path in paths):
        metafunc.parametrize("replication_lag", [0, lag], indirect=True, ids=[_UNLAGGED, _LAGGED])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --replication-lag, only the tests the lag reaches run: those that ask for it (through the
    `ctx` fixture or directly) and write to the tenant. Any other test (no tenant, a tenant of its own, or
    only reads of what was there before the lag was switched on: marked `reads_only`, which `ctx` checks in
    every run without the lag) would run exactly as it did without the lag, so running it again only costs
    time (`make unit` runs these directories twice). With --replication-lag-too, the same choice is made of
    the lagged runs, and every other test runs once, as without the lag."""
    if config.getoption("--replication-lag") and config.getoption("--replication-lag-too"):
        raise pytest.UsageError("--replication-lag and --replication-lag-too: one or the other")
    lag_too = bool(config.getoption("--replication-lag-too"))
    if not config.getoption("--replication-lag") and not lag_too:
        return
    subsets = _lag_subsets(config)
    reached = [
        item
        for item in items
        if (lag_too and not _lag_of(item))
        or (
            "replication_lag" in getattr(item, "fixturenames", ())
            and not item.get_closest_marker("reads_only")
            and all(_selects(expression, item) for path, expression in subsets if _under(item, path))
        )
    ]
    if len(reached) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in reached])
        items[:] = reached


def _lag_of(item: pytest.Item) -> int:
    """The lag this test runs under: its lagged run's under --replication-lag-too, else --replication-lag."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "replication_lag" in callspec.params:
        lag: int = callspec.params["replication_lag"]
        return lag
    option: int = item.config.getoption("--replication-lag")
    return option


def _resolved(config: pytest.Config, path: str) -> Path:
    return (config.invocation_params.dir / path.strip()).resolve()


def _lag_subsets(config: pytest.Config) -> list[tuple[Path, Expression]]:
    """`--replication-lag-subset PATH=EXPRESSION`: `make unit` runs the lagged action and workflow tests and
    the lagged drift and revert attacks in one session (a second session started two more workers, each
    collecting and serving an emulator again), where a `-k` would select in all three directories."""
    subsets = []
    for option in config.getoption("--replication-lag-subset"):
        path, separator, expression = option.partition("=")
        if not separator or not path.strip() or not expression.strip():
            raise pytest.UsageError(f"--replication-lag-subset {option!r}: expected PATH=EXPRESSION")
        try:
            compiled = Expression.compile(expression)
        except SyntaxError as error:  # (what pytest raises for a bad -k)
            raise pytest.UsageError(f"--replication-lag-subset {option!r}: {error}") from None
        subsets.append((_resolved(config, path), compiled))
    return subsets


def _under(item: pytest.Item, path: Path) -> bool:
    return item.path.resolve().is_relative_to(path)


def _selects(expression: Expression, item: pytest.Item) -> bool:
    """What `-k EXPRESSION` keeps (pytest's own matcher: names of the item and its parents, markers)."""
    return expression.evaluate(KeywordMatcher.from_item(item))


@pytest.fixture
def replication_lag(request: pytest.FixtureRequest) -> int:
    """This test's reads' lag in seconds: --replication-lag's, or its run's under --replication-lag-too."""
    return _lag_of(request.node)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MAILWARDEN_* setting or proxy from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("MAILWARDEN_") or name.upper() in _PROXY_VARIABLES:
            monkeypatch.delenv(name)
    # The demo tenant's emulator is served inside each command: a test's commands leave no background
    # process behind (tests/cli/test_demo_emulator.py tests the background one and stops it).
    monkeypatch.setenv("MAILWARDEN_DEMO_EMULATOR", "in-process")


@pytest.fixture(autouse=True)
def fresh_budgets() -> None:
    """Each test's requests start with the tenant budgets this process keeps full (connectors/budget.py),
    as the emulator's own are after `faults.reset()`: no 429 hold of an earlier test carries over."""
    from mailwarden.connectors.budget import forget_local_budgets

    forget_local_budgets()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """The Acme tenant emulator, served over HTTPS for the whole session."""
    with running_emulator(tmp_path_factory.mktemp("emulator")) as em:
        yield em


@pytest.fixture
def tenant(emulator: RunningEmulator) -> Iterator[TenantState]:
    """The emulator's state for one test; its changes and faults are undone afterwards."""
    emulator.faults.reset()
    with emulator.state.snapshot():
        yield emulator.state
    emulator.faults.reset()


class _MsalHttpClient(httpx.Client):
    """An httpx client shaped for msal: msal passes the client assertion as bytes, which httpx would
    send as the text "b'...'"; decode it the way requests does."""

    def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        data = kwargs.get("data")
        if isinstance(data, dict):
            kwargs["data"] = {k: v.decode() if isinstance(v, bytes) else v for k, v in data.items()}
        return super().post(url, **kwargs)


@pytest.fixture
def emulator_http(emulator: RunningEmulator) -> Iterator[httpx.Client]:
    """An httpx client that trusts the emulator's CA and ignores proxy settings."""
    with httpx.Client(verify=emulator.ssl_context(), trust_env=False, timeout=10) as client:
        yield client


@pytest.fixture
def msal_app(emulator: RunningEmulator) -> Iterator[Callable[..., msal.ConfidentialClientApplication]]:
    """Build a fresh msal confidential client (no shared token cache) against the emulator."""
    clients: list[httpx.Client] = []

    def build(
        credential: Any = None, *, tenant: str | None = None, client_id: str | None = None
    ) -> msal.ConfidentialClientApplication:
        http = _MsalHttpClient(verify=emulator.ssl_context(), trust_env=False, timeout=10)
        clients.append(http)
        return msal.ConfidentialClientApplication(
            client_id or emulator.client_id,
            client_credential=emulator.client_secret if credential is None else credential,
            authority=f"{emulator.url}/{tenant or emulator.tenant_id}",
            instance_discovery=False,
            http_client=http,
        )

    yield build
    for http in clients:
        http.close()


# ---- tenant connections for action, view and workflow tests -----------------------------------------


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def emulator_connection(em: RunningEmulator) -> TenantConnection:
    """A connection to the emulator the way a user configures one: endpoints, ids and a secret."""
    return TenantConnection(
        endpoints=emulator_endpoints(em.url, em.signin_url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        credential=ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
    )


async def discovered_context(
    clients: TenantClients,
    replication_lag: int = 0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    found: Discovered | None = None,
) -> ActionContext:
    """An action context whose directory is discovered from the tenant as it is now (or `found`, a
    discovery of the tenant in the state it is in now). Verification waits a few seconds past the lag, not
    production's minute, so a write that never shows fails fast."""
    found = found if found is not None else await discover(clients)
    verify = VerifyWait(first=0.25, longest=0.5, bound=replication_lag + 3.0, sleep=sleep)
    return ActionContext(clients=clients, directory=Directory(found.recipients, found.domains), verify=verify)


class TenantClock:
    """The emulator's clock for one test under --replication-lag: real time plus the waits made so far.

    A wait (`sleep`) moves the clock on by its length at once instead of sleeping, so the tenant shows a
    write exactly when it would after that much real waiting, and a 2 s lag costs no wall time. Real time
    still runs too, so a test or product wait that sleeps for real is seen as well. Waits that start
    together end together: each moves the clock to its own end, not on by its length again, so two
    concurrent waits never make the tenant replicate sooner than it would."""

    current: TenantClock | None = None
    """The clock of the test running now (in this process), for `settle`, which a synchronous helper
    calls without the fixture."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def now(self) -> float:
        return time.time() + self.ahead

    async def sleep(self, seconds: float) -> None:
        until = self.now() + max(0.0, seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real wait would
        self.ahead = max(self.ahead, until - time.time())

    def wait_out(self, seconds: float) -> None:
        """`sleep` for a caller that cannot await: the clock moves on, nothing else runs meanwhile."""
        until = self.now() + max(0.0, seconds)
        self.ahead = max(self.ahead, until - time.time())


def settle(tenant: TenantState) -> None:
    """Wait until reads show every write so far, on the test's TenantClock (no wall time): for setup
    writes that stand for a state the tenant reached long before mailwarden looks. Under a lag the test's
    clock did not take over (a test that switches the lag on itself), waits in real time."""
    with tenant.transaction():
        seconds = tenant.settles_in()
    if not seconds:
        return
    if TenantClock.current is not None:
        TenantClock.current.wait_out(seconds)
    else:
        time.sleep(seconds)


@pytest.fixture
def tenant_clock(request: pytest.FixtureRequest) -> Iterator[TenantClock | None]:
    """Under --replication-lag (or in a test's lagged run under --replication-lag-too), the emulator keeps
    time on a TenantClock for this test (undone afterwards); None otherwise. Read from the option or the
    run, not the `replication_lag` fixture, which selects the tests the lag pass runs. Patched with a
    MonkeyPatch of its own, not the test's: a test that undoes its own patches (`monkeypatch.undo()` once a
    fault is injected) would put the emulator back on real time mid-test, behind the writes made on this
    clock, so that they lag on and `replicated()` never settles them."""
    if not _lag_of(request.node):
        yield None
        return
    clock = TenantClock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_module, "_clock", clock.now)
        patch.setattr(TenantClock, "current", clock)
        yield clock


@pytest.fixture
def replicated(tenant: TenantState, tenant_clock: TenantClock | None) -> Callable[[], Awaitable[None]]:
    """Wait until reads show every write so far. For a test's own setup writes, which stand for a state
    the tenant reached long before the action runs (under --replication-lag they would still be lagging)."""

    async def wait() -> None:
        with tenant.transaction():
            seconds = tenant.settles_in()
        await (tenant_clock.sleep if tenant_clock else asyncio.sleep)(seconds)

    return wait


@pytest.fixture
async def ctx(
    tenant: TenantState,
    emulator: RunningEmulator,
    replication_lag: int,
    tenant_clock: TenantClock | None,
    request: pytest.FixtureRequest,
) -> AsyncIterator[ActionContext]:
    """Clients for the emulated tenant (restored to the seed afterwards) and its discovered directory;
    with --replication-lag, reads lag writes (the switch is undone with the rest of the state), and
    verification's waits move the tenant's clock on instead of sleeping (TenantClock)."""
    if replication_lag:
        set_switch(tenant, "replication_lag_seconds", replication_lag)
    writes_before = tenant.generation
    sleep = tenant_clock.sleep if tenant_clock else asyncio.sleep
    async with open_tenant(emulator_connection(emulator)) as clients:
        found = await _discovery(clients, tenant, emulator.faults, request.config)
        yield await discovered_context(clients, replication_lag, sleep, found)
    if request.node.get_closest_marker("reads_only") and tenant.generation != writes_before:
        pytest.fail(
            f"{request.node.name} is marked reads_only but wrote to the tenant, so its reads can lag: "
            "remove the marker, and the run with --replication-lag runs it again",
            pytrace=False,
        )


_KEPT_DISCOVERIES: list[tuple[TenantData, Discovered]] = []
"""This process's discoveries of its session emulator, each with the tenant state it read: most tests'
`ctx` starts from the seed, and a discovery (some fifty calls to the emulator) cost ~0.09 s of CPU each."""


async def _discovery(
    clients: TenantClients, tenant: TenantState, faults: Faults, config: pytest.Config
) -> Discovered:
    """What `discover` finds in the tenant now; kept, and given again for the same state, where nothing
    but that state decides it: no fault armed, and no switch set (a replication lag makes reads depend on
    the clock, role propagation and consent what Exchange answers). A test's own reads and writes still
    reach the tenant: only the fixture's discovery is not sent again (nor logged: see below)."""
    check = config.getoption("--check-kept-discoveries")
    with tenant.transaction():  # (the state as the emulator's next read has it: another process may write it)
        keeps = _reads_depend_on_state_alone(tenant, faults)
        kept = None
        # (newest last, and the last used is moved there: the seed's stays kept while tests with states of
        # their own come and go)
        for at in range(len(_KEPT_DISCOVERIES) - 1, -1, -1) if keeps else ():
            if _KEPT_DISCOVERIES[at][0] == tenant.data:
                kept = _KEPT_DISCOVERIES[at][1]
                _KEPT_DISCOVERIES.append(_KEPT_DISCOVERIES.pop(at))
                break
        if kept is not None and not check:
            return kept
        before = tenant.data.model_copy(deep=True) if keeps and kept is None else None
    logged = faults.log_mark()
    found = await discover(clients)
    if keeps:
        # The test's request log starts after its context, as it does when a kept discovery is given: what
        # a test reads in the log never depends on whether an earlier test in the process saw the same state.
        faults.forget_since(logged)
    if kept is not None and (kept.recipients, kept.domains) != (found.recipients, found.domains):
        pytest.fail("the discovery kept for this tenant state differs from the tenant's", pytrace=False)
    with tenant.transaction():
        # (only a state discovery left as it found it is kept: a read that wrote is not the same state again)
        if before is not None and tenant.data == before and _reads_depend_on_state_alone(tenant, faults):
            _KEPT_DISCOVERIES.append((before, found))
            del _KEPT_DISCOVERIES[:-16]
    return found


def _reads_depend_on_state_alone(tenant: TenantState, faults: Faults) -> bool:
    return not faults.armed() and tenant.data.switches == Switches() and not tenant.data.pending_writes
