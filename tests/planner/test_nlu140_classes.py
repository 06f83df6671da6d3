"""nlu140's classes (red team 75 A, A3, A2): what a consulted person said after the aside ("I talked to Mike,
he refused", "I asked Mike first, he is yet to approve") decides whether the change goes ahead and never
makes the requester or the one consulted a grantee; a him after "Tom takes over" is never the one who left.
Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
TOM = "tom.becker@acme.com"
SALES = "sales@acme.com"
TOM_GRANT = [("mailbox_delegation", "grant", SALES, TOM)]


@pytest.mark.parametrize(
    "text",
    [
        # a refusal or a doubt said by the one consulted
        "Give Tom Becker full access to sales@ - I talked to Mike Smith, he refused",
        "Give Tom Becker full access to sales@ - I talked to Mike Smith, he isn't sure",
        "Give Tom Becker full access to sales@ - I checked with Mike Smith, he said hold on",
        "Give Tom Becker full access to sales@ - I talked to Mike Smith and he objected",
        "Give Tom Becker full access to sales@ - I ran it by Mike Smith, he says it's too risky",
        "Give Tom Becker full access to sales@ - I emailed Mike Smith, he said let's wait",
        "Give Tom Becker full access to sales@. I talked to Mike Smith, he refused.",
        "Give Tom Becker full access to sales@ - I spoke to Emma Wilson, she objected",
        "Can Tom Becker have full access to sales@? I checked with Mike Smith, he objected",
        # an agreement with a condition said after it
        "Give Tom Becker full access to sales@ - I checked with Mike Smith, he said it's fine but to wait "
        "until Monday",
        "Give Tom Becker full access to sales@ - I talked to Mike Smith, he's okay with it as long as it "
        "ends Friday",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he agreed if it's only for a week",
        # an approval still to come
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he is yet to approve",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he has to confirm",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he will sign off later today",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, his approval still to come",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, his ok is outstanding",
    ],
)
@pytest.mark.parametrize("requester", [GRACE, EMMA])
def test_what_the_one_consulted_said_is_asked_never_granted(
    acme: Directory, text: str, requester: str
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "needs_clarification", (status, steps)
    assert steps == []
    assert questions == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        # the one consulted agreeing: the change goes ahead for Tom alone
        "Give Tom Becker full access to sales@ - I talked to Mike Smith, he's okay with it",
        "Give Tom Becker full access to sales@ - I talked to Mike Smith, he agreed",
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he's fine with it",
        "Give Tom Becker full access to sales@ - I checked with Mike Smith, he said go ahead",
        # an aside with nothing said after it
        "Give Tom Becker full access to sales@ - I talked to Mike Smith",
    ],
)
def test_an_agreement_grants_the_one_asked_for_only(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    grants = [(s["action"], s["change"], s["mailbox"], s["trustee"]) for s in steps]
    assert (status, grants) == ("ready", TOM_GRANT), questions


@pytest.mark.parametrize(
    "text",
    [
        "Liam Brown left last Friday – Tom Becker takes over, give him full access to sales@ for two weeks",
        "Liam Brown left last Friday, Tom Becker takes over; give him full access to sales@",
        "Emma Wilson left last Friday – Ava Johnson takes over, give her full access to sales@",
        "Liam Brown is leaving - Tom Becker will take over, please give him full access to sales@",
    ],
)
def test_a_him_after_one_taking_over_is_never_the_one_who_left(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification", (status, steps)
    assert steps == []
    assert questions == {"trustee"}


def test_the_one_taking_over_named_in_its_own_sentence_is_granted(acme: Directory) -> None:
    text = "Liam Brown left. Tom Becker takes over. Give him full access to sales@"
    status, steps, questions = plan_of(acme, text, GRACE)
    grants = [(s["action"], s["change"], s["mailbox"], s["trustee"]) for s in steps]
    assert (status, grants) == ("ready", TOM_GRANT), questions


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ - I cc'd Mike Smith so he knows",
        "Give Tom Becker full access to sales@ - I copied Mike Smith so he is aware",
        "Give Tom Becker full access to sales@. Mike Smith is copied so he knows.",
    ],
)
def test_why_the_one_copied_is_told_never_makes_them_or_the_requester_a_trustee(
    acme: Directory, text: str
) -> None:
    # (asked or planned for Tom alone: the aside read as a request granted Grace and Mike too)
    status, steps, _ = plan_of(acme, text, GRACE)
    assert {s["trustee"] for s in steps} <= {"tom.becker@acme.com"}, steps
    assert status in {"ready", "needs_clarification"}


def test_one_copied_who_has_not_approved_is_still_asked(acme: Directory) -> None:
    text = "Give Tom Becker full access to sales@ - I cc'd Mike Smith, he knows but has not approved"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])
