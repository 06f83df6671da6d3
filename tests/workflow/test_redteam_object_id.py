"""Red-team of writing by object id (workflow/binding.py `pinned`): is it already so, asked of the tenant,
must be answered for the object approved, never for another one that only looks like it to a directory
synced before it changed (a name or alias that a later object took). A step approved for an object that is
told "already in place" because of someone else is never run, and the record says it was done."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import CalendarShare, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.other_admin import OtherAdmin
from tests.security.test_bind_steps_to_objects import ADMIN, TOM
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, JANE = "mike.smith@acme.com", "jane.doe@acme.com"


async def _approved(flow: Flow, step: Step) -> RequestView:
    person = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, person, [step], await flow.live.decider(person, [step]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    return view


async def _run(flow: Flow, view: RequestView) -> RequestView:
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)


async def test_a_calendar_share_is_not_taken_as_in_place_from_someone_who_took_the_grantees_name(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike is renamed "Tom Becker" after the last sync and holds Reviewer on Jane's calendar: the share
    approved for Tom (by id) is still Tom's to get, not "already so" because of Mike's entry."""
    view = await _approved(flow, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer"))
    other = OtherAdmin(tenant)
    tom, mike = other.id_of(TOM), other.id_of(MIKE)
    tom_name = flow.person(TOM).display_name
    other.exchange("Set-Mailbox", Identity=mike, DisplayName=tom_name)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=mike, AccessRights=["Reviewer"]
    )

    done = await _run(flow, view)

    with tenant.transaction():
        users = {e.user for e in tenant.data.recipients[other.id_of(JANE)].calendar}
    assert done.steps[0].status == "applied", done.steps[0]
    assert not (done.steps[0].outcome or {}).get("change", {}).get("already"), done.steps[0].outcome
    assert tom in users, "Tom was told he already had the share Mike holds, and never got it"
