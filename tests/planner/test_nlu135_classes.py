"""nlu135's classes (batch 47's misses and one survivor): a his/her owning what the clause already named one
owner of, and the shapes beside each fix that must still ask. Planned and resolved against the Acme directory
at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Chris Lee should get editor rights on Sarah Connor's calendar to manage her meetings",
        "Give Chris Lee editor on Sarah Connor's calendar to manage her meetings",
    ],
)
def test_her_meetings_are_the_named_owners_calendar(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert steps == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": "sarah@acme.com",
            "grantee": "chris.lee@acme.com",
            "access": "editor",
        }
    ]


def test_her_mail_is_the_named_mailbox_owners(acme: Directory) -> None:
    text = "Tom Becker needs full access to Sarah Connor's mailbox to answer her mail"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["mailbox"], s["trustee"]) for s in steps] == [("sarah@acme.com", "tom.becker@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        # (her cannot be Liam: a second owner, asked)
        "Chris Lee should get editor rights on Liam Brown's calendar to manage her meetings",
        # (two owners named: which one "her" is, is asked)
        "Chris Lee should get editor rights on Sarah Connor's calendar and Olivia Martin's calendar to "
        "manage her meetings",
    ],
)
def test_a_her_that_cannot_be_the_one_owner_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
    assert "owner" in questions
