"""sec40 item 2: an address nobody held, given to a list moments ago, is never "nobody" for a join of it.

Maria's mailbox forwards to helpers@acme.com, an address nobody holds. Another admin gives helpers@ to the
open list exec-assist, and John asks to join it within the replication lag: the live reads (the list's
addresses, `Get-Recipient -Identity helpers@acme.com`) still show nobody holding it. The scan took the
tenant's "not found" for "nobody gets Maria's mail", and John's join was allowed: Maria's mail, his to
read. Now an address nobody held when the directory was read and the reads show nobody holding is
unknown (routed like the worst case: never self-service); one whose holder then is gone since still hands
the mail to nobody (security 27, F6). Run also with --replication-lag 2 (make unit's second pass)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from tests.security import forwarding_setup as fw
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]


async def test_a_join_of_a_list_given_the_forwarded_address_moments_ago_is_not_allowed(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    other = fw.open_exec_assist(tenant)
    fw.maria_forwards_to(other, fw.HELPERS)
    await replicated()  # long before: Maria forwards to an address nobody holds
    await fw.read_directory(flow)
    other.exchange(
        "Set-DistributionGroup", Identity=fw.EXEC, EmailAddresses=[f"SMTP:{fw.EXEC}", f"smtp:{fw.HELPERS}"]
    )  # moments ago: within the replication lag, when there is one
    john = await fw.johns_join(flow, read_again=False)
    assert not isinstance(john, Allowed), john
