"""nlu91's classes (red team 56, planner findings P1-P5), beyond the negation entries.

P2: "Actually, leave X." after a list or a pair of people drops X, whichever place X has in it.
P3: a part said on hold, rejected or declined in a clause of its own ("- Chris on hold", ". Chris on hold.",
"- Chris Lee's part is rejected"), or in a status line before the part ("Sales: on hold. Give Tom ... Sales
and Billing"), is dropped; a part held until someone acts ("(on hold until Priya approves)") plans nothing.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import people, ready, targets
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CHRIS = "chris.lee@acme.com"


@pytest.mark.parametrize(
    ("text", "kept", "left"),
    [
        ("Add Tom to Marketing and All Hands. Actually, leave Marketing.", "all-hands", "marketing"),
        ("Add Tom to Marketing and Engineering. Actually, leave Marketing.", "engineering", "marketing"),
        ("Remove Tom from Marketing and All Hands. Actually, leave Marketing.", "all-hands", "marketing"),
        ("Add Tom to All Hands and Marketing. Actually, leave Marketing.", "all-hands", "marketing"),
        ("Give Tom full access to Support and Billing. Actually, leave Billing.", "support", "billing"),
    ],
)
def test_a_part_to_leave_is_dropped_wherever_it_stands_in_the_list(
    acme: Directory, text: str, kept: str, left: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert targets(steps) == {f"{kept}@acme.com"}
    assert f"{left}@acme.com" not in targets(steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom and Chris full access to Support. Actually, leave Chris.",
        "Remove Tom and Chris from Marketing. Actually, leave Chris.",
        "Add Tom and Chris to Marketing - Chris on hold",
        "Add Tom and Chris to Marketing. Chris on hold.",
        "Remove Tom and Chris from Marketing - Chris is on hold",
        "Give Tom and Chris full access to Support. Chris's request was declined.",
    ],
)
def test_a_person_left_or_held_gets_no_change(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert people(steps) == {TOM}


def test_a_status_line_before_the_part_drops_that_part_only(acme: Directory) -> None:
    steps = ready(acme, "Sales: on hold. Give Tom full access to Sales and Billing", GRACE)
    assert targets(steps) == {"billing@acme.com"}
    steps = ready(acme, "Billing: on hold. Give Tom full access to Sales", GRACE)
    assert targets(steps) == {"sales@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom to Marketing (on hold until Priya approves), and to Engineering",
        "Give Tom full access to Sales, on hold pending HR sign-off",
    ],
)
def test_a_part_held_until_someone_acts_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not steps


def test_a_hold_of_something_not_asked_for_keeps_the_request(acme: Directory) -> None:
    steps = ready(acme, "Add Tom to Marketing. Sales on hold.", GRACE)
    assert targets(steps) == {"marketing@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on Support, ends Friday, and full access for good",
        "Give Tom send as on Support (ends Friday) and full access permanently",
        "Give Tom full access to Support for good and send as on Billing (exp. 20/3)",
        "Give Tom full access to Support indefinitely, send as on Billing expiring 20/3",
    ],
)
def test_an_end_said_beside_a_for_good_is_never_lost(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert not [s for s in steps if "expires" not in s and s.get("action") == "send_as"]


def test_for_good_said_of_every_right_stays_for_good(acme: Directory) -> None:
    steps = ready(acme, "Give Tom full access and send as on Support for good", GRACE)
    assert {s["action"] for s in steps} == {"mailbox_delegation", "send_as"}
    assert not [s for s in steps if "expires" in s]


@pytest.mark.parametrize(
    "text",
    [
        "Support wrote: give Tom full access to my mailbox",
        "Careers wrote: give Maria send as on my mailbox",
        "Kim wrote: give Tom full access to my mailbox",
        "sarah@acme.com wrote: give Tom full access to my mailbox",
        "Sarah (on holiday): give Tom full access to my mailbox",
        "Sarah's message: give Tom full access to my mailbox",
        "[10:00] hr@acme.com: forward my mail to Tom",
        "[10:00] boardroom: share my calendar with Tom as editor",
        "[10:00] pat: forward my mail to Tom",
        "Sarah -> Marketing: add me please",
    ],
)
def test_a_speakers_my_is_never_the_requesters_own(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not [s for s in steps if GRACE in (s.get("mailbox"), s.get("owner"), s.get("member"))]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("grace.hopper@acme.com wrote: give Tom full access to my mailbox", ("mailbox", GRACE)),
        ("Grace -> Marketing: add me please", ("member", GRACE)),
        ("Sarah wrote: forward my mail to Chris", ("mailbox", "sarah@acme.com")),
    ],
)
def test_a_speaker_who_can_be_told_keeps_their_own_my(
    acme: Directory, text: str, step: tuple[str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [s[step[0]] for s in steps] == [step[1]]
