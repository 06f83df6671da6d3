"""Workflow tests: the real request service on a temporary store, the real policy, the emulated tenant."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import open_tenant
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.faults import LoggedRequest
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from mailwarden.workflow.service import Actor, RequestService
from tests.conftest import TenantClock, discovered_context, emulator_connection

TENANT = "acme"


@dataclass
class Clock:
    """A clock tests move forward instead of sleeping."""

    now: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@dataclass
class Flow:
    """What a workflow test works with: the service, the tenant context and the policy."""

    service: RequestService
    ctx: ActionContext
    clock: Clock
    audit: AuditLog
    engine: PolicyEngine = field(default_factory=PolicyEngine)

    @property
    def org(self) -> Org:
        d = self.ctx.directory
        return Org(directory=d, admins=frozenset(r.recipient_id for r in d if r.is_admin))

    def person(self, reference: str) -> Recipient:
        return resolve(self.ctx.directory, reference)

    def actor(self, reference: str) -> Actor:
        r = self.person(reference)
        return Actor(actor_id=r.recipient_id, address=r.primary_address, is_admin=r.is_admin)

    def decide(self, requester: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        return self.engine.decide(self.org, requester, step)

    @property
    def live(self) -> LivePolicy:
        """The policy on live facts, over this flow's tenant."""
        return LivePolicy(self.engine, self.ctx.clients, self.ctx.directory, lambda: self.org)

    async def check(self, view: RequestView, step: Step) -> Decision:
        """The executor's check before each step: the decision made again on live facts."""
        return await self.live.step_check(view, step)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as s:
        TenantRegistry(s).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        yield s


@pytest.fixture
def flow(store: Store, ctx: ActionContext, tmp_path: Path) -> Flow:
    clock = Clock()
    audit = AuditLog(store, tmp_path)
    return Flow(service=RequestService(store, audit, clock=clock), ctx=ctx, clock=clock, audit=audit)


def generated_tenant(people: int) -> tuple[Any, Any]:
    """The `crowd` and `tenant` fixtures of a module whose tests need many people: Acme with `people`
    generated ones (user00000@acme.com ...), served for the module, each test's changes and faults undone
    after it. `crowd, tenant = generated_tenant(PEOPLE)` in the module (its `ctx` says how it connects)."""

    @pytest.fixture(scope="module", name="crowd")
    def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
        with running_emulator(tmp_path_factory.mktemp("crowd"), users=people) as em:
            yield em

    @pytest.fixture(name="tenant")
    def tenant(crowd: RunningEmulator) -> Iterator[TenantState]:
        crowd.faults.reset()
        with crowd.state.snapshot():
            yield crowd.state
        crowd.faults.reset()

    return crowd, tenant


def lagging_crowd_ctx() -> Any:
    """The `ctx` fixture of a module with a `generated_tenant`: as tests/conftest.py's `ctx`, on the crowd;
    with --replication-lag, reads lag writes. `ctx = lagging_crowd_ctx()` in the module."""

    @pytest.fixture(name="ctx")
    async def ctx(
        tenant: TenantState, crowd: RunningEmulator, replication_lag: int, tenant_clock: TenantClock | None
    ) -> AsyncIterator[ActionContext]:
        if replication_lag:
            set_switch(tenant, "replication_lag_seconds", replication_lag)
        sleep = tenant_clock.sleep if tenant_clock else asyncio.sleep
        async with open_tenant(emulator_connection(crowd)) as clients:
            yield await discovered_context(clients, replication_lag, sleep)

    return ctx


# ---- time-bound list adds on a crowd (test_bulk_time_bound, test_bulk_expiry, test_rt56_*) -------------

ALL_HANDS = "all-hands@acme.com"
BULK_ADMIN = "grace.hopper@acme.com"


def crowd_people(n: int, start: int = 0) -> list[str]:
    """Generated people of a crowd (`generated_tenant`), from user`start`."""
    return [f"user{i:05d}@acme.com" for i in range(start, start + n)]


def all_hands_adds(people: list[str], until: dt.datetime | None) -> list[Step]:
    return [
        DistributionListMembership(change="add", group=ALL_HANDS, member=p, expires=until) for p in people
    ]


def all_hands_members(tenant: TenantState) -> set[str]:
    group = tenant.find(ALL_HANDS)
    assert group is not None
    with tenant.transaction():
        return {r.primary_smtp for m in group.members if (r := tenant.recipients.get(m)) is not None}


def all_hands_removals(tenant: TenantState, since: int) -> list[str]:
    """Who was sent a removal from the list after journal entry `since` (one entry per removal carried)."""
    group = tenant.find(ALL_HANDS)
    assert group is not None
    with tenant.transaction():
        return [
            str(e.detail.get("member"))
            for e in tenant.data.journal[since:]
            if e.operation == "Remove-DistributionGroupMember" and e.target in (ALL_HANDS, group.id)
        ]


def round_trips(crowd: RunningEmulator, api: str) -> list[LoggedRequest]:
    """Round trips to `api` (a `$batch` is one; what it carries is not counted again)."""
    return [r for r in crowd.faults.requests(api) if not r.batch_item]


async def confirmed(flow: Flow, steps: list[Step]) -> RequestView:
    """Grace's request of `steps`, planned with the request records (a grant over a time-bound one is shown
    as the extension it is), submitted and confirmed."""
    admin = flow.person(BULK_ADMIN)
    decide = await flow.live.decider(admin, steps)
    planned = await plan_steps(flow.ctx, admin, steps, decide, service=flow.service, tenant=TENANT)
    view = flow.service.submit(TENANT, flow.actor(BULK_ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(BULK_ADMIN))
    assert view.state is RequestState.APPROVED, view.state
    return view


async def advanced(flow: Flow, view: RequestView) -> RequestView:
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)


async def asked_and_run(flow: Flow, steps: list[Step]) -> RequestView:
    """`steps` confirmed and run."""
    return await advanced(flow, await confirmed(flow, steps))


async def sweep_at(flow: Flow, until: dt.datetime) -> list[RequestView]:
    """The expiry sweep at `until`."""
    flow.clock.now = until
    return await run_expiries(flow.service, flow.ctx, TENANT)
