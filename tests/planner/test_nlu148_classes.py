"""nlu148's classes (red team 76): the one asked for on whose behalf someone asks is the one who gets it, the
one consulted's reply plans only when it agrees to the whole, and what a part is said to be (held, refused,
agreed alone) is never granted with the rest. Planned and resolved against the Acme directory at the
corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
TOM = "tom.becker@acme.com"
LIAM = "liam.brown@acme.com"


def _members(steps: list[dict[str, object]]) -> set[object]:
    return {s.get("trustee", s.get("member")) for s in steps}


# N1: "I'm asking on behalf of Tom to get ...": Tom is the one to get it, never the writer
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("I'm asking on behalf of Tom to get full access to sales@acme.com", TOM),
        ("I'm asking on behalf of Tom to get send as on sales@acme.com", TOM),
        ("I'm asking on behalf of Liam to get added to all-sales", LIAM),
        ("I am requesting on behalf of Liam to be removed from all-sales", LIAM),
        ("Hi, asking on behalf of my colleague Tom to get full access to sales@acme.com please", TOM),
    ],
)
def test_asking_on_behalf_to_get_is_for_the_one_named(acme: Directory, text: str, who: str) -> None:
    status, steps, _ = plan_of(acme, text, EMMA)
    assert status != "ready" or _members(steps) == {who}, (status, steps)
    assert all(s["action"] != "send_on_behalf" for s in steps)
    assert EMMA not in _members(steps)


def test_asking_on_behalf_of_someone_to_add_him_never_adds_the_writer(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "I'm asking on behalf of Tom to add him to all-sales", EMMA)
    assert EMMA not in _members(steps)


def test_asking_for_oneself_still_plans(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "I'm asking to get full access to sales@acme.com", EMMA)
    assert status == "ready", (status, steps)
    assert _members(steps) == {EMMA}


# N2/N3: the one consulted's bare reply plans only when it agrees to the whole
@pytest.mark.parametrize(
    "reply",
    ["not sure", "unsure", "pending", "still waiting", "waiting", "dunno", "hmm", "maybe", "no reply yet"],
)
def test_a_reply_that_is_no_agreement_asks(acme: Directory, reply: str) -> None:
    status, steps, _ = plan_of(acme, f"Give Tom full access to sales@acme.com - asked Mike, {reply}", GRACE)
    assert status == "needs_clarification", (status, steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@acme.com and finance@acme.com - asked Mike, sure for sales",
        "Give Tom full access to sales@acme.com and finance@acme.com - asked Mike, ok for sales",
        (
            "Give Tom full access to sales@acme.com and finance@acme.com"
            " - checked with Mike, he gave the ok for sales"
        ),
        (
            "Give Tom full access to sales@acme.com and finance@acme.com"
            " - checked with Mike, he's on board with sales"
        ),
        "Add Tom to all-sales and Marketing - asked Priya, ok for all-sales",
        "Give Tom full access and send as on sales@acme.com - asked Mike, ok for full access",
    ],
)
def test_an_agreement_naming_a_part_never_plans_the_other(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready", steps


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@acme.com - asked Mike, sure",
        "Give Tom full access to sales@acme.com - asked Mike, he's fine with it",
        "Give Tom full access to sales@acme.com - checked with Mike, he gave the ok",
        "Give Tom full access to sales@acme.com and finance@acme.com - asked Mike, sure",
    ],
)
def test_a_known_agreement_still_plans(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready", (status, steps)
    assert _members(steps) == {TOM}


# N4: "the <user> mailbox <address> and <another>": the user is never a trustee
@pytest.mark.parametrize(
    "text",
    [
        "Give Grace Hopper full access to the Former Employee mailbox pat.gone@acme.com and billing@acme.com",
        "Give Grace Hopper full access to the Former Employee mailbox pat.gone@acme.com and the Billing box",
        "Give Tom full access to the Former Employee mailbox pat.gone@acme.com and sales@acme.com",
    ],
)
def test_owner_mailbox_then_address_and_another_never_makes_the_owner_a_trustee(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "pat.gone@acme.com" not in _members(steps)
    assert status != "ready", steps


def test_owner_mailbox_then_address_alone_still_plans(acme: Directory) -> None:
    text = "Give Tom full access to the Former Employee mailbox pat.gone@acme.com, please"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(TOM, "pat.gone@acme.com")]


# O1/O2/O3: an approval of one part, or a part held, never lets the other part (or the approver) be granted
@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@acme.com and finance@acme.com - Mike gave the ok for sales",
        "Give Tom full access to sales@acme.com and finance@acme.com - Mike approved sales",
        "Give Tom full access to sales@acme.com and finance@acme.com - Mike's fine with sales",
        "Give Tom full access to sales@acme.com and finance@acme.com - Mike said fine for sales, not finance",
        "Give Tom full access to sales@acme.com and billing@acme.com, no billing",
        "Give Tom full access to sales@acme.com and billing@acme.com. No to billing.",
        "Give Tom full access to sales@acme.com and finance@acme.com. Don't do finance until Mike confirms.",
        "Give Tom full access to sales@acme.com and finance@acme.com but finance only once approved",
        "Add Tom to all-sales and give him full access to sales@acme.com. Sales mailbox pending.",
    ],
)
def test_a_part_approved_alone_or_held_is_never_planned_with_the_rest(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready", steps
    assert "mike.smith@acme.com" not in _members(steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@acme.com - Mike approved sales",
        "Give Tom full access to sales@acme.com and finance@acme.com - Mike approved both",
        "Give Tom full access to sales@acme.com and billing@acme.com, no rush",
    ],
)
def test_an_approval_of_the_whole_still_plans_tom_alone(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready", (status, steps)
    assert _members(steps) == {TOM}


# O4: a length someone set another time is no trustee and no silent end
@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com - last time Ava limited it to a week",
        "Give Tom full access to billing@acme.com permanently - Ava limited it to a week last time",
        "Give Tom full access to billing@acme.com - Ava limited hers to a week",
    ],
)
def test_a_length_set_another_time_asks_when_it_ends(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert "ava.johnson@acme.com" not in _members(steps)
    assert status == "needs_clarification", (status, steps)
    assert "expires" in questions


# O5: a right still needed by someone else is never granted to them
def test_a_right_still_needed_by_another_is_no_grant(acme: Directory) -> None:
    text = "Remove Tom's full access and send as on sales@acme.com; send as is still needed by Liam"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert not any(s["change"] == "grant" for s in steps)
    assert status != "ready"


# N5: "should come from X, not Y" of someone other than the writer: asked, never Y granted silently
@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Give Tom and Liam send as on sales@acme.com - it should come from Tom, not Liam", GRACE),
        ("Give Tom and Liam send as on sales@acme.com - should come from Sales, not Liam", GRACE),
        ("could Liam and I get send as on sales@acme.com? Quotes should come from Sales, not Liam.", EMMA),
    ],
)
def test_sent_from_not_someone_else_asks(acme: Directory, text: str, requester: str) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status != "ready", steps


def test_sent_from_not_me_still_plans(acme: Directory) -> None:
    text = "could I get send as on sales@acme.com? Quotes should come from Sales, not me."
    status, steps, _ = plan_of(acme, text, EMMA)
    assert status == "ready"
    assert _members(steps) == {EMMA}
