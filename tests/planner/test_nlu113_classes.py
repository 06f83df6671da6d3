"""nlu113's classes (held-out batch 42's misses, where the writer wanted a plan). Planned and resolved against
the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


# (nlu116, red team 68) the cover alone no longer says which pronoun is whom: with no gender tied to either
# person by the request's words it is asked; "X is covering <work> for Y" and "looking after Y's <work>" are
# still covers, planned where the one away is said with a gender
@pytest.mark.parametrize(
    "text",
    [
        "Sam Taylor is covering UK sales for Priya Patel. Give him send on behalf on her mailbox",
        "Noah Davis is looking after Emma Wilson's customers now. Please give him full access to her mailbox",
        "Liam Brown is looking after Olivia Martin's accounts this month, please give her send as on his "
        "mailbox",
    ],
)
def test_a_cover_with_no_gender_said_asks_whom_the_pronouns_are(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


@pytest.mark.parametrize(
    "text",
    [
        "Sam Taylor is covering UK sales for Priya Patel while she is away. Give him send on behalf on her "
        "mailbox",
        "Noah Davis is looking after Emma Wilson's customers while she's on leave. Please give him full "
        "access to her mailbox",
    ],
)
def test_a_cover_with_the_one_away_said_gives_the_one_covering_her_mailbox(
    acme: Directory, text: str
) -> None:
    steps = ready(acme, text, GRACE)
    pair = (
        ("sam.taylor@acme.co.uk", "priya.patel@acme.com")
        if "Priya" in text
        else ("noah.davis@acme.com", "emma.wilson@acme.com")
    )
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [pair]


@pytest.mark.parametrize(
    "text",
    [
        # the same gender twice may be one person
        "Sam Taylor is covering UK sales for Priya Patel. Give her send on behalf on her mailbox",
        # the one away said as a "she", so "her" given the right contradicts the cover
        "Noah Davis is covering for Emma Wilson while she is away. Give her full access to his mailbox",
        # one pronoun only: the one covering or the one covered for
        "Sam Taylor is covering UK sales for Priya Patel. Give him send on behalf on support@acme.com",
    ],
)
def test_a_cover_whose_pronouns_do_not_settle_it_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "please set up send on behalf on my mailbox, Priya approved it",
        "set up send as on my mailbox, Olivia signed off on it",
        "Priya approved it: please set up full access on my mailbox",
    ],
)
def test_a_right_on_my_mailbox_for_no_one_asks_whom_never_the_approver(acme: Directory, text: str) -> None:
    assert asks(acme, text, AVA) == {"trustee"}


def test_a_right_on_my_mailbox_for_someone_named_is_planned_for_them(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "please set up send on behalf on my mailbox for Tom Becker, Priya approved it",
        AVA,
        "trustee",
        "mailbox",
    ) == [("tom.becker@acme.com", AVA)]


DAVID = "david.chen@acme.com"
ATLAS = "project-atlas@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "From: David Chen <david.chen@acme.com>\nTo: Ken Adams\nCc: Grace Hopper; Lucas Rossi\n"
        "Subject: Project Atlas\n\nKen, please add Ethan Park to Project Atlas. Lucas asked for him on "
        "the data "
        "migration.\n\nDavid\n",
        "Please add Ethan Park to Project Atlas. Lucas asked for him.",
        "Ken, can you add Ethan Park to Project Atlas? Lucas asked for him.",
    ],
)
def test_the_one_added_is_the_one_named_not_who_asked_nor_who_is_addressed(
    acme: Directory, text: str
) -> None:
    assert ready_tuples(acme, text, DAVID, "group", "member") == [(ATLAS, "ethan.park@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Ken, please add to Project Atlas.",
        "Lucas asked for him on the data migration. Please add him to Project Atlas.",
    ],
)
def test_no_one_named_to_add_is_asked_never_the_addressed_or_the_asker(acme: Directory, text: str) -> None:
    assert asks(acme, text, DAVID) == {"member"}


MARIA = "maria.garcia@acme.com"


@pytest.mark.parametrize(
    ("text", "group", "members"),
    [
        (
            "Request type: New distribution list\nRequested by: Maria Garcia\nList name: New Starters\n"
            "Members: Maria Garcia, Grace Hopper, Ken Adams\n",
            "new-starters@acme.com",
            ["maria.garcia@acme.com", "grace.hopper@acme.com", "ken.adams@acme.com"],
        ),
        (
            "New distribution list request\nList name: Site Leads\nMembers: Sam Taylor; Priya Patel\n",
            "site-leads@acme.com",
            ["sam.taylor@acme.co.uk", "priya.patel@acme.com"],
        ),
        (
            # an address said is the list's, never made from its name
            "Request type: New distribution list\nRequested by: Maria Garcia\nList name: New Starters\n"
            "Email: starters@acme.com\nMembers: Grace Hopper, Ken Adams\n",
            "starters@acme.com",
            ["grace.hopper@acme.com", "ken.adams@acme.com"],
        ),
    ],
)
def test_a_new_list_form_creates_the_list_named_with_its_members(
    acme: Directory, text: str, group: str, members: list[str]
) -> None:
    assert ready_tuples(acme, text, MARIA, "action", "group", "members") == [
        ("distribution_list_lifecycle", group, members)
    ]


def test_a_new_list_form_with_no_name_asks_it_and_the_requester_is_no_member(acme: Directory) -> None:
    text = (
        "Request type: New distribution list\nRequested by: Maria Garcia\nMembers: Grace Hopper, Ken Adams\n"
    )
    assert asks(acme, text, MARIA) == {"group"}


CHAT = (
    "[10:00] Ken Adams: can you give Tom Becker full access to billing@acme.com?\n"
    "[10:01] Grace Hopper: send as too?\n[10:02] Ken Adams: {answer}\n"
)


@pytest.mark.parametrize(
    ("answer", "actions"),
    [
        ("yes please", ["mailbox_delegation", "send_as"]),
        ("yes please, both", ["mailbox_delegation", "send_as"]),
        ("no thanks", ["mailbox_delegation"]),
        ("no just full access", ["mailbox_delegation"]),
    ],
)
def test_a_right_proposed_in_a_chat_is_settled_by_the_answer(
    acme: Directory, answer: str, actions: list[str]
) -> None:
    steps = ready(acme, CHAT.format(answer=answer), GRACE)
    assert [s["action"] for s in steps] == actions
    assert {(s["trustee"], s["mailbox"]) for s in steps} == {("tom.becker@acme.com", "billing@acme.com")}


def test_an_offer_of_help_before_the_request_asks_for_nothing(acme: Directory) -> None:
    text = (
        "[09:02] Grace Hopper: morning, anything for me?\n"
        "[09:03] Priya Patel: yes - can you give Emma Wilson full access to the sales mailbox?\n"
        "[09:03] Grace Hopper: send as too?\n[09:04] Priya Patel: yes please, both\n"
    )
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox") == [
        ("mailbox_delegation", "emma.wilson@acme.com", "sales@acme.com"),
        ("send_as", "emma.wilson@acme.com", "sales@acme.com"),
    ]


@pytest.mark.parametrize("answer", ["no, just send as", "maybe later"])
def test_an_answer_that_changes_what_was_asked_is_asked(acme: Directory, answer: str) -> None:
    assert asks(acme, CHAT.format(answer=answer), GRACE) == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        "INC0104471\nCaller: Tom Becker\nShort description: Can't send from support mailbox\n"
        'Description: Tom gets "You don\'t have permission to send as this sender" when replying from '
        "support@acme.com. Sarah Connor approved send as for him last month, please add it.\n",
        "Tom can't send from support@acme.com. Sarah Connor approved send as for him last month, please add "
        "it.",
    ],
)
def test_a_right_approved_for_him_is_his_never_the_approvers(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox") == [
        ("send_as", "tom.becker@acme.com", "support@acme.com")
    ]


def test_a_right_approved_for_him_with_no_mailbox_named_asks_it(acme: Directory) -> None:
    assert asks(acme, "Sarah Connor approved send as for him last month, please add it.", GRACE) == {
        "mailbox"
    }


JANE = "jane.doe@acme.com"
REPLY = (
    "From: Jane Doe <jane.doe@acme.com>\nTo: IT Helpdesk\nSubject: RE: Marketing list\n\n{note}\n\nJane\n\n"
    "{quote}"
)
RACHEL_ASKS = "> From: Rachel Green\n> Sent: Friday 27 February 2026 11:12\n> Hi Jane, {ask} Rachel\n"


def test_an_approvals_add_her_takes_the_quoted_ask(acme: Directory) -> None:
    quote = RACHEL_ASKS.format(ask="could I join the Marketing list? I'm helping at the trade show.")
    assert ready_tuples(
        acme, REPLY.format(note="Fine by me, please add her.", quote=quote), JANE, "group", "member"
    ) == [("marketing@acme.com", "rachel.green@acme.com")]


@pytest.mark.parametrize(
    "ask",
    [
        "could I join the Marketing list? And could I get send as on info@acme.com?",
        "could Tom Becker and I join the Marketing list?",
    ],
)
def test_add_her_over_a_quote_asking_more_than_one_thing_is_asked(acme: Directory, ask: str) -> None:
    quote = RACHEL_ASKS.format(ask=ask)
    status, _, about = plan_of(acme, REPLY.format(note="Fine by me, please add her.", quote=quote), JANE)
    assert status == "needs_clarification"
    assert "scope" in about


def test_the_quote_alone_is_never_acted_on(acme: Directory) -> None:
    quote = RACHEL_ASKS.format(ask="could I join the Marketing list?")
    status, steps, _ = plan_of(acme, REPLY.format(note="Thanks for the update.", quote=quote), JANE)
    assert status != "ready"
    assert steps == []
