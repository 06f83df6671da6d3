"""Red team 21: an undo gives back what a request took away, from the objects it took it from. The undo was
planned from the original step's addresses as they resolve when undoing: Grace took Tom's Full Access on
Support away; Tom's address then passed to Mike (Tom renamed, his old address given to Mike, as when a
leaver's address is reused); undoing Grace's request gave Full Access on Support to Mike, who never had
it. (An expiry re-addresses its revert to the object granted, workflow/binding.py; an undo did not.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import ADMIN, OWNER, TOM, _undo
from tests.workflow.test_requests import SUPPORT, _has_full_access, _request

pytestmark = pytest.mark.anyio

MIKE = "mike.smith@acme.com"


async def test_undo_gives_access_back_to_the_person_it_was_taken_from_not_to_his_old_address(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    revoked = await _request(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoked.state is RequestState.COMPLETED, revoked
    other = OtherAdmin(tenant)
    tom, mike = other.id_of(TOM), other.id_of(MIKE)
    with tenant.transaction():  # his sign-in name too (the emulator's Graph does not change it)
        tenant.data.recipients[tom].user_principal_name = "tom.old@acme.com"
        tenant.mark_dirty()
    other.exchange("Set-Mailbox", Identity=tom, EmailAddresses=["SMTP:tom.old@acme.com"])
    other.exchange("Set-Mailbox", Identity=mike, EmailAddresses=[f"SMTP:{MIKE}", f"smtp:{TOM}"])
    # The address moved long before the undo (under --replication-lag, a move seconds old is not yet in any
    # read: neither the directory nor the executor's live check can see it; see the session note).
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)

    undoing = await _undo(flow, revoked.request_id, who=ADMIN)
    if undoing.state is RequestState.PENDING_APPROVAL:
        flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)

    assert not _has_full_access(tenant, SUPPORT, MIKE), "the undo gave access to the address's new holder"
    assert _has_full_access(tenant, SUPPORT, "tom.old@acme.com")


async def test_undo_gives_nothing_to_a_newcomer_with_the_address_of_someone_gone(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    revoked = await _request(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoked.state is RequestState.COMPLETED, revoked
    other = OtherAdmin(tenant)
    tom, mike = other.id_of(TOM), other.id_of(MIKE)
    with tenant.transaction():  # Tom's account deleted (out of band: the emulator has no route for it)
        del tenant.data.recipients[tom]
        tenant.mark_dirty()
    other.exchange("Set-Mailbox", Identity=mike, EmailAddresses=[f"SMTP:{MIKE}", f"smtp:{TOM}"])
    # The address moved long before the undo (under --replication-lag, a move seconds old is not yet in any
    # read: neither the directory nor the executor's live check can see it; see the session note).
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)

    with pytest.raises(NotPermitted, match="no longer in the directory"):
        await _undo(flow, revoked.request_id, who=ADMIN)
    assert not _has_full_access(tenant, SUPPORT, MIKE)
