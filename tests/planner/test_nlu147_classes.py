"""nlu147's classes (harms found beside session 22's work): the one asking is never whom a change is for,
whether their team is said in brackets after their name or they are said to be writing; someone told of after
a dash (what they did, or something of theirs said to be fine as it is) is never granted; a length set on
someone else is asked; a list's spaced name before "and" is never dropped; and a move into a team is no
mailbox grant. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
MARIA = "maria.garcia@acme.com"
AVA = "ava.johnson@acme.com"
RACHEL = "rachel.green@acme.com"
ATLAS = "project-atlas@acme.com"
ALL_SALES = "all-sales@acme.com"
MARKETING = "marketing@acme.com"
SALES = "sales@acme.com"


def _whom(step: dict[str, str]) -> str:
    return step.get("member") or step.get("trustee") or ""


@pytest.mark.parametrize(
    ("text", "who", "group"),
    [
        ("Maria Garcia (HR) wants Grace Hopper added to Project Atlas", GRACE, ATLAS),
        ("Maria Garcia from HR wants Grace Hopper added to Project Atlas", GRACE, ATLAS),
        ("Maria Garcia, HR, wants Grace Hopper added to Project Atlas", GRACE, ATLAS),
        ("Tom Becker (Sales) wants Ava Johnson added to all-sales", AVA, ALL_SALES),
        (
            "Maria Garcia (HR) is asking on behalf of Olivia Martin to add Grace Hopper to Project Atlas",
            GRACE,
            ATLAS,
        ),
    ],
)
def test_the_one_asking_with_their_team_in_brackets_is_not_added(
    acme: Directory, text: str, who: str, group: str
) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("ready", set())
    assert [(s["group"], _whom(s)) for s in steps] == [(group, who)]


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Connor is writing to give Rachel Green full access to finance@",
        "Sarah Connor writes to give Rachel Green full access to finance@acme.com",
        "Sarah Connor wrote in to ask that Rachel Green get full access to finance@acme.com",
    ],
)
def test_the_writer_is_not_granted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {_whom(s) for s in steps} == {RACHEL}


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Connor here, writing to give Rachel Green full access to finance@",
        "Sarah Connor here - writing to give Rachel Green full access to finance@",
    ],
)
def test_a_writer_named_as_someone_else_is_asked_never_granted(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], {"trustee"})


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@ - Mike declined the meeting, unrelated",
        "Give Tom full access to sales@ - mike declined the invite",
        "Give Tom full access to sales@ - Mike set up the mailbox two weeks ago",
        "give tom full access to sales@ - mike set it up last week fyi",
        "Give Tom full access to sales@ - Ava limited Mike to a week",
        "Add Tom to all-sales - Emma's mailbox is fine as is",
        "Add Tom to all-sales - Emma is fine as is",
        "Give Tom full access to sales@ - Emma's mailbox is fine as is",
    ],
)
def test_someone_told_of_after_a_dash_is_never_given_anything(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert {_whom(s) for s in steps} <= {TOM}


def test_a_length_set_on_someone_else_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_of(
        acme, "Give Tom full access to sales@ - Ava limited Mike to a week", GRACE
    )
    assert (status, steps, questions) == ("needs_clarification", [], {"expires"})


def test_a_length_set_on_the_grant_is_its_end(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom full access to sales@ - Ava limited it to a week", GRACE)
    assert status == "ready"
    assert [(_whom(s), s.get("expires")) for s in steps] == [(TOM, "2026-03-09T09:00:00Z")]


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom to all-sales - Emma's mailbox is fine as is",
        "Add Tom to all-sales, Emma's mailbox is fine as is",
        "Add Tom to all-sales - Emma is fine as is",
    ],
)
def test_someone_fine_as_is_is_left_alone_and_the_rest_planned(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["group"], _whom(s)) for s in steps] == [(ALL_SALES, TOM)]


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        (
            "put Tom Becker on all sales and give him send as on sales@",
            {("distribution_list_membership", ALL_SALES), ("send_as", SALES)},
        ),
        (
            "remove Tom Becker from all sales and marketing",
            {("distribution_list_membership", ALL_SALES), ("distribution_list_membership", MARKETING)},
        ),
        (
            "remove Tom Becker from marketing and all sales",
            {("distribution_list_membership", ALL_SALES), ("distribution_list_membership", MARKETING)},
        ),
        ("put Tom Becker on all sales", {("distribution_list_membership", ALL_SALES)}),
    ],
)
def test_a_list_named_with_spaces_before_and_is_kept(
    acme: Directory, text: str, planned: set[tuple[str, str]]
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {(s["action"], s.get("group") or s.get("mailbox")) for s in steps} == planned
    assert {_whom(s) for s in steps} == {TOM}


@pytest.mark.parametrize(
    ("requester", "text"),
    [
        (TOM, "Move me into Support please"),
        (TOM, "Move me into the Support team please"),
        (GRACE, "Move Tom into Support please"),
    ],
)
def test_a_move_into_a_team_grants_no_mailbox(acme: Directory, requester: str, text: str) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status != "ready"
    assert steps == []


def test_letting_someone_into_a_mailbox_still_grants_it(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "let me into billing please", TOM)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", "billing@acme.com", TOM)
    ]
