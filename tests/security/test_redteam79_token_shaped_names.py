"""Red team 79 F1: a name in the tenant shaped like a token (a JWT, a PEM key header, a mailwarden API token)
made every audit record quoting it raise, and nothing around the append expected it: the expiry sweep raised
at the first time-bound step naming such a recipient, on every pass, so that grant was never taken back.
Whoever owns a group (any user may create a Microsoft 365 group and rename it in Outlook), a list owner, an
admin or an HR feed can set such a name. Fixed: what looks secret in a recorded value is masked, the record
saying where; and an end that fails for any reason is postponed, never stopping the others."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

import mailwarden.workflow.requests as sweep
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import CalendarShare, EmailForwardingInternal, MailboxDelegation
from mailwarden.store.tables import RequestRow
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import _calendar, _days, _done, _ended, _forwards_to

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
TEAM = "finance-team@acme.com"  # mail-enabled security group owned by Mike Smith (an employee)
JANE = "jane.doe@acme.com"
MARKETING = "marketing@acme.com"  # a distribution list owned by Jane Doe (an employee)
TOKEN_SHAPED = " eyJhbGciOiJIUzI1NiJ9.eyJ0ZWFtIjoiZmluIn0.x"


def _rename(flow: Flow, tenant: TenantState, address: str) -> None:
    """The group's owner renames it in Outlook; the next delta sync brings the name into the directory."""
    with tenant.transaction():
        group = tenant.find(address)
        assert group is not None
        group.display_name += TOKEN_SHAPED
        tenant.reindex()
        tenant.mark_dirty()
    d = flow.ctx.directory
    old = d.by_address(address)
    assert old is not None
    renamed = old.model_copy(update={"display_name": old.display_name + TOKEN_SHAPED})
    flow.ctx = dataclasses.replace(
        flow.ctx, directory=Directory([renamed if r == old else r for r in d], d.domains)
    )


def _full_access(tenant: TenantState, mailbox: str) -> set[str]:
    with tenant.transaction():
        box = tenant.find(mailbox)
        assert box is not None
        return {tenant.recipients[e.trustee_id].primary_smtp for e in box.full_access}


async def _sweeps(flow: Flow, days: int) -> None:
    """Two passes of the expiry sweep, ten minutes apart (as the worker runs it)."""
    await _ended(flow, days)
    flow.clock.advance(dt.timedelta(minutes=10))
    await _ended(flow, 0)


async def _team_holds_support_for_a_day(flow: Flow, tenant: TenantState) -> RequestView:
    grant = MailboxDelegation(
        change="grant", mailbox="support@acme.com", trustee=TEAM, expires=_days(flow, 1)
    )
    view = await _done(flow, ADMIN, grant)
    assert view.state is RequestState.COMPLETED
    assert TEAM in _full_access(tenant, "support@acme.com")
    return view


async def test_a_group_renamed_after_its_time_bound_grant_still_loses_it(
    flow: Flow, tenant: TenantState
) -> None:
    """An admin gives Mike's Finance Team Full Access to support@ for a day; Mike renames his group. A day
    later the access ends (Mike decides who is in the group: kept, it was for good, for anyone he adds), and
    the audit log tells it with the token-shaped part masked, saying so."""
    granted = await _team_holds_support_for_a_day(flow, tenant)
    _rename(flow, tenant, TEAM)

    await _sweeps(flow, 2)
    assert TEAM not in _full_access(tenant, "support@acme.com"), "a day's Full Access outlived its end"
    [expiry] = [r for r in flow.service.list(TENANT) if r.parent_request_id == granted.request_id]
    assert expiry.state is RequestState.COMPLETED
    records = flow.audit.records(tenant=TENANT, request_id=expiry.request_id)
    assert any(r.detail.get("masked") for r in records if r.event == "step.applied")
    assert not any("eyJ" in r.model_dump_json() for r in records), "the token-shaped text reached the log"
    assert flow.audit.verify().ok


async def test_a_weeks_forwarding_to_a_list_its_owner_renames_is_cleared(
    flow: Flow, tenant: TenantState
) -> None:
    """Jane's manager approves a week of forwarding her mail to Marketing, a list Jane owns; Jane renames the
    list. At the week's end the forwarding is cleared (the approval was for a week)."""
    forward = EmailForwardingInternal(
        change="set", mailbox=JANE, forward_to=MARKETING, expires=_days(flow, 7)
    )
    view = await _done(flow, JANE, forward)
    assert view.state is RequestState.COMPLETED, view.steps[0]
    assert _forwards_to(tenant, JANE) == MARKETING
    _rename(flow, tenant, MARKETING)

    await _sweeps(flow, 8)
    assert _forwards_to(tenant, JANE) is None, "a week's forwarding outlived its end"


async def test_every_request_the_sweep_stores_has_its_submission_audited(
    flow: Flow, tenant: TenantState
) -> None:
    await _team_holds_support_for_a_day(flow, tenant)
    _rename(flow, tenant, TEAM)
    await _sweeps(flow, 2)
    with flow.service.store.session() as session:
        stored = set(session.scalars(select(RequestRow.request_id)))
    audited = {r.request_id for r in flow.audit.records(tenant=TENANT, event="request.submitted")}
    assert stored <= audited, f"requests stored with no audit record of their submission: {stored - audited}"


async def test_one_end_that_fails_for_any_reason_does_not_stop_the_others(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two grants end at once; the end of one raises what nothing expected. The other still ends, and the
    failed one is only postponed: the next pass ends it."""
    team = await _team_holds_support_for_a_day(flow, tenant)
    tom = CalendarShare(
        change="grant", owner=JANE, grantee="tom.becker@acme.com", access="reviewer", expires=_days(flow, 1)
    )
    assert (await _done(flow, ADMIN, tom)).state is RequestState.COMPLETED
    expire_step = sweep._expire_step

    async def failing(service, ctx, tenant_key, view, step):  # type: ignore[no-untyped-def]
        if view.request_id == team.request_id:
            raise RuntimeError("an end that fails for a reason nobody foresaw")
        return await expire_step(service, ctx, tenant_key, view, step)

    monkeypatch.setattr(sweep, "_expire_step", failing)
    await _ended(flow, 2)
    assert "tom.becker@acme.com" not in _calendar(tenant, JANE), "one failing end stopped the other"
    assert TEAM in _full_access(tenant, "support@acme.com")

    monkeypatch.setattr(sweep, "_expire_step", expire_step)
    flow.clock.advance(dt.timedelta(minutes=10))
    await _ended(flow, 0)
    assert TEAM not in _full_access(tenant, "support@acme.com"), "the failed end was dropped, not postponed"
