"""Hole 4: an expiry exists only on what gives access, and the scheduler that ends it never grants."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ACTIONS, MailboxDelegation, SendAs, SendOnBehalf, parse_step
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.requests import plan_steps, run_expiries, submit
from tests.workflow.conftest import TENANT, Flow, flow, store  # noqa: F401 - the workflow fixtures

SUPPORT = "support@acme.com"
SOON = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


def _full_access(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    box, person = tenant.find(mailbox), tenant.find(trustee)
    assert box is not None
    assert person is not None
    return any(e.trustee_id == person.id for e in box.full_access)


@pytest.mark.parametrize("model", [MailboxDelegation, SendAs, SendOnBehalf])
def test_a_revoke_cannot_carry_an_expiry(model: type[MailboxDelegation]) -> None:
    """Every time-bound action refuses an expiry on its revoke, with a message that says why."""
    with pytest.raises(ValidationError, match="applies only to a grant"):
        model(change="revoke", mailbox=SUPPORT, trustee="tom.becker@acme.com", expires=SOON)
    assert model(change="grant", mailbox=SUPPORT, trustee="tom.becker@acme.com", expires=SOON).expires


@pytest.mark.parametrize(
    "step",
    [
        {"action": "distribution_list_membership", "change": "remove", "group": "x@acme.com", "member": "y"},
        {"action": "calendar_share", "change": "revoke", "owner": "x@acme.com", "grantee": "y"},
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": "x@acme.com"},
        {"action": "distribution_list_lifecycle", "change": "delete", "group": "x@acme.com"},
        {"action": "change_primary_alias", "change": "set", "recipient": "x", "new_address": "z@acme.com"},
    ],
)
def test_no_other_change_takes_an_expiry(step: dict[str, str]) -> None:
    """Remove, unshare, clear, delete and an address change have no expiry to give."""
    with pytest.raises(ValidationError):
        parse_step({**step, "expires": SOON.isoformat()})


def test_only_changes_that_give_access_are_marked_as_giving() -> None:
    """The catalog names, per action, the changes that give access: the only ones an expiry may end."""
    giving = {(a, c) for a, s in ACTIONS.items() for c in s.changes if s.gives_access(c)}
    assert giving == {
        ("mailbox_delegation", "grant"),
        ("send_as", "grant"),
        ("send_on_behalf", "grant"),
        ("distribution_list_membership", "add"),
        ("calendar_share", "grant"),
        ("email_forwarding_internal", "set"),
    }


@pytest.mark.anyio
async def test_a_stored_expiring_revoke_never_grants_again_when_due(flow: Flow, tenant: TenantState) -> None:
    """A legacy row (an expiring revoke stored before the model refused one) is refused when due, audited,
    and the access it took away stays away."""
    admin = "grace.hopper@acme.com"
    step = MailboxDelegation(change="revoke", mailbox="helpdesk@acme.com", trustee="tom.becker@acme.com")
    assert _full_access(tenant, SUPPORT, "tom.becker@acme.com")
    planned = await plan_steps(flow.ctx, flow.person(admin), [step], flow.decide)
    view = await submit(flow.service, flow.ctx, TENANT, flow.actor(admin), planned, confirm=True)
    assert view.state is RequestState.COMPLETED
    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")

    # What today's code stored for `do mailbox_delegation revoke ... --expires 3m`.
    due = flow.clock.now + dt.timedelta(minutes=3)
    with flow.service.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == view.request_id)
            .values(step={**view.steps[0].step, "expires": due.isoformat()}, expires=due)
        )
    flow.clock.advance(dt.timedelta(minutes=5))
    ran = await run_expiries(flow.service, flow.ctx, TENANT)

    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")
    assert [r.state for r in ran] == [RequestState.DENIED]
    assert ran[0].kind == "expiry"
    assert ran[0].parent_request_id == view.request_id
    assert "takes access away" in ran[0].steps[0].preview["reason"]
    records = flow.audit.records(tenant=TENANT, request_id=ran[0].request_id)
    assert any(r.event == "request.denied" for r in records)
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []  # refused once, never due again
    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")
