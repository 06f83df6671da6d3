"""Security leftover 23: mail leaves a mailbox through its Inbox rules too (over HTTPS to the emulator).

An enabled rule that forwards or redirects (New-InboxRule -ForwardTo / -RedirectTo / -ForwardAsAttachmentTo)
sends the mail landing in a mailbox on, as ForwardingAddress does. So a forwarding into a mailbox whose rule
sends mail to an approver gives that approver the mail (refused, as a Full Access holder there is: sec21,
sec22); a rule sending it outside breaks "internal-only forwarding" (refused); a rule set that cannot be read
is the worst case; and the mailbox details view shows the rules that send mail on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.actions.email_forwarding_internal import ACTION
from mailwarden.actions.views import view_mailbox_details
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.changes import Change
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, Step, ViewMailboxDetails
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

GRACE, MIKE, MARIA, TOM, KEN = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
    "ken.adams@acme.com",
)
OUTSIDE = "pat.personal@example.net"
TO_MARIA = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)
"""Grace (an admin) asks to forward Tom's mail to Maria: Mike and Ken, the other admins, may approve."""


@pytest.fixture
def admins(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.add_role(KEN)
    return other


def _rule(other: OtherAdmin, mailbox: str, name: str, **targets: object) -> dict[str, object]:
    body = other.exchange("New-InboxRule", Mailbox=mailbox, Name=name, **targets)
    [created] = body["value"]
    return created


async def _decided(flow: Flow, step: Step = TO_MARIA) -> Decision:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    return planned.decision


# ---- the emulator prints rules as Exchange Online does ----------------------------------------------


def test_get_inbox_rule_prints_targets_by_routing_type_and_needs_a_mailbox(
    tenant: TenantState, admins: OtherAdmin
) -> None:
    _rule(admins, MARIA, "Invoices to Mike", ForwardTo=[MIKE], SubjectContainsWords=["invoice"])
    _rule(admins, MARIA, "Everything home", RedirectTo=[OUTSIDE])
    rules = admins.exchange("Get-InboxRule", Mailbox=MARIA)["value"]
    by_name = {r["Name"]: r for r in rules}
    mike_rule, home = by_name["Invoices to Mike"], by_name["Everything home"]
    maria = tenant.find(MARIA)
    assert maria is not None
    owner = maria.name or maria.alias
    assert mike_rule["Identity"] == f"{owner}\\{mike_rule['RuleIdentity']}"
    assert mike_rule["RuleIdentity"].isdigit()
    assert mike_rule["Enabled"] is True
    [printed] = mike_rule["ForwardTo"]
    assert printed.startswith('"Mike Smith" [EX:/o=ExchangeLabs/'), printed
    assert mike_rule["RedirectTo"] is None
    assert mike_rule["ForwardAsAttachmentTo"] is None
    assert home["RedirectTo"] == [f'"{OUTSIDE}" [SMTP:{OUTSIDE}]']
    # The EX form names no address: Get-Recipient finds the recipient by its LegacyExchangeDN.
    dn = printed[printed.index("[EX:") + 4 : -1]
    [found] = admins.exchange("Get-Recipient", Identity=dn)["value"]
    assert found["PrimarySmtpAddress"] == MIKE
    # An app has no mailbox of its own: without -Mailbox nothing is read.
    response = admins.client.post(
        f"/adminapi/beta/{tenant.tenant.id}/InvokeCommand",
        json={"CmdletInput": {"CmdletName": "Get-InboxRule", "Parameters": {}}},
        headers={"Authorization": f"Bearer {admins._exchange_token}"},
    )
    assert response.status_code >= 400, response.text
    # Disable and remove, by <mailbox>\<rule> as CIPP does.
    admins.exchange("Disable-InboxRule", Identity=mike_rule["Identity"], Confirm=False)
    again = {r["Name"]: r for r in admins.exchange("Get-InboxRule", Mailbox=MARIA)["value"]}
    assert again["Invoices to Mike"]["Enabled"] is False
    admins.exchange("Remove-InboxRule", Identity=home["Identity"], Confirm=False)
    assert [r["Name"] for r in admins.exchange("Get-InboxRule", Mailbox=MARIA)["value"]] == [
        "Invoices to Mike"
    ]


# ---- who reads the mail: a rule's target is a reader ------------------------------------------------


@pytest.mark.parametrize("action", ["ForwardTo", "RedirectTo", "ForwardAsAttachmentTo"])
async def test_an_approver_a_rule_of_the_target_sends_mail_to_is_not_named(
    flow: Flow, admins: OtherAdmin, replicated: Replicated, action: str
) -> None:
    _rule(admins, MARIA, "to Mike", **{action: [MIKE]})
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_a_hidden_rule_counts_as_any_other(
    flow: Flow, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    """A rule made hidden (through MAPI, as attackers hide a forwarding from the mailbox's owner) is left out
    by Get-InboxRule without -IncludeHidden: read without it, Mike, whom Maria's mail goes to, was named."""
    rule = _rule(admins, MARIA, "to Mike", ForwardTo=[MIKE])
    maria = tenant.by_address(MARIA)
    assert maria is not None
    [kept] = [r for r in maria.inbox_rules if r.name == rule["Name"]]
    kept.hidden = True
    assert admins.exchange("Get-InboxRule", Mailbox=MARIA)["value"] == []
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_a_disabled_rule_sends_nothing_on_and_its_target_still_approves(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    rule = _rule(admins, MARIA, "to Mike", ForwardTo=[MIKE])
    admins.exchange("Disable-InboxRule", Identity=rule["Identity"])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE in decision.approvers, decision


async def test_a_rule_two_mailboxes_down_counts_too(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Maria's rule forwards to Sarah's mailbox, whose own rule forwards to Mike: Mike reads it."""
    _rule(admins, MARIA, "to Sarah", ForwardTo=["sarah@acme.com"])
    _rule(admins, "sarah@acme.com", "to Mike", ForwardTo=[MIKE])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision


async def test_a_rule_made_after_planning_refuses_its_target_when_approving(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    await replicated()
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [TO_MARIA], await flow.live.decider(grace, [TO_MARIA]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view
    assert MIKE in view.pending_approvers(), view
    _rule(admins, MARIA, "to Mike", ForwardTo=[MIKE])
    await replicated()
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL
    done = await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    assert done.state is RequestState.APPROVED


async def test_rules_that_cannot_be_read_leave_nobody_to_approve(
    flow: Flow, admins: OtherAdmin, emulator: RunningEmulator, replicated: Replicated
) -> None:
    await replicated()
    emulator.faults.fail_items("exchange", 500, times=50, matching="get-inboxrule")
    decision = await _decided(flow)
    assert isinstance(decision, Denied), decision
    assert "Inbox rules could not be read" in decision.reason, decision


# ---- internal-only forwarding: a rule sending mail outside -------------------------------------------


async def test_forwarding_into_a_mailbox_whose_rule_sends_mail_outside_is_refused(
    ctx: ActionContext, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    _rule(admins, MARIA, "Everything home", RedirectTo=[OUTSIDE])
    await replicated()
    outcome = await execute(ACTION, ctx, TO_MARIA)
    assert outcome.status == "refused", outcome.message
    assert "the Inbox rule 'Everything home' of the mailbox Maria Garcia" in outcome.message, outcome.message
    assert f"address outside the organisation {OUTSIDE}" in outcome.message, outcome.message
    tom = tenant.find(TOM)
    assert tom is not None
    assert tom.forwarding_address is None


async def test_a_disabled_outside_rule_does_not_stop_the_forwarding(
    ctx: ActionContext, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    rule = _rule(admins, MARIA, "Everything home", RedirectTo=[OUTSIDE])
    admins.exchange("Disable-InboxRule", Identity=rule["Identity"])
    await replicated()
    outcome = await execute(ACTION, ctx, TO_MARIA)
    assert outcome.status == "applied", outcome.message


async def test_rules_that_cannot_be_read_stop_the_forwarding(
    ctx: ActionContext, emulator: RunningEmulator, replicated: Replicated
) -> None:
    await replicated()
    emulator.faults.fail_items("exchange", 500, times=5, matching="get-inboxrule")
    outcome = await execute(ACTION, ctx, TO_MARIA)
    assert outcome.status == "refused", outcome.message
    assert "Inbox rules of Maria Garcia (maria.garcia@acme.com) could not be read" in outcome.message


# ---- the mailbox details view shows them ------------------------------------------------------------


async def test_mailbox_details_show_the_enabled_rules_that_send_mail_on(
    ctx: ActionContext, admins: OtherAdmin, replicated: Replicated
) -> None:
    _rule(admins, MARIA, "Invoices to Mike", ForwardTo=[MIKE])
    _rule(admins, MARIA, "Everything home", RedirectTo=[OUTSIDE])
    off = _rule(admins, MARIA, "Old copy", ForwardAsAttachmentTo=[KEN])
    admins.exchange("Disable-InboxRule", Identity=off["Identity"])
    await replicated()
    view = await view_mailbox_details(ctx, ViewMailboxDetails(mailbox=MARIA))
    facts = {row["field"]: row["value"] for row in view.rows}
    assert sorted(facts["inbox rules that forward"]) == [  # type: ignore[arg-type]
        f"rule 'Everything home' redirects to {OUTSIDE} (outside the organisation)",
        "rule 'Invoices to Mike' forwards to Mike Smith (mike.smith@acme.com)",
    ]


async def test_mailbox_details_say_when_the_rules_could_not_be_read(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    emulator.faults.fail_items("exchange", 500, matching="get-inboxrule")
    view = await view_mailbox_details(ctx, ViewMailboxDetails(mailbox=MARIA))
    facts = {row["field"]: row["value"] for row in view.rows}
    assert str(facts["inbox rules that forward"]).startswith("could not be read"), facts


# ---- the delegation report shows them -----------------------------------------------------------------


async def test_the_delegation_report_lists_rules_that_send_mail_on(
    ctx: ActionContext, admins: OtherAdmin, replicated: Replicated
) -> None:
    """What can Mike reach now includes Maria's mail, through her rule; Billing's rule sending its mail
    outside shows on the report of that mailbox, flagged."""
    _rule(admins, MARIA, "Invoices to Mike", ForwardTo=[MIKE])
    _rule(admins, "billing@acme.com", "Everything home", RedirectTo=[OUTSIDE])
    off = _rule(admins, "billing@acme.com", "Old copy", ForwardTo=[KEN])
    admins.exchange("Disable-InboxRule", Identity=off["Identity"])
    await replicated()
    mike = await delegation_report(ctx, trustee=MIKE)
    rules = [r for r in mike.rows if r["right"] == "ForwardingRule"]
    assert [(r["mailbox_address"], r["trustee_address"]) for r in rules] == [(MARIA, MIKE)], mike.rows
    assert "detail" in mike.columns
    billing = await delegation_report(ctx, mailbox="billing@acme.com")
    rules = [r for r in billing.rows if r["right"] == "ForwardingRule"]
    assert [(r["trustee"], r["detail"]) for r in rules] == [
        (OUTSIDE, f"rule 'Everything home' redirects to {OUTSIDE} (outside the organisation)")
    ], billing.rows


async def test_a_mailbox_whose_rules_cannot_be_read_is_reported_as_unread(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    emulator.faults.fail_items("exchange", 500, matching="get-inboxrule")
    view = await delegation_report(ctx, mailbox="billing@acme.com")
    assert any(n.startswith("1 mailboxes could not be read") for n in view.notes), view.notes


async def test_a_not_found_from_the_rules_alone_does_not_drop_the_mailbox_from_the_report(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    """A not-found from Get-InboxRule alone is no proof the mailbox was deleted while the report ran (only its
    permission reads say so): the mailbox stays in the report as one that could not be read, never silently
    left out with its grants."""
    emulator.faults.fail_items("exchange", 404, matching="get-inboxrule")
    view = await delegation_report(ctx, mailbox="billing@acme.com")
    assert any(n.startswith("1 mailboxes could not be read") for n in view.notes), view.notes


# ---- the demo tenant's own rule ----------------------------------------------------------------------


async def test_the_demo_contractors_switched_off_rule_counts_only_once_switched_on(
    ctx: ActionContext, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Ethan Park (a contractor, on the Contractors list) has a rule copying his mail to his own company,
    switched off (the Acme seed). Off, it sends nothing: forwarding to the list goes ahead. Switched back
    on, forwarding to the list is refused, naming the rule and where it sends the mail."""
    [seeded] = admins.exchange("Get-InboxRule", Mailbox="ethan.park@acme.com")["value"]
    assert seeded["Name"] == "Copy to Northwind"
    assert seeded["Enabled"] is False
    assert seeded["ForwardTo"] == [
        '"ethan.park@northwind-contracting.example" [SMTP:ethan.park@northwind-contracting.example]'
    ]
    step = EmailForwardingInternal(change="set", mailbox="sarah@acme.com", forward_to="contractors@acme.com")
    preview = await ACTION.preflight(ctx, step)
    assert isinstance(preview, Change), preview
    admins.exchange("Enable-InboxRule", Identity=seeded["Identity"])
    await replicated()
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "refused", outcome.message
    assert "the Inbox rule 'Copy to Northwind' of the mailbox Ethan Park" in outcome.message, outcome.message
    assert "ethan.park@northwind-contracting.example" in outcome.message, outcome.message
