"""Red team 37: a ForwardingAddress prints the target's Exchange Name, and a Name the scan does not hold
live (a list not around the joined one) is placed with `identify` on the cached directory, which knows no
Names: it tries aliases, then display names. A list's Name may be another list's display name (Exchange
checks neither against the other).

The list named 'Beta' (alias b-list, display name 'B list') holds the shared mailbox info@, whose rule
redirects to the open exec-assist list, and Maria's mailbox forwards to it (ForwardingAddress, printed
'Beta'). The Alpha list's display name is 'Beta'. Nothing is stale (the directory is read after all of
it): `identify('Beta')` finds Alpha by display name, the scan walks Alpha's members (none), and Maria's
mail reaching exec-assist (Maria -> Beta -> info@ -> exec-assist) goes unseen: John's join goes to an
admin as one handing over info@'s (a shared mailbox's) mail only, where without Alpha's display name it is
refused.

Severity: medium-high (an admin approves an employee's join that hands over a person's mail, told only of
a shared mailbox's; a display name is what any list owner may set). Fixed in sec33: a Name
that no listed mailbox nor any of the groups read live holds is placed by a live
`Get-Recipient -Filter "Name -eq '...'"` (ten to a `$batch`), never on the cache's alias or display name.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Denied
from tests.security import forwarding_setup as fw
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _lists(tenant: TenantState, *, swap: bool) -> None:
    other = fw.open_exec_assist(tenant)
    other.exchange("New-DistributionGroup", Name="Beta", Alias="b-list", DisplayName="B list")
    other.exchange(
        "New-DistributionGroup", Name="Alpha", Alias="alpha", DisplayName="Beta" if swap else "Alpha"
    )
    other.exchange("Add-DistributionGroupMember", Identity="b-list@acme.com", Member=fw.INFO)
    fw.info_redirects_to_exec_assist(other)
    other.exchange("Set-Mailbox", Identity=fw.MARIA, ForwardingAddress="b-list@acme.com")
    [maria] = other.exchange("Get-Mailbox", Identity=fw.MARIA)["value"]
    assert maria["ForwardingAddress"] == "Beta", maria["ForwardingAddress"]


async def test_the_control_johns_join_is_refused(flow: Flow, tenant: TenantState) -> None:
    _lists(tenant, swap=False)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john


async def test_with_the_name_anothers_display_name_johns_join_is_refused_too(
    flow: Flow, tenant: TenantState
) -> None:
    _lists(tenant, swap=True)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
