"""Red team 37: a ForwardingAddress prints the target's Exchange Name, and a Name the scan does not hold
live (a list not around the joined one) is placed with `identify` on the cached directory, which tries
aliases first. A list's Name may be another list's alias (Name and Alias are independent in Exchange).

The Beta list (Name 'Beta') holds info@, whose rule redirects to the open exec-assist list, and Maria's
mailbox forwards to Beta (ForwardingAddress). Beta's alias is then changed to beta-old and the Alpha list
is given the alias 'beta'. The directory is read after that, so nothing is stale: ForwardingAddress prints
'Beta', `identify` finds the alias 'beta' = Alpha, the scan walks Alpha's members (none) and Maria's mail
reaching exec-assist (Maria -> Beta -> info@ -> exec-assist) goes unseen.

Severity: medium-high (an admin approves, or an employee is allowed, a join that hands over a person's mail;
needs an admin's alias changes, no staleness). The control (no alias swap) is refused.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Denied
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    INFO,
    JOHN,
    MARIA,
    _decide,
    _join,
    _open_list,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _lists(tenant: TenantState, *, swap: bool) -> None:
    other = _open_list(tenant)
    other.exchange("New-DistributionGroup", Name="Beta", Alias="b-list", DisplayName="B list")
    other.exchange(
        "New-DistributionGroup", Name="Alpha", Alias="alpha", DisplayName="Beta" if swap else "Alpha"
    )
    other.exchange("Add-DistributionGroupMember", Identity="b-list@acme.com", Member=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress="b-list@acme.com")
    [maria] = other.exchange("Get-Mailbox", Identity=MARIA)["value"]
    assert maria["ForwardingAddress"] == "Beta", maria["ForwardingAddress"]


async def test_the_control_johns_join_is_refused(flow: Flow, tenant: TenantState) -> None:
    _lists(tenant, swap=False)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


@pytest.mark.xfail(
    strict=True,
    reason="red team 37 (medium-high): ForwardingAddress 'Beta' is placed on the list whose alias is 'beta' "
    "(Alpha), not the list named Beta: Maria's mail through Beta's info@ to exec-assist is unseen",
)
async def test_with_the_name_anothers_alias_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    _lists(tenant, swap=True)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
