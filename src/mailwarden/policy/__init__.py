"""The policy engine: the tenant's Cedar policy decides every step (allowed, approval required, denied).

engine.py     PolicyEngine, decide: the three phases (request, run, approve) and the decision
entities.py   Org and the Cedar entities and context of a step, from the directory
routing.py    who might approve: owners, the requester's manager, admins
store.py      a tenant's policy file, absent = the default policy (default.cedar)
org_facts.py  what the policy knows of a tenant before reading it live (the Org of the workspace)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailwarden.lazy_exports import lazy_attribute, name_homes

if TYPE_CHECKING:
    from mailwarden.policy.engine import (
        DEFAULT_POLICY,
        GUARDRAILS,
        SCHEMA_TEXT,
        InvalidPolicy,
        PolicyEngine,
        PolicyRule,
        compile_policy,
        decide,
    )
    from mailwarden.policy.entities import Org, UnknownRecipient
    from mailwarden.policy.routing import approver_candidates

__all__ = [
    "DEFAULT_POLICY",
    "GUARDRAILS",
    "SCHEMA_TEXT",
    "InvalidPolicy",
    "Org",
    "PolicyEngine",
    "PolicyRule",
    "UnknownRecipient",
    "approver_candidates",
    "compile_policy",
    "decide",
]

# Each name is imported from its module when first used: what only needs the organisation (Org, who may
# approve) must not load Cedar, which only deciding needs (`tenant list` reached it through health).
_HOME = name_homes(
    {
        "engine": "DEFAULT_POLICY GUARDRAILS SCHEMA_TEXT InvalidPolicy PolicyEngine PolicyRule "
        "compile_policy decide",
        "entities": "Org UnknownRecipient",
        "routing": "approver_candidates",
    }
)


def __getattr__(name: str) -> Any:
    return lazy_attribute(__name__, _HOME, name)
