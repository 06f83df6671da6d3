"""mailwarden's typed model: recipients, steps, plans, changes and decisions. Pydantic types, no I/O."""

from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.domains import Domain
from mailwarden.model.plans import Candidate, Plan, PlanStatus, PlanStep, Preview, Question
from mailwarden.model.recipients import (
    JoinRestriction,
    Recipient,
    RecipientKind,
    is_valid_address,
    normalize_address,
    strip_proxy_prefix,
)
from mailwarden.model.steps import ACTIONS, ActionSpec, CalendarAccess, Step, action_spec, parse_step

__all__ = [
    "ACTIONS",
    "ActionSpec",
    "Allowed",
    "ApprovalRequired",
    "CalendarAccess",
    "Candidate",
    "Change",
    "Decision",
    "Denied",
    "Domain",
    "JoinRestriction",
    "Plan",
    "PlanStatus",
    "PlanStep",
    "Preflight",
    "Preview",
    "Question",
    "Recipient",
    "RecipientKind",
    "Refusal",
    "Step",
    "action_spec",
    "is_valid_address",
    "normalize_address",
    "parse_step",
    "strip_proxy_prefix",
]
