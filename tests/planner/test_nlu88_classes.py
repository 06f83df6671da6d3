"""nlu88's classes (session 16, red team 55 classes 4-7), beyond the negation entries: every giving step
carries the end said for it. One end said for one step is never every step's; an end said in other words,
after a sign-off or vague, is never dropped into a grant for good; a later start is never a change started
now; an end is never later than said (an hour, the month of March, a rough length, a past date rolled a year
on, over a year). Where the planner cannot set the end as said it asks [expires]. Planned and resolved
against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026, 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"


def _asks_the_end(acme: Directory, text: str, requester: str = GRACE) -> None:
    status, steps, about = plan_of(acme, text, requester)
    assert status == "needs_clarification", steps
    assert "expires" in about


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam access to Sales until Friday and to Billing permanently",
        "Give Liam access to Sales (until Friday) and Billing",
        "Add Ken to Marketing until Friday and to all-sales",
        "Give Emma full access to Priya's mailbox, and until the 13th send as",
        "Give Noah and Ava access to Sales; she only needs it for a week",
        "Give Liam and Emma access to Billing. She needs it until Friday.",
        "Give Chris access to Support and Billing; Support only for a week",
        "Give Ava access to Support and add her to all-sales. Both until Friday.",
    ],
)
def test_an_end_said_for_one_step_is_never_every_steps(acme: Directory, text: str) -> None:
    _asks_the_end(acme, text)


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam access to Sales and Billing until Friday",
        "Give Noah and Ava access to Sales. They need it until Friday.",
        "Give Liam access to Sales and Billing. Only until Friday.",
    ],
)
def test_an_end_said_after_every_step_is_every_steps(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 2
    assert all(step["expires"] == FRIDAY for step in steps)


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Give Tom Becker access to Support, ends Friday", GRACE),
        ("Give Tom Becker access to Support (exp. 20/3)", GRACE),
        ("Give Ken access to Info to 15/03", GRACE),
        ("Give Tom Becker access to Support this week only", GRACE),
        ("Give Chris access to Billing for 2-3 weeks", GRACE),
        ("Give Tom access to Support; should be removed by Friday", GRACE),
        ("Give Emma access to Sales for March", GRACE),
        (
            "Give Tom access to Support.\n\nRegards,\nSarah Connor\nSupport Lead\nOnly till Friday pls",
            GRACE,
        ),
        ("Give Liam access to the Sales mailbox\n\nThanks,\nGrace\n\nEnd date: 20 March", GRACE),
        ("Give Tom access to Support\n\nthx\n\nps - 2 weeks max", GRACE),
        ("Give Ken access to Info as cover", GRACE),
        ("Give Ken access to Info during the audit", GRACE),
        ("Forward the Careers mailbox to Maria — only while she's covering recruiting", GRACE),
        ("Give Liam access to Sales mailbox and add him to all-sales. Both for one week.", GRACE),
        ("I need temp access to Info for the migration", "ken.adams@acme.com"),
        ("Add me to Marketing for the spring campaign (ends 31 March)", "ava.johnson@acme.com"),
    ],
)
def test_an_end_said_in_other_words_is_never_dropped(acme: Directory, text: str, requester: str) -> None:
    _asks_the_end(acme, text, requester)


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken access to Info, he is covering for Olivia",
        # ("for the month-end close" is an event whose end is asked since nlu99; what it makes is a reason)
        "Give Chris access to Billing for the month-end invoices",
    ],
)
def test_a_reason_with_no_end_stays_a_reason(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 1
    assert "expires" not in steps[0]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Give Emma access to Sales 9-13 March", GRACE),
        ("Give Chris access to Support in May", GRACE),
        ("Give Ken access to Info over Christmas", GRACE),
        ("Give Ava access to Sales on the 10th for two days", GRACE),
        ("Give Liam access to Sales tomorrow for a day", GRACE),
        ("Forward my mail to Noah, I'm off 9-13 March", "liam.brown@acme.com"),
        ("Out from the 9th. Please give Emma my calendar (editor).", "priya.patel@acme.com"),
        ("Holiday next week - please forward my mail to Mike", "jane.doe@acme.com"),
    ],
)
def test_a_later_start_is_asked_never_started_now(acme: Directory, text: str, requester: str) -> None:
    _asks_the_end(acme, text, requester)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker access to Support until end of Feb",
        "Give Tom full access to Support for the month of March",
        "Give Tom Becker access to Support till March 31, 2026 5pm",
        "Give Ava access to Billing until Thursday afternoon",
        "Give Tom Becker access to Support for a week or so",
        "Give Ava access to Billing for a few days",
        "Give Tom Becker access to Support until 2 March 2027",
    ],
)
def test_an_end_is_never_later_than_said_nor_guessed(acme: Directory, text: str) -> None:
    _asks_the_end(acme, text)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Give Tom access to Support until Friday", FRIDAY),
        ("Give Tom access to Support for a year", "2027-03-02T09:00:00Z"),
        ("Give Ava access to Billing until the end of March", "2026-04-01T00:00:00Z"),
    ],
)
def test_an_end_said_plainly_is_set(acme: Directory, text: str, end: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [step["expires"] for step in steps] == [end]


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma full access to Priya's mailbox for a week. Send as too.",
        "Give Ava access to Billing for a week. Add her to all-sales too.",
    ],
)
def test_a_step_added_too_after_an_end_is_asked_its_end(acme: Directory, text: str) -> None:
    _asks_the_end(acme, text)


def test_a_step_added_too_with_its_own_end_keeps_it(acme: Directory) -> None:
    steps = ready(acme, "Give Ava access to Billing for a week. Send as too, also for a week.", GRACE)
    assert [step["expires"] for step in steps] == ["2026-03-09T09:00:00Z"] * 2


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        (
            "forward my email to Tom Becker until Friday and give him send on behalf on my mailbox "
            "until Friday",
            "sarah@acme.com",
        ),
        ("Give Liam access to Sales until Friday and to Billing until Friday", GRACE),
        ("Add Ken to Marketing until Friday, and to all-sales until Friday as well", GRACE),
    ],
)
def test_the_same_end_said_for_each_step_is_each_steps_own(
    acme: Directory, text: str, requester: str
) -> None:
    # A held-out survivor ("... forward my email to him until Friday and give him send on behalf on my
    # mailbox until Friday too") was asked by the one-end-for-one-step rule: each step said its own end.
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready", steps
    assert len(steps) == 2
    assert all(s["expires"] == FRIDAY for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Rachel access to Billing from the end of the month",
        "Give Rachel access to Billing as of the end of the week",
        "Give Rachel send as on Billing starting end of March",
    ],
)
def test_a_start_at_the_end_of_a_period_is_never_the_grants_end(acme: Directory, text: str) -> None:
    # nlu89 found "from the end of the month" granted now, ending 1 April: when it starts, read as its end
    _asks_the_end(acme, text)
