"""Red team 35 (on f212129): an approval given knowing whose forwarded mail an address takes covers more.

f212129 stops an approve (and a run) when the fresh decision names the approval rule of an address that takes
forwarded mail (`admin-approves-address-taking-forwarded-mail`) and the stored one did not. It compares rule
names only: once the stored decision names that rule, a second person's forwarding to the same address,
set after the approver read "Maria's mail", is restated or run under Ken's approval. Ken approved handing
over Maria's mail; Olivia's (the CEO's) goes with it, and no admin was ever told.

A new list at the address was approved under `second-admin`, a rule that names no mail, so neither the rule
names nor the fix below saw a second person's mail come to it after the approval. Fixed (security 29): such a
list has an approval rule of its own, `second-admin-approves-new-list-taking-forwarded-mail`, as the address
change has, which redecision weighs as it does the address change's.

Fixed in workflow/redecision.py: under that rule, a fresh reason (which names whose mail goes with the
address) other than the one the approver was shown stops the approve and the run, as a rule not named
before does.

Driven through the live decision and the run against the emulator over HTTP, as red team 32's tests."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListLifecycle
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_redteam32_address_takes_forwarded_mail import DESK, _primary, _take
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

OLIVIA = "olivia.martin@acme.com"


async def _asked_knowing_marias_mail(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]] | None = None
) -> tuple[OtherAdmin, str]:
    """Maria forwards to the desk; Grace asks for John's new primary address to be the desk; the decision
    names Maria's mail and waits for Ken. (`replicated`, under --replication-lag: the setup stands for a
    state reached long before, so it is waited for.)"""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    if replicated is not None:
        await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), _take(DESK)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert "Maria Garcia" in planned.decision.reason, planned.decision.reason
    assert "Olivia" not in planned.decision.reason, planned.decision.reason
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    return other, view.request_id


async def _approve(flow: Flow, request_id: str) -> RequestState:
    view = await live_policy.verdict(flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve")
    return view.state


async def test_the_control_the_approved_change_runs_when_nothing_more_is_forwarded(
    flow: Flow, tenant: TenantState
) -> None:
    _, request_id = await _asked_knowing_marias_mail(flow, tenant)
    assert await _approve(flow, request_id) is RequestState.APPROVED
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == DESK


async def test_a_second_persons_forwarding_set_after_the_approval_stops_the_run(
    flow: Flow, tenant: TenantState
) -> None:
    other, request_id = await _asked_knowing_marias_mail(flow, tenant)
    assert await _approve(flow, request_id) is RequestState.APPROVED
    other.exchange("Set-Mailbox", Identity=OLIVIA, ForwardingSmtpAddress=DESK)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == JOHN


async def test_a_second_persons_forwarding_set_before_the_approve_is_not_approved_unseen(
    flow: Flow, tenant: TenantState
) -> None:
    other, request_id = await _asked_knowing_marias_mail(flow, tenant)
    other.exchange("Set-Mailbox", Identity=OLIVIA, ForwardingSmtpAddress=DESK)
    with pytest.raises(DecisionChanged):
        await _approve(flow, request_id)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == JOHN


# ---- a new list at the address: its approval rule is 'second-admin', which names no mail ------------------


def _new_list() -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=DESK, display_name="EA desk", members=(JOHN,))


async def _new_list_approved_knowing_marias_mail(flow: Flow, tenant: TenantState) -> tuple[OtherAdmin, str]:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), _new_list()
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == [KEN], planned.decision
    assert "Maria Garcia" in planned.decision.reason, planned.decision.reason
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    assert await _approve(flow, view.request_id) is RequestState.APPROVED
    return other, view.request_id


def _list_exists(tenant: TenantState) -> bool:
    with tenant.transaction():
        return tenant.address_owner(DESK) is not None


async def test_the_control_the_approved_new_list_is_made(flow: Flow, tenant: TenantState) -> None:
    _, request_id = await _new_list_approved_knowing_marias_mail(flow, tenant)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is RequestState.COMPLETED, view
    assert _list_exists(tenant)


async def test_a_second_persons_forwarding_set_after_the_approval_stops_the_new_list(
    flow: Flow, tenant: TenantState
) -> None:
    other, request_id = await _new_list_approved_knowing_marias_mail(flow, tenant)
    other.exchange("Set-Mailbox", Identity=OLIVIA, ForwardingSmtpAddress=DESK)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    assert not _list_exists(tenant)


# ---- the same through the CLI, on the demo tenant ---------------------------------------------------------
cli = cli_fixtures.cli


def _john_primary(cli: Cli) -> str:
    data = TenantData.model_validate_json((Path(cli.home) / "emulator" / "tenant.json").read_bytes())
    [john] = [r for r in data.recipients.values() if f"smtp:{JOHN}" in {a.lower() for a in r.email_addresses}]
    return john.primary_smtp


def test_through_the_cli_kens_approve_stops_the_request_once_the_ceos_mail_goes_too(cli: Cli) -> None:
    other = OtherAdmin.of_demo(cli.home)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    code, out, err = cli(
        "do", "change_primary_alias", "set", "--recipient", JOHN, "--new-address", DESK,
        "--as", GRACE, "--yes",
    )  # fmt: skip
    assert code == 0, out + err
    assert "pending approval" in out, out
    request_id = re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]
    other.exchange("Set-Mailbox", Identity=OLIVIA, ForwardingSmtpAddress=DESK)
    code, out, err = cli("requests", "approve", request_id, "--as", KEN)
    assert code == 1, out + err
    assert "stopped" in err, err
    assert "Olivia Martin" in err, err
    assert _john_primary(cli) == JOHN
