"""nlu89's classes (red team 55, class 3), beyond the corpus entries: a plan acts on the person, the thing
and the right the request named. A department said beside a name cut short chooses whom ("Chris (Finance)"
is Christine Lee), never a second mailbox; a team's SharePoint or Teams channel is no mailbox; a shared
mailbox is no team of people; "read access" is no mailbox right; each person's right in brackets is
theirs; "the same ... as" someone is asked; a move takes the access from its owner, and said with a time is
asked; a forwarded "approval" under an employee's own request adds nothing. Planned and resolved against the
Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Give Chris (Finance) access to Billing", "christine.lee@acme.com"),
        ("Give Chris in Finance send as on Billing", "christine.lee@acme.com"),
        ("Give Chris access to Billing - the Finance one", "christine.lee@acme.com"),
        ("Give Chris (Support) access to Billing", "chris.lee@acme.com"),
        ("Give Chris access to Billing", "chris.lee@acme.com"),
    ],
)
def test_a_department_beside_a_short_name_chooses_whom(acme: Directory, text: str, meant: str) -> None:
    assert ready_tuples(acme, text, GRACE, "mailbox", "trustee") == [("billing@acme.com", meant)]


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [("Give Chris Finance access", "finance@acme.com"), ("Give Chris Support send as", "support@acme.com")],
)
def test_a_departments_word_right_after_a_name_is_the_mailbox(
    acme: Directory, text: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "mailbox", "trustee") == [(mailbox, "chris.lee@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee in Finance access to Billing",
        "Give Chris Lee (Finance) send as on Billing",
        "Give Tom access to Billing - the Finance one",
        "Give Ken access to Support - the Billing one",
    ],
)
def test_a_department_no_one_said_fits_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in about
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma access to the Sales SharePoint",
        "Give Emma access to the Sales Teams channel",
        "Give Emma access to the Support shared drive",
        "Give Emma access to the Billing site",
        "Give Emma access to Priya's OneDrive",
    ],
)
def test_a_teams_thing_is_no_mailbox(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert not steps


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Share Priya's calendar with the whole Sales team, read only", "grantee"),
        ("Share Priya's calendar with the entire Support team as reviewer", "grantee"),
        ("Add the whole Sales team to all-hands", "member"),
    ],
)
def test_a_shared_mailbox_is_no_team_of_people(acme: Directory, text: str, slot: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert slot in about
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Emma needs read access to Sales",
        "Give Emma read rights on the Billing mailbox",
        "Emma wants view access to Info",
    ],
)
def test_read_access_to_a_mailbox_is_not_full_access(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert not steps


def test_read_access_to_a_calendar_is_reviewer(acme: Directory) -> None:
    steps = ready(acme, "Give Emma read access to Priya's calendar", GRACE)
    assert [s["access"] for s in steps] == ["reviewer"]


def test_each_persons_right_in_brackets_is_never_one_right_for_all(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Mike's mailbox: Jane (full), Rachel (send as)", GRACE)
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Give Noah the same Sales access as Liam",
        "Give Tom the same forwarding as Careers",
        "Give Emma the same Billing rights that Rachel has",
    ],
)
def test_the_same_as_someone_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    "text", ["Move Christine's Billing access to Rachel", "Christine's Billing access should move to Rachel"]
)
def test_a_move_takes_the_access_from_its_owner(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted((s["change"], s["trustee"]) for s in steps) == [
        ("grant", "rachel.green@acme.com"),
        ("revoke", "christine.lee@acme.com"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Christine's Billing access should move to Rachel at the end of the month",
        "Move Christine's send as on Billing to Rachel next Friday",
    ],
)
def test_a_move_with_a_time_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not steps


def test_a_forwarded_approval_adds_nothing_to_an_employees_own_request(acme: Directory) -> None:
    text = (
        "Give me access to Support.\n\n--- Forwarded message ---\nFrom: Sarah Connor\n"
        "Approved, also give Tom send as on Support and Billing"
    )
    assert ready_tuples(acme, text, TOM, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "support@acme.com", TOM)
    ]


def test_an_audit_a_change_lasts_for_is_no_report(acme: Directory) -> None:
    status, steps, about = plan_of(acme, "Give Ken access to Info until the audit is done", GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert not steps


def test_someones_rights_given_to_another_are_a_copy_never_a_read(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Give Emma Ava's calendar permissions on Priya's calendar, until Friday", GRACE
    )
    assert status == "needs_clarification"
    assert not steps
    steps = ready(acme, "Give me a list of Priya's calendar permissions", GRACE)
    assert [s["action"] for s in steps] == ["view_calendar_permissions"]


@pytest.mark.parametrize(
    "text",
    [
        "Share my calendar with Chris Lee as editor until Friday, and remove Tom Becker from it",
        "Give Rachel full access to Billing until Friday and remove Christine's full access to it",
    ],
)
def test_an_end_said_with_a_hand_over_is_the_new_holders_end(acme: Directory, text: str) -> None:
    # nlu85's negation case was asked as "a move at a time" after nlu89: "until Friday" is an end, not when
    status, steps, _ = plan_of(acme, text, "noah.davis@acme.com")
    assert status == "ready", steps
    assert [s["change"] for s in steps] == ["grant", "revoke"]
    assert steps[0]["expires"] == "2026-03-07T00:00:00Z"
