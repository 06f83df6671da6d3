"""An end the planner reads must be one mailwarden can keep: a length in years is a length (it was no unit,
so "for 2 years" planned the access for good), and an end already past or more than a year ahead is asked
about, never planned (red team 49)."""

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
        "Give Tom full access to billing@acme.com for 2 years",
        "Add Tom Becker to Marketing for three years",
        "Give Tom send as on billing@acme.com until 2099-12-31",
        "Give Tom send as on billing@acme.com for 18 months",
        "Give Tom send as on billing@acme.com until 2020-01-01",
    ],
)
def test_an_end_out_of_range_is_asked_never_planned(acme: Directory, text: str) -> None:
    draft = _draft(acme, text)
    assert draft.status == "needs_clarification", draft
    assert [q.about for q in draft.questions] == ["expires"]
    assert "year" in draft.message or "passed" in draft.message


def test_a_year_is_within_range_and_ends(acme: Directory) -> None:
    draft = _draft(acme, "Give Tom send as on billing@acme.com for a year")
    assert draft.status == "ready", draft
    [step] = draft.steps
    assert step.params["expires"] == "2027-03-02T09:00:00+00:00"
