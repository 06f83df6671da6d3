"""Red team 81 F1: a time-bound grant to a group ends even once the group's address is made token-shaped.
The end is built by the scheduler from the group as it is now: no one's typed text, never refused for it."""

from __future__ import annotations

import dataclasses

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.state import TenantState
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import MailboxDelegation
from tests.security.test_redteam79_token_shaped_names import _full_access
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow
from tests.workflow.test_time_bound_shares import _days, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
TEAM = "finance-team@acme.com"  # a mail-enabled security group: no UPN to find it by
CRAFTED = "mwt_0123456789abcdef_finance-team-of-acme@acme.com"  # an API token's shape, a valid address


async def test_a_grant_to_a_group_readdressed_token_shaped_still_ends(
    flow: Flow, tenant: TenantState
) -> None:
    grant = MailboxDelegation(
        change="grant", mailbox="support@acme.com", trustee=TEAM, expires=_days(flow, 1)
    )
    await _done(flow, "grace.hopper@acme.com", grant)
    with tenant.transaction():
        box = tenant.find(TEAM)
        assert box is not None
        box.primary_smtp, box.email_addresses = CRAFTED, [f"SMTP:{CRAFTED}"]
        tenant.reindex()
        tenant.mark_dirty()
    d = flow.ctx.directory
    old = d.by_address(TEAM)
    assert old is not None
    moved = Recipient.model_validate({**old.model_dump(), "primary_address": CRAFTED, "addresses": [CRAFTED]})
    flow.ctx = dataclasses.replace(
        flow.ctx, directory=Directory([moved if r == old else r for r in d], d.domains)
    )
    assert CRAFTED in _full_access(tenant, "support@acme.com")

    await _ended(flow, 2)
    assert CRAFTED not in _full_access(tenant, "support@acme.com")
