"""The policy engine: the tenant's Cedar policy decides every step (allowed, approval required, denied).

engine.py     PolicyEngine, decide: the three phases (request, run, approve) and the decision
entities.py   Org and the Cedar entities and context of a step, from the directory
routing.py    who might approve: owners, the requester's manager, admins
store.py      a tenant's policy file, absent = the default policy (default.cedar)
"""

from mailwarden.policy.engine import (
    DEFAULT_POLICY,
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
