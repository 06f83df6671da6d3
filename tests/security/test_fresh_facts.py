"""Hole 2: decisions are made on the tenant as it is now — at confirmation, at each approval and right before
each step runs — not on the directory cache of the last discovery. Another admin changes the tenant behind
mailwarden's back (tests/security/other_admin.py); whatever gave power then no longer does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.errors import DecisionChanged, NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias, DistributionListMembership
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.api import conftest as api_fixtures
from tests.api.served import ServedApp
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

# The fixtures of the rooms these attacks go through, under their own names.
cli = cli_fixtures.cli
web = api_fixtures.web
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TOM = "tom.becker@acme.com"
ATLAS = "e5ac4478-0846-58f2-b4ad-2df628824abe"
ALL_HANDS = "d9af87bb-b87a-5777-806d-dfcbe0400a84"
SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"


# ---- through the CLI, on the demo tenant -------------------------------------------------------------
def _request_id(out: str) -> str:
    return re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]


def _do(cli: Cli, *args: str) -> str:
    code, out, err = cli("do", *args, "--yes")
    assert code == 0, out + err
    return out


def _audit(cli: Cli) -> list[dict[str, object]]:
    code, out, _ = cli("audit", "export", "--format", "jsonl")
    assert code == 0
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _tenant(cli: Cli) -> TenantData:
    return TenantData.model_validate_json((Path(cli.home) / "emulator" / "tenant.json").read_bytes())


def test_a_demoted_admin_cannot_approve_and_the_request_stops(cli: Cli) -> None:
    """Tom's new primary address waits for Grace, the admin; once her role is deleted in Graph her approval
    is refused, the request stops with the policy's new reason, and the address is unchanged."""
    out = _do(
        cli, "change_primary_alias", "set", "--recipient", "me", "--new-address", "tb@acme.com", "--as", TOM
    )
    assert "pending approval" in out
    assert "grace.hopper@acme.com" in out
    OtherAdmin.of_demo(cli.home).remove_role("grace.hopper@acme.com")

    code, out, err = cli("requests", "approve", _request_id(out), "--as", "grace.hopper@acme.com")
    assert code == 1
    assert "stopped" in err
    assert _tenant(cli).recipients[TOM_ID].primary_smtp == "tom.becker@acme.com"
    denied = [r for r in _audit(cli) if r["event"] == "request.denied"]
    assert denied
    assert denied[-1]["detail"]["when"] == "approve"  # type: ignore[index]


def test_a_demoted_admin_loses_admin_power_in_the_cli_at_once(cli: Cli) -> None:
    """Without a rediscovery, Grace may no longer add someone else to a list once her role is gone."""
    cli("tenant", "discover")
    OtherAdmin.of_demo(cli.home).remove_role("grace.hopper@acme.com")
    code, out, _ = cli(
        "do", "distribution_list_membership", "add", "--group", "contractors@acme.com", "--member",
        "john@acme.com", "--as", "grace.hopper@acme.com", "--yes",
    )  # fmt: skip
    assert code != 0 or "denied" in out
    assert "john" not in json.dumps(_tenant(cli).recipients["911e4e36-c8ed-5476-a03c-6692a2a9f9fb"].members)


def test_a_disabled_requester_gets_nothing_run(cli: Cli) -> None:
    """Tom asks to join private Project Atlas; he is disabled before Olivia approves: nothing runs."""
    out = _do(
        cli,
        "distribution_list_membership",
        "add",
        "--group",
        "project-atlas@acme.com",
        "--member",
        "me",
        "--as",
        TOM,
    )
    assert "pending approval" in out
    OtherAdmin.of_demo(cli.home).set_enabled(TOM, False)

    code, _, err = cli("requests", "approve", _request_id(out), "--as", "olivia.martin@acme.com")
    assert code == 1
    assert "disabled" in err
    assert TOM_ID not in _tenant(cli).recipients[ATLAS].members


def test_a_replaced_owner_cannot_approve_but_the_new_owner_can(cli: Cli) -> None:
    """Olivia is replaced by Maria as Project Atlas's owner after Tom asked: Olivia's approval is refused,
    Maria's runs the join."""
    out = _do(
        cli,
        "distribution_list_membership",
        "add",
        "--group",
        "project-atlas@acme.com",
        "--member",
        "me",
        "--as",
        TOM,
    )
    request_id = _request_id(out)
    admin = OtherAdmin.of_demo(cli.home)
    admin.add_owner("project-atlas@acme.com", "maria.garcia@acme.com")
    admin.remove_owner("project-atlas@acme.com", "olivia.martin@acme.com")

    code, _, err = cli("requests", "approve", request_id, "--as", "olivia.martin@acme.com")
    assert code == 1
    assert "not an approver" in err or "no longer approve" in err
    assert TOM_ID not in _tenant(cli).recipients[ATLAS].members

    code, out, err = cli("requests", "approve", request_id, "--as", "maria.garcia@acme.com")
    assert code == 0, out + err
    assert TOM_ID in _tenant(cli).recipients[ATLAS].members


