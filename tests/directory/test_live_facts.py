"""Live facts: the few recipients of one decision read from the tenant in one Graph and one Exchange batch."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from tests.security.other_admin import OtherAdmin

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.graph import GraphBatchRequest, GraphBatchResult
from mailwarden.directory.live_facts import LiveFacts, read_live_facts
from mailwarden.emulator.state import TenantState

TOM = "12744b96-d6e1-517b-b0ea-020dbb08da36"
GRACE = "30c2e407-75e9-5579-92b5-79e75abbbc3e"
OLIVIA = "8e662d5a-90c1-5eea-9c4e-378e0aa1cb60"
ATLAS = "e5ac4478-0846-58f2-b4ad-2df628824abe"
ENGINEERING = "3f16af35-705d-5b4f-b115-4482321fe151"
SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"


@pytest.mark.anyio
async def test_the_facts_of_a_decision_take_two_round_trips(ctx: ActionContext) -> None:
    """A person, a list, a private group and a shared mailbox: one Graph batch and one Exchange batch."""
    facts = await read_live_facts(ctx.clients, ctx.directory, [TOM, ENGINEERING, ATLAS, SUPPORT])
    assert facts.round_trips == 2
    assert facts.recipients[ENGINEERING].member_join_restriction == "ApprovalRequired"
    assert facts.recipients[ATLAS].member_join_restriction == "Closed"
    assert facts.recipients[SUPPORT].owners  # the accountable person, read as the mailbox's manager
    assert GRACE in facts.admins
    assert facts.missing == frozenset()


@pytest.mark.anyio
async def test_live_facts_see_what_another_admin_just_changed(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Disabled, demoted, made public, an owner disabled: the cache does not know, the live facts do."""
    admin = OtherAdmin(tenant)
    admin.set_enabled("tom.becker@acme.com", False)
    admin.remove_role("grace.hopper@acme.com")
    admin.set_visibility("project-atlas@acme.com", "Public")
    admin.set_enabled("olivia.martin@acme.com", False)

    facts = await read_live_facts(ctx.clients, ctx.directory, [TOM, ATLAS, GRACE])
    assert ctx.directory.get(TOM).enabled  # type: ignore[union-attr]
    assert not facts.recipients[TOM].enabled
    assert GRACE not in facts.admins
    assert not facts.recipients[GRACE].is_admin
    assert facts.recipients[ATLAS].member_join_restriction == "Open"
    assert not facts.recipients[OLIVIA].enabled  # the owner, read along with her group


@pytest.mark.anyio
async def test_a_recipient_deleted_in_the_tenant_is_missing(ctx: ActionContext, tenant: TenantState) -> None:
    """A group the cache still holds but the tenant no longer does is reported missing, not kept."""
    with tenant.transaction():
        del tenant.data.recipients[ATLAS]
        tenant.reindex()
        tenant.mark_dirty()
    facts = await read_live_facts(ctx.clients, ctx.directory, [ATLAS, TOM])
    assert facts.missing == frozenset({ATLAS})
    assert ATLAS not in facts.recipients


@pytest.mark.anyio
async def test_a_read_given_another_reads_roles_asks_no_role_again_and_knows_each_persons_roles_now(
    ctx: ActionContext, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk decision's pages read their people apart from what every page shares (workflow/live_policy.py,
    PagedScan): a page's read takes the roles of the shared read and sends no role query of its own, and
    still knows an admin among its people as one, and one demoted before the shared read as none."""
    sent: list[str] = []
    batch = ctx.clients.graph.batch

    async def counted(requests: Sequence[GraphBatchRequest], **kw: Any) -> list[GraphBatchResult]:
        sent.extend(r.url for r in requests)
        return await batch(requests, **kw)

    monkeypatch.setattr(ctx.clients.graph, "batch", counted)

    async def page_of(people: list[str]) -> LiveFacts:
        shared = asyncio.ensure_future(read_live_facts(ctx.clients, ctx.directory, [ENGINEERING]))
        await shared
        sent.clear()
        return await read_live_facts(ctx.clients, ctx.directory, people, roles_from=shared)

    page = await page_of([TOM, GRACE])
    assert not [u for u in sent if "roleManagement" in u], sent
    assert len(sent) == 2  # the two people alone
    assert page.recipients[GRACE].is_admin
    assert GRACE in page.admins

    OtherAdmin(tenant).remove_role("grace.hopper@acme.com")
    page = await page_of([TOM, GRACE])
    assert not page.recipients[GRACE].is_admin
    assert GRACE not in page.admins
