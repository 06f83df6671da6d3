"""nlu123's classes (the misses of held-out batch 45). Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
JANE = "jane.doe@acme.com"
AVA = "ava.johnson@acme.com"

SIGNED = (
    "Hi team,\n\nPlease give Ava Johnson send as on the Info mailbox - {why}.\n\nThanks,\nJane Doe\n"
    "Marketing Manager | Acme Corporation\n"
)


@pytest.mark.parametrize(
    "why",
    [
        "she's taking over the website enquiries from me",
        "she's taking over from me",
        "she's picking up the enquiries from Tom Becker",
    ],
)
def test_the_one_work_passes_from_is_never_granted(acme: Directory, why: str) -> None:
    assert ready_tuples(acme, SIGNED.format(why=why), JANE, "action", "trustee", "mailbox") == [
        ("send_as", AVA, "info@acme.com")
    ]


def test_the_one_work_is_handed_to_is_not_removed_with_the_requester(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Remove my send as on the Info mailbox - I'm handing over to Ava Johnson.",
        JANE,
        "change",
        "trustee",
    ) == [("revoke", JANE)]


@pytest.mark.parametrize(
    "text",
    [
        # on a grant, the one handed to may need it too
        "Please give Ava Johnson send as on the Info mailbox - she's handing over to me.",
        # someone named taking over may be one more person
        "Please give Ava Johnson send as on the Info mailbox - Tom Becker is taking over the enquiries from "
        "me.",
    ],
)
def test_a_handover_that_may_name_one_more_asks(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, JANE)
    assert status == "needs_clarification"
    assert JANE not in {s.get("trustee") for s in steps}


def test_someone_told_away_is_no_one_more_trustee(acme: Directory) -> None:
    text = (
        "i need send as on helpdesk@acme.com too, chris is off and the escalation replies have to come from "
        "the support address"
    )
    assert ready_tuples(acme, text, "tom.becker@acme.com", "trustee", "mailbox") == [
        ("tom.becker@acme.com", "support@acme.com")
    ]


def test_a_need_joined_on_after_the_absence_still_asks(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme,
        "give me full access to helpdesk@acme.com, chris is off and he needs it too",
        "tom.becker@acme.com",
    )
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "text",
    [
        "please remove my full access to the finance mailbox, I only need send on behalf now",
        "please remove my full access to the finance mailbox - I just need send on behalf",
    ],
)
def test_the_one_right_still_needed_is_kept_not_asked(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, "christine.lee@acme.com", "action", "change") == [
        ("mailbox_delegation", "revoke")
    ]


@pytest.mark.parametrize(
    ("text", "requester", "change"),
    [
        (
            "please add me to All Hands, I'm not getting the company announcements",
            "noah.davis@acme.com",
            "add",
        ),
        ("can you take me off external-contractors? i was added by mistake", "alex.kim@acme.com", "remove"),
    ],
)
def test_a_reason_clause_raises_no_question(acme: Directory, text: str, requester: str, change: str) -> None:
    assert ready_tuples(acme, text, requester, "change", "member") == [(change, requester)]


def test_a_reason_never_adds_a_read(acme: Directory) -> None:
    text = "Add Grace Hopper to the Finance Team security group, she's running the access audit"
    steps = ready(acme, text, GRACE)
    assert [s["action"] for s in steps] == ["distribution_list_membership"]


@pytest.mark.parametrize(
    ("text", "requester", "expected"),
    [
        (
            "which mailboxes can I get into? a delegation report would be great",
            AVA,
            [{"action": "delegation_report", "change": "read", "trustee": AVA}],
        ),
        (
            "What's the reason Christine Lee has send on behalf on the Finance mailbox?",
            GRACE,
            [
                {
                    "action": "access_report",
                    "change": "read",
                    "mailbox": "finance@acme.com",
                    "person": "christine.lee@acme.com",
                }
            ],
        ),
        (
            "how come i'm a member of all-sales? who added me",
            "sam.taylor@acme.co.uk",
            [
                {
                    "action": "access_report",
                    "change": "read",
                    "group": "all-sales@acme.com",
                    "person": "sam.taylor@acme.co.uk",
                }
            ],
        ),
    ],
)
def test_one_read_for_one_question(
    acme: Directory, text: str, requester: str, expected: list[dict[str, str]]
) -> None:
    assert ready(acme, text, requester) == expected


LEAVER = (
    "ITSD-5120: Leaver - Lucas Rossi\nReporter: David Chen\nAssignee: Ken Adams\nDescription:\n"
    "Lucas's contract ends on 13 March. Please remove him from Contractors and Engineering, and forward his "
    "mail to Mia Novak.\n"
)


def test_a_leavers_last_day_is_no_end_of_the_forwarding(acme: Directory) -> None:
    steps = ready(acme, LEAVER, GRACE)
    assert [s["action"] for s in steps] == [
        "distribution_list_membership",
        "distribution_list_membership",
        "email_forwarding_internal",
    ]
    assert all("expires" not in s for s in steps)


def test_mail_sent_on_is_a_forwarding(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Please send Sam Taylor's incoming mail on to Noah Davis",
        GRACE,
        "action",
        "mailbox",
        "forward_to",
    ) == [("email_forwarding_internal", "sam.taylor@acme.co.uk", "noah.davis@acme.com")]
    assert asks(acme, "Please send Sam Taylor's incoming mail on to Alex", GRACE) == {"forward_to"}
