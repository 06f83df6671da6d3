"""Red team 37 on d65f98f: a list of the cache that mail is forwarded to is read live with
Get-DistributionGroupMember in a $batch; Exchange pages its output (1,000 to a page, with a nextLink). A
member past the first page must be read as well.

Maria forwards to the relay list, which holds 1,000 outside contacts when the directory is read. info@ is
added since (the 1,001st member, on the second page); its rule redirects to the open exec-assist list. John's
join of exec-assist is refused (Maria's mail reaches it), as with a short list (red team 36's test).

Held: the batch client follows each sub-request's nextLink (asked with -ResultSize Unlimited: without it
Exchange, and the emulator, stop at 1,000 with no nextLink), and the emulator pages as Exchange does.
"""

from __future__ import annotations

import uuid

import pytest

from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.model.decisions import Denied
from tests.security import forwarding_setup as fw
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

CONTACTS = 1000


async def test_a_member_on_the_second_page_of_a_list_read_live_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    with tenant.transaction():
        relay = tenant.by_address(fw.RELAY)
        assert relay is not None
        for i in range(CONTACTS):
            contact = Recipient(
                id=str(uuid.uuid4()),
                kind="MailContact",
                display_name=f"Partner {i}",
                alias=f"partner{i}",
                name=f"Partner {i}",
                primary_smtp=f"partner{i}@partners.example",
                email_addresses=[f"SMTP:partner{i}@partners.example"],
            )
            tenant.data.recipients[contact.id] = contact
            relay.members.append(contact.id)
        tenant.reindex()
        tenant.mark_dirty()
    fw.info_redirects_to_exec_assist(other)
    fw.maria_forwards_to(other, fw.RELAY)
    await fw.read_directory(flow)
    fw.add_info_to_relay(other)
    page = other.client.post(
        f"/adminapi/beta/{tenant.tenant.id}/InvokeCommand",
        json={
            "CmdletInput": {
                "CmdletName": "Get-DistributionGroupMember",
                "Parameters": {"Identity": fw.RELAY, "ResultSize": "Unlimited"},
            }
        },
        headers={"Authorization": f"Bearer {other._exchange_token}"},
    ).json()
    assert len(page["value"]) == 1000, len(page["value"])
    assert "@odata.nextLink" in page
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
