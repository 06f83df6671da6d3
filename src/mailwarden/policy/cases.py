"""Policy test cases (`mailwarden policy test CASES`): a YAML file of steps and the decisions they expect.

    admins: [grace.hopper@acme.com]        # optional; the demo tenant's by default
    sensitive: [hr@acme.com]               # optional; recipients marked sensitive
    cases:
      - name: An employee joins an open list
        as: john@acme.com
        step: {action: distribution_list_membership, change: add, group: marketing@acme.com,
               member: john@acme.com}
        expect: allowed                    # allowed | approval_required | denied
        approvers: [david.chen@acme.com]   # approval_required only: exactly these, in any order

Admins use it to check a policy before they `set` it; the shipped example is data/policy-cases.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mailwarden.errors import ConfigError
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.steps import Step, parse_step
from mailwarden.policy.engine import PolicyEngine
from mailwarden.policy.entities import Org

__all__ = ["CaseFile", "CaseResult", "PolicyCase", "load_cases", "run_cases"]


class PolicyCase(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    requester: str = Field(alias="as")
    step: dict[str, Any]
    expect: Literal["allowed", "approval_required", "denied"]
    approvers: list[str] | None = None
    """For approval_required: the exact approvers (any order); left out, any approvers will do."""

    def parsed_step(self) -> Step:
        return parse_step(self.step)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    admins: list[str] | None = None
    sensitive: list[str] = Field(default_factory=list)
    cases: list[PolicyCase]


def load_cases(text: str, *, source: str = "the cases file") -> CaseFile:
    """Parse a cases file; ConfigError says what is wrong and where."""
    try:
        data = yaml.safe_load(text)
        cases = CaseFile.model_validate(data)
        for case in cases.cases:
            case.parsed_step()
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source} is not YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{source} has invalid cases: {problems}") from None
    return cases


@dataclass(frozen=True)
class CaseResult:
    case: PolicyCase
    decision: Decision
    problem: str | None
    """None when the case passed; otherwise what differed."""

    @property
    def passed(self) -> bool:
        return self.problem is None


def run_cases(engine: PolicyEngine, org: Org, cases: CaseFile) -> list[CaseResult]:
    """Decide every case with `engine` and compare with what it expects."""
    results: list[CaseResult] = []
    for case in cases.cases:
        decision = engine.decide(org, case.requester, case.parsed_step())
        problem = None
        if decision.outcome != case.expect:
            problem = f"expected {case.expect}, got {decision.outcome}: {decision.reason}"
        elif case.approvers is not None and isinstance(decision, ApprovalRequired):
            want = sorted(a.lower() for a in case.approvers)
            if sorted(decision.approvers) != want:
                problem = f"expected approvers {', '.join(want)}, got {', '.join(sorted(decision.approvers))}"
        results.append(CaseResult(case, decision, problem))
    return results
