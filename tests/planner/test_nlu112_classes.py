"""nlu112's classes (batch 41's misses): a list made with "make a"/"start a", a form's end date for a period
said in words, a chat's answer that settles the question asked, who manages a diary "instead of" whom, who
looks after someone's work; and "X instead of Y, Y keeps his": Y is left as they are. Planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Make a DL uk-events@acme.co.uk called UK Events with Sam Taylor in it",
        "Make a distribution list uk-events@acme.co.uk called UK Events with Sam Taylor",
        "Start a DL uk-events@acme.co.uk called UK Events with Sam Taylor in it",
    ],
)
def test_make_a_list_creates_it(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["change"], s["group"]) for s in steps] == [
        ("distribution_list_lifecycle", "create", "uk-events@acme.co.uk")
    ]
    assert steps[0]["members"] == ["sam.taylor@acme.co.uk"]


def test_make_a_person_a_member_creates_no_list(acme: Directory) -> None:
    assert ready_tuples(acme, "Make Ava Johnson a member of Marketing", GRACE, "action", "change") == [
        ("distribution_list_membership", "add")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker send as on sales@acme.com instead of John Miller; John keeps his",
        "Give Tom Becker send as on sales@acme.com instead of John Miller. John can keep his access.",
        "Give Tom send as on Sales instead of John, John keeps his",
    ],
)
def test_the_one_replaced_who_keeps_theirs_loses_nothing(acme: Directory, text: str) -> None:
    assert ready(acme, text, GRACE) == [
        {
            "action": "send_as",
            "change": "grant",
            "mailbox": "sales@acme.com",
            "trustee": "tom.becker@acme.com",
        }
    ]


def test_the_one_replaced_loses_the_right_when_no_keep_is_said(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker send as on sales@acme.com instead of John Miller", GRACE)
    assert {(s["change"], s["trustee"]) for s in steps} == {
        ("grant", "tom.becker@acme.com"),
        ("revoke", "john@acme.com"),
    }


@pytest.mark.parametrize(
    "text",
    [
        # whom "he" means may be the one given it: asked
        "Give Tom Becker send as on sales@acme.com instead of John Miller, he keeps his",
        # one kept whom the directory cannot tell, and one of them may be among those changed
        "Remove everyone from all-sales; keep Kim.",
    ],
)
def test_a_keep_that_may_mean_someone_changed_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


RITM = (
    "Number: RITM0020871\nCaller: Mike Smith\nRequested for: Christine Lee\n"
    "Short description: Temporary mailbox access\n{description}"
    "End date: 2026-03-27\nApproved by: Olivia Martin\n"
)


@pytest.mark.parametrize(
    "description",
    [
        "Description: Full access to the Billing mailbox for the month-end close.\n",
        "Description: Full access to the Billing mailbox.\n",
    ],
)
def test_a_title_summary_beside_the_description_naming_the_right_is_no_request(
    acme: Directory, description: str
) -> None:
    assert ready(acme, RITM.format(description=description), GRACE) == [
        {
            "action": "mailbox_delegation",
            "change": "grant",
            "mailbox": "billing@acme.com",
            "trustee": "christine.lee@acme.com",
            "automapping": True,
            "expires": "2026-03-28T00:00:00Z",
        }
    ]


def test_a_title_summary_alone_still_asks_which_mailbox(acme: Directory) -> None:
    assert asks(acme, RITM.format(description=""), GRACE) == {"mailbox"}


CHAT = (
    "[09:02] Sam Taylor: hi grace, can you give emma wilson full access to the uk office mailbox?\n"
    "[09:03] Grace Hopper: sure, send as too?\n[09:04] Sam Taylor: {answer}\n"
)
SAM = "sam.taylor@acme.co.uk"


@pytest.mark.parametrize("answer", ["no just full access", "no", "no, only full access thanks"])
def test_a_no_to_an_offer_of_more_plans_what_was_asked(acme: Directory, answer: str) -> None:
    assert ready_tuples(acme, CHAT.format(answer=answer), SAM, "action", "trustee") == [
        ("mailbox_delegation", "emma.wilson@acme.com")
    ]


def test_a_no_asking_for_another_right_is_asked(acme: Directory) -> None:
    asks(acme, CHAT.format(answer="no, just send on behalf"), SAM)


def test_a_yes_to_more_gives_it_to_the_same_person_on_the_same_mailbox(acme: Directory) -> None:
    # (nlu113's rule for batch 42's "yes please, both"; merged over nlu112's question)
    steps = ready(acme, CHAT.format(answer="yes please"), SAM)
    assert sorted((s["action"], s["mailbox"], s["trustee"]) for s in steps) == [
        ("mailbox_delegation", "office@acme.co.uk", "emma.wilson@acme.com"),
        ("send_as", "office@acme.co.uk", "emma.wilson@acme.com"),
    ]


OLIVIA = "olivia.martin@acme.com"


def test_a_share_said_without_a_level_then_with_one_is_one_share(acme: Directory) -> None:
    text = (
        "From today Sarah Connor manages my diary instead of Maria Garcia: "
        "please give Sarah editor on my calendar"
    )
    steps = ready(acme, text, OLIVIA)
    assert sorted((s["change"], s["grantee"], s.get("access")) for s in steps) == [
        ("grant", "sarah@acme.com", "editor"),
        ("revoke", "maria.garcia@acme.com", None),
    ]


def test_a_share_said_without_a_level_on_another_calendar_is_asked(acme: Directory) -> None:
    text = "Sarah Connor manages my diary now, please give her editor on Priya Patel's calendar"
    status, _, about = plan_of(acme, text, OLIVIA)
    assert status == "needs_clarification"
    assert about == {"access"}


@pytest.mark.parametrize(
    "text",
    [
        "Noah Davis is looking after Emma Wilson's customers while she is on leave. "
        "Please give him full access to her mailbox",
        "Noah Davis is taking over from Emma Wilson while she is on leave - "
        "give him full access to her mailbox",
    ],
)
def test_looking_after_someone_with_the_one_away_said_is_covering(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [
        ("noah.davis@acme.com", "emma.wilson@acme.com")
    ]


def test_looking_after_with_no_gender_said_asks_which_is_whom(acme: Directory) -> None:
    # (nlu116, red team 68: with no gender tied to either person by the request's words, the two pronouns
    # are asked, the directory holding no genders; nlu113 had let the cover orient them)
    text = (
        "Noah Davis is looking after Emma Wilson's customers now. Please give him full access to her mailbox"
    )
    assert asks(acme, text, GRACE) == {"trustee"}
