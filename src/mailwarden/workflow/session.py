"""A person's session with one tenant, whatever the channel (CLI, API, pages): the tenant's clients and
directory, who is asking, the tenant's policy and what it knows (Org), and the request service."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.connection import TenantClients
from mailwarden.errors import NotPermitted
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.redact import read_decision
from mailwarden.workspace import Workspace

if TYPE_CHECKING:
    # The request service (its audit log, ORM and execution) and the live policy load when first used:
    # a plan, which stores nothing, never uses them.
    from mailwarden.workflow.live_policy import LivePolicy
    from mailwarden.workflow.service import Actor, RequestService

__all__ = ["Session", "actor_of", "authorize_read"]


@dataclass(frozen=True)
class Session:
    workspace: Workspace
    tenant_key: str
    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org

    @functools.cached_property
    def service(self) -> RequestService:
        """The request service (made on first use; a frozen dataclass still caches it)."""
        return self.workspace.requests

    @property
    def clients(self) -> TenantClients:
        return self.ctx.clients

    @property
    def actor(self) -> Actor:
        return actor_of(self.requester)

    def decide(self, requester: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        """The tenant's policy on one step (what preflight found does not widen it)."""
        return self.engine.decide(self.org, requester, step)

    async def plan_decisions(self, requester: Recipient, steps: Sequence[Step]) -> list[Decision]:
        """`decide` on each of `steps` in one policy call, for a plan, knowing who reads the mail of each
        forwarding among `steps` and what each group they add someone to holds on mailboxes (both read from
        the tenant now), as the stored request's decisions will."""
        from mailwarden.workflow.forwarded_readers import (
            read_forward_readers,
            settle_unknown_readers,
            with_member_readers,
        )
        from mailwarden.workflow.list_rights import with_list_rights

        # (without what a group holds, the plan would show its add as unknown)
        readers, org = await asyncio.gather(
            read_forward_readers(self.clients, self.ctx.directory, steps),
            with_list_rights(self.clients, self.ctx.directory, self.org, steps),
        )
        org = await settle_unknown_readers(self.clients, org, readers, steps, [requester.recipient_id])
        org = await with_member_readers(
            self.clients, self.ctx.directory, org, steps, [requester.recipient_id]
        )
        return self.engine.decide_many(org, requester, steps)

    @property
    def live(self) -> LivePolicy:
        """The tenant's policy on live facts: what submit, confirm, approve and execution decide with."""
        from mailwarden.workflow.live_policy import LivePolicy

        directory = self.ctx.directory
        return LivePolicy(
            engine=self.engine,
            clients=self.clients,
            directory=directory,
            base_org=lambda: self.workspace.org(self.tenant_key, directory),
        )


def actor_of(recipient: Recipient) -> Actor:
    from mailwarden.workflow.service import Actor

    return Actor(
        actor_id=recipient.recipient_id, address=recipient.primary_address, is_admin=recipient.is_admin
    )


async def authorize_read(session: Session, step: Step) -> None:
    """Refuse a read view the tenant's policy does not allow this requester (employees: their own scope)."""
    decision = await read_decision(session, step)
    if isinstance(decision, Denied):
        raise NotPermitted(decision.reason or "The tenant's policy does not allow this view.")
