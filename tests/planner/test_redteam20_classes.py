"""Red team 20's wrong ready plans in the batch 12 classes, each with wordings of its own (the corpus holds
the originals, in its "red team 20" section).

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, in_role, ready
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give everyone in Contractors except Mia Novak and Ethan Park full access to info@acme.com",
        "Add all the Contractors to Engineering except Mia Novak and Ethan Park",
        "Give all members of Contractors, apart from Mia Novak & Ethan Park, send as on info@acme.com",
    ],
)
def test_every_one_of_the_people_set_apart_is_left_out(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert in_role(steps, "trustee") | in_role(steps, "member") == {"lucas.rossi@acme.com"}


def test_a_name_set_apart_that_the_set_does_not_hold_is_asked(acme: Directory) -> None:
    # Tom is no Contractor: "except Mia and Tom" was misread somewhere, even though Mia matched
    asks(acme, "Give all the Contractors except Mia Novak and Tom Becker send as on info@acme.com", GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Rachel Green send as on billing@acme.com, Mike Smith approved it for the next 3 days",
        "Give Rachel Green send as on billing@acme.com - Mike Smith signed off on it till Friday",
        "Give Rachel Green send as on billing@acme.com - Mike Smith is ok with it",
        "Give Rachel Green send as on billing@acme.com - Mike Smith agreed to it",
    ],
)
def test_an_approver_is_never_a_trustee_whatever_follows_the_claim(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert in_role(steps, "trustee") == {"rachel.green@acme.com"}


def test_an_end_said_after_the_approver_is_the_access_end(acme: Directory) -> None:
    _, steps, _ = plan_in_order(
        acme, "Give Rachel Green send as on billing@acme.com - Mike Smith approved it until Friday", GRACE
    )
    assert [s.get("expires") for s in steps] == ["2026-03-07T00:00:00Z"]


def test_a_pronoun_after_an_approver_is_asked(acme: Directory) -> None:
    # "she" may be Rachel or the approver: the directory holds no genders
    status, steps, questions = plan_in_order(
        acme,
        "Give Rachel Green send as on billing@acme.com. Mike Smith OK'd it, and she needs full access too",
        GRACE,
    )
    assert (status, steps, questions) == ("needs_clarification", [], ["trustee"])


@pytest.mark.parametrize(
    "text",
    [
        "Add Ken Adams to all-sales, don't add him yet",
        "Ken Adams wants to join all-sales, but don't add him",
        "Give Tom Becker full access to billing@acme.com, but never give him that",
    ],
)
def test_a_change_taken_back_with_a_pronoun_is_asked_never_made(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    ["Let Tom Becker see when she is free", "Tom Becker needs to know whether he is available, free/busy"],
)
def test_whose_time_said_with_a_pronoun_is_asked_never_the_requesters_calendar(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["owner"])


@pytest.mark.parametrize(
    "text",
    [
        "Maria Garcia is back. Share Olivia Martin's calendar with her assistant.",
        "Olivia Martin's calendar is already shared with Maria Garcia. Also share it with her manager.",
    ],
)
def test_her_before_a_role_is_whose_role_never_the_person(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["grantee"])


@pytest.mark.parametrize(
    "text",
    [
        "Make helpdesk@acme.com primary on Support and remove support@acme.com from Tom Becker's mailbox",
        "Make helpdesk@acme.com primary on Support and remove support@acme.com from the Sales mailbox",
        "Make helpdesk@acme.com the primary address of Support and remove the old one next week",
    ],
)
def test_the_old_primary_is_never_dropped_for_a_removal_elsewhere_or_later(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert all(s.get("keep_old") is not False for s in steps)


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Create a list called Ops [EMEA with Ken Adams", "display_name"),
        ("Create a new DL called Ops (EMEA, with Ken Adams in it", "display_name"),
        ("Create a list called Ops (Ava Johnson) with Ken Adams", "members"),
    ],
)
def test_a_new_lists_name_torn_or_read_twice_is_asked(acme: Directory, text: str, about: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], [about])


@pytest.mark.parametrize(
    "text",
    [
        "Add all the Contractors to Engineering, but not Lucas Rossi until Friday",
        "Give everyone in Contractors send as on info@acme.com except Mia Novak until next week",
    ],
)
def test_someone_left_out_until_a_time_is_asked_never_planned_without_them(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["expires"])


def test_what_the_one_set_apart_gets_instead_is_asked_never_dropped(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme,
        "Give everyone in Contractors full access to info@acme.com except Mia Novak - she needs send as",
        GRACE,
    )
    assert (status, steps) == ("needs_clarification", [])


@pytest.mark.parametrize(
    "text",
    [
        "Olivia Martin's calendar is already shared with Maria Garcia. Share it with Ken Adams instead.",
        "Priya Patel's calendar is currently shared with Ava Johnson. Revoke that, share it with Emma.",
    ],
)
def test_a_share_said_to_exist_then_replaced_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["scope"])


def test_a_share_said_to_exist_then_widened_is_still_planned(acme: Directory) -> None:
    steps = ready(
        acme,
        "My calendar is already shared with Tom Becker. Please also share it with Ken Adams as reviewer.",
        GRACE,
    )
    assert in_role(steps, "grantee") == {"ken.adams@acme.com"}


def test_a_role_of_a_pronouns_person_is_asked(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "Add Ken Adams to all-sales and add his manager too", GRACE)
    assert (status, steps) == ("needs_clarification", [])


def test_a_name_listed_after_a_comma_is_set_apart_too(acme: Directory) -> None:
    steps = ready(acme, "Add all the Contractors to Engineering, except Mia Novak, Ethan Park", GRACE)
    assert in_role(steps, "member") == {"lucas.rossi@acme.com"}
