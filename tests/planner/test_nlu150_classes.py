"""nlu150's classes (red team 78 H4, M1, M2 and the calendar questions left from H1): a him/herself said after
the one writing is cut as the one asking is never given to someone else (asked); an unknown second spaced
"all ..." list is never dropped from a ready plan; a calendar question with a level, checked or removed after
or put as "is it possible that X can see ...", is never a share. Planned against the Acme directory."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIKE = "mike.smith@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Connor is writing to give Mike full access to billing and herself send as",
        "Sarah Connor is writing to give Mike and herself send as on billing",
        "Mike Smith is writing to give Jane and himself send as on billing",
    ],
)
def test_writers_own_part_is_asked_never_given_to_another(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification", (status, steps)
    assert "trustee" in questions
    assert not [s for s in steps if s.get("change") == "grant"]


@pytest.mark.parametrize(
    "text", ["Add Mike to all sales and all marketing", "Remove Tom from all sales and all finance"]
)
def test_unknown_second_spaced_list_is_not_dropped_from_a_ready_plan(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready", steps


def test_a_known_second_list_still_plans(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Add Mike to all sales and marketing", GRACE)
    assert status == "ready"
    assert {s["group"] for s in steps} == {"all-sales@acme.com", "marketing@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Can Mike see my calendar with full details? If so, remove him",
        "Is it possible that Mike can see my calendar with full details?",
        "Is it possible that Tom can still see my calendar with limited details?",
    ],
)
def test_a_checked_calendar_question_is_never_a_share(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert not [s for s in steps if s["action"] == "calendar_share"], steps
    assert [s for s in steps if s["action"] == "view_calendar_permissions"]


def test_a_polite_request_that_you_could_still_plans(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Is it possible that you could give Mike full access to billing?", GRACE)
    assert status == "ready"
    assert [(s["action"], s["trustee"]) for s in steps] == [("mailbox_delegation", MIKE)]


def test_a_trustees_own_mailbox_fine_as_is_takes_nothing_back(acme: Directory) -> None:
    text = "Give Jane and Mike full access to billing. Mike's mailbox is fine as is"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready" or MIKE in {s["trustee"] for s in steps}, steps
