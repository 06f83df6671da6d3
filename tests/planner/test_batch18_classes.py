"""Batch 18's unsafe classes, each with wordings of its own (the corpus and the negation set hold the
originals and more). The corpus test only gates its accuracy as a whole; these pin each class.

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Set up full mailbox access for Ava Johnson on finance@acme.com, and don't map it into her Outlook",
        "grant full acces 2 christine lee on billing mailbox, no auto map",
        "Give Liam Brown full access to support@acme.com without auto mapping",
        "Give Emma Wilson full access to info@acme.com, keep it out of her Outlook",
        "Give Noah Davis full access to hr@acme.com (no mapping)",
        "Give Noah Davis full access to hr@acme.com but it must not be automapped",
        "Give Christine Lee full access to finance@acme.com, she doesn't want it in her Outlook",
        "Give Ava Johnson full access to support@acme.com but not in her Outlook",
    ],
)
def test_no_automapping_said_any_way_turns_it_off(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "automapping") == [("mailbox_delegation", False)]


def test_automapping_asked_for_stays_on(acme: Directory) -> None:
    steps = ready(acme, "Give Mia Novak full access to careers@acme.com and map it into her Outlook", GRACE)
    assert [s["automapping"] for s in steps] == [True]


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("Give Christine Lee full access to the Billing mailbox without send as or send on behalf", "full"),
        ("Give Christine Lee full access to billing@acme.com but neither send as nor send on behalf", "full"),
        ("Give Noah Davis full access to sales@acme.com, not send as, nor send on behalf", "full"),
        ("Give Emma Wilson full access to hr@acme.com, no send as and no send on behalf", "full"),
        ("Give Mia Novak send as on careers@acme.com without full access or send on behalf", "send_as"),
    ],
)
def test_every_right_a_negation_lists_is_left_out(acme: Directory, text: str, given: str) -> None:
    steps = ready(acme, text, GRACE)
    action = {"full": "mailbox_delegation", "send_as": "send_as"}[given]
    assert [s["action"] for s in steps] == [action]


@pytest.mark.parametrize(
    ("text", "access"),
    [
        ("Share Rachel Green's calendar with Mike Smith as editor - wait, reviewer is enough", "reviewer"),
        ("Share Rachel Green's calendar with Mike Smith as editor - make it reviewer", "reviewer"),
        ("Share Rachel Green's calendar with Mike Smith as editor (no, reviewer)", "reviewer"),
        ("Share Jane Doe's calendar with Tom Becker as reviewer - wait, editor", "editor"),
    ],
)
def test_a_corrected_level_is_the_one_planned(acme: Directory, text: str, access: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["access"] for s in steps] == [access]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("Give Noah Davis send as on info@acme.com for two days - make it five", "2026-03-07T09:00:00Z"),
        ("Give Noah Davis send as on info@acme.com for two days - wait, five", "2026-03-07T09:00:00Z"),
        ("Give Noah Davis send as on info@acme.com until Friday - no, Wednesday", "2026-03-05T00:00:00Z"),
        ("Ken Adams can have full access to hr@acme.com until the end of tomorrow", "2026-03-04T00:00:00Z"),
    ],
)
def test_a_corrected_length_is_the_one_planned(acme: Directory, text: str, expires: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["expires"] for s in steps] == [expires]


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to Marketing. Wait, also add Ava Johnson to it",
        "Give Tom Becker full access to sales@acme.com, wait, he also needs send as",
    ],
)
def test_a_wait_that_adds_keeps_what_was_asked_first(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 2
    assert all(s.get("member", s.get("trustee")) for s in steps)
    assert "tom.becker@acme.com" in {s.get("member", s.get("trustee")) for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Trace the email Olivia Martin sent to john@partnerfirm.example yesterday",
        "Can you find the email Priya Patel sent to client@bigcorp.example last week?",
        "Did Liam Brown's email reach sales@acme.com?",
        "the message jane doe sent to partner@vendor.example on friday - can u trace it",
    ],
)
def test_a_message_trace_is_not_understood_and_never_forwarding(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@acme.com once Priya approves",
        "Give Tom Becker full access to sales@acme.com, wait for Priya to approve first",
    ],
)
def test_waiting_for_an_approval_never_gives_the_approver_access(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_a_first_name_without_its_apostrophe_owns_the_forwarded_mail(acme: Directory) -> None:
    assert ready_tuples(
        acme, "fwd priyas mail to alex kim (the sales one) til further notice", GRACE, "mailbox", "forward_to"
    ) == [("priya.patel@acme.com", "alex.kim@acme.com")]


def test_each_person_keeps_their_own_length_with_the_right_said_again(acme: Directory) -> None:
    steps = ready(
        acme,
        "Give Tom Becker full access to billing@acme.com until Wednesday and Chris Lee full access to it "
        "with no end date",
        GRACE,
    )
    assert {s["trustee"]: s.get("expires") for s in steps} == {
        "tom.becker@acme.com": "2026-03-05T00:00:00Z",
        "chris.lee@acme.com": None,
    }


def test_leaving_someones_other_access_alone_keeps_the_change_for_them(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Stop sharing Olivia Martin's calendar with Maria Garcia, but don't touch Maria's other access",
        GRACE,
        "action",
        "change",
        "grantee",
    ) == [("calendar_share", "revoke", "maria.garcia@acme.com")]
