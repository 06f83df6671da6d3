"""nlu146's classes (batch 49's held-out misses): an approver said after the request, with a mark beside the
approval ("sarah approved 👍") or said as "fine with it" after a comma, is context, never granted nor a
forwarding target; a reason clause naming someone ("Maria reads it directly now") is context; a level said in
"can X see my calendar ...?" asks that X be let in; clearing work said as why, a struck-through list item and
a removal guessed at ask no change; a mailbox type conversion is not understood. Planned and resolved against
the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
CHRIS = "chris.lee@acme.com"
TOM = "tom.becker@acme.com"
KEN = "ken.adams@acme.com"
SARAH = "sarah@acme.com"
MIKE = "mike.smith@acme.com"
OLIVIA = "olivia.martin@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "tom n me both need send as on helpdesk@ for the weekend support rota from now on, sarah approved 👍",
        "ken n me need send as on helpdesk@ for the rota, mike approved 👍",
        "tom needs send as on helpdesk@, mike smith signed off 👍🏼",
    ],
)
def test_approver_with_a_mark_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, CHRIS)
    assert status == "ready"
    trustees = {s["trustee"] for s in steps}
    assert SARAH not in trustees
    assert MIKE not in trustees
    assert TOM in trustees or KEN in trustees


@pytest.mark.parametrize(
    "text",
    [
        "I'm off from today for 2 weeks, pls set my mail to forward, sarah's fine with it",
        "I'm away next week, please forward my mail, Mike Smith is fine with it",
    ],
)
def test_one_fine_with_it_is_never_forwarded_to(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert "forward_to" in questions
    assert not steps


def test_one_fine_with_it_keeps_the_target_said(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "please forward my mail to Ken Adams, sarah's fine with it", TOM)
    assert status == "ready"
    assert [s["forward_to"] for s in steps] == [KEN]


@pytest.mark.parametrize(
    "text",
    [
        "Stop the forwarding on the Careers mailbox, Maria reads it directly now",
        "Stop the forwarding on the Careers mailbox, Maria Garcia handles it herself these days.",
    ],
)
def test_reason_clause_names_no_mailbox(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [s["mailbox"] for s in steps] == ["careers@acme.com"]


def test_two_mailboxes_said_are_both_cleared(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Stop the forwarding on the Careers mailbox and on Maria Garcia's mailbox", GRACE
    )
    assert status == "ready"
    assert {s["mailbox"] for s in steps} == {"careers@acme.com", "maria.garcia@acme.com"}


@pytest.mark.parametrize(
    ("text", "grantee", "access"),
    [
        (
            "can rachel green see my calendar with limited details?",
            "rachel.green@acme.com",
            "limited_details",
        ),
        ("can Ken Adams see my calendar at reviewer level?", KEN, "reviewer"),
    ],
)
def test_level_in_the_question_shares(acme: Directory, text: str, grantee: str, access: str) -> None:
    status, steps, _ = plan_of(acme, text, OLIVIA)
    assert status == "ready"
    assert [(s["action"], s["grantee"], s["access"]) for s in steps] == [("calendar_share", grantee, access)]


def test_no_level_still_looks(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "can Ken Adams see my calendar?", OLIVIA)
    assert status == "ready"
    assert [s["action"] for s in steps] == ["view_calendar_permissions"]


def test_her_after_the_one_who_asked_is_theirs(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Grace, Maria asked me to check who can see her calendar", OLIVIA)
    assert status == "ready"
    assert [s["owner"] for s in steps] == ["maria.garcia@acme.com"]


def test_struck_item_is_left_out(acme: Directory) -> None:
    text = "Steps:\n* add Tom Becker to all-sales\n* ~~add Tom Becker to Marketing~~ (already on it)"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [s["group"] for s in steps] == ["all-sales@acme.com"]


def test_removal_guessed_adds_back(acme: Directory) -> None:
    text = (
        "Ken Adams stopped getting all-sales mail and appears to have been removed. "
        "Please add him back to all-sales."
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["change"], s["member"]) for s in steps] == [("add", KEN)]


def test_clearing_work_takes_nothing_away(acme: Directory) -> None:
    text = (
        "Tom Becker needs full access to the Finance shared mailbox to help clear the supplier queries "
        "backlog"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["change"], s["trustee"]) for s in steps] == [("grant", TOM)]


def test_type_conversion_is_not_understood(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Convert Tom Becker's mailbox to a shared mailbox when he leaves", GRACE)
    assert status == "not_understood"
    assert not steps


def test_corrected_level_in_an_acknowledged_chat_is_shared(acme: Directory) -> None:
    text = (
        "10:14 Olivia Martin: Grace, can Ken Adams see my calendar at reviewer level? he's helping with the "
        "board pack\n10:15 Olivia Martin: actually, make that editor, he'll be moving things around\n"
        "10:16 Grace Hopper: on it"
    )
    status, steps, _ = plan_of(acme, text, OLIVIA)
    assert status == "ready"
    assert [(s["action"], s["grantee"], s["access"]) for s in steps] == [("calendar_share", KEN, "editor")]


def test_give_me_details_is_a_read(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give me the mailbox details for Sam Taylor", GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"]) for s in steps] == [("view_mailbox_details", "sam.taylor@acme.co.uk")]
