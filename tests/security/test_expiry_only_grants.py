"""Hole 4: an expiry exists only on what gives access, and the scheduler that ends it never grants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.model.changes import Change
from mailwarden.model.decisions import Allowed
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import (
    ACTIONS,
    CalendarShare,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
    Step,
    parse_step,
)
from mailwarden.planner.compose import draft_status, resolve_draft
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.rules import RulesPlanner
from mailwarden.store.db import Store
from mailwarden.store.tables import RequestStepRow
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps, run_expiries, submit
from mailwarden.workflow.service import PlannedStep, RequestService
from tests.api.served import ServedApp, served_app
from tests.cli.conftest import Cli
from tests.directory.conftest import acme_directory
from tests.security._flow import live_check
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Clock, Flow

SUPPORT = "support@acme.com"
SOON = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def mw(tmp_path: Path) -> Cli:
    """The `mailwarden` CLI on a fresh home, against its embedded demo tenant."""
    return Cli(tmp_path / "home")


@pytest.fixture
def app(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app and REST API on a fresh workspace; the tenant is restored to the seed afterwards."""
    with served_app(emulator, tmp_path / "home") as served:
        yield served


@pytest.fixture
def wf(ctx: ActionContext, tmp_path: Path) -> Iterator[Flow]:
    """The request service on a temporary store, the real policy, the emulated tenant."""
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        clock, audit = Clock(), AuditLog(store, tmp_path)
        yield Flow(service=RequestService(store, audit, clock=clock), ctx=ctx, clock=clock, audit=audit)


SUPPORT_ID = "484318fd-e8ce-5b62-9fa9-608da5793179"
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"


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
async def test_a_stored_expiring_revoke_never_grants_again_when_due(wf: Flow, tenant: TenantState) -> None:
    """A legacy row (an expiring revoke stored before the model refused one) is refused when due, audited,
    and the access it took away stays away."""
    admin = "grace.hopper@acme.com"
    step = MailboxDelegation(change="revoke", mailbox="helpdesk@acme.com", trustee="tom.becker@acme.com")
    assert _full_access(tenant, SUPPORT, "tom.becker@acme.com")
    planned = await plan_steps(wf.ctx, wf.person(admin), [step], wf.decide)
    view = await submit(
        wf.service, wf.ctx, TENANT, wf.actor(admin), planned, confirm=True, check=live_check(wf.ctx)
    )
    assert view.state is RequestState.COMPLETED
    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")

    # What today's code stored for `do mailbox_delegation revoke ... --expires 3m`.
    due = wf.clock.now + dt.timedelta(minutes=3)
    with wf.service.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == view.request_id)
            .values(step={**view.steps[0].step, "expires": due.isoformat()}, expires=due)
        )
    wf.clock.advance(dt.timedelta(minutes=5))
    ran = await run_expiries(wf.service, wf.ctx, TENANT)

    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")
    assert [r.state for r in ran] == [RequestState.DENIED]
    assert ran[0].kind == "expiry"
    assert ran[0].parent_request_id == view.request_id
    assert "takes access away" in ran[0].steps[0].preview["reason"]
    records = wf.audit.records(tenant=TENANT, request_id=ran[0].request_id)
    assert any(r.event == "request.denied" for r in records)
    assert await run_expiries(wf.service, wf.ctx, TENANT) == []  # refused once, never due again
    assert not _full_access(tenant, SUPPORT, "tom.becker@acme.com")


# ---- every channel -----------------------------------------------------------------------------------


def test_cli_refuses_an_expiring_revoke_and_stores_nothing(mw: Cli) -> None:
    """`do mailbox_delegation revoke ... --expires 3m` is a one-line error, exit 1, no request stored."""
    code, _, err = mw(
        "do",
        "mailbox_delegation",
        "revoke",
        "--mailbox",
        SUPPORT,
        "--trustee",
        "tom.becker@acme.com",
        "--expires",
        "3m",
        "--yes",
        "--as",
        "grace.hopper@acme.com",
    )
    assert code == 1
    assert "applies only to a grant" in err
    assert "Traceback" not in err
    assert mw.json("requests", "list", "--as", "grace.hopper@acme.com") == []
    assert _tom_has_full_access(mw.tenant())


