"""nlu151's classes (red team 76): an approver said after the request is context, never one more trustee. The
end said after an approval ("Mike gave it the green light until Friday") is the grant's; a length approved
for people the approval names ("Mike approved a week for Tom and Liam") is asked, never granting the approver
or the one named only in the approval; a person "pending" after the request is an approval still to come.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        (
            "Give Tom full access to sales@ - Mike gave it the green light until Friday",
            "2026-03-07T00:00:00Z",
        ),
        ("Give Tom full access to sales@ - Mike okayed it through Friday", "2026-03-07T00:00:00Z"),
        ("Give Tom full access to sales@ - Mike signed it off for a month", "2026-04-02T09:00:00Z"),
        ("Give Tom full access to sales@ - Ava gave the go-ahead for a week", "2026-03-09T09:00:00Z"),
    ],
)
def test_the_approver_is_context_and_the_end_is_the_grants(acme: Directory, text: str, expires: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert [(s["trustee"], s.get("expires")) for s in steps] == [(TOM, expires)]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@ - Mike approved a week for Tom and Liam",
        "Give Tom full access to sales@ - Ava okayed two weeks for Liam",
        "Give Tom send as on sales@acme.com, Mike Smith approved a month for Tom and Emma",
        "Give Tom full access to sales@ - Mike gave it the green light until Friday, he needs it too",
    ],
)
def test_whom_an_approval_names_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", []), (status, steps)
    assert "trustee" in questions


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@ and finance@\nMike pending.",
        "Give Tom full access to sales@\nMike: pending",
        "Give Tom full access to sales@ - Mike pending",
        "Give Tom full access to sales@ and finance@\nApproval: Mike (pending)",
    ],
)
def test_an_approval_pending_is_asked(acme: Directory, text: str) -> None:
    status, steps, _questions = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


def test_an_approval_with_no_end_still_plans(acme: Directory) -> None:
    status, steps, _questions = plan_of(
        acme, "Give Tom full access to sales@ - Mike gave it the green light", GRACE
    )
    assert status == "ready"
    assert [(s["trustee"], s.get("expires")) for s in steps] == [(TOM, None)]
