"""Verification under replication lag: a write reads do not show yet is applied, never failed, and a retry
while reads still lag does not make it twice.

Entra and Exchange replicate, so a read right after a write can show the old state (Microsoft documents
it for group membership especially). The emulator's `replication_lag_seconds` switch does the same.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS, execute
from mailwarden.actions.base import ActionContext, StepOutcome, VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import (
    CalendarShare,
    ChangePrimaryAlias,
    DistributionListLifecycle,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
)

pytestmark = pytest.mark.anyio

ADD_EMMA = DistributionListMembership(change="add", group="marketing@acme.com", member="emma.wilson@acme.com")


def _with_wait(ctx: ActionContext, **wait: Any) -> ActionContext:
    return dataclasses.replace(ctx, verify=VerifyWait(**wait))


def _members(tenant: TenantState, group: str) -> list[str]:
    found = tenant.find(group)
    assert found is not None
    return found.members


async def test_a_lagging_write_is_verifying_then_verified(ctx: ActionContext, tenant: TenantState) -> None:
    """With reads 1 s behind, the add is reported verifying (before the wait), then verified."""
    set_switch(tenant, "replication_lag_seconds", 1)
    heard: list[StepOutcome] = []

    async def on_verifying(outcome: StepOutcome) -> None:
        heard.append(outcome)

    started = time.monotonic()
    outcome = await execute(
        WRITE_ACTIONS["distribution_list_membership"],
        _with_wait(ctx, first=0.2, longest=1.0, bound=10),
        ADD_EMMA,
        on_verifying,
    )
    assert (outcome.status, outcome.verification) == ("applied", "verified"), outcome.message
    assert time.monotonic() - started >= 1.0  # it did wait for the lag, not report early
    assert [(h.status, h.verification) for h in heard] == [("applied", "verifying")]
    assert outcome.after is not None


async def test_a_write_that_never_shows_is_unverified_not_failed(
    ctx: ActionContext, tenant: TenantState
) -> None:
    set_switch(tenant, "replication_lag_seconds", 60)
    outcome = await execute(
        WRITE_ACTIONS["distribution_list_membership"], _with_wait(ctx, first=0.1, bound=0.3), ADD_EMMA
    )
    assert (outcome.status, outcome.verification) == ("applied", "unverified")
    assert "did not show it within 0.3 seconds" in outcome.message
    emma = tenant.find("emma.wilson@acme.com")
    assert emma is not None
    assert emma.id in _members(tenant, "marketing@acme.com")  # the write itself landed


async def test_without_lag_verification_reads_once(ctx: ActionContext, tenant: TenantState) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    set_switch(tenant, "replication_lag_seconds", 0)
    outcome = await execute(
        WRITE_ACTIONS["distribution_list_membership"], _with_wait(ctx, sleep=sleep), ADD_EMMA
    )
    assert (outcome.status, outcome.verification) == ("applied", "verified")
    assert slept == []


def test_backoff_doubles_to_the_longest_wait_within_the_bound() -> None:
    assert list(VerifyWait(first=0.5, longest=4, bound=20).delays()) == [0.5, 1, 2, 4, 4, 4, 4, 0.5]
    assert list(VerifyWait(bound=8).delays()) == [0.5, 1, 2, 2, 2, 0.5]


# One step per write action and direction the seed allows; each is made once, then retried while reads
# still show the old state, as a run taken over after a crash would.
RETRIED = [
    ADD_EMMA,
    DistributionListMembership(change="remove", group="all-sales@acme.com", member="priya.patel@acme.com"),
    DistributionListLifecycle(change="create", group="lag-list@acme.com", members=("emma.wilson@acme.com",)),
    DistributionListLifecycle(change="delete", group="marketing@acme.com"),
    MailboxDelegation(change="grant", mailbox="billing@acme.com", trustee="rachel.green@acme.com"),
    MailboxDelegation(change="revoke", mailbox="billing@acme.com", trustee="mike.smith@acme.com"),
    SendAs(change="grant", mailbox="support@acme.com", trustee="tom.becker@acme.com"),
    SendOnBehalf(change="grant", mailbox="jane.doe@acme.com", trustee="rachel.green@acme.com"),
    ChangePrimaryAlias(change="set", recipient="mike.smith@acme.com", new_address="michael.smith@acme.com"),
    CalendarShare.model_validate(
        {"change": "grant", "owner": "sarah@acme.com", "grantee": "john@acme.com", "access": "reviewer"}
    ),
    CalendarShare(change="revoke", owner="olivia.martin@acme.com", grantee="maria.garcia@acme.com"),
    EmailForwardingInternal(change="set", mailbox="sarah@acme.com", forward_to="chris.lee@acme.com"),
]


@pytest.mark.parametrize("step", RETRIED, ids=lambda s: f"{s.action}-{s.change}")
async def test_a_retry_while_reads_lag_does_not_write_twice_or_fail(
    ctx: ActionContext, tenant: TenantState, step: Any
) -> None:
    set_switch(tenant, "replication_lag_seconds", 60)
    action = WRITE_ACTIONS[step.action]
    quick = _with_wait(ctx, first=0.05, bound=0.05)
    first = await execute(action, quick, step)
    assert (first.status, first.verification) == ("applied", "unverified"), first.message
    once = {k: r.model_dump() for k, r in tenant.recipients.items()}

    again = await execute(action, quick, step)

    assert again.status in ("applied", "already"), again.message
    assert {k: r.model_dump() for k, r in tenant.recipients.items()} == once  # nothing made twice
    set_switch(tenant, "replication_lag_seconds", 0)
    settled = await execute(action, quick, step)
    assert settled.status == "already", settled.message
