"""The plan serialises to the plan JSON contract of DESIGN §4 and reads back from it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mailwarden.model import (
    Allowed,
    ApprovalRequired,
    Candidate,
    Change,
    Denied,
    Plan,
    PlanStep,
    Preview,
    Question,
    Recipient,
    RecipientKind,
)
from mailwarden.model.steps import SendAs

CONTRACT_EXAMPLE = {
    "status": "ready",
    "message": "Sarah Connor can send as Support once Sarah approves.",
    "steps": [
        {
            "action": "send_as",
            "change": "grant",
            "mailbox": "support@acme.com",
            "trustee": "sarah@acme.com",
            "decision": {
                "outcome": "approval_required",
                "approvers": ["sarah@acme.com"],
                "reason": "Support is owned by Sarah Connor.",
                "policies": ["employee-shared-mailbox-owner-approves"],
            },
            "preview": {"already": False, "summary": "Sarah Connor will be able to send as Support"},
        }
    ],
    "questions": [
        {
            "about": "trustee",
            "text": "Which Alex Kim?",
            "candidates": [{"address": "alex.kim@acme.com", "display_name": "Alex Kim", "detail": "Sales"}],
            "id": "q-1a2b3c4d5e",
        }
    ],
}


def test_plan_dumps_to_the_contract_shape() -> None:
    """A plan built in Python prints as the flat JSON the CLI and API promise."""
    change = Change(
        before=[], after=["sarah@acme.com"], summary="Sarah Connor will be able to send as Support"
    )
    plan = Plan(
        status="ready",
        message="Sarah Connor can send as Support once Sarah approves.",
        steps=[
            PlanStep(
                step=SendAs(change="grant", mailbox="support@acme.com", trustee="sarah@acme.com"),
                decision=ApprovalRequired(
                    approvers=["sarah@acme.com"],
                    reason="Support is owned by Sarah Connor.",
                    policies=["employee-shared-mailbox-owner-approves"],
                ),
                preview=Preview.of(change),
            )
        ],
        questions=[
            Question(
                id="q-1a2b3c4d5e",
                about="trustee",
                text="Which Alex Kim?",
                candidates=[Candidate(address="alex.kim@acme.com", display_name="Alex Kim", detail="Sales")],
            )
        ],
    )
    assert plan.model_dump(mode="json") == CONTRACT_EXAMPLE


def test_plan_reads_back_from_its_json() -> None:
    """The contract JSON validates into a Plan whose steps are typed, and dumps back unchanged."""
    plan = Plan.model_validate(CONTRACT_EXAMPLE)
    assert isinstance(plan.steps[0].step, SendAs)
    assert isinstance(plan.steps[0].decision, ApprovalRequired)
    assert Plan.model_validate_json(plan.model_dump_json()).model_dump(mode="json") == CONTRACT_EXAMPLE


def test_plan_step_without_decision_or_preview_shows_them_as_null() -> None:
    """Before policy and preflight ran, the shape stays the same with nulls."""
    step = PlanStep(step=SendAs(change="revoke", mailbox="a@acme.com", trustee="b@acme.com"))
    dumped = step.model_dump(mode="json")
    assert dumped["decision"] is None
    assert dumped["preview"] is None


def test_unknown_status_is_rejected() -> None:
    """Only the four statuses of the contract exist."""
    with pytest.raises(ValidationError):
        Plan(status="maybe", message="?")  # type: ignore[arg-type]


def test_candidate_detail_tells_people_and_resources_apart() -> None:
    """A person is told apart by department and title, anything else by what it is."""
    alex = Recipient(
        recipient_id="a",
        kind=RecipientKind.USER,
        display_name="Alex Kim",
        primary_address="alex.kim@acme.com",
        department="Sales",
        job_title="Sales Representative",
    )
    support = Recipient(
        recipient_id="s",
        kind=RecipientKind.SHARED_MAILBOX,
        display_name="Support",
        primary_address="support@acme.com",
    )
    assert Candidate.of(alex).detail == "Sales, Sales Representative"
    assert Candidate.of(support).detail == "shared mailbox"


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [
        (Allowed(), "allowed"),
        (ApprovalRequired(approvers=["a@acme.com"]), "approval_required"),
        (Denied(), "denied"),
    ],
)
def test_decisions_carry_their_outcome_in_json(
    decision: Allowed | ApprovalRequired | Denied, outcome: str
) -> None:
    """Each decision names its outcome, so the JSON reads without knowing the Python class."""
    assert decision.model_dump(mode="json")["outcome"] == outcome
