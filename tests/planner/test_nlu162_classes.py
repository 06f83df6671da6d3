"""nlu162's classes: the writer who wishes something for "her" is never a trustee; "the same on <mailbox>"
after a list add, and "the same for him" with no one else named, are asked, never planned as a member or
dropped; a later start said before the comma of a move told as why is asked, never made now. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIKE = "mike.smith@acme.com"
LIAM = "liam.brown@acme.com"
RACHEL = "rachel.green@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Rachel Green is in my team. I'd like her to get send as on finance@acme.com",
        "Rachel Green is in my team. I want her to have send as on finance@acme.com",
        "Rachel Green is in my team. I'd like her added to all-sales",
    ],
)
def test_a_wish_for_her_is_hers_alone(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, MIKE)
    assert status == "ready", (status, questions)
    assert {s.get("trustee") or s.get("member") for s in steps} == {RACHEL}


@pytest.mark.parametrize(
    ("requester", "text", "about"),
    [
        (GRACE, "add Liam Brown to Marketing and the same on sales@acme.com", "action"),
        (GRACE, "add Liam Brown to Marketing. The same on billing@acme.com please", "action"),
        (GRACE, "Give Rachel Green send as on billing@acme.com, and the same for him", "trustee"),
        (GRACE, "add Rachel Green to Marketing and the same for her", "member"),
        (LIAM, "pls take me off all-sales next week, i'm moving to marketing", "expires"),
        (LIAM, "take me off all-sales tomorrow, I'm moving to the design team", "expires"),
    ],
)
def test_asked_never_planned(acme: Directory, requester: str, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert (status, steps) == ("needs_clarification", []), steps
    assert about in questions


@pytest.mark.parametrize(
    ("requester", "text", "whom"),
    [
        (
            MIKE,
            "Rachel Green is in my team. I'd like her and me to get send as on finance@acme.com",
            {MIKE, RACHEL},
        ),
        (GRACE, "add Liam Brown to Marketing and the same for Tom Becker", {LIAM, TOM}),
        (
            GRACE,
            "Tom Becker is new. Give Rachel Green send as on billing@acme.com, and the same for him",
            {RACHEL, TOM},
        ),
        (LIAM, "take me off all-sales, I'm moving to marketing next week", {LIAM}),
    ],
)
def test_kin_still_planned(acme: Directory, requester: str, text: str, whom: set[str]) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    assert {s.get("trustee") or s.get("member") for s in steps} == whom


@pytest.mark.parametrize(
    ("requester", "text", "step"),
    [
        (
            "lucas.rossi@acme.com",
            "need send on behalf for david chen's mailbox pls, he asked me to send out the sprint invites",
            ("send_on_behalf", "david.chen@acme.com", "lucas.rossi@acme.com"),
        ),
        (
            "ava.johnson@acme.com",
            "please remove my access to Priya Patel's calendar, I don't manage her diary any more",
            ("calendar_share", "priya.patel@acme.com", "ava.johnson@acme.com"),
        ),
    ],
)
def test_batch_53_sentences_planned(
    acme: Directory, requester: str, text: str, step: tuple[str, str, str]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    assert [
        (s["action"], s.get("mailbox") or s.get("owner"), s.get("trustee") or s.get("grantee")) for s in steps
    ] == [step]
