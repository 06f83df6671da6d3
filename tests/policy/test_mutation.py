"""Every forbid of the default policy matters: removing any one of them makes the golden table fail."""

from __future__ import annotations

import dataclasses

import cedarpy
import pytest

from mailwarden.policy import DEFAULT_POLICY, GUARDRAILS, PolicyEngine
from tests.policy.golden import APPROVALS, CASES
from tests.policy.test_golden import may_approve, outcome_of

_TREE = cedarpy.policies_to_pst(DEFAULT_POLICY)
_GUARDS = cedarpy.policies_to_pst(GUARDRAILS)
GUARDS = sorted(p.annotations["id"] for p in _GUARDS.static_policies.values())
FORBIDS = GUARDS + sorted(p.annotations["id"] for p in _TREE.static_policies.values() if p.effect == "forbid")
PERMITS = sorted(p.annotations["id"] for p in _TREE.static_policies.values() if p.effect == "permit")


def _without(tree: cedarpy.pst.PolicySet, policy_id: str) -> str:
    kept = {k: p for k, p in tree.static_policies.items() if p.annotations["id"] != policy_id}
    assert len(kept) == len(tree.static_policies) - 1
    return str(cedarpy.PolicySet.from_pst(dataclasses.replace(tree, static_policies=kept)))


def without(policy_id: str) -> str:
    """The default policy's text with the policy `policy_id` removed."""
    return _without(_TREE, policy_id)


def mutant(policy_id: str) -> PolicyEngine:
    """The default policy with the policy `policy_id` removed (from the guardrails, when it is one: only a
    test can take a guardrail away)."""
    if policy_id in GUARDS:
        return PolicyEngine(DEFAULT_POLICY, guardrails=_without(_GUARDS, policy_id))
    return PolicyEngine(without(policy_id))


def test_the_default_policy_has_forbids_to_mutate() -> None:
    """The mutation test has something to remove (the always-denied rules of DESIGN §5 and more)."""
    assert len(FORBIDS) >= 10
    assert len(GUARDS) >= 7


@pytest.mark.parametrize("forbid", FORBIDS)
def test_removing_a_forbid_breaks_some_golden_case(forbid: str) -> None:
    """With this forbid gone, some golden case gets another outcome, other approvers or approval rights."""
    engine = mutant(forbid)
    assert forbid not in engine.policy.rule_ids()
    failures = [str(c) for c in CASES if outcome_of(engine, c) != (c.outcome, c.approvers)]
    failures += [str(c) for c in APPROVALS if may_approve(engine, c) is not c.may]
    assert failures, f"no golden case notices that {forbid!r} is gone"


@pytest.mark.parametrize("permit", PERMITS)
def test_removing_a_permit_breaks_some_golden_case(permit: str) -> None:
    """Every permit is seen at work too: without it some golden case is decided otherwise."""
    engine = mutant(permit)
    failures = [str(c) for c in CASES if outcome_of(engine, c) != (c.outcome, c.approvers)]
    failures += [str(c) for c in APPROVALS if may_approve(engine, c) is not c.may]
    assert failures, f"no golden case notices that {permit!r} is gone"
