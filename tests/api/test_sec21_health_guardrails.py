"""The tenant's health (API and page) names the guardrails evaluated with its policy and warns when the
tenant's stored copy of the policy lacks rules the current default policy has (security leftover 21)."""

from __future__ import annotations

from mailwarden.policy import DEFAULT_POLICY
from tests.api.served import ServedApp


def test_health_names_the_guardrails_and_warns_of_a_stale_stored_copy(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    health = grace.get("/api/v1/tenants/demo/health").json()
    assert "no-approving-access-for-oneself" in health["guardrails"]
    assert health["policy_warnings"] == []
    web.workspace.policies.set("demo", DEFAULT_POLICY.replace('@id("leave-list")', '@id("leave-any-list")'))
    health = grace.get("/api/v1/tenants/demo/health").json()
    assert any("leave-list" in w for w in health["policy_warnings"]), health["policy_warnings"]
    page = grace.get("/tenant").text
    assert "no-approving-access-for-oneself" in page
    assert "leave-list" in page


def test_the_policy_api_marks_the_guardrails_and_warns_too(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    web.workspace.policies.set("demo", DEFAULT_POLICY.replace('@id("leave-list")', '@id("leave-any-list")'))
    shown = grace.get("/api/v1/policy").json()
    assert "no-self-approval" in {r["id"] for r in shown["rules"] if r["guardrail"]}
    assert any("leave-list" in w for w in shown["warnings"]), shown
