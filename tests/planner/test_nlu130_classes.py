"""nlu130's classes: red team 71's wrong ready plans of classes 3, 4 and 11 (people named as context are never
granted; conditions are never dropped). Planned and resolved against the Acme directory at the corpus's fixed
"now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
AVA = "ava.johnson@acme.com"
EMMA = "emma.wilson@acme.com"


def _who(steps: list[dict[str, object]]) -> list[object]:
    return sorted(str(s.get("trustee") or s.get("member")) for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales - confirmed with Mike.",
        "Give Tom Becker full access to Sales - checked with Mike already.",
        "Give Tom Becker full access to Sales - I asked Mike first.",
        "Give Tom Becker full access to Sales - Mike to cc.",
        "Give Tom Becker full access to Sales, please confirm to Mike when done.",
        "Give Tom Becker full access to Sales - I've checked with Mike.",
        "Give Tom Becker full access to Sales, I spoke to Mike about it.",
        "Give Tom Becker full access to Sales. Mike Smith has been consulted.",
        "Give Tom Becker full access to Sales - we ran it by Priya Patel already.",
        "Give Tom Becker full access to Sales (confirmed with Mike Smith).",
        "Give Tom Becker full access to Sales, reply to Mike when it's done.",
        "Give Tom Becker full access to Sales - Mike Smith to confirm receipt.",
        # (the one the change is for, told to confirm they have it: no approval still to come)
        "Give Tom Becker full access to Sales - Tom to confirm receipt.",
        # (kept working: an approval given, a copy, someone to be told)
        "Give Tom Becker full access to Sales, approved by Priya.",
        "Give Tom Becker full access to Sales, cc Mike.",
        "Give Tom Becker full access to Sales; Mike Smith to be informed.",
    ],
)
def test_one_consulted_or_told_is_never_a_trustee(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "sales@acme.com")]


def test_one_consulted_may_still_be_given_a_change_of_their_own(acme: Directory) -> None:
    steps = ready(
        acme, "Give Tom Becker full access to Sales, Mike to be cc'd, and add Mike to all-sales.", GRACE
    )
    assert _who(steps) == ["mike.smith@acme.com", TOM]
    assert [s["action"] for s in steps if s.get("member")] == ["distribution_list_membership"]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales; check with him first.",
        "Give Tom Becker full access to Sales; ask her first.",
        "Give Tom Becker full access to Sales after checking with Mike.",
        "Give Tom Becker full access to Sales, but check with Mike before you do.",
        "Give Tom Becker full access to Sales - Mike to sign off.",
        "Give Tom Becker full access to Sales - check with Mike first.",
        "Give Tom Becker full access to Sales - Mike to confirm.",
    ],
)
def test_a_check_still_to_come_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


def test_a_pronoun_after_the_one_consulted_is_asked(acme: Directory) -> None:
    status, steps, about = plan_of(
        acme, "Give Tom Becker full access to Sales; I talked to Mike, he wants send as too.", GRACE
    )
    assert status == "needs_clarification"
    assert "trustee" in about
    assert "mike.smith@acme.com" not in _who(steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Ava Johnson full access to sales@ to cover Emma Wilson's absence.",
        "Give Ava Johnson full access to sales@ to cover Emma Wilson while she's out.",
        "Give Ava Johnson send as on sales@ to stand in for Emma Wilson while she's away.",
        "Give Ava Johnson full access to sales@ to cover while she's out.",
    ],
)
def test_the_one_covered_for_is_never_granted_and_the_cover_is_asked_its_end(
    acme: Directory, text: str
) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert EMMA not in _who(steps)
    assert about == {"expires"}


def test_a_cover_told_with_no_absence_still_grants_the_coverer(acme: Directory) -> None:
    steps = ready(acme, "Give Ava Johnson full access to sales@ to cover for Emma Wilson.", GRACE)
    assert _who(steps) == [AVA]


@pytest.mark.parametrize(
    "text",
    [
        "Add Emma Wilson to sales@ full access when he replies from his holiday.",
        "Give Emma Wilson send as on sales@ when she replies from holiday.",
        "Give Emma Wilson full access to sales@ when she's back from holiday.",
        "Give Emma Wilson full access to sales@ once she's back.",
        "Give Emma Wilson full access to sales@ after Liam replies.",
        "Give Emma Wilson full access to sales@ when he replies.",
    ],
)
def test_a_reply_or_return_awaited_is_never_acted_on_now(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma Wilson send as on sales@ - she'll confirm when she replies from her holiday.",
        "Give Emma Wilson full access to sales@; she'll let us know when she is back.",
        "Give Emma Wilson send as on sales@, she gets an error when she replies from sales@.",
    ],
)
def test_a_wait_said_of_a_promise_or_a_situation_still_plans(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _who(steps) == [EMMA]
    assert [s["mailbox"] for s in steps] == ["sales@acme.com"]
