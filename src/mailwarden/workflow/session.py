"""A person's session with one tenant, whatever the channel (CLI, API, pages): the tenant's clients and
directory, who is asking, the tenant's policy and what it knows (Org), and the request service."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mailwarden.actions.base import ActionContext
from mailwarden.actions.views import delegates_of
from mailwarden.connectors.connection import TenantClients
from mailwarden.errors import NotPermitted
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.service import Actor, RequestService
from mailwarden.workspace import Workspace

__all__ = ["Session", "actor_of", "authorize_read"]


@dataclass(frozen=True)
class Session:
    workspace: Workspace
    tenant_key: str
    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org
    service: RequestService

    @property
    def clients(self) -> TenantClients:
        return self.ctx.clients

    @property
    def actor(self) -> Actor:
        return actor_of(self.requester)

    def decide(self, requester: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        """The tenant's policy on one step (what preflight found does not widen it)."""
        return self.engine.decide(self.org, requester, step)

    @property
    def live(self) -> LivePolicy:
        """The tenant's policy on live facts: what submit, confirm, approve and execution decide with."""
        directory = self.ctx.directory
        return LivePolicy(
            engine=self.engine,
            clients=self.clients,
            directory=directory,
            base_org=lambda: self.workspace.org(self.tenant_key, directory),
        )


def actor_of(recipient: Recipient) -> Actor:
    return Actor(
        actor_id=recipient.recipient_id, address=recipient.primary_address, is_admin=recipient.is_admin
    )


async def authorize_read(session: Session, step: Step) -> None:
    """Refuse a read view the tenant's policy does not allow this requester (employees: their own scope)."""
    org = session.org
    mailbox_ref = getattr(step, "mailbox", None) or getattr(step, "owner", None)
    if mailbox_ref and not session.requester.is_admin:
        target = session.ctx.directory.address_owner(str(mailbox_ref))
        if target is not None:
            delegates = await delegates_of(session.ctx, target)
            org = replace(org, delegates={**org.delegates, target.recipient_id: delegates})
    decision = session.engine.decide(org, session.requester, step)
    if isinstance(decision, Denied):
        raise NotPermitted(decision.reason or "The tenant's policy does not allow this view.")
