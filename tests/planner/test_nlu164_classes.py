"""nlu164's classes (four harms left on 8dbe179a): a holding told after a state asks nothing, a later day
before a reason is still the removal's start, a list's word where the trustee goes is never swapped for the
one who moves to it, and an "I" after a reporter's label is asked. Planned against the Acme directory at the
corpus's "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
LIAM = "liam.brown@acme.com"

# (requester, text, the question the plan asks; "" when nothing is planned and nothing asked)
ASKED = [
    # 1: "leave" never takes the right told held away
    (GRACE, "Ethan Park is on leave, Lucas Rossi has full access to Ethan's mailbox", ""),
    (GRACE, "Ethan Park is away, Lucas Rossi has send as on Ethan's mailbox", ""),
    (GRACE, "Maria Garcia is off sick, Tom Becker has full access to her mailbox", ""),
    # 2: the later day before the reason is still when the removal starts
    (LIAM, "take me off all-sales next week, I'm leaving the company", "expires"),
    (LIAM, "take me off all-sales next week, I'm moving", "expires"),
    (LIAM, "remove me from all-sales next week as I'm leaving the company", "expires"),
    (LIAM, "take me off all-sales tomorrow, I'm switching teams", "expires"),
    # 3: the list said where the trustee goes is never the one who moves to it
    (GRACE, "Tom is moving to marketing, give marketing full access to sales@acme.com", "trustee"),
    (GRACE, "Ava Johnson is moving to finance, grant finance full access to billing@acme.com", "trustee"),
    # 4: the "I" after a reporter's label is the reporter's or the admin's
    (GRACE, "Reported by Ken Adams: I need full access to hr@acme.com", "trustee"),
    (GRACE, "Logged by Tom Becker - please add me to all-sales", "trustee"),
]


@pytest.mark.parametrize(("requester", "text", "about"), ASKED)
def test_nothing_planned_the_harmful_way(acme: Directory, requester: str, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert not steps, (status, steps)
    if about:
        assert status == "needs_clarification", (status, questions)
        assert about in questions
    else:
        assert status == "not_understood", (status, questions)


# (requester, text, the steps as (action, change, on, for))
PLANNED = [
    (
        GRACE,
        "Ethan is on leave, please remove Lucas's full access to his mailbox",
        {("mailbox_delegation", "revoke", "ethan.park@acme.com", "lucas.rossi@acme.com")},
    ),
    (
        LIAM,
        "take me off all-sales, I'm leaving the company",
        {("distribution_list_membership", "remove", "all-sales@acme.com", LIAM)},
    ),
    (
        GRACE,
        "Tom is moving to marketing, give him full access to sales@acme.com",
        {("mailbox_delegation", "grant", "sales@acme.com", "tom.becker@acme.com")},
    ),
    (
        GRACE,
        "Reported by Ken Adams: please give Lucas Rossi full access to hr@acme.com",
        {("mailbox_delegation", "grant", "hr@acme.com", "lucas.rossi@acme.com")},
    ),
]


@pytest.mark.parametrize(("requester", "text", "expected"), PLANNED)
def test_asked_change_still_planned(
    acme: Directory, requester: str, text: str, expected: set[tuple[str, str, str, str]]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    got = {
        (s["action"], s["change"], s.get("mailbox") or s.get("group"), s.get("trustee") or s.get("member"))
        for s in steps
    }
    assert got == expected
