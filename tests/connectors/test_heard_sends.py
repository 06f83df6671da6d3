"""What the clients tell a caller of a write's tries (connectors/on_wire.py `Heard`): each try, so the write
is dated at the send the tenant carried out (red team 60 F3). A try answered 429 carried nothing out, so the
next is told as a fresh try; one answered 503 may have been (the cmdlet may have run before the answer), so
the tries after it are told as resends of it: the caller dates by the answer (red team 64 F1). Reads are not
writes: nothing of theirs is told. The emulator's fault injection answers before the request is carried
out."""

from __future__ import annotations

import pytest

from mailwarden.connectors import GraphBatchRequest, TenantClients
from mailwarden.connectors.on_wire import hearing_writes
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

LIST, TOM = "contractors@acme.com", "tom.becker@acme.com"


@pytest.mark.parametrize(("status", "resends"), [(429, [False, False, False]), (503, [False, True, True])])
async def test_a_writes_tries_are_told_and_those_after_one_that_may_have_been_carried_out_as_resends(
    clients: TenantClients, acme: RunningEmulator, status: int, resends: list[bool]
) -> None:
    sends: list[tuple[int, bool]] = []
    acme.faults.fail("exchange", status=status, times=2)
    with hearing_writes(lambda send: sends.append((id(send), send.resend))):
        await clients.exchange.add_distribution_group_member(LIST, TOM)
    assert [r.status for r in acme.faults.requests("exchange")] == [status, status, 200]
    assert [resend for _, resend in sends] == resends
    assert len({s for s, _ in sends}) == 1, "the tries of one send are told as that send"


async def test_a_read_is_never_told_as_a_write(clients: TenantClients, acme: RunningEmulator) -> None:
    sends: list[object] = []
    acme.faults.fail("exchange", status=429, times=1)
    with hearing_writes(sends.append):
        await clients.exchange.distribution_group_members(LIST)
        await clients.graph.organization()
    assert sends == []


@pytest.mark.parametrize(
    ("status", "heard"), [(429, [([0, 1], False), ([0], False)]), (503, [([0, 1], False), ([0], True)])]
)
async def test_a_batch_hears_a_sub_request_again_as_a_resend_only_after_a_try_that_may_have_been_carried_out(
    clients: TenantClients, acme: RunningEmulator, status: int, heard: list[tuple[list[int], bool]]
) -> None:
    upns = [u["userPrincipalName"] for u in await clients.graph.users()][:2]
    acme.faults.reset()
    acme.faults.fail_items("graph", status=status, times=1, matching=upns[0])
    sent: list[tuple[list[int], bool]] = []
    answers = await clients.graph.batch(
        [GraphBatchRequest("GET", f"/users/{upn}") for upn in upns],
        on_sending=lambda p, resend: sent.append((list(p), resend)),
    )
    assert [a.status for a in answers] == [200, 200]
    assert sent == heard
