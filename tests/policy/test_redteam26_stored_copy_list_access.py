"""Red team 26: a tenant on a stored copy of the policy from before joining a group was decided as the
grant it gives (the case the guardrails exist for) let an employee join finance-team, which holds Full
Access on Tom's mailbox, approved by the list's owner (or at once, the list being open), and let an admin
add herself on her own confirmation, where the same copy sends her direct grant on Tom's mailbox to a
second admin. Both rules are guardrails now (`list-access-to-a-persons-mailbox`,
`four-eyes-on-list-access`): a stored copy cannot lack them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.policy import PolicyEngine
from tests.policy.acme import org
from tests.policy.golden import _case

STORED_COPY = (Path(__file__).parent / "data" / "stored_copy_2026_11.cedar").read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", ["fin-tom", "open-fin-tom"])
def test_a_stored_copy_does_not_let_an_employee_into_a_group_holding_a_persons_mailbox(variant: str) -> None:
    case = _case(
        f"{variant} | sarah | distribution_list_membership add group=finance-team member=sarah | denied"
    )
    decision = PolicyEngine(STORED_COPY).decide(org(variant), case.requester, case.step)
    assert isinstance(decision, Denied), decision


def test_a_stored_copy_does_not_let_an_admin_give_herself_a_persons_mailbox_through_a_group() -> None:
    case = _case(
        "fin-tom | grace | distribution_list_membership add group=finance-team member=grace | denied"
    )
    decision = PolicyEngine(STORED_COPY).decide(org("fin-tom"), case.requester, case.step)
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers
    assert case.requester not in decision.approvers
