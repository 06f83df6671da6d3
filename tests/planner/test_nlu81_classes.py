"""nlu81's classes (red team 52, C, F and G1), beyond the corpus.yaml and negation.yaml entries: one copied
in ("cc Olivia", "fyi David", any case, no comma needed) or said to approve ("- David Chen approves") is a
bystander, never a target; a ticket's status, update or comment saying the request is cancelled, on hold,
withdrawn or a duplicate plans nothing, and one that corrects it is read as a correction. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
TOM = "tom.becker@acme.com"


def _people(steps: list[dict[str, Any]]) -> set[str]:
    return {str(s.get("trustee") or s.get("member") or s.get("grantee")) for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma send as on info@acme.com cc Olivia",
        "Give Emma send as on info@acme.com CC Olivia",
        "Give Emma send as on info@acme.com cc: Olivia Martin",
        "Give Emma send as on info@acme.com fyi Olivia",
        "Give Emma send as on info@acme.com bcc Olivia Martin",
    ],
)
def test_one_copied_in_without_a_comma_gets_nothing(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _people(steps) == {EMMA}
    assert [s["action"] for s in steps] == ["send_as"]


@pytest.mark.parametrize(
    "text",
    [
        "Please add Emma to Contractors - David Chen approves",
        "Please add Emma to Contractors, David Chen approved",
        "Please add Emma to Contractors; David has signed off on it",
    ],
)
def test_an_approver_is_not_added(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _people(steps) == {EMMA}


def test_two_people_joined_by_and_are_still_both_added(acme: Directory) -> None:
    steps = ready(acme, "Please add Emma and David Chen to Contractors", GRACE)
    assert _people(steps) == {EMMA, "david.chen@acme.com"}


@pytest.mark.parametrize(
    "update",
    [
        "Status: cancelled",
        "Status: On Hold",
        "---\nUpdate: hold off on this one",
        "---\nComment (Sarah Connor): please cancel",
        "> Update: not needed anymore",
        "Ticket updated: requester withdrew",
        "Resolution: duplicate, no action",
        "Status: withdrawn by requester",
    ],
)
def test_a_ticket_line_that_stops_the_request_plans_nothing(acme: Directory, update: str) -> None:
    status, steps, _ = plan_of(acme, f"Give Tom send as on support\n{update}", GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize("update", ["Status: approved", "Status: open", "Update: manager approved"])
def test_a_ticket_line_that_stops_nothing_leaves_the_request(acme: Directory, update: str) -> None:
    assert ready_tuples(acme, f"Give Tom send as on support\n{update}", GRACE, "action", "trustee") == [
        ("send_as", TOM)
    ]


def test_a_ticket_update_correcting_the_right_replaces_it(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Give Tom send as on support\n---\nUpdate: not send as, send on behalf",
        GRACE,
        "action",
        "trustee",
    ) == [("send_on_behalf", TOM)]


def test_cancel_of_one_part_in_an_update_is_not_read_as_the_whole_ticket_stopped(acme: Directory) -> None:
    # "cancel the send as" takes back a part: never a ready plan holding the send as
    status, steps, _ = plan_of(
        acme, "Give Tom send as and full access on support\nUpdate: cancel the send as", GRACE
    )
    assert not any(s["action"] == "send_as" for s in steps) or status != "ready"


@pytest.mark.parametrize(
    "text",
    [
        "Emma needs to reply from support@acme.com on behalf of the team",
        "Emma needs to send from support@acme.com on behalf of the team",
        "Emma should reply from support@acme.com on behalf of us",
    ],
)
def test_on_behalf_of_the_team_is_not_the_send_on_behalf_right(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "trustee") == [("send_as", EMMA)]


def test_send_on_behalf_of_a_mailbox_is_still_the_right(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Emma needs to send on behalf of support@acme.com", GRACE, "action", "trustee"
    ) == [("send_on_behalf", EMMA)]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom the same access Chris has on support",
        "Give Tom the same access as Chris on support",
        "Give Tom the same permissions that Chris Lee has on support@acme.com",
    ],
)
def test_the_model_of_a_copy_is_never_given_it(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, requester="sarah@acme.com")
    assert "chris.lee@acme.com" not in _people(steps)
    assert status == "needs_clarification"
    assert about == {"scope"}


def test_a_note_under_the_request_is_read_as_its_own_words(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Give Tom full access to support@acme.com\nNote: no automapping please",
        GRACE,
        "trustee",
        "automapping",
    ) == [(TOM, False)]


def test_not_needed_for_one_person_does_not_stop_the_ticket(acme: Directory) -> None:
    # one person taken out is no cancelled ticket: never "not understood" for the whole of it, never Chris
    status, steps, _ = plan_of(
        acme, "Give Tom and Chris send as on support\nUpdate: not needed for Chris", GRACE
    )
    assert "chris.lee@acme.com" not in _people(steps)
    assert status != "not_understood"
