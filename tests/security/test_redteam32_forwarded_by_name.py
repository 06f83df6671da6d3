"""Red team 32: mail forwarded to a group whose Exchange Name is not one the directory cache knows.

Exchange prints a mailbox's ForwardingAddress as the Name of the object it forwards to. A group's Name is
set on creation (`New-DistributionGroup -Name`) and need not be its alias or its display name; and a display
name is no identity (a shared mailbox may carry the group's). The live read of what a group receives
(workflow/list_rights.py, "Forwarded mail") named the target with `identify`, which knows no Name: Maria's
forwarding to such a group went unseen, and John's self-join of the open list was allowed, handing him
Maria's mail. Driven through the live decision against the emulator over HTTP, as sec24's tests."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import EXEC, GRACE, JOHN, KEN, MARIA, _decide, _join
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _list_named(tenant: TenantState, name: str, display_name: str) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange(
        "New-DistributionGroup",
        Name=name,
        DisplayName=display_name,
        Alias="exec-assist",
        Type="Distribution",
    )
    other.set_join_restriction(EXEC, "Open")
    return other


async def test_the_control_the_list_named_apart_nobody_forwards_to_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    _list_named(tenant, "EA distribution 2019", "Exec assistants")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_forwarding_to_a_list_by_a_name_that_is_neither_alias_nor_display_name(
    flow: Flow, tenant: TenantState
) -> None:
    other = _list_named(tenant, "EA distribution 2019", "Exec assistants")
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace


async def test_forwarding_to_a_list_whose_display_name_another_group_shares(
    flow: Flow, tenant: TenantState
) -> None:
    """The group's Name is its display name, but another group carries the same display name (display
    names are no identity): the printed Name is then no display name the directory can pin on one."""
    other = _list_named(tenant, "Exec assistants", "Exec assistants")
    other.exchange(
        "New-DistributionGroup", Name="EA archive", DisplayName="Exec assistants", Alias="ea-archive"
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_forwarding_to_an_address_the_list_was_given_after_the_directory_was_cached(
    flow: Flow, tenant: TenantState
) -> None:
    """The directory cache is older than the list's newest address: Maria's ForwardingSmtpAddress names
    that address, which Exchange delivers to the list all the same."""
    other = _list_named(tenant, "Exec assistants", "Exec assistants")
    flow.ctx = await discovered_context(flow.ctx.clients)
    other.exchange(
        "Set-DistributionGroup",
        Identity=EXEC,
        EmailAddresses={"@odata.type": "#Exchange.GenericHashTable", "add": ["ea-team@acme.com"]},
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress="ea-team@acme.com")
    john = flow.person(JOHN)
    step = _join(JOHN)
    [planned] = await plan_steps(flow.ctx, john, [step], await flow.live.decider(john, [step]))
    assert isinstance(planned.decision, Denied), planned.decision


async def test_a_rule_to_a_list_with_a_long_alias_and_a_display_name_another_group_shares(
    flow: Flow, tenant: TenantState
) -> None:
    """An Inbox rule prints the list as `"Exec assistants" [EX:.../cn=<hex>-<alias cut at 40>]`: a cut alias
    is no alias the directory holds, and the display name is another group's too. The rule still hands
    Maria's mail to whoever joins."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    long_alias = "executive-assistants-to-the-board-and-ceo-office"
    other.exchange(
        "New-DistributionGroup",
        Name="Exec assistants",
        Alias=long_alias,
        PrimarySmtpAddress=EXEC,
        Type="Distribution",
    )
    other.set_join_restriction(EXEC, "Open")
    other.exchange(
        "New-DistributionGroup", Name="EA archive", DisplayName="Exec assistants", Alias="ea-archive"
    )
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to assistants", ForwardTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_the_control_an_open_microsoft_365_group_nobody_forwards_to_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    """The groups' Names are read for every group around the one joined, a Microsoft 365 group too: a read
    Exchange answers for it keeps the join of an open one self-service."""
    OtherAdmin(tenant, settled=True).add_role(KEN)
    decision = await _decide(flow, JOHN, _join(JOHN, "project-phoenix@acme.com"))
    assert isinstance(decision, Allowed), decision


async def test_forwarding_to_a_microsoft_365_group_by_its_name(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress="project-phoenix@acme.com")
    decision = await _decide(flow, JOHN, _join(JOHN, "project-phoenix@acme.com"))
    assert isinstance(decision, Denied), decision
