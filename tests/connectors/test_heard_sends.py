"""What the clients tell a caller of a write's tries (connectors/on_wire.py `Heard`): each try up to the
first that may have been carried out, so the write is dated at the send the tenant carried out (red team 60
F3). A try answered 429 carried nothing out, so the next is told; one answered 503 may have been (the cmdlet
may have run before the answer), so the tries after it are resends of it, never told. Reads are not writes:
nothing of theirs is told. The emulator's fault injection answers before the request is carried out."""

from __future__ import annotations

import pytest

from mailwarden.connectors import GraphBatchRequest, TenantClients
from mailwarden.connectors.on_wire import hearing_writes
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

LIST, TOM = "contractors@acme.com", "tom.becker@acme.com"


@pytest.mark.parametrize(("status", "told"), [(429, 3), (503, 1)])
async def test_a_writes_tries_are_told_up_to_the_first_that_may_have_been_carried_out(
    clients: TenantClients, acme: RunningEmulator, status: int, told: int
) -> None:
    sends: list[object] = []
    acme.faults.fail("exchange", status=status, times=2)
    with hearing_writes(sends.append):
        await clients.exchange.add_distribution_group_member(LIST, TOM)
    assert [r.status for r in acme.faults.requests("exchange")] == [status, status, 200]
    assert len(sends) == told
    assert len({id(s) for s in sends}) == 1, "the tries of one send are told as that send"


async def test_a_read_is_never_told_as_a_write(clients: TenantClients, acme: RunningEmulator) -> None:
    sends: list[object] = []
    acme.faults.fail("exchange", status=429, times=1)
    with hearing_writes(sends.append):
        await clients.exchange.distribution_group_members(LIST)
        await clients.graph.organization()
    assert sends == []


@pytest.mark.parametrize(("status", "heard"), [(429, [[0, 1], [0]]), (503, [[0, 1]])])
async def test_a_batch_hears_again_only_the_sub_requests_whose_tries_carried_nothing_out(
    clients: TenantClients, acme: RunningEmulator, status: int, heard: list[list[int]]
) -> None:
    upns = [u["userPrincipalName"] for u in await clients.graph.users()][:2]
    acme.faults.reset()
    acme.faults.fail_items("graph", status=status, times=1, matching=upns[0])
    sent: list[list[int]] = []
    answers = await clients.graph.batch(
        [GraphBatchRequest("GET", f"/users/{upn}") for upn in upns], on_sending=lambda p: sent.append(list(p))
    )
    assert [a.status for a in answers] == [200, 200]
    assert sent == heard