def test_a_resource_marked_sensitive_after_filing_stops_at_approval(cli: Cli) -> None:
    """Tom's Send As on Support waits for Sarah; an admin then marks Support sensitive: Sarah's approval stops
    the request with the sensitivity rule's reason, and Tom gets nothing."""
    out = _do(cli, "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "me", "--as", TOM)
    assert "pending approval" in out
    code, _, err = cli("tenant", "targets", "--sensitive", "support@acme.com")
    assert code == 0, err

    code, _, err = cli("requests", "approve", _request_id(out), "--as", "sarah@acme.com")
    assert code == 1
    assert "sensitive" in err
    assert TOM_ID not in _tenant(cli).recipients[SUPPORT].send_as


# ---- the workflow: confirmation and execution --------------------------------------------------------
def _join_all_hands(flow: Flow) -> DistributionListMembership:
    return DistributionListMembership(change="add", group="all-hands@acme.com", member=TOM)


@pytest.mark.anyio
async def test_a_list_closed_by_its_owner_after_submit_is_not_joined_at_confirmation(
    flow: Flow, tenant: TenantState
) -> None:
    """All Hands is Open when Tom asks; its owner closes it in Exchange; Tom's confirmation stops the request
    ('now needs approval by its owners'), audited, and he is not a member."""
    tom = flow.person(TOM)
    step = _join_all_hands(flow)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    assert planned[0].decision.outcome == "allowed"
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    OtherAdmin(tenant, settled=True).set_join_restriction("all-hands@acme.com", "Closed")

    with pytest.raises(DecisionChanged, match=r"needs approval by olivia\.martin@acme\.com"):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    assert flow.service.get(TENANT, view.request_id).state is RequestState.DENIED
    assert TOM_ID not in tenant.get(ALL_HANDS).members  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_a_list_closed_after_confirmation_is_not_joined_when_the_step_runs(
    flow: Flow, tenant: TenantState
) -> None:
    """Closed between confirmation and execution: the step is refused with the new reason, nothing joined."""
    tom = flow.person(TOM)
    step = _join_all_hands(flow)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    assert view.state is RequestState.APPROVED
    OtherAdmin(tenant, settled=True).set_join_restriction("all-hands@acme.com", "Closed")

    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "refused"
    assert "decision changed" in str(view.steps[0].outcome)
    assert TOM_ID not in tenant.get(ALL_HANDS).members  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_a_requester_disabled_after_approval_gets_nothing_run(flow: Flow, tenant: TenantState) -> None:
    """Approved, then disabled before the run: the step is refused (a disabled account asks for nothing)."""
    tom = flow.person(TOM)
    step = DistributionListMembership(change="add", group="project-atlas@acme.com", member=TOM)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    olivia = flow.person("olivia.martin@acme.com")
    await live_policy.verdict(flow.service, flow.live, TENANT, view.request_id, olivia, "approve")
    OtherAdmin(tenant, settled=True).set_enabled(TOM, False)

    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "refused"
    assert "disabled" in str(view.steps[0].outcome)
    assert TOM_ID not in tenant.get(ATLAS).members  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_a_step_without_a_live_check_does_not_run(flow: Flow, tenant: TenantState) -> None:
    """The executor refuses to run a step nobody decided again (deny by default)."""
    tom = flow.person(TOM)
    step = _join_all_hands(flow)
    planned = await plan_steps(flow.ctx, tom, [step], flow.decide)
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    flow.service.confirm(TENANT, view.request_id, flow.actor(TOM))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id)
    assert view.steps[0].status == "refused"
    assert TOM_ID not in tenant.get(ALL_HANDS).members  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_a_demoted_approver_cannot_deny_either(flow: Flow, tenant: TenantState) -> None:
    """Grace, demoted, may not end Tom's request with a denial: she approves nothing any more."""
    tom = flow.person(TOM)
    step = ChangePrimaryAlias(change="set", recipient=TOM, new_address="tb@acme.com")
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    OtherAdmin(tenant, settled=True).remove_role("grace.hopper@acme.com")
    grace = flow.person("grace.hopper@acme.com")
    with pytest.raises(NotPermitted):
        await live_policy.verdict(flow.service, flow.live, TENANT, view.request_id, grace, "deny")


# ---- the API: a token's power is judged on the role held now ------------------------------------------
def test_an_api_token_loses_admin_power_when_the_role_is_removed(web: ServedApp, tenant: TenantState) -> None:
    """Grace's read token reads the audit log (admins only); her role is deleted in Graph; the same token is
    refused at once, and /me says employee."""
    grace = web.sign_in("grace.hopper@acme.com")
    token = grace.post("/api/v1/tokens", json={"name": "audit", "scopes": ["read"]}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as http:
        assert http.get("/api/v1/audit", headers=bearer).status_code == 200
        OtherAdmin(tenant).remove_role("grace.hopper@acme.com")
        assert http.get("/api/v1/audit", headers=bearer).status_code == 403
        assert http.get("/api/v1/me", headers=bearer).json()["role"] == "employee"
    assert grace.get("/api/v1/audit").status_code == 403  # her browser session too


def test_a_disabled_persons_token_reads_nothing(web: ServedApp, tenant: TenantState) -> None:
    """A read (not only a change) with a disabled person's token is refused."""
    tom = web.sign_in(TOM)
    token = tom.post("/api/v1/tokens", json={"name": "r", "scopes": ["read"]}).json()["token"]
    OtherAdmin(tenant).set_enabled(TOM, False)
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as http:
        assert http.get("/api/v1/requests", headers={"Authorization": f"Bearer {token}"}).status_code == 401
