"""Red team 2: the sole-admin rule (DESIGN §5) is judged on the tenant as it is now. An admin the last
discovery did not see (made in the admin center since) is a second admin: four eyes are possible again,
so the sole-admin permit must not let the first admin run a four-eyes write alone."""

from __future__ import annotations

import uuid

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias
from mailwarden.workflow.requests import plan_steps, submit
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE = "grace.hopper@acme.com"
NEW_ADMIN = "ada.new@acme.com"
MIKE_TO_MICHAEL = ChangePrimaryAlias(
    change="set", recipient="mike.smith@acme.com", new_address="michael.smith@acme.com"
)


def _hire_admin_behind_the_cache(tenant: TenantState) -> None:
    """Another admin creates a person and makes them Exchange admin after the last discovery."""
    with tenant.transaction():
        tom = tenant.find("tom.becker@acme.com")
        assert tom is not None
        new_id = str(uuid.uuid4())
        tenant.add_recipient(
            tom.model_copy(
                update={
                    "id": new_id,
                    "display_name": "Ada New",
                    "alias": "ada.new",
                    "primary_smtp": NEW_ADMIN,
                    "email_addresses": [f"SMTP:{NEW_ADMIN}"],
                    "user_principal_name": NEW_ADMIN,
                    "exchange_guid": str(uuid.uuid4()),
                }
            )
        )
        tenant.mark_dirty()
    # Made a while before Grace asks: the state the rule is judged on (inside the reads' lag the new admin is
    # not shown yet, and the permit is given; see the sec55 report).
    OtherAdmin(tenant, settled=True).add_role(NEW_ADMIN)


async def assert_grace_cannot_rename_mike_alone(flow: Flow) -> None:
    """Grace asks, with a justification, for a four-eyes write (Mike's primary address): with a second
    admin in the tenant the sole-admin permit must not apply, and the request must not run on her word."""
    grace = flow.person(GRACE)
    planned = await plan_steps(
        flow.ctx, grace, [MIKE_TO_MICHAEL], await flow.live.decider(grace, [MIKE_TO_MICHAEL])
    )
    view = await submit(
        flow.service,
        flow.ctx,
        TENANT,
        flow.actor(GRACE),
        planned,
        confirm=True,
        check=flow.check,
        justification="just because",
    )
    assert "sole-admin-with-justification" not in view.steps[0].decision.policies
    assert view.state is not RequestState.COMPLETED


@pytest.mark.anyio
async def test_an_admin_made_since_discovery_means_grace_is_not_sole_admin(
    flow: Flow, tenant: TenantState
) -> None:
    _hire_admin_behind_the_cache(tenant)
    await assert_grace_cannot_rename_mike_alone(flow)
