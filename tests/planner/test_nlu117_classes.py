"""nlu117's classes (red team 68's findings in older classes: what is set apart, held parts, windows, titles,
an addressed name). Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _targets(steps: list[dict[str, object]]) -> set[str]:
    return {str(s.get("mailbox") or s.get("group")) for s in steps}


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("Give Tom Becker full access to all shared mailboxes save HR.", {"hr@acme.com"}),
        ("Give Tom Becker full access to every shared mailbox but HR.", {"hr@acme.com"}),
        ("Give Tom Becker full access to all shared mailboxes, sparing HR.", {"hr@acme.com"}),
        (
            "Give Tom Becker full access to all shared mailboxes w/o Finance and HR.",
            {"finance@acme.com", "hr@acme.com"},
        ),
        ("Give Tom Becker send as on all shared mailboxes save Finance.", {"finance@acme.com"}),
        ("Add Tom Becker to all groups save Engineering.", {"engineering@acme.com"}),
        ("Give Tom Becker full access to Support, Sales, Finance, sparing HR.", {"hr@acme.com"}),
        ("Give Tom Becker full access to Sales, Support, Billing w/o Billing.", {"billing@acme.com"}),
        ("Give Tom Becker full access to Sales and Support, sparing Support.", {"support@acme.com"}),
    ],
)
def test_a_mailbox_or_list_set_apart_is_never_the_one_changed(
    acme: Directory, text: str, apart: set[str]
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert not (status == "ready" and _targets(steps) & apart)


def test_a_mailbox_set_apart_with_except_is_left_out_of_a_ready_plan(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker full access to Sales and Support, except Support.", GRACE)
    assert _targets(steps) == {"sales@acme.com"}


def test_one_more_said_with_but_is_still_granted(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker full access to Sales and Finance but HR too.", GRACE)
    assert _targets(steps) == {"sales@acme.com", "finance@acme.com", "hr@acme.com"}


@pytest.mark.parametrize(
    ("text", "group", "kept"),
    [
        (
            "Remove everyone from Project Phoenix w/ the exception of Liam Brown.",
            "project-phoenix@acme.com",
            "liam.brown@acme.com",
        ),
        (
            "Remove everyone from all-sales w/ the exception of Emma Wilson.",
            "all-sales@acme.com",
            "emma.wilson@acme.com",
        ),
        (
            "Remove everyone from all-sales with exception of Emma Wilson.",
            "all-sales@acme.com",
            "emma.wilson@acme.com",
        ),
        (
            "Remove everyone from all-sales, exception: Emma Wilson.",
            "all-sales@acme.com",
            "emma.wilson@acme.com",
        ),
        ("Remove everyone from all-sales less Emma Wilson.", "all-sales@acme.com", "emma.wilson@acme.com"),
    ],
)
def test_a_person_set_apart_is_never_removed(acme: Directory, text: str, group: str, kept: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    if status == "ready":
        assert not any(s.get("member") == kept for s in steps)
        assert steps


@pytest.mark.parametrize(
    "text",
    [
        "Remove everyone from all-sales except Emma's team.",
        "Remove everyone from all-sales except Liam's team.",
        "Remove everyone from all-sales other than Liam's direct reports.",
    ],
)
def test_a_team_set_apart_by_whose_it_is_is_asked(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "scope" in questions


def test_everyone_but_a_named_person_is_still_planned(acme: Directory) -> None:
    steps = ready(acme, "Remove everyone from all-sales except Emma Wilson.", GRACE)
    assert steps
    assert not any(s.get("member") == "emma.wilson@acme.com" for s in steps)


@pytest.mark.parametrize(
    ("text", "addressed", "given"),
    [
        ("Ken please add Ethan Park to all-sales.", "ken.adams@acme.com", "ethan.park@acme.com"),
        ("Ken pls add Ethan Park to all-sales.", "ken.adams@acme.com", "ethan.park@acme.com"),
        ("Ken can you add Ethan Park to all-sales?", "ken.adams@acme.com", "ethan.park@acme.com"),
        ("Ken please give Ethan Park full access to Sales.", "ken.adams@acme.com", "ethan.park@acme.com"),
        (
            "Tom Becker please give Liam Brown full access to Sales.",
            "tom.becker@acme.com",
            "liam.brown@acme.com",
        ),
        (
            "Tom please give Liam Brown full access to Sales, thanks Mike",
            "tom.becker@acme.com",
            "liam.brown@acme.com",
        ),
    ],
)
def test_a_name_before_please_with_no_comma_is_the_one_asked(
    acme: Directory, text: str, addressed: str, given: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    whom = {str(s.get("member") or s.get("trustee")) for s in steps}
    assert addressed not in whom
    if status == "ready":
        assert whom == {given}


def test_a_name_that_asks_for_itself_is_still_given(acme: Directory) -> None:
    steps = ready(acme, "Tom Becker needs full access to Sales, please.", GRACE)
    assert {s.get("trustee") for s in steps} == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee - Head of Sales - full access to Finance.",
        "Give Chris Lee – Head of Sales – full access to Finance.",
        "Give Chris Lee -- Head of Sales -- full access to Finance.",
        "Give Chris Lee / Head of Sales / full access to Finance.",
        "Give full access to Finance to Chris Lee / Head of Sales",
    ],
)
def test_a_title_set_off_by_dashes_or_slashes_is_no_mailbox(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "sales@acme.com" not in _targets(steps)
    if status == "ready":
        assert _targets(steps) == {"finance@acme.com"}


def test_a_mailbox_after_a_dash_is_still_granted(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker full access to Sales - Finance too.", GRACE)
    assert _targets(steps) == {"sales@acme.com", "finance@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales.\nFrom: 02/03/2026\nTo: 06/03/2026",
        "Give Tom Becker full access to Sales.\nFrom: 03/02/2026\nTo: 03/06/2026",
        "Give Tom Becker full access to Sales.\nFrom: Monday 9am\nTo: Friday 5pm",
        "Give Tom Becker full access to Sales.\nFrom: Monday 09:00\nTo: Friday 17:00",
        "Give Tom Becker full access to Sales.\nFrom: Mon\nTo: Fri",
        "Give Tom Becker full access to Sales.\nFrom: Monday,\nTo: Friday.",
        "Give Tom Becker full access to Sales.\nFrom: Monday - To: Friday",
        "Give Tom Becker full access to Sales.\nFrom: Monday\n\nTo: Friday",
        "Give Tom Becker full access to Sales.\nTo: Friday",
        "Give Tom Becker full access to Sales.\nFrom: Mike Smith\nTo: Friday",
        "Short description: Temporary mailbox access\nDescription: Tom Becker needs full access to Sales.",
    ],
)
def test_an_end_said_on_its_own_line_is_never_a_grant_for_good(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    if status == "ready":
        assert all("expires" in s for s in steps)


def test_a_window_that_starts_next_week_is_never_granted_now(acme: Directory) -> None:
    text = "Give Tom Becker full access to Sales.\nFrom: next Monday\nTo: next Friday"
    status, _, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in questions


def test_a_mail_header_to_line_is_no_end(acme: Directory) -> None:
    text = (
        "Please give Tom Becker full access to Sales.\n\nFrom: Mike Smith\nTo: IT Service Desk\n"
        "Subject: access"
    )
    steps = ready(acme, text, GRACE)
    assert [s.get("mailbox") for s in steps] == ["sales@acme.com"]


@pytest.mark.parametrize(
    ("text", "held"),
    [
        (
            "Please give Tom Becker full access to Sales and Finance. Mike signed off on Finance only.",
            "sales@acme.com",
        ),
        (
            "Please give Tom Becker full access to Sales and Finance. Mike greenlit Sales only.",
            "finance@acme.com",
        ),
        (
            "Please give Tom Becker full access to Sales and Finance. Just Sales is approved.",
            "finance@acme.com",
        ),
        (
            "Tom Becker needs full access to Sales and Finance.\nApproval: Sales approved; Finance pending",
            "finance@acme.com",
        ),
        (
            "Tom Becker needs full access to Sales and Finance.\n"
            "Status: Sales approved, Finance awaiting approval",
            "finance@acme.com",
        ),
        ("Please give Tom Becker full access to Sales and Finance.\nnvm on sales, thx", "sales@acme.com"),
        (
            "Please give Tom Becker full access to Sales and Finance.\n- [x] Finance\n- [ ] Sales",
            "sales@acme.com",
        ),
        ("Please give Tom Becker full access to Sales and Finance. Finance ✅ Sales ⏳", "sales@acme.com"),
        (
            "Please give Tom Becker full access to Sales and Finance.\nUPDATE: Sales withdrawn\n"
            "UPDATE 2: Finance withdrawn too",
            "finance@acme.com",
        ),
    ],
)
def test_a_part_held_where_it_is_named_is_never_done(acme: Directory, text: str, held: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    if status == "ready":
        assert held not in _targets(steps)


def test_a_right_held_in_an_approval_line_is_never_granted(acme: Directory) -> None:
    text = (
        "Short description: Mailbox access\nDescription: Tom Becker needs full access to Sales and send as.\n"
        "End date: 2026-03-13\nApproval: Sales full access approved; send as pending"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    if status == "ready":
        assert all(s["action"] != "send_as" for s in steps)


def test_both_parts_approved_are_both_done(acme: Directory) -> None:
    text = "Tom Becker needs full access to Sales and Finance.\nApproval: Sales approved; Finance approved"
    steps = ready(acme, text, GRACE)
    assert _targets(steps) == {"sales@acme.com", "finance@acme.com"}


def test_a_hold_lifted_by_a_later_line_is_done(acme: Directory) -> None:
    text = (
        "Please give Tom Becker full access to Sales and Finance.\nNVM Sales\n"
        "EDIT: Sales back on, Mike approved"
    )
    steps = ready(acme, text, GRACE)
    assert _targets(steps) == {"sales@acme.com", "finance@acme.com"}


# ---- the held part read as the mail shows it (review of session 19): on the raw mail, hidden text or a
# comment lifted a hold the reader sees, and an entity, a tag or a no-break space between hid it ----

ASKED_HTML = "<p>Please give Chris Lee full access to the Sales and Finance mailboxes.</p>"


@pytest.mark.parametrize(
    "text",
    [
        ASKED_HTML
        + '<p>Approval: Sales approved; Finance pending</p><div style="display:none">Finance approved</div>',
        ASKED_HTML + "<p>Approval: Sales approved; Finance pending</p><!-- Finance approved -->",
        ASKED_HTML + "<p>Approval: Sales approved; Finance&nbsp;pending</p>",
        ASKED_HTML + "<p>Approval: Sales approved; Finance<b> pending</b></p>",
        "Please give Chris Lee full access to the Sales and Finance mailboxes.\n"
        "Approval: Sales approved; Finance\u00a0pending",
    ],
)
def test_a_hold_the_mail_shows_is_asked_whatever_its_markup(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])
