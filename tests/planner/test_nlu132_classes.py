"""nlu132's classes (red team 71 classes 7, 8 and 10: a right said to be kept was revoked, a past length was
read as the grant's end, a need the text asked was dropped). Planned and resolved against the Acme directory
at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples

GRACE = "grace.hopper@acme.com"
LIAM = "liam.brown@acme.com"
SALES = "sales@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Revoke Liam Brown's full access to sales@ - he only needs send on behalf now, not send as.",
        "Liam Brown only needs send on behalf on sales@ now - remove the rest.",
        "Revoke Liam Brown's full access to sales@ - he still needs send on behalf.",
        "Revoke Liam Brown's full access and send as on sales@ - he only needs send on behalf now.",
        # what he still has is kept as it is: neither taken nor granted again beside the removal
        "Remove Tom Becker's send as on support@; he still needs full access there.",
    ],
)
def test_a_right_said_still_needed_is_never_taken(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        # the writer's own need, of their own right: the removal stands (nlu123)
        ("Revoke Liam Brown's full access to sales@ - I only need send on behalf now.", "mailbox_delegation"),
        # a right said to be no longer needed is the one taken
        ("Remove Liam Brown's send as on sales@ - he no longer needs send as.", "send_as"),
    ],
)
def test_a_right_not_needed_is_still_taken(acme: Directory, text: str, taken: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "trustee") == [(taken, "revoke", LIAM)]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        # a length in a clause whose verb is past or perfect is how long something went on
        (
            "Give Liam Brown full access to sales@ till end of March, he did it for a week in January.",
            "2026-04-01",
        ),
        (
            "Give Tom Becker full access to Sales until Friday, he covered it for two weeks last year.",
            "2026-03-07",
        ),
        (
            "Give Liam Brown full access to sales@ - he has covered it for a week before - till end of "
            "March.",
            "2026-04-01",
        ),
        ("Give Liam Brown full access to sales@ as he has needed it for a month.", None),
        ("Give Tom Becker full access to Sales, he has done it for a month before.", None),
        # the other way: the grant's own length, said beside a past clause or an approval, stays its end
        ("Give Tom Becker full access to Sales for two weeks, he has done it before.", "2026-03-16"),
        ("Give Liam Brown full access to sales@, Mike approved it for a week.", "2026-03-09"),
        ("I need send as on the Sales mailbox just for today", "2026-03-03"),
        ("Give Tom Becker full access to Sales, he's needed for two weeks on the project.", "2026-03-16"),
        # a past verb before an end date leaves the end as said
        ("Give Liam Brown full access to sales@ - he covered it before - till end of March.", "2026-04-01"),
    ],
)
def test_a_past_length_is_no_end(acme: Directory, text: str, expires: str | None) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 1
    assert (steps[0].get("expires") or "")[:10] == (expires or "")


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam Brown full access to sales@, he needed it for a month while Noah is away.",
        "Give Tom Becker full access to Sales, he was asked to help for a while when Noah was away.",
    ],
)
def test_an_end_left_unread_after_a_past_length_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"expires"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Ava Johnson full access to sales@; Liam Brown is handing it over to her, so take him off.",
        "Noah Davis is on all-sales and project-phoenix. Remove him from both.",
        "Noah Davis is on all-sales and project-phoenix. Remove him from both lists.",
        "Chris Lee is on all-sales and project-phoenix. Take him off both.",
        "Remove Liam Brown from sales@ - a delegation report would be great afterwards.",
        "What's the reason Liam Brown has full access to hr@? Remove it.",
        "What's the reason Liam Brown has send as on sales@ - can you remove it?",
        "How come Liam Brown still has access to sales@, who added him? Take it away.",
        "How come I have full access to hr@? Who added me? Please remove it.",
        "Why does Tom Becker have send as on support@? Please take it away.",
    ],
)
def test_a_removal_asked_is_never_left_out_of_a_ready_plan(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    ("text", "steps_said"),
    [
        # "don't remove" asks none: the report alone is the whole request
        (
            "Who added Liam Brown to sales@? Don't remove him, just tell me.",
            [("access_report", "read")],
        ),
        # no removal asked beside the handover: the grant alone
        (
            "Give Ava Johnson full access to sales@; Liam Brown is handing it over to her, so keep him on.",
            [("mailbox_delegation", "grant")],
        ),
        # "both" said of the two lists the plan takes him off
        (
            "Remove Noah Davis from all-sales and project-phoenix - from both.",
            [("distribution_list_membership", "remove"), ("distribution_list_membership", "remove")],
        ),
        # "both" said of two people the plan gives to
        (
            "Give full access on sales@ to both Tom Becker and Ava Johnson.",
            [("mailbox_delegation", "grant"), ("mailbox_delegation", "grant")],
        ),
    ],
)
def test_the_whole_request_planned_stays_ready(
    acme: Directory, text: str, steps_said: list[tuple[str, str]]
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change") == steps_said


@pytest.mark.parametrize(
    ("text", "requester", "plan"),
    [
        # the kept need is Christine's (a grant), the revoke is Mike's: nothing Christine needs is taken
        (
            "Christine Lee should have full access to billing@acme.com instead of Mike Smith",
            GRACE,
            {
                ("mailbox_delegation", "grant", "christine.lee@acme.com"),
                ("mailbox_delegation", "revoke", "mike.smith@acme.com"),
            },
        ),
        # the kept need names another mailbox than the one revoked
        (
            "Revoke Mike Smith's full access to the Billing mailbox. He should keep full access to Finance.",
            GRACE,
            {("mailbox_delegation", "revoke", "mike.smith@acme.com")},
        ),
    ],
)
def test_a_kept_need_holds_only_for_its_own_person_and_mailbox(
    acme: Directory, text: str, requester: str, plan: set[tuple[str, str, str]]
) -> None:
    steps = ready(acme, text, requester)
    assert {(s["action"], s["change"], s["trustee"]) for s in steps} == plan


@pytest.mark.parametrize(
    ("text", "requester", "expires"),
    [
        (
            "Please give Ken Adams limited details on my calendar for a week",
            "maria.garcia@acme.com",
            "2026-03-09T09:00:00Z",
        ),
        (
            "Give Rachel Green limited details on the Boardroom calendar for 4 weeks",
            GRACE,
            "2026-03-30T09:00:00Z",
        ),
    ],
)
def test_a_participle_before_what_is_given_is_no_past_verb(
    acme: Directory, text: str, requester: str, expires: str
) -> None:
    steps = ready(acme, text, requester)
    assert [s.get("expires") for s in steps] == [expires]
