"""Cedar against the independent oracle (tests/policy/oracle.py) on random requests over the Acme tenant.

Two runs: hypothesis (which shrinks any disagreement to a small example), and a seeded sweep that counts
the requests and prints every disagreement, so a report can quote both numbers. The goal is 0.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.steps import ACTIONS, Step, parse_step
from mailwarden.policy import PolicyEngine
from tests.policy import oracle
from tests.policy.acme import acme_org, org

T = TypeVar("T")
Choose = Callable[[Sequence[T]], T]

ORGS = ("acme", "acme2", "sensitive", "priya-off", "nested", "ra-owned", "unread")
_ADDRESSES = sorted(r.primary_address for r in acme_org().directory)
PEOPLE = (*_ADDRESSES, "nobody@elsewhere.example")
ADMINS = ("grace.hopper@acme.com", "ken.adams@acme.com")
USERS = tuple(r.primary_address for r in acme_org().directory if r.kind == "user")
SHARED_AND_GROUPS = tuple(
    r.primary_address for r in acme_org().directory if r.is_group or r.kind == "shared_mailbox"
)
NEW_ADDRESSES = (
    "fresh.name@acme.com",
    "fresh@acme.co.uk",
    "someone@newacme.com",
    "someone@elsewhere.example",
    "sarah.connor@acme.com",
    "helpdesk@acme.com",
    "all-sales@acme.com",
    "john.miller@acme.com",
    "pat.gone@acme.com",
)
ACCESS = ("availability_only", "limited_details", "reviewer", "editor")


def random_request(choose: Choose[Any]) -> tuple[str, str, Step]:
    """(org, requester, step), every choice made by `choose`: recipients of Acme, the requester often."""
    requester = choose(choose((ADMINS, USERS, PEOPLE)))
    action = choose(sorted(ACTIONS))
    spec = ACTIONS[action]
    change = choose(spec.changes)
    data: dict[str, Any] = {"action": action, "change": change}
    for param in spec.required_params(change) + spec.optional:
        if param in spec.references:
            if param in spec.required_params(change) or choose((True, False)):
                # Often the requester themselves, since that is where self-service lives.
                pool = choose(((requester,), SHARED_AND_GROUPS, PEOPLE))
                data[param] = choose(pool)
        elif param == "new_address":
            data[param] = choose(NEW_ADDRESSES)
        elif param == "access":
            data[param] = choose(ACCESS)
    if action == "access_report":
        # one resource at most, and something to report on
        if data.get("mailbox"):
            data.pop("group", None)
        if not (data.get("mailbox") or data.get("group") or data.get("person")):
            data["person"] = requester
    if action == "distribution_list_lifecycle" and change == "create":
        data["group"] = choose(("new-list@acme.com", "marketing@acme.com"))
    return choose(ORGS), requester, parse_step(data)


def disagreement(
    engine: PolicyEngine, org_name: str, requester: str, step: Step, outcomes: Counter[str] | None = None
) -> str | None:
    decision = engine.decide(org(org_name), requester, step)
    if outcomes is not None:
        outcomes[decision.outcome] += 1
    approvers = frozenset(decision.approvers) if isinstance(decision, ApprovalRequired) else frozenset()
    got = (decision.outcome, approvers)
    want = oracle.expect(org(org_name), requester, step)
    if got == want:
        return None
    return f"{org_name} | {requester} | {step.model_dump(exclude_defaults=True)}: cedar {got}, oracle {want}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cedar_agrees_with_the_oracle_on_random_requests(data: st.DataObject) -> None:
    """Hypothesis: any request drawn from the Acme tenant gets the oracle's outcome and approvers."""
    engine = _ENGINE
    found = disagreement(engine, *random_request(lambda seq: data.draw(st.sampled_from(seq))))
    assert found is None, found


_ENGINE = PolicyEngine()
SWEEP = 3000


def test_cedar_agrees_with_the_oracle_on_a_seeded_sweep(capsys: Any) -> None:
    """3,000 seeded random requests: the count and every disagreement are printed; there are none."""
    rng = random.Random(20240605)
    outcomes: Counter[str] = Counter()
    found = [d for _ in range(SWEEP) if (d := disagreement(_ENGINE, *random_request(rng.choice), outcomes))]
    with capsys.disabled():
        mix = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
        print(f"\ndifferential: {SWEEP} requests ({mix}), {len(found)} disagreements")
        for line in found:
            print("  " + line)
    assert found == []
