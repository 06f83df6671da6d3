"""Red team 56 F1: a sweep killed right after its bulk expiry completed left every grant due when the tie
came after the run (`_tie_ends`): the completed expiry is never taken over (`_resume_ends` looks at unfinished
ones), so the next sweep filed a second expiry of the same steps and took away what another admin had given
since. Each end is now tied in the transaction that records it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestView
from mailwarden.workflow import requests as requests_module
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import (
    ALL_HANDS,
    TENANT,
    Flow,
    all_hands_adds,
    all_hands_members,
    all_hands_removals,
    asked_and_run,
    crowd_people,
    generated_tenant,
    lagging_crowd_ctx,
    sweep_at,
)

pytestmark = pytest.mark.anyio

crowd, tenant = generated_tenant(3)  # the three people each test adds
ctx = lagging_crowd_ctx()


class Killed(BaseException):
    """The process dies: nothing catches it (the sweep logs and postpones any Exception of one end)."""


async def test_a_sweep_killed_after_its_bulk_expiry_ran_leaves_its_grants_ended(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, replicated: Any
) -> None:
    people = crowd_people(3)
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    journal = len(tenant.data.journal)

    run_request = requests_module.run_request
    finished: list[RequestView] = []

    async def killed_after(*args: Any, **kwargs: Any) -> RequestView:
        finished.append(await run_request(*args, **kwargs))
        raise Killed  # the sweep dies once the expiry's run is over, before anything else it does

    with monkeypatch.context() as m:
        m.setattr(requests_module, "run_request", killed_after)
        with pytest.raises(Killed):
            await sweep_at(flow, until + dt.timedelta(minutes=1))
    [first] = finished
    assert first.state.value == "completed"
    assert sorted(all_hands_removals(tenant, journal)) == people
    grants = flow.service.get(TENANT, added.request_id).every_step()
    assert [g.reverted_by for g in grants] == [first.request_id] * 3
    await replicated()
    # Days later another admin gives people[1] the list for good, outside mailwarden.
    flow.clock.advance(dt.timedelta(days=2))
    OtherAdmin(tenant, settled=True).exchange(
        "Add-DistributionGroupMember", Identity=ALL_HANDS, Member=people[1]
    )
    await replicated()
    ended = await sweep_at(flow, flow.clock.now + dt.timedelta(minutes=1))
    assert ended == []
    assert sorted(all_hands_removals(tenant, journal)) == people  # nothing removed a second time
    assert people[1] in all_hands_members(tenant)
