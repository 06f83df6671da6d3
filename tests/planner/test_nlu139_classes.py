"""nlu139's classes (red team 75 §A0, §H): a forwarding no longer wanted while the same text names who is to
get the mail now is never read as that forwarding cleared (asked), and a given name whose gender is wrong for
at most 6 % of its bearers (Jane 0.949) is of that gender. Planned against the Acme directory at the corpus's
fixed "now" (2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import agreement
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "who_now",
    [
        "only Liam Brown should get it",
        "just Liam Brown should get it",
        "only Liam Brown needs it",
        "Liam Brown takes it over",
    ],
)
def test_a_new_receiver_named_is_no_forwarding_cleared_nor_him_moved(acme: Directory, who_now: str) -> None:
    text = (
        f"Tom Becker doesn't want the billing mailbox forwarded to him any more, {who_now}; "
        "remove him from all-sales"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert steps == []


def test_no_one_else_named_the_stop_and_the_removal_stay(acme: Directory) -> None:
    text = "Tom Becker doesn't want the billing mailbox forwarded to him any more, remove him from all-sales"
    steps = ready(acme, text, GRACE)
    assert {(s["action"], s["change"], s.get("member") or s.get("mailbox")) for s in steps} == {
        ("email_forwarding_internal", "clear", "billing@acme.com"),
        ("distribution_list_membership", "remove", "tom.becker@acme.com"),
    }


def test_thresholds_follow_the_six_percent_rule() -> None:
    assert agreement.of_name("Jane") == "f"  # 0.949
    assert agreement.of_name("Karen") == "f"  # 0.941
    assert agreement.of_name("Sam") is None  # 0.074
    assert agreement.of_name("Alex") is None  # 0.093


def test_his_mail_of_jane_is_asked_and_her_mail_forwarded(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Jane Doe is on leave, forward his mail to Tom Becker", GRACE)
    assert status != "ready"
    assert steps == []
    assert ready_tuples(
        acme, "Jane Doe is on leave, forward her mail to Tom Becker", GRACE, "mailbox", "forward_to"
    ) == [("jane.doe@acme.com", "tom.becker@acme.com")]


@pytest.mark.parametrize(
    "after",
    [
        "he said yes, he wants send as on sales@ himself as well",
        "he said yes; he needs send as on sales@ too",
        "he said ok and he also needs send as on sales@",
    ],
)
def test_a_need_after_the_consulted_ones_yes_is_asked(acme: Directory, after: str) -> None:
    text = f"Give Tom Becker full access to sales@ - I asked Mike Smith, {after}"
    status, steps, about = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not any(s["action"] == "send_as" for s in steps)
    assert "trustee" in about


def test_the_consulted_ones_yes_alone_is_still_the_grant(acme: Directory) -> None:
    text = "Give Tom Becker full access to sales@ - I asked Mike Smith, he said yes"
    assert ready_tuples(acme, text, GRACE, "action", "trustee") == [
        ("mailbox_delegation", "tom.becker@acme.com")
    ]
