"""A request's steps are bound to the directory objects they named when previewed (workflow/binding.py).

Red team 19 moved a list's address to another list between approval and run (test_redteam19_step_binds_
objects.py). These go on from there: a run of many steps (the bulk path), an expiry after the address of
the mailbox it was granted on moved, a person whose primary address changed (the same object: it runs),
the ids in the audit record, and a request stored before steps were bound (it runs by address, as before).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, SendAs, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, submit
from mailwarden.workflow.service import PlannedStep
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, TOM, DAVID, PRIYA = (
    "grace.hopper@acme.com",
    "tom.becker@acme.com",
    "david.chen@acme.com",
    "priya.patel@acme.com",
)
CONTRACTORS, ENGINEERING = "contractors@acme.com", "engineering@acme.com"
SUPPORT, HELPDESK, SALES = "support@acme.com", "helpdesk@acme.com", "sales@acme.com"


async def _filed(flow: Flow, who: str, *steps: Step) -> RequestView:
    """Filed and confirmed by `who`, approved by David when it waits for him; not run yet."""
    person = flow.person(who)
    planned = await plan_steps(flow.ctx, person, list(steps), await flow.live.decider(person, list(steps)))
    view = flow.service.submit(TENANT, flow.actor(who), planned)
    if view.state is RequestState.NEEDS_CONFIRMATION and who == ADMIN:
        return flow.service.confirm(TENANT, view.request_id, flow.actor(who))  # runs on the next advance
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(who))
    if view.state is RequestState.PENDING_APPROVAL:
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(DAVID), "approve"
        )
    return view


async def _give_contractors_address_to_engineering(flow: Flow, other: OtherAdmin) -> None:
    other.exchange(
        "Set-DistributionGroup",
        Identity=other.id_of(CONTRACTORS),
        EmailAddresses=["SMTP:contractors-old@acme.com"],
    )
    other.exchange(
        "Set-DistributionGroup",
        Identity=other.id_of(ENGINEERING),
        EmailAddresses=[f"SMTP:{CONTRACTORS}", f"smtp:{ENGINEERING}"],
    )
    flow.ctx = await discovered_context(flow.ctx.clients)  # the minute's delta sync has seen it


def _members(tenant: TenantState, group_id: str) -> tuple[str, ...]:
    group = tenant.get(group_id)
    assert group is not None
    return tuple(group.members)


async def test_the_moved_list_is_named_in_the_refusal_and_nothing_is_written(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _filed(flow, TOM, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    other = OtherAdmin(tenant, settled=True)
    engineering, tom = other.id_of(ENGINEERING), other.id_of(TOM)
    await _give_contractors_address_to_engineering(flow, other)

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert [s.status for s in done.steps] == ["refused"]
    message = str((done.steps[0].outcome or {}).get("message"))
    assert (
        "contractors@acme.com now belongs to another list (Engineering) than the one approved (Contractors)"
        in (message)
    )
    assert "re-file the request" in message
    assert tom not in _members(tenant, engineering)


async def test_an_address_moved_in_exchange_before_the_directory_synced_is_refused_too(
    flow: Flow, tenant: TenantState
) -> None:
    """The directory still says contractors@ is Contractors, but Exchange (which a distribution list's
    write names by address) already gives it to Engineering: the tenant is asked right before the run."""
    view = await _filed(flow, TOM, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    other = OtherAdmin(tenant, settled=True)
    engineering, tom = other.id_of(ENGINEERING), other.id_of(TOM)
    stale = flow.ctx
    await _give_contractors_address_to_engineering(flow, other)
    flow.ctx = stale  # no sync since

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert [s.status for s in done.steps] == ["refused"]
    message = str((done.steps[0].outcome or {}).get("message"))
    assert "contractors@acme.com now belongs to another list (Engineering)" in message, message
    assert tom not in _members(tenant, engineering)


async def test_a_run_of_many_steps_refuses_each_step_whose_list_moved(
    flow: Flow, tenant: TenantState
) -> None:
    """Consecutive membership steps run together (workflow/bulk_run.py): each is bound all the same."""
    joining = ("mia.novak@acme.com", "lucas.rossi@acme.com")
    view = await _filed(
        flow,
        ADMIN,
        DistributionListMembership(change="add", group=ENGINEERING, member=joining[0]),
        DistributionListMembership(change="add", group=ENGINEERING, member=joining[1]),
    )
    assert view.state is RequestState.APPROVED
    other = OtherAdmin(tenant, settled=True)
    engineering, contractors = other.id_of(ENGINEERING), other.id_of(CONTRACTORS)
    before = _members(tenant, contractors)
    # The admin's steps name Engineering; its address goes to Contractors (Mia and Lucas are members of
    # Contractors already, so a run by address would find them "already" there and say nothing).
    other.exchange(
        "Set-DistributionGroup", Identity=engineering, EmailAddresses=["SMTP:engineering-old@acme.com"]
    )
    other.exchange(
        "Set-DistributionGroup",
        Identity=contractors,
        EmailAddresses=[f"SMTP:{ENGINEERING}", f"smtp:{CONTRACTORS}"],
    )
    flow.ctx = await discovered_context(flow.ctx.clients)

    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    done = flow.service.get(TENANT, view.request_id)

    assert [s.status for s in done.steps] == ["refused", "refused"]
    assert all("than the one approved (Engineering)" in str((s.outcome or {})["message"]) for s in done.steps)
    assert _members(tenant, contractors) == before
    assert not {other.id_of(m) for m in joining} & set(_members(tenant, engineering))


async def test_a_person_whose_primary_address_changed_is_still_the_one_approved(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom's address changes (the old one kept as a proxy address, as Exchange does): the same object,
    so the approved join runs."""
    view = await _filed(flow, TOM, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    other = OtherAdmin(tenant, settled=True)
    tom, contractors = other.id_of(TOM), other.id_of(CONTRACTORS)
    other.exchange("Set-Mailbox", Identity=tom, WindowsEmailAddress="thomas.becker@acme.com")
    flow.ctx = await discovered_context(flow.ctx.clients)
    assert flow.person(TOM).primary_address == "thomas.becker@acme.com"

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert [s.status for s in done.steps] == ["applied"], done.steps[0].outcome
    assert tom in _members(tenant, contractors)


def _send_as(tenant: TenantState, mailbox_id: str, person_id: str) -> bool:
    box = tenant.get(mailbox_id)
    assert box is not None
    return person_id in box.send_as


async def test_an_expiry_takes_the_access_from_the_mailbox_it_was_granted_on(
    flow: Flow, tenant: TenantState
) -> None:
    """Priya gets Send As on the help desk (helpdesk@, Support's second address) for a week; meanwhile the
    address goes to Sales, where Priya has Send As of her own. The expiry takes Support's away (by its
    address now), and leaves Sales' alone."""
    other = OtherAdmin(tenant, settled=True)
    support, sales, priya = other.id_of(SUPPORT), other.id_of(SALES), other.id_of(PRIYA)
    assert _send_as(tenant, sales, priya)
    grant = SendAs(
        change="grant", mailbox=HELPDESK, trustee=PRIYA, expires=flow.clock.now + dt.timedelta(days=7)
    )
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, [grant], flow.decide, service=flow.service, tenant=TENANT)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.state is RequestState.COMPLETED
    assert _send_as(tenant, support, priya)

    other.exchange("Set-Mailbox", Identity=support, EmailAddresses=[f"SMTP:{SUPPORT}"])
    other.exchange("Set-Mailbox", Identity=sales, EmailAddresses=[f"SMTP:{SALES}", f"smtp:{HELPDESK}"])
    flow.ctx = await discovered_context(flow.ctx.clients)
    flow.clock.advance(dt.timedelta(days=8))

    (expiry,) = await run_expiries(flow.service, flow.ctx, TENANT)

    assert expiry.state is RequestState.COMPLETED, expiry.steps[0].outcome
    assert expiry.steps[0].step["mailbox"] == "support@acme.com"
    assert not _send_as(tenant, support, priya)
    assert _send_as(tenant, sales, priya)
    assert flow.service.get(TENANT, view.request_id).steps[0].reverted_by == expiry.request_id


