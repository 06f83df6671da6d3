"""nlu99's classes (red team 61 U4, U5): an end said in words the planner does not read is asked, never a
grant for good or the Subject line's end. Planned and resolved against the Acme directory at the corpus's
fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready

GRACE = "grace.hopper@acme.com"
GIVE = "Give Tom Becker full access to Sales"
WEEK = "2026-03-09T09:00:00Z"
TONIGHT = "2026-03-03T00:00:00Z"


def _asks_end(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"expires"}


def _for_good(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "sales@acme.com", None)
    ]


def _ends(acme: Directory, text: str, end: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s.get("expires")) for s in steps] == [("tom.becker@acme.com", end)]


@pytest.mark.parametrize(
    "said",
    [
        " for the migration.",
        " for the cutover weekend.",
        " for this project only.",
        " for his notice period.",
        " for his probation.",
        " for year-end.",
        " for month-end close.",
        " for the pilot.",
        " for the POC.",
        " for the webinar.",
        " through the audit.",
        " until the launch.",
        " for the migration on Friday, thanks.",
        " - for the migration",
        ". It's for the migration.",
    ],
)
def test_an_event_or_period_the_access_is_for_asks_its_end(acme: Directory, said: str) -> None:
    _asks_end(acme, GIVE + said)


@pytest.mark.parametrize(
    "said",
    [
        " for the support rota.",
        " for the queue.",
        " for reporting.",
        " for the year-end report.",
        " for the month-end invoices.",
        " for his new role.",
        " for the Sales team.",
        " for the weekend rota please.",
        " for the sales pipeline.",
        # (nlu105: work the access serves is a purpose, as blind writers read it; only a period's name ends)
        " for the launch.",
        " for the audit.",
        " for the Q1 campaign.",
    ],
)
def test_a_thing_or_task_the_access_serves_is_no_end(acme: Directory, said: str) -> None:
    _for_good(acme, GIVE + said)


@pytest.mark.parametrize(
    "said", [" for the migration, no wait, for a week.", " for a week, for the migration."]
)
def test_an_event_beside_a_length_read_takes_the_length(acme: Directory, said: str) -> None:
    _ends(acme, GIVE + said, WEEK)


@pytest.mark.parametrize(
    "said",
    [
        ", expiring.",
        ", set it to expire.",
        "; remove it again afterwards.",
        "\nPermanent: no",
        "\nPermanent? No.",
        " (cover)",
        " on a trial basis",
        " as a one-off",
        " one time",
        ", befristet.",
        ", temporär.",
        ", temporaire.",
        ", provisorisch.",
        ", vorübergehend.",
    ],
)
def test_words_that_say_it_ends_without_when_ask_the_end(acme: Directory, said: str) -> None:
    _asks_end(acme, GIVE + said)


@pytest.mark.parametrize("said", ["\nPermanent: yes", ", no expiry.", ", it can stay."])
def test_a_grant_said_to_stay_is_planned_for_good(acme: Directory, said: str) -> None:
    _for_good(acme, GIVE + said)


def test_expiring_with_a_day_ends_that_day(acme: Directory) -> None:
    _ends(acme, GIVE + ", expiring Friday.", "2026-03-07T00:00:00Z")


@pytest.mark.parametrize(
    "said",
    [
        " tonight.",
        " this afternoon.",
        " this evening.",
        " till lunch.",
        " until EOD.",
        " for 2w3d.",
        " for 3d12h.",
    ],
)
def test_a_part_of_a_day_or_a_compact_length_not_read_asks(acme: Directory, said: str) -> None:
    _asks_end(acme, GIVE + said)


@pytest.mark.parametrize(
    ("said", "end"),
    [
        (" until tonight.", TONIGHT),
        (" until end of day.", TONIGHT),
        (" for 1w.", WEEK),
        (" for a&#8203;week.", WEEK),
        (" for a\u200bweek.", WEEK),
    ],
)
def test_an_end_read_is_planned(acme: Directory, said: str, end: str) -> None:
    _ends(acme, GIVE + said, end)


@pytest.mark.parametrize(
    "body",
    [
        GIVE + ", only a week though.",
        GIVE + " tonight.",
        GIVE + " for the migration.",
        GIVE + ", befristet.",
    ],
)
def test_a_time_in_the_body_not_read_asks_never_the_subjects_end(acme: Directory, body: str) -> None:
    _asks_end(acme, "Subject: Access for 3 months\n\n" + body)


def test_the_bodys_end_wins_over_the_subjects(acme: Directory) -> None:
    _ends(acme, "Subject: Access for 3 months\n\n" + GIVE + " for a week.", WEEK)


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Chris - access for a year\n\nGive Tom Becker full access to Sales.",
        "Subject: Tom - 1 week\n\nGive Chris Lee full access to Sales.",
    ],
)
def test_a_subjects_end_for_someone_else_asks(acme: Directory, text: str) -> None:
    _asks_end(acme, text)


def test_a_subjects_end_never_goes_on_a_grant_the_body_says_is_permanent(acme: Directory) -> None:
    _asks_end(acme, "Subject: Access for a week\n\nChris Lee needs permanent send as on Billing")


def test_a_subjects_end_for_the_trustee_is_planned(acme: Directory) -> None:
    _ends(acme, "Subject: Tom - 1 week\n\n" + GIVE + ".", WEEK)


def test_the_same_period_as_last_time_asks(acme: Directory) -> None:
    _asks_end(
        acme,
        GIVE + " until Friday.\n\nGive Chris Lee full access to Billing for the same period as last time.",
    )


@pytest.mark.parametrize(
    "text",
    [
        GIVE + " <s>until Friday</s>.",
        GIVE + " for <s>a month</s>.",
        "<p>" + GIVE + " <del>until Friday</del></p>",
    ],
)
def test_an_end_struck_out_asks(acme: Directory, text: str) -> None:
    _asks_end(acme, text)


def test_an_end_struck_out_and_another_said_takes_the_other(acme: Directory) -> None:
    _ends(acme, GIVE + " <s>until Friday</s> until Monday.", "2026-03-10T00:00:00Z")


def test_struck_words_with_no_time_leave_the_grant_as_it_was(acme: Directory) -> None:
    _for_good(acme, GIVE + " <s>and Billing</s>.")
