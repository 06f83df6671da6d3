"""DESIGN §5 for small organisations: the sole-admin rule as a policy choice, giving up one's own access,
and "no one may approve" messages that name who the policy wanted and why none of them qualifies."""

from __future__ import annotations

import pytest

from mailwarden.model.decisions import Allowed, Denied
from mailwarden.model.steps import parse_step
from mailwarden.policy import PolicyEngine
from tests.policy.acme import address, org
from tests.policy.test_mutation import without

NO_SECOND_ADMIN = "no second admin: four-eyes not possible"

# The demo's own admin prompts, and the other writes that want a second admin.
FOUR_EYES = [
    {
        "action": "change_primary_alias",
        "change": "set",
        "recipient": "mike",
        "new_address": "michael.smith@acme.com",
    },
    {"action": "distribution_list_lifecycle", "change": "delete", "group": "marketing"},
    {"action": "email_forwarding_internal", "change": "set", "mailbox": "careers", "forward_to": "maria"},
    {"action": "mailbox_delegation", "change": "grant", "mailbox": "john", "trustee": "alex"},
]


def _step(data: dict[str, str]):  # type: ignore[no-untyped-def]
    named = {k: (v if "@" in v or k in ("action", "change") else address(v)) for k, v in data.items()}
    return parse_step(named)


@pytest.mark.parametrize("data", FOUR_EYES, ids=lambda d: f"{d['action']} {d['change']}")
def test_the_sole_admin_runs_four_eyes_writes_under_the_named_policy(data: dict[str, str]) -> None:
    """Grace, acme's only admin: allowed by sole-admin-with-justification, and the reason says why."""
    decision = PolicyEngine().decide(org("acme"), address("grace"), _step(data))
    assert isinstance(decision, Allowed)
    assert decision.policies == ["sole-admin-with-justification"]
    assert decision.reason.lower().startswith(NO_SECOND_ADMIN)


@pytest.mark.parametrize("data", FOUR_EYES, ids=lambda d: f"{d['action']} {d['change']}")
def test_a_tenant_that_removes_the_rule_refuses_with_that_reason(data: dict[str, str]) -> None:
    """The rule is a policy choice: without it the step is denied and the message says who was wanted."""
    decision = PolicyEngine(without("sole-admin-with-justification")).decide(
        org("acme"), address("grace"), _step(data)
    )
    assert isinstance(decision, Denied)
    assert NO_SECOND_ADMIN in decision.reason
    assert "A second admin approves" in decision.reason  # the approve-permit the policy has for it


def test_with_a_second_admin_the_rule_does_not_apply() -> None:
    """Ken is an admin too in acme2: four eyes are possible, so he approves."""
    decision = PolicyEngine().decide(org("acme2"), address("grace"), _step(FOUR_EYES[1]))
    assert decision.outcome == "approval_required"
    assert "sole-admin-with-justification" not in decision.policies


def test_list_deletion_refusal_names_the_owner_it_has() -> None:
    """The old message said "there is no owner" of a list that has one; the new one names the owner, the
    manager and the missing second admin."""
    decision = PolicyEngine(without("sole-admin-with-justification")).decide(
        org("acme"), address("grace"), _step(FOUR_EYES[1])
    )
    assert "no owner" not in decision.reason
    assert "the owners of marketing@acme.com: Jane Doe (jane.doe@acme.com)" in decision.reason
    assert "your manager: Olivia Martin (olivia.martin@acme.com)" in decision.reason
    assert "the policy lets none of them approve" in decision.reason


def test_an_employee_whose_only_owner_is_themself_is_told_so() -> None:
    """Without the admin fallback, Sarah (support@'s only owner) reads that the owner is she herself."""
    engine = PolicyEngine(without("admin-approves-without-owner"))
    step = _step(
        {"action": "mailbox_delegation", "change": "grant", "mailbox": "support", "trustee": "sarah"}
    )
    decision = engine.decide(org("acme"), address("sarah"), step)
    assert isinstance(decision, Denied)
    assert "the owners of support@acme.com: only you" in decision.reason
    assert "the admins: Grace Hopper (grace.hopper@acme.com)" in decision.reason
    assert "The mailbox's owners approve access to it" in decision.reason


@pytest.mark.parametrize(
    "data",
    [
        {"action": "mailbox_delegation", "change": "revoke", "mailbox": "sales", "trustee": "john"},
        {"action": "send_as", "change": "revoke", "mailbox": "sarah", "trustee": "john"},
        {"action": "send_on_behalf", "change": "revoke", "mailbox": "support", "trustee": "john"},
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "marketing",
            "member": "john",
        },
        {"action": "calendar_share", "change": "revoke", "owner": "john", "grantee": "alex"},
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": "john"},
    ],
    ids=lambda d: f"{d['action']} {d['change']}",
)
def test_giving_up_ones_own_access_needs_no_approval(data: dict[str, str]) -> None:
    """John revokes his own Full Access / Send As / Send on Behalf, leaves a list, unshares his calendar,
    clears his forwarding: allowed, since it only takes away (his own Full Access used to wait for Priya)."""
    decision = PolicyEngine().decide(org("acme"), address("john"), _step(data))
    assert isinstance(decision, Allowed), decision.reason


def test_taking_away_someone_elses_access_is_still_not_self_service() -> None:
    step = _step({"action": "send_as", "change": "revoke", "mailbox": "sales", "trustee": "alex"})
    assert PolicyEngine().decide(org("acme"), address("john"), step).outcome == "denied"
