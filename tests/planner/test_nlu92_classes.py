"""nlu92's classes (red team 57, planner findings P2-P5 and LOW), beyond the negation entries.

P3: a part said on hold or pending in any clause of its own is never granted: after a comma beside another
part's status, with "still" or "the ... part", or named by a surname said alone after the person's full name.
P4: "Actually, leave X as is / in / untouched", or several parts at once, keeps each as it is; said before the
request it holds the same part; said of a part the request never names, it is asked (keep, or go?).
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import people, ready, targets
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Give Tom Becker full access to Billing and Finance. Finance approved, Billing on hold.", "billing"),
        (
            "Give Tom Becker full access to Billing and Finance. Billing approved; Finance still pending.",
            "finance",
        ),
        ("Give Tom Becker full access to Billing and Finance. The Billing part is on hold.", "billing"),
        ("Give Tom Becker full access to Billing and Support. Billing is still on hold.", "billing"),
        ("Give Tom Becker full access to Billing and Sales. Actually, leave Sales as is.", "sales"),
        ("Give Tom Becker full access to Billing and Support. Actually, leave Support untouched.", "support"),
    ],
)
def test_a_part_held_is_never_granted(acme: Directory, text: str, held: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert f"{held}@acme.com" not in targets(steps)
    assert status in {"ready", "needs_clarification"}


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Give Tom Becker and Chris Lee full access to Billing. Lee on hold.", "chris.lee@acme.com"),
        ("Give Ava Johnson and Chris Lee send as on Support. Johnson on hold.", "ava.johnson@acme.com"),
        (
            "Remove Tom Becker and Sam Taylor from all-sales. Actually, leave Sam Taylor in.",
            "sam.taylor@acme.co.uk",
        ),
        (
            "Remove Ava Johnson and Chris Lee from all-sales. Actually, leave Lee where he is.",
            "chris.lee@acme.com",
        ),
    ],
)
def test_a_person_held_or_kept_by_surname_gets_no_change(acme: Directory, text: str, held: str) -> None:
    _status, steps, _ = plan_of(acme, text, GRACE)
    assert held not in people(steps)
    assert steps, "the other person's change is still planned"


def test_a_leading_leave_holds_that_part_and_never_touches_the_requester(acme: Directory) -> None:
    steps = ready(acme, "Actually, leave Marketing. Remove Tom Becker from all-sales and Marketing.", GRACE)
    assert people(steps) == {TOM}
    assert targets(steps) == {"all-sales@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker is leaving; remove him from all-sales. Actually, leave Marketing.",
        "Tom Becker should leave all-sales. Actually, leave Marketing.",
        "Add Tom Becker and Sam Taylor to all-sales. Sales on hold.",
        "Give Tom Becker full access to sales@acme.com. Sales on hold.",
    ],
)
def test_a_status_of_a_part_the_request_does_not_name_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not steps


def test_a_status_of_an_unrelated_part_keeps_the_request(acme: Directory) -> None:
    steps = ready(acme, "Add Tom Becker to Marketing. Sales on hold.", GRACE)
    assert targets(steps) == {"marketing@acme.com"}


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Give Tom Becker full access to Sales for a one-week period.", "2026-03-09T09:00:00Z"),
        ("Give Tom Becker full access to Sales for a two-week stint.", "2026-03-16T09:00:00Z"),
        ("Give Tom Becker full access to Sales for another hour.", "2026-03-02T10:00:00Z"),
    ],
)
def test_a_plain_length_is_read(acme: Directory, text: str, end: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s.get("expires") for s in steps] == [end]


@pytest.mark.parametrize(
    "tail",
    [
        "for the hr week",
        "for a week-hr",
        "for the shift",
        "for the night shift",
        "- hour only",
        "for a day or two",
        "for an hour or two",
        "for the next few hours",
        "for the hour-long call",
        "for office hours today",
        "for the hours of the review",
        "over the coming weeks",
    ],
)
def test_a_length_said_and_not_read_is_asked_never_for_good(acme: Directory, tail: str) -> None:
    status, steps, questions = plan_of(acme, f"Give Tom Becker full access to Sales {tail}.", GRACE)
    assert status == "needs_clarification"
    assert "expires" in questions
    assert not any(s.get("change") == "grant" and "expires" not in s for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Grant Tom Becker full access to billing@acme.com for 2 weeks and send as on support@acme.com",
        # ("for the month-end close": an event, its end asked since nlu99; a task it serves is not)
        "Give Tom Becker full access to Billing for the month-end run",
    ],
)
def test_a_length_another_step_took_or_an_event_is_not_asked(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert "expires" not in questions
    assert status == "ready"


@pytest.mark.parametrize(
    "text",
    [
        "Remove Sam Taylor from all-sales; Tom Becker was removed by mistake so add him back.",
        "Remove Sam Taylor from all-sales; Tom Becker was removed so please put him back.",
    ],
)
def test_an_add_back_after_a_past_removal_is_never_dropped(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    added = {s.get("member") for s in steps if s.get("change") == "add"}
    assert status == "needs_clarification" or added == {TOM}


def test_a_removal_told_by_mistake_beside_another_removes_neither_the_teller_nor_the_one_told(
    acme: Directory,
) -> None:
    text = "I removed Tom Becker from all-sales by mistake; also remove Sam Taylor from all-sales."
    status, steps, _ = plan_of(acme, text, GRACE)
    removed = {s.get("member") for s in steps if s.get("change") == "remove"}
    assert status == "needs_clarification"
    assert not removed & {TOM, GRACE}


def test_a_past_removal_with_nothing_asked_after_it_stays_a_story(acme: Directory) -> None:
    steps = ready(acme, "Remove Tom Becker from Marketing - Ava Johnson was removed last week.", GRACE)
    assert people(steps) == {TOM}


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("Give Tom Becker and Chris Lee full access to Billing, but not Lee.", "chris.lee@acme.com"),
        ("Give Tom Becker and Sam Taylor full access to Billing, except Taylor.", "sam.taylor@acme.co.uk"),
        ("Give Tom Becker and Sam Taylor full access to Billing, but not Becker.", TOM),
    ],
)
def test_a_surname_ruled_out_is_the_person_named_in_full(acme: Directory, text: str, out: str) -> None:
    steps = ready(acme, text, GRACE)
    assert out not in people(steps)
    assert len(people(steps)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Ava Johnson is taking over the night shift. Please give her send as on support@acme.com",
        "Noah Davis took over the weekend shift, give him full access to sales@acme.com",
        "Liam Brown handed over the day shift to Emma Wilson; Emma needs send on behalf for info@acme.com",
    ],
)
def test_a_shift_taken_over_is_the_reason_not_the_length(acme: Directory, text: str) -> None:
    # "over" is the verb's ("take over", "hand over"): who covers, not how long the grant lasts
    steps = ready(acme, text, GRACE)
    assert steps
    assert all("expires" not in s for s in steps)


def test_a_grant_said_to_last_over_the_shift_is_asked(acme: Directory) -> None:
    status, _, questions = plan_of(
        acme, "Give Ava Johnson send as on support@acme.com over the night shift", GRACE
    )
    assert status == "needs_clarification"
    assert "expires" in questions
