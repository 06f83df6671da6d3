"""Batch 18's safe misses as classes, each with wordings of its own (the corpus holds the originals and more):
what a reading may now plan, and the neighbouring wordings that must still be asked.

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import typos
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_in_order

_ORIGINAL = (
    "\n\n-----Original Message-----\nFrom: Olivia Martin\nSent: Friday, February 27, 2026 4:51 PM\n"
    "Subject: Info mailbox\n\n{quoted}\n"
)

GRACE = "grace.hopper@acme.com"


def test_a_primary_address_given_is_the_new_primary(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Give Lucas Rossi the primary address lucas.rossi@acme.co.uk",
        GRACE,
        "action",
        "recipient",
        "new_address",
    ) == [("change_primary_alias", "lucas.rossi@acme.com", "lucas.rossi@acme.co.uk")]


def test_a_primary_address_given_with_no_address_asks_which(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Give Lucas Rossi the primary address", GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["new_address"])


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ad mia novak to engineering dl pls", "add mia novak to engineering dl pls"),
        ("Pls ad Tom to all-sales", "Pls add Tom to all-sales"),
        ("Thanks. Ad Ken Adams to the marketing list", "Thanks. Add Ken Adams to the marketing list"),
    ],
)
def test_a_short_command_slip_is_read_where_a_command_starts(typed: str, read: str) -> None:
    assert typos.corrected(typed, frozenset())[0] == read


@pytest.mark.parametrize(
    "text",
    [
        "the ad went to marketing",  # not where a command starts
        "ad spend",  # nothing it is done to
        "ad",
    ],
)
def test_ad_is_left_alone_elsewhere(text: str) -> None:
    assert typos.corrected(text, frozenset())[0] == text


def test_a_misspelt_list_after_a_verb_slip_is_still_asked(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "ad mia novak to enginering dl pls", GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["group"])


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Pls unshare Davids calender from mia", "david.chen@acme.com"),
        ("unshare emmas calendar from mia", "emma.wilson@acme.com"),
    ],
)
def test_a_first_names_possessive_without_its_apostrophe_is_the_owner(
    acme: Directory, text: str, owner: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "owner", "grantee") == [(owner, "mia.novak@acme.com")]


def test_a_possessive_first_name_two_people_share_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "stop sharing Johns calendar with Mia", GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["owner"])


def test_a_spaced_plus_joins_two_lists(acme: Directory) -> None:
    steps = ready(
        acme,
        "[10:02] David Chen: lucas finished his contract fri\n"
        "[10:03] David Chen: pls take him off contractors + project phoenix\n",
        requester="david.chen@acme.com",
    )
    assert sorted((s["change"], s["group"], s["member"]) for s in steps) == [
        ("remove", "contractors@acme.com", "lucas.rossi@acme.com"),
        ("remove", "project-phoenix@acme.com", "lucas.rossi@acme.com"),
    ]


def test_a_reply_approving_its_own_change_leaves_the_quoted_message_as_context(acme: Directory) -> None:
    text = "From: Grace Hopper\nCc: Olivia Martin\nSubject: RE: Info mailbox\n\n" + (
        "Go ahead and give Jane Doe send as on info@acme.com."
        + _ORIGINAL.format(quoted="Jane's team handles press now, happy for her to send from Info.")
    )
    steps = ready(acme, text, GRACE)
    # the Cc and the quoted sender (Olivia) get nothing; the quoted "her" asks nothing
    assert [(s["action"], s["trustee"]) for s in steps] == [("send_as", "jane.doe@acme.com")]


def test_a_reply_that_adds_to_the_quoted_message_still_reads_it(acme: Directory) -> None:
    text = "Go ahead and also give Ken Adams send as on info@acme.com." + _ORIGINAL.format(
        quoted="Please give Ken Adams full access to info@acme.com."
    )
    steps = ready(acme, text, GRACE)
    assert sorted(s["action"] for s in steps) == ["mailbox_delegation", "send_as"]


@pytest.mark.parametrize(
    "text",
    [
        "Noah Davis is covering Emma Wilson's accounts while she's on leave - please give him full access "
        "to her mailbox",
        "Noah Davis is covering for Emma Wilson while she is away. Give him full access to her mailbox",
    ],
)
def test_the_one_covering_gets_the_mailbox_of_the_one_away(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, "priya.patel@acme.com", "trustee", "mailbox") == [
        ("noah.davis@acme.com", "emma.wilson@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the mailbox's owner said with the other gender than the one away
        "Noah Davis is covering for Emma Wilson while she is away. Give her full access to his mailbox",
        # the same gender twice
        "Mia Novak is covering for Olivia Martin while she is on leave. Give her send as on her mailbox",
        # (nlu116, red team 68) no gender said of the one away: the directory holds none, so which is whom
        "Noah Davis is covering for Emma Wilson. Give him full access to her mailbox",
        # a third person named
        "Noah Davis is covering for Emma Wilson and Liam Brown while she is away. Give him full access to "
        "her mailbox",
    ],
)
def test_covering_pronouns_that_could_be_either_are_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["trustee"])


def test_the_one_asking_alone_owns_the_calendar_shared(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Jane Doe asked us to share her calendar with Priya Patel at reviewer level",
        GRACE,
        "owner",
        "grantee",
        "access",
    ) == [("jane.doe@acme.com", "priya.patel@acme.com", "reviewer")]


@pytest.mark.parametrize(
    "text",
    [
        "Olivia Martin asked me to let Ken Adams view her calendar, read only",  # Ken named before "her"
        "Mike Smith asked us to give Rachel Green full access to his mailbox",
        "Jane Doe asked us to give her full access to Priya Patel's mailbox",  # the one asking would get it
    ],
)
def test_the_one_asking_is_not_assumed_when_another_could_be_meant(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [
        (
            "Mike Smith asked that Rachel Green's forwarding be switched off; her mail should stay in her "
            "own mailbox",
            "rachel.green@acme.com",
        ),
        ("Rachel Green's forwarding should be turned off", "rachel.green@acme.com"),
        ("Emma Wilson's forwarding to Noah - please switch it off", "emma.wilson@acme.com"),
    ],
)
def test_forwarding_switched_off_clears_it_with_no_target(acme: Directory, text: str, mailbox: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["change"], s["mailbox"]) for s in steps] == [("clear", mailbox)]
    assert "forward_to" not in steps[0]


@pytest.mark.parametrize(
    "text",
    [
        "Olivia wants the forwarding on careers@acme.com stopped, mail should stay in the Careers mailbox",
        "Olivia wants the forwarding on the Careers mailbox turned off",
    ],
)
def test_the_forwarding_on_a_mailbox_is_never_the_wanters_own(acme: Directory, text: str) -> None:
    # it cleared Olivia Martin's own forwarding (she only wants it done); asked now, never planned for her
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert all(s["mailbox"] != "olivia.martin@acme.com" for s in steps)
    assert status != "ready" or [s["mailbox"] for s in steps] == ["careers@acme.com"]