async def test_an_expiry_whose_mailbox_is_gone_is_refused_not_run_elsewhere(
    flow: Flow, tenant: TenantState
) -> None:
    """The grant's mailbox is no longer in the directory and its address leads to Sales: the expiry is
    refused (audited, and never due again), and Sales keeps Priya's Send As."""
    other = OtherAdmin(tenant, settled=True)
    support, sales, priya = other.id_of(SUPPORT), other.id_of(SALES), other.id_of(PRIYA)
    grant = SendAs(
        change="grant", mailbox=HELPDESK, trustee=PRIYA, expires=flow.clock.now + dt.timedelta(days=7)
    )
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, [grant], flow.decide, service=flow.service, tenant=TENANT)
    await submit(flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check)
    other.exchange("Set-Mailbox", Identity=support, EmailAddresses=[f"SMTP:{SUPPORT}"])
    other.exchange("Set-Mailbox", Identity=sales, EmailAddresses=[f"SMTP:{SALES}", f"smtp:{HELPDESK}"])
    found = await discovered_context(flow.ctx.clients)
    flow.ctx = type(found)(
        clients=found.clients,
        directory=type(found.directory)(
            [r for r in found.directory if r.recipient_id != support], found.directory.domains
        ),
        verify=found.verify,
    )
    flow.clock.advance(dt.timedelta(days=8))

    (refused,) = await run_expiries(flow.service, flow.ctx, TENANT)

    assert refused.state is RequestState.DENIED
    assert "no longer in the directory" in str(refused.steps[0].preview.get("reason"))
    assert _send_as(tenant, sales, priya)


