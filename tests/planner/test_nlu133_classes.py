"""nlu133's classes (the forty-sixth held-out batch's unsafe and omitting misses). Planned and resolved
against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "add me to the Project Atlas group until Wednesday please, Olivia wants me on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia Martin needs me for the audit",
        "add me to the Project Atlas group until Wednesday please. Olivia wants me on the pricing review.",
        "add me to the Project Atlas group until Wednesday - Olivia wants me on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia wants us on the pricing review",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me there",
        "add me to the Project Atlas group until Wednesday, Olivia has asked for me on the pricing work",
        "add me to the Project Atlas group until Wednesday, Olivia wants me on the review with Tom Becker",
    ],
)
def test_who_wants_the_requester_on_some_work_is_no_member(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, AVA)
    assert status == "ready"
    assert [(s["action"], s["group"], s["member"]) for s in steps] == [
        ("distribution_list_membership", "project-atlas@acme.com", AVA)
    ]


def test_who_wants_the_requester_on_some_work_is_no_trustee(acme: Directory) -> None:
    text = "give me full access to billing@ please, Mike Smith wants me on the supplier statements"
    status, steps, _ = plan_of(acme, text, AVA)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", "billing@acme.com", AVA)
    ]


def test_someone_wanting_in_themselves_is_still_added(acme: Directory) -> None:
    text = "add me to the Project Atlas group please, Olivia wants to be on it too"
    status, steps, _ = plan_of(acme, text, AVA)
    assert status == "ready"
    assert sorted(s["member"] for s in steps) == [AVA, "olivia.martin@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        # another person wanted, or the requester wanted on one more list: maybe one more change
        "add me to Project Atlas until Wednesday, Olivia wants Tom Becker on it",
        "add me to Project Atlas until Wednesday, Olivia wants me on it too",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me on the pricing list",
        "add me to the Project Atlas group until Wednesday please, Olivia wants me in the Finance team",
    ],
)
def test_someone_else_wanted_or_one_more_list_is_never_left_out_unasked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, AVA)
    assert status == "needs_clarification"
    assert steps == []
