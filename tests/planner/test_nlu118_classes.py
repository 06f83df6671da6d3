"""nlu118's classes: three held-out survivors merging nlu117 made fail (a forwarded mail's "To: Jane Doe"
read as an end, "DELETE LIST ..." read as a list named DELETE, a subject's "Liam - forwarding" read as a
title running on to the next line). Planned and resolved against the Acme directory at the corpus's "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
SALES = "Please give Tom Becker full access to Sales.\n\n"


@pytest.mark.parametrize(
    "header",
    [
        "---------- Forwarded message ----------\nFrom: Priya Patel\nTo: Jane Doe\nTom needs it.",
        "---------- Forwarded message ----------\nFrom: Mike Smith\nTo: Mark Jones\nTom needs it.",
        "From: Mike Smith\nTo: June Lee <june.lee@example.com>\nSubject: access",
        "From: Mike Smith\nTo: Sunil Rao\nSubject: access",
        "From: Mike Smith\nTo: Frida Holm\nSubject: access",
    ],
)
def test_a_to_line_naming_a_person_is_a_mail_header_never_an_end(acme: Directory, header: str) -> None:
    status, steps, questions = plan_of(acme, SALES + header, GRACE)
    assert "expires" not in questions
    assert status == "ready"
    assert [(s.get("mailbox"), s.get("trustee"), s.get("expires")) for s in steps] == [
        ("sales@acme.com", "tom.becker@acme.com", None)
    ]


def test_the_forwarded_request_under_a_to_line_naming_a_person_is_planned(acme: Directory) -> None:
    text = (
        "Subject: FW: spring campaign\n\nIT - please add Emma Wilson to the Marketing list.\n\nJane\n\n"
        "---------- Forwarded message ----------\nFrom: Priya Patel\nTo: Jane Doe\n"
        "Emma will help you with the spring campaign. Liam and Noah stay on sales only.\n"
    )
    assert ready_tuples(acme, text, "jane.doe@acme.com", "action", "group", "member") == [
        ("distribution_list_membership", "marketing@acme.com", "emma.wilson@acme.com")
    ]


@pytest.mark.parametrize(
    "end",
    ["To: Thurs", "To: Weds", "To: Sept 30", "To: June 5", "To: Friday Evening", "From: Mike Smith\nTo: Fri"],
)
def test_a_to_line_naming_a_day_or_month_is_still_never_a_grant_for_good(acme: Directory, end: str) -> None:
    status, steps, questions = plan_of(acme, "Give Tom Becker full access to Sales.\n" + end, GRACE)
    if status == "ready":
        assert steps
        assert all("expires" in s for s in steps)
    else:
        assert (status, questions) == ("needs_clarification", {"expires"})


@pytest.mark.parametrize(
    "text",
    [
        "DELETE LIST marketing@acme.com ASAP",
        "DELETE LIST marketing@acme.com",
        "DELETE GROUP marketing@acme.com now",
    ],
)
def test_a_change_verb_in_capitals_before_list_is_the_verb_never_a_list_name(
    acme: Directory, text: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "group") == [
        ("distribution_list_lifecycle", "delete", "marketing@acme.com")
    ]


def test_a_department_in_capitals_before_list_is_still_a_list_name(acme: Directory) -> None:
    # (nlu115: "IT" before "list" names a department's list, never the pronoun; unknown, it is asked)
    status, steps, questions = plan_of(acme, "Please add Ava Johnson to the IT list", GRACE)
    assert status == "needs_clarification"
    assert "group" in questions
    assert not any(s.get("group") == "marketing@acme.com" for s in steps)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "From: Priya Patel <priya.patel@acme.com>\nTo: IT Helpdesk\nSubject: Liam - forwarding\n\n"
            "Hi team, Liam Brown is on paternity leave from today. Could you forward his mail to Emma Wilson "
            "and keep a copy in his mailbox?\n\nThanks,\nPriya\nVP Sales | Acme Corporation\n"
            "m: +44 7700 900123\n",
            ("email_forwarding_internal", "liam.brown@acme.com", "emma.wilson@acme.com"),
        ),
        (
            "Subject: Noah - access\n\nHi team, give Noah Davis full access to billing@acme.com",
            ("mailbox_delegation", "billing@acme.com", "noah.davis@acme.com"),
        ),
        (
            "Subject: Liam - Sales team\n\nGive Liam Brown full access to billing@acme.com",
            ("mailbox_delegation", "billing@acme.com", "liam.brown@acme.com"),
        ),
        (
            "Hi team, please give Emma Wilson full access to sales@acme.com.\n\nThanks,\nPriya\n"
            "VP Sales | Acme Corporation\nm: +44 7700 900123",
            ("mailbox_delegation", "sales@acme.com", "emma.wilson@acme.com"),
        ),
    ],
)
def test_a_title_after_a_dash_stays_on_its_line(
    acme: Directory, text: str, want: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["mailbox"], s.get("trustee") or s.get("forward_to")) for s in steps] == [want]


def test_a_team_set_off_by_dashes_on_the_line_is_still_asked(acme: Directory) -> None:
    status, _, questions = plan_of(acme, "Give Chris Lee - Sales Team - full access to Finance.", GRACE)
    assert status == "needs_clarification"
    assert "trustee" in questions
