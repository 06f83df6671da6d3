"""Security 33 (red team 37, finding 2): a forwarding target printed by Name is placed on the recipient that
holds that Name, looked up live, never on the cached directory's alias or display-name match.

ForwardingAddress prints the target's Exchange Name. A Name that no mailbox of the live listing and none of
the groups read live holds (a list not around the joined one) was placed with `identify` on the cache,
which holds no Names: the list whose display name is 'Beta' was taken for the list named 'Beta'. Such a
Name is now looked up with `Get-Recipient -Filter "Name -eq '...'"`, ten to a `$batch`: every recipient it
finds counts (fail closed), and a look-up that finds none or fails makes the scan unknown.
"""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import list_rights
from tests.conftest import discovered_context
from tests.security import forwarding_setup as fw
from tests.security.test_redteam37_forwarding_name_is_anothers_display_name import _lists
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_the_name_is_placed_on_the_list_that_holds_it_not_guessed(
    flow: Flow, tenant: TenantState
) -> None:
    """The list named 'Beta' is found live (not Alpha, whose display name is 'Beta'), so Grace's join goes
    to an admin told of Maria's mail through it, and not as an unknown."""
    _lists(tenant, swap=True)
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [fw.KEN], grace
    assert "Maria Garcia" in grace.reason, grace.reason
    assert fw.UNKNOWN not in grace.reason, grace.reason  # placed, not guessed


async def test_a_name_look_up_that_fails_leaves_the_scan_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """The look-up by Name fails: where Maria's mail goes cannot be said, so the join is routed as the worst
    case (never placed on the cache's display-name match instead)."""
    _lists(tenant, swap=True)
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason, grace.reason


async def test_a_forwarding_to_an_unrelated_list_by_name_hands_over_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    """The control: Maria forwards to a list (placed live by Name) whose members forward nothing to the joined
    one, so John's join of the open list is his to make (the look-up adds no false unknown)."""
    other = fw.open_exec_assist(tenant)
    other.exchange("New-DistributionGroup", Name="Gamma", Alias="g-list", DisplayName="Exec assistants")
    other.exchange("Set-Mailbox", Identity=fw.MARIA, ForwardingAddress="g-list@acme.com")
    john = await fw.johns_join(flow)
    assert not isinstance(john, Denied), john
    assert fw.UNKNOWN not in getattr(john, "reason", ""), john


async def test_names_looked_up_cost_one_request_per_ten(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Mailboxes forward by Name to lists not around the joined one: the Names are looked up ten to a
    `$batch` (as the lists' members are read), so twelve such targets cost two requests more than two do
    (one more of Names, one more of members), where a look-up per Name would cost ten more."""
    other = fw.open_exec_assist(tenant)
    boxes = [
        str(r["PrimarySmtpAddress"])
        for r in other.exchange("Get-Mailbox", RecipientTypeDetails="UserMailbox")["value"]
        if str(r["PrimarySmtpAddress"]).lower() not in {fw.JOHN, fw.GRACE, fw.KEN}
    ][:12]
    assert len(boxes) == 12, boxes

    async def cost(upto: int) -> tuple[int, int]:
        for n, box in enumerate(boxes[:upto]):
            if n >= len(made):
                other.exchange("New-DistributionGroup", Name=f"Relay {n}", Alias=f"relay-{n}")
                other.exchange("Set-Mailbox", Identity=box, ForwardingAddress=f"relay-{n}@acme.com")
                made.append(box)
        flow.ctx = await discovered_context(flow.ctx.clients)
        joined = flow.ctx.directory.by_address(fw.EXEC)
        assert joined is not None
        before = len(emulator.faults.requests("exchange"))
        rights = await list_rights.read_list_rights(flow.ctx.clients, flow.ctx.directory, [joined])
        assert rights.failure is None, rights.failure
        sent = emulator.faults.requests("exchange")[before:]
        return len(sent), rights.round_trips

    made: list[str] = []
    two, twelve = await cost(2), await cost(12)
    assert twelve[0] - two[0] == 2, (two, twelve)
    assert twelve[1] - two[1] == 2, (two, twelve)


# ---- placing the rows a look-up by Name found ------------------------------------------------------------


def _row(key: str, kind: str = "MailUniversalDistributionGroup") -> dict[str, Any]:
    return {
        "ExternalDirectoryObjectId": key,
        "PrimarySmtpAddress": f"{key}@acme.com",
        "RecipientTypeDetails": kind,
        "DisplayName": key,
    }


def _placed(
    rows: list[dict[str, Any]], made_since: dict[str, str] | None = None
) -> tuple[dict[str, set[str]], list[str], dict[str, str]]:
    sends: dict[str, set[str]] = {"maria": set(), "tom": set()}
    failures: list[str] = []
    new_lists: dict[str, str] = {}
    list_rights._place_named(
        Directory([]),
        "Beta",
        rows,
        None,
        ["maria", "tom"],
        sends,
        failures,
        new_lists,
        {} if made_since is None else made_since,
    )
    return sends, failures, new_lists


def test_a_name_found_on_several_recipients_counts_as_each() -> None:
    sends, failures, new_lists = _placed([_row("aaa"), _row("bbb")])
    assert failures == []
    assert sends == {"maria": {"aaa", "bbb"}, "tom": {"aaa", "bbb"}}
    assert set(new_lists) == {"aaa", "bbb"}  # neither in the directory: their members are read live


def test_a_name_found_on_a_microsoft_365_group_made_since_is_read_through_graph() -> None:
    """Get-DistributionGroupMember refuses a Microsoft 365 group, so one placed by Name that the directory
    does not hold has its members read through Graph (red team 38's `made_since`), never as a list."""
    made_since: dict[str, str] = {}
    sends, failures, new_lists = _placed([_row("ccc", "GroupMailbox")], made_since)
    assert failures == []
    assert sends == {"maria": {"ccc"}, "tom": {"ccc"}}
    assert set(made_since) == {"ccc"}
    assert new_lists == {}


def test_a_name_nobody_holds_is_unknown_not_nobody() -> None:
    sends, failures, _ = _placed([])
    assert sends == {"maria": set(), "tom": set()}
    [failure] = failures
    assert "could not place" in failure, failure


def test_a_name_found_on_a_recipient_without_a_key_is_unknown() -> None:
    _, failures, _ = _placed([_row("aaa"), _row("", "MailUniversalDistributionGroup")])
    [failure] = failures
    assert "no directory id" in failure, failure
