"""nlu94's classes (red team 59: the crash, U1, U4, U5), beyond the corpus and negation entries.

Crash: an end said as a date no calendar holds is asked about [expires], never an exception out of the
planner. U1: a name signed under a request (after HTML's "<br>", in its own "<p>" or "<div>", alone on the
last line, after a dash at the end) or said as whose word it is ("per X", "reporting to X", "under X", "with
X's blessing") is no trustee or member; a "not" in another language beside a request is asked. U4: a name
said with another recipient's address, a table's access cell with no right the catalog has, and a right moved
from one mailbox to another are asked. U5: "leave" a right beside a removal keeps it; "archive" is no delete;
a list deleted with its members moved elsewhere is asked unless the additions are planned too.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.durations import find_expiry
from tests.planner import cases
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import NOW, plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CHRIS = "chris.lee@acme.com"
PRIYA = "priya.patel@acme.com"


@pytest.mark.parametrize(
    "end",
    [
        "until 2026-13-01",
        "until 2026-00-10",
        "until 2026-02-30",
        "until 2026-03-10 25:00",
        "until 2026-03-10 12:61",
        "until 9999-12-31",
        "until December 9999",
        "until the end of December 9999",
        "until 31 December 9999",
        "for 99999999999 years",
        "for 9999999 days",
    ],
)
def test_an_end_no_calendar_holds_is_asked_never_raised(acme: Directory, end: str) -> None:
    status, steps, about = plan_of(acme, f"Give Tom Becker full access to Sales {end}.", GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert steps == []


def test_an_impossible_date_is_no_end_read() -> None:
    assert find_expiry("until 2026-13-01", NOW) is None
    found = find_expiry("until 2026-03-10", NOW)
    assert found is not None
    assert found.expires.isoformat() == "2026-03-11T00:00:00+00:00"


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>Give Tom Becker full access to Sales until Friday.<br>Priya</body></html>",
        "Give Tom Becker full access to Sales.<br>Thanks,<br>Priya",
        "Give Tom Becker full access to Sales for a week.<br>Thanks<br>Priya",
        "<p>Give Tom Becker full access to Sales.</p><p>Regards,</p><p>Priya Patel</p>",
        "<div>Give Tom Becker full access to Sales</div><div>Priya Patel</div>",
        "Give Tom Becker send as on Sales<br>Priya",
        "Give Tom Becker full access to Sales.<br/>Priya",
        "Give Tom Becker full access to Sales - Priya Patel",
        "Give Tom Becker full access to Sales\n- Priya Patel",
        "Give Tom Becker full access to Sales per Priya Patel.",
        "Give Tom Becker full access to Sales, reporting to Priya Patel.",
        "Give Tom Becker full access to Sales under Priya Patel.",
        "Give Tom Becker full access to Sales with Priya Patel's blessing.",
        "Give Tom Becker full access to Sales with the approval of Priya Patel.",
    ],
)
def test_a_name_signed_under_or_vouching_for_a_grant_gets_nothing(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert cases.people(steps) == {TOM}
    assert cases.targets(steps) == {"sales@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Remove Tom Becker from all-sales.<br>Chris Lee",
        "Remove Tom Becker from all-sales.<p>Chris Lee</p>",
        "Remove Tom Becker from all-sales.<br>-- <br>Chris Lee<br>Support",
        "Remove Tom Becker from all-sales per Chris Lee.",
        "Remove Tom Becker from all-sales, reporting to Chris Lee.",
    ],
)
def test_a_name_signed_under_a_removal_is_never_removed(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert cases.people(steps) == {TOM}


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("<p>Give send as on Sales to</p><p>Chris Lee</p>", {CHRIS}),
        ("Give Tom Becker and<br>Chris Lee full access to Sales", {TOM, CHRIS}),
        ("Add these to Marketing\n- Tom Becker\n- Chris Lee", {TOM, CHRIS}),
        ("Give Tom Becker and Priya Patel full access to Sales.", {TOM, PRIYA}),
    ],
)
def test_a_name_the_request_is_for_stays_a_target(acme: Directory, text: str, people: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert cases.people(steps) == people


def test_struck_out_html_text_is_no_part_of_the_request(acme: Directory) -> None:
    for struck in ("<s>and Billing</s>", "<del>and Billing</del>"):
        status, steps, _ = plan_of(acme, f"Give Tom Becker full access to Sales {struck}.", GRACE)
        assert status == "ready"
        assert cases.targets(steps) == {"sales@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Remove Tom Becker from all-sales, bitte nicht Chris Lee.",
        "Give Tom Becker full access to Sales and Billing, aber nicht Billing.",
        "Give Tom Becker full access to Sales y Billing, pero no Billing.",
        "Give Tom Becker full access to Sales et Billing, sauf Billing.",
    ],
)
def test_a_not_in_another_language_is_asked(acme: Directory, text: str) -> None:
    about = asks(acme, text, GRACE)
    assert "scope" in about


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales <billing@acme.com>.",
        "Give Tom Becker <chris.lee@acme.com> full access to Sales.",
        "| User | Mailbox | Access |\n|---|---|---|\n| Chris Lee | Billing | Read |",
        "| User | Mailbox | Access |\n|---|---|---|\n| Chris Lee | Billing | Read only |",
        "Move Tom Becker's access from Sales to Billing.",
        "Transfer Chris Lee's send as from Support to Billing.",
        "Delete Contractors and move its members to External-Contractors.",
        "Delete the Contractors list and move everyone to External-Contractors.",
    ],
)
def test_a_wider_or_half_read_change_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not any(
        s.get("change") in ("grant", "delete") and s.get("mailbox") != "sales@acme.com" for s in steps
    )


def test_a_name_with_its_own_address_and_a_known_right_plan_as_said(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker <tom.becker@acme.com> full access to Sales.", GRACE)
    assert cases.people(steps) == {TOM}
    assert cases.targets(steps) == {"sales@acme.com"}
    table = "| User | Mailbox | Access |\n|---|---|---|\n| Chris Lee | Billing | Send As |"
    assert ready_tuples(acme, table, GRACE, "action", "mailbox") == [("send_as", "billing@acme.com")]


def test_a_right_left_beside_a_removal_is_kept(acme: Directory) -> None:
    for text in (
        "Remove Chris Lee's send as on Support but leave full access.",
        "Remove Chris Lee's send as on Support, but please leave the full access.",
    ):
        status, steps, _ = plan_of(acme, text, GRACE)
        assert status == "ready"
        assert [(s["action"], s["change"]) for s in steps] == [("send_as", "revoke")]


def test_archive_is_no_delete(acme: Directory) -> None:
    for text in ("Archive all-sales.", "Please archive the Contractors DL."):
        status, steps, _ = plan_of(acme, text, GRACE)
        assert status == "not_understood"
        assert steps == []


def test_a_list_moved_then_deleted_still_plans_the_pair(acme: Directory) -> None:
    text = 'Move everyone in the "Contractors" DL into "External-Contractors" and delete the old list'
    steps = ready(acme, text, GRACE)
    assert {(s["action"], s["change"]) for s in steps} == {
        ("distribution_list_membership", "add"),
        ("distribution_list_lifecycle", "delete"),
    }


@pytest.mark.parametrize("length", ["for 2:30 hours", "for 1,5 hours", "for 2,5 days"])
def test_a_length_with_a_colon_or_decimal_comma_is_asked(acme: Directory, length: str) -> None:
    status, steps, about = plan_of(acme, f"Give Tom Becker full access to Sales {length}.", GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert steps == []
