"""nlu77's classes (batch 34's unsafe plans), beyond the corpus entries: a month is a calendar month; a
clause saying where someone works is context; "membership of X" adds the person the sentence is about; an
end said in a later line of a chat binds to the step that gives access; a form's end date on a forwarding
ticket is kept; a vague end ("while I'm away") is asked; "+" and "&" join names as "and" does. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.durations import find_expiry
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    ("now", "text", "ends"),
    [
        (
            dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            "for one month",
            dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            "for six months",
            dt.datetime(2026, 9, 2, 9, tzinfo=dt.UTC),
        ),
        # the day clamped to the month's last, in a leap year and out of one
        (
            dt.datetime(2026, 1, 31, 9, tzinfo=dt.UTC),
            "for a month",
            dt.datetime(2026, 2, 28, 9, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2028, 1, 31, 9, tzinfo=dt.UTC),
            "for 1 month",
            dt.datetime(2028, 2, 29, 9, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2026, 10, 31, 9, tzinfo=dt.UTC),
            "for 4 months",
            dt.datetime(2027, 2, 28, 9, tzinfo=dt.UTC),
        ),
        # twelve months are a year of 365 days, as "for a year" is, never more
        (
            dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC),
            "for 12 months",
            dt.datetime(2028, 3, 1, 9, tzinfo=dt.UTC),
        ),
        (dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), "for a year", dt.datetime(2028, 3, 1, 9, tzinfo=dt.UTC)),
        # weeks and days are as long as ever
        (
            dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            "for 3 weeks",
            dt.datetime(2026, 3, 23, 9, tzinfo=dt.UTC),
        ),
    ],
)
def test_a_month_is_a_calendar_month(now: dt.datetime, text: str, ends: dt.datetime) -> None:
    found = find_expiry(f"Add Noah to Marketing {text}", now)
    assert found is not None
    assert found.expires == ends


def test_a_month_from_a_ticket_ends_on_the_same_day_next_month(acme: Directory) -> None:
    steps = ready(acme, "Forward pat.gone@acme.com to Priya Patel for six months", GRACE)
    assert [s["expires"] for s in steps] == ["2026-09-02T09:00:00Z"]


@pytest.mark.parametrize(
    "text",
    [
        "pls add ken + grace to all hands thx",
        "pls add ken & grace to all hands",
        "pls add ken+grace to all hands",
        "add ken and grace to all hands",
    ],
)
def test_plus_and_ampersand_join_names_as_and_does(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["member"] for s in steps) == ["grace.hopper@acme.com", "ken.adams@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "add ken to all hands. grace period is fine",
        "add ken to all hands +1",
        "add ken (C++ dev) to all hands",
        "add ken to all hands, he's on +44 20 7946 0000",
    ],
)
def test_a_plus_or_a_common_word_alone_adds_no_one(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["member"] for s in steps] == ["ken.adams@acme.com"]


AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    ("text", "requester", "member"),
    [
        ("please remove me from all-sales, I'm in sales ops now and don't need the deal chatter", AVA, AVA),
        ("please remove me from all-sales, I am in Sales Ops now", AVA, AVA),
        ("remove me from all-sales, I work in finance now", AVA, AVA),
        ("remove Ken from marketing - he works in sales now", GRACE, "ken.adams@acme.com"),
        ("remove Ava from all-sales, she's in Finance now", GRACE, AVA),
    ],
)
def test_where_someone_works_now_is_no_member(
    acme: Directory, text: str, requester: str, member: str
) -> None:
    steps = ready(acme, text, requester)
    assert [s["member"] for s in steps] == [member]


def test_a_change_after_where_someone_works_is_still_read(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "remove me from all-sales, I'm in sales ops now, and add me to marketing",
        AVA,
        "change",
        "group",
    ) == [
        ("remove", "all-sales@acme.com"),
        ("add", "marketing@acme.com"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Share my calendar with Chris Lee as editor while I'm away",
        "Share my calendar with Chris Lee as reviewer during my leave",
        "Share my calendar with Chris Lee as editor while I'm off",
        "Add Chris Lee to marketing while I'm away",
        "Share my calendar with Chris Lee as editor for a while",
    ],
)
def test_a_vague_end_on_a_share_or_a_list_add_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, "sarah@acme.com") == {"expires"}


def test_an_end_said_with_the_absence_is_kept(acme: Directory) -> None:
    steps = ready(
        acme, "Share my calendar with Chris Lee as editor until Friday while I'm away", "sarah@acme.com"
    )
    assert [s.get("expires") for s in steps] == ["2026-03-07T00:00:00Z"]


def test_an_absence_the_cover_is_for_is_no_end_of_the_grant(acme: Directory) -> None:
    steps = ready(acme, "Give Ken full access to billing so he can cover it while Mike is out", GRACE)
    assert [s["trustee"] for s in steps] == ["ken.adams@acme.com"]


FORWARDING_FORM = (
    "Request type: Mailbox forwarding\nMailbox: Rachel Green\nForward to: Christine Lee\nKeep a copy: No\n"
    "End date: 2026-03-13\n"
)


@pytest.mark.parametrize(
    "text",
    [
        FORWARDING_FORM,
        FORWARDING_FORM + "Approved by: Mike Smith\n",
        "forward Rachel Green's mail to Christine Lee and don't keep a copy until 2026-03-13",
    ],
)
def test_a_forwarding_forms_end_date_is_kept(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["forward_to"], s["keep_copy"], s.get("expires")) for s in steps] == [
        ("christine.lee@acme.com", False, "2026-03-14T00:00:00Z")
    ]


def test_an_end_said_of_a_later_grant_is_not_the_forwardings(acme: Directory) -> None:
    text = (
        "Forward Rachel's mail to Christine and keep a copy; give Tom send as on sales@acme.com until Friday"
    )
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s.get("expires")) for s in steps] == [
        ("email_forwarding_internal", None),
        ("send_as", "2026-03-07T00:00:00Z"),
    ]


CHAT = (
    "[08:55] Ken Adams: quick one\n"
    "[08:55] Ken Adams: boardroom calendar - can ethan park get reviewer on it?\n"
    "[08:56] Ken Adams: only until thursday, he's doing the AV install\n"
)


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        (CHAT, "2026-03-06T00:00:00Z"),
        (
            "can ethan park get reviewer on the boardroom calendar? only until thursday",
            "2026-03-06T00:00:00Z",
        ),
        ("Add Noah to the marketing list. Just for 2 weeks pls", "2026-03-16T09:00:00Z"),
        ("Forward my mail to Tom. Only until Friday please.", "2026-03-07T00:00:00Z"),
    ],
)
def test_an_end_said_in_a_later_line_ends_the_change_before(acme: Directory, text: str, ends: str) -> None:
    steps = ready(acme, text, "ken.adams@acme.com")
    assert [s.get("expires") for s in steps] == [ends]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing and add him to marketing. Only until Friday.",
        "Add Tom to marketing. Share my calendar with Ava as reviewer. Only until Friday.",
    ],
)
def test_an_end_said_later_that_two_changes_could_take_is_asked(acme: Directory, text: str) -> None:
    status, steps, asked = plan_of(acme, text, "ken.adams@acme.com")
    assert status == "needs_clarification"
    assert "expires" in asked
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Ken Adams is helping finance through month end: full access to billing@acme.com and membership of "
        "Finance Team, both until 31 March",
        "Give Ken Adams full access to billing@acme.com and membership of Finance Team",
        "Ken Adams needs full access to billing@acme.com and membership of the Finance Team",
    ],
)
def test_membership_of_a_list_beside_a_right_is_a_list_add_for_the_same_person(
    acme: Directory, text: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted((s["action"], s.get("trustee") or s.get("member")) for s in steps) == [
        ("distribution_list_membership", "ken.adams@acme.com"),
        ("mailbox_delegation", "ken.adams@acme.com"),
    ]
