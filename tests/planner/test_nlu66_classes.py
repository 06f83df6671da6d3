"""nlu66's classes (red team 46), beyond the negation.yaml entries: a right said to be enough after a removal
is the one kept; names or mailboxes said to be enough or instead after a change that gives are all that is
left of their kind; the same said after a removal, or as a me/him/her, is asked. Planned and resolved against
the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

TOM, AVA, KEN = "tom.becker@acme.com", "ava.johnson@acme.com", "ken.adams@acme.com"
CHRIS = "chris.lee@acme.com"

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Remove Chris's full access on support@acme.com, send as is enough",
        "Remove Chris's full access on support@acme.com; send as is enough for him",
        "Remove Chris's full access to support@acme.com, send as will do for now",
        "Revoke Chris's full access on support@acme.com - well, send as suffices",
        "Remove Chris's full access on support@acme.com but send as is plenty",
        "Remove Chris's full access on support@acme.com - send as is all she needs",
        "Remove Chris's full access on support@acme.com, she can make do with send as",
    ],
)
def test_a_right_said_to_be_enough_after_a_removal_is_kept(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "mailbox", "trustee") == [
        ("mailbox_delegation", "revoke", "support@acme.com", CHRIS)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the right said to be enough is also one the removal names: which stands is not said
        "Remove Chris's send as and full access on support@acme.com, send as will do",
        # "instead" after a removal: the other right to go, or the one to keep?
        "Take Chris's full access to support@acme.com away - send on behalf instead",
        # names said to be enough after a removal: only they to lose, or they to keep?
        "Remove Tom and Ava from Marketing, hmm, Ava is enough",
        "Remove Tom from billing@acme.com and support@acme.com - billing@acme.com is enough",
    ],
)
def test_what_a_removal_says_is_enough_is_asked_when_it_may_be_what_goes(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


def test_a_level_said_to_be_enough_after_a_dash_keeps_the_calendar_share_at_that_level(
    acme: Directory,
) -> None:
    steps = ready(
        acme, "Maria Garcia no longer needs editor on Olivia Martin's calendar - reviewer will do", GRACE
    )
    assert [(s["change"], s.get("access")) for s in steps] == [("grant", "reviewer")]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com - Ava instead",
        "Give Tom full access to billing@acme.com; Ava instead please",
        "Give Tom full access to billing@acme.com. Ava rather.",
        "Give Tom full access to billing@acme.com, hmm, Ava will do",
        "Give Tom and Ava full access to billing@acme.com - Ava will do",
        "Give Tom and Ava full access to billing@acme.com, just Ava is enough",
        "Give Tom full access to billing@acme.com - make that Ava",
        "Give Tom full access to billing@acme.com - Ava rather, not Tom",
        "Give Tom full access to billing@acme.com, scratch Tom, Ava",
        "Give Tom full access to billing@acme.com - Ava can have it instead",
        "Give Tom full access to billing@acme.com; let's go with Ava instead",
        "Give Tom full access to billing@acme.com, Ava's plenty",
        "Give Tom and Ava full access to billing@acme.com; only Ava",
        "Give Tom and Ava full access to billing@acme.com - just Ava wants it",
    ],
)
def test_a_person_said_instead_or_to_be_enough_is_the_only_one_given(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "billing@acme.com", AVA)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@ and support@, hmm, billing@ is enough",
        "Give Tom full access to billing@ and support@ actually just billing@",
        "Give Tom full access to billing@acme.com and support@acme.com - billing@acme.com will do",
        "Give Tom full access to support@acme.com - billing@acme.com instead",
        "Give Tom full access to billing@acme.com and support@acme.com. Only billing@acme.com is required.",
    ],
)
def test_a_mailbox_said_instead_or_to_be_enough_is_the_only_one_given(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "mailbox", "trustee") == [("billing@acme.com", TOM)]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com - me instead",
        "Give Tom full access to billing@acme.com - him instead",
        "Give Tom full access to billing@acme.com, her will do",
        "Remove Tom from Marketing - me instead",
        # names said instead with more after them: what they replace, and what else, is not read
        "Give Tom full access to billing@acme.com; Ava instead, until Friday",
        # after a removal, in his place or as well? (nlu60's question, with the thanks after it)
        "Take Tom off Marketing - Ava instead, thank you",
        # "instead of him": whom "him" is, is not read (no genders known)
        "Give Tom full access to billing@acme.com, Ava instead of him",
    ],
)
def test_a_pronoun_or_more_said_instead_is_asked_never_added(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


@pytest.mark.parametrize(
    "text",
    [
        "Tom and Ava need full access to billing@acme.com",
        "Give Tom and Ava full access to billing@acme.com",
        "Give Tom full access to billing@acme.com - Ava needs it too",
        "Give Tom and Ava full access to billing@acme.com; one mailbox is enough",
    ],
)
def test_two_people_named_without_a_fix_both_get_it(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["trustee"] for s in steps) == sorted([TOM, AVA])


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com - his manager Ava will do the rest",
        "Give Tom full access to billing@acme.com, Ava said that is enough",
    ],
)
def test_a_person_told_about_with_will_do_or_enough_is_no_fix(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["trustee"] for s in steps] == [TOM]


def test_only_a_name_after_a_removal_narrows_it(acme: Directory) -> None:
    assert ready_tuples(acme, "Remove Tom and Ava from Marketing; only Ava", GRACE, "change", "member") == [
        ("remove", AVA)
    ]


def test_only_a_short_list_name_after_no_is_still_read_as_the_list(acme: Directory) -> None:
    # "Phoenix" names nothing until read as "Project Phoenix": the fix is read through the "no" cue
    steps = ready(acme, "Add Ava Johnson to Project Phoenix and Project Atlas - no, only Atlas", GRACE)
    assert [s["group"] for s in steps] == ["project-atlas@acme.com"]
