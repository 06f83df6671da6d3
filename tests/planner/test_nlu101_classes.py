"""nlu101's classes (red team 61): who a signature names, "under X", exclusions by surname, a misspelt name,
and a "me" whose signature names someone else. Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


# ---- part 2: a name with only a signature's lines under it is who wrote the request ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "<p>Remove Tom Becker from all-sales</p><div>Chris Lee</div><div>Sales Ops</div>",
        "<p>Remove Tom Becker from all-sales</p><p>Chris Lee<br>Sales Ops</p>",
        "Remove Tom Becker from all-sales\n\nChris Lee\nSales Ops",
        "Remove Tom Becker from all-sales.\nChris Lee - Sales Ops",
    ],
)
def test_a_signature_with_a_title_removes_neither_the_signer_nor_the_mailbox_it_names(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["change"], s["member"]) for s in steps] == [("remove", TOM)]


@pytest.mark.parametrize(
    "text",
    [
        "<div>Give Tom Becker full access to Sales</div>"
        "<div><div>Priya Patel</div><div>Head of Sales</div></div>",
        "<p>Give Tom Becker full access to Sales</p><p>Priya Patel<br>Sales Operations Manager<br>"
        "+44 20 7946 0958<br>www.acme.com</p>",
        "Give Tom Becker full access to Sales.\nPriya Patel (approver)",
        "Give Tom Becker full access to Sales.\n\nPriya Patel, Head of Sales\npriya.patel@acme.com",
    ],
)
def test_a_signature_with_a_title_or_role_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(TOM, "sales@acme.com")]


def test_a_table_whose_last_cell_is_an_approver_never_grants_the_approver(acme: Directory) -> None:
    text = (
        "<table><tr><td>Give full access to Sales</td></tr><tr><td>Tom Becker</td></tr>"
        "<tr><td>Priya Patel (approver)</td></tr></table>"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "priya.patel@acme.com" not in {s.get("trustee") for s in steps}
    assert status in {"ready", "needs_clarification"}


def test_a_name_the_request_is_left_open_for_is_still_granted(acme: Directory) -> None:
    # "to" at the line's end: the name under it is whom it is for, whatever line follows it
    status, steps, _ = plan_of(acme, "Give full access to Sales to\nChris Lee\nSales Ops", GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [("chris.lee@acme.com", "sales@acme.com")]


def test_a_line_that_says_more_than_a_title_is_no_signature(acme: Directory) -> None:
    # "needs it too" is no title: Chris is never dropped as a signer (asked, as before)
    status, _, questions = plan_of(
        acme, "Give Tom Becker full access to Sales.\nChris Lee\nneeds it too", GRACE
    )
    assert (status, questions) == ("needs_clarification", {"scope"})
