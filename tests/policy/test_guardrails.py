"""Security leftover 21: a tenant that stored its own copy of the policy kept deciding with that copy, so a
security forbid added to the default later (`no-approving-access-for-oneself`) never reached it, and a
stored policy could simply leave out "no self-approval" or "a disabled account may do nothing". Those
invariants are now built-in guardrails (policy/guardrails.cedar), evaluated with every tenant's policy; a
stored policy can neither remove nor override them (a forbid wins over any permit in Cedar)."""

from __future__ import annotations

from pathlib import Path

from mailwarden.model.decisions import Denied
from mailwarden.policy import DEFAULT_POLICY, PolicyEngine
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store
from tests.policy.acme import address, org
from tests.policy.golden import _case

STORED_COPY = (Path(__file__).parent / "data" / "stored_copy_2026_11.cedar").read_text(encoding="utf-8")
"""The default policy as a tenant saved it before `no-approving-access-for-oneself` existed."""

PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'
UNDO_SELF_APPROVAL = (
    '@id("no-self-approval")\n@reason("Approve what you like.")\n'
    "permit (principal, action, resource);\n" + PERMIT_ALL
)
"""A policy that reuses a guardrail's @id to try to replace it with a permit."""

OWN_ACCESS = _case("acme2 | grace | mailbox_delegation grant mailbox=john trustee=ken | denied")
"""Grace asks for Full Access for Ken on John's mailbox; Ken, the other admin, must not approve it."""


def _ken_may_approve(engine: PolicyEngine) -> Denied | None:
    decision = engine.may_approve(org("acme2"), address("ken"), OWN_ACCESS.requester, OWN_ACCESS.step)
    return decision if isinstance(decision, Denied) else None


def test_a_stored_copy_from_before_a_new_forbid_still_gets_it(store: Store) -> None:
    policies = PolicyStore(store)
    policies.set("contoso", STORED_COPY)
    engine = policies.engine("contoso")
    refused = _ken_may_approve(engine)
    assert refused is not None, "the trustee approved access given to himself"
    assert "no-approving-access-for-oneself" in refused.policies


def test_a_permit_everything_policy_cannot_let_anyone_approve_their_own_request() -> None:
    engine = PolicyEngine(PERMIT_ALL)
    acme = org("acme2")
    grace = OWN_ACCESS.requester
    decision = engine.may_approve(acme, grace, grace, OWN_ACCESS.step)
    assert isinstance(decision, Denied)
    assert "no-self-approval" in decision.policies


def test_a_policy_reusing_a_guardrail_id_does_not_replace_the_guardrail() -> None:
    engine = PolicyEngine(UNDO_SELF_APPROVAL)
    grace = OWN_ACCESS.requester
    decision = engine.may_approve(org("acme2"), grace, grace, OWN_ACCESS.step)
    assert isinstance(decision, Denied)
    assert decision.policies == ["no-self-approval"]
    assert "no-self-approval" in engine.policy.superseded


def test_a_policy_without_forwarding_rules_still_refuses_forwarding_outside() -> None:
    outside = _case(
        "acme | grace | email_forwarding_internal set mailbox=careers forward_to=outsider | denied"
    )
    decision = PolicyEngine(PERMIT_ALL).decide(org("acme"), outside.requester, outside.step)
    assert isinstance(decision, Denied)
    assert "forward-inside-only" in decision.policies


def test_the_default_policy_decides_as_before_with_the_guardrails_beside_it() -> None:
    engine = PolicyEngine(DEFAULT_POLICY)
    refused = _ken_may_approve(engine)
    assert refused is not None
    assert "no-approving-access-for-oneself" in refused.policies
