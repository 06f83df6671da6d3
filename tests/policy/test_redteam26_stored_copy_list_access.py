"""Red team 26: the merge put `no-approving-list-access-for-oneself` into the guardrails and left
`list-access-to-a-persons-mailbox` and `list-access-approved-by-an-admin` in the default policy, as a tenant's
choice of who asks and who approves. A tenant on a stored copy from before those rules (the very case the
guardrails exist for) never made that choice, yet its own rules say an employee asks for Full Access on a
shared mailbox only, approved by the mailbox's owners: joining a group that holds Full Access on a person's
mailbox goes around them. On the 2026-11 copy an employee asks to join finance-team (Full Access on Tom's
mailbox) and the list's owner, another employee, approves it; with the list open to join it runs at once.
Worse, an admin adding herself runs at once on her own confirmation, where the same copy sends her direct
grant of Full Access on Tom's mailbox to a second admin: four eyes gone on a two-admin tenant.
A guardrail forbidding "run:" of an add of oneself to a group holding a person's mailbox (unless sole admin)
closes it; it was tried and left out: it is redundant on the default
policy, so test_mutation (every guardrail must matter to a golden case on the default) refuses it, and
whether guardrails may speak of who runs is the lead's call.
The guardrail only stops the joiner approving his own add. Which rule should hold for every tenant is the
lead's call (see the report); until then this records the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.policy import PolicyEngine
from tests.policy.acme import org
from tests.policy.golden import _case

STORED_COPY = (Path(__file__).parent / "data" / "stored_copy_2026_11.cedar").read_text(encoding="utf-8")


@pytest.mark.xfail(
    strict=True,
    reason="list-access-to-a-persons-mailbox is a default-policy rule, not a guardrail: a stored copy from "
    "before it lets an employee join a group holding Full Access on a person's mailbox (lead's decision)",
)
@pytest.mark.parametrize("variant", ["fin-tom", "open-fin-tom"])
def test_a_stored_copy_does_not_let_an_employee_into_a_group_holding_a_persons_mailbox(variant: str) -> None:
    case = _case(
        f"{variant} | sarah | distribution_list_membership add group=finance-team member=sarah | denied"
    )
    decision = PolicyEngine(STORED_COPY).decide(org(variant), case.requester, case.step)
    assert isinstance(decision, Denied), decision


@pytest.mark.xfail(
    strict=True,
    reason="admin-runs-membership-and-calendars' list-access exclusion is in the default policy only: on a "
    "stored copy an admin gives herself a person's mailbox through a group with no second admin "
    "(lead's decision)",
)
def test_a_stored_copy_does_not_let_an_admin_give_herself_a_persons_mailbox_through_a_group() -> None:
    case = _case(
        "fin-tom | grace | distribution_list_membership add group=finance-team member=grace | denied"
    )
    decision = PolicyEngine(STORED_COPY).decide(org("fin-tom"), case.requester, case.step)
    assert isinstance(decision, ApprovalRequired), decision
    assert case.requester.primary_address not in decision.approvers
