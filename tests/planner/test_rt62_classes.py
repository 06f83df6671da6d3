"""Red team 62's approvers and conditions: a person named only as the one whose approval the change
waits for ("pending Mike's OK", "subject to Mike Smith's approval") or whose act it waits for ("when Ken
hands over") is never a trustee; the change waits (nothing planned) or is asked, never made now for both."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing pending Mike's OK.",
        "Give Tom Becker full access to Billing subject to Mike Smith's approval.",
        "Give Tom Becker send as on Support pending Priya Patel's go-ahead.",
        "Add Tom Becker to Marketing, awaiting Olivia's sign-off.",
    ],
)
def test_a_change_waiting_for_someones_approval_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing when Ken hands over.",
        "Give Noah Davis send as on Sales once Ava Johnson takes over.",
    ],
)
def test_a_change_waiting_for_someones_handover_is_asked_and_grants_no_one(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not any(s.get("change") == "grant" for s in steps)


def test_an_approval_already_given_still_plans_the_change(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker full access to Billing, with Mike's OK.", GRACE)
    assert [s.get("trustee") for s in steps] == ["tom.becker@acme.com"]
