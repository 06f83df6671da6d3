"""nlu133's classes (the forty-sixth held-out batch's unsafe and omitting misses). Planned and resolved
against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "add me to the Project Atlas group until Wednesday please, Olivia wants me on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia Martin needs me for the audit",
        "add me to the Project Atlas group until Wednesday please. Olivia wants me on the pricing review.",
        "add me to the Project Atlas group until Wednesday - Olivia wants me on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia wants us on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me there",
        "add me to the Project Atlas group until Wednesday, Olivia has asked for me on the pricing work",
        "add me to the Project Atlas group until Wednesday, Olivia wants me on the review with Tom Becker",
    ],
)
def test_who_wants_the_requester_on_some_work_is_no_member(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, AVA, "action", "group", "member") == [
        ("distribution_list_membership", "project-atlas@acme.com", AVA)
    ]


def test_who_wants_the_requester_on_some_work_is_no_trustee(acme: Directory) -> None:
    text = "give me full access to billing@ please, Mike Smith wants me on the supplier statements"
    assert ready_tuples(acme, text, AVA, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "billing@acme.com", AVA)
    ]


def test_someone_wanting_in_themselves_is_still_added(acme: Directory) -> None:
    text = "add me to the Project Atlas group please, Olivia wants to be on it too"
    steps = ready(acme, text, AVA)
    assert sorted(s["member"] for s in steps) == [AVA, "olivia.martin@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        # another person wanted, or the requester wanted on one more list: maybe one more change
        "add me to Project Atlas until Wednesday, Olivia wants Tom Becker on it",
        "add me to Project Atlas until Wednesday, Olivia wants me on it too",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me on the pricing list",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me in the Finance team",
    ],
)
def test_someone_else_wanted_or_one_more_list_is_never_left_out_unasked(acme: Directory, text: str) -> None:
    asks(acme, text, AVA)


@pytest.mark.parametrize(
    ("text", "requester", "trustees"),
    [
        (
            "Could Rachel Green and I both have send on behalf on the Billing mailbox?",
            "christine.lee@acme.com",
            ["christine.lee@acme.com", "rachel.green@acme.com"],
        ),
        (
            "Could Rachel Green and I have send on behalf on the Billing mailbox?",
            "christine.lee@acme.com",
            ["christine.lee@acme.com", "rachel.green@acme.com"],
        ),
        (
            "can Rachel Green and Chris Lee both have send on behalf on billing?",
            "grace.hopper@acme.com",
            ["chris.lee@acme.com", "rachel.green@acme.com"],
        ),
    ],
)
def test_could_several_have_a_right_asks_it_for_each(
    acme: Directory, text: str, requester: str, trustees: list[str]
) -> None:
    steps = ready(acme, text, requester)
    assert {s["action"] for s in steps} == {"send_on_behalf"}
    assert sorted(s["trustee"] for s in steps) == trustees


@pytest.mark.parametrize(
    "text",
    [
        "Do Rachel Green and Chris Lee both have send on behalf on billing?",
        "Does Rachel have send as on billing?",
    ],
)
def test_whether_someone_holds_a_right_is_still_a_question(acme: Directory, text: str) -> None:
    steps = ready(acme, text, "grace.hopper@acme.com")
    assert steps
    assert all(s["change"] == "read" for s in steps)


@pytest.mark.parametrize(
    ("text", "access"),
    [
        ("can Chris Lee see my calendar? just free/busy", "availability_only"),
        ("can Chris Lee see my calendar? free/busy only please.", "availability_only"),
        ("could Chris see my calendar? reviewer please", "reviewer"),
        ("can Chris Lee see my calendar? read only is fine", "reviewer"),
    ],
)
def test_a_level_said_after_can_x_see_my_calendar_asks_for_the_share(
    acme: Directory, text: str, access: str
) -> None:
    assert ready_tuples(acme, text, "tom.becker@acme.com", "action", "grantee", "access") == [
        ("calendar_share", "chris.lee@acme.com", access)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Can Chris see my calendar?",
        "can Chris Lee see my calendar? free/busy?",
        "can Chris see my calendar? free/busy or reviewer?",
    ],
)
def test_can_x_see_my_calendar_without_a_level_said_is_a_look(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, "tom.becker@acme.com", "action", "change") == [
        ("view_calendar_permissions", "read")
    ]


CHAT = (
    "[09:02] Mike Smith: morning grace, Rachel Green is doing the supplier statements from billing now\n"
    "[09:03] Grace Hopper: ok, what {asked}?\n"
    "[09:03] Mike Smith: {answer}\n"
)


@pytest.mark.parametrize(
    ("asked", "answer", "action"),
    [
        ("does she need", "send as on billing please. she can already open it", "send_as"),
        ("does she need", "send as on billing", "send_as"),
        ("does Rachel need", "full access to billing please", "mailbox_delegation"),
        ("access does she need", "send on behalf on billing please", "send_on_behalf"),
    ],
)
def test_what_someone_needs_answered_with_a_right_is_their_request(
    acme: Directory, asked: str, answer: str, action: str
) -> None:
    text = CHAT.format(asked=asked, answer=answer)
    assert ready_tuples(acme, text, "grace.hopper@acme.com", "action", "mailbox", "trustee") == [
        (action, "billing@acme.com", "rachel.green@acme.com")
    ]


@pytest.mark.parametrize(
    "answer",
    ["not sure, can you check what she has?", "send as, does she have it already?"],
)
def test_an_answer_that_asks_again_grants_nothing(acme: Directory, answer: str) -> None:
    text = CHAT.format(asked="does she need", answer=answer)
    _, steps, _ = plan_of(acme, text, "grace.hopper@acme.com")
    assert all(s["change"] == "read" for s in steps)


def test_a_greeting_before_the_one_spoken_to_makes_them_no_referent(acme: Directory) -> None:
    text = (
        "[09:02] Mike Smith: good morning grace, Rachel Green is doing the supplier statements now\n"
        "[09:03] Grace Hopper: ok\n"
        "[09:03] Mike Smith: she needs send as on billing please\n"
    )
    assert ready_tuples(acme, text, "grace.hopper@acme.com", "action", "trustee") == [
        ("send_as", "rachel.green@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "good morning Grace, Rachel Green is doing the supplier statements now. She needs send as on billing",
        "[09:02] Mike Smith: good morning grace, Rachel Green is doing the supplier statements now\n"
        "[09:03] Mike Smith: she needs send as on billing please\n",
        "Morning Grace - Rachel Green is doing the supplier statements now. She needs send as on billing.",
    ],
)
def test_the_requester_greeted_is_never_whom_she_means(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, "grace.hopper@acme.com")
    assert "grace.hopper@acme.com" not in [s.get("trustee") for s in steps]
    assert status == "ready"
    assert [(s["action"], s["trustee"]) for s in steps] == [("send_as", "rachel.green@acme.com")]


def test_a_me_after_the_greeting_is_never_the_requester_unasked(acme: Directory) -> None:
    asks(acme, "Hi Grace, I need send as on billing", "grace.hopper@acme.com")
