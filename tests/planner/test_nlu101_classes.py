"""nlu101's classes (red team 61): who a signature names, "under X", exclusions by surname, a misspelt name,
and a "me" whose signature names someone else. Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import draft_status, resolve_draft
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import NOW, plan_of

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
    assert ready_tuples(acme, text, GRACE, "change", "member") == [("remove", TOM)]


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
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "sales@acme.com")]


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
    assert ready_tuples(
        acme, "Give full access to Sales to\nChris Lee\nSales Ops", GRACE, "trustee", "mailbox"
    ) == [("chris.lee@acme.com", "sales@acme.com")]


def test_a_line_that_says_more_than_a_title_is_no_signature(acme: Directory) -> None:
    # "needs it too" is no title: Chris is never dropped as a signer (asked, as before)
    status, _, questions = plan_of(
        acme, "Give Tom Becker full access to Sales.\nChris Lee\nneeds it too", GRACE
    )
    assert (status, questions) == ("needs_clarification", {"scope"})


# ---- part 4: exclusions by surname, and people after "without" -----------------------------------------

ALL_THREE = "Remove Tom Becker, Chris Lee and Emma Wilson from all-sales, "


@pytest.mark.parametrize(
    ("ruling_out", "removed"),
    [
        ("without Lee.", ["emma.wilson@acme.com", TOM]),
        ("leaving Lee.", ["emma.wilson@acme.com", TOM]),
        ("but Lee stays.", ["emma.wilson@acme.com", TOM]),
        ("but Lee can stay.", ["emma.wilson@acme.com", TOM]),
        ("but not Becker or Lee.", ["emma.wilson@acme.com"]),
        ("without Chris Lee.", ["emma.wilson@acme.com", TOM]),
        ("without Chris Lee or Emma Wilson.", [TOM]),
    ],
)
def test_a_surname_or_a_person_ruled_out_is_kept(
    acme: Directory, ruling_out: str, removed: list[str]
) -> None:
    steps = ready(acme, ALL_THREE + ruling_out, GRACE)
    assert sorted(s["member"] for s in steps) == removed


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Remove all members of all-sales but not Patel.", {"priya.patel@acme.com"}),
        (
            "Remove all members of all-sales but not Johnson or Wilson.",
            {"ava.johnson@acme.com", "emma.wilson@acme.com"},
        ),
        ("Remove all members of all-sales except Patel.", {"priya.patel@acme.com"}),
    ],
)
def test_a_surname_ruled_out_of_everyone_is_the_tenants_one_person_of_that_name(
    acme: Directory, text: str, kept: set[str]
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    removed = {s["member"] for s in steps}
    assert status == "ready"
    assert len(removed) >= 6
    assert not removed & kept


def test_a_surname_of_two_people_ruled_out_is_asked(acme: Directory) -> None:
    assert asks(acme, "Give Chris Lee and Christine Lee full access to Sales, but not Lee.", GRACE) == {
        "scope"
    }


@pytest.mark.parametrize(
    "text",
    [
        "Remove all members of all-sales, ohne Chris Lee.",
        "Remove all members of all-sales - bar Chris Lee",
        "Remove all members of all-sales, save Chris Lee",
    ],
)
def test_an_exception_in_rarer_words_never_removes_the_one_excepted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "chris.lee@acme.com" not in {s.get("member") for s in steps}
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    ("text", "steps_said"),
    [
        # "without" before a right, or a way of doing it, is no exclusion of people
        ("Give Tom Becker send as on Sales without full access.", [("send_as", TOM)]),
        ("Give Tom Becker full access to Sales without automapping.", [("mailbox_delegation", TOM)]),
        # a surname that rules no one out stays as said
        ("Add Tom Becker and Chris Lee to all-sales.", [("distribution_list_membership", TOM)]),
    ],
)
def test_without_before_anything_but_people_is_read_as_before(
    acme: Directory, text: str, steps_said: list[tuple[str, str]]
) -> None:
    steps = ready(acme, text, GRACE)
    got = {(s["action"], s.get("trustee") or s.get("member")) for s in steps}
    assert set(steps_said) <= got


# ---- part 3: "under X" -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales under the Billing cost centre.",
        "Give Tom Becker full access to Sales, charged to the Billing budget.",
        "Give Tom Becker full access to Sales under the Billing cost center, thanks.",
        "Give Tom Becker full access to Sales under Billing.",
    ],
)
def test_where_the_cost_is_booked_is_no_mailbox_granted(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "sales@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give everyone under Priya Patel full access to Sales.",
        "Give everyone reporting to Priya Patel full access to Sales.",
        "Give all staff who report to Priya full access to Sales.",
        "Add Priya Patel's direct reports to all-sales.",
    ],
)
def test_the_people_under_someone_are_asked_and_never_that_someone(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


def test_a_request_made_under_someone_still_grants_the_one_named(acme: Directory) -> None:
    # "under Priya" after the request says whose authority it is (nlu94): Tom is granted, Priya is not
    assert ready_tuples(
        acme, "Give Tom Becker full access to Sales under Priya.", GRACE, "trustee", "mailbox"
    ) == [(TOM, "sales@acme.com")]


# ---- part 5: a misspelt name given to is asked, never a possessive ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give Ethan Parks send as on Sales",
        "Give Ethan Parks full access to Sales",
        "Grant Ethan Parks send on behalf on Sales",
        "Let Ethan Parks send as Sales",
    ],
)
def test_a_misspelt_name_given_a_right_is_asked_with_the_one_meant(acme: Directory, text: str) -> None:
    me = resolve(acme, GRACE)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    assert draft_status(draft, resolved)[0] == "needs_clarification"
    (question,) = resolved.questions
    assert question.about == "trustee"
    assert [c.address for c in question.candidates] == ["ethan.park@acme.com"]


def test_a_possessive_without_its_apostrophe_still_owns_what_is_taken(acme: Directory) -> None:
    # "Remove olivia martins send as": the right is hers, taken away (no verb of giving before the name)
    assert ready_tuples(acme, "Remove olivia martins send as on Sales", GRACE, "action", "trustee") == [
        ("send_as", "olivia.martin@acme.com")
    ]


# ---- part 6: "me" in a request signed by someone other than the sender -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give me full access to Sales.\n\nThanks,\nTom Becker",
        "Please add me to all-sales\n\nCheers,\nTom Becker\nSales Ops",
        "Can I get send as on Billing?\n\nRegards,\nChris Lee\n+44 20 7946 0958",
    ],
)
def test_me_signed_by_another_person_is_asked_never_planned_for_the_sender(
    acme: Directory, text: str
) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


@pytest.mark.parametrize(
    "text",
    [
        "Give me full access to Sales.\n\nThanks,\nGrace Hopper",
        "Give me full access to Sales.\n\nThanks,\nGrace",
        "Give me full access to Sales.\n\nThanks!",
    ],
)
def test_me_signed_by_the_sender_or_unsigned_is_the_sender(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(GRACE, "sales@acme.com")]


def test_a_request_for_someone_named_signed_by_another_is_read_as_before(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Give Tom Becker full access to Sales.\n\nThanks,\nChris Lee", GRACE, "trustee", "mailbox"
    ) == [(TOM, "sales@acme.com")]


@pytest.mark.parametrize("word", ["keep", "except", "but keep", "leaving"])
def test_a_name_under_a_word_of_ruling_out_is_kept_never_a_sign_off(acme: Directory, word: str) -> None:
    text = f"Remove Tom Becker and Chris Lee from all-sales, {word}\nChris Lee"
    steps = ready(acme, text, GRACE)
    assert [s["member"] for s in steps] == [TOM]
