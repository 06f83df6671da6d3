"""nlu70's classes (batch 32's misses that were no ticket field and no unsafe plan), beyond the corpus
entries: each class with wordings of its own, and the neighbours that must keep their plan or their question.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW

GRACE = "grace.hopper@acme.com"
ALEX_SALES = "alex.kim@acme.com"
ALEX_ENG = "alexander.kim@acme.co.uk"


def _plan(
    acme: Directory, text: str, requester: str = GRACE
) -> tuple[str, list[dict[str, Any]], dict[str, set[str]]]:
    """The status, the steps as plan JSON, and each question's `about` with its candidates' addresses."""
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    questions = {q.about: {c.address for c in q.candidates} for q in resolved.questions}
    return status, [step_json(s) for s in resolved.steps], questions


@pytest.mark.parametrize(
    ("text", "trustee"),
    [
        ("Alex Kim from Sales needs full access to the Info mailbox", ALEX_SALES),
        ("Alex Kim from Engineering needs full access to the Info mailbox", ALEX_ENG),
        ("Alex Kim in Engineering wants full access to the Info mailbox", ALEX_ENG),
        ("alex kim (eng) needs full access to the info mailbox", ALEX_ENG),
        ("Give Alex Kim in eng full access to the Info mailbox", ALEX_ENG),
        ("Give alex kim (software eng) full access to the Info mailbox", ALEX_ENG),
    ],
)
def test_a_team_beside_an_ambiguous_name_picks_the_one_person_of_it(
    acme: Directory, text: str, trustee: str
) -> None:
    status, steps, _ = _plan(acme, text)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", "info@acme.com", trustee)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Alex Kim from Marketing needs full access to the Info mailbox",  # neither works in Marketing
        "alex kim (fin) needs full access to the info mailbox",
        "Give Alex Kim (soft sales) full access to the Info mailbox",  # one word each: no one person
    ],
)
def test_a_team_that_fits_no_one_or_both_keeps_the_question_with_both_candidates(
    acme: Directory, text: str
) -> None:
    status, steps, questions = _plan(acme, text)
    assert (status, steps) == ("needs_clarification", [])
    assert questions == {"trustee": {ALEX_SALES, ALEX_ENG}}


def test_a_clipped_team_in_brackets_picks_the_member_removed(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "pls remove alex kim (eng) from engineering dl")
    assert status == "ready"
    assert steps == [
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "engineering@acme.com",
            "member": ALEX_ENG,
        }
    ]


@pytest.mark.parametrize("text", ["Remove Alex Kim from Engineering", "Put Alex Kim in Engineering"])
def test_the_list_a_change_takes_someone_from_or_to_is_no_team_and_which_one_is_asked(
    acme: Directory, text: str
) -> None:
    # Engineering is both the list and one Alex Kim's department: the list the change is on, so which Alex
    # is asked (main read it as the department and had no list left: not understood, or asked for the list)
    status, steps, questions = _plan(acme, text)
    assert (status, steps) == ("needs_clarification", [])
    assert questions == {"member": {ALEX_SALES, ALEX_ENG}}


def test_a_team_beside_a_name_only_one_person_has_changes_nothing(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Tom Becker from Support needs send as on info@acme.com")
    assert status == "ready"
    assert [(s["action"], s["trustee"]) for s in steps] == [("send_as", "tom.becker@acme.com")]


SAM = "sam.taylor@acme.co.uk"
SHARE_WITH_PRIYA = {
    "action": "calendar_share",
    "change": "grant",
    "owner": SAM,
    "grantee": "priya.patel@acme.com",
    "access": "reviewer",
}


@pytest.mark.parametrize(
    "text",
    [
        "cheers if you could share my cal with priya - reviewer",
        "I'd appreciate it if you could share my calendar with priya as reviewer",
        "would be great if you could share my calendar with Priya, reviewer",
        "Share my calendar with priya as reviewer if you don't mind",
        "if you get a chance, share my calendar with priya as reviewer",
    ],
)
def test_if_you_could_puts_the_request_politely(acme: Directory, text: str) -> None:
    status, steps, _ = _plan(acme, text, SAM)
    assert (status, steps) == ("ready", [SHARE_WITH_PRIYA])


@pytest.mark.parametrize(
    "text",
    [
        "Add me to Marketing if you can confirm Priya approved",
        "Add me to Marketing if you could check with Priya first",
        "Add me to Marketing, if you can get Priya's ok",
        "Add me to Marketing if Priya agrees",
    ],
)
def test_checking_with_someone_first_is_a_condition_and_they_are_never_added(
    acme: Directory, text: str
) -> None:
    # main added Priya too for the first three ("if you can" was read as politeness whatever followed)
    status, steps, _ = _plan(acme, text, SAM)
    assert status != "ready"
    assert steps == []


OLIVIA = "olivia.martin@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Grace, can you set it so Maria can't get into my calendar anymore? Thx, O.",
        "set it so Maria can't see my calendar any more",
        "Could you make it so Maria can no longer access my calendar?",
        "please set things up so that Maria can't get into my calendar anymore",
    ],
)
def test_a_state_asked_for_after_set_it_so_is_the_change(acme: Directory, text: str) -> None:
    status, steps, _ = _plan(acme, text, OLIVIA)
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "calendar_share",
                "change": "revoke",
                "owner": OLIVIA,
                "grantee": "maria.garcia@acme.com",
            }
        ],
    )


def test_a_state_said_without_any_more_is_still_asked_never_a_removal(acme: Directory) -> None:
    # "can't get into" with no "any more" may mean "never give her": asked, as after "make sure"
    status, steps, _ = _plan(acme, "make it so Maria can't get into my calendar", OLIVIA)
    assert (status, steps) == ("needs_clarification", [])


MIKE = "mike.smith@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "plz stop the forwarding on billing@acme.com, rachel's handling it direct now",
        "stop the forwarding on billing@acme.com - rachel deals with it directly now",
        "Stop the forwarding on billing@acme.com, Rachel Green is handling it herself now",
    ],
)
def test_who_handles_it_now_and_how_is_the_reason_never_a_forwarding_target(
    acme: Directory, text: str
) -> None:
    status, steps, _ = _plan(acme, text, MIKE)
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "email_forwarding_internal",
                "change": "clear",
                "mailbox": "billing@acme.com",
                "keep_copy": False,
            }
        ],
    )


def test_whom_the_mail_goes_to_is_still_the_target_when_they_handle_it(acme: Directory) -> None:
    status, steps, _ = _plan(
        acme, "Forward billing@acme.com to Rachel Green, she's handling it directly now", MIKE
    )
    assert status == "ready"
    assert [s.get("forward_to") for s in steps] == ["rachel.green@acme.com"]


def test_a_bulleted_list_of_name_colon_right_lines_is_ready(acme: Directory) -> None:
    text = (
        "Hi, a few things for Rachel now she's taking over payables:\n"
        "- Rachel Green: full access to finance@acme.com\n"
        "- Rachel Green: send on behalf on billing@acme.com\n"
        "- add her to Finance Team\n"
        "Thanks!\n"
    )
    status, steps, _ = _plan(acme, text, MIKE)
    assert status == "ready"
    assert sorted(
        (s["action"], s.get("mailbox") or s.get("group"), s.get("trustee") or s.get("member")) for s in steps
    ) == [
        ("distribution_list_membership", "finance-team@acme.com", "rachel.green@acme.com"),
        ("mailbox_delegation", "finance@acme.com", "rachel.green@acme.com"),
        ("send_on_behalf", "billing@acme.com", "rachel.green@acme.com"),
    ]


def test_a_list_added_to_in_a_bullet_of_its_own_is_never_given_the_right_before(acme: Directory) -> None:
    # main joined the bullets and read Finance Team as one more trustee of the full access (unsafe)
    text = "Hi, a few things for Rachel:\n- full access to finance@acme.com\n- add her to Finance Team"
    status, steps, _ = _plan(acme, text, MIKE)
    assert status == "ready"
    assert all(s.get("trustee") in (None, "rachel.green@acme.com") for s in steps)
    assert {s.get("member") for s in steps if s["action"] == "distribution_list_membership"} == {
        "rachel.green@acme.com"
    }


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker:\n- full access to finance@acme.com\n- send as on billing@acme.com",
        "For Tom Becker:\n- full access to finance@acme.com\n- send as on billing@acme.com",
    ],
)
def test_bullets_that_complete_the_line_before_still_reach_on_to_it(acme: Directory, text: str) -> None:
    status, steps, _ = _plan(acme, text)
    assert status == "ready"
    assert sorted((s["action"], s["mailbox"], s["trustee"]) for s in steps) == [
        ("mailbox_delegation", "finance@acme.com", "tom.becker@acme.com"),
        ("send_as", "billing@acme.com", "tom.becker@acme.com"),
    ]


@pytest.mark.parametrize(
    ("text", "members"),
    [
        (
            "Please create a new distribution list, board-updates@acme.com, display name Board Updates, "
            "with Olivia Martin as the only member",
            ["olivia.martin@acme.com"],
        ),
        (
            "New DL board-updates@acme.com, display name Board Updates, with Olivia Martin and Priya "
            "Patel as its members",
            ["olivia.martin@acme.com", "priya.patel@acme.com"],
        ),
    ],
)
def test_people_said_to_be_a_new_lists_members_are_its_members(
    acme: Directory, text: str, members: list[str]
) -> None:
    status, steps, _ = _plan(acme, text)
    assert status == "ready"
    assert steps == [
        {
            "action": "distribution_list_lifecycle",
            "change": "create",
            "group": "board-updates@acme.com",
            "display_name": "Board Updates",
            "members": members,
        }
    ]


def test_someone_said_to_be_a_new_lists_owner_is_asked_never_made_a_member(acme: Directory) -> None:
    text = "Create a list board-updates@acme.com, display name Board Updates, with Olivia Martin as the owner"
    status, steps, _ = _plan(acme, text)
    assert (status, steps) == ("needs_clarification", [])


def _shares(steps: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(s["grantee"], s["access"]) for s in steps if s["action"] == "calendar_share"}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "Everyone on All Hands except me should be able to see my calendar, availability only",
            "availability_only",
        ),
        ("Everyone on All Hands except me should see my calendar - free/busy only", "availability_only"),
        (
            "Everyone on All Hands except me should be able to view my calendar: limited details",
            "limited_details",
        ),
    ],
)
def test_a_level_set_off_after_seeing_the_calendar_is_everyones(
    acme: Directory, text: str, level: str
) -> None:
    status, steps, _ = _plan(acme, text, OLIVIA)
    assert status == "ready"
    # All Hands without the one asking
    assert _shares(steps) == {
        (p, level) for p in ("priya.patel@acme.com", "david.chen@acme.com", "maria.garcia@acme.com")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Priya and David should see my calendar, David editor",  # a level of one of them
        "Priya and David should see my calendar, and David can edit",  # a verb of its own
        "Priya should see my calendar and David should edit it",
        "Priya and David should see my calendar, editor",  # more than seeing
    ],
)
def test_a_level_that_may_be_one_persons_is_still_asked(acme: Directory, text: str) -> None:
    status, steps, questions = _plan(acme, text, OLIVIA)
    assert (status, steps) == ("needs_clarification", [])
    assert "access" in questions


PRIYA = "priya.patel@acme.com"


def _message(acme: Directory, text: str, requester: str) -> tuple[str, str]:
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    return draft.status, draft.message


@pytest.mark.parametrize(
    "text",
    [
        "Set up a rule in my mailbox that moves anything from John Partner into a Partners folder",
        "move all mail from Vera Vendor into the Vendors folder",
        "create an inbox rule to file invoices from billing@acme.com",
    ],
)
def test_an_inbox_rule_is_not_understood_and_says_what_can_be_done(acme: Directory, text: str) -> None:
    status, message = _message(acme, text, PRIYA)
    assert status == "not_understood"
    assert "Inbox rules" in message
    assert "for example" in message  # the catalog's examples, to ask again with


def test_a_rule_that_forwards_is_still_forwarding(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Set up a rule to forward my mail to Tom Becker", PRIYA)
    assert status == "ready"
    assert [(s["action"], s["forward_to"]) for s in steps] == [
        ("email_forwarding_internal", "tom.becker@acme.com")
    ]


JOHN = "john@acme.com"


def test_the_one_covering_said_without_while_is_why_never_a_trustee(acme: Directory) -> None:
    text = "I need full access to the Billing mailbox for a week, I'm covering for Mike"
    status, steps, _ = _plan(acme, text, JOHN)
    assert status == "ready"
    assert steps == [
        {
            "action": "mailbox_delegation",
            "change": "grant",
            "mailbox": "billing@acme.com",
            "trustee": JOHN,
            "automapping": True,
            "expires": "2026-03-09T09:00:00Z",
        }
    ]


def test_the_one_covered_for_gets_only_what_is_asked_for_them(acme: Directory) -> None:
    # main also gave Mike the full access asked for the requester
    text = "I need full access to billing@acme.com, I'm covering for Mike, and Mike needs send as on it"
    status, steps, _ = _plan(acme, text, JOHN)
    assert status == "ready"
    assert sorted((s["action"], s["trustee"]) for s in steps) == [
        ("mailbox_delegation", JOHN),
        ("send_as", "mike.smith@acme.com"),
    ]
