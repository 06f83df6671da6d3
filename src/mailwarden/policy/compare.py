"""How a tenant's policy stands against the current default policy and the built-in guardrails.

A tenant that stored its own copy of the policy keeps deciding with that copy: rules the default policy
gained since (a new permit, a tenant-level forbid) do not reach it. The guardrails do (engine.py), but the
admin should still learn what the copy lacks, and which guardrails apply whatever it says:

    compared = compare_with_default(store.text(tenant), is_default=store.is_default(tenant))
    compared.lacks          # @ids the current default has and the stored policy does not
    compared.warnings()     # what `policy show`, `policy diff` and the health page say about it
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import cedarpy

from mailwarden.policy.engine import DEFAULT_POLICY, GUARDRAILS, compile_policy

__all__ = ["RULES_THE_WORKFLOW_NEEDS", "PolicyComparison", "compare_with_default"]

RULES_THE_WORKFLOW_NEEDS = {
    "admin-approves-address-taking-forwarded-mail": (
        "an address change approved as a plain one is not stopped before it runs when its new address has "
        "since come to receive a person's forwarded mail (workflow/redecision.py needs this rule's @id); the "
        "guardrails still refuse such a change to employees and keep its receivers from approving it"
    ),
    "second-admin-approves-new-list-taking-forwarded-mail": (
        "a new list approved knowing whose forwarded mail its address receives is not stopped before it is "
        "made when another person's mail has since come to that address (workflow/redecision.py needs this "
        "rule's @id; without it such a list is approved under second-admin, which names no mail)"
    ),
}
"""Rules of the default that the workflow relies on by @id, each with what a policy without it loses: a
customised copy lacking one is warned about by name (the health check, `policy show`)."""


@dataclass(frozen=True)
class PolicyComparison:
    is_default: bool
    guardrails: list[str]
    """The @ids of the guardrails evaluated with this policy (all of them, always)."""
    lacks: list[str]
    """@ids of the current default policy that the tenant's policy does not have."""
    own: list[str]
    """@ids the tenant's policy has and the default does not."""
    changed: list[str]
    """@ids in both whose rule differs (its condition, scope, effect or reason)."""
    superseded: list[str]
    """@ids of tenant rules replaced by the guardrail of the same @id (as old copies of the default do)."""
    overridden: list[str]
    """Those of `superseded` whose rule said something else than the guardrail: what the tenant wrote there
    does not apply."""

    def warnings(self) -> list[str]:
        if self.is_default:
            return []
        said: list[str] = []
        for rule, lacking in RULES_THE_WORKFLOW_NEEDS.items():
            if rule in self.lacks:
                said.append(
                    f"the tenant's stored policy is a customised copy without {rule!r}: {lacking} "
                    "(mailwarden never adds it to a customised policy; add it from the default with "
                    "`policy diff`, `policy set`)"
                )
        if self.lacks:
            said.append(
                "the tenant's stored policy lacks rules the current default policy has: "
                f"{', '.join(self.lacks)} (see `mailwarden policy diff`; add them with `policy set`)"
            )
        if self.overridden:
            said.append(
                "the built-in guardrails replace the stored policy's own versions of "
                f"{', '.join(self.overridden)}: those do not apply (give a rule of your own another @id)"
            )
        return said

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "warnings": self.warnings()}


def _rules(text: str) -> dict[str, Any]:
    """A policy's rules by @id, each without its annotations but with its reason (what it says and does)."""
    tree = cedarpy.policies_to_pst(text)
    return {
        p.annotations.get("id", k): (
            dataclasses.replace(p, id="", annotations={}),
            p.annotations.get("reason", ""),
        )
        for k, p in tree.static_policies.items()
    }


def compare_with_default(text: str, *, is_default: bool = False) -> PolicyComparison:
    """`text` (a tenant's valid policy) against the current default policy and the guardrails."""
    compiled = compile_policy(text)
    mine, default, guards = _rules(text), _rules(DEFAULT_POLICY), _rules(GUARDRAILS)
    return PolicyComparison(
        is_default=is_default,
        guardrails=compiled.guardrail_ids(),
        lacks=[i for i in default if i not in mine],
        own=[i for i in mine if i not in default and i not in guards],
        changed=[i for i in mine if i in default and mine[i] != default[i]],
        superseded=list(compiled.superseded),
        overridden=[i for i in compiled.superseded if mine[i] != guards[i]],
    )
