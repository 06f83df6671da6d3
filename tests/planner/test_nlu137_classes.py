"""nlu137's classes (red team 73 classes 1, 5/6/8 and 14): gender agreement never hands a he/she to a
bystander. A name's usual gender (given_names.tsv, classed only at p <= 0.06 / >= 0.94) may move a pronoun
off the one the reading by role chose only to someone another step of the plan is for or acts on, never to
one named only as context (who asked, who said it is fine); a pronoun carried to the one person named before
is asked when that person's given name is of the other gender; after a change between two people a pronoun
may both be, it is asked. Planned against the Acme directory at the corpus's fixed "now" (2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import agreement
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _for(steps: list[dict[str, object]]) -> set[object]:
    return {s.get("trustee") or s.get("member") for s in steps}


def test_only_confidently_gendered_names_rule_anyone_out() -> None:
    assert agreement.of_name("Liam") == "m"  # p(female) 0.031
    assert agreement.of_name("Emma") == "f"  # 0.992
    assert agreement.of_name("Jane") == "f"  # 0.949: wrong for one in twenty, within the 6 % rule
    for unknown in ("Sam", "Alex", "Chris", "Jordan", "Taylor"):
        assert agreement.of_name(unknown) is None, unknown


def test_a_her_stays_with_a_sam_and_never_goes_to_the_asker(acme: Directory) -> None:
    text = "Emma Wilson asked for this. Add Sam Taylor to all-sales and give her send as on sales@"
    steps = ready(acme, text, GRACE)
    assert _for(steps) == {"sam.taylor@acme.co.uk"}


@pytest.mark.parametrize(
    "text",
    [
        "Emma Wilson asked for this. Add Tom Becker to all-sales and give her send as on sales@",
        "Rachel Green said it's fine. Remove Tom Becker from all-sales and take away her send as on sales@",
        "Noah Davis asked for this. Give Christine Lee send as on sales@ and remove his full access to "
        "billing@",
        "Hi, Emma Wilson asked me to pass this on: give Tom Becker full access to finance@ and remove her "
        "from all-sales",
        "Ava Johnson asked for it. Give Tom Becker send as on sales@ and add her to all-sales",
    ],
)
def test_a_pronoun_the_one_changed_cannot_be_is_asked_never_given_to_who_asked(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions
    asker = {"emma.wilson@acme.com", "rachel.green@acme.com", "noah.davis@acme.com", "ava.johnson@acme.com"}
    assert not _for(steps) & asker


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        # the other way: the one who agrees is a party of the step before (the forwarding's source)
        ("Forward Liam Brown's mail to Emma Wilson and remove him from all-sales", "liam.brown@acme.com"),
        ("Forward Chris Lee's mail to Emma Wilson and remove him from all-sales", "chris.lee@acme.com"),
        ("Forward Tom Becker's mail to Emma Wilson and remove him from all-sales", "tom.becker@acme.com"),
    ],
)
def test_a_party_of_the_step_before_still_takes_the_pronoun(acme: Directory, text: str, removed: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["member"] for s in steps if s["action"] == "distribution_list_membership"] == [removed]


@pytest.mark.parametrize(
    "text",
    [
        "Add Emma Wilson to all-sales. He also needs send as on billing@",
        "Remove Emma Wilson from all-sales. He no longer needs send as on sales@ either",
        "Tom Becker starts Monday. She needs full access to sales@",
        "Tom Becker starts Monday, give her full access to sales@",
        "Hi Tom, please add Emma Wilson to all-sales. He needs send as on billing@ too",
        "Hi Grace, Tom Becker needs full access to sales@. She also needs send as",
    ],
)
def test_a_pronoun_carried_to_the_one_named_of_the_other_gender_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in questions
    assert not [s for s in steps if s["action"] in {"send_as", "mailbox_delegation"}]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Add Emma Wilson to all-sales. She also needs send as on billing@", "emma.wilson@acme.com"),
        ("Tom Becker starts Monday. He needs full access to sales@", "tom.becker@acme.com"),
    ],
)
def test_a_pronoun_that_agrees_is_still_carried(acme: Directory, text: str, who: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _for(steps) == {who}


@pytest.mark.parametrize(
    "text",
    [
        "Forward Tom Becker's mail to Chris Lee and remove him from all-sales",
        "Forward Emma Wilson's mail to Chris Lee and remove her from all-sales",
        "Give Chris Lee full access to Liam Brown's mailbox and remove him from all-sales",
    ],
)
def test_after_a_change_between_two_the_pronoun_may_both_be_it_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "member" in questions
    assert not [s for s in steps if s["action"] == "distribution_list_membership"]
