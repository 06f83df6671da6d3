"""Workflow tests: the real request service on a temporary store, the real policy, the emulated tenant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.service import Actor, RequestService

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