def test_cli_refuses_an_expiry_on_a_removal_from_a_list(mw: Cli) -> None:
    """A removal says it cannot end instead of dropping the expiry (only adding a member is time-bound)."""
    code, _, err = mw(
        "do",
        "distribution_list_membership",
        "remove",
        "--group",
        "all-sales@acme.com",
        "--member",
        "tom.becker@acme.com",
        "--expires",
        "3d",
        "--yes",
        "--as",
        "grace.hopper@acme.com",
    )
    assert code == 1
    assert "applies only to a grant" in err


def test_api_answers_an_expiring_revoke_with_a_plain_422(app: ServedApp, tenant: TenantState) -> None:
    """The REST API refuses it as problem+json 422 with a sentence a person reads; nothing is stored."""
    grace = app.sign_in("grace.hopper@acme.com")
    step = {
        "action": "mailbox_delegation",
        "change": "revoke",
        "params": {"mailbox": SUPPORT, "trustee": "tom.becker@acme.com", "expires": "3m"},
    }
    for url in ("/api/v1/plans", "/api/v1/requests"):
        answer = grace.post(url, json={"steps": [step]})
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "applies only to a grant" in answer.json()["detail"]
    assert grace.get("/api/v1/requests").json()["items"] == []
    assert _full_access(tenant, SUPPORT, "tom.becker@acme.com")


def test_ask_page_refuses_an_expiry_it_cannot_honour(app: ServedApp) -> None:
    """The form shows the reason for an expiring revoke and for an expiring removal from a list."""
    grace = app.sign_in("grace.hopper@acme.com")
    for form in (
        {
            "action": "mailbox_delegation",
            "change": "revoke",
            "mailbox": SUPPORT,
            "trustee": "tom.becker@acme.com",
        },
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "all-sales@acme.com",
            "member": "tom.becker@acme.com",
        },
    ):
        page = grace.http.post("/ask", data={"csrf_token": grace.csrf, "expires": "3d", **form})
        assert page.status_code == 422
        assert "expir" in page.text
    assert grace.get("/api/v1/requests").json()["items"] == []


def test_ask_page_shows_the_end_of_a_time_bound_list_add(app: ServedApp) -> None:
    """A list add asked for a while is previewed with its end, as a grant's would be."""
    grace = app.sign_in("grace.hopper@acme.com")
    end = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    form = {
        "action": "distribution_list_membership",
        "change": "add",
        "group": "contractors@acme.com",
        "member": "tom.becker@acme.com",
        "expires": end.isoformat(),
    }
    page = grace.http.post("/ask", data={"csrf_token": grace.csrf, **form})
    assert page.status_code == 200, page.text
    assert f"until {end:%Y-%m-%d %H:%M} UTC" in page.text


def test_planner_never_plans_an_expiring_revoke(mw: Cli) -> None:
    """'revoke Tom's full access on support for 3 days' becomes a question, never a ready revoke."""
    plan = mw.json("plan", "revoke Tom's full access on support for 3 days", "--as", "grace.hopper@acme.com")
    assert isinstance(plan, dict)
    assert plan["status"] == "needs_clarification"
    assert plan["steps"] == []
    assert "cannot go with taking access away" in plan["message"]


def test_llm_output_with_an_expiring_revoke_is_not_planned() -> None:
    """A model that proposes an expiring revoke gets the step dropped with the reason, never planned."""
    draft = Draft(
        status="ready",
        message="Revoking for 3 days.",
        steps=[
            DraftStep(
                action="mailbox_delegation",
                change="revoke",
                params={"mailbox": SUPPORT, "trustee": "tom.becker@acme.com", "expires": SOON.isoformat()},
            )
        ],
    )
    directory = acme_directory()
    resolved = resolve_draft(draft, directory, resolve(directory, "grace.hopper@acme.com"))
    assert resolved.steps == []
    assert "applies only to a grant" in resolved.problems[0]
    assert draft_status(draft, resolved)[0] == "not_understood"


def _tom_has_full_access(data: TenantData) -> bool:
    box = data.recipients[SUPPORT_ID]
    return any(e.trustee_id == TOM_ID for e in box.full_access)


