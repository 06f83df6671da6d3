"""nlu44's classes, beyond the corpus entries: the neighbours of each class that must keep their plan or
their question. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_in_order

SAM = "sam.taylor@acme.co.uk"


@pytest.mark.parametrize(
    "text",
    [
        "Stop forwarding my mail, I'm back in the office",
        "Stop forwarding my mail, I have returned to the office",
        "Turn off my forwarding, I'm back at the office now",
    ],
)
def test_back_in_the_office_is_where_the_requester_is_not_the_office_mailbox(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, SAM)
    assert (status, questions) == ("ready", [])
    assert steps == [
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": SAM, "keep_copy": False}
    ]


@pytest.mark.parametrize(
    "text",
    ["Give Tom Becker full access to office", "Give Tom Becker full access to the office mailbox"],
)
def test_the_office_mailbox_named_outside_the_idiom_is_still_the_mailbox(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["mailbox"] for s in steps] == ["office@acme.co.uk"]


def test_mail_sent_back_to_the_office_is_never_dropped_silently(acme: Directory) -> None:
    # "back to the office" names where the mail goes: never read as the idiom, so never a plan without it
    status, steps, _ = plan_in_order(acme, "Forward my mail back to the office", SAM)
    assert status != "ready" or any(s.get("forward_to") == "office@acme.co.uk" for s in steps)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("pull the member list for all-sales", "all-sales@acme.com"),
        ("Pull the membership report for Finance Team", "finance-team@acme.com"),
    ],
)
def test_pulling_a_member_list_reads_it(acme: Directory, text: str, group: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("ready", [{"action": "list_group_members", "change": "read", "group": group}])


def test_pulling_someone_from_a_list_still_removes_them(acme: Directory) -> None:
    assert ready(acme, "Pull Tom Becker from all-sales", GRACE) == [
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "all-sales@acme.com",
            "member": "tom.becker@acme.com",
        }
    ]


def test_someone_elses_part_done_by_name_is_still_asked_about(acme: Directory) -> None:
    # ", Ken Adams's part is done" may mean Ken leaves too: never cut as a reason, never a plan without him
    asks(acme, "Remove Tom Becker from Project Phoenix, Ken Adams part is done", GRACE)


def test_my_part_is_done_is_why_i_leave(acme: Directory) -> None:
    assert ready(acme, "Take me off Project Phoenix, my part's done now", "jane.doe@acme.com") == [
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "project-phoenix@acme.com",
            "member": "jane.doe@acme.com",
        }
    ]


KEN = "ken.adams@acme.com"


def test_a_read_passed_on_is_never_a_grant_to_the_requester(acme: Directory) -> None:
    steps = ready(acme, "Grace asked me to show who has send as on support@acme.com", KEN)
    assert all(s["change"] == "read" for s in steps)
    assert steps == [{"action": "view_send_as_permissions", "change": "read", "mailbox": "support@acme.com"}]


@pytest.mark.parametrize(
    ("text", "wanting"),
    [
        ("Grace needs full access to billing@acme.com", "grace.hopper@acme.com"),
        ("Olivia Martin needs full access to billing@acme.com", "olivia.martin@acme.com"),
    ],
)
def test_someone_wanting_a_right_is_still_a_grant_for_them_or_a_question(
    acme: Directory, text: str, wanting: str
) -> None:
    status, steps, _ = plan_in_order(acme, text, KEN)
    assert all(s.get("trustee") != KEN for s in steps)
    assert status != "ready" or [s["trustee"] for s in steps] == [wanting]


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to all-sales, oh wait he wants Marketing too",
        "Add Tom Becker to all-sales, er no, Marketing as well",
    ],
)
def test_a_hesitation_that_adds_never_drops_what_came_before(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    groups = {s.get("group") for s in steps}
    assert status != "ready" or {"all-sales@acme.com", "marketing@acme.com"} <= groups


def test_er_no_fixes_where_the_mail_goes(acme: Directory) -> None:
    steps = ready(acme, "Forward Tom Becker's mail to Chris Lee, er no, to Sarah Connor", GRACE)
    assert [s["forward_to"] for s in steps] == ["sarah@acme.com"]


def test_share_calendar_said_bare_is_the_requesters_own_and_a_named_owner_still_counts(
    acme: Directory,
) -> None:
    status, steps, _ = plan_in_order(acme, "share calendar w tom becker, read only", "sarah@acme.com")
    assert status == "ready"
    assert [(s["owner"], s["grantee"], s["access"]) for s in steps] == [
        ("sarah@acme.com", "tom.becker@acme.com", "reviewer")
    ]
    # someone's calendar named, even misspelt, is never replaced by the requester's own
    status, steps, _ = plan_in_order(acme, "share olivia martins calender with Tom Becker as reviewer", GRACE)
    assert all(s["owner"] != GRACE for s in steps)


GRACE = "grace.hopper@acme.com"
