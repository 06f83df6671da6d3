"""nlu120's classes (red team 68): what a request sets apart from a whole set, the exclusion and hold nets
scoped to what they were said of, titles set apart by dashes, and marks beside the parts of a checklist said
on one line. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner import excluded, held_parts, negation
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.mentions import find_mentions
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _grants(steps: list[dict[str, object]]) -> list[tuple[object, object]]:
    return sorted((s["trustee"], s["mailbox"]) for s in steps)


# ---- class 3: a title set apart by dashes or slashes ----


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee - Head of Sales - full access to Finance.",
        "Give Chris Lee – Head of Sales – full access to Finance.",
        "Give Chris Lee -- Head of Sales -- full access to Finance.",
        "Give Chris Lee / Head of Sales / full access to Finance.",
    ],
)
def test_a_title_between_dashes_is_no_target(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _grants(steps) == [("chris.lee@acme.com", "finance@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker full access to Finance - Chris Lee - Head of Sales",
        "Tom Becker full access to Finance – Chris Lee – Head of Sales",
        "Give Tom Becker full access to Finance - Chris Lee, Head of Sales",
        "Give Tom Becker full access to Finance / Chris Lee / Head of Sales",
    ],
)
def test_a_sign_off_with_its_title_on_the_request_line_grants_neither(acme: Directory, text: str) -> None:
    # the signer's title named Sales, and the signer was read as one more trustee: Chris got Finance and Sales
    steps = ready(acme, text, GRACE)
    assert _grants(steps) == [("tom.becker@acme.com", "finance@acme.com")]


def test_a_titled_name_inside_the_request_is_still_a_trustee(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker and Chris Lee - Head of Sales - full access to Finance.", GRACE)
    assert _grants(steps) == [
        ("chris.lee@acme.com", "finance@acme.com"),
        ("tom.becker@acme.com", "finance@acme.com"),
    ]


# ---- class 4: marks beside the parts of a checklist said on one line ----

ASKED = "Please give Tom Becker full access to Sales and Finance."


@pytest.mark.parametrize(
    ("marks", "planned"),
    [
        (" Finance ⏳ Sales ✅", "sales@acme.com"),
        (" Finance ✅ Sales ⏳", "finance@acme.com"),
        (" Finance ❌ Sales ✅", "sales@acme.com"),
        (" Finance ✔ Sales ☐", "finance@acme.com"),
        ("\nFinance ☑ Sales 🕒", "finance@acme.com"),
        ("\nFinance ✔️ Sales ⌛", "finance@acme.com"),
        (" Finance (pending) Sales ✅", "sales@acme.com"),
        ("\nFinance (approved) Sales (pending)", "finance@acme.com"),
        ("\nStatus: Finance ⏳, Sales ✅", "sales@acme.com"),
        # (a mark opening the line goes before its part)
        (" ✅ Finance ⏳ Sales", "finance@acme.com"),
    ],
)
def test_a_part_marked_pending_or_crossed_is_left_out(acme: Directory, marks: str, planned: str) -> None:
    steps = ready(acme, ASKED + marks, GRACE)
    assert _grants(steps) == [("tom.becker@acme.com", planned)]


def test_parts_all_ticked_are_all_planned(acme: Directory) -> None:
    steps = ready(acme, ASKED + " Finance ✅ Sales ✅", GRACE)
    assert _grants(steps) == [
        ("tom.becker@acme.com", "finance@acme.com"),
        ("tom.becker@acme.com", "sales@acme.com"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # (a mark between two parts, at neither end: whose it is cannot be told)
        ASKED + " Finance ⏳ Sales",
        ASKED + " Finance ✅ Sales",
        # (marks at both ends)
        ASKED + " ✅ Finance ⏳ Sales ✅",
        # (a part that is a whole request: which words the mark is of cannot be told)
        "Please give Tom Becker full access to Sales ✅ Finance ⏳",
    ],
)
def test_marks_whose_part_cannot_be_told_are_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


# ---- class 1: every shared mailbox but some ----

SHARED = {
    "support@acme.com",
    "sales@acme.com",
    "billing@acme.com",
    "hr@acme.com",
    "info@acme.com",
    "careers@acme.com",
    "finance@acme.com",
    "office@acme.co.uk",
}


@pytest.mark.parametrize(
    ("said", "apart"),
    [
        ("all shared mailboxes save HR", {"hr@acme.com"}),
        ("every shared mailbox but HR", {"hr@acme.com"}),
        ("all shared mailboxes, sparing HR", {"hr@acme.com"}),
        ("all shared mailboxes except HR", {"hr@acme.com"}),
        ("all shared mailboxes apart from HR and Finance", {"hr@acme.com", "finance@acme.com"}),
        ("all shared mailboxes other than HR", {"hr@acme.com"}),
        ("all shared mailboxes excluding HR", {"hr@acme.com"}),
        ("all shared mailboxes w/o Finance and HR", {"hr@acme.com", "finance@acme.com"}),
        ("all shared mailboxes but not hr@acme.com", {"hr@acme.com"}),
        (
            "all the shared mailboxes except HR, Finance and Billing",
            {"hr@acme.com", "finance@acme.com", "billing@acme.com"},
        ),
    ],
)
def test_every_shared_mailbox_but_some_plans_each_of_the_rest(
    acme: Directory, said: str, apart: set[str]
) -> None:
    # red team 68: "save HR" granted HR alone; nlu117 asked; "except HR" was not understood
    steps = ready(acme, f"Give Tom Becker full access to {said}.", GRACE)
    assert {s["trustee"] for s in steps} == {"tom.becker@acme.com"}
    assert sorted(s["mailbox"] for s in steps) == sorted(SHARED - apart)


def test_every_shared_mailbox_but_one_keeps_the_right_and_its_end(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker send as on every shared mailbox except Finance until Friday.", GRACE)
    assert {s["action"] for s in steps} == {"send_as"}
    assert all(s.get("expires") for s in steps)
    assert sorted(s["mailbox"] for s in steps) == sorted(SHARED - {"finance@acme.com"})


@pytest.mark.parametrize(
    "said",
    [
        # (matches nothing, several people, or no shared mailbox: what is left out is not known)
        "all shared mailboxes except Zork",
        "all shared mailboxes except Alex Kim",
        "all shared mailboxes except Tom Becker",
        "all shared mailboxes except Support, Sales, Billing, HR, Info, Careers, Finance and UK Office",
        # (more said of the one after "but": set apart, or only waiting? HR alone was granted)
        "all shared mailboxes but HR needs approval first",
    ],
)
def test_a_mailbox_set_apart_that_is_not_one_is_asked(acme: Directory, said: str) -> None:
    assert asks(acme, f"Give Tom Becker full access to {said}.", GRACE) == {"mailbox"}


# ---- class 2: the exclusion and hold nets, said of what their sentence names ----


@pytest.mark.parametrize(
    "text",
    [
        # (ASKED + "\nFinance ⏳", a status line of its own naming the part, now holds Finance, plans Sales:
        # test_nlu124_classes)
        "Give Tom Becker full access to Sales and Finance ⏳.\nGive Chris Lee full access to Finance.",
        # (a wait said inside the request's own sentence, and the part named with the access it is)
        "Give Tom Becker full access to Sales but wait on Finance.",
        "Give Tom Becker full access to Sales but wait on Finance. Give Chris Lee full access to Finance.",
        "Please give Tom Becker full access to Sales; his Finance access is pending. Also give Chris Lee "
        "full access to Finance.",
    ],
)
def test_a_held_part_granted_by_the_reading_is_still_asked(acme: Directory, text: str) -> None:
    # each of these granted Tom Finance before nlu120
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


def _draft(*grants: tuple[str, str]) -> Draft:
    return Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(action="mailbox_delegation", change="grant", params={"trustee": who, "mailbox": box})
            for who, box in grants
        ],
    )


def _nets(acme: Directory, draft: Draft, text: str) -> tuple[str, str]:
    me = resolve(acme, GRACE)
    with negation.one_request():
        mentions = find_mentions(text, acme, me, RulesPlanner()._names(acme))
        return (
            held_parts.held_done(draft, text, mentions, acme, me),
            excluded.set_apart_changed(draft, text, mentions, acme, me),
        )


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales and hold off on Finance. Give Chris Lee full access to "
        "Finance.",
        "Give Tom Becker full access to Sales, sparing Finance. Give Chris Lee full access to Finance.",
        "Give Chris Lee full access to Finance.\nGive Tom Becker full access to Sales, Finance pending.",
    ],
)
def test_a_hold_or_exclusion_is_said_of_its_own_sentence(acme: Directory, text: str) -> None:
    # a plan that leaves Tom's Finance out and gives Chris Finance, as the second sentence asks, is no plan
    # doing what the first sentence held or set apart (both nets read the whole text and asked)
    assert _nets(acme, _draft(("Tom Becker", "Sales"), ("Chris Lee", "Finance")), text) == ("", "")


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales and hold off on Finance. Give Chris Lee full access to "
        "Finance.",
        "Give Tom Becker full access to Sales, sparing Finance. Give Chris Lee full access to Finance.",
    ],
)
def test_the_person_the_sentence_names_is_still_held(acme: Directory, text: str) -> None:
    draft = _draft(("Tom Becker", "Sales"), ("Tom Becker", "Finance"), ("Chris Lee", "Finance"))
    assert any(_nets(acme, draft, text))


@pytest.mark.parametrize(
    "text",
    [
        # (a hold whose sentence names no one the plan changes is said of every part)
        "Give Tom Becker full access to Sales. Finance pending. Give Chris Lee full access to Finance.",
        "Give Tom Becker full access to Sales and Finance. Mike signed off on Sales only. Give Chris Lee "
        "full access to Finance.",
    ],
)
def test_a_hold_naming_no_one_changed_is_said_of_everyone(acme: Directory, text: str) -> None:
    held, _ = _nets(acme, _draft(("Tom Becker", "Sales"), ("Chris Lee", "Finance")), text)
    assert held


def test_a_request_with_no_hold_word_is_not_read_for_one(acme: Directory) -> None:
    assert not held_parts.may_hold("Give Tom Becker full access to Sales and Finance.")
    for said in (
        "Finance pending",
        "wait on Finance",
        "nvm Finance",
        "Finance ⏳",
        "- [ ] Finance",
        "signed off",
    ):
        assert held_parts.may_hold(said), said
