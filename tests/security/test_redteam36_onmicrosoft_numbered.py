"""Red team 36 on security 28 (directory/automatic_addresses.py): the onmicrosoft address a new list will get
is predicted from the aliases taken, but Exchange numbers it past the addresses taken.

careers@ (a shared mailbox) holds ea-desk@ and ea-desk2@acmecorp.onmicrosoft.com as proxies; no recipient
has the alias ea-desk. Grace creates a list at ea-desk@acme.com: its alias is ea-desk, and the default email
address policy gives it ea-desk3@acmecorp.onmicrosoft.com (the first free; the emulator numbers so). Maria
forwards to ea-desk3@ (nobody holds it yet). The scan reads ea-desk@ and ea-desk2@ (the alias free, and
one past), never ea-desk3@: the create, with John as a member, is allowed on Grace's own confirmation, and
Maria's mail reaches John.

Severity: medium (an insider who can set proxies and forwarding hands a person's mail to a new list's
members without the second admin the rule asks for; needs two planted proxies). Fixed here: the
prediction numbers past the addresses the directory holds in each onmicrosoft domain too.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.steps import DistributionListLifecycle
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
CAREERS = "careers@acme.com"
TAKEN = ["ea-desk@acmecorp.onmicrosoft.com", "ea-desk2@acmecorp.onmicrosoft.com"]
GIVEN = "ea-desk3@acmecorp.onmicrosoft.com"


def _create(*members: str) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=DESK, display_name="EA desk", members=members)


async def test_the_emulator_numbers_past_the_addresses_taken(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    other.exchange(
        "Set-Mailbox",
        Identity=CAREERS,
        EmailAddresses=[*careers["EmailAddresses"], *(f"smtp:{a}" for a in TAKEN)],
    )
    created = await flow.ctx.clients.exchange.new_distribution_group(
        "ea-desk", primary_smtp_address=DESK, alias="ea-desk"
    )
    proxies = [str(p).lower() for p in created.get("EmailAddresses") or []]
    assert f"smtp:{GIVEN}" in proxies, proxies


async def test_a_forwarding_to_the_numbered_address_waits_for_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    other.exchange(
        "Set-Mailbox",
        Identity=CAREERS,
        EmailAddresses=[*careers["EmailAddresses"], *(f"smtp:{a}" for a in TAKEN)],
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=GIVEN)
    decision = await _decide(flow, GRACE, _create(JOHN))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
