"""Red team 51 (fixed): a length said with an end the planner cannot read is asked, never dropped. Unread,
"for a decade" or "for one and a half years" plans the access for good (red team 49's years finding, for
wordings the years fix did not reach); "until June 2026" reads "June 20" out of the year and ends the
access on a day nobody said."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.draft import Draft
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW


def _draft(acme: Directory, text: str) -> Draft:
    grace = resolve(acme, "grace.hopper@acme.com")
    return RulesPlanner(now=fixed_now(NOW)).draft(text, requester=grace, directory=acme)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on billing@acme.com for a decade",
        "Give Tom send as on billing@acme.com for one and a half years",
        "Give Tom send as on billing@acme.com for 1 and a half years",
        "Give Tom send as on billing@acme.com for one and a half months",
        "Give Tom send as on billing@acme.com for 3y",
        "Give Tom full access to billing@acme.com for 2 fiscal years",
        "Add Tom Becker to Marketing for a decade",
        "Forward Mike's mail to Rachel for one and a half years",
    ],
)
def test_a_length_said_is_never_planned_for_good(acme: Directory, text: str) -> None:
    draft = _draft(acme, text)
    planned_for_good = draft.status == "ready" and any(not s.params.get("expires") for s in draft.steps)
    assert not planned_for_good, draft


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com until June 2026",
        "Give Tom full access to billing@acme.com until March 2027",
    ],
)
def test_a_month_and_year_is_not_read_as_a_day(acme: Directory, text: str) -> None:
    draft = _draft(acme, text)
    ends = [s.params.get("expires") for s in draft.steps]
    assert draft.status != "ready" or not any(isinstance(e, str) and e[8:10] == "21" for e in ends), draft


def test_a_year_and_a_half_is_not_a_year(acme: Directory) -> None:
    draft = _draft(acme, "Give Tom full access to billing@acme.com for a year and a half")
    assert draft.status == "needs_clarification", draft


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on billing@acme.com until 1 March",
        "Give Tom send as on billing@acme.com until February 28",
    ],
)
def test_a_day_just_passed_is_asked_not_read_as_next_year(acme: Directory, text: str) -> None:
    """Said on Monday 2 March: the end nearest is yesterday (or last week), which has passed; rolled to next
    year it plans a year of access for what was most likely meant as days."""
    draft = _draft(acme, text)
    assert draft.status == "needs_clarification", draft
