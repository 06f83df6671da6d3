"""Batch 11's unsafe classes, each with wordings of its own (the corpus holds the originals).

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    ("text", "member", "group"),
    [
        ("take ava johnson off all-sales she moved to marketing", "ava.johnson", "all-sales"),
        ("remove liam brown from engineering he moved to sales ops", "liam.brown", "engineering"),
        ("remove ava johnson from finance team she got moved to sales ops", "ava.johnson", "finance-team"),
    ],
)
def test_where_someone_moved_is_never_a_list_change(
    acme: Directory, text: str, member: str, group: str
) -> None:
    # the new team is why the request is made: neither a member removed nor a list joined
    _, steps, _ = plan_in_order(acme, text, GRACE)
    assert steps == [
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": f"{group}@acme.com",
            "member": f"{member}@acme.com",
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Please remove Ava Johnson from all-sales. Actually, just add her to Marketing.",
        "Take Ava Johnson off all-sales. On second thought, leave her there and add her to Marketing.",
        "Remove Ava Johnson from all-sales. Actually, don't remove her - just add her to Marketing.",
    ],
)
def test_a_correction_asking_the_opposite_never_keeps_the_old_verb(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    # the removal taken back, the add the one request left
    assert status == "ready", steps
    assert steps == [
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": "marketing@acme.com",
            "member": "ava.johnson@acme.com",
        }
    ]


def test_the_same_level_takes_the_level_named_before(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme,
        "Ken Adams has free/busy on Priya Patel's calendar. "
        "Give Tom Becker the same level on Priya's calendar.",
        GRACE,
    )
    assert status == "ready", steps
    assert [s["access"] for s in steps] == ["availability_only"]


def test_the_same_level_with_none_named_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "Give Tom Becker the same level on Priya Patel's calendar.", GRACE
    )
    assert status == "needs_clarification", steps
    assert "access" in questions


def test_bare_access_to_someone_elses_calendar_asks_the_level(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "Can Tom Becker have access to Priya Patel's calendar?", GRACE
    )
    assert status == "needs_clarification", steps
    assert questions == ["access"]


def test_a_team_i_got_moved_to_is_background(acme: Directory) -> None:
    _, steps, _ = plan_in_order(
        acme, "pls take me off engineering, i got moved to the platform team", "alex.kim@acme.com"
    )
    assert [(s["change"], s["group"]) for s in steps] == [("remove", "engineering@acme.com")], steps


def test_cal_after_whose_it_is_is_a_calendar(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "can tom becker get reviewer on my cal pls", "ken.adams@acme.com")
    assert status == "ready", steps
    assert steps == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": "ken.adams@acme.com",
            "grantee": "tom.becker@acme.com",
            "access": "reviewer",
        }
    ]


def test_automapping_switched_off_is_how_the_grant_works(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme, "Give Tom Becker full access to support@acme.com, automapping turned off", GRACE
    )
    assert status == "ready", steps
    assert [(s["change"], s["automapping"]) for s in steps] == [("grant", False)]


def test_take_a_right_away_from_someone_revokes_it(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "Take full access on support@acme.com away from Tom Becker", GRACE)
    assert status == "ready", steps
    assert [(s["action"], s["change"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", "revoke", "tom.becker@acme.com")
    ]


def test_a_delegation_report_on_a_mailbox_is_not_about_the_one_asking(acme: Directory) -> None:
    _, steps, _ = plan_in_order(acme, "I'd like a delegation report on the support mailbox please", GRACE)
    assert steps == [{"action": "delegation_report", "change": "read", "mailbox": "support@acme.com"}]


def test_pull_up_shows_never_takes_away(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme, "could you pull up the send as permission list for support@acme.com", GRACE
    )
    assert status == "ready", steps
    assert steps == [{"action": "view_send_as_permissions", "change": "read", "mailbox": "support@acme.com"}]


def test_the_old_address_said_to_stay_as_a_secondary_is_kept(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme,
        "Change Tom Becker's primary address to tom@acme.com, tom.becker@acme.com remains as an alias",
        GRACE,
    )
    assert status == "ready", steps
    assert [(s["new_address"], s["keep_old"]) for s in steps] == [("tom@acme.com", True)]


def test_a_project_list_no_one_has_is_asked_about(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Please add Tom Becker to Project Zephyr", GRACE)
    assert status == "needs_clarification", steps
    assert questions == ["group"]


def test_one_more_right_said_alone_is_for_the_one_person_before(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme, "Give Tom Becker full access to support@acme.com. Send on behalf too.", GRACE
    )
    assert status == "ready", steps
    assert sorted((s["action"], s["trustee"]) for s in steps) == [
        ("mailbox_delegation", "tom.becker@acme.com"),
        ("send_on_behalf", "tom.becker@acme.com"),
    ]
