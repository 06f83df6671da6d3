"""Red team 45, attack on sec42's own_revokes: a failed read inside the lag of our own revoke fails open.

Grace takes Tom Becker's Full Access on support@ away through mailwarden; inside the replication lag the
live read still lists him, and `without_own_revokes` drops him from the delegates unless he holds another
delegate right, which it reads now by his id (`_holds_another`). A read that fails there "counts as held":
Tom stays the delegate the lagging read listed, and may view support@'s permissions and details, exactly
red team 43's finding, reopened by one Exchange hiccup (a 503 storm, a throttled tenant) between the
delegates read and the per-person read. mailwarden's own record says he lost the right; a read that
cannot confirm another right is no evidence of one, and a read decision is safe only when it denies then.

The fault is real HTTP (the emulator's `faults.fail`), on only while the per-person read runs (after the
live delegates read succeeded); nothing of the product is replaced."""

from __future__ import annotations

from typing import Any

import pytest

import mailwarden.workflow.own_revokes as own_revokes
from mailwarden.connectors.retry import RetryPolicy
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.security.test_redteam43_view_inside_the_lag_of_our_own_revoke import (
    _revoke_through_mailwarden,
    _tom_may_view,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _exchange_fails_during_the_per_person_read(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exchange answers 503 while own_revokes reads the person's other rights (after the live delegates
    read, which succeeded), and serves again right after."""
    original = own_revokes._holds_another

    async def while_failing(*args: Any, **kwargs: Any) -> bool:
        emulator.faults.fail("exchange", status=503, times=200)
        try:
            return await original(*args, **kwargs)
        finally:
            emulator.faults.reset()

    monkeypatch.setattr(own_revokes, "_holds_another", while_failing)


def _quick_retries(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The connector's retries, as many but each wait short: the finding is what a read that gave up
    decides, not how long it tried (the default policy waits out ~30 s of backoff per read)."""
    monkeypatch.setattr(flow.ctx.clients.exchange, "_policy", RetryPolicy(base_delay=0.01, max_delay=0.05))


async def test_the_control_without_a_fault_tom_may_not_view(flow: Flow, tenant: TenantState) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    assert await _tom_may_view(flow) == [False, False]


async def test_a_failed_read_inside_the_lag_does_not_make_tom_a_delegate_again(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    _quick_retries(flow, monkeypatch)
    _exchange_fails_during_the_per_person_read(emulator, monkeypatch)
    try:
        allowed = await _tom_may_view(flow)
    finally:
        emulator.faults.reset()
    # A failure may deny or be reported; it must never allow what mailwarden's own record says he lost.
    assert allowed == [False, False], allowed
