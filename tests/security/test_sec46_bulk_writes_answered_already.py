"""Bulk adds and removals the tenant answers "already so" on their first send are recorded "already" (sec46).

Another admin adds Tom Becker and Sarah Connor to Contractors in the admin center (or to the Microsoft 365
group Project Phoenix, in Entra), and a moment later an admin asks mailwarden to add them and Priya Patel.
Reads lag writes, so the preview and the run's read show none of the three on the list, and all three adds
are sent in one `$batch` (Graph: one `members@odata.bind` PATCH, then each bind alone once the group refuses
it). The tenant answers the first send of Tom's and Sarah's "already a member": the tenant was so before, by
another admin's hand. Those steps used to go to the verifying read, which found them on the list and recorded
them applied, with an undo (and, time-bound, an end) that would take away what the other admin gave. A single
step reads its answer by whether it came to a resend (sec42, `actions.base.ours`); the `$batch` connectors
did not carry that flag.

The control: when the `$batch`'s answer is lost after Exchange carried it out and the connector sends it
again, the "already a member" answers are to a resend (mailwarden's own first try may have made them) and
the adds are recorded as made, with their undo: read toward less access. Driven against the emulator over
HTTP; the lag is the emulator's replication_lag_seconds switch.
"""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps, submit
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
OTHERS = ("tom.becker@acme.com", "sarah@acme.com")
PRIYA = "priya.patel@acme.com"
GROUPS = ["contractors@acme.com", "project-phoenix@acme.com"]  # Exchange $batch; Graph members@odata.bind


def _members(tenant: TenantState, other: OtherAdmin, group_address: str) -> set[str]:
    group = tenant.get(other.id_of(group_address))
    assert group is not None
    return {p for p in (*OTHERS, PRIYA) if other.id_of(p) in group.members}


def _add_outside(other: OtherAdmin, group: str, person: str) -> None:
    if group.startswith("contractors"):
        other.exchange("Add-DistributionGroupMember", Identity=group, Member=person)
        return
    body = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other.id_of(person)}"}
    other.graph("POST", f"/groups/{other.id_of(group)}/members/$ref", json=body)


async def _add_all(flow: Flow, group: str) -> Any:
    steps = [DistributionListMembership(change="add", group=group, member=p) for p in (*OTHERS, PRIYA)]
    requester = flow.person(ADMIN)
    return await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))


@pytest.mark.parametrize("group", GROUPS)
async def test_bulk_adds_answered_already_on_the_first_send_are_not_recorded_as_ours(
    flow: Flow, tenant: TenantState, replication_lag: int, group: str
) -> None:
    other = OtherAdmin(tenant)
    assert not _members(tenant, other, group), "the seed has on the list whom the test adds"
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))  # reads lag writes
    for person in OTHERS:  # in the admin center, a moment before the adds are asked for
        _add_outside(other, group, person)
    planned = await _add_all(flow, group)
    assert all(isinstance(p.preview, Change) and not p.preview.already for p in planned), planned

    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )

    assert _members(tenant, other, group) == {*OTHERS, PRIYA}
    assert view.state is RequestState.COMPLETED, view.state
    status = {s.step["member"]: s.status for s in view.steps}
    assert status == {OTHERS[0]: "already", OTHERS[1]: "already", PRIYA: "applied"}, view.steps
    for s in view.steps[:2]:
        # No undo of this request takes off the list whom another admin put on it.
        assert (s.outcome or {}).get("before") == {"member": True}, s.outcome


@pytest.mark.parametrize("group", GROUPS)
async def test_the_control_bulk_adds_answered_already_to_a_resend_are_ours(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, group: str
) -> None:
    other = OtherAdmin(tenant)
    assert not _members(tenant, other, group)
    planned = await _add_all(flow, group)
    action = WRITE_ACTIONS["distribution_list_membership"]
    real = action.apply_many

    async def answer_lost(*args: Any, **kwargs: Any) -> Any:
        # Exchange carries out the $batch, then the connection drops before its answer: the connector sends
        # it again and meets its own adds ("already a member").
        emulator.faults.drop(
            "exchange" if group.startswith("contractors") else "graph", times=1, after_processing=True
        )
        try:
            return await real(*args, **kwargs)
        finally:
            emulator.faults.reset()

    monkeypatch.setattr(action, "apply_many", answer_lost)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    monkeypatch.undo()

    assert _members(tenant, other, group) == {*OTHERS, PRIYA}
    assert view.state is RequestState.COMPLETED, view.state
    assert all(s.status == "applied" for s in view.steps), view.steps
    for s in view.steps:
        assert (s.outcome or {}).get("before") == {"member": False}, s.outcome  # its undo takes them off


SEEDED = ("lucas.rossi@acme.com", "mia.novak@acme.com", "ethan.park@acme.com")  # on Contractors in the seed


async def test_bulk_removals_of_people_another_admin_took_off_are_already_and_undo_adds_nobody(
    flow: Flow, tenant: TenantState, replication_lag: int
) -> None:
    """The mirror image: another admin takes Lucas and Mia off Contractors, and a moment later an admin asks
    mailwarden to take all three seeded members off. The lagging read still shows all three, so all three
    removals are sent; Exchange answers Lucas's and Mia's first send "not a member". Recorded as removed,
    the request's undo would put back on the list two people another admin took off."""
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of("contractors@acme.com"))
    assert group is not None
    assert all(other.id_of(p) in group.members for p in SEEDED)
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))
    for person in SEEDED[:2]:
        other.exchange("Remove-DistributionGroupMember", Identity="contractors@acme.com", Member=person)
    steps = [
        DistributionListMembership(change="remove", group="contractors@acme.com", member=p) for p in SEEDED
    ]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    assert all(isinstance(p.preview, Change) and not p.preview.already for p in planned), planned

    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )

    assert not any(other.id_of(p) in group.members for p in SEEDED)
    status = {s.step["member"]: s.status for s in view.steps}
    assert status == {SEEDED[0]: "already", SEEDED[1]: "already", SEEDED[2]: "applied"}, view.steps
    for s in view.steps[:2]:
        assert (s.outcome or {}).get("before") == {"member": False}, s.outcome  # no undo adds them back