async def test_the_ids_are_in_the_audited_steps(flow: Flow, tenant: TenantState) -> None:
    view = await _filed(flow, TOM, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    other = OtherAdmin(tenant, settled=True)
    pages = [r for r in flow.audit.records(request_id=view.request_id) if r.event == "request.steps"]
    audited: Any = pages[0].after
    assert audited[0]["preview"]["ids"] == {"group": other.id_of(CONTRACTORS), "member": other.id_of(TOM)}
    assert flow.audit.verify().ok


async def test_a_request_stored_before_steps_were_bound_runs_by_address_as_before(
    flow: Flow, tenant: TenantState
) -> None:
    """No ids, nothing to bind to: the step runs by its address, as every step did (say so, not hide it)."""
    step = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM)
    preview = await WRITE_ACTIONS[step.action].preflight(flow.ctx, step)
    view = flow.service.submit(
        TENANT, flow.actor(ADMIN), [PlannedStep(step, preview, Allowed(reason="old", policies=["old"]))]
    )
    assert "ids" not in view.steps[0].preview
    flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    other = OtherAdmin(tenant, settled=True)
    engineering, tom = other.id_of(ENGINEERING), other.id_of(TOM)
    await _give_contractors_address_to_engineering(flow, other)

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert [s.status for s in done.steps] == ["applied"]
    assert tom in _members(tenant, engineering)


async def test_the_ids_stay_out_of_what_a_requester_is_shown(flow: Flow, tenant: TenantState) -> None:
    """The ids are the executor's and the audit's: a view dumped for the CLI, the API or a page leaves them
    out, so a plan naming a hidden recipient's address does not tell it apart from an unknown one by id."""
    view = await _filed(flow, TOM, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    assert "ids" in view.steps[0].preview
    shown = view.model_dump(mode="json")
    assert "ids" not in shown["steps"][0]["preview"]
    assert "ids" not in view.model_dump_json()
