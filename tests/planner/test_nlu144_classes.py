"""nlu144's classes: every part of the request kept (a person's mailbox named beside another part, a right
taken back on one mailbox only, someone's permissions taken off a list), ends that start later asked, the
end said last in a chat, hedged employee requests, a ticket's title with whom it is for, and the owner of
"his mailbox" when a right is asked for someone as a question. Planned and resolved against the Acme
directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
TOM = "tom.becker@acme.com"
MIKE = "mike.smith@acme.com"
RACHEL = "rachel.green@acme.com"
SALES = "sales@acme.com"
BILLING = "billing@acme.com"
CAREERS = "careers@acme.com"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a mailbox named beside another part is never dropped
        ("Cancel the forwarding on billing@ and on her mailbox", "mailbox"),
        ("remove Emma's access to Ava's calendar and her mailbox", "mailbox"),
        ("remove Emma's access to Ava's calendar and Ava's mailbox", "mailbox"),
        # a period that starts later asks its end, never counted from today
        ("Give Tom full access to billing@ for the week before Christmas", "expires"),
        ("Give Tom full access to billing@ for the two weeks after the audit", "expires"),
        ("Give Tom full access to billing@ for the week after next", "expires"),
    ],
)
def test_a_part_or_an_end_the_plan_would_drop_is_asked(acme: Directory, text: str, asked: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {asked}), steps


def test_a_right_taken_back_on_another_mailbox_stays_on_the_one_asked(acme: Directory) -> None:
    text = "Give Tom full access and send as on sales@ but not send as on finance@"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {(s["action"], s["mailbox"], s["trustee"]) for s in steps} == {
        ("mailbox_delegation", SALES, TOM),
        ("send_as", SALES, TOM),
    }


def test_a_right_taken_back_with_no_mailbox_is_taken_back_everywhere(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom full access and send as on sales@ but not send as", GRACE)
    assert status == "ready"
    assert [s["action"] for s in steps] == ["mailbox_delegation"]


def test_someones_permissions_off_a_list_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_of(acme, "Take Tom's permissions off all sales", GRACE)
    assert status == "needs_clarification", steps
    assert questions == {"member"}
    status, steps, _ = plan_of(acme, "Take Tom off all sales", GRACE)
    assert status == "ready"
    assert [(s["action"], s["change"]) for s in steps] == [("distribution_list_membership", "remove")]


def test_a_length_from_now_still_plans(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom full access to billing@ for the week", GRACE)
    assert status == "ready"
    assert steps[0]["expires"] == "2026-03-09T09:00:00Z"


@pytest.mark.parametrize(
    ("asked", "planned"),
    [
        # the end said last is the one planned
        ("Can Rachel Green get full access to billing@?", [(RACHEL, "2026-03-05T00:00:00Z")]),
        # an end said before and another in the answer: which one is asked, never the first kept
        ("Can Rachel Green get full access to billing@ until Friday?", []),
    ],
)
def test_the_end_said_last_in_a_chat_wins(
    acme: Directory, asked: str, planned: list[tuple[str, str]]
) -> None:
    text = (
        f"[09:02] Christine Lee: {asked}\n"
        "[09:03] Ken Adams: for the whole week?\n"
        "[09:03] Christine Lee: actually just till Wednesday"
    )
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == ("ready" if planned else "needs_clarification"), questions
    assert questions == (set() if planned else {"expires"})
    assert [(s["trustee"], s["expires"]) for s in steps] == planned


def test_a_hedge_after_an_employees_request_plans_it(acme: Directory) -> None:
    text = "could I maybe get send as on sales@? not sure if that is allowed"
    status, steps, _ = plan_of(acme, text, EMMA)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [("send_as", SALES, EMMA)]
    status, _, _ = plan_of(acme, "could I get send as on sales@ if my manager agrees", EMMA)
    assert status == "not_understood"


def test_a_ticket_title_is_for_the_one_requested_for(acme: Directory) -> None:
    text = (
        "RITM0012345\nShort description: Shared mailbox access - Careers\nRequested for: Tom Becker\n"
        "Description: while HR recruits"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", CAREERS, TOM)
    ]


def test_a_ticket_end_field_stays_the_end_under_its_title(acme: Directory) -> None:
    text = (
        "Number: RITM0051934\nCaller: Grace Hopper\nRequested for: Ken Adams\n"
        "Short description: Shared mailbox access - Careers\n"
        "Description: Ken will triage applications in the Careers mailbox while HR recruits. "
        "Full access please.\n"
        "End date: 2026-03-27\nApproved by: Maria Garcia"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["mailbox"], s["expires"]) for s in steps] == [(CAREERS, "2026-03-28T00:00:00Z")]


@pytest.mark.parametrize(
    "text",
    [
        "Mike's away ... can Tom get send on behalf on his mailbox?",
        "Mike is on leave, could Tom have send on behalf on his mailbox?",
    ],
)
def test_his_mailbox_asked_for_someone_is_never_theirs(acme: Directory, text: str) -> None:
    # (the harmful reading gave Mike send on behalf on Tom's mailbox)
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["mailbox"], s["trustee"]) for s in steps] == [(MIKE, TOM)]
