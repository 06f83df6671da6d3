"""A request taken through the real workflow up to approval, for attacks that change the tenant between
approval and execution."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.directory.resolve import resolve
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow.executor import StepCheck
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.requests import advance, plan_steps, submit
from mailwarden.workflow.service import Actor, RequestService

TENANT = "acme"


def _actor(r: Recipient) -> Actor:
    return Actor(actor_id=r.recipient_id, address=r.primary_address, is_admin=r.is_admin)


def live_check(ctx: ActionContext) -> StepCheck:
    """The executor's check as every channel passes it: each step decided again on live facts, under the
    default policy. Without one the executor runs nothing (deny by default), so a test that leaves it out
    asserts on that refusal, not on what it means to test."""
    directory = ctx.directory
    org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
    return LivePolicy(PolicyEngine(), ctx.clients, directory, lambda: org).step_check


@asynccontextmanager
async def approved_forwarding(
    ctx: ActionContext, mailbox: str, forward_to: str
) -> AsyncIterator[Callable[[], Awaitable[RequestView]]]:
    """The owner of `mailbox` asks to forward it to `forward_to`, confirms, and every approver approves.

    Yields `run()`, which executes the approved request (as the scheduler would) and returns it.
    """
    engine = PolicyEngine()
    directory = ctx.directory
    org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))

    def decide(requester: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        return engine.decide(org, requester, step)

    with tempfile.TemporaryDirectory() as folder, Store(f"sqlite:///{Path(folder) / 'mw.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        service = RequestService(store, AuditLog(store, Path(folder)))
        requester = resolve(directory, mailbox)
        step = EmailForwardingInternal(change="set", mailbox=mailbox, forward_to=forward_to)
        planned = await plan_steps(ctx, requester, [step], decide)
        live = LivePolicy(engine, ctx.clients, directory, lambda: org)
        view = await submit(
            service, ctx, TENANT, _actor(requester), planned, confirm=True, check=live.step_check
        )
        assert view.state is RequestState.PENDING_APPROVAL, (view.state, planned)
        decision = view.steps[0].decision
        assert isinstance(decision, ApprovalRequired)
        approver = resolve(directory, decision.approvers[0])
        service.approve(TENANT, view.request_id, _actor(approver), "Covering while she is away.")

        async def run() -> RequestView:
            # As every channel runs it: each step decided again on live facts first (without a check the
            # executor runs nothing, so the refusal asserted would be that one, not the walk's).
            return await advance(service, ctx, TENANT, view.request_id, check=live.step_check)

        yield run
