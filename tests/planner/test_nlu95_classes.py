"""nlu95's classes (red team 59 U2 and U6): a grant whose request says anything about its time carries the
end read from it, or the end is asked; never a plan for good, nor one ending later than said. Planned and
resolved against the Acme directory at the corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready
from tests.planner.conftest import NOW, plan_of

GRACE = "grace.hopper@acme.com"
SALES = "Give Tom Becker full access to Sales"


@pytest.mark.parametrize(
    "tail",
    [
        # another language beside the grant: its words may hold an end or a negation
        "bis Freitag, bitte.",
        "für eine Woche.",
        "por una semana, por favor.",
        "pour une semaine, merci.",
        "per una settimana.",
        "nur heute.",
        "for 2 Tage.",
        "for deux semaines.",
        # a period of the business year, an event, a short span in words, said not to be for good
        "for Q2.",
        "during H1.",
        "during Q3 only.",
        "for Q4 please.",
        "for FY26.",
        "for the meeting.",
        "just for the call.",
        "for the onboarding.",
        "for a sec.",
        "briefly.",
        ", not permanent.",
        "(not permanently).",
        ", time-limited.",
        ". [temp]",
        "on Friday only.",
        # a unit written short, a count split by a colon or a decimal comma
        "for 7 d.",
        "for 2 h 30.",
        "for 2:30 hours.",
        "for 1,5 hours.",
        # two ends, neither said to be the one meant
        "for 7 days (until Friday).",
        "for 2 weeks (ends Friday).",
        "for 10 days, until Friday.",
        "for 2h30.",
        "pendant une semaine.",
    ],
)
def test_a_time_said_that_is_not_read_asks_the_end(acme: Directory, tail: str) -> None:
    status, steps, about = plan_of(acme, f"{SALES} {tail}", GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Subject: 1 week access\n\nGive Tom Becker full access to Sales.",
        "Subject: Temp send as\n\nLet Tom Becker send as Sales.",
        "Subject: RE: Sales access (for the audit week)\n\nGive Tom Becker full access to Sales.",
    ],
)
def test_a_length_said_only_in_the_subject_is_never_dropped(acme: Directory, text: str) -> None:
    status, _, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in about


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        (
            "Subject: Temporary access (1 week)\n\nGive Tom Becker full access to Sales.",
            "2026-03-09T09:00:00Z",
        ),
        ("Subject: Access until Friday\n\nGive Tom Becker full access to Sales.", "2026-03-07T00:00:00Z"),
        (
            "Subject: Access for Tom until Friday\n\nPlease give Tom Becker send as on Sales.",
            "2026-03-07T00:00:00Z",
        ),
    ],
)
def test_the_subject_lines_end_is_the_body_grants(acme: Directory, text: str, expires: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s.get("expires") for s in steps] == [expires]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        # markup and mail encodings around a length are taken off before it is read
        (f"{SALES} for *one week*.", "2026-03-09T09:00:00Z"),
        ("Give **Tom Becker** full access to **Sales** for __one week__.", "2026-03-09T09:00:00Z"),
        (f'{SALES} for "one week".', "2026-03-09T09:00:00Z"),
        (f"{SALES} for (one) week.", "2026-03-09T09:00:00Z"),
        (f"{SALES}&nbsp;for&nbsp;a&nbsp;week.", "2026-03-09T09:00:00Z"),
        (f"{SALES} for a =\nweek.", "2026-03-09T09:00:00Z"),
        # an ISO 8601 duration is exact
        (f"{SALES} for PT2H.", "2026-03-02T11:00:00Z"),
        (f"{SALES} for P1W.", "2026-03-09T09:00:00Z"),
        (f"{SALES} for P1DT12H.", "2026-03-03T21:00:00Z"),
        # the day said alone ends with it, as "today only" does
        (f"{SALES} only today.", "2026-03-03T00:00:00Z"),
        (f"{SALES} just today.", "2026-03-03T00:00:00Z"),
        # two ends, the sooner meant: the sooner (Friday 6 March ends at midnight)
        (f"{SALES} for a week or until Friday, whichever is sooner.", "2026-03-07T00:00:00Z"),
        (f"{SALES} for 2 hours, or until Friday, whichever comes first.", "2026-03-02T11:00:00Z"),
        # a courtesy word in another language holds no end: the length said in English is read
        (f"{SALES} for a week, bitte.", "2026-03-09T09:00:00Z"),
        ("Subject: Temporary access (1 week)\n\nGive Tom Becker full access to Sales for a week.", None),
    ],
)
def test_an_end_said_plainly_is_read(acme: Directory, text: str, expires: str | None) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["mailbox"] for s in steps] == ["sales@acme.com"]
    assert [s.get("expires") for s in steps] == [expires or "2026-03-09T09:00:00Z"]


@pytest.mark.parametrize(
    "text",
    [
        f"{SALES} for a week or until Friday, whichever is later.",
        f"{SALES} for a week (until Friday).",
    ],
)
def test_an_end_is_never_later_than_one_said(acme: Directory, text: str) -> None:
    status, _, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in about


@pytest.mark.parametrize(
    "text",
    [
        f"{SALES}, danke!",
        f"{SALES} por favor.",
        f"{SALES} permanently.",
        # ("for the audit", "for the Q1 campaign": an event the access is for ends with it, asked since nlu99)
        f"{SALES} for the meeting room bookings.",
        # a period naming what the access is for, not how long it lasts
        f"{SALES} for the Q1 budget.",
        f"{SALES} to prepare the FY26 budget.",
        "Subject: Access request\n\nGive Tom Becker full access to Sales.",
        "Christine Lee needs full access to the Billing mailbox today, month end",
    ],
)
def test_no_time_said_stays_a_grant_for_good(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert steps
    assert all("expires" not in s for s in steps)


@pytest.mark.parametrize(
    "text",
    ["Remove Tom Becker's full access to Sales, not permanent.", "Remove Tom Becker from all-sales for Q2."],
)
def test_a_removal_is_never_asked_an_end(acme: Directory, text: str) -> None:
    # only a change that gives access can outlast what was said; a removal has no end to lose
    _, steps, about = plan_of(acme, text, GRACE)
    assert "expires" not in about
    assert all(s["change"] in ("revoke", "remove") for s in steps)


def test_two_ends_are_both_said_back_in_the_question(acme: Directory) -> None:
    me = resolve(acme, GRACE)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(
        f"{SALES} for 7 days (until Friday).", requester=me, directory=acme
    )
    assert [q.about for q in draft.questions] == ["expires"]
    assert "'for 7 days and until Friday'" in draft.questions[0].text
