"""Red team 21, the cost: what a group holds on mailboxes is read once per decision, shared by every step
of it, so adding 50 people to a group that holds rights costs the same extra reads as adding one (issue
14), and an add to a list that cannot hold rights (a distribution list) costs none."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.testing import RunningEmulator, running_emulator
from tests.conftest import discovered_context, emulator_connection
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com"
FINANCE, ENGINEERING = "finance-team@acme.com", "engineering@acme.com"
PEOPLE = 50


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """Acme with PEOPLE generated people (user00000@acme.com ...)."""
    with running_emulator(tmp_path_factory.mktemp("redteam21"), users=PEOPLE) as em:
        yield em


@pytest.fixture
def tenant(crowd: RunningEmulator) -> Iterator[TenantState]:
    crowd.faults.reset()
    with crowd.state.snapshot():
        other = OtherAdmin(crowd.state)
        other.add_role(KEN)
        other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
        yield crowd.state
    crowd.faults.reset()


@pytest.fixture
async def ctx(tenant: TenantState, crowd: RunningEmulator) -> AsyncIterator[ActionContext]:
    async with open_tenant(emulator_connection(crowd)) as clients:
        yield await discovered_context(clients)


async def _decided(
    flow: Flow, crowd: RunningEmulator, group: str, people: int
) -> tuple[list[Decision], int, int]:
    """The live decisions on adding `people` people to `group`, with the Exchange round trips and cmdlets
    (items of a `$batch`) that deciding them took."""
    steps: list[Step] = [
        DistributionListMembership(change="add", group=group, member=f"user{i:05d}@acme.com")
        for i in range(people)
    ]
    grace = flow.person(GRACE)
    crowd.faults.reset()
    decisions = (await flow.live.decider(grace, steps)).many(grace, steps)
    sent = crowd.faults.requests("exchange")
    return decisions, sum(not r.batch_item for r in sent)


async def test_adding_fifty_people_to_a_group_with_rights_costs_the_reads_of_adding_one(
    flow: Flow, crowd: RunningEmulator
) -> None:
    one, trips_1 = await _decided(flow, crowd, FINANCE, 1)
    many, trips_50 = await _decided(flow, crowd, FINANCE, PEOPLE)
    _, plain_1 = await _decided(flow, crowd, ENGINEERING, 1)
    _, plain_50 = await _decided(flow, crowd, ENGINEERING, PEOPLE)
    assert all(isinstance(d, ApprovalRequired) and d.approvers == [KEN] for d in [*one, *many]), many[:2]
    print(f"\nextra Exchange round trips: 1 add {trips_1 - plain_1}, {PEOPLE} adds {trips_50 - plain_50}")
    assert trips_50 - plain_50 == trips_1 - plain_1 > 0  # read, and read once
    assert plain_50 == plain_1  # a distribution list holds no rights: nothing more is read
