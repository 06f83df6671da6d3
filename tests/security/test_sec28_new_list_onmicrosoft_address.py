"""Security 28 (sec26 left over): a new list receives mail at every address Exchange gives it, not only the
one asked for. Exchange Online's default email address policy gives a new distribution list
alias@<tenant>.onmicrosoft.com beside its primary address, so Maria's forwarding to
ea-desk@acmecorp.onmicrosoft.com (an address nobody holds) hands her mail to the members of a list Grace
creates at ea-desk@acme.com. The forwarded-mail scan of a new list read only the address asked for: the
create was allowed on Grace's own confirmation, members and all. It reads every address the list will get."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.steps import DistributionListLifecycle
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
DESK_INITIAL = "ea-desk@acmecorp.onmicrosoft.com"


def _create(*members: str) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=DESK, display_name="EA desk", members=members)


async def test_the_emulator_gives_a_new_list_its_onmicrosoft_address_as_exchange_does(
    flow: Flow, tenant: TenantState
) -> None:
    created = await flow.ctx.clients.exchange.new_distribution_group(
        "ea-desk", primary_smtp_address=DESK, alias="ea-desk"
    )
    proxies = [str(p).lower() for p in created.get("EmailAddresses") or []]
    assert f"smtp:{DESK_INITIAL}" in proxies, proxies
    assert str(created.get("PrimarySmtpAddress")).lower() == DESK
    with tenant.transaction():
        holder = tenant.by_address(DESK_INITIAL)
        assert holder is not None
        assert holder.primary_smtp == DESK


async def test_the_control_a_forwarding_elsewhere_leaves_the_create_allowed(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=JOHN)
    decision = await _decide(flow, GRACE, _create(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_a_forwarding_to_the_lists_onmicrosoft_address_waits_for_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK_INITIAL)
    decision = await _decide(flow, GRACE, _create(JOHN))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    # Named as what it is (before: "could not be established", the address being one nobody held).
    assert f"is forwarded to {DESK_INITIAL}" in decision.reason, decision.reason
    assert "Maria Garcia (maria.garcia@acme.com)" in decision.reason, decision.reason
    assert "could not be established" not in decision.reason, decision.reason


async def test_an_inbox_rule_to_it_counts_and_a_member_never_approves(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", RedirectTo=[DESK_INITIAL])
    decision = await _decide(flow, GRACE, _create(JOHN, KEN))
    assert isinstance(decision, Denied), decision
