"""Who the requester is, by object id, for what they see and are told (after red team 79's note).

The re-decisions find the requester by object id (test_requester_by_object_id.py). What a request shows and
the news it sends still took whoever holds the address it was filed under for its requester: an admin moves
Tom's address and gives the freed one to Ava, who was then mailed Tom's request's news (what it asks, who
decided, why), Tom at his new address nothing; Ava, given Grace's address as her own and the second admin
Grace's request waits on, was left out of its approvers as if she had asked for it. Driven through the demo
tenant (the emulator): each address moved, the directory read again (the store's copy too) before the step it
attacks; the news sent by Graph into the emulated mailboxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.workflow import live_policy
from tests.conftest import settle
from tests.notifications.test_notifications import _ask, _configure, _deliver, _inbox, _records
from tests.security.other_admin import OtherAdmin
from tests.security.test_requester_by_object_id import (
    AVA,
    GRACE,
    GRACE_NOW,
    MIKE_ON_TOMS,
    _admin,
    _approve,
    _confirmed,
    _filed,
    _grace_removed_and_her_address_given_to_ava,
    _moved,
)
from tests.security.test_sec25_forwarded_unplaced_and_chains import _read_directory
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import _move_address

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TOM, SARAH, MARIA = "tom.becker@acme.com", "sarah@acme.com", "maria.garcia@acme.com"
TOM_NOW = "tom.becker-old@acme.com"
"""Tom's address once his is moved (`_move_address` keeps `<name>-old@`)."""
SUPPORT_FOR_TOM = SendAs(change="grant", mailbox="support@acme.com", trustee=TOM)
"""Sarah, Support's owner, approves."""


def _stored(flow: Flow) -> None:
    """The directory as last read, in the store's copy too (where the app finds who holds an address)."""
    directory = flow.ctx.directory
    RecipientCache(flow.service.store).replace_all(TENANT, list(directory), directory.domains)


def _subjects(tenant: TenantState, address: str) -> list[str]:
    return sorted(m["subject"] for m in _inbox(tenant, address))


# ---- (1) who is told --------------------------------------------------------------------------------------


@pytest.mark.parametrize("queued", ["after the move", "before the move"])
async def test_the_requesters_news_goes_to_him_at_his_address_now_never_to_its_new_holder(
    flow: Flow, tenant: TenantState, tmp_path: Path, queued: str
) -> None:
    """Sarah denies Tom's request, before or after tom.becker@ goes to Ava: Tom is told at tom.becker-old@,
    Ava is told nothing of a request not hers (news queued for tom.becker@ goes where Tom is when sent)."""
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SUPPORT_FOR_TOM)
    if queued == "before the move":
        flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _moved(flow, tenant, TOM)  # Ava holds tom.becker@ now
    _stored(flow)
    if queued == "after the move":
        flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    assert _subjects(tenant, TOM_NOW) == [f"[mailwarden] Your request was denied ({view.request_id[:8]})"]


async def test_a_requester_gone_from_the_tenant_is_told_nothing_and_nobody_in_his_place(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """Grace's request waits on Maria; Grace is removed and grace.hopper@ given to Ava; Maria denies it. The
    request is shown as from a gone person."""
    _configure(flow, tmp_path)
    _admin(tenant, MARIA)
    view, _ = await _confirmed(flow, GRACE, MIKE_ON_TOMS)
    assert view.pending_approvers() == [MARIA], view
    await _grace_removed_and_her_address_given_to_ava(flow, tenant)
    _stored(flow)
    flow.service.deny(TENANT, view.request_id, flow.actor(MARIA), "No.")
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    gone = flow.service.get(TENANT, view.request_id)
    assert gone.requester_shown == f"{GRACE} (no longer in the tenant)", (
        gone.requester_shown
    )  # as admins see it
    assert ("denied", "email", GRACE) not in {
        (r.event, r.channel, r.recipient) for r in _records(flow.service.store)
    }


# ---- (2) who is waited on: the new holder of the requester's address is no requester ---------------------


async def test_the_admin_given_the_requesters_address_as_her_own_is_waited_on_and_approves(
    flow: Flow, tenant: TenantState
) -> None:
    """Grace files Mike's access to Tom's mailbox; Ava, made the second admin, is given grace.hopper@ as her
    primary address before Grace confirms. Decided again, the request waits on Ava under grace.hopper@: she
    is its approver (she was left out, as its requester, and the request waited on nobody), and approves."""
    _admin(tenant, AVA)
    view, grace = await _filed(flow, GRACE, MIKE_ON_TOMS)
    _, ava = _move_address(tenant, GRACE, AVA)
    OtherAdmin(tenant).exchange("Set-Mailbox", Identity=ava, EmailAddresses=[f"SMTP:{GRACE}", f"smtp:{AVA}"])
    settle(tenant)
    await _read_directory(flow)
    _stored(flow)
    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, grace)
    assert confirmed.pending_approvers() == [GRACE], confirmed  # Ava's address now
    assert flow.person(GRACE).recipient_id == ava != flow.person(GRACE_NOW).recipient_id
    approved = await _approve(flow, confirmed, GRACE)
    assert approved.state is RequestState.APPROVED, approved.state
