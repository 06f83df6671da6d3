"""sec34: the walk of where forwarded mail goes places a ForwardingAddress Name on the Name alone.

directory/reach.py looked the Name Exchange prints for ForwardingAddress up with `Get-Recipient -Identity`,
which also takes an alias: Chris forwards to the contact John Partner (outside), whose Name is
'tom.becker', Tom Becker's alias. -Identity matched both and failed, so forwarding Sarah's mail to Chris
failed with a tenant error instead of being refused for the contact it reaches (and a forwarding's readers,
workflow/forwarded_readers.py, came out as everyone). Looked up with `-Filter "Name -eq ..."`, the Name
places exactly; a Name two recipients hold is followed to both (the contact among them blocks the walk); a
Name nobody holds blocks it (never ends it quietly)."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.email_forwarding_internal import ACTION
from mailwarden.directory.reach import mail_reach
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import EmailForwardingInternal
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio

SARAH, CHRIS, TOM = "sarah@acme.com", "chris.lee@acme.com", "tom.becker@acme.com"
CONTACT = "john@partnerfirm.example"
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def _name(tenant: TenantState, *names: tuple[str, str]) -> None:
    with tenant.transaction():
        for address, name in names:
            found = tenant.address_owner(address)
            assert found is not None, address
            found.name = name
        tenant.reindex()
        tenant.mark_dirty()


async def _run(ctx: ActionContext, tenant: TenantState) -> Any:
    OtherAdmin(tenant, settled=True).exchange("Set-Mailbox", Identity=CHRIS, ForwardingAddress=CONTACT)
    return await execute(ACTION, ctx, EmailForwardingInternal(change="set", mailbox=SARAH, forward_to=CHRIS))


async def test_a_forwarding_name_that_is_a_colleagues_alias_reaches_the_contact(
    ctx: ActionContext, tenant: TenantState
) -> None:
    _name(tenant, (TOM, TOM_ID), (CONTACT, "tom.becker"))
    outcome = await _run(ctx, tenant)
    assert outcome.status == "refused", outcome.message
    assert "contact John Partner (john@partnerfirm.example)" in outcome.message, outcome.message


async def test_a_forwarding_name_two_recipients_hold_is_followed_to_both(
    ctx: ActionContext, tenant: TenantState
) -> None:
    _name(tenant, (CONTACT, "tom.becker"))  # Tom's Name is his alias as well
    outcome = await _run(ctx, tenant)
    assert outcome.status == "refused", outcome.message
    assert "contact John Partner (john@partnerfirm.example)" in outcome.message, outcome.message


async def test_the_control_a_forwarding_name_held_once_inside_is_reached(
    ctx: ActionContext, tenant: TenantState
) -> None:
    _name(tenant, (TOM, "Desk of Tom"))
    OtherAdmin(tenant, settled=True).exchange("Set-Mailbox", Identity=CHRIS, ForwardingAddress=TOM)
    reach = await mail_reach(ctx.clients, CHRIS)
    assert reach.blocked is None, reach.blocked
    assert [r.address for r in reach.reached] == [CHRIS, TOM], reach.reached
