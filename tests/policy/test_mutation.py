"""Every forbid of the default policy matters: removing any one of them makes the golden table fail."""

from __future__ import annotations

import dataclasses

import cedarpy
import pytest

from mailwarden.policy import DEFAULT_POLICY, PolicyEngine
from tests.policy.golden import APPROVALS, CASES
from tests.policy.test_golden import may_approve, outcome_of

_TREE = cedarpy.policies_to_pst(DEFAULT_POLICY)
FORBIDS = sorted(p.annotations["id"] for p in _TREE.static_policies.values() if p.effect == "forbid")
PERMITS = sorted(p.annotations["id"] for p in _TREE.static_policies.values() if p.effect == "permit")


def without(policy_id: str) -> str:
    """The default policy's text with the policy `policy_id` removed."""
    kept = {k: p for k, p in _TREE.static_policies.items() if p.annotations["id"] != policy_id}
    assert len(kept) == len(_TREE.static_policies) - 1
    return str(cedarpy.PolicySet.from_pst(dataclasses.replace(_TREE, static_policies=kept)))


def test_the_default_policy_has_forbids_to_mutate() -> None:
    """The mutation test has something to remove (the always-denied rules of DESIGN §5 and more)."""
    assert len(FORBIDS) >= 10


@pytest.mark.parametrize("forbid", FORBIDS)
def test_removing_a_forbid_breaks_some_golden_case(forbid: str) -> None:
    """With this forbid gone, some golden case gets another outcome, other approvers or approval rights."""
    mutant = PolicyEngine(without(forbid))
    assert forbid not in mutant.policy.rule_ids()
    failures = [str(c) for c in CASES if outcome_of(mutant, c) != (c.outcome, c.approvers)]
    failures += [str(c) for c in APPROVALS if may_approve(mutant, c) is not c.may]
    assert failures, f"no golden case notices that {forbid!r} is gone"


@pytest.mark.parametrize("permit", PERMITS)
def test_removing_a_permit_breaks_some_golden_case(permit: str) -> None:
    """Every permit is seen at work too: without it some golden case is decided otherwise."""
    mutant = PolicyEngine(without(permit))
    failures = [str(c) for c in CASES if outcome_of(mutant, c) != (c.outcome, c.approvers)]
    failures += [str(c) for c in APPROVALS if may_approve(mutant, c) is not c.may]
    assert failures, f"no golden case notices that {permit!r} is gone"