@pytest.mark.parametrize(
    "text",
    [
        "revoke Tom's full access on support for 3 days",
        "remove Tom from all-sales for a week",
        "stop forwarding careers@acme.com for 2 days",
    ],
)
def test_rules_planner_never_drops_an_end_time_silently(text: str) -> None:
    """An end time on a step that cannot be time-bound is a question, never a step that lasts for good."""
    directory = acme_directory()
    draft = RulesPlanner().draft(
        text, requester=resolve(directory, "grace.hopper@acme.com"), directory=directory
    )
    assert draft.status == "needs_clarification"
    assert draft.steps == []
    assert "time" in draft.questions[0].text


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("add Tom to Contractors for a week", "distribution_list_membership"),
        ("share my calendar with Tom as reviewer for 3 days", "calendar_share"),
        ("forward my mail to Tom for two weeks", "email_forwarding_internal"),
    ],
)
def test_rules_planner_gives_an_add_a_share_and_a_forwarding_their_end(text: str, action: str) -> None:
    """A list add, a calendar share and a forwarding said for a while are planned to end then, never for good
    and no longer asked about."""
    directory = acme_directory()
    draft = RulesPlanner().draft(text, requester=resolve(directory, "jane.doe@acme.com"), directory=directory)
    assert draft.status == "ready", draft.questions
    [step] = draft.steps
    assert step.action == action
    assert step.params.get("expires")


@pytest.mark.anyio
async def test_an_expiry_whose_revert_would_grant_is_refused(wf: Flow, tenant: TenantState) -> None:
    """A stored time-bound calendar share that lowered Ava's level (Editor before, Reviewer after): ending it
    would raise her to Editor again, so it is refused; the scheduler only ever takes away."""
    admin = "grace.hopper@acme.com"
    step = CalendarShare(
        change="grant", owner="priya.patel@acme.com", grantee="ava.johnson@acme.com", access="reviewer"
    )
    change = Change(before={"access": "editor"}, after={"access": "reviewer"}, summary="x")
    await _stored_applied(wf, admin, step, change)
    journal = len(tenant.data.journal)
    wf.clock.advance(dt.timedelta(minutes=5))
    ran = await run_expiries(wf.service, wf.ctx, TENANT)
    assert [r.state for r in ran] == [RequestState.DENIED]
    assert "only takes away" in ran[0].steps[0].preview["reason"]
    assert len(tenant.data.journal) == journal  # nothing was written to the tenant
    assert await run_expiries(wf.service, wf.ctx, TENANT) == []


@pytest.mark.anyio
async def test_a_forwarding_end_never_points_it_back_where_it_went(wf: Flow, tenant: TenantState) -> None:
    """A stored time-bound forwarding set over one to Maria: its end clears it while it still forwards to
    its own target, and never sets it to Maria again (mail sent where nobody asked now)."""
    admin = "grace.hopper@acme.com"
    other = OtherAdmin(tenant, settled=True)  # the forwarding set 5 minutes before it ends
    other.exchange(
        "Set-Mailbox",
        Identity=other.id_of("careers@acme.com"),
        ForwardingAddress=other.id_of("tom.becker@acme.com"),
    )
    step = EmailForwardingInternal(change="set", mailbox="careers@acme.com", forward_to="tom.becker@acme.com")
    before = {"forward_to": "maria.garcia@acme.com", "keep_copy": True}
    change = Change(
        before=before, after={"forward_to": "tom.becker@acme.com", "keep_copy": False}, summary="x"
    )
    await _stored_applied(wf, admin, step, change)
    wf.clock.advance(dt.timedelta(minutes=5))
    [ran] = await run_expiries(wf.service, wf.ctx, TENANT)
    assert ran.state is RequestState.COMPLETED, ran.steps[0]
    assert ran.steps[0].step["change"] == "clear"
    careers = tenant.find("careers@acme.com")
    assert careers is not None
    assert careers.forwarding_address is None
    assert careers.forwarding_smtp_address is None


async def _stored_applied(wf: Flow, admin: str, step: Step, change: Change) -> None:
    """`step` stored as applied with `change`, ending in three minutes (as a legacy or lost record may be)."""
    allowed = Allowed(reason="test", policies=["test"])
    view = wf.service.submit(TENANT, wf.actor(admin), [PlannedStep(step, change, allowed)])
    due = wf.clock.now + dt.timedelta(minutes=3)
    with wf.service.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == view.request_id)
            .values(status="applied", expires=due, outcome={"change": change.model_dump(mode="json")})
        )
